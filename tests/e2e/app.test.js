// The web app in real headless Chromium, against the built dist/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { serve, browser, open, screenshot, fixture, dist, axeViolations, overflow } from './harness.js';

let server;
let b;

before(async () => {
  server = await serve();
  b = await browser();
});

after(async () => {
  await b?.close();
  await server?.close();
});

/** The app on an empty review: no drafts in local storage or IndexedDB. */
async function freshPage() {
  const page = await b.page();
  await open(page, server.url);
  await page.evaluate(
    () =>
      new Promise((done) => {
        localStorage.clear();
        const req = indexedDB.deleteDatabase('redis-advisor');
        req.onsuccess = req.onerror = req.onblocked = () => done();
      }),
  );
  await page.reload();
  await page.waitForSelector('#paste');
  assert.equal(await page.inputValue('#paste'), '');
  return page;
}

test('a pasted real INFO + CONFIG GET gives findings with evidence', async () => {
  const page = await freshPage();
  const text = (await fixture('defaults', 'info.txt')) + '\n' + (await fixture('defaults', 'config-raw.txt'));
  await page.fill('#paste', text);
  const card = page.locator('article.finding', { has: page.locator('code.rule-id', { hasText: 'maxmemory-unset' }) });
  await card.waitFor({ timeout: 10000 });
  const evidence = await card.locator('.evidence pre').innerText();
  assert.match(evidence, /maxmemory/);
  assert.match(await page.locator('.recognized summary').innerText(), /INFO from Redis 7\.0\.15/);
  assert.match(await page.locator('.recognized summary').innerText(), /CONFIG GET \(redis-cli --raw\), 192 parameters/);
  await screenshot(page, 'review');
});

test('a file picked from disk is analyzed with the paste', async () => {
  const page = await freshPage();
  const conf = 'bind 0.0.0.0\nprotected-mode no\n';
  await page.setInputFiles('#file-picker', { name: 'redis.conf', mimeType: 'text/plain', buffer: Buffer.from(conf) });
  await page.locator('code.rule-id', { hasText: 'unauthenticated-exposed' }).waitFor({ timeout: 10000 });
  assert.match(await page.locator('.files').innerText(), /redis\.conf/);
});

test('a 10 MB paste stays responsive, shows progress and keeps the text whole', async () => {
  const page = await freshPage();
  // One server's INFO grown to 10 MB with command statistics.
  let big = await fixture('defaults', 'info.txt');
  const lines = [];
  for (let i = 0; big.length + lines.length * 80 < 10 * 1024 * 1024; i++) {
    lines.push(`cmdstat_cmd${i}:calls=${i},usec=1,usec_per_call=1.00,rejected_calls=0,failed_calls=0`);
  }
  big += '\n' + lines.join('\n') + '\n';
  const result = await page.evaluate(async (t) => {
    // Frame gaps: how long the page could not paint, from the paste to the
    // findings, and after the paste event (copying 10 MB into the page) returned.
    let longest = 0;
    let longestAfter = 0;
    let pasted = Infinity;
    let last = performance.now();
    let running = true;
    const tick = () => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      if (last >= pasted) longestAfter = Math.max(longestAfter, now - last);
      last = now;
      if (running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    let sawProgress = false;
    const seen = new MutationObserver(() => {
      if (document.querySelector('.progress')?.textContent.includes('Analyzing')) sawProgress = true;
    });
    seen.observe(document.body, { subtree: true, childList: true, characterData: true });
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    const area = document.querySelector('#paste');
    area.focus();
    area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    pasted = performance.now();
    await new Promise((resolve) => {
      // The INFO it holds was read (a finding may be left from an earlier test's files).
      const check = () => (document.querySelector('.recognized')?.textContent.includes('INFO from') ? resolve() : setTimeout(check, 20));
      check();
    });
    running = false;
    seen.disconnect();
    return { longest, longestAfter, sawProgress, boxLength: area.value.length };
  }, big);
  assert.ok(result.sawProgress, 'a status said the analysis was running');
  assert.equal(await page.getAttribute('html', 'data-analysis'), 'worker', 'the analysis ran in the worker');
  assert.equal(result.boxLength, 0, 'the paste box does not lay out 10 MB of text');
  // The text is read into the page a slice at a time and analyzed in the
  // worker: the page keeps painting from the paste to the findings.
  console.log(`longest frame gap: ${result.longest.toFixed(0)} ms, after the paste event: ${result.longestAfter.toFixed(0)} ms`);
  assert.ok(result.longestAfter < 250, `the page went ${result.longestAfter.toFixed(0)} ms without a frame during the analysis`);
  assert.ok(result.longest < 300, `the page went ${result.longest.toFixed(0)} ms without a frame`);
  const files = await page.locator('.files').innerText();
  assert.match(files, /pasted text 1 \(1\d\.\d+ MiB\)/);
  // Every line was read: the INFO block holds the fixture's lines and every added one.
  const summary = await page.locator('.recognized').innerText();
  assert.match(summary, /INFO from Redis 7\.0\.15/);
  assert.match(summary, new RegExp(`, ${big.split('\n').length - 1} lines`));
  // The worker's report is the whole report: findings with their evidence from the paste.
  const finding = page.locator('article.finding', { has: page.locator('code.rule-id', { hasText: 'maxmemory-unset' }) });
  assert.match(await finding.locator('.evidence pre').innerText(), /pasted text 1:\d+ \| maxmemory:0/);
  await screenshot(page, 'large-paste');
});

test('a file dropped on the page is analyzed', async () => {
  const page = await freshPage();
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['appendonly yes\nappendfsync always\n'], 'dropped.conf', { type: 'text/plain' }));
    const zone = document.querySelector('.dropzone');
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await page.locator('code.rule-id', { hasText: 'appendfsync-always' }).waitFor({ timeout: 10000 });
});

test('a finding links to its guide heading, and Back returns to the review with the paste intact', async () => {
  const page = await freshPage();
  const text = '# Memory\nused_memory:1000\nmaxmemory:0\n';
  await page.fill('#paste', text);
  const card = page.locator('article.finding', { has: page.locator('code.rule-id', { hasText: 'maxmemory-unset' }) });
  await card.locator('a.guide-link').click();
  await page.waitForURL(/\/guides\/memory\.html#maxmemory$/);
  await page.waitForSelector('article.guide h2#maxmemory');
  const inView = await page.evaluate(() => {
    const r = document.getElementById('maxmemory').getBoundingClientRect();
    return r.top > -2 && r.top < window.innerHeight;
  });
  assert.ok(inView, 'the heading is scrolled into view');
  await screenshot(page, 'guide');
  await page.goBack();
  await page.waitForSelector('#paste');
  await page.waitForFunction((t) => document.querySelector('#paste').value === t, text);
  await card.waitFor({ timeout: 10000 });
});

test('keyboard only: paste, reach a finding\'s guide link, follow it', async () => {
  const page = await freshPage();
  // Tab (never a click) until the paste box has the focus.
  const tabTo = async (matches, limit) => {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(matches)) return i + 1;
    }
    const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80));
    throw new Error('never reached by Tab: ' + matches.toString() + '; focus at ' + at);
  };
  // Other tests' pages are open in the same browser: keyboard focus goes to the front one.
  await page.bringToFront();
  // A reload puts the start of Tab navigation back at the top of the document.
  await page.reload();
  await page.waitForSelector('#paste');
  await tabTo(() => document.activeElement?.id === 'paste', 30);
  await page.keyboard.type('# Memory\nused_memory:1000\nmaxmemory:0\n');
  await page.locator('code.rule-id', { hasText: 'maxmemory-unset' }).waitFor({ timeout: 10000 });
  const presses = await tabTo(() => {
    const a = document.activeElement;
    return a?.matches('a.guide-link') && a.closest('article.finding')?.textContent.includes('maxmemory-unset');
  }, 80);
  // The focused link shows a focus ring.
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/guides\/memory\.html#maxmemory$/);
  await page.waitForSelector('article.guide h2#maxmemory');
  assert.ok(presses > 0);
});

test('every guide link the app shows lands on a heading of the built guides', async () => {
  const page = await freshPage();
  const text = (await fixture('defaults', 'info.txt')) + (await fixture('defaults', 'config-raw.txt'));
  await page.fill('#paste', text + 'appendonly yes\nappendfsync always\nbind 0.0.0.0\nprotected-mode no\n');
  await page.locator('article.finding').first().waitFor();
  const hrefs = new Set(await page.$$eval('a[href^="guides/"]', (as) => as.map((a) => a.getAttribute('href'))));
  await page.goto(server.url + '#/plan');
  await page.waitForSelector('.plan');
  await page.click('text=Mixed app');
  await page.locator('.split-note').waitFor();
  for (const h of await page.$$eval('a[href^="guides/"]', (as) => as.map((a) => a.getAttribute('href')))) hrefs.add(h);
  assert.ok(hrefs.size > 10, `${hrefs.size} guide links`);
  assert.ok(hrefs.has('guides/what-to-paste.html'), 'the paste box links to what to paste');
  for (const href of hrefs) {
    const [file, anchor] = href.split('#');
    const html = await readFile(join(dist, file), 'utf8');
    if (anchor) assert.match(html, new RegExp(`<h[1-6] id="${anchor}">`), href);
  }
});

test('pasted HTML is shown as text, never run', async () => {
  const page = await freshPage();
  const hostile = '<script>window.__xss = 1</script>\n<img src=x onerror="window.__xss = 2">\nmaxmemory-policy "<img src=x onerror=window.__xss=3>"\n';
  await page.fill('#paste', hostile);
  await page.locator('.diagnostics').waitFor({ timeout: 10000 });
  assert.match(await page.locator('.diagnostics').innerText(), /<img src=x onerror=window\.__xss=3>/);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(await page.locator('main img').count(), 0);
});

test('a reload keeps the draft', async () => {
  const page = await freshPage();
  await page.fill('#paste', 'maxmemory 1gb\n');
  await page.waitForTimeout(400);
  await page.reload();
  await page.waitForSelector('#paste');
  assert.equal(await page.inputValue('#paste'), 'maxmemory 1gb\n');
});

test('no request leaves the page after it has loaded', async () => {
  const page = await b.page();
  await open(page, server.url);
  const before = b.requests.length;
  const text = (await fixture('acl', 'info.txt')) + (await fixture('acl', 'config-json.txt'));
  await page.fill('#paste', text);
  await page.locator('.summary').waitFor();
  await page.click('.top nav a[href="#/plan"]');
  await page.waitForSelector('.plan');
  await page.goBack();
  await page.waitForSelector('#paste');
  const after = b.requests.slice(before).filter((u) => !u.startsWith('blob:') && !u.startsWith('data:'));
  // Navigating within the fragment must not reload anything.
  assert.deepEqual(after, []);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /connect-src 'self'/);
  assert.match(csp, /default-src 'none'/);
});

test('the app works from a sub-path', async () => {
  const sub = await serve(undefined, '/tools/redis-advisor/');
  try {
    const page = await b.page();
    await open(page, sub.url);
    await page.fill('#paste', 'appendonly yes\nappendfsync always\n');
    await page.locator('code.rule-id', { hasText: 'appendfsync-always' }).waitFor({ timeout: 10000 });
  } finally {
    await sub.close();
  }
});

test('accessibility: no serious or critical axe violations', async () => {
  const page = await freshPage();
  await page.fill('#paste', (await fixture('defaults', 'info.txt')) + (await fixture('defaults', 'config-raw.txt')));
  await page.locator('article.finding').first().waitFor();
  assert.deepEqual(await axeViolations(page), [], 'review');
  await page.goto(server.url + '#/plan');
  await page.waitForSelector('.plan');
  await page.click('text=Mixed app');
  await page.locator('.split-note').waitFor();
  assert.deepEqual(await axeViolations(page), [], 'plan');
});

test('no errors in the console', () => {
  assert.deepEqual(b.errors, []);
});

test('the inferred workload is shown and can be corrected', async () => {
  const page = await freshPage();
  const info = '# Server\nredis_version:7.0.15\nuptime_in_seconds:864000\n# Memory\nused_memory:104857600\nmaxmemory:1073741824\nmaxmemory_policy:noeviction\n# Commandstats\ncmdstat_evalsha:calls=300,usec=1\ncmdstat_bzpopmin:calls=300,usec=1\ncmdstat_xadd:calls=300,usec=1\n';
  await page.fill('#paste', info);
  await page.locator('.workload-summary').waitFor();
  assert.match(await page.locator('.workload-summary').innerText(), /inferred from INFO\): BullMQ queues/);
  assert.equal(await page.locator('code.rule-id', { hasText: 'cache-and-queue-together' }).count(), 0);
  await page.check('#use-cache');
  await page.locator('code.rule-id', { hasText: 'cache-and-queue-together' }).waitFor({ timeout: 5000 });
  assert.match(await page.locator('.workload-summary').innerText(), /stated/);
  await page.click('text=Use what INFO suggests');
  await page.waitForFunction(() => !document.querySelector('.workload-summary').innerText.includes('stated'));
});

test('plan page: a preset gives a memory chart and a configuration', async () => {
  const page = await b.page();
  await page.goto(server.url + '#/plan');
  await page.waitForSelector('.plan');
  await page.click('text=Mixed app');
  await page.locator('.split-note').waitFor();
  const instances = page.locator('article.instance');
  assert.equal(await instances.count(), 2);
  assert.match(await instances.first().locator('pre').innerText(), /maxmemory-policy noeviction/);
  assert.match(await instances.nth(1).locator('pre').innerText(), /maxmemory-policy allkeys-lru/);
  assert.ok((await page.locator('figure.chart svg rect.bar').count()) > 2);
  await instances.first().locator('button[role=tab]', { hasText: 'CONFIG SET' }).click();
  assert.match(await instances.first().locator('pre').innerText(), /CONFIG SET maxmemory-policy noeviction/);
  await page.fill('#memory', '256mb');
  await page.locator('#memory').dispatchEvent('change');
  await page.locator('.does-not-fit').first().waitFor();
  await screenshot(page, 'plan');
});

test('a share link restores the paste and carries no secret', async () => {
  const page = await freshPage();
  const paste = 'requirepass hunter2-very-secret\nbind 0.0.0.0\nprotected-mode no\nmasterauth other-very-secret\n';
  await page.fill('#paste', paste);
  await page.locator('article.finding').first().waitFor();
  await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await page.click('text=Copy share link');
  const url = await page.inputValue('#share-url');
  assert.ok(url.includes('#/share/'));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url, 'the link was copied');
  assert.ok(!url.includes('hunter2'));
  assert.match(await page.locator('.share').innerText(), /Redacted before sharing: .*requirepass.*masterauth/);
  // A fresh page opens the link.
  await page.evaluate(() => localStorage.clear());
  await page.goto('about:blank');
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('#paste')?.value.includes('bind 0.0.0.0'));
  const restored = await page.inputValue('#paste');
  assert.ok(restored.includes('requirepass <redacted>'));
  assert.ok(!restored.includes('hunter2') && !restored.includes('other-very-secret'));
  assert.equal(new URL(page.url()).hash, '#/');
});

test('a link packed elsewhere opens; a broken one or a deflate bomb says so and leaves the draft alone', async () => {
  const page = await freshPage();
  // Raw deflate from another implementation (Node's zlib) reads the same.
  const state = { paste: 'maxmemory 2gb\nmaxmemory-policy noeviction\n', files: [], workload: null };
  const link = (obj) => deflateRawSync(Buffer.from(JSON.stringify(obj))).toString('base64url');
  await page.goto(`${server.url}#/share/${link(state)}`);
  await page.waitForFunction(() => document.querySelector('#paste')?.value.includes('maxmemory 2gb'));
  // A shared file larger than local storage holds (about 5 MB) is shown whole all the same.
  const large = { paste: '', files: [['large.conf', `maxmemory 3gb\n${'# padding\n'.repeat(800000)}`]], workload: null };
  await page.goto('about:blank');
  await page.goto(`${server.url}#/share/${link(large)}`);
  await page.locator('.files', { hasText: 'large.conf' }).waitFor({ timeout: 20000 });
  assert.equal(await page.inputValue('#paste'), '');
  const stored = await page.evaluate(() => (localStorage.getItem('redis-advisor.files') ?? '').includes('large.conf'));
  assert.equal(stored, false, 'local storage had no room for it');
  await page.goto('about:blank');
  await page.goto(`${server.url}#/share/${link(state)}`);
  await page.waitForFunction(() => document.querySelector('#paste')?.value.includes('maxmemory 2gb'));
  // A state whose paste is 100 MiB of spaces, packed into about 100 KB: refused
  // past 64 MiB unpacked, the draft kept.
  const big = Buffer.concat([Buffer.from('{"paste":"'), Buffer.alloc(100 << 20, 0x20), Buffer.from('"}')]);
  const packedBig = deflateRawSync(big, { level: 9 });
  const bomb = packedBig.toString('base64url');
  for (const data of [bomb, 'not-a-link!', link('a string, not a state').slice(0, 10)]) {
    await page.goto('about:blank');
    await page.goto(`${server.url}#/share/${data}`);
    await page.locator('.share-failed', { hasText: 'could not be opened' }).waitFor();
    await page.click('text=Go to the review');
    await page.waitForFunction(() => document.querySelector('#paste'));
    assert.equal(await page.inputValue('#paste'), state.paste, 'the draft is unchanged');
  }
  assert.equal(await page.locator('.crash').count(), 0);
  // The unpacking itself stops at its limit instead of filling memory.
  const module = (await readdir(join(dist, 'snippets'), { recursive: true })).find((f) => f.endsWith('compress.js'));
  const sizes = await page.evaluate(
    async ([url, packed]) => {
      const { inflate } = await import(url);
      const bytes = Uint8Array.from(atob(packed), (c) => c.charCodeAt(0));
      return [(await inflate(bytes, 64 << 20))?.length, (await inflate(bytes, 128 << 20))?.length];
    },
    [`${server.url}snippets/${module}`, packedBig.toString('base64')],
  );
  assert.deepEqual(sizes, [undefined, big.length]);
});

test('a crash in the page shows a notice, and a reload brings the draft back', async () => {
  const page = await freshPage();
  const text = '# Memory\nused_memory:1000\nmaxmemory:0\n';
  await page.fill('#paste', text);
  await page.locator('code.rule-id', { hasText: 'maxmemory-unset' }).waitFor({ timeout: 10000 });
  const thrown = await page.evaluate(() => {
    try {
      window.wasmBindings.simulate_crash();
      return null;
    } catch (e) {
      return String(e);
    }
  });
  assert.ok(thrown, 'the panic stops the WebAssembly call');
  const notice = page.locator('.crash[role=alert]');
  await notice.waitFor({ timeout: 5000 });
  assert.match(await notice.innerText(), /internal error[\s\S]*simulated crash/);
  await screenshot(page, 'crash');
  await notice.locator('a', { hasText: 'Reload the page' }).click();
  await page.waitForSelector('#paste');
  assert.equal(await page.inputValue('#paste'), text);
  await page.locator('code.rule-id', { hasText: 'maxmemory-unset' }).waitFor({ timeout: 10000 });
});

/** One server's INFO grown with command statistics to `bytes`. */
async function grownInfo(bytes) {
  let big = await fixture('defaults', 'info.txt');
  const lines = [];
  for (let i = 0; big.length + lines.length * 80 < bytes; i++) {
    lines.push(`cmdstat_cmd${i}:calls=${i},usec=1,usec_per_call=1.00,rejected_calls=0,failed_calls=0`);
  }
  return big + '\n' + lines.join('\n') + '\n';
}

test('a paste and a file of 2 MiB or more survive a visit to a guide and Back', async () => {
  const page = await freshPage();
  const pasted = await grownInfo(3 << 20);
  const file = 'maxmemory-policy allkeys-lru\n' + '# padding\n'.repeat(250000);
  await page.setInputFiles('#file-picker', { name: 'large.conf', mimeType: 'text/plain', buffer: Buffer.from(file) });
  await page.locator('.files', { hasText: 'large.conf' }).waitFor();
  await page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    const area = document.querySelector('#paste');
    area.focus();
    area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, pasted);
  await page.locator('.files', { hasText: 'pasted text 1' }).waitFor({ timeout: 20000 });
  const card = page.locator('article.finding', { has: page.locator('code.rule-id', { hasText: 'maxmemory-unset' }) });
  await card.waitFor({ timeout: 20000 });
  // Both inputs analyzed (the findings stop moving), then the link.
  await page.waitForFunction(
    () => !document.querySelector('.progress') && document.querySelector('.recognized')?.textContent.includes('pasted text 1 lines'),
    undefined,
    { timeout: 20000 },
  );
  const files = await page.locator('.files').innerText();
  await card.locator('a.guide-link').click();
  await page.waitForURL(/guides\/memory\.html#maxmemory$/);
  await page.goBack();
  await page.waitForSelector('#paste');
  await page.locator('.files', { hasText: 'pasted text 1' }).waitFor({ timeout: 20000 });
  assert.equal(await page.locator('.files').innerText(), files, 'both inputs are back, whole');
  await card.waitFor({ timeout: 20000 });
  assert.match(await card.locator('.evidence pre').innerText(), /pasted text 1:\d+ \| maxmemory:0/);
  // And a reload too; Clear forgets them.
  await page.reload();
  await page.locator('.files', { hasText: 'large.conf' }).waitFor({ timeout: 20000 });
  await page.click('text=Clear');
  await page.waitForFunction(() => !document.querySelector('.files'));
  await page.waitForTimeout(300);
  await page.reload();
  await page.waitForSelector('#paste');
  await page.waitForTimeout(1000);
  assert.equal(await page.locator('.files').count(), 0, 'cleared inputs stay cleared');
});

test('the review and the plan keep their inputs when switching between them', async () => {
  const page = await freshPage();
  await page.fill('#paste', 'appendonly yes\nappendfsync always\n');
  await page.locator('code.rule-id', { hasText: 'appendfsync-always' }).waitFor();
  await page.click('.top nav a[href="#/plan"]');
  await page.click('text=Mixed app');
  await page.fill('#memory', '3gb');
  await page.locator('#memory').dispatchEvent('change');
  await page.click('.top nav a[href="#/"]');
  assert.equal(await page.inputValue('#paste'), 'appendonly yes\nappendfsync always\n');
  await page.click('.top nav a[href="#/plan"]');
  assert.equal(await page.inputValue('#memory'), '3gb');
  assert.equal(await page.locator('article.instance').count(), 2, 'still the mixed app');
});

test('the plan form shows a value it cannot read instead of dropping it', async () => {
  const page = await b.page();
  await page.goto(server.url + '#/plan');
  await page.waitForSelector('.plan');
  await page.click('text=BullMQ queue');
  await page.fill('#memory', '4gb');
  await page.locator('#memory').dispatchEvent('change');
  await page.fill('#memory', 'four gigs');
  await page.locator('#memory').dispatchEvent('change');
  await page.locator('#memory-error').waitFor();
  assert.equal(await page.inputValue('#memory'), 'four gigs', 'the text stays as typed');
  assert.equal(await page.getAttribute('#memory', 'aria-invalid'), 'true');
  assert.match(await page.locator('#memory-error').innerText(), /still uses 4gb/);
  await page.fill('#memory', '2gb');
  await page.locator('#memory').dispatchEvent('change');
  await page.waitForFunction(() => !document.querySelector('#memory-error'));
  assert.equal(await page.getAttribute('#memory', 'aria-invalid'), null);
});

test('at phone width (390 px) nothing overflows the review or the plan', async () => {
  const page = await freshPage();
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await page.fill('#paste', (await fixture('defaults', 'info.txt')) + 'maxmemory 1gb\n');
    await page.locator('.summary figure.memory').waitFor();
    let o = await overflow(page);
    assert.equal(o.px, 0, `review: ${o.culprits.join(', ')}`);
    await screenshot(page, 'review-phone');
    await page.goto(server.url + '#/plan');
    await page.click('text=Mixed app');
    await page.locator('.split-note').waitFor();
    o = await overflow(page);
    assert.equal(o.px, 0, `plan: ${o.culprits.join(', ')}`);
    await screenshot(page, 'plan-phone');
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
});

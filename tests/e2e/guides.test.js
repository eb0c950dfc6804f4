// The guides as static pages (dist/guides/), in headless Chromium: readable
// without JavaScript, accessible, searchable, printable, and reached from the
// app's former guide addresses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, browser, screenshot, axeViolations, overflow } from './harness.js';

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

test('a guide page renders with JavaScript disabled, and needs only its own files', async () => {
  const off = await browser({ javaScriptEnabled: false });
  try {
    const page = await off.page();
    await page.goto(server.url + 'guides/memory.html#fragmentation');
    assert.equal(await page.locator('article.guide h1').innerText(), 'Memory sizing');
    assert.ok(await page.locator('article.guide h2#fragmentation').isVisible());
    assert.ok((await page.locator('nav.sidebar a').count()) > 15, 'the sidebar lists the guides');
    assert.ok(await page.locator('nav.toc a[href="#fragmentation"]').isVisible(), 'a table of contents');
    assert.ok(await page.locator('nav.pager a[rel=next]').isVisible(), 'a next page');
    // The stylesheet applied: the sidebar sits beside the text.
    const columns = await page.evaluate(() => getComputedStyle(document.querySelector('.layout')).gridTemplateColumns);
    assert.equal(columns.split(' ').length, 2, columns);
    // Without a script there is no search box, and nothing else is missing.
    assert.equal(await page.locator('#search-input').count(), 0);
    await screenshot(page, 'guide-no-javascript');
    const urls = off.requests.filter((u) => !u.startsWith('data:'));
    const own = urls.every((u) => u.startsWith(server.url + 'guides/'));
    assert.ok(own, urls.join('\n'));
    assert.deepEqual(off.errors, []);
  } finally {
    await off.close();
  }
});

test('a guide page with its script makes no request beyond its own files', async () => {
  const page = await b.page();
  const before = b.requests.length;
  await page.goto(server.url + 'guides/rules/maxmemory-unset.html');
  await page.waitForSelector('#search-input');
  await page.fill('#search-input', 'eviction');
  await page.locator('#search-results a').first().waitFor();
  const urls = b.requests.slice(before).filter((u) => !u.startsWith('data:'));
  assert.deepEqual(
    [...new Set(urls.map((u) => u.slice(server.url.length)))].sort(),
    ['guides/guides.css', 'guides/rules/maxmemory-unset.html', 'guides/search.js'],
  );
});

test('search finds a heading and leads to it', async () => {
  const page = await b.page();
  await page.goto(server.url + 'guides/index.html');
  await page.fill('#search-input', 'fragmentation');
  await page.locator('#search-results a', { hasText: 'Fragmentation' }).first().click();
  await page.waitForURL(/guides\/memory\.html#fragmentation$/);
  await page.waitForSelector('h2#fragmentation');
  await page.fill('#search-input', 'zzzz-nothing');
  await page.locator('.search [role=status]', { hasText: 'Nothing found' }).waitFor();
});

test('the former #/guide/ addresses lead to the guide pages', async () => {
  const page = await b.page();
  await page.goto(server.url + '#/guide/rules/maxmemory-unset.md#maxmemory-unset');
  await page.waitForURL(/guides\/rules\/maxmemory-unset\.html#maxmemory-unset$/);
  await page.waitForSelector('h1#maxmemory-unset');
  await page.goto(server.url + '#/guide/memory.md#maxmemory');
  await page.waitForURL(/guides\/memory\.html#maxmemory$/);
  await page.goto(server.url + '#/guide');
  await page.waitForURL(/guides\/index\.html$/);
  // From a sub-path too, and when the address changes inside an open app.
  const sub = await serve(undefined, '/tools/advisor/');
  try {
    await page.goto(sub.url + '#/');
    await page.waitForSelector('#paste');
    await page.evaluate(() => {
      location.hash = '#/guide/security.md';
    });
    await page.waitForURL(/\/tools\/advisor\/guides\/security\.html$/);
  } finally {
    await sub.close();
  }
});

test('keyboard: skip to the page, then through its links', async () => {
  const page = await b.page();
  await page.bringToFront();
  await page.goto(server.url + 'guides/eviction.html');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
  assert.ok(await page.locator('a.skip').isVisible(), 'the skip link shows when focused');
  await page.keyboard.press('Enter');
  assert.match(page.url(), /#content$/);
  await page.keyboard.press('Tab');
  const inMain = await page.evaluate(() => Boolean(document.activeElement.closest('main')));
  assert.ok(inMain, 'the next Tab is inside the page');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
});

test('accessibility: no serious or critical axe violations on guide pages', async () => {
  const page = await b.page();
  for (const path of ['guides/index.html', 'guides/memory.html', 'guides/what-to-paste.html', 'guides/rules/index.html', 'guides/rules/eviction-unsafe-for-workload.html']) {
    for (const colorScheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme });
      await page.goto(server.url + path);
      await page.waitForSelector('#search-input');
      assert.deepEqual(await axeViolations(page), [], `${path} (${colorScheme})`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
});

test('light and dark themes follow the system; print hides the navigation', async () => {
  const page = await b.page();
  await page.goto(server.url + 'guides/memory.html');
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await background();
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await background();
  assert.notEqual(light, dark);
  await page.emulateMedia({ media: 'print', colorScheme: 'light' });
  assert.equal(await page.locator('nav.sidebar').isVisible(), false);
  assert.equal(await page.locator('nav.pager').isVisible(), false);
  assert.ok(await page.locator('article.guide h1').isVisible());
  await page.emulateMedia({ media: 'screen' });
});

test('what to paste: each block of commands has a copy button', async () => {
  const page = await b.page();
  await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
  await page.goto(server.url + 'guides/what-to-paste.html');
  const blocks = page.locator('article pre');
  assert.ok((await blocks.count()) >= 8);
  assert.equal(await page.locator('article pre button.copy').count(), await blocks.count());
  const docker = page.locator('article pre', { hasText: 'docker exec -e REDISCLI_AUTH' });
  await docker.locator('button.copy').click();
  await docker.locator('button.copy', { hasText: 'Copied' }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, await docker.locator('code').evaluate((c) => c.textContent));
  assert.ok(!copied.includes('Copy'));
});

test('at phone width a guide page does not overflow', async () => {
  const page = await b.page();
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    for (const path of ['guides/what-to-paste.html', 'guides/rules/index.html', 'guides/memory.html']) {
      await page.goto(server.url + path);
      const o = await overflow(page);
      assert.equal(o.px, 0, `${path}: ${o.culprits.join(', ')}`);
    }
    await screenshot(page, 'guide-phone');
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
});

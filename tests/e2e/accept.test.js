// Accepting a finding with a reason, in real headless Chromium against the built dist/:
// listed apart, kept in the drafts and in share links (redacted), back with a notice
// when the evidence changes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, browser, open, screenshot } from './harness.js';

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
  return page;
}

// Hand-written: a lab server behind the lab's firewall, no password, AOF on every write.
const LAB = 'bind 0.0.0.0\nprotected-mode no\nappendonly yes\nappendfsync always\n';
const REASON = 'lab server behind the lab firewall; reached as redis://app:hunter2-very-secret@lab:6379';

function card(page, id) {
  return page.locator('article.finding', { has: page.locator('code.rule-id', { hasText: id }) });
}

test('a finding accepted with a reason is listed apart, kept, shared redacted, and back when its evidence changes', async () => {
  const page = await freshPage();
  await page.fill('#paste', LAB);
  const exposed = card(page, 'unauthenticated-exposed');
  await exposed.waitFor({ timeout: 10000 });
  assert.match(await page.locator('.summary .counts').innerText(), /1 critical/);

  await exposed.locator('details.accept summary').click();
  await exposed.locator('details.accept input').fill(REASON);
  await exposed.locator('details.accept button[type=submit]').click();

  const accepted = page.locator('section.accepted');
  await accepted.waitFor();
  assert.equal(await card(page, 'unauthenticated-exposed').count(), 0, 'no longer among the findings');
  const text = await accepted.innerText();
  assert.match(text, /Accepted \(1\)/);
  assert.match(text, /unauthenticated-exposed/);
  assert.ok(text.includes(`Accepted: ${REASON}`), text);
  const counts = await page.locator('.summary .counts').innerText();
  assert.match(counts, /0 critical/);
  assert.match(counts, /1 accepted/);
  await screenshot(page, 'accepted');

  // The drafts keep it across a reload.
  await page.waitForTimeout(400);
  await page.reload();
  await page.locator('section.accepted').waitFor({ timeout: 10000 });
  assert.equal(await card(page, 'unauthenticated-exposed').count(), 0);

  // A share link carries it, its reason redacted like the paste.
  await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await page.click('text=Copy share link');
  const url = await page.inputValue('#share-url');
  assert.match(await page.locator('.share').innerText(), /Redacted before sharing: .*reason/);
  await page.evaluate(() => localStorage.clear());
  await page.goto('about:blank');
  await page.goto(url);
  await page.locator('section.accepted').waitFor({ timeout: 10000 });
  const shared = await page.locator('section.accepted').innerText();
  assert.ok(shared.includes('lab server behind the lab firewall'), shared);
  assert.ok(!shared.includes('hunter2') && !url.includes('hunter2'), shared);

  // The evidence changes (every interface now): the finding is back, with a notice.
  await page.fill('#paste', LAB.replace('bind 0.0.0.0', 'bind * -::*'));
  await card(page, 'unauthenticated-exposed').waitFor({ timeout: 10000 });
  const notices = page.locator('section.acceptance-notices');
  await notices.waitFor();
  assert.match(await notices.innerText(), /evidence changed/);
  assert.equal(await page.locator('section.accepted').count(), 0);
  assert.match(await page.locator('.summary .counts').innerText(), /1 critical/);
  await screenshot(page, 'acceptance-notice');

  // Forgetting the acceptance removes the notice.
  await notices.locator('button', { hasText: 'Forget this acceptance' }).click();
  await page.waitForFunction(() => !document.querySelector('section.acceptance-notices'));
});

test('stop accepting puts the finding back among the findings', async () => {
  const page = await freshPage();
  await page.fill('#paste', LAB);
  const aof = card(page, 'appendfsync-always');
  await aof.waitFor({ timeout: 10000 });
  // No reason, no acceptance.
  await aof.locator('details.accept summary').click();
  assert.ok(await aof.locator('details.accept button[type=submit]').isDisabled());
  await aof.locator('details.accept input').fill('fsync on every write is what this benchmark measures');
  await aof.locator('details.accept input').press('Enter');
  await page.locator('section.accepted').waitFor();
  assert.equal(await card(page, 'appendfsync-always').count(), 0);
  await page.locator('section.accepted button', { hasText: 'Stop accepting' }).click();
  await card(page, 'appendfsync-always').waitFor({ timeout: 10000 });
  assert.equal(await page.locator('section.accepted').count(), 0);
});

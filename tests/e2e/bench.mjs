// Web app figures for docs/performance.md: the transfer size of the app and of
// the guide pages (gzip -9), checked against their budgets (exit 1 when one is
// exceeded; `--size-only` stops there), and, in headless Chromium, the time from a pasted real INFO + CONFIG GET to the
// first findings, and for a 10 MB paste. Run after scripts/web-build.sh:
//   node tests/e2e/bench.mjs
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { serve, browser, open, dist, fixture } from './harness.js';

// The budgets (docs/performance.md#web): what the app downloads before it can
// be used, and one guide page with what it loads.
const APP_BUDGET = 250_000;
const GUIDE_BUDGET = 40_000;

// Every file of dist/, with wasm-bindgen's snippets/ folder and the guides.
const files = [];
for (const f of await readdir(dist, { recursive: true })) {
  if (!f.split('/').some((part) => part.startsWith('.')) && (await stat(join(dist, f))).isFile()) files.push(f);
}
const gzipped = new Map();
for (const f of files) {
  const body = await readFile(join(dist, f));
  gzipped.set(f, [body.length, gzipSync(body, { level: 9 }).length]);
}
const guide = (f) => f.startsWith('guides/');
const name = (f) => f.replace(/-[0-9a-f]{12,16}/g, '-<hash>');
// The app's first load: its HTML, scripts (the analysis worker's too: it starts
// while the app loads), WebAssembly and CSS.
let raw = 0;
let gz = 0;
console.log('The app\'s first load:\n\n| file | bytes | gzip -9 |\n| --- | --- | --- |');
for (const f of files.filter((f) => !guide(f) && /\.(html|js|wasm|css)$/.test(f)).sort()) {
  const [r, z] = gzipped.get(f);
  raw += r;
  gz += z;
  console.log(`| ${name(f)} | ${r} | ${z} |`);
}
console.log(`| total | ${raw} | ${gz} (${(gz / 1024).toFixed(1)} KiB) |\n`);
const budgets = [];
budgets.push(['app first load', gz, APP_BUDGET]);

// A guide page: its HTML, the stylesheet and the search script.
const shared = gzipped.get('guides/guides.css')[1] + gzipped.get('guides/search.js')[1];
const pages = files.filter((f) => guide(f) && f.endsWith('.html')).map((f) => [f, gzipped.get(f)[1] + shared]);
pages.sort((a, b) => b[1] - a[1]);
const total = (xs) => xs.reduce((n, [, z]) => n + z, 0);
console.log(`Guide pages: ${pages.length}; guides.css ${gzipped.get('guides/guides.css')[1]} B and search.js ${gzipped.get('guides/search.js')[1]} B gzip, loaded by each;`);
console.log(`a page with both: largest ${pages[0][1]} B (${pages[0][0]}), median ${pages[Math.floor(pages.length / 2)][1]} B; all pages ${total(pages) - shared * (pages.length - 1)} B gzip\n`);
budgets.push([`largest guide page (${pages[0][0]}) with its CSS and script`, pages[0][1], GUIDE_BUDGET]);
for (const [what, bytes, budget] of budgets) {
  const ok = bytes <= budget;
  console.log(`budget: ${what}: ${bytes} B gzip of ${budget} B: ${ok ? 'within' : 'OVER'}`);
  if (!ok) process.exitCode = 1;
}
if (process.argv.includes('--size-only')) process.exit();

const server = await serve();
const b = await browser();
const page = await b.page();
const text = (await fixture('defaults', 'info.txt')) + '\n' + (await fixture('defaults', 'config-raw.txt'));
const times = [];
const ready = [];
const workerReady = [];
for (let i = 0; i < 7; i++) {
  const t0 = Date.now();
  await page.goto(server.url);
  await page.waitForSelector('#paste');
  ready.push(Date.now() - t0);
  await open(page, server.url + '#/');
  workerReady.push(Date.now() - t0);
  await page.evaluate(() => localStorage.clear());
  await page.fill('#paste', '');
  await page.waitForTimeout(300);
  // Paste, then wait for the first finding: measured inside the page.
  const ms = await page.evaluate(async (t) => {
    const area = document.querySelector('#paste');
    const start = performance.now();
    area.value = t;
    area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
    await new Promise((resolve) => {
      const check = () => (document.querySelector('article.finding') ? resolve() : requestAnimationFrame(check));
      check();
    });
    return performance.now() - start;
  }, text);
  times.push(ms);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`navigation to app ready (median of 7): ${median(ready)} ms`);
console.log(`navigation to the analysis worker ready (median of 7): ${median(workerReady)} ms`);
console.log(`paste of a real INFO + CONFIG GET (12 KB) to first findings (median of 7): ${median(times).toFixed(1)} ms`);

// A 10 MB paste: time to findings, and the longest stretch the page could not respond.
// One server's INFO grown to 10 MB with command statistics (one node, as a huge paste would be).
let big = await fixture('defaults', 'info.txt');
const lines = [];
for (let i = 0; big.length + lines.length * 80 < 10 * 1024 * 1024; i++) lines.push(`cmdstat_cmd${i}:calls=${i},usec=1,usec_per_call=1.00,rejected_calls=0,failed_calls=0`);
big += '\n' + lines.join('\n') + '\n';
await page.evaluate(() => localStorage.clear());
await page.fill('#paste', '');
await page.waitForTimeout(300);
const bigResult = await page.evaluate(async (t) => {
  const gaps = [];
  let pasted = Infinity;
  let last = performance.now();
  let running = true;
  const tick = () => {
    const now = performance.now();
    gaps.push([last, now - last]);
    last = now;
    if (running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  // A paste as the browser delivers it: a paste event carrying the clipboard's text.
  const dt = new DataTransfer();
  dt.setData('text/plain', t);
  const area = document.querySelector('#paste');
  area.focus();
  const start = performance.now();
  area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  const inEvent = performance.now() - start;
  pasted = performance.now();
  await new Promise((resolve) => {
    // textContent, not innerText: reading it forces no layout.
    const check = () => (document.querySelector('.recognized summary')?.textContent.includes('INFO') ? resolve() : setTimeout(check, 5));
    check();
  });
  const took = performance.now() - start;
  running = false;
  const after = gaps.filter(([at]) => at >= pasted).map(([, gap]) => gap);
  return { took, inEvent, longest: Math.max(...gaps.map(([, gap]) => gap)), longestAfter: Math.max(0, ...after) };
}, big);
console.log(`10 MB paste to findings: ${bigResult.took.toFixed(0)} ms; the paste event: ${bigResult.inEvent.toFixed(0)} ms; longest frame gap meanwhile: ${bigResult.longest.toFixed(0)} ms, after the paste event: ${bigResult.longestAfter.toFixed(0)} ms`);
await b.close();
await server.close();

// Shared by the browser tests: serves dist/ on 127.0.0.1 (a port the OS picks)
// and starts Debian's Chromium through playwright-core with a fresh profile.
import { createServer } from 'node:http';
import { readFile, mkdtemp, rm, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, extname, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');
export const dist = join(root, 'dist');
export const fixtures = join(root, 'tests', 'fixtures', 'redis-7.0.15');
export const artifacts = join(here, 'artifacts');
export { here };

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
};

/** Serves `dir` under `prefix` (to check that the app works from a sub-path). */
export async function serve(dir = dist, prefix = '/') {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404).end();
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
    if (rel.endsWith('/')) rel += 'index.html';
    const file = normalize(join(dir, rel));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}${prefix}`, close: () => new Promise((ok) => server.close(ok)) };
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A browser context on a fresh profile; every request it makes is recorded.
 * `options` go to Playwright's context (e.g. `{ javaScriptEnabled: false }`).
 */
export async function browser(options = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'redis-advisor-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    ...options,
  });
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const errors = [];
  return {
    context,
    requests,
    errors,
    async page() {
      const page = context.pages()[0] ?? (await context.newPage());
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      return page;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Opens the app and waits until it is ready: the page is rendered and its
 * analysis worker has started (or the page said it could not), so every
 * request of the load is over.
 */
export async function open(page, url) {
  await page.goto(url);
  await page.waitForSelector('#paste', { timeout: 20000 });
  await page.waitForSelector('html[data-analysis]', { state: 'attached', timeout: 20000 });
}

export async function screenshot(page, name) {
  await mkdir(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

export async function fixture(dir, file) {
  return readFile(join(fixtures, dir, file), 'utf8');
}

/** How far the page's content reaches past the viewport's right edge, in CSS pixels (0: nothing overflows). */
export async function overflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    let worst = Math.max(0, document.documentElement.scrollWidth - width);
    const culprits = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      // Inside a scrolling box (a code block, a wide table) is fine: that box scrolls.
      let scrolls = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') { scrolls = true; break; }
      }
      if (!scrolls && r.right > width + 0.5) {
        worst = Math.max(worst, r.right - width);
        culprits.push(`${el.tagName.toLowerCase()}.${el.className?.baseVal ?? el.className}`);
      }
    }
    return { px: Math.round(worst), culprits: culprits.slice(0, 5) };
  });
}

/** The axe violations of the page that are serious or critical, one line each. */
export async function axeViolations(page) {
  const axe = await readFile(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  await page.evaluate(axe);
  const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

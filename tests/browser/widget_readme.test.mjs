// The README's widget section, followed literally (issue 19.5): its shell commands make the data files from
// demo/data, its HTML snippet is the whole body of a page of its own, and a small static server on loopback
// serves that page and build/wasm/widget under /relais/ with the MIME types and the Content-Security-Policy
// the README names. Headless Chromium then checks the list, the map, a selection and the form's post.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs, waitForList } from './widget_helpers.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const widgetDir = join(root, 'build/wasm/widget');
const work = mkdtempSync(join(tmpdir(), 'relais-readme-'));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## The storefront widget'), readme.indexOf('## The engine in a page'));
const snippet = /```html\n([\s\S]*?)```/.exec(section)[1];
const commands = /```sh\n([\s\S]*?)```/.exec(section)[1].trim().split('\n');
const csp = /`Content-Security-Policy: ([^`]+)`/.exec(section)[1];
// The MIME types the README asks for; anything else as the server's default.
const types = { '.js': /`\.js` and `\.mjs` as `([^`]+)`/.exec(section)[1], '.wasm': /`\.wasm` as `([^`]+)`/.exec(section)[1] };
types['.mjs'] = types['.js'];
Object.assign(types, { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.geojson': 'application/geo+json' });
const attribute = (name) => new RegExp(`\\s${name}="([^"]*)"`).exec(snippet)?.[1];
let browser, server, origin, engine, places;
const posts = [];

before(async () => {
  // The README's commands, run as written from a folder whose demo/ is the repository's.
  symlinkSync(join(root, 'demo'), join(work, 'demo'));
  const path = `${join(root, 'build/native/data-sync')}:${process.env.PATH}`;
  for (const line of commands) execFileSync('bash', ['-c', line], { cwd: work, env: { ...process.env, PATH: path }, stdio: 'ignore' });
  const { Relais } = await import(join(widgetDir, 'relais.mjs'));
  engine = await Relais.load(readFileSync(join(work, 'points.relais')), { wasmBinary: readFileSync(join(widgetDir, 'relais.wasm')) });
  places = await Relais.places(readFileSync(join(work, 'places.rlpt')), { module: engine.module });

  server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://localhost').pathname;
    if (req.method === 'POST' && path === '/checkout') {
      let body = '';
      for await (const chunk of req) body += chunk;
      posts.push(Object.fromEntries(new URLSearchParams(body)));
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp });
      return res.end('<!doctype html><title>Merci</title><p>Commande reçue</p>');
    }
    let file = null;
    if (path === '/') file = 'page';
    else if (path.startsWith('/relais/') && !path.slice(8).includes('/')) {
      const name = basename(path);
      // A host that ignores Range (this one): the widget reads the tile pack's whole snapshot.
      file = ['points.relais', 'points.tiles', 'places.rlpt'].includes(name) ? join(work, name) : join(widgetDir, name);
    }
    try {
      const body = file === 'page' ? `<!doctype html>\n<html lang="fr"><head><meta charset="utf-8"><title>Commande</title></head>\n<body>\n${snippet}</body></html>\n`
        : await readFile(file);
      res.writeHead(200, { 'Content-Type': file === 'page' ? types['.html'] : types[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': csp });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
});

after(async () => {
  await browser?.close();
  server?.close();
});

test("the README's snippet on a page of its own, under the README's CSP: list, map, choice and form post", async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const page = await context.newPage();
  const problems = [];
  // The page has no icon: the browser's own request for /favicon.ico is not the widget's.
  page.on('console', (m) => { if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) problems.push(`${m.text()} ${m.location().url}`); });
  page.on('pageerror', (e) => problems.push(e.message));
  // This host ignores Range: the widget reads the tile pack's whole snapshot and cancels the rest of the pack
  // (ERR_ABORTED on points.tiles is that, not a failure).
  page.on('requestfailed', (r) => {
    if (!(r.url().endsWith('/points.tiles') && r.failure()?.errorText === 'net::ERR_ABORTED')) problems.push(`${r.url()} ${r.failure()?.errorText}`);
  });
  await page.exposeFunction('reportViolation', (v) => problems.push(`CSP: ${v}`));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`)));
  try {
    await page.goto(`${origin}/`);
    // The list: the engine's nearest points to the snippet's postcode, with the snippet's filters.
    const keys = await waitForList(page);
    const centre = places.centre(attribute('postcode'));
    const expected = engine.nearest({ lat: centre.lat, lon: centre.lon, k: 12, maxKm: 20, kinds: attribute('kinds').split(','),
      weightG: Number(attribute('weight-g')), ...(attribute('carriers') ? { carriers: attribute('carriers').split(',') } : {}) });
    assert.ok(expected.length > 0, 'the demo data has points for the snippet');
    assert.deepEqual(keys, expected.map((p) => `${p.carrier}/${p.id}`));
    // The map: the offline outline of France, a pin per listed point, its attribution; no tile asked for.
    await page.waitForSelector('relais-picker .leaflet-overlay-pane path');
    assert.equal(await page.locator('relais-picker .relais-pin').count(), keys.length);
    assert.match(await page.textContent('relais-picker .leaflet-control-attribution'), /IGN/);
    assert.equal(await page.locator('relais-picker img.leaflet-tile').count(), 0);

    // Sent before a choice: the form stays on the page (the picker is required), nothing is posted.
    await page.click('button[type=submit]');
    await page.waitForTimeout(500);
    assert.equal(page.url(), `${origin}/`);
    assert.equal(posts.length, 0);
    assert.equal(await page.evaluate(() => document.querySelector('relais-picker').matches(':invalid')), true);

    // A choice, then the post carries it.
    await page.click('relais-picker li.item >> nth=1 >> label');
    await page.click('relais-picker button.select');
    assert.equal(await page.evaluate(() => document.querySelector('relais-picker').matches(':valid')), true);
    await Promise.all([page.waitForURL(`${origin}/checkout`), page.click('button[type=submit]')]);
    assert.equal(posts.length, 1);
    assert.equal(posts[0][attribute('name')], keys[1]);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

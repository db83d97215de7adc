// <relais-picker>'s remembered point (issue 21, item 7): the shopper's last point (this browser's memory) or
// the merchant's `preferred` one, proposed first, is the choice as long as it still fits -- the form posts it
// without a click, the footer names it, relais-select tells the page -- and a point that no longer fits
// (inactive, left out by the filters) chooses nothing. Home delivery then makes the footer say so. Headless
// Chromium under the strict CSP, the widget as merchants get it (build/wasm/widget), and the demo checkout
// against a real relais-edge.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs, listKeys, startSeededEdge } from './widget_helpers.mjs';
import { startServer } from '../../demo/serve.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'build/native/data-sync/relais-snapshot');
const work = mkdtempSync(join(tmpdir(), 'relais-widget-memory-'));
const key = 'memory-test-merchant-key-0123';
const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'";
const LAST_POINT_KEY = 'relais-picker:last-point';  // The widget's memory in localStorage.
// Around Paris 4e: two shops open every day, a locker that takes 5 kg at most, a shop that closed for good.
const everyDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['08:00', '20:00']]]));
const near = (i) => ({ address: [`${i + 1} rue des Archives`], postcode: '75004', city: 'PARIS', country: 'FR',
  lat: 48.8575 + 0.0008 * i, lon: 2.3545, tz: 'Europe/Paris' });
const extras = [
  { carrier: 'mondial-relay', id: 'MEM1', kind: 'shop', name: 'Relais des Archives', ...near(0), hours: everyDay, status: 'active' },
  { carrier: 'mondial-relay', id: 'MEM2', kind: 'shop', name: 'Relais du Temple', ...near(1), hours: everyDay, status: 'active' },
  { carrier: 'inpost', id: 'LOCK5', kind: 'locker', name: 'Casier 5 kg', ...near(2), always: true, max_weight_g: 5000, status: 'active' },
  { carrier: 'mondial-relay', id: 'GONE', kind: 'shop', name: 'Relais fermé', ...near(3), hours: everyDay, status: 'inactive' },
];
let browser, edge, server, origin;

before(async () => {
  execFileSync(cli, ['synth', '--count', '5000', '--seed', '21', '--out', join(work, 'synth.jsonl')]);
  writeFileSync(join(work, 'points.jsonl'), readFileSync(join(work, 'synth.jsonl'), 'utf8') + extras.map((r) => JSON.stringify(r)).join('\n') + '\n');
  execFileSync(cli, ['build', '--in', join(work, 'points.jsonl'), '--out', join(work, 'points.relais')]);
  execFileSync(cli, ['places', '--in', join(root, 'demo/data/laposte_hexasmal_2020.csv'), '--out', join(work, 'places.rlpt')]);
  writeFileSync(join(work, 'edge.json'), JSON.stringify({ listen: '127.0.0.1', port: 0, database: join(work, 'edge.db'),
    snapshot: join(work, 'points.relais'), brands: [{ id: 'demo', name: 'Demo', api_key_env: 'MEMORY_TEST_KEY',
      settings: JSON.parse(readFileSync(join(root, 'demo/brand_settings.json'), 'utf8')) }] }));
  let edgeUrl;
  ({ edge, edgeUrl } = await startSeededEdge(root, join(work, 'edge.json'),
    { keyEnv: 'MEMORY_TEST_KEY', key, snapshot: join(work, 'points.relais'), cli, quiet: true }));
  server = await startServer(0, join(work, 'points.relais'), edgeUrl,
    { places: join(work, 'places.rlpt'), baseLayer: join(root, 'demo/data/france-metropole-simplifie.geojson'), key });
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
});

after(async () => {
  await browser?.close();
  server?.close();
  edge?.kill();
});

// A checkout of this origin (strict CSP) whose form holds one required picker with `attributes`; `remembered`
// is this browser's last point. The host script records the widget's events; what the form posts to /posted
// is kept in `posts`.
async function checkout(attributes, { remembered = null } = {}) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const page = await context.newPage();
  const problems = [];
  const posts = [];
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('favicon')) problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  if (remembered) await page.addInitScript(([name, value]) => localStorage.setItem(name, value), [LAST_POINT_KEY, remembered]);
  await page.route(`${origin}/host.html`, (route) => route.fulfill({ status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp },
    body: `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Checkout</title>
<script type="module" src="/widget/relais-widget.js"></script><script type="module" src="/host.js"></script></head>
<body><main><h1>Checkout</h1><form id="f" method="post" action="/posted">
<relais-picker snapshot="/points.relais" places="/places.rlpt" tiles="none" base-layer="/base.geojson" lang="fr" name="relais_point"
  postcode="75004" required ${attributes}></relais-picker><button type="submit" id="send">Commander</button></form></main></body></html>` }));
  await page.route(`${origin}/host.js`, (route) => route.fulfill({ status: 200, headers: { 'Content-Type': 'text/javascript' },
    body: `window.events = [];
for (const type of ['relais-ready', 'relais-select', 'relais-error']) document.addEventListener(type, (e) => window.events.push({ type, detail: JSON.parse(JSON.stringify(e.detail)) }));` }));
  await page.route(`${origin}/posted`, (route) => {
    posts.push(Object.fromEntries(new URLSearchParams(route.request().postData() || '')));
    return route.fulfill({ status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: '<!doctype html><title>Posted</title><p>posted</p>' });
  });
  await page.goto(`${origin}/host.html`);
  await page.waitForSelector('relais-picker li.item', { timeout: 20000 });
  return { page, context, problems, posts };
}

const hiddenValue = (page) => page.inputValue('relais-picker > input[type=hidden][name=relais_point]');
const footer = (page) => page.textContent('relais-picker footer .choice');
const selections = (page) => page.evaluate(() => window.events.filter((e) => e.type === 'relais-select').map((e) => e.detail));
const pointKey = (p) => `${p.carrier}/${p.id}`;

// Sends the form by its button: resolves with the page's URL afterwards (the host page's when it refused).
async function send(page) {
  await page.click('#send');
  await page.waitForTimeout(300);
  return page.url();
}

test("this browser's last point, still fitting, is the choice: posted without a click, named, announced", async () => {
  const { page, context, problems, posts } = await checkout('weight-g="1200"', { remembered: 'mondial-relay/MEM1' });
  try {
    assert.equal((await listKeys(page))[0], 'mondial-relay/MEM1');
    assert.equal(await page.isChecked('relais-picker li.item >> nth=0 >> input[type=radio]'), true);
    assert.equal(await hiddenValue(page), 'mondial-relay/MEM1');
    assert.equal(await page.evaluate(() => document.querySelector('relais-picker').matches(':valid')), true);
    assert.equal(await footer(page), 'Choisi : Relais des Archives');
    assert.deepEqual((await selections(page)).map((d) => pointKey(d.point)), ['mondial-relay/MEM1']);
    assert.equal(await page.evaluate(() => document.querySelector('relais-picker').value?.id), 'MEM1');
    await Promise.all([page.waitForURL(`${origin}/posted`), page.click('#send')]);
    assert.deepEqual(posts.map((p) => p.relais_point), ['mondial-relay/MEM1']);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("the merchant's preferred point wins over this browser's memory, is chosen, and is not written into it", async () => {
  const { page, context, problems } = await checkout('preferred="mondial-relay/MEM2"', { remembered: 'mondial-relay/MEM1' });
  try {
    assert.equal((await listKeys(page))[0], 'mondial-relay/MEM2');
    assert.equal(await hiddenValue(page), 'mondial-relay/MEM2');
    assert.equal(await footer(page), 'Choisi : Relais du Temple');
    assert.deepEqual((await selections(page)).map((d) => pointKey(d.point)), ['mondial-relay/MEM2']);
    // The memory holds the shopper's own choices in this browser, not what the merchant proposed.
    assert.equal(await page.evaluate((name) => localStorage.getItem(name), LAST_POINT_KEY), 'mondial-relay/MEM1');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a remembered point that no longer fits chooses nothing: inactive, too small for the parcel, a kind left out', async () => {
  const cases = [
    ['inactive', 'preferred="mondial-relay/GONE"', 'mondial-relay/GONE'],
    ['the parcel is too heavy for it', 'weight-g="12000"', 'inpost/LOCK5'],
    ['lockers are not offered', 'kinds="shop,post_office"', 'inpost/LOCK5'],
  ];
  for (const [why, attributes, remembered] of cases) {
    const { page, context, problems, posts } = await checkout(attributes, { remembered });
    try {
      assert.ok(!(await listKeys(page)).includes(remembered), why);
      assert.equal(await hiddenValue(page), '', why);
      assert.equal(await page.locator('relais-picker li.item.selected').count(), 0, why);
      assert.equal(await footer(page), 'Choisissez un point dans la liste ou sur la carte', why);
      assert.deepEqual(await selections(page), [], why);
      assert.equal(await send(page), `${origin}/host.html`, why);  // Required and empty: the form is not sent.
      assert.deepEqual(posts, [], why);
      assert.deepEqual(problems, [], why);
    } finally {
      await context.close();
    }
  }
});

test('home delivery after the remembered point: the footer says home, the input carries it; a point can be chosen again', async () => {
  const { page, context, problems, posts } = await checkout('', { remembered: 'mondial-relay/MEM1' });
  try {
    assert.equal(await hiddenValue(page), 'mondial-relay/MEM1');
    await page.click('relais-picker button.home');
    assert.equal(await hiddenValue(page), 'home');
    assert.equal(await footer(page), 'Livraison à votre adresse');
    assert.equal(await page.locator('relais-picker li.item.selected').count(), 0);
    assert.equal(await page.locator('relais-picker li.item input[type=radio]:checked').count(), 0);
    assert.equal(await page.isDisabled('relais-picker button.select'), true);
    assert.equal((await selections(page)).at(-1).mode, 'home');

    // Another point, looked at then chosen.
    const second = (await listKeys(page))[1];
    const name = await page.textContent('relais-picker li.item >> nth=1 >> .name');
    await page.click('relais-picker li.item >> nth=1 >> label');
    assert.equal(await footer(page), `2. ${name}`);
    assert.equal(await hiddenValue(page), 'home');  // Looking is not choosing.
    await page.click('relais-picker button.select');
    assert.equal(await hiddenValue(page), second);
    assert.equal(await footer(page), `Choisi : ${name}`);
    assert.equal(pointKey((await selections(page)).at(-1).point), second);
    await Promise.all([page.waitForURL(`${origin}/posted`), page.click('#send')]);
    assert.deepEqual(posts.map((p) => p.relais_point), [second]);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the demo checkout orders to the remembered point without a click in the widget', async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  try {
    await page.goto(`${origin}/shop/`);
    await page.evaluate(([name, value]) => localStorage.setItem(name, value), [LAST_POINT_KEY, 'mondial-relay/MEM1']);
    await page.click('button[data-sku="BOOK-1"]');
    await page.click('button[data-sku="TEA-3"]');
    await page.waitForFunction(() => document.getElementById('basket-link').textContent === 'Panier (2)');
    await page.click('a.button');
    await page.waitForSelector('relais-picker li.item.last', { timeout: 20000 });
    assert.equal(await page.textContent('#order-status'), 'Point choisi : Relais des Archives');  // checkout.js heard it.
    assert.equal(await page.inputValue('#kind'), 'shop');
    await Promise.all([page.waitForURL(/confirmation/, { timeout: 20000 }), page.click('#place-order')]);
    await page.waitForSelector('#summary[data-status]');
    const destinations = await page.$$eval('#deliveries li', (items) => items.map((li) => li.dataset.destination));
    assert.ok(destinations.includes('mondial-relay/MEM1'), destinations.join(', '));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('with a basket, the remembered point is announced again with its plan once the split module is there', async () => {
  const { page, context, problems } = await checkout('weight-g="1200"', { remembered: 'mondial-relay/MEM1' });
  try {
    assert.equal(await hiddenValue(page), 'mondial-relay/MEM1');
    // The storefront's server side gives the split input (GET /v1/availability with the basket's quantities).
    const availability = await page.evaluate(async () => (await fetch('/shop/api/availability?basket=BOOK-1:1')).json());
    assert.ok(Array.isArray(availability.basket), JSON.stringify(availability));
    await page.evaluate((input) => { document.querySelector('relais-picker').availability = input; }, availability);
    await page.waitForFunction(() => window.events.filter((e) => e.type === 'relais-select').some((e) => e.detail.plan), null, { timeout: 20000 });
    const all = await selections(page);
    const last = all[all.length - 1];
    assert.equal(pointKey(last.point), 'mondial-relay/MEM1');  // The last one holds: the same point, now planned.
    assert.ok(last.plan.shipments.length > 0 && last.plan.unserved.length === 0, JSON.stringify(last.plan));
    assert.equal(all[0].plan, null);  // Announced with the list, before the module came.
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

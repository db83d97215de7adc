// <relais-picker> in a real headless Chromium, served from loopback under a strict CSP, against the widget
// as merchants get it (build/wasm/widget) and a real relais-edge behind the demo storefront. What the list
// shows is compared with the engine's own answer (the same WebAssembly module, run here in node).
// Screenshots go to build/test-artefacts/widget-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs, listKeys, startSeededEdge, waitForList } from './widget_helpers.mjs';
import { startServer } from '../../demo/serve.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'build/native/data-sync/relais-snapshot');
const widgetDir = join(root, 'build/wasm/widget');
const artefacts = join(root, 'build/test-artefacts');
const work = mkdtempSync(join(tmpdir(), 'relais-widget-'));
const key = 'widget-test-merchant-key-0123';
const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'";
const hostile = '<img src=x onerror="window.__xss=1">Tabac <b>du</b> Marais';
// La Poste's postcodes for the place table and IGN's outline of France as the map's offline base layer.
const placesCsv = join(root, 'demo/data/laposte_hexasmal_2020.csv');
const baseLayer = join(root, 'demo/data/france-metropole-simplifie.geojson');
let browser, edge, server, origin, engine, places;

before(async () => {
  mkdirSync(artefacts, { recursive: true });
  // 20,000 generated points over France, plus shops and lockers around Paris 4e with hours, one of them
  // with a hostile name.
  execFileSync(cli, ['synth', '--count', '20000', '--seed', '11', '--out', join(work, 'synth.jsonl')]);
  const week = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [['09:00', '12:30'], ['14:00', '19:00']]]));
  const extra = [];
  for (let i = 0; i < 12; i++) {
    extra.push({ carrier: i % 3 ? 'mondial-relay' : 'inpost', id: `T${i}`, kind: i % 3 ? 'shop' : 'locker',
      name: i === 1 ? hostile : `Point ${i}`, address: [`${i + 1} rue des Archives`], postcode: '75004', city: 'PARIS',
      country: 'FR', lat: 48.8566 + 0.0012 * (i % 4), lon: 2.3540 + 0.0015 * Math.floor(i / 4), tz: 'Europe/Paris',
      ...(i % 3 ? { hours: week } : { always: true }), services: i === 2 ? ['accessible', 'late'] : [],
      closures: i === 4 ? [{ from: new Date(Date.now() + 3 * 86400000).toISOString().slice(0, 10), to: new Date(Date.now() + 9 * 86400000).toISOString().slice(0, 10) }] : [],
      status: 'active' });
  }
  writeFileSync(join(work, 'points.jsonl'), readFileSync(join(work, 'synth.jsonl'), 'utf8') + extra.map((r) => JSON.stringify(r)).join('\n') + '\n');
  execFileSync(cli, ['build', '--in', join(work, 'points.jsonl'), '--out', join(work, 'points.relais')]);
  execFileSync(cli, ['places', '--in', placesCsv, '--out', join(work, 'places.rlpt')]);
  const corrupt = readFileSync(join(work, 'points.relais'));
  corrupt[corrupt.length - 50] ^= 0xff;
  writeFileSync(join(work, 'corrupt.relais'), corrupt);

  const { Relais } = await import(join(widgetDir, 'relais.mjs'));
  const wasmBinary = readFileSync(join(widgetDir, 'relais.wasm'));
  engine = await Relais.load(readFileSync(join(work, 'points.relais')), { wasmBinary });
  places = await Relais.places(readFileSync(join(work, 'places.rlpt')), { module: engine.module });

  writeFileSync(join(work, 'edge.json'), JSON.stringify({ listen: '127.0.0.1', port: 0, database: join(work, 'edge.db'),
    snapshot: join(work, 'points.relais'), brands: [{ id: 'demo', name: 'Demo', api_key_env: 'WIDGET_TEST_KEY',
      settings: JSON.parse(readFileSync(join(root, 'demo/brand_settings.json'), 'utf8')) }] }));
  let edgeUrl;
  ({ edge, edgeUrl } = await startSeededEdge(root, join(work, 'edge.json'),
    { keyEnv: 'WIDGET_TEST_KEY', key, snapshot: join(work, 'points.relais'), cli }));
  server = await startServer(0, join(work, 'points.relais'), edgeUrl,
    { places: join(work, 'places.rlpt'), baseLayer, key });
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
});

after(async () => {
  await browser?.close();
  server?.close();
  edge?.kill();
});

// A merchant page made of `body` (served from this origin with the strict CSP), the widget by script tag.
async function hostPage(body, { viewport = { width: 1200, height: 800 }, snapshot = '/points.relais', geolocation } = {}) {
  const context = await browser.newContext({ viewport, locale: 'fr-FR', timezoneId: 'Europe/Paris',
    ...(geolocation ? { geolocation, permissions: ['geolocation'] } : {}) });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('favicon')) problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.exposeFunction('reportViolation', (v) => problems.push(`CSP: ${v}`));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`)));
  await page.route(`${origin}/host.html`, (route) => route.fulfill({ status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp },
    body: `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Checkout</title>
<script type="module" src="/widget/relais-widget.js"></script><script type="module" src="/host.js"></script></head>
<body><main><h1>Checkout</h1><form id="f" action="/nowhere">${body.replace('SNAPSHOT', snapshot)}</form></main></body></html>` }));
  // The host's own script: it records the widget's events, as a checkout would listen to them.
  await page.route(`${origin}/host.js`, (route) => route.fulfill({ status: 200, headers: { 'Content-Type': 'text/javascript' },
    body: `window.events = [];
for (const type of ['relais-ready', 'relais-select', 'relais-error']) document.addEventListener(type, (e) => window.events.push({ type, detail: JSON.parse(JSON.stringify(e.detail)) }));` }));
  await page.route(`${origin}/axe.min.js`, (route) => route.fulfill({ status: 200, headers: { 'Content-Type': 'text/javascript' },
    body: readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8') }));
  await page.goto(`${origin}/host.html`);
  return { page, context, problems };
}

const picker = (attributes = '', lang = 'fr') =>
  `<relais-picker snapshot="SNAPSHOT" places="/places.rlpt" tiles="none" base-layer="/base.geojson" lang="${lang}" ${attributes}></relais-picker>`;

async function search(page, text) {
  await page.fill('relais-picker input[type=search]', text);
  await page.press('relais-picker input[type=search]', 'Enter');
}

async function axe(page) {
  await page.addScriptTag({ url: '/axe.min.js' });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('a postcode lists what the engine answers for that place, map and list in sync, and the choice is posted', async () => {
  const { page, context, problems } = await hostPage(picker('weight-g="1200"'));
  try {
    await page.waitForFunction(() => window.events.some((e) => e.type === 'relais-ready'), null, { timeout: 20000 });
    await search(page, '75004');
    const keys = await waitForList(page);
    const centre = places.centre('75004');
    const expected = engine.nearest({ lat: centre.lat, lon: centre.lon, k: 12, maxKm: 20, kinds: ['shop', 'locker', 'post_office', 'store'],
      weightG: 1200, unknownHoursPass: true }).map((p) => `${p.carrier}/${p.id}`);
    assert.deepEqual(keys, expected);
    assert.match(await page.textContent('relais-picker .status'), /75004 Paris/);
    await page.waitForSelector('relais-picker .leaflet-overlay-pane path');  // France's outline, drawn offline.

    // Lockers only: the engine's answer with the kind filter.
    await page.click('relais-picker details.filters summary');
    await page.uncheck('relais-picker input[name=kind][value=shop]');
    await page.uncheck('relais-picker input[name=kind][value=post_office]');
    await page.uncheck('relais-picker input[name=kind][value=store]');
    const lockers = await waitForList(page, keys);
    assert.deepEqual(lockers, engine.nearest({ lat: centre.lat, lon: centre.lon, k: 12, maxKm: 20, kinds: ['locker'], weightG: 1200,
      unknownHoursPass: true }).map((p) => `${p.carrier}/${p.id}`));
    await page.check('relais-picker input[name=kind][value=shop]');
    await page.check('relais-picker input[name=accessible]');
    const accessible = await waitForList(page, lockers);
    assert.deepEqual(accessible, engine.nearest({ lat: centre.lat, lon: centre.lon, k: 12, maxKm: 20, kinds: ['shop', 'locker'],
      services: ['accessible'], weightG: 1200, unknownHoursPass: true }).map((p) => `${p.carrier}/${p.id}`));
    assert.equal(accessible[0], 'mondial-relay/T2');
    await page.uncheck('relais-picker input[name=accessible]');
    const both = await waitForList(page, accessible);

    // The map's third marker picks the list's third point; the list's first point is drawn apart on the map.
    await page.click('relais-picker .relais-pin >> nth=2');
    assert.equal(await page.isChecked('relais-picker li.item >> nth=2 >> input[type=radio]'), true);
    await page.click('relais-picker li.item >> nth=0 >> label');
    await page.waitForSelector('relais-picker .relais-pin.relais-pin-selected');
    assert.equal(await page.textContent('relais-picker .relais-pin.relais-pin-selected'), '1');

    // The hostile name is text, never markup.
    const hostileItem = page.locator('relais-picker li.item[data-key="mondial-relay/T1"]');
    if (await hostileItem.count()) {
      assert.equal(await hostileItem.locator('.name').textContent(), hostile);
      assert.equal(await hostileItem.locator('img').count(), 0);
    }
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    // The shop closing in 3 days says so, as the engine's closureNotice (relais-edge's rule) has it.
    const closing = page.locator('relais-picker li.item[data-key="mondial-relay/T4"]');
    if (await closing.count()) {
      const notice = engine.closureNotice(engine.get('mondial-relay', 'T4'), new Date());
      assert.match(await closing.locator('.notice').textContent(), new RegExp(`^Fermé du ${+notice.from.slice(8)} .* au ${+notice.to.slice(8)} `));
    }

    await page.click('relais-picker button.select');
    const select = await page.evaluate(() => window.events.find((e) => e.type === 'relais-select'));
    assert.equal(`${select.detail.point.carrier}/${select.detail.point.id}`, both[0]);
    assert.equal(await page.inputValue('relais-picker > input[type=hidden][name=relais_point]'), both[0]);
    assert.deepEqual(problems, []);  // Before the screenshot: Playwright injects a <style> to take it.
    await page.screenshot({ path: join(artefacts, 'widget-desktop.png') });
    assert.deepEqual(await axe(page), []);

    // The next visit proposes that point first, marked as the last one used.
    await page.reload();
    await page.waitForSelector('relais-picker li.item.last');
    assert.equal((await listKeys(page))[0], both[0]);
    assert.match(await page.textContent('relais-picker li.item.last .badge'), /dernier point/);
  } finally {
    await context.close();
  }
});

test('a town name, a keyboard only, on a 360 px phone: the choose button stays in reach; then French', async () => {
  const { page, context, problems } = await hostPage(picker('', 'en'), { viewport: { width: 360, height: 740 } });
  try {
    await page.waitForFunction(() => window.events.some((e) => e.type === 'relais-ready'), null, { timeout: 20000 });
    await page.keyboard.press('Tab');  // The search box is the first stop of the page.
    await page.keyboard.type('paris 04');
    await page.keyboard.press('Enter');
    const keys = await waitForList(page);
    assert.ok(keys.length > 0);
    // Tab to the list, arrow to the second point, tab on to the choose button.
    let onRadio = false;
    for (let i = 0; i < 30 && !onRadio; i++) {
      await page.keyboard.press('Tab');
      onRadio = await page.evaluate(() => document.querySelector('relais-picker').shadowRoot.activeElement?.type === 'radio');
    }
    assert.ok(onRadio, 'the list is reachable with Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    let onSelect = false;
    for (let i = 0; i < 60 && !onSelect; i++) {
      await page.keyboard.press('Tab');
      onSelect = await page.evaluate(() => document.querySelector('relais-picker').shadowRoot.activeElement?.classList.contains('select'));
    }
    assert.ok(onSelect, 'the choose button is reachable with Tab');
    const box = await page.locator('relais-picker button.select').boundingBox();
    assert.ok(box.y >= 0 && box.y + box.height <= 740 && box.x + box.width <= 360, JSON.stringify(box));
    await page.keyboard.press('Enter');
    const select = await page.evaluate(() => window.events.find((e) => e.type === 'relais-select'));
    assert.equal(`${select.detail.point.carrier}/${select.detail.point.id}`, keys[1]);
    // Another language on the fly: the same list, in French.
    await page.evaluate(() => document.querySelector('relais-picker').setAttribute('lang', 'fr'));
    await page.waitForFunction(() => document.querySelector('relais-picker').shadowRoot.querySelector('.title').textContent === 'Choisissez un point de retrait');
    assert.deepEqual(await listKeys(page), keys);
    await page.waitForSelector('relais-picker .relais-pin');
    assert.deepEqual(problems, []);
    await page.screenshot({ path: join(artefacts, 'widget-phone.png') });
    assert.deepEqual(await axe(page), []);
  } finally {
    await context.close();
  }
});

test('"use my location" and the merchant\'s geocoding hook list the points nearest to where the shopper is', async () => {
  const here = { latitude: 45.764, longitude: 4.8357 };
  const { page, context, problems } = await hostPage(picker(), { geolocation: here });
  try {
    await page.waitForFunction(() => window.events.some((e) => e.type === 'relais-ready'), null, { timeout: 20000 });
    await page.click('relais-picker button.locate');
    const keys = await waitForList(page);
    assert.deepEqual(keys, engine.nearest({ lat: here.latitude, lon: here.longitude, k: 12, maxKm: 20,
      kinds: ['shop', 'locker', 'post_office', 'store'], unknownHoursPass: true }).map((p) => `${p.carrier}/${p.id}`));
    // A street address the place table cannot know goes to the merchant's geocoding hook.
    await page.evaluate(() => {
      document.querySelector('relais-picker').geocode = async (text) => (text === '52 rue de Rivoli' ? { lat: 48.8571, lon: 2.354, label: 'Rivoli' } : null);
    });
    await search(page, '52 rue de Rivoli');
    const geocoded = await waitForList(page, keys);
    assert.deepEqual(geocoded, engine.nearest({ lat: 48.8571, lon: 2.354, k: 12, maxKm: 20,
      kinds: ['shop', 'locker', 'post_office', 'store'], unknownHoursPass: true }).map((p) => `${p.carrier}/${p.id}`));
    await search(page, 'nowhere at all');
    await page.waitForFunction(() => /nowhere at all/.test(document.querySelector('relais-picker').shadowRoot.querySelector('.status').textContent));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a corrupt snapshot: a clear message, a relais-error event and home delivery still possible', async () => {
  const corrupt = `/corrupt-${Date.now()}.relais`;
  const { page, context } = await hostPage(picker(), { snapshot: corrupt });
  try {
    await page.route(`${origin}${corrupt}`, (route) => route.fulfill({ status: 200, body: readFileSync(join(work, 'corrupt.relais')) }));
    await page.reload();
    await page.waitForFunction(() => window.events.some((e) => e.type === 'relais-error'), null, { timeout: 20000 });
    const error = await page.evaluate(() => window.events.find((e) => e.type === 'relais-error'));
    assert.equal(error.detail.code, 'RELAIS_BAD_SNAPSHOT');
    assert.match(await page.textContent('relais-picker .status'), /livrée à votre adresse/);
    await page.click('relais-picker button.home');
    assert.equal(await page.inputValue('relais-picker > input[type=hidden]'), 'home');
    assert.equal((await page.evaluate(() => window.events.find((e) => e.type === 'relais-select'))).detail.mode, 'home');
    await page.screenshot({ path: join(artefacts, 'widget-corrupt.png') });
    assert.deepEqual(await axe(page), []);
  } finally {
    await context.close();
  }
});

test('the storefront: product, basket, checkout with the widget, the order placed through relais-edge', async () => {
  // The checkout registers the widget's service worker, which would answer axe's script (routed below) from
  // the network: this test is not about it (widget_tiles.test.mjs is).
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'fr-FR', serviceWorkers: 'block' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.route(`${origin}/axe.min.js`, (route) => route.fulfill({ status: 200, headers: { 'Content-Type': 'text/javascript' },
    body: readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8') }));
  try {
    await page.goto(`${origin}/shop/`);
    await page.click('button[data-sku="BOOK-1"]');
    await page.click('button[data-sku="TEA-3"]');
    await page.click('a.button');
    await page.waitForSelector('relais-picker li.item', { timeout: 20000 });
    const chosen = await page.getAttribute('relais-picker li.item >> nth=0', 'data-key');
    await page.click('relais-picker li.item >> nth=0 >> label');
    // The basket's plan with that point: the engine's split, in the widget.
    await page.waitForSelector('relais-picker section.plan:not([hidden]) .shipment');
    assert.match(await page.textContent('relais-picker section.plan'), /BOOK-1/);
    await page.click('relais-picker button.select');
    assert.deepEqual(await axe(page), []);  // The demo store's checkout, widget included.
    await page.screenshot({ path: join(artefacts, 'shop-checkout.png'), fullPage: true });
    await Promise.all([page.waitForURL(/confirmation/), page.click('#place-order')]);
    await page.waitForSelector('#summary[data-status]');
    assert.match(await page.textContent('#summary'), /Commande/);
    const destinations = await page.$$eval('#deliveries li', (items) => items.map((li) => li.dataset.destination));
    assert.ok(destinations.includes(chosen), `${destinations} has ${chosen}`);
    assert.deepEqual(await axe(page), []);
    await page.screenshot({ path: join(artefacts, 'shop-confirmation.png') });
    assert.deepEqual(problems, []);
    // The confirmation links to the shopper's tracking page: the order's first step, its pick-up point.
    await Promise.all([page.waitForURL(/\/track\//), page.click('#tracking')]);
    await page.waitForSelector('.steps [aria-current=step]');
    assert.equal(await page.$eval('.steps [aria-current=step] .label', (e) => e.textContent), 'Commande reçue');
    assert.ok(await page.isVisible('.place'), 'the chosen pick-up point is shown');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

// <relais-picker>'s filters against real data (issue 19): La Poste's 17k contact points (demo/data, no opening
// hours published) plus a few Mondial Relay shops and InPost lockers near Paris 4e, in headless Chromium under
// the strict CSP of demo/serve.mjs. The map must show what the list's filters let through, a day filter must
// not take unknown hours for a yes, the list must stay usable at 360 px with the filters open, and a failed
// search must not leave the previous place's list under its message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs, listKeys, waitForList } from './widget_helpers.mjs';
import { startServer } from '../../demo/serve.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'build/native/data-sync/relais-snapshot');
const widgetDir = join(root, 'build/wasm/widget');
const work = mkdtempSync(join(tmpdir(), 'relais-widget-filters-'));
const KINDS = ['shop', 'locker', 'post_office', 'store'];
// Saturday hours for half the Mondial Relay shops; the other half, like every La Poste point, publish none.
const week = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [['09:00', '19:00']]]));
const extras = [];
for (let i = 0; i < 8; i++) {
  extras.push({ carrier: 'mondial-relay', id: `MR${i}`, kind: 'shop', name: `Relais ${i}`, address: [`${i + 1} rue du Temple`],
    postcode: '75004', city: 'PARIS', country: 'FR', lat: 48.857 + 0.001 * (i % 4), lon: 2.355 + 0.0015 * Math.floor(i / 4),
    tz: 'Europe/Paris', ...(i % 2 ? {} : { hours: week }), status: 'active' });
}
for (let i = 0; i < 4; i++) {
  extras.push({ carrier: 'inpost', id: `IP${i}`, kind: 'locker', name: `Casier ${i}`, address: [`${i + 1} rue Vieille du Temple`],
    postcode: '75004', city: 'PARIS', country: 'FR', lat: 48.8585 + 0.001 * i, lon: 2.358, tz: 'Europe/Paris', always: true,
    services: i >= 2 ? ['returns'] : [], status: 'active' });  // Two lockers take return parcels.
}
const withSaturday = new Set(extras.filter((p) => p.hours || p.always).map((p) => `${p.carrier}/${p.id}`));
let browser, server, origin, engine, places;

before(async () => {
  mkdirSync(join(root, 'build/test-artefacts'), { recursive: true });
  execFileSync(cli, ['convert', '--format', 'laposte-csv', '--in', join(root, 'demo/data/laposte_poincont2_2016.csv'),
    '--out', join(work, 'laposte.jsonl')], { stdio: 'ignore' });
  writeFileSync(join(work, 'points.jsonl'), readFileSync(join(work, 'laposte.jsonl'), 'utf8') + extras.map((r) => JSON.stringify(r)).join('\n') + '\n');
  execFileSync(cli, ['build', '--in', join(work, 'points.jsonl'), '--out', join(work, 'points.relais')]);
  execFileSync(cli, ['places', '--in', join(root, 'demo/data/laposte_hexasmal_2020.csv'), '--out', join(work, 'places.rlpt')]);
  const { Relais } = await import(join(widgetDir, 'relais.mjs'));
  engine = await Relais.load(readFileSync(join(work, 'points.relais')), { wasmBinary: readFileSync(join(widgetDir, 'relais.wasm')) });
  places = await Relais.places(readFileSync(join(work, 'places.rlpt')), { module: engine.module });
  server = await startServer(0, join(work, 'points.relais'), undefined,
    { places: join(work, 'places.rlpt'), baseLayer: join(root, 'demo/data/france-metropole-simplifie.geojson') });
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
});

after(async () => {
  await browser?.close();
  server?.close();
});

// A page of the demo server's origin (its CSP) holding one picker with `attributes`.
async function pickerPage(attributes, viewport = { width: 1200, height: 800 }) {
  const context = await browser.newContext({ viewport, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('favicon')) problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.route(`${origin}/picker.html`, (route) => route.fulfill({ status: 200,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:" },
    body: `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Picker</title><script type="module" src="/widget/relais-widget.js"></script></head>
<body><relais-picker snapshot="/points.relais" places="/places.rlpt" base-layer="/base.geojson" tiles="none" lang="fr" ${attributes}></relais-picker></body></html>` }));
  await page.goto(`${origin}/picker.html`);
  return { page, context, problems };
}

// The points the map's context layer stands for: each cluster's number plus each single dot, once drawn.
async function contextTotal(page) {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return page.evaluate(() => {
    const root = document.querySelector('relais-picker').shadowRoot;
    const clusters = [...root.querySelectorAll('.relais-cluster span')].map((s) => Number(s.textContent.replace('k', '000')));
    return clusters.reduce((a, b) => a + b, 0) + root.querySelectorAll('.relais-dot').length;
  });
}

function nextSaturday() {
  const now = new Date();
  const day = (now.getUTCDay() + 6) % 7;  // 0 = Monday.
  return new Date(now.getTime() + ((5 - day + 7) % 7) * 86400000).toISOString().slice(0, 10);
}

test('the map shows only the points the filters let through, and each of them answers a click (issue 19.1)', async () => {
  const { page, context, problems } = await pickerPage('postcode="75004" carriers="mondial-relay,inpost"');
  try {
    const keys = await waitForList(page);
    assert.ok(keys.every((k) => /^(mondial-relay|inpost)\//.test(k)), keys.join());
    // Zoom out until all of Paris is in view: thousands of La Poste points around, none of them may show.
    for (let i = 0; i < 4; i++) {
      await page.click('relais-picker .leaflet-control-zoom-out');
      await page.waitForTimeout(400);
    }
    assert.equal(await contextTotal(page), extras.length);
    // The merchant's carriers and the shopper's kind: lockers only.
    await page.click('relais-picker details.filters summary');
    await page.uncheck('relais-picker input[name=kind][value=shop]');
    const lockers = await waitForList(page, keys);
    assert.ok(lockers.every((k) => k.startsWith('inpost/')), lockers.join());
    assert.equal(await contextTotal(page), 4);
    await page.check('relais-picker input[name=kind][value=shop]');
    await waitForList(page, lockers);
    // A single point on the map lists its neighbours with itself first, never "no point within 20 km".
    for (let i = 0; i < 6 && !(await page.locator('relais-picker .leaflet-control-zoom-in.leaflet-disabled').count()); i++) {
      await page.click('relais-picker .leaflet-control-zoom-in');
      await page.waitForTimeout(400);
    }
    const dots = await page.$$eval('relais-picker .relais-dot', (all) => all.map((d) => d.dataset.point));
    assert.ok(dots.length > 0, 'single points drawn at street level');
    const picked = engine.point(Number(dots[0]));
    await page.dispatchEvent(`relais-picker .relais-dot[data-point="${dots[0]}"]`, 'click');
    await page.waitForFunction((key) => document.querySelector('relais-picker').shadowRoot.querySelector('li.item')?.dataset.key === key,
      `${picked.carrier}/${picked.id}`, { timeout: 5000 });
    assert.doesNotMatch(await page.textContent('relais-picker .status'), /Aucun point/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('services="returns" lists and maps only the points offering it; a service the engine does not know, none', async () => {
  const { page, context, problems } = await pickerPage('postcode="75004" carriers="mondial-relay,inpost" services="returns"');
  try {
    const keys = await waitForList(page);
    const centre = places.centre('75004');
    assert.deepEqual(keys, engine.nearest({ lat: centre.lat, lon: centre.lon, k: 12, maxKm: 20, kinds: KINDS,
      carriers: ['mondial-relay', 'inpost'], services: ['returns'] }).map((p) => `${p.carrier}/${p.id}`));
    assert.deepEqual(keys.sort(), ['inpost/IP2', 'inpost/IP3']);
    for (let i = 0; i < 4; i++) {
      await page.click('relais-picker .leaflet-control-zoom-out');
      await page.waitForTimeout(400);
    }
    assert.equal(await contextTotal(page), 2, 'the map shows the two lockers taking returns, nothing else');
    // A name the engine does not know: no point offers it (rather than the filter falling away).
    await page.evaluate(() => document.querySelector('relais-picker').setAttribute('services', 'returns,teleport'));
    await page.waitForFunction(() => document.querySelector('relais-picker').shadowRoot.querySelectorAll('li.item').length === 0);
    assert.match(await page.textContent('relais-picker .status'), /Aucun point/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('"open Saturday" keeps only points whose hours say so; unknown hours are shown as not published (issue 19.2)', async () => {
  const { page, context, problems } = await pickerPage('postcode="75004" k="30"');
  try {
    const keys = await waitForList(page);
    const laPoste = keys.find((k) => k.startsWith('la-poste/'));
    assert.ok(laPoste, 'La Poste points are listed without a day filter');
    assert.equal(await page.textContent(`relais-picker li.item[data-key="${laPoste}"] .open`), 'Horaires non publiés');
    await page.click('relais-picker details.filters summary');
    assert.match(await page.textContent('relais-picker .filter-body'), /horaires sont publiés/);
    await page.check('relais-picker input[name=saturday]');
    const saturday = await waitForList(page, keys);
    assert.deepEqual(new Set(saturday), withSaturday);
    const centre = places.centre('75004');
    assert.deepEqual(saturday, engine.nearest({ lat: centre.lat, lon: centre.lon, k: 30, maxKm: 20, kinds: KINDS, openOn: nextSaturday(),
      unknownHoursPass: false })
      .map((p) => `${p.carrier}/${p.id}`));
    assert.ok(!(await page.$$eval('relais-picker li.item .open', (all) => all.map((s) => s.textContent))).includes('Horaires non publiés'));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('at 360 px with the filters open, the list keeps the room of several points (issue 19.3)', async () => {
  const { page, context, problems } = await pickerPage('postcode="75004"', { width: 360, height: 740 });
  try {
    await waitForList(page);
    await page.click('relais-picker details.filters summary');
    await page.waitForSelector('relais-picker .filter-body input[name=saturday]');
    await page.screenshot({ path: join(root, 'build/test-artefacts/widget-phone-filters.png') });
    const pane = await page.locator('relais-picker .list-pane').boundingBox();
    const row = await page.locator('relais-picker li.item >> nth=0').boundingBox();
    assert.ok(pane.height >= 2.5 * row.height, `list pane ${pane.height} px for rows of ${row.height} px`);
    // Every filter stays reachable (the panel scrolls), and the choose button stays on screen.
    await page.locator('relais-picker input[name=accessible]').scrollIntoViewIfNeeded();
    await page.check('relais-picker input[name=accessible]');
    const select = await page.locator('relais-picker button.select').boundingBox();
    assert.ok(select.y + select.height <= 740, JSON.stringify(select));
    // Closed again: the map is back.
    await page.click('relais-picker details.filters summary');
    assert.ok((await page.locator('relais-picker .map').boundingBox()).height >= 150);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a search that finds no place clears the previous list and its pins (issue 19.4)', async () => {
  const { page, context, problems } = await pickerPage('postcode="75004"');
  try {
    await waitForList(page);
    await page.click('relais-picker li.item >> nth=0 >> label');
    await page.fill('relais-picker input[type=search]', 'xqzwv');
    await page.press('relais-picker input[type=search]', 'Enter');
    await page.waitForFunction(() => /xqzwv/.test(document.querySelector('relais-picker').shadowRoot.querySelector('.status').textContent));
    assert.equal(await page.locator('relais-picker li.item').count(), 0);
    assert.equal(await page.locator('relais-picker .relais-pin').count(), 0);
    assert.equal(await page.isDisabled('relais-picker button.select'), true);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

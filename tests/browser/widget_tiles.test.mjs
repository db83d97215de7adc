// <relais-picker> on a tile pack (issue 25), in headless Chromium under demo/serve.mjs's strict CSP, with La
// Poste's real 17,194 points: the first list comes from a few range requests (not the 3 MB pack), before
// Leaflet is even requested, and it is the whole snapshot's list; the whole snapshot follows in the background
// and the map gets its context points; a host that ignores Range still gets a working picker; a damaged tile
// gives the picker's error state, not a wrong list; a shopper's remembered point is found from its tile.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs, listKeys, waitForList } from './widget_helpers.mjs';
import { startServer } from '../../demo/serve.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'build/native/data-sync/relais-snapshot');
const work = mkdtempSync(join(tmpdir(), 'relais-widget-tiles-'));
const servers = [];
let browser, packSize;

async function serve(tiles, ranges = true) {
  const server = await startServer(0, join(work, 'points.relais'), undefined, { tiles, ranges });
  servers.push(server);
  return `http://127.0.0.1:${server.address().port}`;
}

before(async () => {
  execFileSync(cli, ['build', '--format', 'laposte-csv', '--in', join(root, 'demo/data/laposte_poincont2_2016.csv'),
    '--out', join(work, 'points.relais')], { stdio: 'ignore' });
  execFileSync(cli, ['tiles', '--snapshot', join(work, 'points.relais'), '--out', join(work, 'points.tiles')], { stdio: 'ignore' });
  packSize = readFileSync(join(work, 'points.tiles')).length;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
});

after(async () => {
  await browser?.close();
  servers.forEach((s) => s.close());
});

// A page of `origin` with one picker on /points.tiles at (lat, lon); records every request made to the pack.
async function pickerPage(origin, lat, lon, extra = '') {
  const context = await browser.newContext({ viewport: { width: 390, height: 800 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const page = await context.newPage();
  const problems = [], packRequests = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (r) => {
    if (r.url().endsWith('/points.tiles')) packRequests.push({ range: r.headers().range || null, at: Date.now() });
  });
  await page.route(`${origin}/picker.html`, (route) => route.fulfill({ status: 200,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:" },
    body: `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Picker</title><script type="module" src="/widget/relais-widget.js"></script></head>
<body><relais-picker snapshot="/points.tiles" tiles="none" lang="fr" lat="${lat}" lon="${lon}" ${extra}></relais-picker></body></html>` }));
  await page.goto(`${origin}/picker.html`);
  return { page, context, problems, packRequests };
}

// The list the whole snapshot gives for the picker's default query (12 points within 20 km, every kind but drive).
function wholeList(lat, lon) {
  return JSON.parse(execFileSync(cli, ['nearest', '--snapshot', join(work, 'points.relais'), '--lat', String(lat), '--lon', String(lon),
    '--k', '12', '--max-km', '20', '--kinds', 'shop,locker,post_office,store'], { encoding: 'utf8' })).map((p) => `${p.carrier}/${p.id}`);
}

// Bytes the page downloaded from the pack before `mark` (resource timing: ranges are never compressed here).
function packBytesBefore(page, mark) {
  return page.evaluate((name) => {
    const at = performance.getEntriesByName(name)[0].startTime;
    return performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/points.tiles') && e.responseEnd <= at)
      .reduce((sum, e) => sum + e.encodedBodySize, 0);
  }, mark);
}

test('the first list comes from a few tiles, before Leaflet, and is the whole snapshot\'s list', async () => {
  const origin = await serve(join(work, 'points.tiles'));
  for (const [lat, lon] of [[48.8566, 2.3522], [45.1885, 5.7245], [43.2965, 5.3698], [47.9, -3.2]]) {
    const { page, context, problems, packRequests } = await pickerPage(origin, lat, lon);
    const keys = await waitForList(page);
    assert.deepEqual(keys, wholeList(lat, lon), `(${lat}, ${lon})`);
    await page.waitForFunction(() => performance.getEntriesByName('relais:first-list').length > 0);
    const before = await packBytesBefore(page, 'relais:first-list');
    assert.ok(before > 0 && before < 64 * 1024, `${before} bytes of a ${packSize}-byte pack before the first list`);
    assert.ok(packRequests.every((r) => r.range), 'every request to the pack names a range');
    // The map module and Leaflet were asked for after the list was drawn.
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/picker-map.js')));
    const order = await page.evaluate(() => {
      const listed = performance.getEntriesByName('relais:first-list')[0].startTime;
      const map = performance.getEntriesByType('resource').filter((e) => /\/(picker-map|leaflet)\.js$/.test(e.name));
      return { listed, map: map.map((e) => e.startTime) };
    });
    assert.ok(order.map.length >= 1 && order.map.every((t) => t >= order.listed), JSON.stringify(order));
    // Then the whole snapshot, by one more range, and the map's context points.
    await page.waitForFunction(() => performance.getEntriesByName('relais:whole-snapshot').length > 0, null, { timeout: 20000 });
    await page.waitForFunction(() => document.querySelector('relais-picker').shadowRoot.querySelectorAll('.relais-cluster, .relais-dot').length > 0);
    assert.deepEqual(await listKeys(page), keys, 'the list is unchanged by the swap');
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('a checkout that gives a postcode lists from the pack\'s postcode pages: the place table is not downloaded', async () => {
  execFileSync(cli, ['places', '--in', join(root, 'demo/data/laposte_hexasmal_2020.csv'), '--out', join(work, 'places.rlpt')], { stdio: 'ignore' });
  execFileSync(cli, ['tiles', '--snapshot', join(work, 'points.relais'), '--places', join(work, 'places.rlpt'), '--out', join(work, 'postcodes.tiles')],
    { stdio: 'ignore' });
  const server = await startServer(0, join(work, 'points.relais'), undefined, { tiles: join(work, 'postcodes.tiles'), places: join(work, 'places.rlpt') });
  servers.push(server);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const context = await browser.newContext({ viewport: { width: 390, height: 800 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const page = await context.newPage();
  const requested = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.route(`${origin}/picker.html`, (route) => route.fulfill({ status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Picker</title><script type="module" src="/widget/relais-widget.js"></script></head>
<body><form><relais-picker snapshot="/points.tiles" places="/places.rlpt" tiles="none" lang="fr" postcode="38000" required></relais-picker></form></body></html>` }));
  await page.goto(`${origin}/picker.html`);
  const keys = await waitForList(page);
  const centre = JSON.parse(execFileSync(cli, ['tiles-check', '--pack', join(work, 'postcodes.tiles'), '--postcode', '38000'], { encoding: 'utf8' })).postcode;
  assert.deepEqual(keys, wholeList(centre.lat, centre.lon));
  assert.match(await page.evaluate(() => document.querySelector('relais-picker').shadowRoot.querySelector('.status').textContent), /38000 Grenoble/);
  assert.ok(!requested.includes('/places.rlpt'), 'the place table waits for the shopper to type a town');
  // A required picker answers the form control's validation API, as <input> does.
  const validity = () => page.evaluate(() => {
    const picker = document.querySelector('relais-picker');
    return { missing: picker.validity.valueMissing, valid: picker.checkValidity(), form: picker.form === document.querySelector('form') };
  });
  assert.deepEqual(await validity(), { missing: true, valid: false, form: true });
  await page.click('relais-picker li.item >> nth=0 >> label');
  await page.click('relais-picker button.select');
  assert.deepEqual(await validity(), { missing: false, valid: true, form: true });
  // A town typed by the shopper needs the place table: then it comes.
  await page.fill('relais-picker input[type=search]', 'Lille');
  await page.press('relais-picker input[type=search]', 'Enter');
  await page.waitForFunction((before) => {
    const items = [...document.querySelector('relais-picker').shadowRoot.querySelectorAll('li.item')].map((li) => li.dataset.key);
    return items.length > 0 && !items.includes(before);
  }, keys[0]);
  assert.ok(requested.includes('/places.rlpt'));
  await context.close();
});

test('a choice made on tiles is posted, remembered with its position, and proposed at the next visit near it, not 600 km away', async () => {
  const origin = await serve(join(work, 'points.tiles'));
  const { page, context } = await pickerPage(origin, 45.1885, 5.7245);
  const keys = await waitForList(page);
  await page.click('relais-picker li.item >> nth=2 >> label');
  await page.click('relais-picker button.select');
  assert.equal(await page.evaluate(() => document.querySelector('input[name=relais_point]').value), keys[2]);
  // The next visit, for an address across town (4 km away): the remembered point comes first and is the choice.
  const visit = async (lat2, lon2) => {
    const next = await context.newPage();
    await next.route(`${origin}/again.html`, (route) => route.fulfill({ status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' },
      body: `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Again</title><script type="module" src="/widget/relais-widget.js"></script></head>
<body><relais-picker snapshot="/points.tiles" tiles="none" lang="fr" lat="${lat2}" lon="${lon2}"></relais-picker></body></html>` }));
    await next.goto(`${origin}/again.html`);
    return { next, list: await waitForList(next), posted: await next.evaluate(() => document.querySelector('input[name=relais_point]').value) };
  };
  const across = await visit(45.16, 5.74);
  assert.equal(across.list[0], keys[2]);
  assert.equal(across.posted, keys[2], 'still the choice, without a click');
  // An address in Lille: a point 600 km away is neither proposed nor posted.
  const lille = await visit(50.6292, 3.0573);
  assert.ok(!lille.list.includes(keys[2]));
  assert.equal(lille.posted, '', 'nothing chosen for this address yet');
  await context.close();
});

test('a host that ignores Range gets the same list from the whole snapshot', async () => {
  const origin = await serve(join(work, 'points.tiles'), false);
  const { page, context, problems, packRequests } = await pickerPage(origin, 48.8566, 2.3522);
  assert.deepEqual(await waitForList(page), wholeList(48.8566, 2.3522));
  assert.equal(packRequests.length, 1, 'one request: the pack as it came, read up to the end of its snapshot');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a damaged tile gives the picker\'s error state and the page goes on', async () => {
  const pack = readFileSync(join(work, 'points.tiles'));
  const view = new DataView(pack.buffer, pack.byteOffset, pack.byteLength);
  // Damage every tile: whichever the picker reads is refused.
  const damaged = Buffer.from(pack);
  const snapshotEnd = Number(view.getBigUint64(24, true) + view.getBigUint64(32, true));
  for (let at = snapshotEnd + 64; at < damaged.length; at += 97) damaged[at] ^= 0x3c;
  writeFileSync(join(work, 'damaged.tiles'), damaged);
  const origin = await serve(join(work, 'damaged.tiles'));
  const { page, context, problems } = await pickerPage(origin, 48.8566, 2.3522);
  const events = page.evaluate(() => new Promise((resolve) => document.querySelector('relais-picker')
    .addEventListener('relais-error', (e) => resolve(e.detail), { once: true })));
  await page.waitForFunction(() => document.querySelector('relais-picker').shadowRoot.querySelector('.status.error'));
  assert.equal(await page.locator('relais-picker li.item').count(), 0, 'no list from a damaged file');
  const detail = await Promise.race([events, new Promise((resolve) => setTimeout(() => resolve(null), 2000))]);
  if (detail) assert.equal(detail.code, 'RELAIS_BAD_SNAPSHOT');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a damaged whole snapshot leaves the list working and says so', async () => {
  const pack = readFileSync(join(work, 'points.tiles'));
  const view = new DataView(pack.buffer, pack.byteOffset, pack.byteLength);
  // The whole snapshot inside the pack (the map's, read in the background) is damaged; the tiles are not.
  const damaged = Buffer.from(pack);
  const start = Number(view.getBigUint64(24, true)), end = start + Number(view.getBigUint64(32, true));
  for (let at = start + 4096; at < end; at += 4093) damaged[at] ^= 0x5a;
  writeFileSync(join(work, 'damaged-whole.tiles'), damaged);
  const origin = await serve(join(work, 'damaged-whole.tiles'));
  const { page, context, problems } = await pickerPage(origin, 48.8566, 2.3522);
  const event = page.evaluate(() => new Promise((resolve) => document.querySelector('relais-picker')
    .addEventListener('relais-error', (e) => resolve(e.detail), { once: true })));
  assert.deepEqual(await waitForList(page), wholeList(48.8566, 2.3522));
  const detail = await Promise.race([event, new Promise((resolve) => setTimeout(() => resolve({ code: 'no relais-error in 20 s' }), 20000))]);
  assert.equal(detail.code, 'RELAIS_BAD_SNAPSHOT');
  assert.match(detail.message, /map's points/);
  assert.equal(detail.fallback, undefined, 'not a failure of the picker');
  assert.equal(await page.locator('relais-picker .status.error').count(), 0);
  assert.ok(await page.locator('relais-picker li.item').count() > 0, 'the list stays');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a damaged postcode page is said, and the place table finds the postcode instead', async () => {
  execFileSync(cli, ['places', '--in', join(root, 'demo/data/laposte_hexasmal_2020.csv'), '--out', join(work, 'places.rlpt')], { stdio: 'ignore' });
  execFileSync(cli, ['tiles', '--snapshot', join(work, 'points.relais'), '--places', join(work, 'places.rlpt'), '--out', join(work, 'postcodes.tiles')],
    { stdio: 'ignore' });
  const pack = readFileSync(join(work, 'postcodes.tiles'));
  const view = new DataView(pack.buffer, pack.byteOffset, pack.byteLength);
  const block = 64 + 40 * view.getUint32(48, true);  // The postcode block, after the header and the root page.
  const pages = view.getUint32(block, true), pageSize = view.getUint32(block + 4, true), offset = Number(view.getBigUint64(block + 8, true));
  assert.ok(pages > 0);
  const damaged = Buffer.from(pack);
  for (let p = 0; p < pages; p++) damaged[offset + p * pageSize + 100] ^= 0x5a;
  writeFileSync(join(work, 'damaged-postcodes.tiles'), damaged);
  const server = await startServer(0, join(work, 'points.relais'), undefined, { tiles: join(work, 'damaged-postcodes.tiles'), places: join(work, 'places.rlpt') });
  servers.push(server);
  const { page, context, problems } = await pickerPage(`http://127.0.0.1:${server.address().port}`, NaN, NaN, 'places="/places.rlpt" postcode="38000"');
  const event = page.evaluate(() => new Promise((resolve) => document.querySelector('relais-picker')
    .addEventListener('relais-error', (e) => resolve(e.detail), { once: true })));
  const keys = await waitForList(page);
  const detail = await Promise.race([event, new Promise((resolve) => setTimeout(() => resolve({ code: 'no relais-error in 20 s' }), 20000))]);
  assert.equal(detail.code, 'RELAIS_BAD_SNAPSHOT');
  assert.match(detail.message, /postcode/);
  assert.equal(detail.fallback, undefined);
  // The place table's centre of 38000: the list is the whole snapshot's around it.
  const centre = JSON.parse(execFileSync(cli, ['place', '--places', join(work, 'places.rlpt'), '--q', '38000'], { encoding: 'utf8' }));
  assert.deepEqual(keys, wholeList(centre.lat, centre.lon));
  assert.match(await page.evaluate(() => document.querySelector('relais-picker').shadowRoot.querySelector('.status').textContent), /38000/);
  assert.deepEqual(problems, []);
  await context.close();
});

// Bytes and requests of the pack before and after the first list of `page`.
function packTraffic(page) {
  return page.evaluate(() => {
    const listed = performance.getEntriesByName('relais:first-list')[0].startTime;
    const pack = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/points.tiles'));
    const sum = (list) => list.reduce((n, e) => n + e.encodedBodySize, 0);
    return { answeredBefore: pack.filter((e) => e.responseEnd <= listed).length, requests: pack.length, bytes: sum(pack) };
  });
}

test('a returning shopper lists from this browser\'s copy; a new pack costs its changed tiles; offline, the list says its date', async () => {
  const copy = join(work, 'versions.tiles');
  writeFileSync(copy, readFileSync(join(work, 'points.tiles')));
  const [lat, lon] = [45.1885, 5.7245];  // Grenoble.
  // The merchant's checkout, served by the host (a service worker keeps what comes from the network), with a
  // script of its own, and an account page the host marks private. The pack is cached an hour by the browser,
  // as a CDN would have it: the widget must still ask the host which pack is out.
  const html = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Commande</title>
<script type="module" src="/widget/relais-widget.js"></script><script type="module" src="/checkout-app.js"></script></head><body>
<relais-picker snapshot="/points.tiles" service-worker="/relais-sw.js" tiles="none" lang="fr" lat="${lat}" lon="${lon}"></relais-picker></body></html>`;
  const pages = {
    '/checkout.html': html,
    '/checkout-app.js': { type: 'text/javascript', body: 'document.body.dataset.app = "ran";' },
    '/account.html': { body: '<!doctype html><title>Compte</title><p>Vos commandes', headers: { 'Cache-Control': 'private, no-cache' } },
  };
  const server = await startServer(0, join(work, 'points.relais'), undefined, { tiles: copy, pages, packCache: 'public, max-age=3600' });
  servers.push(server);
  const url = `http://127.0.0.1:${server.address().port}/checkout.html`;
  const context = await browser.newContext({ viewport: { width: 390, height: 800 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const visit = async (prepare) => {
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await prepare?.(page);
    await page.goto(url);
    return { page, problems };
  };

  const one = await visit();
  const first = await waitForList(one.page);
  await one.page.waitForFunction(() => performance.getEntriesByName('relais:whole-snapshot').length > 0, null, { timeout: 20000 });
  await one.page.evaluate(() => navigator.serviceWorker.ready);
  await one.page.close();
  const account = await context.newPage();
  await account.goto(url.replace('checkout.html', 'account.html'));
  await account.close();

  // Second visit: the list comes from the copy, without waiting for the host -- whose answers are held 2 s here
  // -- and the pack costs one range, the header's, to revalidate (asked for while the copy is read).
  let held = 0;
  const two = await visit((page) => page.route('**/points.tiles', async (route) => {
    held++;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await route.continue().catch(() => {});
  }));
  assert.deepEqual(await waitForList(two.page), first);
  await two.page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/points.tiles')), null, { timeout: 10000 });
  const second = await packTraffic(two.page);
  assert.ok(held >= 1, 'the pack was asked for');
  assert.equal(second.answeredBefore, 0, 'the list did not wait for the host');
  assert.ok(second.requests === 1 && second.bytes <= 11352, `revalidation: ${second.requests} requests, ${second.bytes} bytes`);
  assert.ok(await two.page.evaluate(() => Boolean(navigator.serviceWorker.controller)), 'the service worker serves the page');
  assert.deepEqual(two.problems, []);
  await two.page.close();

  // The next day's pack: a new point right where the shopper is. The copy lists first, then the new pack's
  // list replaces it, for the header and the changed tiles only.
  const extra = { carrier: 'la-poste', id: 'NEW001', kind: 'post_office', name: 'Nouveau bureau', address: ['1 place Grenette'],
    postcode: '38000', city: 'GRENOBLE', country: 'FR', lat, lon, tz: 'Europe/Paris', status: 'active' };
  execFileSync(cli, ['convert', '--format', 'laposte-csv', '--in', join(root, 'demo/data/laposte_poincont2_2016.csv'), '--out', join(work, 'v2.jsonl')], { stdio: 'ignore' });
  writeFileSync(join(work, 'v2.jsonl'), readFileSync(join(work, 'v2.jsonl'), 'utf8') + JSON.stringify(extra) + '\n');
  execFileSync(cli, ['build', '--in', join(work, 'v2.jsonl'), '--out', join(work, 'v2.relais')], { stdio: 'ignore' });
  // This one with its postcodes (a shopper offline may type one).
  execFileSync(cli, ['places', '--in', join(root, 'demo/data/laposte_hexasmal_2020.csv'), '--out', join(work, 'v2-places.rlpt')], { stdio: 'ignore' });
  execFileSync(cli, ['tiles', '--snapshot', join(work, 'v2.relais'), '--places', join(work, 'v2-places.rlpt'), '--out', copy], { stdio: 'ignore' });
  const three = await visit();
  await waitForList(three.page);
  const updated = await waitForList(three.page, first);
  assert.equal(updated[0], 'la-poste/NEW001', 'the new pack\'s list');
  // Every range but the whole snapshot's (the map's, fetched in the background afterwards).
  const wholeSize = readFileSync(join(work, 'v2.relais')).length;
  const traffic = await three.page.evaluate((size) => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/points.tiles'))
    .map((e) => e.encodedBodySize).filter((n) => n !== size), wholeSize);
  const changed = traffic.reduce((a, b) => a + b, 0);
  assert.ok(changed < 11352 + 3 * 8192, `a new pack cost ${changed} bytes before the map's snapshot (${traffic})`);
  await three.page.waitForFunction(() => performance.getEntriesByName('relais:whole-snapshot').length > 0, null, { timeout: 20000 });
  await three.page.close();

  // Offline: the page, its script and the widget from the service worker, the list from the copy, with its
  // date. A postcode the copy has never read cannot be looked up: the widget says so, not "no such place".
  await context.setOffline(true);
  const four = await visit();
  assert.equal((await waitForList(four.page))[0], 'la-poste/NEW001');
  const status = () => four.page.evaluate(() => document.querySelector('relais-picker').shadowRoot.querySelector('.status').textContent);
  await four.page.waitForFunction(() => /hors ligne/.test(document.querySelector('relais-picker').shadowRoot.querySelector('.status').textContent));
  assert.match(await status(), /hors ligne : points au/);
  assert.equal(await four.page.evaluate(() => document.body.dataset.app), 'ran', 'the page\'s own script, offline');
  await four.page.fill('relais-picker input[type=search]', '69001');
  await four.page.press('relais-picker input[type=search]', 'Enter');
  await four.page.waitForFunction(() => /Hors ligne : « 69001 »/.test(document.querySelector('relais-picker').shadowRoot.querySelector('.status').textContent));
  assert.deepEqual(four.problems.filter((p) => !/postcode/.test(p)), []);
  // The private page was never kept.
  const privatePage = await context.newPage();
  await assert.rejects(privatePage.goto(url.replace('checkout.html', 'account.html')));
  await context.close();
});

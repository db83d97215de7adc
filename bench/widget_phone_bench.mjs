// The first list on a phone (issue 25): headless Chromium with a phone profile -- CDP: 1.6 Mbit/s down, 750 kbit/s
// up, 150 ms latency, CPU slowed 4x, a 390 px viewport -- from navigation to the first list of points drawn, three
// runs each, side by side in one run:
//   - <relais-picker> on the tile pack (relais-snapshot tiles), read by ranges;
//   - <relais-picker> on the whole snapshot, as the widget read it before tiles (not run at 1M points: 116 MB
//     at 1.6 Mbit/s is ten minutes);
//   - the peer: a page that asks relais-edge's GET /v1/relays/nearest for 10 points and writes them as a list
//     (the way server-side pickers work), through the same static server (its /edge/ proxy);
//   - a returning shopper (La Poste's points): the same browser a day later, the widget's service worker and
//     tile cache warm, a new pack on the host (one point added where the shopper is).
// Bytes are what the page downloaded before its list (code and data; the map comes after the list).
//   node bench/widget_phone_bench.mjs [--points 1000000]   (La Poste's 17,194 real points are always measured)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../demo/serve.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'build/native/data-sync/relais-snapshot');
const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
const work = mkdtempSync(join(tmpdir(), 'relais-phone-bench-'));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const RUNS = 3;
const median = (list, f) => list.map(f).sort((a, b) => a - b)[Math.floor(list.length / 2)];
const KEY = 'bench-merchant-key-0123456789';
const PARIS = { lat: 48.8566, lon: 2.3522 };

const places = join(work, 'places.rlpt');
execFileSync(cli, ['places', '--in', join(root, 'demo/data/laposte_hexasmal_2020.csv'), '--out', places], { stdio: 'ignore' });

function dataset(name, make) {
  const relais = join(work, `${name}.relais`), tiles = join(work, `${name}.tiles`);
  make(relais);
  execFileSync(cli, ['tiles', '--snapshot', relais, '--places', places, '--out', tiles], { stdio: 'ignore' });
  return { name, relais, tiles, bytes: readFileSync(relais).length };
}

const datasets = [dataset('La Poste, 17,194 points', (out) => execFileSync(cli, ['build', '--format', 'laposte-csv',
  '--in', join(root, 'demo/data/laposte_poincont2_2016.csv'), '--out', out], { stdio: 'ignore' }))];
if (args.points) {
  datasets.push(dataset(`synthetic, ${Number(args.points).toLocaleString('en')} points`, (out) => {
    execFileSync(cli, ['synth', '--count', args.points, '--seed', '7', '--out', join(work, 'synth.jsonl')]);
    execFileSync(cli, ['build', '--in', join(work, 'synth.jsonl'), '--out', out], { stdio: 'ignore' });
  }));
}

async function startEdge(snapshot) {
  writeFileSync(join(work, 'edge.json'), JSON.stringify({ listen: '127.0.0.1', port: 0, database: join(work, 'edge.db'), snapshot,
    brands: [{ id: 'bench', api_key_env: 'RELAIS_BENCH_KEY' }] }));
  const edge = spawn(join(root, 'build/native/edge/relais-edge'), ['--config', join(work, 'edge.json')],
    { env: { ...process.env, RELAIS_BENCH_KEY: KEY }, stdio: ['ignore', 'pipe', 'ignore'] });
  const first = await new Promise((resolve) => createInterface({ input: edge.stdout }).once('line', resolve));
  return { edge, url: `http://${JSON.parse(first).listening}` };
}

const pages = {
  tiles: `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>bench</title>
<script type="module" src="/widget/relais-widget.js"></script></head>
<body><relais-picker snapshot="/points.tiles" tiles="none" lat="${PARIS.lat}" lon="${PARIS.lon}" lang="fr"></relais-picker></body></html>`,
  whole: `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>bench</title>
<script type="module" src="/widget/relais-widget.js"></script></head>
<body><relais-picker snapshot="/points.relais" tiles="none" lat="${PARIS.lat}" lon="${PARIS.lon}" lang="fr"></relais-picker></body></html>`,
  // A checkout that gives the shopper's postcode, as the README's snippet does: from the pack's postcode pages,
  // and as the widget did before them, with the place table and the whole snapshot.
  postcode: `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>bench</title>
<script type="module" src="/widget/relais-widget.js"></script></head>
<body><relais-picker snapshot="/points.tiles" places="/places.rlpt" tiles="none" postcode="75004" lang="fr"></relais-picker></body></html>`,
  'postcode-whole': `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>bench</title>
<script type="module" src="/widget/relais-widget.js"></script></head>
<body><relais-picker snapshot="/points.relais" places="/places.rlpt" tiles="none" postcode="75004" lang="fr"></relais-picker></body></html>`,
  // The peer: one API call, the answer written as a list (the smallest page that does the same job).
  server: `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>bench</title>
<script type="module" src="/server-list.js"></script></head><body><ol id="list"></ol></body></html>`,
};
pages.returning = pages.tiles.replace('snapshot="/points.tiles"', 'snapshot="/points.tiles" service-worker="/relais-sw.js"');
// The peer's script, as a file of the host (a page's inline script would break the demo server's CSP).
const serverListJs = `const r = await fetch('/edge/v1/relays/nearest?lat=${PARIS.lat}&lon=${PARIS.lon}&limit=10', { headers: { Authorization: 'Bearer ${KEY}' } });
const answer = await r.json();
const list = document.getElementById('list');
for (const p of answer.relays || answer.points || answer) { const li = document.createElement('li'); li.textContent = p.name + ', ' + (p.address || []).join(' ') + ' ' + p.city; list.append(li); }
performance.mark('relais:first-list');`;


const pagesOf = { ...Object.fromEntries(Object.entries(pages).map(([kind, html]) => [`/${kind}.html`, html])),
  '/server-list.js': { type: 'text/javascript', body: serverListJs } };

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu',
  '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });

async function measure(origin, kind, shared = null) {
  const context = shared || await browser.newContext({ viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true, locale: 'fr-FR' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: !shared });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });

  const started = Date.now();
  await page.goto(`${origin}/${kind}.html`, { waitUntil: 'commit' });
  await page.waitForFunction(() => performance.getEntriesByName('relais:first-list').length > 0, null, { timeout: 900000, polling: 50 });
  // Bytes on the wire (headers included) of the page and of every request that ended before the list.
  const { at, bytes, requests } = await page.evaluate(() => {
    const listed = performance.getEntriesByName('relais:first-list')[0].startTime;
    const before = performance.getEntriesByType('resource').filter((e) => e.responseEnd <= listed);
    const navigation = performance.getEntriesByType('navigation')[0];
    return { at: listed, bytes: before.reduce((sum, e) => sum + e.transferSize, navigation.transferSize), requests: before.length + 1 };
  });
  const items = await page.evaluate(() => document.querySelectorAll('li').length
    + (document.querySelector('relais-picker')?.shadowRoot?.querySelectorAll('li.item').length || 0));
  if (shared) await page.close();
  else await context.close();
  return { ms: at, bytes, requests, items, wall: Date.now() - started };
}

const rows = [];
for (const d of datasets) {
  const { edge, url } = await startEdge(d.relais);
  const server = await startServer(0, d.relais, url, { tiles: d.tiles, places, pages: pagesOf });
  const origin = `http://127.0.0.1:${server.address().port}`;
  const kinds = d.bytes > 50e6 ? ['tiles', 'postcode', 'server'] : ['tiles', 'postcode', 'whole', 'postcode-whole', 'server'];
  const results = {};
  for (const kind of kinds) {
    results[kind] = [];
    for (let run = 0; run < RUNS; run++) results[kind].push(await measure(origin, kind));
  }
  server.close();
  edge.kill();
  const peer = median(results.server, (r) => r.ms);
  for (const kind of kinds) {
    const list = results[kind];
    const times = list.map((r) => (r.ms / 1000).toFixed(2)).join(', ');
    const what = { tiles: 'widget, tile pack by ranges (lat, lon)', postcode: 'widget, tile pack, postcode="75004"',
      whole: 'widget, whole snapshot as-is (lat, lon)', 'postcode-whole': 'widget, whole snapshot + place table, postcode', server: 'server call (peer)' }[kind];
    rows.push(`| ${d.name} | ${what} `
      + `| ${kb(median(list, (r) => r.bytes))} in ${median(list, (r) => r.requests)} requests | ${times} s | ${(median(list, (r) => r.ms) / peer).toFixed(2)}× |`);
  }
}
// A returning shopper: a first visit (unthrottled) warms the service worker and the tile cache, the host
// gets the next day's pack, then the same browser comes back on the phone profile.
const returning = [];
{
  const d = datasets[0];
  const copy = join(work, 'returning.tiles');
  for (let run = 0; run < RUNS; run++) {
    writeFileSync(copy, readFileSync(d.tiles));
    const server = await startServer(0, d.relais, undefined, { tiles: copy, pages: pagesOf });
    const origin = `http://127.0.0.1:${server.address().port}`;
    const context = await browser.newContext({ viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true, locale: 'fr-FR' });
    const warm = await context.newPage();
    await warm.goto(`${origin}/returning.html`);
    await warm.waitForFunction(() => performance.getEntriesByName('relais:whole-snapshot').length > 0, null, { timeout: 60000 });
    await warm.evaluate(() => navigator.serviceWorker.ready);
    await warm.close();
    const extra = { carrier: 'la-poste', id: `NEW${run}`, kind: 'post_office', name: 'Nouveau bureau', address: ['1 rue de Rivoli'],
      postcode: '75004', city: 'PARIS', country: 'FR', lat: PARIS.lat, lon: PARIS.lon, tz: 'Europe/Paris', status: 'active' };
    execFileSync(cli, ['convert', '--format', 'laposte-csv', '--in', join(root, 'demo/data/laposte_poincont2_2016.csv'), '--out', join(work, 'next.jsonl')], { stdio: 'ignore' });
    writeFileSync(join(work, 'next.jsonl'), readFileSync(join(work, 'next.jsonl'), 'utf8') + JSON.stringify(extra) + '\n');
    execFileSync(cli, ['build', '--in', join(work, 'next.jsonl'), '--out', join(work, 'next.relais')], { stdio: 'ignore' });
    execFileSync(cli, ['tiles', '--snapshot', join(work, 'next.relais'), '--out', copy], { stdio: 'ignore' });
    returning.push(await measure(origin, 'returning', context));
    await context.close();
    server.close();
  }
}
await browser.close();
console.log('\nFirst list on a phone profile (1.6 Mbit/s, 150 ms, CPU 4x slower), 3 runs each; ratio: median time / the server call\'s median');
console.log('| dataset | page | bytes before the list | first list (3 runs) | ratio |');
console.log('|---|---|---|---|---|');
for (const row of rows) console.log(row);
console.log(`\nReturning shopper, La Poste's points, service worker and tile cache warm, the next day's pack on the host: first list`
  + ` ${returning.map((r) => (r.ms / 1000).toFixed(2)).join(', ')} s, ${kb(median(returning, (r) => r.bytes))} on the wire before it`
  + ' (the list comes from the copy without waiting for the host; the range of the header, asked for at once, is the revalidation, and the tiles of the new pack are read after the list). The page itself comes through the service worker,'
  + ' whose own requests the page-level throttling does not slow.');

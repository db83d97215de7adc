// The widget's budgets, measured in headless Chromium on this machine (printed, not asserted):
//   - bytes: widget JS + WASM + CSS gzipped (Leaflet apart), against what a Leaflet.markercluster page ships
//     for the same points: the plugin + the points as GeoJSON, gzipped;
//   - time from the page's start, and from the widget script's request, to the first list rendered, with a
//     100,000-point snapshot;
//   - frame times while the map is dragged around.
//   node bench/widget_bench.mjs [points=100000]      (after the native and wasm builds; bash bench/run runs it)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServer } from '../demo/serve.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const count = Number(process.argv[2] || 100000);
const cli = join(root, 'build/native/data-sync/relais-snapshot');
const work = mkdtempSync(join(tmpdir(), 'relais-widget-bench-'));
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

execFileSync(cli, ['synth', '--count', String(count), '--seed', '7', '--out', join(work, 'points.jsonl')]);
execFileSync(cli, ['build', '--in', join(work, 'points.jsonl'), '--out', join(work, 'points.relais')]);
const snapshotBytes = readFileSync(join(work, 'points.relais'));

// Bytes: ours against Leaflet.markercluster + the same points as GeoJSON (what such a page downloads).
const sizes = JSON.parse(readFileSync(join(root, 'build/wasm/widget/sizes.json'), 'utf8'));
const features = readFileSync(join(work, 'points.jsonl'), 'utf8').trim().split('\n').map((line) => {
  const r = JSON.parse(line);
  return { type: 'Feature', geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
    properties: { carrier: r.carrier, id: r.id, kind: r.kind, name: r.name, address: r.address, postcode: r.postcode, city: r.city, hours: r.hours ?? null } };
});
const geojson = Buffer.from(JSON.stringify({ type: 'FeatureCollection', features }));
const cluster = ['leaflet.markercluster.js', 'MarkerCluster.css', 'MarkerCluster.Default.css']
  .reduce((sum, f) => sum + gz(readFileSync(join(root, 'node_modules/leaflet.markercluster/dist', f))), 0);
const ours = sizes.widgetGzip + gz(snapshotBytes);
const theirs = cluster + gz(geojson);
console.log(`Bytes shipped for ${count} points (gzip -9), Leaflet itself (${kb(sizes.files['leaflet.js'].gzip)}) apart:`);
console.log('| what | widget code | points | total |');
console.log('|---|---|---|---|');
console.log(`| relais widget (JS + WASM + CSS) + snapshot | ${kb(sizes.widgetGzip)} | ${kb(gz(snapshotBytes))} | ${kb(ours)} |`);
console.log(`| Leaflet.markercluster + GeoJSON | ${kb(cluster)} | ${kb(gz(geojson))} | ${kb(theirs)} |`);
console.log(`ratio: ours is ${((100 * ours) / theirs).toFixed(0)}% of theirs; widget code budget 120 KB: ${kb(sizes.widgetGzip)}`);

const server = await startServer(0, join(work, 'points.relais'));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu',
  '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const runs = [];
for (let run = 0; run < 5; run++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.route(`${origin}/bench.html`, (route) => route.fulfill({ status: 200, headers: { 'Content-Type': 'text/html' },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title><script type="module" src="/widget/relais-widget.js"></script></head>
<body><relais-picker snapshot="/points.relais" tiles="none" lat="48.8566" lon="2.3522" lang="en"></relais-picker></body></html>` }));
  await page.goto(`${origin}/bench.html`);
  await page.waitForFunction(() => document.querySelector('relais-picker')?.shadowRoot?.querySelector('li.item'), null, { timeout: 30000, polling: 'raf' });
  // The widget marks the moment its first list is in the DOM (performance.mark 'relais:first-list').
  await page.waitForFunction(() => performance.getEntriesByName('relais:first-list').length > 0);
  const at = await page.evaluate(() => {
    const script = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/relais-widget.js'));
    const snapshot = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/points.relais'));
    const listed = performance.getEntriesByName('relais:first-list')[0].startTime;
    return { fromStart: listed, fromScript: listed - script.startTime, download: snapshot.responseEnd - snapshot.startTime };
  });
  if (run === 4) {
    // Drag the map for 3 s and record every frame's duration.
    const box = await page.locator('relais-picker .map').boundingBox();
    await page.evaluate(() => {
      window.frames_ = [];
      let last = performance.now();
      const tick = (t) => { window.frames_.push(t - last); last = t; if (window.frames_.length < 100000) window.rafId = requestAnimationFrame(tick); };
      window.rafId = requestAnimationFrame(tick);
    });
    const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
    for (let leg = 0; leg < 6; leg++) {
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      await page.mouse.move(cx + (leg % 2 ? -220 : 220), cy + (leg % 3 ? 120 : -120), { steps: 30 });
      await page.mouse.up();
      if (leg === 2) await page.mouse.wheel(0, -300);
    }
    const frames = await page.evaluate(() => { cancelAnimationFrame(window.rafId); return window.frames_.slice(2); });
    frames.sort((a, b) => a - b);
    const q = (p) => frames[Math.min(frames.length - 1, Math.floor(p * frames.length))];
    at.frames = { n: frames.length, p50: q(0.5), p95: q(0.95), max: frames.at(-1) };
  }
  runs.push(at);
  await context.close();
}
await browser.close();
server.close();
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`\nFirst list rendered with ${count} points (median of ${runs.length} page loads; budget 400 ms):`);
console.log(`  from the page's start: ${median(runs.map((r) => r.fromStart)).toFixed(0)} ms; from the widget script's request: ${median(runs.map((r) => r.fromScript)).toFixed(0)} ms`
  + ` (of which the snapshot's download, ${kb(snapshotBytes.length)} uncompressed over loopback: ${median(runs.map((r) => r.download)).toFixed(0)} ms)`);
const f = runs[4].frames;
console.log(`Map drag (${f.n} frames): frame time p50 ${f.p50.toFixed(1)} ms (${(1000 / f.p50).toFixed(0)} fps), p95 ${f.p95.toFixed(1)} ms (${(1000 / f.p95).toFixed(0)} fps), worst ${f.max.toFixed(1)} ms; budget ≥ 50 fps`);

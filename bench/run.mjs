// relais benchmarks: our WebAssembly engine against named peers on the same points in the same process.
//
//   bash bench/run            (builds, then runs this; sizes via RELAIS_BENCH_SIZES=10000,100000,1000000)
//
// Peers: geokdbush 2.1 (k nearest great-circle over a kdbush 4.1 index), kdbush (index build),
// our native build of the same engine (relais-bench). Points: a seeded generator over metropolitan France
// ("uniform"), and the real La Poste contact points replicated with 2 km jitter ("laposte-jitter"). Queries:
// La Poste postcode centroids (shoppers' towns). Both files are in demo/data. Before timing, our k nearest are checked against brute-force haversine on a sample.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import KDBush from 'kdbush';
import * as geokdbush from 'geokdbush';
import Supercluster from 'supercluster';

const root = fileURLToPath(new URL('..', import.meta.url));
const snapshotCli = join(root, 'build/native/data-sync/relais-snapshot');
const benchCli = join(root, 'build/native/bench/relais-bench');
const { Relais } = await import(join(root, 'build/wasm/relais.mjs'));
const wasmBinary = readFileSync(join(root, 'build/wasm/relais.wasm'));
const contactPoints = join(root, 'demo/data/laposte_poincont2_2016.csv');
const postcodes = join(root, 'demo/data/laposte_hexasmal_2020.csv');
const work = join(root, 'build/bench');
mkdirSync(work, { recursive: true });

const sizes = (process.env.RELAIS_BENCH_SIZES || '10000,100000,1000000').split(',').map(Number);
const QUERIES = 5000;
const rows = [];
const fmt = (x, digits = 2) => (x >= 100 ? x.toFixed(0) : x.toFixed(digits));

function bestOf(rounds, fn) {
  let best = Infinity;
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

// The box a 1280x800 map shows around (lat, lon) at a zoom (256-pixel tiles).
function viewport(lat, lon, zoom) {
  const worldPx = 256 * 2 ** zoom;
  const y = 0.5 - Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) / (2 * Math.PI);
  const latOf = (yy) => (360 / Math.PI) * Math.atan(Math.exp((0.5 - yy) * 2 * Math.PI)) - 90;
  return {
    west: lon - (640 / worldPx) * 360, east: lon + (640 / worldPx) * 360,
    north: latOf(Math.max(0, y - 400 / worldPx)), south: latOf(Math.min(1, y + 400 / worldPx)),
  };
}

function haversine(lat1, lon1, lat2, lon2) {
  const r = Math.PI / 180, dlat = (lat2 - lat1) * r, dlon = (lon2 - lon1) * r;
  const a = Math.sin(dlat / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(dlon / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(a)));
}

// Shoppers' locations: postcode centroids in metropolitan France (real density).
function makeQueries() {
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const centroids = readFileSync(postcodes, 'utf8').split('\n').slice(1)
    .map((line) => line.split(';')[5]).filter((c) => c && c.includes(','))
    .map((c) => c.split(',').map(Number)).filter(([lat, lon]) => lat > 41 && lat < 52 && lon > -5.5 && lon < 10);
  return Array.from({ length: QUERIES }, () => centroids[Math.floor(random() * centroids.length)]);
}

// A snapshot left by an earlier run is reused only if this build opens it (the format may have moved on).
function usableSnapshot(path) {
  if (!existsSync(path)) return false;
  try {
    execFileSync(snapshotCli, ['info', '--snapshot', path], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function dataset(kind, n) {
  const jsonl = join(work, `${kind}-${n}.jsonl`), snap = join(work, `${kind}-${n}.relais`);
  if (!usableSnapshot(snap)) {
    const args = ['synth', '--count', String(n), '--seed', '7', '--out', jsonl];
    if (kind === 'laposte-jitter') args.push('--anchors', contactPoints);
    execFileSync(snapshotCli, args);
    const t0 = performance.now();
    execFileSync(snapshotCli, ['build', '--in', jsonl, '--out', snap]);
    console.error(`  built ${kind} ${n} natively in ${fmt(performance.now() - t0)} ms (parse JSONL + build)`);
  }
  const lines = readFileSync(jsonl, 'utf8').split('\n').filter(Boolean);
  const lat = new Float64Array(lines.length), lon = new Float64Array(lines.length), rare = new Uint8Array(lines.length);
  lines.forEach((line, i) => {
    const p = JSON.parse(line);
    lat[i] = p.lat;
    lon[i] = p.lon;
    rare[i] = p.carrier === 'chronopost' ? 1 : 0;  // 1% of the generated points.
  });
  return { snap, bytes: readFileSync(snap), lat, lon, rare, n: lines.length };
}

const queries = makeQueries();
writeFileSync(join(work, 'queries.txt'), queries.map(([a, b]) => `${a} ${b}`).join('\n'));

for (const kind of ['uniform', 'laposte-jitter']) {
  for (const n of sizes) {
    console.error(`${kind} ${n} points`);
    const d = dataset(kind, n);

    // Peer load: build a kdbush index from coordinates. Ours: bytes -> first answer.
    let index;
    const peerLoad = bestOf(3, () => {
      index = new KDBush(d.n);
      for (let i = 0; i < d.n; i++) index.add(d.lon[i], d.lat[i]);
      index.finish();
      geokdbush.around(index, queries[0][1], queries[0][0], 10);
    });
    // Cold: the first load into a fresh module, as a page does once (its memory grows and is touched for the
    // first time); best of 3 fresh modules, the module's own instantiation left out.
    let coldLoad = Infinity;
    for (let round = 0; round < 3; round++) {
      const fresh = await Relais.createModule({ wasmBinary });
      const t0 = performance.now();
      const loaded = await Relais.load(d.bytes, { module: fresh });
      loaded.nearestIndex({ lat: queries[0][0], lon: queries[0][1] });
      coldLoad = Math.min(coldLoad, performance.now() - t0);
      loaded.close();
    }
    // What any load into fresh memory pays first: the file's bytes copied into pages the module never touched
    // (the system zeroes each page at its first write), nothing checked or indexed.
    let coldCopy = Infinity;
    for (let round = 0; round < 3; round++) {
      const fresh = await Relais.createModule({ wasmBinary });
      const t0 = performance.now();
      const ptr = fresh._relais_alloc(d.bytes.length);
      fresh.HEAPU8.set(d.bytes, ptr);
      coldCopy = Math.min(coldCopy, performance.now() - t0);
      fresh._free(ptr);
    }
    const module = await Relais.createModule({ wasmBinary });
    let r = null;
    const timeLoad = async (verifyChecksum) => {
      let best = Infinity;
      for (let round = 0; round < 3; round++) {
        if (r) r.close();
        const t0 = performance.now();
        r = await Relais.load(d.bytes, { module, verifyChecksum });
        r.nearestIndex({ lat: queries[0][0], lon: queries[0][1] });
        best = Math.min(best, performance.now() - t0);
      }
      return best;
    };
    const ourLoadUnchecked = await timeLoad(false);
    const ourLoad = await timeLoad(true);
    // What a load that checks every byte cannot go under: copying the bytes into the engine's memory, and
    // hashing them as they land (the difference between the two loads above).
    const copyOnly = bestOf(3, () => {
      const ptr = module._relais_alloc(d.bytes.length);
      module.HEAPU8.set(d.bytes, ptr);
      module._free(ptr);
    });

    // Correctness first: our k nearest against brute force on a sample.
    for (const [qlat, qlon] of queries.slice(0, 10)) {
      const ours = r.nearestIndex({ lat: qlat, lon: qlon, k: 10, includeInactive: true }).distances;
      const all = Array.from(d.lat, (la, i) => haversine(qlat, qlon, la, d.lon[i])).sort((a, b) => a - b).slice(0, 10);
      all.forEach((m, i) => {
        if (Math.abs(m - ours[i]) > 0.5) throw new Error(`wrong answer at rank ${i}: ${ours[i]} vs ${m}`);
      });
    }

    const perQuery = (fn) => (bestOf(3, () => { for (const q of queries) fn(q); }) * 1000) / queries.length;
    const peerNearest = perQuery(([la, lo]) => geokdbush.around(index, lo, la, 10));
    const ourNearest = perQuery(([la, lo]) => r.nearestIndex({ lat: la, lon: lo, k: 10, includeInactive: true }));
    const rare = d.rare;
    const peerFiltered = perQuery(([la, lo]) => geokdbush.around(index, lo, la, 10, Infinity, (i) => rare[i] === 1));
    const ourFiltered = perQuery(([la, lo]) => r.nearestIndex({ lat: la, lon: lo, k: 10, carriers: ['chronopost'], includeInactive: true }));
    const ourObjects = perQuery(([la, lo]) => r.nearest({ lat: la, lon: lo, k: 10, includeInactive: true }));
    // Clustering: supercluster builds its hierarchy at load; ours is in the snapshot (our load above).
    const features = Array.from({ length: d.n }, (_, i) => ({
      type: 'Feature', properties: null, geometry: { type: 'Point', coordinates: [d.lon[i], d.lat[i]] },
    }));
    let sc;
    const t0 = performance.now();
    sc = new Supercluster({ radius: 60, extent: 512, maxZoom: 16 }).load(features);
    const peerClusterLoad = performance.now() - t0;
    const clusterZooms = [5, 8, 12].map((zoom) => {
      const box = viewport(48.8566, 2.3522, zoom);
      const peerItems = sc.getClusters([box.west, box.south, box.east, box.north], zoom).length;
      const ourItems = r.clusters(box, zoom).length;
      const peer = (bestOf(3, () => { for (let i = 0; i < 100; i++) sc.getClusters([box.west, box.south, box.east, box.north], zoom); }) * 10);
      const ours = (bestOf(3, () => { for (let i = 0; i < 100; i++) r.clusters(box, zoom); }) * 10);
      return { zoom, peer, ours, peerItems, ourItems };
    });

    const native = JSON.parse(execFileSync(benchCli, ['--snapshot', d.snap, '--queries', join(work, 'queries.txt')], { encoding: 'utf8' }));
    const nativeFiltered = JSON.parse(execFileSync(benchCli, ['--snapshot', d.snap, '--queries', join(work, 'queries.txt'), '--carrier', 'chronopost'], { encoding: 'utf8' }));
    r.close();

    rows.push({ kind, n, coldLoad, coldCopy, peerClusterLoad, clusterZooms, peerLoad, ourLoad, ourLoadUnchecked, copyOnly, bytes: d.bytes.length, peerNearest, ourNearest, peerFiltered, ourFiltered, ourObjects, native, nativeFiltered });
  }
}

console.log('\nk=10 nearest, µs per query (best of 3 rounds of %d queries); load = bytes in memory -> first answer, ms', QUERIES);
console.log('| points | set | geokdbush | relais wasm | ratio | geokdbush 1% filter | relais wasm 1% | ratio | relais wasm + objects (nearest()) | ratio with objects | relais native | wasm/native | kdbush build ms | relais load ms (checksum / bounds only) | ratio (checksum / bounds only) |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const x of rows) {
  console.log(`| ${x.n} | ${x.kind} | ${fmt(x.peerNearest)} | ${fmt(x.ourNearest)} | ${fmt(x.peerNearest / x.ourNearest)}× | ${fmt(x.peerFiltered)} | ${fmt(x.ourFiltered)} | ${fmt(x.peerFiltered / x.ourFiltered)}× | ${fmt(x.ourObjects)} | ${fmt(x.peerNearest / x.ourObjects)}× | ${fmt(x.native.query_us)} | ${fmt(x.ourNearest / x.native.query_us)}× | ${fmt(x.peerLoad)} | ${fmt(x.ourLoad)} / ${fmt(x.ourLoadUnchecked)} | ${fmt(x.peerLoad / x.ourLoad)}× / ${fmt(x.peerLoad / x.ourLoadUnchecked)}× |`);
}
console.log('\nFirst load into a fresh module (cold: what a page pays once) against the warm load above and a kdbush build, ms');
console.log('| points | set | kdbush build | relais cold | ratio cold | relais warm | ratio warm | copy alone into fresh memory | its ratio (the cold ceiling) |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const x of rows) {
  console.log(`| ${x.n} | ${x.kind} | ${fmt(x.peerLoad)} | ${fmt(x.coldLoad)} | ${fmt(x.peerLoad / x.coldLoad)}× | ${fmt(x.ourLoad)} | ${fmt(x.peerLoad / x.ourLoad)}× | ${fmt(x.coldCopy)} | ${fmt(x.peerLoad / x.coldCopy)}× |`);
}
console.log('\nLoad floor of a check of every byte: copy into wasm memory + XXH64 of each piece as it lands (= load with checksum - bounds only), ms');
console.log('| points | set | file MB | copy | hashing | floor | best ratio any full check could reach |');
console.log('|---|---|---|---|---|---|---|');
for (const x of rows) {
  const hash = Math.max(0, x.ourLoad - x.ourLoadUnchecked), floor = x.copyOnly + hash;
  console.log(`| ${x.n} | ${x.kind} | ${fmt(x.bytes / 1e6, 1)} | ${fmt(x.copyOnly)} | ${fmt(hash)} | ${fmt(floor)} | ${fmt(x.peerLoad / floor)}× |`);
}

console.log('\nClustering: load = supercluster.load (radius 60, extent 512, maxZoom 16) vs our snapshot load; viewport = 1280x800 around Paris, µs per call (items returned)');
console.log('| points | set | supercluster load ms | relais load ms | ratio | z5 supercluster | z5 relais | z8 supercluster | z8 relais | z12 supercluster | z12 relais |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const x of rows) {
  const z = x.clusterZooms.map((c) => `${fmt(c.peer)} (${c.peerItems}) | ${fmt(c.ours)} (${c.ourItems})`).join(' | ');
  console.log(`| ${x.n} | ${x.kind} | ${fmt(x.peerClusterLoad)} | ${fmt(x.ourLoad)} | ${fmt(x.peerClusterLoad / x.ourLoad)}× | ${z} |`);
}

// The real La Poste points as a snapshot: its size against the gzipped JSONL.
const jsonl = join(work, 'laposte.jsonl'), snap = join(work, 'laposte.relais');
execFileSync(snapshotCli, ['convert', '--format', 'laposte-csv', '--in', contactPoints, '--out', jsonl], { stdio: 'ignore' });
execFileSync(snapshotCli, ['build', '--in', jsonl, '--out', snap]);
const a = gzipSync(readFileSync(jsonl), { level: 9 }).length, b = gzipSync(readFileSync(snap), { level: 9 }).length;
console.log(`\nReal La Poste points (17,194): gzipped canonical JSONL ${a} B, gzipped snapshot ${b} B: ${fmt((100 * b) / a, 1)}% (target <= 50%)`);
// A bound on any file that carries the records' text: the text fields alone (id, name, address, postcode,
// town), each gzipped as a column of its own, in the file's order or sorted by postcode (the best of the
// two), with no coordinates, hours or index.
const records = readFileSync(jsonl, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
const columnsGzip = (list) => ['id', 'name', 'address', 'postcode', 'city']
  .map((field) => gzipSync(list.map((r) => [].concat(r[field] ?? '').join('\n')).join('\0'), { level: 9 }).length)
  .reduce((sum, size) => sum + size, 0);
const byPostcode = [...records].sort((x, y) => x.postcode.localeCompare(y.postcode) || x.city.localeCompare(y.city));
const textOnly = Math.min(columnsGzip(records), columnsGzip(byPostcode));
console.log(`Their text fields alone, gzipped column by column: ${textOnly} B, ${fmt((100 * textOnly) / a, 1)}% of the gzipped JSONL`);

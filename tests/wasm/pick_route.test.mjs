// The picking route in WebAssembly (relais-pick.mjs), as the picker's phone computes it: on the test store
// (tests/fixtures/picking/store_layout.json: six aisles, a middle cross-aisle), for random stops of random
// classes and a random starting bay, its length must be the best over every order that keeps the classes in
// order, each leg a shortest path in a graph of the store built here, independently of the engine, by
// Dijkstra's algorithm. Its order must keep the classes in order; a refused request names its field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const wasmDir = process.env.RELAIS_WASM_DIR || join(root, 'build/wasm');
const { RelaisPick } = await import(join(wasmDir, 'relais-pick.mjs'));
const picking = await RelaisPick.load({ wasmBinary: readFileSync(join(wasmDir, 'relais-pick.wasm')) });
const layout = JSON.parse(readFileSync(join(root, 'tests/fixtures/picking/store_layout.json'), 'utf8'));

// The store's geometry, as the layout's documentation defines it: aisles `aisle_spacing_m` apart from x = 0,
// cross-aisles' centre lines at cross_aisles_m, bays of bay_m from each cross-aisle's edge, numbered from the
// front across the middle cross-aisle.
const xs = Array.from({ length: layout.aisles }, (_, i) => i * layout.aisle_spacing_m);
const ys = layout.cross_aisles_m;
const half = layout.cross_aisle_width_m / 2;
const blocks = ys.slice(0, -1).map((y, b) => Math.floor((ys[b + 1] - y - 2 * half) / layout.bay_m + 1e-9));
function baySpot(aisle, bay) {
  let before = 0;
  for (let b = 0; b < blocks.length; b++) {
    if (bay - 1 < before + blocks[b]) return [xs[aisle - 1], ys[b] + half + (bay - 1 - before + 0.5) * layout.bay_m];
    before += blocks[b];
  }
  throw new Error('no such bay');
}
const bayCount = blocks.reduce((a, b) => a + b, 0);

// Dijkstra on the lines cut at every node and every spot.
function distances(spots) {
  const ids = new Map(), edges = [];
  const id = ([x, y]) => {
    const key = `${x.toFixed(6)},${y.toFixed(6)}`;
    if (!ids.has(key)) ids.set(key, ids.size);
    return ids.get(key);
  };
  const cut = (points, along) => {
    points.sort((a, b) => a[along] - b[along]);
    for (let i = 0; i + 1 < points.length; i++) edges.push([id(points[i]), id(points[i + 1]), points[i + 1][along] - points[i][along]]);
  };
  xs.forEach((x) => cut([...ys.map((y) => [x, y]), ...spots.filter(([sx]) => sx === x)], 1));
  ys.forEach((y) => cut([...xs.map((x) => [x, y]), ...spots.filter(([, sy]) => sy === y)], 0));
  const adjacency = Array.from({ length: ids.size }, () => []);
  for (const [a, b, w] of edges) adjacency[a].push([b, w]), adjacency[b].push([a, w]);
  return spots.map((s) => {
    const d = new Array(ids.size).fill(Infinity), done = new Array(ids.size).fill(false);
    d[id(s)] = 0;
    for (;;) {
      let v = -1;
      for (let i = 0; i < d.length; i++) if (!done[i] && d[i] < Infinity && (v < 0 || d[i] < d[v])) v = i;
      if (v < 0) break;
      done[v] = true;
      for (const [w, len] of adjacency[v]) d[w] = Math.min(d[w], d[v] + len);
    }
    return spots.map((t) => d[id(t)]);
  });
}

const rank = { ambient: 0, chilled: 1, frozen: 2 };

// Best over every order of the stops (indices 1..n of `d`) from 0 to n + 1, classes never going down.
function bestOrder(d, classes) {
  const n = classes.length;
  let best = Infinity;
  const used = new Array(n).fill(false);
  const visit = (at, coldest, sofar, left) => {
    if (sofar >= best) return;
    if (left === 0) return void (best = Math.min(best, sofar + d[at][n + 1]));
    for (let i = 0; i < n; i++) {
      if (used[i] || rank[classes[i]] < coldest) continue;
      used[i] = true;
      visit(i + 1, rank[classes[i]], sofar + d[at][i + 1], left - 1);
      used[i] = false;
    }
  };
  visit(0, 0, 0, n);
  return best;
}

function random(seed) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

test('the phone\'s route is the shortest that keeps the classes in order', () => {
  const rnd = random(26);
  const pick = (n) => 1 + Math.floor(rnd() * n);
  const desk = [layout.packing_desk.x_m, ys[0]];
  for (let round = 0; round < 120; round++) {
    const n = 1 + (round % 7);
    const stops = Array.from({ length: n }, () => ({
      aisle: pick(layout.aisles), bay: pick(bayCount), temperature: ['ambient', 'chilled', 'frozen'][pick(3) - 1] }));
    const from = round % 3 ? { aisle: pick(layout.aisles), bay: pick(bayCount) } : null;
    const start = from ? baySpot(from.aisle, from.bay) : [layout.entrance.x_m, ys[0]];
    const route = picking.route({ layout, from, stops });
    const d = distances([start, ...stops.map((s) => baySpot(s.aisle, s.bay)), desk]);
    const expected = bestOrder(d, stops.map((s) => s.temperature));
    assert.ok(Math.abs(route.length_m - expected) < 1e-6, `round ${round}: ${route.length_m} against ${expected}`);
    assert.deepEqual([...route.order].sort((a, b) => a - b), stops.map((_, i) => i));
    for (let i = 1; i < route.order.length; i++) {
      assert.ok(rank[stops[route.order[i - 1]].temperature] <= rank[stops[route.order[i]].temperature]);
    }
    assert.equal(route.optimal, true);
    // The path starts where the picker stands and ends at the desk.
    assert.deepEqual(route.path.slice(0, 2).map((v) => +v.toFixed(6)), start.map((v) => +v.toFixed(6)));
    assert.deepEqual(route.path.slice(-2), desk);
  }
});

test('a request the engine refuses names its field', () => {
  const refused = (request, message) => assert.throws(() => picking.route(request),
    (e) => e.code === 'RELAIS_BAD_ROUTE' && e.message.includes(message), message);
  refused({ layout, stops: [{ aisle: 9, bay: 1 }] }, 'stops[0].aisle: no such aisle');
  refused({ layout, stops: [{ aisle: 1, bay: 1, temperature: 'warm' }] }, 'stops[0].temperature');
  refused({ layout, from: { aisle: 1 }, stops: [] }, 'from: {aisle, bay}');
  refused({ layout: { ...layout, cross_aisles_m: [0] }, stops: [] }, 'layout.cross_aisles_m');
  refused({ stops: [] }, 'layout: required');
});

test('a store of walkways: the route round an island, classes in order, on the phone', () => {
  const walkways = {
    nodes: [{ id: 'door', x: 0, y: 0 }, { id: 'till', x: 10, y: 0 }, { id: 'back-right', x: 10, y: 8 },
      { id: 'fridge', x: 0, y: 8 }, { id: 'island', x: 5, y: 4 }],
    edges: [['door', 'till'], ['till', 'back-right'], ['back-right', 'fridge'], ['fridge', 'door'], ['door', 'island', 7.5]],
  };
  const layout = { walkways, entrance: { node: 'door' }, packing_desk: { node: 'till' } };
  // Worked by hand (tests/engine/walkway_route_test.cc): the island and back (15), the fridge and back (16), the till (10).
  const route = picking.route({ layout, stops: [{ node: 'fridge', temperature: 'chilled' }, { node: 'island' }] });
  assert.deepEqual(route.order, [1, 0]);
  assert.equal(route.length_m, 41);
  assert.equal(route.optimal, true);
  assert.deepEqual(route.path, [0, 0, 5, 4, 0, 0, 0, 8, 0, 0, 10, 0]);
  assert.throws(() => picking.route({ layout, stops: [{ node: 'attic' }] }), /stops\[0\]\.node: no such node/);
});

// Basket splitting in WebAssembly against the native engine (relais-snapshot split) on hundreds of
// synthetic baskets, exact and heuristic sizes: the plans' JSON must be byte-identical.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const nativeBin = process.env.RELAIS_NATIVE_BIN || join(root, 'build/native/data-sync/relais-snapshot');
const wasmDir = process.env.RELAIS_WASM_DIR || join(root, 'build/wasm');
const { Relais } = await import(join(wasmDir, 'relais.mjs'));
const wasmBinary = readFileSync(join(wasmDir, 'relais.wasm'));
// The split module, apart from the snapshot module: relays and lockers given by key are resolved in `r`.
const { RelaisSplit } = await import(join(wasmDir, 'relais-split.mjs'));

const work = mkdtempSync(join(tmpdir(), 'relais-split-'));
const snapshotPath = join(work, 'points.relais');
let r, splitting;

before(async () => {
  execFileSync(nativeBin, ['synth', '--count', '2000', '--seed', '9', '--out', join(work, 'points.jsonl')]);
  execFileSync(nativeBin, ['build', '--in', join(work, 'points.jsonl'), '--out', snapshotPath, '--date', '2026-11-25']);
  r = await Relais.load(readFileSync(snapshotPath), { wasmBinary });
  splitting = await RelaisSplit.load({ wasmBinary: readFileSync(join(wasmDir, 'relais-split.wasm')) });
});

const native = (basketsPath) =>
  execFileSync(nativeBin, ['split', '--in', basketsPath, '--snapshot', snapshotPath], { encoding: 'utf8', maxBuffer: 1 << 28 })
    .trim()
    .split('\n');

test('hundreds of baskets: byte-identical plans natively and in WebAssembly', () => {
  const small = join(work, 'small.jsonl');
  const large = join(work, 'large.jsonl');
  execFileSync(nativeBin, ['split-synth', '--count', '300', '--seed', '11', '--lines', '12', '--sites', '20', '--out', small]);
  execFileSync(nativeBin, ['split-synth', '--count', '60', '--seed', '12', '--lines', '40', '--sites', '120', '--out', large]);
  let heuristic = 0;
  let shipments = 0;
  for (const file of [small, large]) {
    const baskets = readFileSync(file, 'utf8').trim().split('\n');
    const expected = native(file);
    assert.equal(expected.length, baskets.length);
    baskets.forEach((basket, i) => {
      const plan = splitting.split(basket, { snapshot: r, text: true });
      assert.equal(plan, expected[i], `${file} basket ${i}`);
      const parsed = JSON.parse(plan);
      heuristic += parsed.exact ? 0 : 1;
      shipments += parsed.shipments.length;
    });
  }
  assert.ok(heuristic > 20, `only ${heuristic} baskets took the heuristic`);
  assert.ok(shipments > 300);
});

test('a relay point given by its key comes from the snapshot, as natively', () => {
  const point = JSON.parse(
    execFileSync(nativeBin, ['nearest', '--snapshot', snapshotPath, '--lat', '48.85', '--lon', '2.35', '--k', '1', '--kinds', 'shop'], {
      encoding: 'utf8',
    }),
  )[0];
  const basket = {
    today: '2026-11-25',
    now_hour: 9,
    purchase_site: 'wh',
    sites: [{ id: 'wh', lat: 48.93, lon: 2.36, preparation_cents: 50, modes: { relay: { cost_cents: 390, lead_time_hours: 24, transit_days: 2 } } }],
    basket: [{ sku: 'BOOK', quantity: 2, weight_g: 450, dims_cm: [30, 20, 5] }],
    stock: { BOOK: { wh: 10 } },
    choices: { modes: ['relay'], relay: { carrier: point.carrier, id: point.id } },
  };
  const file = join(work, 'relay.jsonl');
  writeFileSync(file, JSON.stringify(basket) + '\n');
  const plan = splitting.split(basket, { snapshot: r });
  assert.equal(JSON.stringify(plan), native(file)[0]);
  assert.equal(plan.shipments.length + plan.unserved.length, 1);
  if (plan.shipments.length) assert.deepEqual(plan.shipments[0].destination, { carrier: point.carrier, id: point.id });
  basket.choices.relay = { carrier: point.carrier, id: 'NO-SUCH-POINT' };
  assert.throws(() => splitting.split(basket, { snapshot: r }), (e) => e.code === 'RELAIS_BAD_SPLIT_INPUT' && /choices\.relay\.id/.test(e.message));
});

test('a refused input names its field and leaves the module usable', () => {
  assert.throws(() => splitting.split({ today: '2026-11-25', sites: [] }, { snapshot: r }), (e) => e.code === 'RELAIS_BAD_SPLIT_INPUT' && /sites/.test(e.message));
  assert.throws(() => splitting.split('not json', { snapshot: r }), (e) => e.code === 'RELAIS_BAD_SPLIT_INPUT');
  assert.equal(r.nearest({ lat: 48.85, lon: 2.35, k: 1 }).length, 1);
});

test('a splitter parses the sites once and re-plans each change of mind like split()', () => {
  const file = join(work, 'splitter.jsonl');
  execFileSync(nativeBin, ['split-synth', '--count', '20', '--seed', '13', '--lines', '8', '--sites', '30', '--fixed', '1', '--out', file]);
  for (const text of readFileSync(file, 'utf8').trim().split('\n')) {
    const input = JSON.parse(text);
    const splitter = splitting.splitter(input, { snapshot: r });
    assert.equal(splitter.plan({ choices: input.choices, preference: input.preference }, { text: true }), splitting.split(text, { snapshot: r, text: true }));
    // Two more of the first sku, the last dropped, fastest first, home delivery only.
    const changed = structuredClone(input);
    changed.basket[0].quantity += 2;
    changed.basket.pop();
    changed.preference = 'fastest';
    changed.choices.modes = ['home'];
    const update = {
      quantities: { [input.basket[0].sku]: input.basket[0].quantity + 2, [input.basket.at(-1).sku]: 0 },
      choices: changed.choices,
      preference: 'fastest',
    };
    assert.equal(splitter.plan(update, { text: true }), splitting.split(changed, { snapshot: r, text: true }));
    assert.throws(() => splitter.plan({ quantities: { 'NO-SUCH-SKU': 1 } }), (e) => e.code === 'RELAIS_BAD_SPLIT_INPUT');
    assert.equal(splitter.plan(update, { text: true }), splitting.split(changed, { snapshot: r, text: true }));  // Unchanged by the refusal.
    // The shopper imposes a mode on the first line (the widget's per-line choice), then lifts it.
    const imposed = structuredClone(changed);
    imposed.basket[0].mode = 'relay';
    assert.equal(splitter.plan({ ...update, line_modes: { [input.basket[0].sku]: 'relay' } }, { text: true }),
      splitting.split(imposed, { snapshot: r, text: true }));
    delete imposed.basket[0].mode;
    assert.equal(splitter.plan({ ...update, line_modes: { [input.basket[0].sku]: null } }, { text: true }),
      splitting.split(imposed, { snapshot: r, text: true }));
    assert.throws(() => splitter.plan({ line_modes: { [input.basket[0].sku]: 'teleport' } }), /line_modes.*unknown mode/);
    splitter.close();
    assert.throws(() => splitter.plan(update));
  }
});

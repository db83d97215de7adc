// The refund of a product return in WebAssembly (Splitting.refund, relais-split.mjs) -- what the tracking page
// shows before the shopper confirms a return -- on the hand-computed cases of tests/fixtures/refund/cases.json,
// which tests/engine/refund_test.cc checks natively: the same text byte for byte on both sides. Then the
// quote's invariants over random orders returned piecemeal, and the refusals.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const wasmDir = process.env.RELAIS_WASM_DIR || join(root, 'build/wasm');
const { RelaisSplit } = await import(join(wasmDir, 'relais-split.mjs'));
const fixture = JSON.parse(readFileSync(join(root, 'tests/fixtures/refund/cases.json'), 'utf8'));

let splitting;

before(async () => {
  splitting = await RelaisSplit.load({ wasmBinary: readFileSync(join(wasmDir, 'relais-split.wasm')) });
});

test('the shared cases: the text the native engine gives, byte for byte', () => {
  assert.ok(fixture.cases.length >= 10);
  for (const c of fixture.cases) {
    if (c.quote.error) {
      assert.throws(
        () => splitting.refund(c.input),
        (e) => e.code === 'RELAIS_BAD_REFUND_INPUT' && e.message === `relais: ${c.quote.error}`,
        c.why,
      );
      continue;
    }
    // The fixture lists the keys sorted, as the engine writes them: its JSON.stringify is the engine's text.
    assert.equal(splitting.refund(c.input, { text: true }), JSON.stringify(c.quote), c.why);
    assert.equal(splitting.refund(JSON.stringify(c.input), { text: true }), JSON.stringify(c.quote), c.why);
    assert.deepEqual(splitting.refund(c.input), c.quote, c.why);
  }
});

test('order A returned unit by unit: 357 three times, then 1428 and the delivery', () => {
  // Lines 1999 x 1 and 500 x 3 (goods 3499), 1000 off, delivery 490 refunded when the order is whole. Shares by
  // largest remainder: 1999000 / 3499 = 571 r 1071, 1500000 / 3499 = 428 r 2428, the leftover cent to line 2:
  // 571 and 429. Nets 1428 and 1071; line 2's units floor(1071 k / 3) - floor(1071 (k - 1) / 3) = 357 each.
  // The last return, line 1, completes the order: 1428 + 490 = 1918. In all 3 x 357 + 1918 = 2989
  // = 3499 - 1000 + 490.
  const order = {
    lines: [{ unit_cents: 1999, quantity: 1 }, { unit_cents: 500, quantity: 3 }],
    discount_cents: 1000,
    shipping_cents: 490,
    policy: { shipping_when_whole_order: true },
  };
  const steps = [
    { returning: [0, 1], refund: 357, shipping: 0 },
    { returning: [0, 1], refund: 357, shipping: 0 },
    { returning: [0, 1], refund: 357, shipping: 0 },
    { returning: [1, 0], refund: 1918, shipping: 490 },
  ];
  const returnedBefore = [0, 0];
  let refunded = 0;
  for (const step of steps) {
    const quote = splitting.refund({ ...order, returned_before: returnedBefore, returning: step.returning, refunded_before_cents: refunded });
    assert.equal(quote.refund_cents, step.refund);
    assert.equal(quote.shipping_cents, step.shipping);
    assert.equal(quote.owed_cents, 0);
    refunded += quote.refund_cents;
    step.returning.forEach((n, i) => (returnedBefore[i] += n));
  }
  assert.equal(refunded, 2989);
  // All at once: the same 2989.
  assert.equal(splitting.refund({ ...order, returning: [1, 3] }).refund_cents, 2989);
});

// A small seeded generator (mulberry32): the same orders at each run.
function generator(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (low, high) => low + Math.floor(next() * (high - low + 1));
}

test('random orders returned piecemeal: whole cents, never more than paid, worth one return of the same units', (t) => {
  const seed = 424242;
  const pick = generator(seed);
  let orders = 0;
  let returns = 0;
  let takenBack = 0;
  for (let o = 0; o < 1000; ++o) {
    const lines = Array.from({ length: pick(1, 8) }, () => ({ unit_cents: pick(0, 50000), quantity: pick(0, 6) }));
    const goods = lines.reduce((s, l) => s + l.unit_cents * l.quantity, 0);
    const order = {
      lines,
      discount_cents: pick(0, goods),
      shipping_cents: pick(0, 1500),
      benefits: Array.from({ length: pick(0, 2) }, (_, b) => ({
        code: `B${b}`,
        value_cents: pick(0, 2000),
        threshold_cents: pick(0, goods),
        used: pick(0, 1) === 1,
      })),
      policy: { shipping_when_whole_order: pick(0, 1) === 1, shipping_when_defective: pick(0, 1) === 1 },
    };
    const paid = goods - order.discount_cents + order.shipping_cents;
    const before = lines.map(() => 0);
    let refunded = 0;
    let owed = 0;
    let defective = false;
    for (;;) {
      const returning = lines.map((l, i) => pick(0, l.quantity - before[i]));
      const now = returning.reduce((s, n) => s + n, 0);
      const request = { returned_before: [...before], returning, refunded_before_cents: refunded, defective_before: defective, defective: now > 0 && pick(0, 4) === 0 };
      const quote = splitting.refund({ ...order, ...request });
      ++returns;
      for (const value of [quote.goods_cents, quote.shipping_cents, quote.taken_back_cents, quote.refund_cents, quote.owed_cents, ...quote.line_cents]) {
        assert.ok(Number.isInteger(value) && value >= 0, JSON.stringify(quote));
      }
      assert.equal(quote.goods_cents, quote.line_cents.reduce((s, c) => s + c, 0));
      // This refund is its goods, delivery and benefits taken back, less what was owed before, plus what it
      // could not take back.
      assert.equal(quote.refund_cents - quote.owed_cents + owed, quote.goods_cents + quote.shipping_cents - quote.taken_back_cents);
      takenBack += quote.taken_back.length;
      refunded += quote.refund_cents;
      owed = quote.owed_cents;
      defective ||= request.defective;
      returning.forEach((n, i) => (before[i] += n));
      assert.ok(refunded <= paid);
      // The same units in one return: refund - owed alike (exactly the refunds when no spent benefit is lost).
      const once = splitting.refund({ ...order, returning: before, defective });
      assert.equal(refunded - owed, once.refund_cents - once.owed_cents);
      if (before.every((n, i) => n === lines[i].quantity)) break;
    }
    ++orders;
  }
  t.diagnostic(`seed ${seed}: ${orders} orders, ${returns} returns, ${takenBack} spent benefits taken back`);
  assert.ok(takenBack > 50);
});

test('a refused input names its field and leaves the module usable', () => {
  assert.throws(
    () => splitting.refund({ lines: [{ unit_cents: 12.5, quantity: 1 }] }),
    (e) => e instanceof Error && e.code === 'RELAIS_BAD_REFUND_INPUT' && e.message.startsWith('relais: lines[0].unit_cents'),
  );
  assert.throws(() => splitting.refund('not json'), (e) => e.code === 'RELAIS_BAD_REFUND_INPUT' && /not JSON/.test(e.message));
  assert.throws(
    () => splitting.refund({ lines: [{ unit_cents: 500, quantity: 3 }], discount_cents: -1 }),
    (e) => e.code === 'RELAIS_BAD_REFUND_INPUT' && e.message === "relais: discount_cents: between 0 and the goods' amount (1500)",
  );
  // 400 x 3 less 200: a net of 1000, the first unit floor(1000 / 3) = 333.
  assert.equal(splitting.refund({ lines: [{ unit_cents: 400, quantity: 3 }], discount_cents: 200, returning: [1] }).refund_cents, 333);
});

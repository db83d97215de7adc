// The sales forecast in WebAssembly (relais-forecast.mjs), as the staff page's what-if computes it. Histories
// built here whose forecast is known without the engine: a steady seller is forecast at its level, a seller
// twice as busy lately at twice (within the trend's bounds), a fixed trend scales the line by itself, stock-out
// days are not learnt as no demand, the calendar moves Christmas's week, and a new product's forecast is its
// category's times its share. A refused request names its field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const wasmDir = process.env.RELAIS_WASM_DIR || join(root, 'build/wasm');
const { RelaisForecast } = await import(join(wasmDir, 'relais-forecast.mjs'));
const engine = await RelaisForecast.load({ wasmBinary: readFileSync(join(wasmDir, 'relais-forecast.wasm')) });

const DAY = 86400000;
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
const FROM = Date.UTC(2026, 2, 2);  // A Monday in March: no holiday within four weeks.

/** `days` days of sales before FROM, each `sold(date)`. */
function history(days, sold, inStock = () => 1) {
  const first = FROM - days * DAY;
  const dates = Array.from({ length: days }, (_, i) => first + i * DAY);
  return { first_day: iso(first), sold: dates.map(sold), in_stock: dates.map(inStock) };
}
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

test('a steady seller is forecast at its level, day by day', () => {
  const f = engine.forecast({ from: iso(FROM), days: 28, history: history(500, () => 4), holidays: 'none' });
  assert.equal(f.method, 'own_history');
  assert.equal(f.daily.length, 28);
  for (const v of f.daily) assert.ok(Math.abs(v - 4) < 0.01, `${v}`);
  assert.ok(Math.abs(f.total - 112) < 0.2);
  assert.equal(f.compared_with[0], iso(FROM - 364 * DAY));
  assert.equal(f.last_year[0], 4);
});

test('selling twice as much as a year before is a trend of about 2, a fixed trend scales the line', () => {
  // Twice last year's sales over the recent eight weeks (and the rest of the year): the trend is near 2,
  // pulled a little towards 1 (the prior) and bounded by trend_max.
  const h = history(500, (d) => (d >= FROM - 70 * DAY ? 10 : 5));
  const measured = engine.forecast({ from: iso(FROM), days: 28, history: h, holidays: 'none' });
  assert.ok(measured.trend > 1.8 && measured.trend <= 2, `trend ${measured.trend}`);
  const bounded = engine.forecast({ from: iso(FROM), days: 28, history: h, holidays: 'none',
    options: { trend_max: 1.5 } });
  assert.equal(bounded.trend, 1.5);
  const flat = engine.forecast({ from: iso(FROM), days: 28, history: h, holidays: 'none',
    options: { trend_min: 1, trend_max: 1 } });
  const fixed = engine.forecast({ from: iso(FROM), days: 28, history: h, holidays: 'none',
    options: { trend_min: 1.3, trend_max: 1.3 } });
  assert.equal(flat.trend, 1);
  fixed.daily.forEach((v, i) => assert.ok(Math.abs(v - 1.3 * flat.daily[i]) < 0.02, `day ${i}`));
});

test('stock-out days are not learnt as no demand', () => {
  // Last year's comparable weeks were out of stock half the days (sold 0): left out, the level stays 6.
  const out = (d) => (Math.floor((d - FROM) / DAY) % 2 === 0 ? 0 : 1);
  const h = history(500, (d) => (out(d) ? 6 : 0), out);
  const f = engine.forecast({ from: iso(FROM), days: 14, history: h, holidays: 'none' });
  assert.equal(f.method, 'own_history');
  for (const v of f.daily) assert.ok(Math.abs(v - 6) < 0.05, `${v}`);
  // The same zeros said to be in stock are demand: the level halves.
  const zeros = engine.forecast({ from: iso(FROM), days: 14, history: { ...h, in_stock: undefined }, holidays: 'none' });
  assert.ok(sum(zeros.daily) < 0.6 * sum(f.daily));
});

test('the French calendar compares Christmas week with last Christmas week, not with 364 days before', () => {
  const from = Date.UTC(2026, 11, 14);
  const first = from - 500 * DAY;
  // Last year's ten days before Christmas sold 20 a day; the rest 2.
  const xmas = Date.UTC(2025, 11, 25);
  const sold = (d) => (d >= xmas - 10 * DAY && d <= xmas ? 20 : 2);
  const h = { first_day: iso(first), sold: Array.from({ length: 500 }, (_, i) => sold(first + i * DAY)) };
  const fr = engine.forecast({ from: iso(from), days: 12, history: h, holidays: 'fr' });
  const none = engine.forecast({ from: iso(from), days: 12, history: h, holidays: 'none' });
  // 24 December 2026 is a Thursday; 364 days before is 25 December 2025 (its day). 23 December is compared with
  // 23 December 2025 by the calendar, with 24 December 2025 without: both in the peak. 15 December 2026 without
  // the calendar reads 16 December 2025 (peak); with it, 15 December 2025 (peak too): the week moves by a day.
  assert.equal(fr.compared_with[10], '2025-12-24');
  assert.equal(none.compared_with[10], '2025-12-25');
  assert.ok(fr.daily[10] > 10, `Christmas Eve ${fr.daily[10]}`);
  assert.notDeepEqual(fr.compared_with, none.compared_with);
});

test('a holiday of the brand\'s own is compared with its own date last year', () => {
  // A sales season from 8 January 2025 and 14 January 2026 (a week later in the year), its days selling 30.
  const from = Date.UTC(2026, 0, 12);
  const first = from - 500 * DAY;
  const seasons = [Date.UTC(2025, 0, 8), Date.UTC(2026, 0, 14)];
  const sold = (d) => (d >= seasons[0] && d < seasons[0] + 7 * DAY ? 30 : 3);
  const h = { first_day: iso(first), sold: Array.from({ length: 500 }, (_, i) => sold(first + i * DAY)) };
  const own = [{ name: 'soldes', dates: seasons.map(iso), days_before: 0, days_after: 6 }];
  const f = engine.forecast({ from: iso(from), days: 14, history: h, holidays: 'none', own_holidays: own });
  // 14 January 2026 is the season's first day: compared with 8 January 2025, the last season's first.
  assert.equal(f.compared_with[2], '2025-01-08');
  assert.ok(f.daily[2] > 20, `the season's first day ${f.daily[2]}`);
  // Without it, 364 days before: 15 January 2025, after last year's season ended.
  const plain = engine.forecast({ from: iso(from), days: 14, history: h, holidays: 'none' });
  assert.equal(plain.compared_with[2], '2025-01-15');
  assert.ok(plain.daily[2] < 10);
  assert.throws(() => engine.forecast({ from: iso(from), days: 14, history: h, own_holidays: [{ name: 'x', dates: ['2026-01-32'] }] }),
    /own_holidays\[0\]\.dates\[0\]: a date/);
});

test('a new product takes its category forecast times its share, the launch share before its own', () => {
  const category = { path: 'kitchen/mugs', ...history(500, () => 40) };
  const fresh = { first_day: iso(FROM - 3 * DAY), sold: [1, 0, 1] };
  const launch = engine.forecast({ from: iso(FROM), days: 28, history: fresh, category, holidays: 'none',
    options: { launch_share: 0.1 } });
  assert.equal(launch.method, 'category_launch');
  assert.equal(launch.category_used, 'kitchen/mugs');
  assert.equal(launch.launch_share, 0.1);
  // The share: (2 sold + 2 prior units) / (120 the category sold + 2 / 0.1), about 0.029.
  assert.ok(Math.abs(launch.share - 4 / 140) < 0.001, `share ${launch.share}`);
  assert.ok(Math.abs(launch.total - 40 * 28 * launch.share) < 0.5);
  const bolder = engine.forecast({ from: iso(FROM), days: 28, history: fresh, category, holidays: 'none',
    options: { launch_share: 0.5 } });
  assert.ok(bolder.total > launch.total);
  // Eight weeks on sale at 4 a day of the category's 40: its own share, 0.1, has taken over.
  const known = engine.forecast({ from: iso(FROM), days: 28, history: history(56, () => 4), category,
    holidays: 'none', options: { launch_share: 0.5 } });
  assert.equal(known.method, 'category_share');
  assert.ok(Math.abs(known.share - 0.1) < 0.005, `share ${known.share}`);
});

test('a refused request names its field and throws', () => {
  const base = { from: iso(FROM), days: 28, history: history(30, () => 1) };
  const refused = (request) => {
    try {
      engine.forecast(request);
    } catch (e) {
      assert.equal(e.code, 'RELAIS_BAD_FORECAST');
      return e.message;
    }
    assert.fail('accepted');
  };
  assert.match(refused({ ...base, days: 400 }), /days: a whole number from 1 to 366/);
  assert.match(refused({ ...base, from: '2026-02-30' }), /^relais: from:/);
  assert.match(refused({ ...base, history: { first_day: '2026-01-01', sold: [1, 'x'] } }), /history\.sold\[1\]: a number/);
  assert.match(refused({ ...base, history: { ...base.history, in_stock: [1] } }), /history\.in_stock:/);
  assert.match(refused({ ...base, options: { trend_min: 2, trend_max: 1 } }), /options\.trend_min/);
  assert.match(refused({ ...base, holidays: 'us' }), /holidays:/);
  assert.match(refused({ ...base, category: history(400, () => 3) }), /options\.launch_share: required/);
  // A short history without a category: the mean of its last four weeks.
  const short = engine.forecast(base);
  assert.equal(short.method, 'no_history');
  assert.ok(Math.abs(short.daily[0] - 1) < 0.01);
});

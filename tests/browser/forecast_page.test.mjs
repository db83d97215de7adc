// The sales forecast page (web/staff/forecast.html) on a 360 px phone, against a real relais-edge holding two
// years of generated sales (relais-forecast generate, imported through POST /v1/sales/history): a product's
// forecast drawn with its method written under it, the what-if computed in the page by the WebAssembly engine
// (with the server's options it finds the server's figures; a fixed trend scales them; a new product's launch
// share moves its category fallback), a category's sum, and an unknown product refused by the server's words.
// Strict CSP, axe-core clean, no sideways scrolling, no console error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../demo/serve.mjs';
import { buildSnapshot, callEdge, cleanUp, launchChromium, shopRecords, startEdge } from './staff_helpers.mjs';
import { axe } from './staff_returns_steps.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const KEY = 'forecast-merchant-key-0123456789';
const work = mkdtempSync(join(tmpdir(), 'relais-forecast-'));
const state = {};
const today = new Date().toISOString().slice(0, 10);

const merchant = async (method, path, body) => (await callEdge(state.edgeUrl, KEY, method, path, body)).json();

before(async () => {
  buildSnapshot(work, shopRecords(['A1']));
  Object.assign(state, await startEdge({ work, env: { FORECAST_KEY: KEY },
    brands: [{ id: 'demo', name: 'Demo', api_key_env: 'FORECAST_KEY' }] }));
  for (const id of ['site-1', 'site-2']) {
    await merchant('PUT', `/v1/sites/${id}`, { kind: 'store', name: id === 'site-1' ? 'Rivoli' : 'Ivry',
      location: { address: ['1 rue de Rivoli'], postcode: '75004', city: 'PARIS', country: 'FR', lat: 48.8566,
        lon: 2.3522, tz: 'Europe/Paris' } });
  }
  // Two years and a bit up to yesterday: two categories of four products each, and one new product in each.
  const csv = execFileSync(join(root, 'build/native/edge/relais-forecast'), ['generate', '--sites', '1',
    '--categories', '2', '--launches', '1', '--days', '800', '--end', today, '--seed', '7'], { encoding: 'utf8' });
  const products = new Map();
  for (const row of csv.trim().split('\n').slice(1)) {
    const [, sku, , , , category] = row.split(',');
    products.set(sku, category);
  }
  for (const [sku, category] of products) {
    await merchant('PUT', `/v1/products/${sku}`, { name: `Product ${sku}`, category, temperature: 'ambient',
      weight_g: 300, price_cents: 990 });
  }
  const res = await fetch(`${state.edgeUrl}/v1/sales/history`, { method: 'POST', body: csv,
    headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'text/csv' } });
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal((await res.json()).refused_count, 0);
  state.products = products;
  state.staff = (await merchant('POST', '/v1/staff-tokens', { site: 'site-1', name: 'Léa' })).token;
  // Restarted with the night's refresh due at any hour: at start it stores each site's next weeks.
  state.edge.kill('SIGTERM');
  await new Promise((resolve) => state.edge.once('exit', resolve));
  Object.assign(state, await startEdge({ work, env: { FORECAST_KEY: KEY }, config: { forecast_refresh_hour_utc: 0 },
    brands: [{ id: 'demo', name: 'Demo', api_key_env: 'FORECAST_KEY' }] }));
  for (let tries = 0; ; tries++) {
    const stored = await merchant('GET', '/v1/forecasts?site=site-1');
    if (stored.made_on) break;
    assert.ok(tries < 100, 'the refresh stored nothing in 20 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  state.server = await startServer(0, join(work, 'points.relais'), state.edgeUrl);
  state.origin = `http://127.0.0.1:${state.server.address().port}`;
  state.browser = await launchChromium();
  mkdirSync(join(root, 'build/test-artefacts'), { recursive: true });
});

after(async () => {
  state.server?.close();
  await cleanUp({ browser: state.browser, edge: state.edge, work });
});

/** The page on a phone, signed in with the site's staff token. */
async function openPage() {
  const context = await state.browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(m.text()); });
  await page.goto(`${state.origin}/staff/forecast.html`);
  await page.fill('#token', state.staff);
  await page.press('#token', 'Enter');
  await page.waitForSelector('#ask:not([hidden])');
  return { page, problems, context };
}

/** Asks for a forecast and waits for it on screen. */
async function ask(page, { sku = '', category = '', days = '28' }) {
  await page.fill('#sku', sku);
  await page.fill('#category', category);
  await page.selectOption('#days', days);
  const before = await page.getAttribute('#result', 'data-shown');
  await page.click('#ask button[type=submit]');
  await page.waitForFunction((b) => (document.getElementById('result').dataset.shown ?? null) !== b, before);
}

const whatIfTotal = (page) => page.evaluate(() => Number(document.getElementById('whatif-total').dataset.total));
async function waitWhatIf(page, before) {
  await page.waitForFunction((b) => document.getElementById('whatif-total').dataset.total !== b &&
    document.getElementById('whatif-total').dataset.total !== undefined, before ?? null);
  return whatIfTotal(page);
}

test('a product forecast from its own history, and what-ifs computed in the page', async () => {
  const { page, problems, context } = await openPage();
  // Staff of site-1 read only their site.
  assert.deepEqual(await page.$$eval('#site option', (os) => os.map((o) => o.value)), ['site-1']);
  // The night's stored forecasts first: the site's best sellers ahead, each opening its chart.
  await page.waitForSelector('#stored-table:not([hidden])');
  const stored = await merchant('GET', '/v1/forecasts?site=site-1');
  const best = [...stored.products].sort((a, b) => b.total - a.total)[0];
  assert.equal(await page.textContent('#stored-table tbody tr:first-child button'), best.sku);
  assert.equal(await page.textContent('#stored-table tbody tr:first-child td:last-child'),
    String(Math.round(best.total)));
  assert.match(await page.textContent('#stored-status'), /^Made on \d+ \w+, for 28 days: 10 products, /);
  await page.click(`#stored-table button[data-sku=${best.sku}]`);
  await page.waitForFunction((sku) => document.getElementById('result-title').textContent.startsWith(`${sku} `), best.sku);
  assert.ok(Math.abs(Number((await page.textContent('#totals')).match(/Forecast: ([\d,]+) units/)[1].replace(/,/g, '')) -
    best.total) <= 1, 'the chart of the stored figures');
  await ask(page, { sku: 'MUG1' });
  const server = await merchant('GET', `/v1/forecast?sku=MUG1&site=site-1&days=28`);
  assert.equal(server.method, 'own_history');
  assert.match(await page.textContent('#method'), /^Method: own history: last year's comparable days, times the recent trend \(trend ×[\d.]+\)\.$/);
  assert.match(await page.textContent('#totals'), new RegExp(`Forecast: ${Math.round(server.total)} units`));
  // The chart: 56 days of history, the forecast and last year's lines, a row a week in the table.
  assert.equal(await page.locator('#chart rect.sold').count() + await page.locator('#chart rect.stockout').count() > 40, true);
  assert.equal(await page.locator('#chart polyline.forecast').count(), 1);
  assert.ok(await page.locator('#chart polyline.last-year').count() >= 1);
  assert.equal(await page.locator('#weeks tbody tr').count(), 4);
  assert.equal(await page.locator('#launch-row').isHidden(), true, 'no launch share for an established product');
  assert.deepEqual(await axe(page), []);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no sideways scrolling at 360 px');

  // The page's engine on the server's inputs finds the server's figures (the same C++, built twice).
  const inputs = (await merchant('GET', `/v1/forecast?sku=MUG1&site=site-1&days=28&inputs=true`)).inputs;
  const mine = await page.evaluate(async ([from, request]) => {
    const { RelaisForecast } = await import('/engine/relais-forecast.mjs');
    return (await RelaisForecast.load()).forecast({ from, days: 28, ...request });
  }, [server.from, inputs]);
  assert.ok(Math.abs(mine.total - server.total) <= 0.11, `${mine.total} against ${server.total}`);
  server.daily.forEach((d, i) => assert.ok(Math.abs(d.forecast - mine.daily[i]) <= 0.011, `day ${i}`));

  // No trend: last year as it was; a fixed 130 %: 1.3 times that, day by day.
  await page.check('#trend-none');
  const flat = await waitWhatIf(page);
  assert.match(await page.textContent('#whatif-total'), /^What-if: [\d,.]+ units \([+-]?\d+% against the forecast\), trend ×1$/);
  assert.equal(await page.locator('#chart polyline.whatif').count(), 1);
  assert.equal(await page.isVisible('#weeks-whatif'), true);
  await page.fill('#trend-percent', '130');  // Focusing it picks "Fixed".
  const fixed = await waitWhatIf(page, String(flat));
  assert.ok(Math.abs(fixed - 1.3 * flat) <= 0.2 + 0.002 * flat, `${fixed} against 1.3 × ${flat}`);
  assert.match(await page.textContent('#whatif-total'), /trend ×1\.3\b/);
  await page.screenshot({ path: join(root, 'build/test-artefacts/forecast-whatif.png'), fullPage: true });
  // Without the holidays' move, a December forecast compares with other days: only its figures change.
  await page.uncheck('#holidays');
  await waitWhatIf(page, String(fixed));
  // An impossible trend is said, not computed.
  await page.fill('#trend-percent', '1');
  await page.waitForFunction(() => /Not computed|from 5 %/.test(document.getElementById('whatif-total').textContent));
  assert.equal(await page.locator('#chart polyline.whatif').count(), 0);
  // Back to the forecast: the what-if line goes.
  await page.click('#whatif button[type=reset]');
  await page.waitForFunction(() => document.getElementById('whatif-total').textContent === '');
  assert.equal(await page.isHidden('#weeks-whatif'), true);
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a new product falls back on its category; its launch share is tried in the page', async () => {
  const { page, problems, context } = await openPage();
  const fresh = [...state.products.keys()].find((sku) => sku === 'MUG5');
  await ask(page, { sku: fresh });
  const server = await merchant('GET', `/v1/forecast?sku=${fresh}&site=site-1&inputs=true`);
  assert.match(server.method, /^category_/);
  assert.equal(server.category_used, 'kitchen/mugs');
  assert.match(await page.textContent('#method'), /^Method: category fallback: "kitchen\/mugs" forecast, times /);
  assert.equal(await page.isVisible('#launch-row'), true);
  const share = Number(await page.inputValue('#launch-share'));
  assert.ok(Math.abs(share - server.inputs.options.launch_share * 100) < 0.01, `${share}`);
  // A bolder launch assumption forecasts more, a timid one less: the product's own sales weigh the same.
  await page.fill('#launch-share', String(share * 3));
  const bold = await waitWhatIf(page);
  await page.fill('#launch-share', String(share / 3));
  const timid = await waitWhatIf(page, String(bold));
  assert.ok(bold > server.total && timid < server.total, `${timid} < ${server.total} < ${bold}`);
  assert.match(await page.textContent('#whatif-total'), /share [\d.]+%/);
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a category and the whole site, then an unknown product refused with the server\'s words', async () => {
  const { page, problems, context } = await openPage();
  await ask(page, { category: 'kitchen/plates', days: '56' });
  const server = await merchant('GET', '/v1/forecast?category=kitchen/plates&site=site-1&days=56');
  assert.match(await page.textContent('#method'), new RegExp(`^Sum of ${server.products} products' forecasts: `));
  assert.match(await page.textContent('#method'), /4 by own history/);
  assert.equal(await page.isHidden('#whatif'), true, 'the what-if redraws one product');
  assert.equal(await page.locator('#weeks tbody tr').count(), 8);
  await ask(page, {});
  assert.match(await page.textContent('#result-title'), /^Every product at Rivoli: 28 days/);
  assert.match(await page.textContent('#method'), /^Sum of 10 products' forecasts/);

  // The product field takes a SKU in any case, or words of one product's name; several or none are said.
  await ask(page, { sku: 'mug2' });
  assert.match(await page.textContent('#result-title'), /^MUG2 at Rivoli/);
  assert.equal(await page.inputValue('#sku'), 'MUG2');
  await ask(page, { sku: 'product pla1' });
  assert.match(await page.textContent('#result-title'), /^PLA1 at Rivoli/);
  await page.fill('#sku', 'product');
  await page.click('#ask button[type=submit]');
  await page.waitForFunction(() => /products match/.test(document.getElementById('ask-status').textContent));
  assert.match(await page.textContent('#ask-status'), /^10 products match "product": MUG1 \(Product MUG1\), /);
  await page.fill('#sku', 'NOPE-1');
  await page.click('#ask button[type=submit]');
  await page.waitForFunction(() => /NOPE-1/.test(document.getElementById('ask-status').textContent));
  assert.match(await page.textContent('#ask-status'), /No product matches "NOPE-1"/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'sku');
  // A site that never sold the product: said so, no what-if on nothing. (Staff of site-1 see only theirs: the
  // merchant key signs in.)
  await page.click('#sign-out');
  await page.waitForSelector('#login:not([hidden])');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('relais-staff-token')), null);
  await page.fill('#token', KEY);
  await page.press('#token', 'Enter');
  await page.waitForSelector('#ask:not([hidden])');
  assert.equal(await page.inputValue('#site'), 'site-1', 'the site asked last on this device');
  await page.selectOption('#site', 'site-2');
  await ask(page, { sku: 'MUG1' });
  assert.match(await page.textContent('#totals'), /^No sales recorded for this at Ivry yet/);
  assert.match(await page.textContent('#method'), /no sales recorded at this site yet/);
  assert.equal(await page.isHidden('#whatif'), true);
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

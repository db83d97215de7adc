// The picking page (web/pick) on a 360 px phone, against a real relais-edge: a wave of three orders walked
// with a keyboard-wedge scanner (typed barcodes + Enter), a stop skipped and the walk re-planned on the phone,
// two products missing -- one substitute accepted and one refused by the shoppers on the tracking page --, an
// offline interval whose scans wait in the page and reach the server once each, then the list finished and its
// orders prepared. Strict CSP, axe-core clean, no sideways scrolling.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../demo/serve.mjs';
import { buildSnapshot, callEdge, cleanUp, launchChromium, shopRecords, startEdge } from './staff_helpers.mjs';
import { axe } from './staff_returns_steps.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const KEY = 'pick-merchant-key-0123456789';
const work = mkdtempSync(join(tmpdir(), 'relais-pick-'));
const state = {};
// Real barcodes (read by ZXing from photographs of products), given to our products.
const products = {
  'BOOK-1': ['ambient', 'books', '9788430532674'],
  'TEA-3': ['ambient', 'grocery/tea', '8413000065504'],
  'TEA-4': ['ambient', 'grocery/tea', '8480010092271'],
  'YOG-4': ['chilled', 'grocery/dairy', '5201815331227'],
  'YOG-5': ['chilled', 'grocery/dairy', '5603667020517'],
  'PEAS-9': ['frozen', 'grocery/frozen', '5000213101025'],
};

const merchant = async (method, path, body) => (await callEdge(state.edgeUrl, KEY, method, path, body)).json();

before(async () => {
  buildSnapshot(work, shopRecords(['A1']));
  Object.assign(state, await startEdge({ work, env: { PICK_KEY: KEY },
    brands: [{ id: 'demo', name: 'Demo', api_key_env: 'PICK_KEY' }] }));
  await merchant('PUT', '/v1/sites/rivoli', { kind: 'store', name: 'Rivoli',
    location: { address: ['1 rue de Rivoli'], postcode: '75004', city: 'PARIS', country: 'FR', lat: 48.8566, lon: 2.3522,
      tz: 'Europe/Paris' },
    capabilities: { click_collect: { cost_cents: 0, lead_time_hours: 1, cold_chain: true } } });
  for (const [sku, [temperature, category, gtin]] of Object.entries(products)) {
    await merchant('PUT', `/v1/products/${sku}`, { name: `Product ${sku}`, category, temperature, weight_g: 400,
      dims_cm: [10, 10, 10], price_cents: 250, gtin });
    await merchant('POST', '/v1/stock/movements', { kind: 'receipt', sku, site: 'rivoli', quantity: 50 });
  }
  const layout = JSON.parse(readFileSync(join(root, 'tests/fixtures/picking/store_layout.json'), 'utf8'));
  layout.locations.push({ sku: 'YOG-5', aisle: 5, bay: 6, side: 'right' }, { sku: 'TEA-4', aisle: 3, bay: 5 });
  await merchant('PUT', '/v1/sites/rivoli/layout', layout);
  const order = async (key, lines, substitutes) => {
    const placed = await (await callEdge(state.edgeUrl, KEY, 'POST', '/v1/orders', { customer_id: `c-${key}`,
      allow_substitutions: substitutes,
      lines: lines.map(([sku, quantity]) => ({ sku, quantity, site: 'rivoli', mode: 'click_collect' })) },
    { 'Idempotency-Key': key })).json();
    return { id: placed.id, token: placed.tracking_token };
  };
  state.orders = [await order('o1', [['BOOK-1', 1], ['YOG-4', 2]], true),
    await order('o2', [['TEA-3', 2], ['PEAS-9', 1]], false),
    await order('o3', [['TEA-3', 1], ['BOOK-1', 1]], true)];
  state.staff = (await merchant('POST', '/v1/staff-tokens', { site: 'rivoli', name: 'Ana' })).token;
  const made = await (await callEdge(state.edgeUrl, state.staff, 'POST', '/v1/sites/rivoli/pick-lists',
    { orders: state.orders.map((o) => o.id) })).json();
  state.list = made.pick_lists[0];
  state.server = await startServer(0, join(work, 'points.relais'), state.edgeUrl);
  state.origin = `http://127.0.0.1:${state.server.address().port}`;
  state.browser = await launchChromium();
});

after(async () => {
  state.server?.close();
  await cleanUp({ browser: state.browser, edge: state.edge, work });
});

test('a wave picked on the phone: skip, missing, offline, answers from the shoppers, prepared', async () => {
  const [o1, o2, o3] = state.orders;
  const context = await state.browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(m.text()); });
  await page.goto(`${state.origin}/pick/`);
  await page.fill('#token', state.staff);
  await page.press('#token', 'Enter');
  await page.click(`button:text("Take ${state.list.id}")`);
  await page.waitForSelector('#stop:not([hidden])');
  // The containers to take before walking: one per order and class at least, each labelled with its order.
  assert.equal(await page.locator('#containers li').count(), state.list.containers.length);
  assert.match(await page.textContent('#containers li'), /no\. 1 of order …/);
  const stop = () => page.evaluate(() => ({ ...document.getElementById('stop').dataset }));
  const serverList = () => merchant('GET', `/v1/pick-lists/${state.list.id}`);

  // The first stop is the route's first line; skipping it re-plans the rest on the phone, and it comes last.
  const first = await stop();
  assert.equal(first.line, '0');
  await page.click('#skip');
  await page.waitForFunction((line) => document.getElementById('stop').dataset.line !== line, first.line);
  assert.deepEqual(await axe(page), []);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no sideways scrolling at 360 px');

  let scans = 0, offline = false, waiting = 0, skippedCameBack = false;
  const seen = [];
  for (let steps = 0; steps < 40; steps++) {
    if (await page.isHidden('#stop')) break;
    const at = await stop();
    seen.push(at.line);
    if (at.line === first.line) skippedCameBack = true;
    // One of o1's two yoghurts is on the shelf: scanned (below), then the other is reported (a shortage).
    const shortage = at.sku === 'YOG-4' && at.order === o1.id && /1 of 2 done/.test(await page.textContent('#how'));
    if (shortage || (at.sku === 'TEA-3' && at.order === o3.id)) {
      await page.click('#missing');  // Not on the shelf: the shopper is asked, the picker goes on.
      if (shortage) {
        assert.match(await page.textContent('#status'), /1 found, the shopper is asked about the other 1/);
      }
      if (offline) waiting++;
      await page.waitForFunction((line) => document.getElementById('stop').hidden ||
        document.getElementById('stop').dataset.line !== line, at.line);
      continue;
    }
    // After two scans the network goes: the next two wait in the page.
    if (scans === 2 && !offline) {
      await context.setOffline(true);
      offline = true;
    }
    const before = await page.textContent('#how');
    await page.fill('#code', products[at.sku][2]);
    await page.press('#code', 'Enter');
    await page.waitForFunction(([line, how]) => document.getElementById('stop').hidden ||
      document.getElementById('stop').dataset.line !== line || document.getElementById('how').textContent !== how,
    [at.line, before]);
    scans++;
    if (offline) waiting++;
    if (offline && scans === 4) {
      await page.waitForFunction((n) => document.getElementById('queue').textContent === `Offline: ${n} waiting to be sent`,
        waiting);
      const held = await serverList();
      assert.equal(held.lines.reduce((n, l) => n + l.picked, 0), 2, 'the server has the two scans sent online only');
      await context.setOffline(false);
      await page.waitForFunction(() => document.getElementById('queue').textContent === '', null, { timeout: 15000 });
      offline = false;
    }
  }
  assert.ok(skippedCameBack, `the skipped stop came back last (${seen})`);
  assert.equal(seen[seen.length - 1], first.line);
  // Every unit picked reached the server once, the two missing lines wait for their shoppers.
  let list = await serverList();
  assert.deepEqual(list.lines.map((l) => l.state).sort(), ['missing', 'missing', 'picked', 'picked', 'picked', 'picked']);
  assert.ok(list.lines.filter((l) => l.state === 'picked').every((l) => l.picked === l.quantity));

  // Finished: it waits for the answers.
  await page.click('#finish');
  await page.waitForFunction(() => /Waiting for the shopper/.test(document.getElementById('status').textContent));

  // The shoppers answer on their tracking pages: o1 takes the other yoghurt, o3 wants no other tea.
  const shopper = await state.browser.newPage({ viewport: { width: 360, height: 740 } });
  await shopper.goto(`${state.origin}/track/?order=${o1.id}&token=${encodeURIComponent(o1.token)}`);
  await shopper.waitForSelector('form.question', { timeout: 15000 });
  assert.match(await shopper.textContent('form.question'), /1 of the 2 Product YOG-4|Il manque 1 « Product YOG-4 » sur les 2/);
  assert.match(await shopper.textContent('form.question button.secondary'), /articles manquants|missing items/);
  await shopper.click('form.question button[type=submit]');
  await shopper.waitForSelector('.question.answered', { timeout: 15000 });
  await shopper.goto(`${state.origin}/track/?order=${o3.id}&token=${encodeURIComponent(o3.token)}`);
  await shopper.waitForSelector('form.question', { timeout: 15000 });
  await shopper.click('form.question button.secondary');
  await shopper.waitForSelector('.question.answered', { timeout: 15000 });
  await shopper.close();

  // The picker's page shows the substitute at its own shelf, for the missing unit; then the list finishes.
  await page.waitForFunction(() => document.getElementById('stop').dataset.sku === 'YOG-5' &&
    !document.getElementById('stop').hidden, null, { timeout: 20000 });
  assert.match(await page.textContent('#where'), /Aisle 5 · bay 6 · right/);
  assert.match(await page.textContent('#what'), /instead of YOG-4/);
  assert.match(await page.textContent('#how'), /Pick 1 \(0 of 1 done\)/);
  for (let unit = 0; unit < 1; unit++) {
    const before = await page.textContent('#how');
    await page.fill('#code', products['YOG-5'][2]);
    await page.press('#code', 'Enter');
    await page.waitForFunction((how) => document.getElementById('stop').hidden ||
      document.getElementById('how').textContent !== how, before);
  }
  // The list waited for that answer: with it picked, it finishes by itself.
  await page.waitForFunction(() => /done: its orders are prepared/.test(document.getElementById('status').textContent),
    null, { timeout: 15000 });
  list = await serverList();
  assert.equal(list.status, 'done');
  for (const o of [o1, o2, o3]) assert.equal((await merchant('GET', `/v1/orders/${o.id}`)).status, 'ready');
  const tea = (await merchant('GET', `/v1/orders/${o3.id}`)).lines.map((l) => l.sku);
  assert.deepEqual(tea, ['BOOK-1'], 'the refused tea left o3');
  const yoghurts = (await merchant('GET', `/v1/orders/${o1.id}`)).lines.map((l) => `${l.sku} ${l.quantity}`);
  assert.deepEqual(yoghurts, ['BOOK-1 1', 'YOG-4 1', 'YOG-5 1'], 'o1 keeps the yoghurt found, the substitute for the other');
  assert.ok(list.lines.some((l) => l.sku === 'YOG-4' && l.state === 'short' && l.picked === 1));
  assert.deepEqual(problems, []);
  await context.close();
});

test('a picker lists what is due today, and another picker\'s list is shown, not offered', async () => {
  const order = async (key, sku) => (await callEdge(state.edgeUrl, KEY, 'POST', '/v1/orders', { customer_id: `c-${key}`,
    lines: [{ sku, quantity: 1, site: 'rivoli', mode: 'click_collect' }] }, { 'Idempotency-Key': key })).json();
  const due = [await order('due-1', 'BOOK-1'), await order('due-2', 'TEA-3')];
  const bo = (await merchant('POST', '/v1/staff-tokens', { site: 'rivoli', name: 'Bo' })).token;
  const context = await state.browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${state.origin}/pick/`);
  await page.fill('#token', bo);
  await page.press('#token', 'Enter');
  await page.waitForSelector('#lists:not([hidden])');
  // Nothing listed yet: the two orders undated (due as soon as can be) make one wave.
  await page.click('#make');
  await page.waitForFunction(() => /1 new list\./.test(document.getElementById('status').textContent));
  const made = (await merchant('GET', '/v1/sites/rivoli/pick-lists?status=open')).pick_lists;
  assert.equal(made.length, 1);
  assert.deepEqual(made[0].shipments.map((s) => s.order_id).sort(), due.map((o) => o.id).sort());
  await page.waitForSelector(`button:text("Take ${made[0].id}")`);
  // Asked again: nothing new.
  await page.click('#make');
  await page.waitForFunction(() => /Nothing new is due today\./.test(document.getElementById('status').textContent));
  // Ana takes it from her phone: on Bo's, it is hers, without a button.
  await callEdge(state.edgeUrl, state.staff, 'POST', `/v1/pick-lists/${made[0].id}/claim`, {});
  await page.click('#refresh');
  await page.waitForFunction((id) => [...document.querySelectorAll('#list-items li.taken')]
    .some((li) => li.textContent.startsWith(id) && /picking, Ana/.test(li.textContent)), made[0].id);
  assert.equal(await page.locator(`button:text("Continue ${made[0].id}")`).count(), 0);
  assert.deepEqual(await axe(page), []);
  await context.close();
});

test('a list walked with the keyboard alone: take, scan, by hand, not on the shelf, finish', async () => {
  const placed = await (await callEdge(state.edgeUrl, KEY, 'POST', '/v1/orders', { customer_id: 'c-keys',
    allow_substitutions: false, lines: [['BOOK-1', 1], ['TEA-3', 1], ['YOG-4', 1]]
      .map(([sku, quantity]) => ({ sku, quantity, site: 'rivoli', mode: 'click_collect' })) },
  { 'Idempotency-Key': 'keys' })).json();
  const made = await merchant('POST', '/v1/sites/rivoli/pick-lists', { orders: [placed.id] });
  const id = made.pick_lists[0].id;
  const cy = (await merchant('POST', '/v1/staff-tokens', { site: 'rivoli', name: 'Cy' })).token;
  const context = await state.browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  // Tab (at most 40 times) until `selector` (with `text`, when given) has the focus, then Enter.
  const press = async (selector, text) => {
    for (let i = 0; i < 40; i++) {
      if (await page.evaluate(([s, t]) => (document.activeElement?.matches(s) ?? false) &&
        (t === undefined || document.activeElement?.textContent === t), [selector, text])) {
        return page.keyboard.press('Enter');
      }
      await page.keyboard.press('Tab');
    }
    assert.fail(`${selector} never took the focus`);
  };
  const stop = () => page.evaluate(() => ({ ...document.getElementById('stop').dataset }));
  const moved = (line) => page.waitForFunction((l) => document.getElementById('stop').hidden ||
    document.getElementById('stop').dataset.line !== l, line);
  await page.goto(`${state.origin}/pick/`);
  for (let i = 0; i < 40 && !(await page.evaluate(() => document.activeElement?.id === 'token')); i++) {
    await page.keyboard.press('Tab');
  }
  await page.keyboard.type(cy);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`button:text("Take ${id}")`);
  await press('#list-items li button', `Take ${id}`);
  await page.waitForSelector('#stop:not([hidden])');
  for (let steps = 0; steps < 3; steps++) {
    const at = await stop();
    if (at.sku === 'BOOK-1') {  // The scanner types into the barcode field, which has the focus.
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'code');
      await page.keyboard.type(products['BOOK-1'][2]);
      await page.keyboard.press('Enter');
    } else if (at.sku === 'TEA-3') {  // No label on it: by hand, with a reason chosen by keyboard.
      await press('#by-hand');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'reason');
      await page.keyboard.press('ArrowDown');
      await press('#hand button[type=submit]');
    } else {
      await press('#missing');
    }
    await moved(at.line);
  }
  await press('#finish');
  await page.waitForFunction(() => /done: its orders are prepared/.test(document.getElementById('status').textContent),
    null, { timeout: 15000 });
  const list = await merchant('GET', `/v1/pick-lists/${id}`);
  assert.equal(list.status, 'done');
  assert.deepEqual(list.lines.map((l) => `${l.sku} ${l.state}`).sort(),
    ['BOOK-1 picked', 'TEA-3 picked', 'YOG-4 cancelled']);
  assert.equal(list.lines.find((l) => l.sku === 'TEA-3').reason, 'label unreadable');
  await context.close();
});

test('a store of walkways: the stop is a place of the plan, and a skip re-plans along the walkways', async () => {
  await merchant('PUT', '/v1/sites/kiosk', { kind: 'store', name: 'Kiosk',
    location: { address: ['2 rue de Rivoli'], postcode: '75004', city: 'PARIS', country: 'FR', lat: 48.8567, lon: 2.3523,
      tz: 'Europe/Paris' },
    capabilities: { click_collect: { cost_cents: 0, lead_time_hours: 1, cold_chain: true } } });
  for (const sku of ['TEA-3', 'BOOK-1', 'YOG-4']) {
    await merchant('POST', '/v1/stock/movements', { kind: 'receipt', sku, site: 'kiosk', quantity: 5 });
  }
  const shop = JSON.parse(readFileSync(join(root, 'tests/fixtures/picking/walkway_shop.json'), 'utf8'));
  shop.locations.push({ sku: 'BOOK-1', node: 'back', side: 'right' });
  await merchant('PUT', '/v1/sites/kiosk/layout', shop);
  const placed = await (await callEdge(state.edgeUrl, KEY, 'POST', '/v1/orders', { customer_id: 'c-kiosk',
    lines: [['TEA-3', 1], ['BOOK-1', 1], ['YOG-4', 1]].map(([sku, quantity]) => ({ sku, quantity, site: 'kiosk',
      mode: 'click_collect' })) }, { 'Idempotency-Key': 'kiosk' })).json();
  const made = await merchant('POST', '/v1/sites/kiosk/pick-lists', { orders: [placed.id] });
  const id = made.pick_lists[0].id;
  // The route the server planned: the island, the back, then the fridge (chilled last), then the till.
  assert.deepEqual(made.pick_lists[0].lines.map((l) => l.node), ['island', 'back', 'fridge']);
  const dee = (await merchant('POST', '/v1/staff-tokens', { site: 'kiosk', name: 'Dee' })).token;
  const context = await state.browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${state.origin}/pick/`);
  await page.fill('#token', dee);
  await page.press('#token', 'Enter');
  await page.click(`button:text("Take ${id}")`);
  await page.waitForSelector('#stop:not([hidden])');
  assert.equal(await page.textContent('#where'), 'island · left · level 2');
  // Skipped: the phone re-plans along the walkways -- the back next, the island comes back last.
  await page.click('#skip');
  await page.waitForFunction(() => document.getElementById('stop').dataset.sku === 'BOOK-1');
  assert.equal(await page.textContent('#where'), 'back · right · level 1');
  assert.match(await page.textContent('#lines'), /Product TEA-3 ×1 · island · pending/);
  assert.deepEqual(problems, []);
  await context.close();
});

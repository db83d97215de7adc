// The customer-service page (web/staff) in a real headless Chromium against a real relais-edge on loopback:
// a staff member signs in, finds a phone order by the caller's e-mail, moves it to another relay point with
// a reason, sees the change in the order's history, gets the server's explanation when an action does not
// apply, then prepares the parcel and hands it to the carrier with its number -- under the strict CSP, with
// no console error, on a 360 px wide screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSnapshot, callEdge, cleanUp, launchChromium, nextOpenDay, openStaffPage, shopRecords, signIn,
  startEdge } from './staff_helpers.mjs';

const work = mkdtempSync(join(tmpdir(), 'relais-service-'));
const key = 'service-test-merchant-key-0123';
let browser, edge, edgeUrl, staffToken, revokedToken, orderId, storeOrder;

const merchant = async (method, path, body, extra = {}) =>
  (await callEdge(edgeUrl, key, method, path, body, extra)).json();

before(async () => {
  buildSnapshot(work, shopRecords(['SHOP-1', 'SHOP-2']));
  ({ edge, edgeUrl } = await startEdge({ work, env: { SERVICE_TEST_KEY: key },
    brands: [{ id: 'demo', name: 'Demo', api_key_env: 'SERVICE_TEST_KEY' }] }));

  // A warehouse, and a store of the same sales zone whose orders the warehouse may serve.
  await merchant('PUT', '/v1/brand/settings', { zones: { paris: { name: 'Paris' } } });
  await merchant('PUT', '/v1/sites/wh-1', { kind: 'warehouse', name: 'Entrepôt', zone: 'paris',
    location: { country: 'FR', lat: 48.93, lon: 2.36, tz: 'Europe/Paris' },
    capabilities: { relay: { cost_cents: 390, lead_time_hours: 24 }, home: { cost_cents: 590, lead_time_hours: 24 } } });
  await merchant('PUT', '/v1/sites/st-1', { kind: 'store', name: 'Magasin Rivoli', zone: 'paris',
    location: { country: 'FR', lat: 48.86, lon: 2.35, tz: 'Europe/Paris' },
    capabilities: { click_collect: { cost_cents: 0, lead_time_hours: 2 } } });
  await merchant('PUT', '/v1/products/BOOK', { name: 'Guide', category: 'books', temperature: 'ambient',
    weight_g: 400, price_cents: 1500 });
  await merchant('POST', '/v1/stock/movements', { kind: 'receipt', sku: 'BOOK', site: 'wh-1', quantity: 5 });
  staffToken = (await merchant('POST', '/v1/staff-tokens', { site: 'wh-1', name: 'Lea' })).token;
  const revoked = await merchant('POST', '/v1/staff-tokens', { site: 'wh-1', name: 'Max' });
  await merchant('DELETE', `/v1/staff-tokens/${revoked.id}`);
  revokedToken = revoked.token;
  orderId = (await merchant('POST', '/v1/orders/import', { customer_id: 'c-1', channel: 'phone',
    external_ref: 'CALL-7', contact: { name: 'A. <b>Martin</b>', email: 'a.martin@example.com' },
    relay: { carrier: 'mondial-relay', id: 'SHOP-1' },
    lines: [{ sku: 'BOOK', quantity: 1, site: 'wh-1', mode: 'relay', date: nextOpenDay() }] })).id;
  // Bought at the store, served by the warehouse alone: a parent with one child, the warehouse's.
  storeOrder = await merchant('POST', '/v1/orders/import', { customer_id: 'c-2', channel: 'store',
    external_ref: 'TILL-9', purchase_site: 'st-1', contact: { email: 'b.durand@example.com' },
    relay: { carrier: 'mondial-relay', id: 'SHOP-1' },
    lines: [{ sku: 'BOOK', quantity: 1, site: 'wh-1', mode: 'relay', date: nextOpenDay() }] });
  browser = await launchChromium();
});

after(() => cleanUp({ browser, edge, work }));

const staffPage = () => openStaffPage(browser, work, edgeUrl);
// Chromium logs every 4xx fetch (the page keeps their statuses apart, in `refusals`): the refusals a test
// provokes are expected, and no other.
const onlyRefused = (refusals, statuses) => assert.deepEqual(refusals.filter((s) => !statuses.includes(s)), []);

test('signing in checks the credential and says what is wrong with it', async () => {
  const { server, page, errors, refusals } = await staffPage();
  try {
    await signIn(page, 'stf_mistyped-token');
    assert.match(await page.textContent('#status'), /^This key or token is not known here/);
    await signIn(page, revokedToken);
    assert.equal(await page.textContent('#status'), 'This staff token was revoked: ask the merchant for a new one.');
    await signIn(page, storeOrder.tracking_token);
    assert.equal(await page.textContent('#status'), 'This is a shopper\'s tracking token, not a staff token.');
    // Refused credentials are not kept: a search asks for a sign-in first.
    await page.fill('#q', 'b.durand@example.com');
    await page.click('#search button');
    assert.equal(await page.textContent('#status'), 'Sign in first, with your staff token.');
    await signIn(page, key);
    assert.equal(await page.textContent('#status'), 'Signed in with the merchant key of demo.');
    // A reload signs in again with the kept credential, and checks it again.
    await page.reload();
    await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Signed in'));
    assert.deepEqual(errors, []);
    onlyRefused(refusals, [401, 409]);
  } finally {
    await page.close();
    server.close();
  }
});

test('acting for the shopper on an order one other site serves acts on that site\'s part', async () => {
  const { server, page, errors, refusals } = await staffPage();
  try {
    assert.equal(storeOrder.children.length, 1);
    await signIn(page, key);  // Customer service, on the phone with the shopper.
    await page.fill('#q', 'b.durand@example.com');
    await page.click('#search button');
    await page.click(`#results button:has-text("${storeOrder.id}")`);
    await page.waitForSelector('#order:not([hidden])');
    await page.fill('#carrier', 'mondial-relay');
    await page.fill('#point', 'SHOP-2');
    await page.fill('#reason', 'the shopper asked at the till');
    await page.click('#action button[type=submit]');
    await page.waitForFunction(() => /^(Done|.*several)/.test(document.getElementById('action-status').textContent));
    assert.equal(await page.textContent('#action-status'), 'Done: recorded in the history.');
    assert.match(await page.textContent('#events'), /relay_changed · merchant/);
    const child = await merchant('GET', `/v1/orders/${storeOrder.children[0].id}`);
    assert.equal(child.lines[0].destination.id, 'SHOP-2');
    assert.deepEqual(errors, []);
    onlyRefused(refusals, [401, 409]);
  } finally {
    await page.close();
    server.close();
  }
});

test('a staff member finds a phone order and moves it to another relay, on the record', async () => {
  const { server, page, errors, violations, refusals } = await staffPage();
  try {
    await signIn(page, staffToken);
    assert.equal(await page.textContent('#status'), 'Signed in: staff of site wh-1 (demo).');
    await page.fill('#q', 'A.Martin@example.com');
    await page.click('#search button');
    await page.click(`#results button:has-text("${orderId}")`);
    await page.waitForSelector('#order:not([hidden])');
    assert.match(await page.textContent('#lines'), /mondial-relay SHOP-1/);
    // The shopper's name is shown as text: markup in it stays inert.
    assert.match(await page.textContent('#order-summary'), /A\. <b>Martin<\/b>/);
    assert.equal(await page.$$eval('#order-summary b', (b) => b.length), 0);

    // Another relay point, with the reason the history keeps.
    await page.fill('#carrier', 'mondial-relay');
    await page.fill('#point', 'SHOP-2');
    await page.fill('#reason', 'the caller is closer to the second shop');
    assert.ok(await page.isVisible('#action button[type=submit]'));
    await page.click('#action button[type=submit]');
    await page.waitForFunction(() => document.getElementById('action-status').textContent.startsWith('Done'));
    assert.match(await page.textContent('#lines'), /mondial-relay SHOP-2/);
    const history = await page.textContent('#events');
    assert.match(history, /relay_changed · staff:\S+ Lea/);
    assert.match(history, /the caller is closer to the second shop/);

    // An action that does not apply: the server's explanation, shown as is.
    await page.selectOption('#action-kind', 'change_slot');
    assert.ok(await page.isVisible('#date'));
    assert.ok(!(await page.isVisible('#carrier')));
    await page.fill('#date', '2099-01-05');
    await page.fill('#reason', 'the caller asked');
    await page.click('#action button[type=submit]');
    await page.waitForFunction(() => document.getElementById('action-status').className === 'error');
    assert.match(await page.textContent('#action-status'), /has nothing to collect/);

    // What the server holds is what the page said.
    const events = await (await fetch(`${edgeUrl}/v1/orders/${orderId}/events`, { headers: { Authorization: `Bearer ${key}` } })).json();
    assert.deepEqual(events.events.map((e) => e.kind), ['created', 'relay_changed']);

    // At the warehouse: the parcel prepared, then handed to the carrier with its number.
    await page.click('#shipments button[data-event=preparation_started]');
    await page.waitForFunction(() => document.getElementById('step-status').textContent === 'Done: Start preparing.');
    await page.click('#shipments button[data-event=preparation_done]');
    await page.waitForSelector('#shipments button[data-event=handed_to_carrier]');
    // No number, or one letter: the page refuses it before sending, and says what the carrier's numbers are.
    await page.click('#shipments button[data-event=handed_to_carrier]');
    assert.equal(await page.textContent('#step-status'), 'Type the parcel number printed on the label first.');
    await page.fill('#s0-parcel', 'x');
    await page.click('#shipments button[data-event=handed_to_carrier]');
    assert.match(await page.textContent('#step-status'),
      /^This is not a mondial-relay parcel number: it is 8 digits \(shipment number\), 26 digits \(label barcode\)/);
    assert.match(await page.textContent('#shipments'), /It is 8 digits \(shipment number\)/);
    // The label's barcode typed in groups, one digit wrong: its check digits refuse it, and the page says why.
    await page.fill('#s0-parcel', '1212 3456 7801 0100 6623 1234 55');
    await page.click('#shipments button[data-event=handed_to_carrier]');
    await page.waitForFunction(() => /fails its check: a character is mistyped/.test(document.getElementById('step-status').textContent));
    assert.match(await page.textContent('#shipments'), /Shipment 1 · relay · Being prepared/);
    // The refused call is the one console error (Chromium logs every 4xx answer) but the expected 409.
    assert.deepEqual(errors, []);
    assert.deepEqual(refusals.splice(0).filter((s) => s !== 409), [400]);
    await page.fill('#s0-parcel', '1212 3456 7801 0100 6623 1234 54');
    await page.click('#shipments button[data-event=handed_to_carrier]');
    await page.waitForFunction(() => document.getElementById('step-status').textContent === 'Done: Handed to the carrier.');
    assert.match(await page.textContent('#shipments'), /Shipment 1 · relay · Shipped/);
    assert.match(await page.textContent('#events'), /step · staff:\S+ Lea/);
    // The parcel number finds the order.
    await page.fill('#q', '12123456780101006623123454');
    await page.click('#search button');
    await page.waitForSelector(`#results button:has-text("${orderId}")`);
    // What the page said about this order goes with it: a search that finds nothing says only that.
    await page.fill('#q', 'nobody@example.com');
    await page.click('#search button');
    await page.waitForFunction(() => document.getElementById('status').textContent === 'No order found.');
    assert.ok(!(await page.isVisible('#step-status')), 'no hand-over status beside another search');
    assert.ok(!(await page.isVisible('#order')));
    const stored = await (await fetch(`${edgeUrl}/v1/orders/${orderId}`, { headers: { Authorization: `Bearer ${key}` } })).json();
    assert.equal(stored.status, 'shipped');
    assert.equal(stored.progress[0].parcel.tracking_number, '12123456780101006623123454');
    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
    onlyRefused(refusals, [409]);
  } finally {
    await page.close();
    server.close();
  }
});

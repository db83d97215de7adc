// Shipping labels on the customer-service page (web/staff) in a real headless Chromium against a real
// relais-edge on loopback: a warehouse's staff member signs in and is warned that the Mondial Relay account
// runs out of parcel numbers, downloads a relay parcel's label as a PDF (its barcode scans as the number the
// server gave, which the hand-over's field then shows), sends it to the site's label printer (a Node
// listener standing for a Zebra on port 9100) and hears when that printer is off, hands the parcel over
// with the label's number, and reads the server's refusals (no account for a home parcel's carrier, a
// label asked of a parcel already gone) -- under the strict CSP, with no console error, 360 px wide.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSnapshot, callEdge, cleanUp, launchChromium, nextOpenDay, openStaffPage, scanBarcodes, shopRecords,
  signIn, startEdge } from './staff_helpers.mjs';

const work = mkdtempSync(join(tmpdir(), 'relais-labels-'));
const key = 'labels-test-merchant-key-0123';
const roomyKey = 'labels-test-other-brand-key-0123';
let browser, edge, edgeUrl, staffToken, relayOrder, homeOrder;

// The site's label printer: what each connection sent, in order.
const jobs = [];
const printer = createServer((socket) => {
  const chunks = [];
  socket.on('data', (c) => chunks.push(c));
  socket.on('end', () => jobs.push(Buffer.concat(chunks).toString('utf8')));
});

const merchant = async (method, path, body, credential = key) =>
  (await callEdge(edgeUrl, credential, method, path, body)).json();

// The shipping configuration of a brand whose Mondial Relay account has `last` numbers in all.
const shipping = (last, printers) => ({ home_carrier: 'colissimo', printers,
  accounts: [{ carrier: 'mondial-relay', account: 'MR-TEST', name: 'Mondial Relay', modes: ['relay'], low_at: 5,
    ranges: [{ scheme: 'mondial-relay', first: 1, last }] }] });

before(async () => {
  await new Promise((resolve) => printer.listen(0, '127.0.0.1', resolve));
  buildSnapshot(work, shopRecords(['SHOP-1']));
  // Two brands: "demo", whose range is nearly used up (3 numbers, low under 5) and whose warehouse has a
  // printer; "roomy", with numbers to spare.
  ({ edge, edgeUrl } = await startEdge({ work, env: { LABELS_TEST_KEY: key, LABELS_TEST_ROOMY_KEY: roomyKey },
    brands: [
      { id: 'demo', name: 'Demo', api_key_env: 'LABELS_TEST_KEY',
        shipping: shipping(3, { 'wh-1': { host: '127.0.0.1', port: printer.address().port } }) },
      { id: 'roomy', name: 'Roomy', api_key_env: 'LABELS_TEST_ROOMY_KEY', shipping: shipping(99999, {}) }] }));

  await merchant('PUT', '/v1/brand/settings', { zones: { paris: { name: 'Paris' } } });
  await merchant('PUT', '/v1/sites/wh-1', { kind: 'warehouse', name: 'Entrepôt Nord', zone: 'paris',
    location: { address: ['12 rue du Landy'], postcode: '93200', city: 'SAINT-DENIS', country: 'FR',
      lat: 48.93, lon: 2.36, tz: 'Europe/Paris' },
    capabilities: { relay: { cost_cents: 390, lead_time_hours: 24 }, home: { cost_cents: 590, lead_time_hours: 24 } } });
  await merchant('PUT', '/v1/products/BOOK', { name: 'Guide', category: 'books', temperature: 'ambient',
    weight_g: 400, price_cents: 1500 });
  await merchant('POST', '/v1/stock/movements', { kind: 'receipt', sku: 'BOOK', site: 'wh-1', quantity: 5 });
  staffToken = (await merchant('POST', '/v1/staff-tokens', { site: 'wh-1', name: 'Lea' })).token;
  relayOrder = (await merchant('POST', '/v1/orders/import', { customer_id: 'c-1', channel: 'web',
    external_ref: 'WEB-41', contact: { name: 'Hélène Dupré', email: 'h.dupre@example.com', phone: '+33612345678' },
    relay: { carrier: 'mondial-relay', id: 'SHOP-1' },
    lines: [{ sku: 'BOOK', quantity: 1, site: 'wh-1', mode: 'relay', date: nextOpenDay() }] })).id;
  // A home parcel: its carrier (the brand's home_carrier, colissimo) has no account here.
  homeOrder = (await merchant('POST', '/v1/orders/import', { customer_id: 'c-2', channel: 'web',
    external_ref: 'WEB-42', contact: { name: 'Marc Petit', email: 'm.petit@example.com' },
    lines: [{ sku: 'BOOK', quantity: 1, site: 'wh-1', mode: 'home', date: nextOpenDay(),
      destination: { address: ['3 allée des Tilleuls'], postcode: '69003', city: 'LYON', country: 'FR' } }] })).id;
  browser = await launchChromium();
});

after(async () => {
  printer.close();
  await cleanUp({ browser, edge, work });
});

const staffPage = () => openStaffPage(browser, work, edgeUrl);

async function openOrder(page, email, id) {
  await page.fill('#q', email);
  await page.click('#search button');
  await page.click(`#results button:has-text("${id}")`);
  await page.waitForSelector('#order:not([hidden])');
}

const stepStatus = (page) => page.textContent('#step-status');
const waitStatus = (page, pattern) => page.waitForFunction((source) =>
  new RegExp(source).test(document.getElementById('step-status').textContent), pattern.source);

test('the warning of numbers running low is the signed-in brand\'s: none with numbers to spare', async () => {
  const { server, page, errors, violations, refusals } = await staffPage();
  try {
    // The merchant of "demo" is warned as its staff are; then the key of "roomy": the warning goes.
    await signIn(page, key);
    await page.waitForSelector('#ranges-warning:not([hidden])');
    assert.match(await page.textContent('#ranges-warning'), /^Parcel numbers running low: mondial-relay MR-TEST: \d left$/);
    await signIn(page, roomyKey);
    assert.equal(await page.textContent('#status'), 'Signed in with the merchant key of roomy.');
    await page.waitForSelector('#ranges-warning', { state: 'hidden' });
    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
    assert.deepEqual(refusals, []);
  } finally {
    await page.close();
    server.close();
  }
});

test('staff label a relay parcel, print it, and hand it over with the label\'s number', async () => {
  const { server, page, errors, violations, refusals } = await staffPage();
  try {
    await signIn(page, staffToken);
    assert.equal(await page.textContent('#status'), 'Signed in: staff of site wh-1 (demo).');
    // Three numbers in all, fewer than the account's low_at: said at the top, as an alert.
    await page.waitForSelector('#ranges-warning:not([hidden])');
    assert.equal(await page.textContent('#ranges-warning'),
      'Parcel numbers running low: mondial-relay MR-TEST: 3 left');
    assert.equal(await page.getAttribute('#ranges-warning', 'role'), 'alert');

    await openOrder(page, 'h.dupre@example.com', relayOrder);
    // Not prepared yet, but not gone either: the label can be made now.
    assert.ok(await page.isVisible('#shipments button[data-label=pdf]'));
    assert.ok(await page.isVisible('#shipments button[data-label=print]'));
    const [download] = await Promise.all([page.waitForEvent('download'),
      page.click('#shipments button[data-label=pdf]')]);
    assert.equal(download.suggestedFilename(), `label-${relayOrder}-0.pdf`);
    const pdf = join(work, 'label.pdf');
    await download.saveAs(pdf);
    await waitStatus(page, /^Label downloaded/);

    // The number the server gave (its timeline says it to staff), 8 digits as Mondial Relay's are, is what
    // the label's barcode reads and what the page said.
    const timeline = await merchant('GET', `/v1/orders/${relayOrder}/timeline`);
    const number = timeline.shipments[0].labels[0].number;
    assert.deepEqual(timeline.shipments[0].labels, [{ carrier: 'mondial-relay', number }]);
    assert.match(number, /^\d{8}$/);
    assert.equal(scanBarcodes(pdf, join(work, 'pages')), `${number}\n`);
    assert.equal(await stepStatus(page), `Label downloaded: parcel ${number}.`);
    assert.match(await page.textContent('#shipments'), new RegExp(`Label: mondial-relay ${number}`));
    assert.match(await page.textContent('#events'), /labelled · staff:\S+ Lea/);
    assert.ok(await page.isVisible('#shipments a[download]:has-text("Download the label again")'));
    // One number less: the warning says so.
    await page.waitForFunction(() => /: 2 left$/.test(document.getElementById('ranges-warning').textContent));

    // Prepared: the hand-over's field shows the label's number, read from the order's timeline.
    await page.click('#shipments button[data-event=preparation_started]');
    await waitStatus(page, /^Done: Start preparing\.$/);
    await page.click('#shipments button[data-event=preparation_done]');
    await page.waitForSelector('#shipments button[data-event=handed_to_carrier]');
    assert.equal(await page.inputValue('#s0-parcel'), number);

    // To the warehouse's label printer: ZPL with the same number in its Code 128 (">;": all digits).
    await page.click('#shipments button[data-label=print]');
    await waitStatus(page, /^Sent to printer/);
    assert.equal(await stepStatus(page), `Sent to printer 127.0.0.1:${printer.address().port}: parcel ${number}.`);
    for (let i = 0; i < 50 && jobs.length === 0; ++i) await new Promise((r) => setTimeout(r, 20));
    assert.equal(jobs.length, 1);
    assert.ok(jobs[0].startsWith('^XA'), jobs[0].slice(0, 40));
    assert.ok(jobs[0].includes(`^FD>;${number}^FS`), 'the barcode field carries the number');
    assert.equal(await page.inputValue('#s0-parcel'), number);

    // The printer is off: the page says so, and that the label can still be downloaded.
    await new Promise((resolve) => printer.close(resolve));
    await page.click('#shipments button[data-label=print]');
    await page.waitForFunction(() => document.getElementById('step-status').className === 'error');
    const said = await stepStatus(page);
    assert.match(said, /^Not printed: connection refused by printer 127\.0\.0\.1:\d+/);
    assert.match(said, /“Label \(PDF\)” downloads it\.$/);
    assert.equal(await page.inputValue('#s0-parcel'), number);
    assert.equal(jobs.length, 1);

    // A second page still shows the label buttons after the parcel has gone: its label request is refused.
    const late = await staffPage();
    try {
      await signIn(late.page, staffToken);
      await openOrder(late.page, 'h.dupre@example.com', relayOrder);

      // The hand-over, with the number as the label printed it: no typing.
      await page.click('#shipments button[data-event=handed_to_carrier]');
      await waitStatus(page, /^Done: Handed to the carrier\.$/);
      assert.match(await page.textContent('#shipments'), /Shipment 1 · relay · Shipped/);
      assert.equal(await page.$$eval('#shipments button[data-label]', (b) => b.length), 0, 'no label once gone');
      const stored = await merchant('GET', `/v1/orders/${relayOrder}`);
      assert.equal(stored.status, 'shipped');
      assert.deepEqual(stored.progress[0].parcel, { carrier: 'mondial-relay', tracking_number: number });

      await late.page.click('#shipments button[data-label=pdf]');
      await late.page.waitForFunction(() => document.getElementById('step-status').className === 'error');
      assert.equal(await stepStatus(late.page), 'shipment 0 was handed over: it left with its label');
      // ... and the page, read again, shows it gone.
      assert.match(await late.page.textContent('#shipments'), /Shipment 1 · relay · Shipped/);
      assert.equal(await late.page.$$eval('#shipments button[data-label]', (b) => b.length), 0);
      assert.deepEqual(late.violations, []);
      assert.deepEqual(late.errors, []);
      assert.deepEqual(late.refusals, [409]);
    } finally {
      await late.page.close();
      late.server.close();
    }

    // A home parcel goes with colissimo, which has no account: the server's explanation, as it is.
    await openOrder(page, 'm.petit@example.com', homeOrder);
    await page.click('#shipments button[data-label=pdf]');
    await page.waitForFunction(() => document.getElementById('step-status').className === 'error');
    assert.equal(await stepStatus(page),
      'no colissimo account with a parcel number range for home shipments: configure one under shipping.accounts');
    assert.ok(await page.isEnabled('#shipments button[data-label=pdf]'), 'the buttons work again');

    // The refusals provoked -- the printer off (502), no colissimo account (409) -- and no other error.
    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
    assert.deepEqual(refusals, [502, 409]);
  } finally {
    await page.close();
    server.close();
  }
});

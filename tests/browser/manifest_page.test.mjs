// The day's hand-over on the customer-service page (web/staff) in a real headless Chromium against a real
// relais-edge on loopback: three relay parcels of the warehouse are labelled, two of them prepared. A staff
// member of the warehouse opens "Hand-over to the carrier", picks Mondial Relay, sees the two parcels ready
// (their label numbers, the totals) and the one not prepared yet apart, closes the day with an in-page
// confirmation, and downloads the manifest: its PDF's barcode scans as the manifest's id, its CSV lists both
// numbers; the two orders are then shipped with their labels' numbers and invoiced (the invoice's PDF downloads
// from the order, naming the relay point), the list is empty, closing again gets
// the server's explanation, and preparing the third parcel on the page brings it into the list. A merchant
// picks the site as well. Under the strict CSP, with no console error but the expected refusal, 360 px wide.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSnapshot, callEdge, cleanUp, launchChromium, nextOpenDay, openStaffPage, scanBarcodes, shopRecords,
  signIn, startEdge } from './staff_helpers.mjs';

const work = mkdtempSync(join(tmpdir(), 'relais-manifest-'));
const key = 'manifest-test-merchant-key-0123';
let browser, edge, edgeUrl, staffToken;
// The three relay orders of the warehouse, in the order they were imported, and their labels' numbers.
const orders = [];
const numbers = [];

const merchant = (method, path, body) => callEdge(edgeUrl, key, method, path, body);
const merchantJson = async (method, path, body) => (await merchant(method, path, body)).json();

before(async () => {
  buildSnapshot(work, shopRecords(['SHOP-1', 'SHOP-2']));
  ({ edge, edgeUrl } = await startEdge({ work, env: { MANIFEST_TEST_KEY: key },
    brands: [{ id: 'demo', name: 'Demo', api_key_env: 'MANIFEST_TEST_KEY',
      invoicing: { seller: { name: 'Demo SAS', vat_number: 'FR12345678901' }, vat: { standard: 20,
        categories: { books: 5.5 } } },
      shipping: { home_carrier: 'colissimo',
      accounts: [{ carrier: 'mondial-relay', account: 'MR-TEST', name: 'Mondial Relay', modes: ['relay'],
        ranges: [{ scheme: 'mondial-relay', first: 1, last: 99999 }] }] } }] }));

  // The warehouse that ships, and a store (a merchant chooses between them).
  await merchant('PUT', '/v1/brand/settings', { zones: { paris: { name: 'Paris' } } });
  await merchant('PUT', '/v1/sites/wh-1', { kind: 'warehouse', name: 'Entrepôt Nord', zone: 'paris',
    location: { address: ['12 rue du Landy'], postcode: '93200', city: 'SAINT-DENIS', country: 'FR',
      lat: 48.93, lon: 2.36, tz: 'Europe/Paris' },
    capabilities: { relay: { cost_cents: 390, lead_time_hours: 24 } } });
  await merchant('PUT', '/v1/sites/st-1', { kind: 'store', name: 'Magasin Rivoli', zone: 'paris',
    location: { country: 'FR', lat: 48.86, lon: 2.35, tz: 'Europe/Paris' },
    capabilities: { click_collect: { cost_cents: 0, lead_time_hours: 2 } } });
  await merchant('PUT', '/v1/products/BOOK', { name: 'Guide', category: 'books', temperature: 'ambient',
    weight_g: 400, price_cents: 1500 });
  await merchant('POST', '/v1/stock/movements', { kind: 'receipt', sku: 'BOOK', site: 'wh-1', quantity: 10 });
  staffToken = (await merchantJson('POST', '/v1/staff-tokens', { site: 'wh-1', name: 'Lea' })).token;
  const shoppers = [['Hélène Dupré', 'WEB-41', 'SHOP-1', 1], ['Marc <b>Petit</b>', 'WEB-42', 'SHOP-2', 2],
    ['Zoé Martin', 'WEB-43', 'SHOP-1', 1]];
  for (const [i, [name, ref, shop, quantity]] of shoppers.entries()) {
    const order = await merchantJson('POST', '/v1/orders/import', { customer_id: `c-${i}`, channel: 'web',
      external_ref: ref, contact: { name, email: `shopper${i}@example.com` },
      relay: { carrier: 'mondial-relay', id: shop },
      lines: [{ sku: 'BOOK', quantity, site: 'wh-1', mode: 'relay', date: nextOpenDay() }] });
    orders.push(order.id);
    // Labelled by the merchant's system: the number is the label's, in its header.
    const label = await merchant('POST', `/v1/orders/${order.id}/shipments/0/label`, { format: 'pdf' });
    numbers.push(label.headers.get('X-Parcel-Numbers'));
  }
  assert.equal(new Set(numbers).size, 3);
  for (const n of numbers) assert.match(n, /^\d{8}$/);
  // The first two are prepared; the third is labelled but still on the packing table.
  for (const id of orders.slice(0, 2)) {
    for (const event of ['preparation_started', 'preparation_done']) {
      await merchant('POST', `/v1/orders/${id}/events`, { event, order: id, shipment: 0 });
    }
  }
  browser = await launchChromium();
});

after(() => cleanUp({ browser, edge, work }));

const staffPage = () => openStaffPage(browser, work, edgeUrl);

// The numbers the hand-over's lists show, in order.
const listed = (page, list) => page.$$eval(`#${list} li`, (items) => items.map((li) => li.dataset.number));
const waitTotals = (page, pattern) => page.waitForFunction((source) =>
  new RegExp(source).test(document.getElementById('handover-totals').textContent), pattern.source);

test('a merchant chooses the site and the carrier, and sees what is ready to leave', async () => {
  const { server, page, errors, violations, refusals } = await staffPage();
  try {
    // Nothing to hand over before signing in.
    assert.ok(!(await page.isVisible('#handover')));
    await signIn(page, key);
    await page.click('#handover summary');
    // Two sites and one carrier account: the site is to choose, the carrier chosen already.
    await page.waitForFunction(() => document.getElementById('handover-site').options.length === 3);
    assert.deepEqual(await page.$$eval('#handover-carrier option', (o) => o.map((x) => x.value)), ['mondial-relay']);
    assert.equal(await page.textContent('#handover-status'), 'Choose a site.');
    await page.selectOption('#handover-site', 'wh-1');
    await waitTotals(page, /ready to hand over/);
    assert.deepEqual(await listed(page, 'handover-parcels'), numbers.slice(0, 2));
    assert.deepEqual(await listed(page, 'handover-not-ready'), [numbers[2]]);
    // The store labels nothing for Mondial Relay.
    await page.selectOption('#handover-site', 'st-1');
    await waitTotals(page, /^No parcel ready to hand over\.$/);
    assert.match(await page.textContent('#handover-where'), /^st-1 · mondial-relay · \d{4}-\d\d-\d\d$/);
    assert.ok(!(await page.isVisible('#handover-waiting')));
    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
    assert.deepEqual(refusals, []);
  } finally {
    await page.close();
    server.close();
  }
});

test('staff close the day: the prepared parcels go to the carrier, the manifest\'s PDF and CSV download', async () => {
  const { server, page, errors, violations, refusals } = await staffPage();
  try {
    await signIn(page, staffToken);
    assert.equal(await page.textContent('#status'), 'Signed in: staff of site wh-1 (demo).');
    await page.click('#handover summary');
    // Staff hand over their own site's parcels: no site to choose.
    assert.ok(!(await page.isVisible('#handover-site')));
    await page.waitForSelector('#handover-carrier option[value=mondial-relay]', { state: 'attached' });
    await page.selectOption('#handover-carrier', 'mondial-relay');
    await waitTotals(page, /ready to hand over/);

    // The two prepared parcels, with their labels' numbers, the shoppers' refs and names (as text), the
    // relay points and the weights; the third apart, not prepared yet.
    const day = (await merchantJson('GET', '/v1/manifests/pending?site=wh-1&carrier=mondial-relay')).day;
    assert.equal(await page.textContent('#handover-where'), `wh-1 · mondial-relay · MR-TEST · ${day}`);
    assert.equal(await page.textContent('#handover-totals'), '2 parcels ready to hand over, 1.2 kg.');
    assert.deepEqual(await listed(page, 'handover-parcels'), numbers.slice(0, 2));
    const items = await page.$$eval('#handover-parcels li', (li) => li.map((x) => x.textContent));
    assert.equal(items[0], `${numbers[0]} WEB-41 · Hélène DupréFR-SHOP-1 Tabac SHOP-1, 75001 PARIS · 0.4 kg`);
    assert.equal(items[1], `${numbers[1]} WEB-42 · Marc <b>Petit</b>FR-SHOP-2 Tabac SHOP-2, 75001 PARIS · 0.8 kg`);
    assert.equal(await page.$$eval('#handover b', (b) => b.length), 0);
    assert.match(await page.textContent('#handover-waiting'), /Labelled, not prepared yet: 1/);
    assert.deepEqual(await listed(page, 'handover-not-ready'), [numbers[2]]);
    // The list fits the phone's width.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360));

    // "Close the day" asks first, in the page; "Not now" goes back, and nothing left.
    await page.click('#handover-close');
    await page.waitForSelector('#handover-confirm:not([hidden])');
    assert.equal(await page.textContent('#handover-confirm'), 'Confirm: hand 2 parcels to mondial-relay');
    await page.click('#handover-cancel');
    assert.ok(await page.isVisible('#handover-close'));
    assert.ok(!(await page.isVisible('#handover-confirm')));
    assert.equal((await merchantJson('GET', `/v1/orders/${orders[0]}`)).status, 'ready');

    await page.click('#handover-close');
    await page.click('#handover-confirm');
    await page.waitForSelector('#handover-manifest:not([hidden])');
    const result = await page.textContent('#handover-result');
    const [, id] = /^Manifest (\S+): 2 parcels handed to mondial-relay$/.exec(result) ?? [];
    assert.ok(id, result);
    assert.equal(id, `wh-1-mondial-relay-${day.replaceAll('-', '')}-1`);
    const manifest = await merchantJson('GET', `/v1/manifests/${id}`);
    assert.deepEqual(manifest.parcels.map((p) => p.number), numbers.slice(0, 2));
    assert.equal(manifest.closed_by, (await merchantJson('GET', `/v1/orders/${orders[0]}/events`)).events.at(-1).actor);

    // The PDF for the driver: its barcode is the manifest's id.
    await page.waitForSelector('#handover-pdf:not([hidden])');
    const [pdfDownload] = await Promise.all([page.waitForEvent('download'), page.click('#handover-pdf')]);
    assert.equal(pdfDownload.suggestedFilename(), `${id}.pdf`);
    const pdf = join(work, 'manifest.pdf');
    await pdfDownload.saveAs(pdf);
    assert.equal(readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');
    assert.equal(scanBarcodes(pdf, join(work, 'pages')), `${id}\n`);
    // The CSV: a line per parcel, with its number.
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('#handover-csv')]);
    assert.equal(csvDownload.suggestedFilename(), `${id}.csv`);
    const csvPath = join(work, 'manifest.csv');
    await csvDownload.saveAs(csvPath);
    const lines = readFileSync(csvPath, 'utf8').trimEnd().split('\r\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0], /^manifest,number,/);
    for (const [i, n] of numbers.slice(0, 2).entries()) assert.ok(lines[i + 1].startsWith(`${id},${n},`), lines[i + 1]);

    // The two orders left with their labels' numbers; the third did not.
    for (const [i, order] of orders.slice(0, 2).entries()) {
      const timeline = await merchantJson('GET', `/v1/orders/${order}/timeline`);
      assert.equal(timeline.status, 'shipped');
      assert.deepEqual(timeline.shipments[0].parcel, { carrier: 'mondial-relay', tracking_number: numbers[i] });
    }
    assert.equal((await merchantJson('GET', `/v1/orders/${orders[2]}`)).status, 'placed');

    // The list, read again: nothing ready, the third still waiting.
    await waitTotals(page, /^No parcel ready to hand over\.$/);
    assert.deepEqual(await listed(page, 'handover-parcels'), []);
    assert.deepEqual(await listed(page, 'handover-not-ready'), [numbers[2]]);

    // Closing again: the server's explanation, as it is; the manifest closed stays on screen.
    await page.click('#handover-close');
    await page.waitForSelector('#handover-confirm:not([hidden])');
    assert.equal(await page.textContent('#handover-confirm'), 'Confirm: hand 0 parcels to mondial-relay');
    await page.click('#handover-confirm');
    await page.waitForFunction(() => document.getElementById('handover-status').className === 'error');
    assert.match(await page.textContent('#handover-status'),
      /^no mondial-relay parcel is ready to leave wh-1: none is both labelled and prepared/);
    assert.equal(await page.textContent('#handover-result'), result);
    assert.ok(await page.isVisible('#handover-close'));

    // Each order that left was invoiced in the same commit: customer service downloads the invoice, which names
    // the relay point.
    await page.fill('#q', 'shopper0@example.com');
    await page.click('#search button');
    await page.click(`#results button:has-text("${orders[0]}")`);
    await page.waitForSelector('#invoices-block:not([hidden])');
    assert.equal(await page.textContent('#invoices li'),
      `Invoice F-000001 · shipment 0 of ${orders[0]} · 18.90 incl. VAT · relay FR-SHOP-1 Tabac SHOP-1 PDF`);
    const [invoiceDownload] = await Promise.all([page.waitForEvent('download'),
      page.click('#invoices button[data-invoice="F-000001"]')]);
    assert.equal(invoiceDownload.suggestedFilename(), 'F-000001.pdf');
    const invoicePdf = join(work, 'invoice.pdf');
    await invoiceDownload.saveAs(invoicePdf);
    const invoiceText = execFileSync('pdftotext', ['-layout', invoicePdf, '-'], { encoding: 'utf8' });
    for (const expected of ['FACTURE N° F-000001', 'FR-SHOP-1 Tabac SHOP-1', 'WEB-41', 'Demo SAS', '18,90 €']) {
      assert.ok(invoiceText.includes(expected), expected);
    }

    // The third parcel prepared on the page: the open list follows.
    await page.fill('#q', 'shopper2@example.com');
    await page.click('#search button');
    await page.click(`#results button:has-text("${orders[2]}")`);
    await page.waitForSelector('#order:not([hidden])');
    await page.click('#shipments button[data-event=preparation_started]');
    await page.waitForFunction(() => document.getElementById('step-status').textContent === 'Done: Start preparing.');
    assert.deepEqual(await listed(page, 'handover-not-ready'), [numbers[2]]);
    await page.click('#shipments button[data-event=preparation_done]');
    await page.waitForFunction(() => document.getElementById('step-status').textContent === 'Done: Prepared.');
    await waitTotals(page, /^1 parcel ready to hand over, 0\.4 kg\.$/);
    assert.deepEqual(await listed(page, 'handover-parcels'), [numbers[2]]);
    assert.ok(!(await page.isVisible('#handover-waiting')));

    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
    assert.deepEqual(refusals, [409]);
  } finally {
    await page.close();
    server.close();
  }
});

test('a line short at preparation: the rest waits on a backorder, each leaves and is invoiced on its own', async () => {
  const order = await merchantJson('POST', '/v1/orders/import', { customer_id: 'c-short', channel: 'web',
    external_ref: 'WEB-50', contact: { name: 'Léa Short', email: 'short@example.com' },
    relay: { carrier: 'mondial-relay', id: 'SHOP-2' },
    lines: [{ sku: 'BOOK', quantity: 2, site: 'wh-1', mode: 'relay', date: nextOpenDay() }] });
  const { server, page, errors, violations } = await staffPage();
  try {
    await signIn(page, staffToken);
    await page.fill('#q', 'short@example.com');
    await page.click('#search button');
    await page.click(`#results button:has-text("${order.id}")`);
    await page.waitForSelector('#order:not([hidden])');
    await page.click('#shipments button[data-event=preparation_started]');
    await page.waitForFunction(() => document.getElementById('step-status').textContent === 'Done: Start preparing.');

    // One of the two books is not on the shelf: it waits for the stock, the other leaves.
    await page.click('#shipments details.short summary');
    await page.fill('#short0-missing', '1');
    await page.click('#shipments .short-form button');
    await page.waitForFunction(() => /^Shipment 2 waits for 1 × BOOK\.$/.test(document.getElementById('step-status').textContent));
    assert.equal(await page.$$eval('#shipments > li', (li) => li.length), 2);
    assert.match(await page.textContent('#shipments > li:nth-child(2)'), /Backorder of shipment 1: stock expected on \d{4}-\d\d-\d\d/);
    const split = await merchantJson('GET', `/v1/orders/${order.id}`);
    assert.deepEqual(split.lines.map((l) => [l.quantity, l.shipment]), [[1, undefined], [1, 1]]);

    // The first shipment: prepared, labelled on the page (its barcode scans), handed over, invoiced for one book.
    await page.click('#shipments > li:nth-child(1) button[data-event=preparation_done]');
    await page.waitForFunction(() => document.getElementById('step-status').textContent === 'Done: Prepared.');
    const [label] = await Promise.all([page.waitForEvent('download'),
      page.click('#shipments > li:nth-child(1) button[data-label=pdf]')]);
    const labelPdf = join(work, 'short-label.pdf');
    await label.saveAs(labelPdf);
    const first = (await merchantJson('GET', `/v1/orders/${order.id}/timeline`)).shipments[0].labels[0].number;
    assert.equal(scanBarcodes(labelPdf, join(work, 'short-pages')), `${first}\n`);
    await merchant('POST', '/v1/manifests', { site: 'wh-1', carrier: 'mondial-relay' });
    // The backorder: the stock came, prepared, labelled, handed over.
    for (const event of ['preparation_started', 'preparation_done']) {
      await merchant('POST', `/v1/orders/${order.id}/events`, { event, shipment: 1 });
    }
    await merchant('POST', `/v1/orders/${order.id}/shipments/1/label`, { format: 'zpl' });
    await merchant('POST', '/v1/manifests', { site: 'wh-1', carrier: 'mondial-relay' });

    // Two invoices on the page: the first delivery (the book and the delivery), the backorder (the book alone).
    await page.click(`#results button:has-text("${order.id}")`);
    await page.waitForFunction(() => document.querySelectorAll('#invoices li').length === 2);
    const invoices = await page.$$eval('#invoices li', (li) => li.map((x) => x.textContent));
    assert.match(invoices[0], /^Invoice F-\d{6} · shipment 0 of .+ · 18\.90 incl\. VAT · relay FR-SHOP-2 Tabac SHOP-2 PDF$/);
    assert.match(invoices[1], /^Invoice F-\d{6} · shipment 1 of .+ · 15\.00 incl\. VAT · relay FR-SHOP-2 Tabac SHOP-2 PDF$/);
    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
    server.close();
  }
});

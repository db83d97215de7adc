// Returning items from the shopper's tracking page (web/track) in a real headless Chromium at phone size, against
// a real relais-edge on loopback, under the strict CSP of demo/serve.mjs. A relay order of a book and two mugs,
// bought with a discount and earning a voucher that was spent, is collected; on the page the shopper returns the
// book at the one Mondial Relay point taking returns (the widget lists no other), sees the refund the engine
// quotes, confirms, gets the return's number and QR code (read back with zbarimg), says it was dropped off; staff
// of the store receive, grade and validate it through the API; the page shows it refunded and its credit note
// among the invoices. A point the browser's snapshot still shows taking returns is refused next to the choice,
// and without the engine the page says the refund comes on confirmation. Zero axe-core violations in each state;
// screenshots in build/test-artefacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../demo/serve.mjs';
import { buildSnapshot, callEdge, cleanUp, launchChromium, nextOpenDay, startEdge } from './staff_helpers.mjs';
import { chooseLines, chooseReason, chooseRelayDropOff, chooseStoreDropOff, confirmReturn, fieldError, openReturnForm,
  quoteSays, readQuote, relayPointsListed } from './track_returns_steps.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const artefacts = join(root, 'build/test-artefacts');
const work = mkdtempSync(join(tmpdir(), 'relais-track-returns-'));
const key = 'track-returns-merchant-key-0123';
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
// The store opens at a different time each day: the page must pick the store's own day (Paris), not the phone's.
const storeHours = Object.fromEntries(DAYS.map((d, i) => [d, [[`09:${String(i * 5).padStart(2, '0')}`, '19:00']]]));
let browser, edge, edgeUrl, server, origin, staleServer, staleOrigin;

// Calls with the merchant key; every one its own Idempotency-Key (placing an order requires one).
const merchant = async (method, path, body) =>
  (await callEdge(edgeUrl, key, method, path, body, { 'Idempotency-Key': `k-${Math.random()}` })).json();

/**
 * Mondial Relay shops near the Louvre and an InPost locker; `returns` lists those offering the returns service.
 * @param {string[]} returns
 */
function points(returns) {
  const week = Object.fromEntries(DAYS.slice(0, 6).map((d) => [d, [['09:00', '19:00']]]));
  return [
    { carrier: 'mondial-relay', id: 'SHOP-1', kind: 'shop', name: 'Tabac du Louvre', address: ['1 rue de Rivoli'],
      lat: 48.8584, lon: 2.347 },
    { carrier: 'mondial-relay', id: 'SHOP-2', kind: 'shop', name: 'Presse Rivoli', address: ['40 rue de Rivoli'],
      lat: 48.857, lon: 2.356 },
    { carrier: 'inpost', id: 'LOCKER-1', kind: 'locker', name: 'Consigne Châtelet', address: ['Place du Châtelet'],
      lat: 48.8576, lon: 2.3472, always: true },
  ].map((p) => JSON.stringify({ ...p, postcode: '75001', city: 'PARIS', country: 'FR', tz: 'Europe/Paris',
    ...(p.always ? {} : { hours: week }), services: returns.includes(`${p.carrier}/${p.id}`) ? ['returns'] : [],
    status: 'active' }));
}

before(async () => {
  mkdirSync(artefacts, { recursive: true });
  // The server's points: SHOP-2 takes returns, and the InPost locker (a carrier the brand does not return through).
  buildSnapshot(work, points(['mondial-relay/SHOP-2', 'inpost/LOCKER-1']));
  ({ edge, edgeUrl } = await startEdge({ work, env: { TRACK_RETURNS_KEY: key }, brands: [{ id: 'demo', name: 'Demo',
    api_key_env: 'TRACK_RETURNS_KEY', settings: { relay_enabled: true },
    invoicing: { seller: { name: 'Demo SAS' }, vat: { standard: 20 } },
    returns: { window_days: 30,
      reasons: [{ code: 'changed_mind', label: { fr: 'J’ai changé d’avis', en: 'I changed my mind' } },
        { code: 'faulty', label: { fr: 'Article défectueux', en: 'Faulty item' }, defective: true }],
      drop_off: { stores: true, relay_carriers: ['mondial-relay'] },
      shipping_refund: { whole_order: true, defective: true },
      second_validation_above_cents: 100000 } }] }));
  server = await startServer(0, join(work, 'points.relais'), edgeUrl);
  origin = `http://127.0.0.1:${server.address().port}`;
  // A day-old snapshot in the browser: there SHOP-1 still took returns (the server's no longer does).
  const stale = join(work, 'stale');
  mkdirSync(stale);
  buildSnapshot(stale, points(['mondial-relay/SHOP-1', 'mondial-relay/SHOP-2']));
  staleServer = await startServer(0, join(stale, 'points.relais'), edgeUrl);
  staleOrigin = `http://127.0.0.1:${staleServer.address().port}`;

  const paris = { postcode: '75001', city: 'PARIS', country: 'FR', tz: 'Europe/Paris' };
  await merchant('PUT', '/v1/sites/wh', { kind: 'warehouse', name: 'Entrepôt', location: { ...paris,
    address: ['5 rue du Louvre'], lat: 48.86, lon: 2.34 }, capabilities: { relay: { cost_cents: 390, lead_time_hours: 48 } } });
  // Two stores take returns: one in Lyon (listed first by the server: its id sorts first), one by the Louvre.
  await merchant('PUT', '/v1/sites/bellecour', { kind: 'store', name: 'Boutique Bellecour', location: { address: ['1 place Bellecour'],
    postcode: '69002', city: 'LYON', country: 'FR', lat: 45.7578, lon: 4.832, tz: 'Europe/Paris', hours: storeHours },
  capabilities: { returns: { enabled: true } } });
  await merchant('PUT', '/v1/sites/rivoli', { kind: 'store', name: 'Boutique Rivoli', location: { ...paris,
    address: ['10 rue de Rivoli'], lat: 48.8575, lon: 2.3525, hours: storeHours }, capabilities: { returns: { enabled: true } } });
  for (const [sku, name, price, category] of [['BOOK', 'Guide de Paris', 1999, 'books'], ['MUG', 'Mug Relais', 500, 'home']]) {
    await merchant('PUT', `/v1/products/${sku}`, { name, category, temperature: 'ambient', weight_g: 400, price_cents: price });
    await merchant('POST', '/v1/stock/movements', { kind: 'receipt', sku, site: 'wh', quantity: 20 });
  }
  browser = await launchChromium();
});

after(async () => {
  server?.close();
  staleServer?.close();
  await cleanUp({ browser, edge, work });
});

/**
 * An order of `lines` ([sku, quantity]) to SHOP-1 with a 5.00 discount (and, with `voucher`, a spent 5.00 voucher
 * earned from 20.00 of goods paid), prepared, handed to Mondial Relay, collected. Returns {id, tracking_token}.
 * @param {Array<[string, number]>} lines
 * @param {string} parcel the Mondial Relay parcel number (8 digits)
 * @param {boolean} [voucher]
 */
async function collectedOrder(lines, parcel, voucher = false) {
  const placed = await merchant('POST', '/v1/orders', { customer_id: 'c-1', contact: { name: 'Hélène', email: 'helene@example.test', lang: 'fr' },
    lines: lines.map(([sku, quantity]) => ({ sku, quantity, site: 'wh', mode: 'relay', date: nextOpenDay(),
      destination: { carrier: 'mondial-relay', id: 'SHOP-1' } })),
    discounts: [{ code: 'WELCOME', amount_cents: 500 }],
    benefits: voucher ? [{ code: 'NEXT5', value_cents: 500, threshold_cents: 2000, used: true }] : [] });
  const step = (event, more = {}) => merchant('POST', `/v1/orders/${placed.id}/events`, { event, ...more });
  await step('preparation_started');
  await step('preparation_done');
  await step('handed_to_carrier', { parcel: { carrier: 'mondial-relay', tracking_number: parcel } });
  await step('ready_for_pickup');
  await step('picked_up');
  return placed;
}

/**
 * A phone (360 x 740) in New York -- the stores' hours are Paris's -- with the page's errors and CSP violations
 * collected. axe-core and Playwright's screenshots add styles the page's CSP refuses (inside the widget's shadow
 * root, or to hide the caret): those alone are let through, while `styled()` runs.
 * @param {string} [at] the origin serving the page
 */
async function phonePage(at = origin) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2,
    timezoneId: 'America/New_York', acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    const axeStyles = m.location().url.endsWith('/axe.min.js') && m.text().includes("directive 'style-src");
    if (m.type() === 'error' && !axeStyles) problems.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
  await page.exposeFunction('reportViolation', (v) => problems.push(`CSP: ${v}`));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => {
    if (!(window.relaisTestStyles && e.violatedDirective.startsWith('style-src'))) window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`);
  }));
  await page.route(`${at}/axe.min.js`, (route) => route.fulfill({ status: 200, headers: { 'Content-Type': 'text/javascript' },
    body: readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8') }));
  /** Runs `work` while the styles axe-core and screenshots add may be refused without counting as problems. */
  const styled = async (work) => {
    await page.evaluate(() => { window.relaisTestStyles = true; });
    try {
      return await work();
    } finally {
      await page.evaluate(() => new Promise((resolve) => setTimeout(() => { window.relaisTestStyles = false; resolve(); }, 100)));
    }
  };
  const axe = () => styled(async () => {
    await page.addScriptTag({ url: '/axe.min.js' });
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  const screenshot = (name) => styled(() => page.screenshot({ path: join(artefacts, name), fullPage: true }));
  return { page, context, problems, axe, styled, screenshot };
}

/** The text of `selector` with the no-break spaces Intl puts in money and units as plain spaces. */
async function textOf(page, selector) {
  return (await page.textContent(selector)).replace(/[\u202f\u00a0]/g, ' ');
}

async function fitsThePhone(page) {
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no sideways scrolling at 360 px');
}

/** Today's weekday in Paris, as the store's hours are keyed. */
function parisToday() {
  const name = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', weekday: 'short' }).format(new Date());
  return ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(name);
}

test('a book returned at the one relay point taking returns: quoted, numbered, dropped off, refunded, credited', async () => {
  const placed = await collectedOrder([['BOOK', 1], ['MUG', 2]], '12000078', true);
  const { id, tracking_token: token } = placed;
  // Goods 1999 + 2 x 500 = 2999, minus the 500 discount: 2499 paid for goods (+ 390 delivery).
  assert.equal(placed.total_cents, 2889);
  const { page, context, problems, axe, screenshot } = await phonePage();
  try {
    await page.goto(`${origin}/track/?order=${id}&token=${encodeURIComponent(token)}`);
    await page.waitForSelector('.returns-form');
    assert.equal(await page.textContent('#returns-title'), 'Retourner des articles');
    assert.deepEqual(await axe(), []);
    await openReturnForm(page);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'return-qty-0', 'the keyboard lands on the first line');
    // A chooser per line, 0 up to what may come back.
    assert.deepEqual(await page.$$eval('[id="return-qty-1"] option', (o) => o.map((x) => x.value)), ['0', '1', '2']);
    assert.equal(await textOf(page, '.return-line[data-line="0"] label'),
      'Guide de Paris 19,99 € l’unité · acheté : 1');
    // The stores taking returns, nearest the relay point first, each with its address and today's hours (Paris's day).
    const stores = await page.$$eval('.return-drop .choice.drop label',
      (labels) => labels.map((l) => l.textContent.replace(/\u202f|\u00a0/g, ' ')));
    const today = DAYS[parisToday()];
    assert.equal(stores.length, 3);
    assert.match(stores[0], new RegExp(`^Boutique Rivoli Magasin10 rue de Rivoli, 75001 PARISAujourd’hui : ${storeHours[today][0][0]}–19:00à 0,4 km du point de livraison$`));
    assert.match(stores[1], /^Boutique Bellecour Magasin1 place Bellecour, 69002 LYON/);
    assert.equal(stores[2], 'Dans un point relais ou une consigne');
    await quoteSays(page, /Choisissez au moins un article/);

    // Nothing chosen where to bring it: said next to that choice, announced, the keyboard taken there.
    await chooseLines(page, { 0: 1 });
    await chooseReason(page, 'faulty');
    await page.click('#return-confirm');
    assert.equal(await fieldError(page, 'drop'), 'Choisissez où déposer le colis.');
    assert.equal(await page.getAttribute('#return-drop-error', 'aria-live'), 'polite');
    assert.equal(await page.evaluate(() => document.activeElement.name), 'return-drop');

    // The refund, by the engine in the page. Discount shares on the line amounts 1999 and 1000 of 2999:
    // 500 x 1999 / 2999 = 333.28 and 500 x 1000 / 2999 = 166.72 -> floors 333 + 166 = 499, the cent left to the
    // largest remainder (0.72, the mugs): 333 / 167. The book refunds 1999 - 333 = 1666. Goods kept 2499 - 1666 =
    // 833 < 2000: the spent NEXT5 voucher (500) comes off. Faulty: the delivery (390) comes back: 1666 + 390 - 500.
    let quote = await readQuote(page);
    assert.equal(quote.refundCents, 1556);
    assert.equal(quote.refund, 'Vous serez remboursé de 15,56 €');
    assert.deepEqual(quote.lines, ['Articles : 16,66 €',
      'Frais de livraison remboursés : 3,90 €', 'Avantage repris (NEXT5) : -5,00 €']);
    // Changed my mind: no delivery back (one line of two): 1666 - 500 = 1166.
    await chooseReason(page, 'changed_mind');
    quote = await readQuote(page);
    assert.equal(quote.refundCents, 1166);
    assert.equal(quote.refund, 'Vous serez remboursé de 11,66 €');

    // The relay drop-off: the widget lists only Mondial Relay points taking returns -- not SHOP-1 where the order
    // was collected (no returns service), not the InPost locker (a carrier the brand does not take returns by).
    assert.deepEqual(await relayPointsListed(page), ['mondial-relay/SHOP-2']);
    assert.match(await chooseRelayDropOff(page, 'mondial-relay/SHOP-2'), /^Point choisi : Presse Rivoli, 40 rue de Rivoli, 75001 PARIS$/);
    assert.equal(await page.textContent('#return-drop-error'), '', 'the error went with the choice');
    assert.equal((await readQuote(page)).refundCents, 1166);
    // The merchant renames the Lyon store meanwhile: the next poll brings new options, and a new form that keeps
    // every choice made -- the units, the reason, the relay point in the same widget -- and the same quote.
    await merchant('PUT', '/v1/sites/bellecour', { kind: 'store', name: 'Boutique Bellecour (Lyon 2e)', location: {
      address: ['1 place Bellecour'], postcode: '69002', city: 'LYON', country: 'FR', lat: 45.7578, lon: 4.832,
      tz: 'Europe/Paris', hours: storeHours }, capabilities: { returns: { enabled: true } } });
    await page.waitForFunction(() => document.querySelector('[for="return-drop-store-bellecour"]')?.textContent
      .includes('(Lyon 2e)'), null, { timeout: 15000 });
    assert.equal(await page.inputValue('[id="return-qty-0"]'), '1');
    assert.equal(await page.inputValue('#return-reason'), 'changed_mind');
    assert.ok(await page.isChecked('#return-drop-relay'));
    assert.equal(await page.getAttribute('#return-point', 'data-point'), 'mondial-relay/SHOP-2');
    assert.equal(await page.$$eval('relais-picker', (all) => all.length), 1);
    assert.equal((await readQuote(page)).refundCents, 1166);
    await fitsThePhone(page);
    assert.deepEqual(problems, []);
    assert.deepEqual(await axe(), []);
    await screenshot('track-return-form.png');

    // Confirmed: the number, big, with its QR code; the server's refund is the one the page showed.
    const number = await confirmReturn(page);
    assert.match(number, /^R[A-HJ-NP-Z2-9]{10}$/);
    await page.waitForFunction((n) => document.getElementById('live').textContent === `Retour ${n} enregistré.`, number);
    const made = await merchant('GET', `/v1/returns/${number}`);
    assert.equal(made.quote.output.refund_cents, quote.refundCents);
    assert.equal(made.quote.output.refund_cents, 1166);
    assert.deepEqual(made.quote.output.taken_back, ['NEXT5']);
    assert.deepEqual(made.drop_off, { kind: 'relay', carrier: 'mondial-relay', id: 'SHOP-2' });
    const card = `section.return[data-return="${number}"]`;
    assert.equal(await page.getAttribute(`${card} .return-refund`, 'data-cents'), '1166');
    assert.match(await textOf(page, `${card} .return-refund`), /^Remboursement prévu : 11,66 €$/);
    assert.equal(await page.textContent(`${card} .steps [aria-current=step] .label`), 'Retour demandé');
    assert.match(await page.textContent(card), /Dépôt en point relais : Presse Rivoli/);
    assert.match(await page.textContent(`${card} .return-items`), /^1 × Guide de Paris$/);
    const dark = made.qr.join('').split('').filter((m) => m === '1').length;
    assert.equal(await page.$eval(`${card} svg.qr`, (svg) => [...svg.querySelectorAll('rect')].slice(1)
      .reduce((n, r) => n + Number(r.getAttribute('width')), 0)), dark, 'the QR code draws every dark module');
    assert.equal(await page.getAttribute(`${card} svg.qr`, 'aria-label'), `QR code du retour ${number}`);
    const qrFile = join(artefacts, 'track-return-qr.png');
    await page.locator(`${card} svg.qr`).screenshot({ path: qrFile });
    assert.equal(execFileSync('zbarimg', ['--raw', '-q', '--nodbus', qrFile], { encoding: 'utf8' }).trim(), number,
      'zbarimg reads the return number off the screen');

    // The book is on its way back: its line says why it cannot be returned again; the mugs still can.
    await openReturnForm(page);
    assert.equal(await page.textContent('.return-line.refused[data-line="0"] .refusal'),
      'Tous les articles sont déjà retournés ou en cours de retour.');
    assert.equal(await page.$('[id="return-qty-0"]'), null);
    assert.ok(await page.$('[id="return-qty-1"]'));
    await fitsThePhone(page);
    assert.deepEqual(problems, []);
    assert.deepEqual(await axe(), []);
    await screenshot('track-return-made.png');

    // Dropped at the point.
    await page.click(`${card} button[data-return-event=dropped_off]`);
    await page.waitForFunction(() => document.getElementById('live').textContent === 'Dépôt signalé.');
    assert.equal((await merchant('GET', `/v1/returns/${number}`)).status, 'dropped_off');
    assert.equal(await page.textContent(`${card} .steps [aria-current=step] .label`), 'Déposé');
    assert.equal(await page.$(`${card} button[data-return-event]`), null, 'nothing more to say, nothing to cancel');
    // Opened again (the e-mail's link): the return is listed as it stands, its QR code read from the server, its
    // point named as this browser chose it.
    await page.reload();
    await page.waitForSelector(`${card}[data-status=dropped_off] svg.qr`);
    assert.equal(await page.$eval(`${card} svg.qr`, (svg) => [...svg.querySelectorAll('rect')].slice(1)
      .reduce((n, r) => n + Number(r.getAttribute('width')), 0)), dark);
    assert.match(await page.textContent(card), /Dépôt en point relais : Presse Rivoli/);

    // Staff of the store receive it, grade it resellable and validate the refund (no payment provider: refunded).
    const staff = (await merchant('POST', '/v1/staff-tokens', { site: 'rivoli', name: 'Alice' })).token;
    await callEdge(edgeUrl, staff, 'POST', `/v1/returns/${number}/receive`, {});
    await callEdge(edgeUrl, staff, 'POST', `/v1/returns/${number}/grade`, { grades: [{ line: 0, resellable: 1, unsellable: 0 }] });
    const validated = await (await callEdge(edgeUrl, staff, 'POST', `/v1/returns/${number}/validate`, {})).json();
    assert.equal(validated.status, 'refunded');
    assert.deepEqual(validated.credit_notes, ['AV-000001']);

    // The page follows: refunded, no code to show any more, the credit note among the invoices with its PDF.
    await page.waitForSelector(`${card}[data-status=refunded]`, { timeout: 15000 });
    assert.match(await textOf(page, `${card} .return-refund`), /^Remboursé : 11,66 €$/);
    assert.equal(await page.getAttribute(`${card} .return-refund`, 'data-cents'), '1166');
    assert.equal(await page.$(`${card} svg.qr`), null);
    assert.equal(await page.textContent(`${card} .steps [aria-current=step] .label`), 'Remboursé');
    assert.match(await page.textContent('#live'), new RegExp(`Retour ${number} : Remboursé`));
    await page.waitForSelector('.invoices button[data-invoice="AV-000001"]', { timeout: 15000 });
    assert.match(await textOf(page, '.invoices button[data-invoice="AV-000001"]'),
      /^Avoir AV-000001 \(-11,66 €\), PDF$/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.invoices button[data-invoice="AV-000001"]')]);
    assert.equal(download.suggestedFilename(), 'AV-000001.pdf');
    const pdf = join(work, 'credit-note.pdf');
    await download.saveAs(pdf);
    assert.equal(readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');
    await fitsThePhone(page);
    assert.deepEqual(problems, []);
    assert.deepEqual(await axe(), []);
    await screenshot('track-return-refunded.png');

    // In English: the steps the server words in the order's language (French) are said in English.
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.getElementById('returns-title')?.textContent === 'Return items');
    assert.match(await textOf(page, `${card} .return-refund`), /^Refunded: €11\.66$/);
    assert.equal(await page.textContent(`${card} .steps [aria-current=step] .label`), 'Refunded');
    assert.deepEqual(await axe(), []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a point the server no longer sees taking returns is refused next to the choice; without the engine, the server quotes', async () => {
  const { id, tracking_token: token } = await collectedOrder([['BOOK', 1]], '12000079');
  // The page's snapshot is a day old: there SHOP-1 took returns. And the engine's split module does not load.
  const { page, context, problems, axe } = await phonePage(staleOrigin);
  await page.route('**/widget/relais-split.mjs', (route) => route.fulfill({ status: 404, body: '' }));
  try {
    await page.goto(`${staleOrigin}/track/?order=${id}&token=${encodeURIComponent(token)}&lang=en`);
    await openReturnForm(page);
    await chooseLines(page, { 0: 1 });
    await chooseReason(page, 'changed_mind');
    await quoteSays(page, /^The refund is worked out when you confirm\.$/);
    assert.equal(await page.$('#return-quote[data-refund-cents]'), null);
    assert.deepEqual(await relayPointsListed(page), ['mondial-relay/SHOP-1', 'mondial-relay/SHOP-2']);
    await chooseRelayDropOff(page, 'mondial-relay/SHOP-1');
    await page.click('#return-confirm');
    assert.equal(await fieldError(page, 'drop'), 'This point takes no returns: choose another one.');
    assert.equal(await page.getAttribute('#return-drop-relay', 'aria-invalid'), 'true');
    assert.equal(await page.$('section.return'), null, 'no return was made');
    // A store instead: made, with the server's refund. The book alone is the whole order: the delivery comes back
    // with the whole 500 discount off it: 1499 + 390 = 1889.
    await chooseStoreDropOff(page, 'rivoli');
    const number = await confirmReturn(page);
    const card = `section.return[data-return="${number}"]`;
    assert.match(await textOf(page, `${card} .return-refund`), /^Refund expected: €18\.89$/);
    assert.match(await page.textContent(card), /Drop-off in store: Boutique Rivoli/);
    assert.match(await page.textContent(`${card} .code`), /Show this number or this QR code at the store\./);
    assert.equal(await page.$(`${card} button[data-return-event=dropped_off]`), null, 'staff scan it in store');
    assert.equal(await page.$('#return-start'), null, 'nothing left to return');
    assert.deepEqual(await axe(), []);

    // Cancelled by the shopper (two steps): the book may be returned again.
    await page.click(`[id="ret-${number}-cancel"]`);
    await page.click(`[id="ret-${number}-confirm-cancel"]`);
    await page.waitForFunction(() => document.getElementById('live').textContent === 'Return cancelled.');
    assert.equal((await merchant('GET', `/v1/returns/${number}`)).status, 'cancelled');
    assert.equal(await page.getAttribute(card, 'data-status'), 'cancelled');
    assert.equal(await page.$(`${card} .return-refund`), null);
    await page.waitForSelector('#return-start');
    await fitsThePhone(page);
    // Chromium logs the split module's 404 and the server's 409 (point_takes_no_returns): nothing else.
    assert.deepEqual(problems.filter((p) => !p.includes('/widget/relais-split.mjs') &&
      !(p.includes('status of 409') && p.endsWith(`/edge/v1/orders/${id}/returns)`))), []);
    assert.deepEqual(await axe(), []);
  } finally {
    await context.close();
  }
});

// The whole story of a return, across the shopper's phone and the store's counter, in a real headless Chromium
// under the demo server's strict CSP, against a real relais-edge on loopback and a payment provider played by a
// local HTTP server. An order of two lines (two mugs and a scarf) with an order-level discount is delivered to a
// Mondial Relay point and collected. On a 360 x 740 phone, on the tracking page, the shopper returns the scarf at
// ANOTHER Mondial Relay point (the one whose snapshot record lists the "returns" service), reads the engine's
// quote, confirms, sees the number and its QR code and says the parcel was dropped off. On the staff page (its
// own page, 360 px wide), staff of the store taking returns type the number, receive the parcel, grade the scarf
// resellable and validate the refund alone (under the brand's threshold for a second person). The provider is paid
// once, the figure the phone showed, with the Idempotency-Key "<brand>-<return>"; the scarf is in stock at the
// store that never had it; the credit note is issued (its PDF), and the phone shows the return refunded with its
// credit note among the invoices. The page-driving steps are those of tests/browser/track_returns_steps.mjs and
// tests/browser/staff_returns_steps.mjs; zero axe-core violations in each state checked; pictures in
// build/test-artefacts/returns-story-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../demo/serve.mjs';
import { buildSnapshot, callEdge, cleanUp, launchChromium, nextOpenDay, openStaffPage, signIn,
  startEdge } from './staff_helpers.mjs';
import { chooseLines, chooseReason, chooseRelayDropOff, confirmReturn, openReturnForm, quoteSays, readQuote,
  relayPointsListed } from './track_returns_steps.mjs';
import { axe as staffAxe, grade, openReturn, panelReady, picture, readReturn, receive, validate,
  waitPayment } from './staff_returns_steps.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const artefacts = join(root, 'build/test-artefacts');
const work = mkdtempSync(join(tmpdir(), 'relais-returns-story-'));
const brand = 'maison';
const key = 'returns-story-merchant-key-0123';
const pspToken = 'returns-story-psp-token-0123456789';
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
let browser, edge, edgeUrl, server, origin;

// The payment provider: 200 with re_N to every call, each recorded with its body, Idempotency-Key and
// Authorization.
const provider = { calls: [], server: null };

// Calls with the merchant key; every one its own Idempotency-Key (placing an order requires one).
const merchant = async (method, path, body) =>
  (await callEdge(edgeUrl, key, method, path, body, { 'Idempotency-Key': `k-${Math.random()}` })).json();

/**
 * The units of `sku` on hand at `site` (0 when the site holds none, or is not listed at all).
 * @param {string} sku
 * @param {string} site
 */
async function onHand(sku, site) {
  const stock = await merchant('GET', `/v1/stock/${sku}`);
  return stock.sites.find((s) => s.site === site)?.on_hand ?? 0;
}

/** The text of `selector` with the no-break spaces Intl puts in money as plain spaces. */
async function textOf(page, selector) {
  return (await page.textContent(selector)).replace(/[\u202f\u00a0]/g, ' ');
}

async function fitsThePhone(page) {
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no sideways scrolling at 360 px');
}

before(async () => {
  mkdirSync(artefacts, { recursive: true });
  provider.server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      provider.calls.push({ path: req.url, body: JSON.parse(body), key: req.headers['idempotency-key'],
        authorization: req.headers.authorization });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: `re_${provider.calls.length}` }));
    });
  });
  await new Promise((resolve) => provider.server.listen(0, '127.0.0.1', resolve));

  // Two Mondial Relay shops by the Louvre: the order is delivered to SHOP-1 (no returns service); SHOP-2's
  // record lists "returns".
  const week = Object.fromEntries(DAYS.slice(0, 6).map((d) => [d, [['09:00', '19:00']]]));
  buildSnapshot(work, [
    { id: 'SHOP-1', name: 'Tabac du Louvre', address: ['1 rue de Rivoli'], lat: 48.8584, lon: 2.347, services: [] },
    { id: 'SHOP-2', name: 'Presse Rivoli', address: ['40 rue de Rivoli'], lat: 48.857, lon: 2.356, services: ['returns'] },
  ].map((p) => JSON.stringify({ carrier: 'mondial-relay', kind: 'shop', ...p, postcode: '75001', city: 'PARIS',
    country: 'FR', tz: 'Europe/Paris', hours: week, status: 'active' })));
  ({ edge, edgeUrl } = await startEdge({ work, env: { RETURNS_STORY_KEY: key, RETURNS_STORY_PSP: pspToken },
    brands: [{ id: brand, name: 'Maison', api_key_env: 'RETURNS_STORY_KEY', settings: { relay_enabled: true },
      notifications: { retry_initial_ms: 200, max_attempts: 3 },
      invoicing: { seller: { name: 'Maison SAS' }, vat: { standard: 20 } },
      returns: { window_days: 30,
        reasons: [{ code: 'changed_mind', label: { fr: 'J’ai changé d’avis', en: 'I changed my mind' } },
          { code: 'faulty', label: { fr: 'Article défectueux', en: 'Faulty item' }, defective: true }],
        drop_off: { stores: true, relay_carriers: ['mondial-relay'] },
        shipping_refund: { whole_order: true, defective: true },
        unsellable: { rule: 'percent', percent: 50 },
        // Well above this refund: one person validates it.
        second_validation_above_cents: 100000,
        payment: { url: `http://127.0.0.1:${provider.server.address().port}/refunds`,
          token_env: 'RETURNS_STORY_PSP' } } }] }));
  server = await startServer(0, join(work, 'points.relais'), edgeUrl);
  origin = `http://127.0.0.1:${server.address().port}`;

  const paris = { postcode: '75001', city: 'PARIS', country: 'FR', tz: 'Europe/Paris' };
  const hours = Object.fromEntries(DAYS.map((d) => [d, [['09:00', '19:00']]]));
  await merchant('PUT', '/v1/sites/wh', { kind: 'warehouse', name: 'Entrepôt', location: { ...paris,
    address: ['5 rue du Louvre'], lat: 48.86, lon: 2.34 }, capabilities: { relay: { cost_cents: 390, lead_time_hours: 48 } } });
  await merchant('PUT', '/v1/sites/rivoli', { kind: 'store', name: 'Boutique Rivoli', location: { ...paris,
    address: ['10 rue de Rivoli'], lat: 48.8575, lon: 2.3525, hours }, capabilities: { returns: { enabled: true } } });
  for (const [sku, name, price, category] of [['MUG', 'Mug Relais', 1250, 'home'], ['SCARF', 'Écharpe en laine', 2999, 'clothing']]) {
    await merchant('PUT', `/v1/products/${sku}`, { name, category, temperature: 'ambient', weight_g: 300, price_cents: price });
    await merchant('POST', '/v1/stock/movements', { kind: 'receipt', sku, site: 'wh', quantity: 10 });
  }
  browser = await launchChromium();
});

after(async () => {
  server?.close();
  await cleanUp({ browser, edge, work });
  provider.server?.close();
});

/**
 * The shopper's phone (360 x 740) on the tracking page's origin, with the page's errors and CSP violations
 * collected. axe-core and Playwright's screenshots add styles the page's CSP refuses: those alone are let
 * through, while `styled()` runs (as in tests/browser/track_returns.test.mjs).
 */
async function phonePage() {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2,
    timezoneId: 'Europe/Paris', acceptDownloads: true });
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
  await page.route(`${origin}/axe.min.js`, (route) => route.fulfill({ status: 200, headers: { 'Content-Type': 'text/javascript' },
    body: readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8') }));
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
  return { page, context, problems, axe, screenshot };
}

test('a line returned from the phone at another relay point, received, graded and refunded at the store, credited',
  async () => {
    // 1. Two lines to Mondial Relay SHOP-1 from the warehouse, 7,00 off the order, collected.
    const placed = await merchant('POST', '/v1/orders', { customer_id: 'c-1',
      contact: { name: 'Hélène', email: 'helene@example.test', lang: 'fr' },
      lines: [['MUG', 2], ['SCARF', 1]].map(([sku, quantity]) => ({ sku, quantity, site: 'wh', mode: 'relay',
        date: nextOpenDay(), destination: { carrier: 'mondial-relay', id: 'SHOP-1' } })),
      discounts: [{ code: 'HELLO7', amount_cents: 700 }] });
    const { id, tracking_token: token } = placed;
    // Goods 2 × 12,50 + 29,99 = 54,99, less the 7,00 discount, plus the relay delivery 3,90: 51,89.
    assert.equal(placed.total_cents, 5189);
    for (const event of ['preparation_started', 'preparation_done']) await merchant('POST', `/v1/orders/${id}/events`, { event });
    await merchant('POST', `/v1/orders/${id}/events`, { event: 'handed_to_carrier',
      parcel: { carrier: 'mondial-relay', tracking_number: '12003456' } });
    for (const event of ['ready_for_pickup', 'picked_up']) await merchant('POST', `/v1/orders/${id}/events`, { event });
    assert.equal((await merchant('GET', `/v1/orders/${id}`)).status, 'collected');
    // The store receiving the return never had a scarf.
    assert.equal(await onHand('SCARF', 'rivoli'), 0);
    const scarvesAtWarehouse = await onHand('SCARF', 'wh');

    // The refund, by hand. Discount shares on the line amounts, mugs 2 × 1250 = 2500 and scarf 2999, of 5499:
    //   700 × 2500 / 5499 = 318.24 -> 318,   700 × 2999 / 5499 = 381.76 -> 381;
    // the floors make 699, the cent left goes to the largest remainder (0.76, the scarf): shares 318 / 382.
    // The scarf (1 unit of 1) refunds 2999 − 382 = 2617. Changed my mind, one line of two: no delivery back,
    // no benefit to take back. 26,17 €.
    const expected = 2617;

    // 2. The shopper's phone: the tracking page with the order's token.
    const phone = await phonePage();
    const { page } = phone;
    let number, shown;
    try {
      await page.goto(`${origin}/track/?order=${id}&token=${encodeURIComponent(token)}`);
      await page.waitForSelector('.returns-form');
      await openReturnForm(page);
      await quoteSays(page, /Choisissez au moins un article/);
      await chooseLines(page, { 1: 1 });
      await chooseReason(page, 'changed_mind');
      // Only the Mondial Relay point taking returns is offered, not SHOP-1 where the order was collected.
      assert.deepEqual(await relayPointsListed(page), ['mondial-relay/SHOP-2']);
      assert.equal(await chooseRelayDropOff(page, 'mondial-relay/SHOP-2'),
        'Point choisi : Presse Rivoli, 40 rue de Rivoli, 75001 PARIS');
      // The engine's quote, before confirming.
      shown = await readQuote(page);
      assert.equal(shown.refundCents, expected);
      assert.equal(shown.refund, 'Vous serez remboursé de 26,17 €');
      assert.deepEqual(shown.lines, ['Articles : 26,17 €']);
      await fitsThePhone(page);
      assert.deepEqual(phone.problems, []);
      await phone.screenshot('returns-story-quote.png');
      assert.deepEqual(await phone.axe(), []);

      // Confirmed: the number, its QR code (read back off the screen), the refund the server made of it.
      number = await confirmReturn(page);
      assert.match(number, /^R[A-HJ-NP-Z2-9]{10}$/);
      const card = `section.return[data-return="${number}"]`;
      await page.waitForSelector(`${card} svg.qr`);
      assert.equal(await page.getAttribute(`${card} svg.qr`, 'aria-label'), `QR code du retour ${number}`);
      const qrFile = join(artefacts, 'returns-story-qr.png');
      await page.locator(`${card} svg.qr`).screenshot({ path: qrFile });
      assert.equal(execFileSync('zbarimg', ['--raw', '-q', '--nodbus', qrFile], { encoding: 'utf8' }).trim(), number);
      assert.equal(await page.getAttribute(`${card} .return-refund`, 'data-cents'), String(expected));
      assert.equal(await textOf(page, `${card} .return-refund`), 'Remboursement prévu : 26,17 €');
      assert.match(await page.textContent(`${card} .return-items`), /^1 × Écharpe en laine$/);
      assert.match(await page.textContent(card), /Dépôt en point relais : Presse Rivoli/);
      const made = await merchant('GET', `/v1/returns/${number}`);
      assert.equal(made.quote.output.refund_cents, expected);
      assert.deepEqual(made.drop_off, { kind: 'relay', carrier: 'mondial-relay', id: 'SHOP-2' });

      // Dropped off at the point.
      await page.click(`${card} button[data-return-event=dropped_off]`);
      await page.waitForFunction(() => document.getElementById('live').textContent === 'Dépôt signalé.');
      assert.equal(await page.textContent(`${card} .steps [aria-current=step] .label`), 'Déposé');
      assert.equal((await merchant('GET', `/v1/returns/${number}`)).status, 'dropped_off');
      await fitsThePhone(page);
      assert.deepEqual(phone.problems, []);
      await phone.screenshot('returns-story-dropped.png');
      assert.deepEqual(await phone.axe(), []);

      // 3. The store's counter: the staff page on its own page, a staff token of the store taking returns.
      const alice = (await merchant('POST', '/v1/staff-tokens', { site: 'rivoli', name: 'Alice' })).token;
      const staff = await openStaffPage(browser, work, edgeUrl);
      try {
        await signIn(staff.page, alice);
        assert.equal(await staff.page.textContent('#status'), `Signed in: staff of site rivoli (${brand}).`);
        await panelReady(staff.page);
        let counter = await openReturn(staff.page, number);
        assert.equal(counter.title, `Retour ${number}`);
        assert.equal(counter.summary, `Commande ${id} · J’ai changé d’avis · déposé en point relais mondial-relay SHOP-2`);
        assert.deepEqual(counter.lines, ['1 × Écharpe en laine (SCARF) · 26,17 €']);
        assert.equal(counter.quote, 'Remboursement prévu : 26,17 €');
        assert.equal(counter.current, '● Déposé');
        assert.ok(counter.canReceive && !counter.canGrade && !counter.canValidate);
        assert.deepEqual(await staffAxe(staff.page), []);

        assert.deepEqual(await receive(staff.page), { text: 'Retour reçu. Contrôlez maintenant chaque article.', tone: 'done' });
        const graded = await grade(staff.page, [{ line: 1, unsellable: 0 }], false);
        // The staff page shows no stock figures: it says the resellable units are back on the store's shelf.
        assert.deepEqual(graded.status, { text: 'Contrôle enregistré : les articles revendables sont de nouveau en stock ici.',
          tone: 'done' });
        counter = await readReturn(staff.page);
        assert.match(counter.graded, /^Contrôlé le .+ par Alice : remboursé 26,17 €\.$/);
        assert.deepEqual(counter.lines, ['1 × Écharpe en laine (SCARF) · 26,17 € 1 revendable(s), 0 non revendable(s)']);
        assert.equal(await staff.page.textContent('#return-validate'), 'Valider le remboursement de 26,17\u00a0€');
        assert.equal(provider.calls.length, 0, 'no money moves before the validation');
        assert.deepEqual(staff.violations, []);
        assert.deepEqual(await staffAxe(staff.page), []);

        // One person is enough under the brand's 1 000,00 €: validated, paid.
        assert.deepEqual(await validate(staff.page), { text: 'Validation enregistrée.', tone: 'done' });
        assert.equal((await readReturn(staff.page)).validations, 'Remboursement validé par Alice.');
        assert.equal(await waitPayment(staff.page, /^Remboursement payé/), 'Remboursement payé : 26,17 € (référence re_1).');
        await staff.page.waitForFunction(() => document.querySelector('#return-steps [aria-current=step]')?.textContent
          .includes('Remboursé'));
        counter = await readReturn(staff.page);
        assert.equal(counter.notes.length, 1);
        assert.deepEqual(staff.violations, []);
        assert.deepEqual(staff.errors, []);
        assert.deepEqual(staff.refusals, []);
        await picture(staff.page, 'returns-story-staff');
        assert.deepEqual(staff.violations, []);
        assert.deepEqual(await staffAxe(staff.page), []);
      } finally {
        await staff.page.close();
        staff.server.close();
      }

      // 4. The provider: once, the phone's figure, the brand's key for this return.
      assert.equal(provider.calls.length, 1);
      assert.equal(provider.calls[0].path, '/refunds');
      assert.equal(provider.calls[0].key, `${brand}-${number}`);
      assert.equal(provider.calls[0].authorization, `Bearer ${pspToken}`);
      assert.deepEqual(provider.calls[0].body, { amount_cents: shown.refundCents, currency: 'EUR', order_id: id,
        return_id: number });
      assert.equal(provider.calls[0].body.amount_cents, expected);

      // 5. The scarf is on the shelf of the store that never had one; the warehouse's count is untouched.
      assert.equal(await onHand('SCARF', 'rivoli'), 1);
      assert.equal(await onHand('SCARF', 'wh'), scarvesAtWarehouse);
      const stored = await merchant('GET', `/v1/returns/${number}`);
      assert.equal(stored.status, 'refunded');
      assert.equal(stored.refund.money_cents, expected);

      // 6. The credit note: listed with the order's invoices, for this return, its PDF.
      const { invoices } = await merchant('GET', `/v1/orders/${id}/invoices`);
      const notes = invoices.filter((i) => i.kind === 'credit_note');
      assert.equal(notes.length, 1);
      const note = notes[0];
      assert.equal(note.return_id, number);
      assert.equal(note.totals.gross_cents, -expected);
      assert.deepEqual(stored.credit_notes, [note.number]);
      const pdf = Buffer.from(await (await callEdge(edgeUrl, key, 'GET',
        `/v1/orders/${id}/invoices/${note.number}/document`)).arrayBuffer());
      assert.equal(pdf.subarray(0, 4).toString('latin1'), '%PDF');

      // The phone follows (it polls): refunded, the credit note among the invoices, its PDF downloaded there.
      await page.waitForSelector(`${card}[data-status=refunded]`, { timeout: 15000 });
      assert.equal(await textOf(page, `${card} .return-refund`), 'Remboursé : 26,17 €');
      assert.equal(await page.getAttribute(`${card} .return-refund`, 'data-cents'), String(expected));
      assert.equal(await page.textContent(`${card} .steps [aria-current=step] .label`), 'Remboursé');
      assert.equal(await page.$(`${card} svg.qr`), null);
      assert.match(await page.textContent(card), new RegExp(`Avoir ${note.number} : voir vos factures\\.`));
      const button = `.invoices button[data-invoice="${note.number}"]`;
      await page.waitForSelector(button, { timeout: 15000 });
      assert.equal(await textOf(page, button), `Avoir ${note.number} (-26,17 €), PDF`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
      assert.equal(download.suggestedFilename(), `${note.number}.pdf`);
      const saved = join(work, 'credit-note.pdf');
      await download.saveAs(saved);
      assert.equal(readFileSync(saved).subarray(0, 5).toString(), '%PDF-');
      assert.equal(provider.calls.length, 1, 'still paid once');
      await fitsThePhone(page);
      assert.deepEqual(phone.problems, []);
      await phone.screenshot('returns-story-refunded.png');
      assert.deepEqual(await phone.axe(), []);
    } finally {
      await phone.context.close();
    }
  });

// Returns on the staff page (web/staff's "Retours" panel) in a real headless Chromium, 360 px wide, under the
// demo server's strict CSP, against a real relais-edge on loopback and a payment provider played by a local HTTP
// server. A shopper's web order (3 guides and 2 mugs, collected at a Mondial Relay point) comes back to the
// store: Alice types its return number, receives it (a second scan says it was received already), grades one
// guide unsellable (the brand's rule shown, and refused until confirmed), validates; above the brand's 50 €
// a second person must: Alice again is refused, Bob validates. The provider answers 503 then 200: paid once, the
// page says so, the credit note is issued; the resellable units are in the store's stock. Then a shopper without
// a number: the counter return starts from the order the search finds (and from an order number for a web
// order), created and received at once; a refund the provider refuses is shown as failed, with its answer. And
// the staff of a warehouse read a return but act on none. axe-core finds nothing in each state; pictures of the
// panel in build/test-artefacts/staff-returns-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSnapshot, callEdge, cleanUp, launchChromium, nextOpenDay, openStaffPage, shopRecords, signIn,
  startEdge } from './staff_helpers.mjs';
import { axe, createCounterReturn, downloadCreditNote, grade, openReturn, panelReady, picture, plain, readReturn,
  receive, scan, startCounterReturn, validate, waitPayment } from './staff_returns_steps.mjs';

const work = mkdtempSync(join(tmpdir(), 'relais-returns-'));
const key = 'returns-test-merchant-key-0123';
const pspToken = 'psp-token-0123456789abcdef';
let browser, edge, edgeUrl, alice, bob, wes;
let webOrder;  // 3 BOOK + 2 MUG to a Mondial Relay point, collected; the shopper's return of all of it.
let number;  // That return's number.
let storeOrder;  // Bought at the store, 2 MUG sent from the warehouse to a relay point, collected.
let webOrder2;  // 1 BOOK to a relay point, collected: the store's staff cannot find it by the search.

// The payment provider: answers each call with the next status of `script` (then 200 with the next re_N), and
// records its body, Idempotency-Key and Authorization.
const provider = { script: [503], calls: [], paid: 0, server: null };

const merchant = async (method, path, body, headers) => (await callEdge(edgeUrl, key, method, path, body, headers)).json();

/**
 * The units of `sku` on hand at `site` (0 when the site holds none).
 * @param {string} sku
 * @param {string} site
 */
async function onHand(sku, site) {
  const stock = await merchant('GET', `/v1/stock/${sku}`);
  return stock.sites.find((s) => s.site === site)?.on_hand ?? 0;
}

/**
 * Moves order `id`'s relay parcel to collected: prepared, handed to Mondial Relay with `parcel`, ready, picked up.
 * @param {string} id
 * @param {string} parcel 8 digits
 */
async function collect(id, parcel) {
  for (const event of ['preparation_started', 'preparation_done']) await merchant('POST', `/v1/orders/${id}/events`, { event });
  await merchant('POST', `/v1/orders/${id}/events`, { event: 'handed_to_carrier',
    parcel: { carrier: 'mondial-relay', tracking_number: parcel } });
  for (const event of ['ready_for_pickup', 'picked_up']) await merchant('POST', `/v1/orders/${id}/events`, { event });
}

/**
 * A web order to Mondial Relay point SHOP-1 from the warehouse, placed with its Idempotency-Key.
 * @param {string} customer
 * @param {{sku: string, quantity: number}[]} lines
 */
function placeWebOrder(customer, lines) {
  return merchant('POST', '/v1/orders', { customer_id: customer,
    contact: { name: 'Hélène <b>Dupré</b>', email: `${customer}@example.com` },
    lines: lines.map((l) => ({ ...l, site: 'wh-1', mode: 'relay', destination: { carrier: 'mondial-relay', id: 'SHOP-1' },
      date: nextOpenDay() })) }, { 'Idempotency-Key': `order-${customer}` });
}

before(async () => {
  provider.server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      provider.calls.push({ body: JSON.parse(body), key: req.headers['idempotency-key'],
        authorization: req.headers.authorization });
      const status = provider.script.shift() ?? 200;
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(status === 200 ? { id: `re_${++provider.paid}` } : { error: 'try again later' }));
    });
  });
  await new Promise((resolve) => provider.server.listen(0, '127.0.0.1', resolve));

  buildSnapshot(work, shopRecords(['SHOP-1', 'SHOP-2']));
  ({ edge, edgeUrl } = await startEdge({ work, env: { RETURNS_TEST_KEY: key, RETURNS_TEST_PSP: pspToken },
    brands: [{ id: 'demo', name: 'Demo', api_key_env: 'RETURNS_TEST_KEY',
      notifications: { retry_initial_ms: 200, max_attempts: 3 },
      invoicing: { seller: { name: 'Demo SAS' }, vat: { standard: 20 } },
      returns: { window_days: 30,
        reasons: [{ code: 'changed_mind', label: { fr: 'Changé d\'avis' } },
          { code: 'faulty', label: { fr: 'Défectueux' }, defective: true }],
        drop_off: { stores: true, relay_carriers: ['mondial-relay'] },
        shipping_refund: { whole_order: true, defective: true },
        unsellable: { rule: 'percent', percent: 50 },
        second_validation_above_cents: 5000,
        payment: { url: `http://127.0.0.1:${provider.server.address().port}/refunds`, token_env: 'RETURNS_TEST_PSP' } } }] }));

  await merchant('PUT', '/v1/brand/settings', { zones: { paris: { name: 'Paris' } } });
  const location = { address: ['1 rue de Rivoli'], postcode: '75001', city: 'PARIS', country: 'FR', lat: 48.86, lon: 2.35,
    tz: 'Europe/Paris' };
  await merchant('PUT', '/v1/sites/wh-1', { kind: 'warehouse', name: 'Entrepôt', zone: 'paris', location,
    capabilities: { relay: { cost_cents: 390, lead_time_hours: 48 } } });
  await merchant('PUT', '/v1/sites/st-1', { kind: 'store', name: 'Boutique Rivoli', zone: 'paris', location,
    capabilities: { returns: { enabled: true } } });
  await merchant('PUT', '/v1/products/BOOK', { name: 'Guide', category: 'books', temperature: 'ambient', weight_g: 450,
    price_cents: 1999 });
  await merchant('PUT', '/v1/products/MUG', { name: 'Mug', category: 'home', temperature: 'ambient', weight_g: 300,
    price_cents: 500 });
  for (const sku of ['BOOK', 'MUG']) {
    await merchant('POST', '/v1/stock/movements', { kind: 'receipt', sku, site: 'wh-1', quantity: 50 });
  }
  alice = (await merchant('POST', '/v1/staff-tokens', { site: 'st-1', name: 'Alice' })).token;
  bob = (await merchant('POST', '/v1/staff-tokens', { site: 'st-1', name: 'Bob' })).token;
  wes = (await merchant('POST', '/v1/staff-tokens', { site: 'wh-1', name: 'Wes' })).token;

  webOrder = await placeWebOrder('helene', [{ sku: 'BOOK', quantity: 3 }, { sku: 'MUG', quantity: 2 }]);
  await collect(webOrder.id, '12345678');
  // The shopper asks on the tracking page (its token): everything, to the store.
  const asked = await (await callEdge(edgeUrl, webOrder.tracking_token, 'POST', `/v1/orders/${webOrder.id}/returns`,
    { lines: [{ line: 0, quantity: 3 }, { line: 1, quantity: 2 }], reason: 'changed_mind',
      drop_off: { kind: 'store', site: 'st-1' } })).json();
  number = asked.id;
  // Goods 3 × 19,99 + 2 × 5,00 = 69,97, the whole order: its delivery (3,90) too: 73,87.
  assert.equal(asked.quote.output.refund_cents, 7387);

  storeOrder = await merchant('POST', '/v1/orders/import', { customer_id: 'zoe', channel: 'store', external_ref: 'TILL-9',
    purchase_site: 'st-1', contact: { name: 'Zoé Martin', email: 'zoe@example.com' },
    relay: { carrier: 'mondial-relay', id: 'SHOP-1' },
    lines: [{ sku: 'MUG', quantity: 2, site: 'wh-1', mode: 'relay', date: nextOpenDay() }] });
  assert.equal(storeOrder.children.length, 1);
  await collect(storeOrder.children[0].id, '12345679');
  webOrder2 = await placeWebOrder('marc', [{ sku: 'BOOK', quantity: 1 }]);
  await collect(webOrder2.id, '12345680');
  browser = await launchChromium();
});

after(async () => {
  await cleanUp({ browser, edge, work });
  provider.server?.close();
});

const staffPage = () => openStaffPage(browser, work, edgeUrl);
// Chromium logs every 4xx fetch (the page keeps their statuses apart, in `refusals`): those a test provokes.
const onlyRefused = (refusals, statuses) => assert.deepEqual(refusals.filter((s) => !statuses.includes(s)), []);

test('a return is received, graded with an unsellable unit, validated by two people, refunded once and credited',
  async (t) => {
    const { server, page, errors, violations, refusals } = await staffPage();
    try {
      await signIn(page, alice);
      assert.equal(await page.textContent('#status'), 'Signed in: staff of site st-1 (demo).');
      await panelReady(page);
      assert.ok(await page.isVisible('#return-number'));
      // What is not a return number, and a number nobody was given.
      let said = await scan(page, 'hello');
      assert.equal(said.tone, 'error');
      assert.match(said.text, /^Ce n’est pas un numéro de retour : R suivi de 10 lettres ou chiffres\./);
      said = await scan(page, 'RAAAAAAAAAA');
      assert.equal(said.text, 'Aucun retour RAAAAAAAAAA : vérifiez le numéro avec le client.');
      assert.ok(!(await page.isVisible('#return-view')));

      // The shopper's QR code, read by the counter's scanner: the return as the shopper asked it.
      let shown = await openReturn(page, number);
      assert.equal(shown.title, `Retour ${number}`);
      assert.equal(shown.summary,
        `Commande ${webOrder.id} · Changé d'avis · déposé en magasin : Boutique Rivoli (st-1)`);
      assert.deepEqual(shown.lines, ['3 × Guide (BOOK) · 59,97 €', '2 × Mug (MUG) · 10,00 €']);
      assert.equal(shown.quote, 'Remboursement prévu : 73,87 € (dont livraison 3,90 €)');
      assert.equal(shown.current, '● Retour demandé');
      assert.equal(shown.received, 'Pas encore reçu.');
      assert.ok(shown.canReceive && !shown.canGrade && !shown.canValidate);
      assert.deepEqual(await axe(page), []);

      // Received here; the same parcel scanned again with "Réceptionner à chaque scan": received already.
      said = await receive(page);
      assert.deepEqual(said, { text: 'Retour reçu. Contrôlez maintenant chaque article.', tone: 'done' });
      shown = await readReturn(page);
      assert.match(shown.received, /^Reçu ici le .+ par Alice\.$/);
      assert.equal(shown.current, '● Reçu');
      assert.ok(!shown.canReceive && shown.canGrade && !shown.canValidate);
      await page.check('#return-auto');
      await openReturn(page, number);
      said = await page.$eval('#return-receive-status', (e) => ({ text: e.textContent, tone: e.className }));
      assert.match(said.text, /^Déjà reçu ici le .+ par Alice : rien n’a changé\.$/);
      assert.equal(said.tone, 'done');
      await page.uncheck('#return-auto');
      // The brand's rule is shown before anything is graded unsellable; the box comes with the first one.
      assert.equal(plain(await page.textContent('#return-rule')), 'Article non revendable : 50 % du prix remboursé.');
      assert.ok(!(await page.isVisible('#return-confirm')));
      assert.deepEqual(await axe(page), []);

      // One guide unsellable, not confirmed: the server refuses, the page says why next to the box.
      const books = await onHand('BOOK', 'st-1');
      const mugs = await onHand('MUG', 'st-1');
      let graded = await grade(page, [{ line: 0, unsellable: 1 }], false);
      assert.equal(graded.rule, 'Article non revendable : 50 % du prix remboursé.');
      assert.equal(graded.confirmError,
        'Cochez la case : le client doit être informé de la compensation des articles non revendables.');
      assert.equal(await page.getAttribute('#return-confirm', 'aria-invalid'), 'true');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'return-confirm');
      // The other field follows: 1 unsellable of 3, 2 resellable.
      assert.equal(await page.inputValue('#return-grade-lines fieldset[data-line="0"] input[name=resellable]'), '2');
      assert.equal(await onHand('BOOK', 'st-1'), books);
      await picture(page, 'staff-returns-grade-refused');
      assert.deepEqual(await axe(page), []);

      // Confirmed. The guides' refund is 59,97 for 3: the unsellable one's share, rounded down, is
      // 5997 × 1 / 3 = 1999; at 50 % the shopper gets ⌊1999 × 50 / 100⌋ = 999 of it, the shop keeps
      // 1999 − 999 = 1000 (10,00 €). The money refunded is the quote less what is kept: 7387 − 1000 = 6387.
      graded = await grade(page, [{ line: 0, unsellable: 1 }], true);
      assert.deepEqual(graded.status, { text: 'Contrôle enregistré : les articles revendables sont de nouveau en stock ici.',
        tone: 'done' });
      shown = await readReturn(page);
      assert.match(shown.graded,
        /^Contrôlé le .+ par Alice : remboursé 63,87 €, retenu 10,00 € \(articles non revendables, 50 % remboursés\)\.$/);
      assert.deepEqual(shown.lines, ['3 × Guide (BOOK) · 59,97 € 2 revendable(s), 1 non revendable(s)',
        '2 × Mug (MUG) · 10,00 € 2 revendable(s), 0 non revendable(s)']);
      assert.equal(shown.current, '● Contrôlé');
      assert.equal(shown.validations, 'À valider par un membre de l’équipe.');
      assert.ok(!shown.canGrade && shown.canValidate);
      assert.equal(await page.textContent('#return-validate'), 'Valider le remboursement de 63,87\u00a0€');
      // On the shelf of the store at once: the two resellable guides and both mugs; the unsellable guide not.
      assert.equal(await onHand('BOOK', 'st-1'), books + 2);
      assert.equal(await onHand('MUG', 'st-1'), mugs + 2);
      const stored = await merchant('GET', `/v1/returns/${number}`);
      assert.deepEqual(stored.refund.money_cents, 6387);
      assert.deepEqual(stored.refund.kept_cents, 1000);
      assert.deepEqual(await axe(page), []);

      // 63,87 € is above the brand's 50 €: Alice's validation waits for a second person; Alice again is refused.
      said = await validate(page);
      assert.deepEqual(said, { text: 'Validation enregistrée.', tone: 'done' });
      shown = await readReturn(page);
      assert.equal(shown.validations, 'Validé par Alice. Un second membre de l’équipe doit valider au-delà de 50,00 €.');
      assert.ok(shown.canValidate);
      assert.equal(shown.payment, '');
      assert.deepEqual(await axe(page), []);
      said = await validate(page);
      assert.deepEqual(said, { text: 'Vous avez déjà validé ce remboursement : un second membre de l’équipe doit le ' +
        'valider.', tone: 'error' });
      assert.equal(provider.calls.length, 0, 'no money moves before the second person');
      await picture(page, 'staff-returns-second-validator');
      assert.deepEqual(await axe(page), []);

      // Bob signs in on the same phone: what Alice had on screen goes; he opens the return and validates.
      await signIn(page, bob);
      assert.ok(!(await page.isVisible('#return-view')));
      shown = await openReturn(page, number);
      assert.equal(shown.validations, 'Validé par Alice. Un second membre de l’équipe doit valider au-delà de 50,00 €.');
      said = await validate(page);
      assert.equal(said.tone, 'done');
      assert.equal((await readReturn(page)).validations, 'Remboursement validé par Alice et Bob.');
      // The provider answers 503, then 200: asked twice with the same key, paid once; the page follows it.
      assert.equal(await waitPayment(page, /^Remboursement payé/), 'Remboursement payé : 63,87 € (référence re_1).');
      assert.equal(provider.calls.length, 2);
      assert.equal(provider.calls[0].key, `demo-${number}`);
      assert.equal(provider.calls[1].key, provider.calls[0].key);
      assert.equal(provider.calls[1].authorization, `Bearer ${pspToken}`);
      assert.deepEqual(provider.calls[1].body, { amount_cents: 6387, currency: 'EUR', order_id: webOrder.id,
        return_id: number });
      await page.waitForFunction(() => document.querySelector('#return-steps [aria-current=step]')?.textContent
        .includes('Remboursé'));
      shown = await readReturn(page);
      assert.deepEqual(shown.notes, ['AV-000001']);
      assert.equal(await page.textContent('#return-notes button'), 'Avoir AV-000001 (PDF)');
      // The credit note: the guides (59,97) and mugs (10,00) and the delivery (3,90) credited, the 10,00 kept
      // taken off: 73,87 − 10,00 = 63,87, what was paid back.
      const note = await merchant('GET', '/v1/invoices/AV-000001');
      assert.equal(note.kind, 'credit_note');
      assert.equal(note.return_id, number);
      assert.equal(note.totals.gross_cents, -6387);
      const pdf = Buffer.from(await (await callEdge(edgeUrl, key, 'GET', '/v1/invoices/AV-000001/document')).arrayBuffer());
      assert.equal(pdf.subarray(0, 4).toString('latin1'), '%PDF');
      assert.deepEqual(violations, []);
      assert.deepEqual(errors, []);
      onlyRefused(refusals, [400, 404, 409]);
      await picture(page, 'staff-returns-refunded');
      assert.deepEqual(violations, []);
      assert.deepEqual(await axe(page), []);

      // The store's staff download it from the return: a credit note is the business of the store that received
      // its return, though the web order was shipped by the warehouse.
      const bytes = await downloadCreditNote(page, 'AV-000001');
      assert.equal(bytes.subarray(0, 4).toString('latin1'), '%PDF');
    } finally {
      await page.close();
      server.close();
    }
  });

test('a shopper without a number: the counter return starts from the order, is created and received at once',
  async () => {
    const { server, page, errors, violations, refusals } = await staffPage();
    try {
      await signIn(page, alice);
      await panelReady(page);
      // Bought at this store, sent to a relay point: the search finds it, "Retour au comptoir" below its lines.
      await page.fill('#q', 'zoe@example.com');
      await page.click('#search button');
      await page.click(`#results button:has-text("${storeOrder.id}")`);
      await page.waitForSelector('#order:not([hidden])');
      assert.ok(await page.isVisible('#order-return'));
      let counter = await startCounterReturn(page);
      assert.deepEqual(counter.lines, ['Mug (MUG) : unités rapportées, sur 2']);
      assert.equal(await page.textContent('#counter-lines-title'), `Articles rapportés de la commande ${storeOrder.id}`);
      assert.deepEqual(await page.$$eval('#counter-reason option', (o) => o.map((x) => x.textContent)),
        ['Choisir un motif', 'Changé d\'avis', 'Défectueux']);
      // Nothing brought, then no reason: said before anything is sent.
      assert.deepEqual(await createCounterReturn(page, { 0: 0 }, ''),
        { text: 'Indiquez au moins une unité rapportée.', tone: 'error' });
      assert.deepEqual(await createCounterReturn(page, { 0: 1 }, ''),
        { text: 'Choisissez le motif du retour.', tone: 'error' });
      assert.equal(await page.getAttribute('#counter-reason', 'aria-invalid'), 'true');
      await picture(page, 'staff-returns-counter');
      assert.deepEqual(await axe(page), []);

      // One faulty mug: 5,00, and the delivery (3,90) because it is faulty: 8,90.
      const said = await createCounterReturn(page, { 0: 1 }, 'faulty');
      assert.equal(said.tone, 'done');
      const made = /^Retour (R[A-Z0-9]{10}) créé et reçu ici : contrôlez les articles ci-dessus\.$/.exec(said.text);
      assert.ok(made, said.text);
      let shown = await readReturn(page);
      assert.equal(shown.title, `Retour ${made[1]}`);
      assert.equal(shown.summary, `Commande ${storeOrder.id} · Défectueux · déposé en magasin : Boutique Rivoli (st-1)`);
      assert.deepEqual(shown.lines, ['1 × Mug (MUG) · 5,00 €']);
      assert.equal(shown.quote, 'Remboursement prévu : 8,90 € (dont livraison 3,90 €)');
      assert.match(shown.received, /^Reçu ici le .+ par Alice\.$/);
      assert.ok(shown.canGrade);
      const stored = await merchant('GET', `/v1/returns/${made[1]}`);
      assert.deepEqual(stored.drop_off, { kind: 'store', site: 'st-1', name: 'Boutique Rivoli' });
      assert.equal(stored.status, 'received');
      assert.match(stored.received_by, / Alice$/);
      assert.deepEqual(await axe(page), []);

      // Resellable; 8,90 is under 50 €: Alice alone validates, and the provider pays at once.
      await grade(page, [{ line: 0, unsellable: 0 }], false);
      assert.match((await readReturn(page)).graded, /^Contrôlé le .+ par Alice : remboursé 8,90 €\.$/);
      assert.equal((await validate(page)).tone, 'done');
      assert.equal((await readReturn(page)).validations, 'Remboursement validé par Alice.');
      assert.equal(await waitPayment(page, /^Remboursement payé/), 'Remboursement payé : 8,90 € (référence re_2).');

      // A web order the warehouse shipped: its number typed in the counter form opens its returnable lines; the
      // search finds it too, marked for a return at the counter (the order itself is not the store's to open).
      counter = await startCounterReturn(page, webOrder2.id);
      assert.deepEqual(counter.lines, ['Guide (BOOK) : unités rapportées, sur 1']);
      await page.fill('#q', 'marc@example.com');
      await page.click('#search button');
      const found = await page.waitForSelector(`#results button:has-text("${webOrder2.id}")`);
      assert.match(await found.textContent(), / · Retour au comptoir$/);
      await found.click();
      counter = await startCounterReturn(page, null);
      assert.deepEqual(counter.lines, ['Guide (BOOK) : unités rapportées, sur 1']);
      assert.ok(!(await page.isVisible('#order')));
      assert.equal((await createCounterReturn(page, { 0: 1 }, 'changed_mind')).tone, 'done');
      shown = await readReturn(page);
      // The whole order: the guide and its delivery, 19,99 + 3,90.
      assert.equal(shown.quote, 'Remboursement prévu : 23,89 € (dont livraison 3,90 €)');
      assert.equal(shown.current, '● Reçu');
      // This time the provider refuses (402): the page says so with the provider's answer; nothing is retried.
      provider.script.push(402);
      await grade(page, [{ line: 0, unsellable: 0 }], false);
      assert.equal((await validate(page)).tone, 'done');
      assert.match(await waitPayment(page, /a échoué/),
        /^Le paiement de 23,89 € a échoué : payment provider answered 402 .*\. Le service client doit reprendre ce remboursement\.$/);
      assert.equal(await page.getAttribute('#return-payment', 'class'), 'error');
      assert.equal(provider.calls.length, 4);
      assert.equal((await readReturn(page)).current, '● Contrôlé');
      assert.deepEqual(violations, []);
      assert.deepEqual(errors, []);
      onlyRefused(refusals, []);
      assert.deepEqual(await axe(page), []);
    } finally {
      await page.close();
      server.close();
    }
  });

test('staff of a site that takes no returns may read a return, not receive, grade or validate it', async () => {
  const { server, page, errors, violations, refusals } = await staffPage();
  try {
    await signIn(page, wes);
    await panelReady(page);
    assert.equal(await page.textContent('#return-site-note'),
      'Votre site (wh-1) ne reçoit pas de retours : vous pouvez consulter un retour, pas le réceptionner.');
    assert.ok(!(await page.isVisible('#counter-return')));
    assert.ok(!(await page.isVisible('#return-auto')));
    const shown = await openReturn(page, number);
    assert.match(shown.received, /^Reçu à st-1 le .+ par Alice : le contrôle et la validation se font là-bas\.$/);
    assert.ok(!shown.canReceive && !shown.canGrade && !shown.canValidate);
    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
    onlyRefused(refusals, []);
    assert.deepEqual(await axe(page), []);
  } finally {
    await page.close();
    server.close();
  }
});

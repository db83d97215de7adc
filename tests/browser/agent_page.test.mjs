// The sales agent's screens (web/staff/agent.html, issue 28) in a real headless Chromium against a real
// relais-edge on loopback, by keyboard only: the agent finds the caller by a phone number typed with spaces,
// takes a three-line order to the caller's last relay point without touching it (keystrokes and time printed),
// then for a caller whose last point is closed when the parcel would arrive picks another among those the
// screen proposes (found by the widget's engine in the page), and changes a customer's address, the server's
// refusal shown beside its field first. Under the demo server's strict CSP, axe-core clean, no console error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../demo/serve.mjs';
import { buildSnapshot, callEdge, cleanUp, launchChromium, nextOpenDay, shopRecords, startEdge, watchPage }
  from './staff_helpers.mjs';
import { axe } from './staff_returns_steps.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'relais-agent-'));
const key = 'agent-test-merchant-key-0123';
const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
let browser, edge, edgeUrl, server, staleServer, agentToken, helene, paul, zoe;

const merchant = async (method, path, body) => (await callEdge(edgeUrl, key, method, path, body)).json();
const asAgent = async (method, path, body) => (await callEdge(edgeUrl, agentToken, method, path, body)).json();

before(async () => {
  // Four shops in Paris 75001 (SHOP-3 closes once Paul's earlier order went there).
  const records = shopRecords(['SHOP-1', 'SHOP-2', 'SHOP-3', 'SHOP-4']);
  buildSnapshot(work, records);
  ({ edge, edgeUrl } = await startEdge({ work, env: { AGENT_TEST_KEY: key },
    brands: [{ id: 'demo', name: 'Demo', api_key_env: 'AGENT_TEST_KEY' }] }));
  await merchant('PUT', '/v1/brand/settings', { zones: { paris: { name: 'Paris' } } });
  await merchant('PUT', '/v1/sites/wh-1', { kind: 'warehouse', name: 'Entrepôt', zone: 'paris',
    location: { country: 'FR', lat: 48.93, lon: 2.36, tz: 'Europe/Paris' },
    capabilities: { relay: { cost_cents: 390, lead_time_hours: 24 }, home: { cost_cents: 590, lead_time_hours: 24 } } });
  for (const [sku, name, weight, price] of [['BOOK', 'Guide de Paris', 400, 1500], ['MUG', 'Tasse', 350, 900],
    ['TEE', 'T-shirt', 200, 1900]]) {
    await merchant('PUT', `/v1/products/${sku}`, { name, category: 'gifts', temperature: 'ambient', weight_g: weight, price_cents: price });
    await merchant('POST', '/v1/stock/movements', { kind: 'receipt', sku, site: 'wh-1', quantity: 20 });
  }
  // A store in Paris taking click & collect orders, the only one holding the coffee.
  await merchant('PUT', '/v1/sites/rivoli', { kind: 'store', name: 'Paris Rivoli', zone: 'paris',
    location: { country: 'FR', lat: 48.8606, lon: 2.3376, tz: 'Europe/Paris' },
    capabilities: { click_collect: { cost_cents: 0, lead_time_hours: 2 } } });
  await merchant('PUT', '/v1/products/COF', { name: 'Café moulu', category: 'grocery', temperature: 'ambient',
    weight_g: 250, price_cents: 590 });
  await merchant('POST', '/v1/stock/movements', { kind: 'receipt', sku: 'COF', site: 'rivoli', quantity: 5 });
  agentToken = (await merchant('POST', '/v1/staff-tokens', { role: 'agent', name: 'Dana' })).token;
  const address = { label: 'maison', address: ['3 rue de la Paix'], postcode: '75001', city: 'Paris', country: 'FR' };
  helene = await asAgent('POST', '/v1/customers', { contact: { name: 'Hélène Dupont', phone: '+33 6 12 34 56 78' },
    addresses: [address], notes: 'Rappeler après 18 h' });
  paul = await asAgent('POST', '/v1/customers', { contact: { name: 'Paul Martin', email: 'paul.martin@example.com' },
    addresses: [{ ...address, address: ['8 rue du Louvre'] }] });
  // Their earlier orders make their last relay points: SHOP-1 for Hélène, SHOP-3 (closed now) for Paul.
  await asAgent('POST', '/v1/orders/import', { customer_id: helene.id, channel: 'phone', external_ref: 'TEL-OLD-1',
    contact: helene.contact, relay: { carrier: 'mondial-relay', id: 'SHOP-1' },
    lines: [{ sku: 'BOOK', quantity: 1, site: 'wh-1', mode: 'relay', date: nextOpenDay() }] });
  await asAgent('POST', '/v1/orders/import', { customer_id: paul.id, channel: 'phone', external_ref: 'TEL-OLD-2',
    contact: paul.contact, relay: { carrier: 'mondial-relay', id: 'SHOP-3' },
    lines: [{ sku: 'MUG', quantity: 1, site: 'wh-1', mode: 'relay', date: nextOpenDay() }] });
  zoe = await asAgent('POST', '/v1/customers', { contact: { name: 'Zoé Bernard', phone: '06 98 76 54 32' },
    addresses: [{ ...address, address: ['1 place du Louvre'] }] });
  await asAgent('POST', '/v1/orders/import', { customer_id: zoe.id, channel: 'phone', external_ref: 'TEL-OLD-3',
    contact: zoe.contact, relay: { carrier: 'mondial-relay', id: 'SHOP-3' },
    lines: [{ sku: 'TEE', quantity: 1, site: 'wh-1', mode: 'relay', date: nextOpenDay() }] });
  assert.equal((await asAgent('GET', `/v1/customers/${paul.id}`)).last_relay.id, 'SHOP-3');
  copyFileSync(join(work, 'points.relais'), join(work, 'before.relais'));  // A browser's copy from before the closure.
  // Then the carrier publishes SHOP-3's closure, from yesterday for ten days: the edge reloads its snapshot on
  // SIGHUP, and the page reads the new file.
  const closing = records.map((r) => JSON.parse(r));
  closing[2].closures = [{ from: day(-1), to: day(10) }];
  const before = (await (await fetch(`${edgeUrl}/readyz`)).text());
  mkdirSync(join(work, 'next'));
  buildSnapshot(join(work, 'next'), closing.map((r) => JSON.stringify(r)));
  renameSync(join(work, 'next/points.relais'), join(work, 'points.relais'));
  edge.kill('SIGHUP');
  for (let i = 0; i < 100 && (await (await fetch(`${edgeUrl}/readyz`)).text()) === before; i++) await new Promise((r) => setTimeout(r, 50));
  assert.notEqual(await (await fetch(`${edgeUrl}/readyz`)).text(), before, 'the edge reloaded the snapshot');
  server = await startServer(0, join(work, 'points.relais'), edgeUrl);
  staleServer = await startServer(0, join(work, 'before.relais'), edgeUrl);
  browser = await launchChromium();
  mkdirSync(join(root, 'build/test-artefacts'), { recursive: true });
});

after(async () => {
  server?.close();
  staleServer?.close();
  await cleanUp({ browser, edge, work });
});

/**
 * The agent page at desktop size, signed in by keyboard, with its console errors and CSP violations collected
 * (refused fetches apart, by status, as staff_helpers' openStaffPage does).
 */
async function agentPage(from = server) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const { errors, violations, refusals } = await watchPage(page);
  await page.goto(`http://127.0.0.1:${from.address().port}/staff/agent.html`);
  await page.focus('#token');
  await page.keyboard.type(agentToken);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Connecté'));
  return { page, errors, violations, refusals };
}

/** Counts what the agent types: each key pressed and each character typed is one keystroke. */
function keyboard(page) {
  const counter = { keys: 0 };
  counter.press = async (k) => { counter.keys += 1; await page.keyboard.press(k); };
  counter.type = async (text) => { counter.keys += [...text].length; await page.keyboard.type(text); };
  return counter;
}

const text = (page, selector) => page.textContent(selector);

/** Alt+C, what the agent types to find the caller, Enter: waits until `name`'s account is open. */
async function openCaller(page, typed, name, kb = page.keyboard) {
  await kb.press('Alt+C');
  await kb.type(typed);
  await kb.press('Enter');
  await page.waitForFunction((n) => document.getElementById('customer-name').textContent.startsWith(n), name);
}
// 404s: the SKU looked up while GET /v1/products?q= is not there yet, and places.rlpt the demo server lacks.
/**
 * Nothing went wrong on `page`: no console error, no CSP violation, no refused fetch but of `statuses` (the answers
 * the test provoked), and with `axe`, no axe-core violation.
 */
async function assertClean(page, { errors, violations, refusals }, statuses, { axe: withAxe = false } = {}) {
  if (withAxe) assert.deepEqual(await axe(page), []);
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
  assert.deepEqual(refusals.filter((s) => !statuses.includes(s)), []);
}

test('a three-line phone order to the caller\'s last relay point, by keyboard only', async () => {
  const { page, errors, violations, refusals } = await agentPage();
  try {
    const kb = keyboard(page);
    const started = Date.now();
    await kb.press('Alt+C');
    await kb.type('06 12 34 56 78');
    await kb.press('Enter');
    // One customer: the account opens, and the product field has the focus.
    await page.waitForFunction(() => document.getElementById('customer-name').textContent.startsWith('Hélène Dupont'));
    assert.match(await text(page, '#customer-contact'), /^06 12 34 56 78 · /);
    assert.match(await text(page, '#customer-notes'), /Rappeler après 18 h/);
    assert.match(await text(page, '#orders'), /enregistrée/);
    await page.waitForFunction(() => /Tabac SHOP-1/.test(document.getElementById('last-relay').textContent));
    assert.match(await text(page, '#last-relay'), /Aujourd'hui : (ouvert|fermé)/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'pq');
    for (const [typed, count] of [['BOOK', 1], ['2 tasse', 2], ['TEE', 3]]) {  // By SKU or by name.
      await kb.type(typed);
      await kb.press('Enter');
      await page.waitForFunction((n) => document.querySelectorAll('#basket-lines tr').length === n, count);
    }
    // The engine's plan, and the caller's last point proposed without a click.
    await page.waitForFunction(() => /Point choisi : Tabac SHOP-1/.test(document.getElementById('relay-chosen').textContent));
    await page.waitForSelector('#plan .shipment');
    assert.match(await text(page, '#plan'), /point relais depuis Entrepôt → Tabac SHOP-1/);  // Names, not ids.
    assert.match(await text(page, '#plan'), /2 × Tasse/);
    // Each line's stock per site, as the server answers it.
    const { stock } = await asAgent('GET', `/v1/availability?skus=BOOK,MUG,TEE&customer_id=${helene.id}`);
    for (const sku of ['BOOK', 'MUG', 'TEE']) {
      assert.match(await text(page, `#basket-lines tr[data-sku=${sku}]`), new RegExp(`Entrepôt : ${stock[sku]['wh-1']}`));
    }
    assert.match(await text(page, '#relays'), /ouvert jusqu'à 19 h|fermé, ouvre/);
    await page.screenshot({ path: join(root, 'build/test-artefacts/agent-order.png'), fullPage: true });
    const quoted = await text(page, '#plan .totals');
    await kb.press('Alt+V');
    await page.waitForFunction(() => /^Commande ord_\S+ enregistrée|error/.test(document.getElementById('order-status').textContent + document.getElementById('order-status').className));
    const elapsed = (Date.now() - started) / 1000;
    assert.match(await text(page, '#order-status'), /^Commande ord_\S+ enregistrée/);
    console.log(`# three-line phone order to the last relay point: ${kb.keys} keystrokes, ${elapsed.toFixed(1)} s`);
    assert.ok(elapsed < 60, `took ${elapsed} s`);

    // What the server holds: a phone order of three lines to SHOP-1, recorded as the agent.
    const orderId = await page.getAttribute('#order-status', 'data-order');
    const order = await merchant('GET', `/v1/orders/${orderId}`);
    assert.equal(order.channel, 'phone');
    assert.equal(order.customer_id, helene.id);
    assert.deepEqual(order.lines.map((l) => [l.sku, l.quantity, l.mode, l.destination.id]).sort(),
      [['BOOK', 1, 'relay', 'SHOP-1'], ['MUG', 2, 'relay', 'SHOP-1'], ['TEE', 1, 'relay', 'SHOP-1']]);
    const events = await merchant('GET', `/v1/orders/${orderId}/events`);
    assert.match(events.events[0].actor, /Dana/);
    // The delivery price said to the caller is the one the order charges.
    const charged = order.delivery.reduce((sum, d) => sum + d.cost_cents, 0);
    assert.equal(quoted, `Livraison ${(charged / 100).toFixed(2).replace('.', ',')}\u00a0€`);
    // The account shows it among the orders; "/" (out of a text field) goes back to the customer search.
    assert.match(await text(page, '#orders'), new RegExp(orderId));
    assert.equal(await page.evaluate(() => document.activeElement.id), 'place');
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'cq');
    // Another caller nobody knows: the account on screen is put away, no order can go to it by mistake.
    await page.keyboard.type('Personne Inconnue');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /Aucun client trouvé/.test(document.getElementById('customer-status').textContent));
    assert.ok(await page.isHidden('#customer'));
    assert.match(await text(page, '#order-for'), /Aucun client ouvert/);
    await assertClean(page, { errors, violations, refusals }, [404], { axe: true });
  } finally {
    await page.close();
  }
});

test('the caller\'s last point is closed on the arrival day: the screen proposes open ones, and one is taken', async () => {
  const { page, errors, violations, refusals } = await agentPage();
  try {
    const kb = keyboard(page);
    const started = Date.now();
    await openCaller(page, 'martin 750', 'Paul Martin', kb);
    await kb.type('2 BOOK');
    await kb.press('Enter');
    await page.waitForSelector('#relays li');
    // SHOP-3 is said not to fit, with its closure in words; the others are open and can be chosen.
    assert.match(await text(page, '#relay-status'), /dernier point du client \(Tabac SHOP-3\) ne convient pas : fermé du/);
    assert.match(await text(page, '#relay-chosen'), /Aucun point choisi/);
    const closed = page.locator('#relays li[data-point="mondial-relay/SHOP-3"]');
    assert.ok(await closed.locator('input').isDisabled());
    assert.match(await closed.textContent(), /ne convient pas : fermé du \d+ au \d+ \S+/);
    const open = await page.$$eval('#relays li:not(.unfit)', (li) => li.map((l) => l.getAttribute('data-point')));
    assert.ok(open.length >= 2 && !open.includes('mondial-relay/SHOP-3'), String(open));
    assert.match(await text(page, '#relays li:not(.unfit)'), /à \d+ mètres, (ouvert jusqu'à 19 h|fermé, ouvre)/);
    // Validating without a point asks for one and moves the focus to the list.
    await kb.press('Alt+V');
    assert.match(await text(page, '#order-status'), /Choisissez un point relais/);
    await kb.press('Space');
    await page.waitForFunction(() => /Point choisi : Tabac SHOP-(1|2|4)/.test(document.getElementById('relay-chosen').textContent));
    const picked = /Tabac (SHOP-\d)/.exec(await text(page, '#relay-chosen'))[1];
    await kb.press('Alt+V');
    await page.waitForFunction(() => /^Commande ord_\S+ enregistrée|error/.test(document.getElementById('order-status').textContent + document.getElementById('order-status').className));
    assert.match(await text(page, '#order-status'), /^Commande ord_\S+ enregistrée/);
    console.log(`# order to another point (last one closed): ${kb.keys} keystrokes, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const order = await merchant('GET', `/v1/orders/${await page.getAttribute('#order-status', 'data-order')}`);
    assert.deepEqual(order.lines.map((l) => [l.sku, l.quantity, l.destination.id]), [['BOOK', 2, picked]]);
    await assertClean(page, { errors, violations, refusals }, [404], { axe: true });
  } finally {
    await page.close();
  }
});

test('the agent changes the customer\'s address; a refused field is shown beside its input', async () => {
  const { page, errors, violations, refusals } = await agentPage();
  try {
    await openCaller(page, 'paul.martin@example.com', 'Paul Martin');
    await page.keyboard.press('Alt+M');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-name');
    // A phone number the server refuses: its message beside the phone input, which gets the focus.
    await page.fill('#f-phone', '12');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('f-phone-error').textContent !== '');
    assert.match(await text(page, '#f-phone-error'), /^Numéro illisible : 06 12 34 56 78/);
    assert.equal(await page.getAttribute('#f-phone', 'aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-phone');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('07 00 00 00 01');
    await page.focus('#f-street');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('12 avenue de l\'Opéra');
    await page.focus('#f-postcode');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('7500');  // A digit short: said in French beside the postcode.
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('f-postcode-error').textContent !== '');
    assert.match(await text(page, '#f-postcode-error'), /^Code postal illisible : 5 chiffres/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-postcode');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('75002');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('customer-status').textContent === 'Client modifié.');
    assert.match(await text(page, '#addresses'), /12 avenue de l'Opéra, 75002 Paris/);
    const stored = await asAgent('GET', `/v1/customers/${paul.id}`);
    assert.deepEqual(stored.addresses[0].address, ['12 avenue de l\'Opéra']);
    assert.equal(stored.addresses[0].postcode, '75002');
    assert.equal(stored.contact.phone, '+33700000001');
    assert.match(stored.updated_by, /Dana/);
    assert.equal(stored.version, paul.version + 1);
    // A second address, the caller's work: added after the first, which stays as it is.
    await page.keyboard.press('Alt+M');
    await page.selectOption('#f-which', { label: 'Nouvelle adresse' });
    await page.fill('#f-label', 'travail');
    await page.fill('#f-street', '1 place Bellecour');
    await page.fill('#f-postcode', '69002');
    await page.fill('#f-city', 'Lyon');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /travail : 1 place Bellecour/.test(document.getElementById('addresses').textContent));
    const both = await asAgent('GET', `/v1/customers/${paul.id}`);
    assert.deepEqual(both.addresses.map((a) => [a.label ?? '', a.postcode]), [['maison', '75002'], ['travail', '69002']]);
    assert.deepEqual((await asAgent('GET', '/v1/customers?q=paul%20lyon')).customers.map((c) => c.id), [paul.id]);
    await page.screenshot({ path: join(root, 'build/test-artefacts/agent-account.png'), fullPage: true });
    await assertClean(page, { errors, violations, refusals }, [400, 404], { axe: true });

    // A new caller giving Paul's number: the agent is told, and says they are two people.
    await page.keyboard.press('Alt+N');
    await page.keyboard.type('Pauline Martin');
    await page.fill('#f-phone', '07 00 00 00 01');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#customer-form-status button');
    assert.match(await text(page, '#customer-form-status'), /Un client a déjà ce numéro/);
    assert.match(await text(page, '#f-phone-error'), /Déjà connu/);
    await page.getByRole('button', { name: 'Ce sont deux personnes : créer' }).press('Enter');
    await page.waitForFunction(() => /^Client créé : cus_/.test(document.getElementById('customer-status').textContent));
    assert.equal(await page.evaluate(() => document.activeElement.id), 'pq');
    const twins = await asAgent('GET', '/v1/customers?q=0700000001');
    assert.equal(twins.customers.length, 2);
    await assertClean(page, { errors, violations, refusals }, [400, 404, 409]);
  } finally {
    await page.close();
  }
});

test('the server refuses the point the browser proposed (its snapshot is older): its alternatives are picked on the same screen', async () => {
  // This browser's snapshot predates SHOP-3's closure: the page proposes the caller's last point, the server
  // (which has the closure) answers 409 relay_unavailable with the points it would take instead.
  const { page, errors, violations, refusals } = await agentPage(staleServer);
  try {
    await openCaller(page, '06 98 76 54 32', 'Zoé Bernard');
    await page.keyboard.type('BOOK');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /Point choisi : Tabac SHOP-3/.test(document.getElementById('relay-chosen').textContent));
    const ref = await page.evaluate(() => document.body.dataset.ref);
    await page.keyboard.press('Alt+V');
    await page.waitForFunction(() => document.getElementById('order-status').className === 'error');
    assert.match(await text(page, '#order-status'), /^Ce point relais ne peut plus prendre la commande : choisissez un des points proposés/);
    assert.match(await text(page, '#relay-chosen'), /Aucun point choisi/);
    const offered = await page.$$eval('#relays li', (li) => li.map((l) => l.getAttribute('data-point')));
    assert.ok(offered.length >= 1 && !offered.includes('mondial-relay/SHOP-3'), String(offered));
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('name')), 'relay');
    await page.keyboard.press('Space');
    const picked = /Tabac (SHOP-\d)/.exec(await text(page, '#relay-chosen'))[1];
    await page.keyboard.press('Alt+V');
    await page.waitForFunction(() => /^Commande ord_\S+ enregistrée|error/.test(document.getElementById('order-status').textContent + document.getElementById('order-status').className));
    assert.match(await text(page, '#order-status'), /^Commande ord_\S+ enregistrée/);
    const order = await merchant('GET', `/v1/orders/${await page.getAttribute('#order-status', 'data-order')}`);
    assert.deepEqual(order.lines.map((l) => [l.sku, l.destination.id]), [['BOOK', picked]]);
    // The retry kept the attempt's reference.
    assert.equal(order.external_ref, ref);
    await assertClean(page, { errors, violations, refusals }, [404, 409]);
  } finally {
    await page.close();
  }
});

test('the agent holds a line to home delivery and searches points near a postcode the caller gives', async () => {
  const { page, errors, violations, refusals } = await agentPage();
  try {
    await openCaller(page, 'dupont 75001', 'Hélène Dupont');
    for (const [typed, count] of [['BOOK', 1], ['TEE', 2]]) {
      await page.keyboard.type(typed);
      await page.keyboard.press('Enter');
      await page.waitForFunction((n) => document.querySelectorAll('#basket-lines tr').length === n, count);
    }
    await page.waitForFunction(() => /Point choisi : Tabac SHOP-1/.test(document.getElementById('relay-chosen').textContent));
    // The caller gives another postcode: the points near it, none taken for them (the last point was
    // elsewhere), the focus on the first that fits; Space takes it.
    await page.keyboard.press('Alt+K');
    await page.keyboard.type('75001');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'relay');
    assert.ok((await page.$$('#relays li:not(.unfit)')).length >= 3);
    assert.match(await text(page, '#relay-status'), /^\d+ points près du 75001/);
    assert.match(await text(page, '#relay-chosen'), /Aucun point choisi/);
    // Meanwhile the plan says the relay's price and day, to a point still to pick.
    assert.match(await text(page, '#plan'), /point relais depuis Entrepôt → point à choisir \(le plus proche qui convient : Tabac SHOP-\d\)/);
    await page.keyboard.press('Space');
    const picked = /Tabac (SHOP-\d)/.exec(await text(page, '#relay-chosen'))[1];
    // The T-shirt goes home, the book to the relay point, as the caller asks: the plan splits in two shipments
    // (left to itself, the cheapest plan would send both home in one parcel).
    await page.selectOption('#basket-lines tr[data-sku=TEE] select', 'home');
    await page.selectOption('#basket-lines tr[data-sku=BOOK] select', 'relay');
    await page.waitForSelector('#plan .shipment[data-mode=home]');
    assert.match(await text(page, '#plan .shipment[data-mode=home]'), /domicile depuis Entrepôt/);
    assert.match(await text(page, '#plan .shipment[data-mode=relay]'), /Guide de Paris/);
    await page.keyboard.press('Alt+V');
    await page.waitForFunction(() => /^Commande ord_\S+ enregistrée|error/.test(document.getElementById('order-status').textContent + document.getElementById('order-status').className));
    assert.match(await text(page, '#order-status'), /^Commande ord_\S+ enregistrée/);
    const order = await merchant('GET', `/v1/orders/${await page.getAttribute('#order-status', 'data-order')}`);
    const bySku = Object.fromEntries(order.lines.map((l) => [l.sku, l]));
    assert.equal(bySku.TEE.mode, 'home');
    assert.equal(bySku.TEE.destination.postcode, '75001');
    assert.deepEqual(bySku.TEE.destination.address, ['3 rue de la Paix']);
    assert.equal(bySku.BOOK.mode, 'relay');
    assert.equal(bySku.BOOK.destination.id, picked);
    await assertClean(page, { errors, violations, refusals }, [404]);
  } finally {
    await page.close();
  }
});

test('a product only a store holds is collected there, at the store the caller names', async () => {
  const { page, errors, violations, refusals } = await agentPage();
  try {
    await openCaller(page, 'zoé bern', 'Zoé Bernard');
    await page.keyboard.type('cafe');  // As an agent types it: "Café moulu".
    await page.keyboard.press('Enter');
    await page.waitForSelector('#plan .shipment[data-mode=click_collect]');
    assert.equal(await page.inputValue('#collect-site'), 'rivoli');
    assert.match(await text(page, '#collect-site'), /Paris Rivoli/);
    assert.match(await text(page, '#plan .shipment[data-mode=click_collect]'), /Café moulu/);
    await page.keyboard.press('Alt+V');
    await page.waitForFunction(() => /^Commande ord_\S+ enregistrée|error/.test(document.getElementById('order-status').textContent + document.getElementById('order-status').className));
    assert.match(await text(page, '#order-status'), /^Commande ord_\S+ enregistrée/);
    const order = await merchant('GET', `/v1/orders/${await page.getAttribute('#order-status', 'data-order')}`);
    assert.deepEqual(order.lines.map((l) => [l.sku, l.site, l.mode, l.destination.site]), [['COF', 'rivoli', 'click_collect', 'rivoli']]);
    await assertClean(page, { errors, violations, refusals }, [404], { axe: true });
  } finally {
    await page.close();
  }
});

test('the caller has it delivered to another of their addresses', async () => {
  const account = await asAgent('GET', `/v1/customers/${zoe.id}`);
  const office = { label: 'bureau', address: ['5 rue de Rivoli'], postcode: '75001', city: 'Paris', country: 'FR' };
  await asAgent('PUT', `/v1/customers/${zoe.id}`, { version: account.version, contact: account.contact,
    addresses: [...account.addresses, office], notes: account.notes });
  const { page, errors, violations, refusals } = await agentPage();
  try {
    await openCaller(page, '06 98 76 54 32', 'Zoé Bernard');
    assert.ok(await page.isVisible('#deliver-to'));
    await page.selectOption('#deliver-to', { label: 'bureau : 5 rue de Rivoli, 75001 Paris' });
    await page.focus('#pq');
    await page.keyboard.type('TEE');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('#basket-lines tr').length === 1);
    await page.selectOption('#basket-lines tr[data-sku=TEE] select', 'home');
    await page.waitForSelector('#plan .shipment[data-mode=home]');
    // The address choice fits the desktop width: nothing off screen; no store to choose, nothing is collected.
    assert.ok(await page.isVisible('#deliver-to'));
    assert.ok(!(await page.isVisible('#collect-site')));
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
      String(await page.evaluate(() => document.documentElement.scrollWidth)));
    await page.keyboard.press('Alt+V');
    await page.waitForFunction(() => /^Commande ord_\S+ enregistrée|error/.test(document.getElementById('order-status').textContent + document.getElementById('order-status').className));
    assert.match(await text(page, '#order-status'), /^Commande ord_\S+ enregistrée/);
    const order = await merchant('GET', `/v1/orders/${await page.getAttribute('#order-status', 'data-order')}`);
    assert.deepEqual(order.lines[0].destination.address, ['5 rue de Rivoli']);
    await assertClean(page, { errors, violations, refusals }, [404], { axe: true });
  } finally {
    await page.close();
  }
});

test('the store sells its last coffee while the agent talks: the refusal is said in French, naming the product', async () => {
  const { page, errors, violations, refusals } = await agentPage();
  try {
    await openCaller(page, 'zoé bern', 'Zoé Bernard');
    await page.keyboard.type('cafe');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#plan .shipment[data-mode=click_collect]');
    // The till sells what is left, after the screen planned the line.
    const { stock } = await merchant('GET', '/v1/availability?skus=COF');
    await merchant('POST', '/v1/stock/movements', { kind: 'pos_sale', sku: 'COF', site: 'rivoli', quantity: stock.COF.rivoli });
    await page.keyboard.press('Alt+V');
    await page.waitForFunction(() => document.getElementById('order-status').className === 'error');
    assert.match(await text(page, '#order-status'), /^Le stock ne suffit plus \(Café moulu\)\.$/);
    assert.doesNotMatch(await text(page, '#order-status'), /[Ss]tock at|not in stock/);
    await assertClean(page, { errors, violations, refusals }, [404, 409]);
  } finally {
    await merchant('POST', '/v1/stock/movements', { kind: 'receipt', sku: 'COF', site: 'rivoli', quantity: 5 });
    await page.close();
  }
});

test('another caller starts with an empty basket; AZERTY shortcuts, "/" in the empty search box, a house number\'s comma, no 0 quantity', async () => {
  const { page, errors, violations, refusals } = await agentPage();
  try {
    // "/" pressed in the empty search box (where the focus is after signing in) is the shortcut, not a character.
    await page.focus('#cq');
    await page.keyboard.press('/');
    assert.equal(await page.inputValue('#cq'), '');
    await openCaller(page, 'zoé bern', 'Zoé Bernard');
    await page.keyboard.type('0 BOOK');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('product-status').className === 'error');
    assert.match(await text(page, '#product-status'), /^Quantité 0 : tapez au moins 1/);
    await page.fill('#pq', '2 BOOK');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('#basket-lines tr').length === 1);
    // A line's mode changed: the rows are drawn again, the focus stays on that line's mode.
    await page.focus('#basket-lines tr[data-sku=BOOK] select');
    await page.selectOption('#basket-lines tr[data-sku=BOOK] select', 'home');
    await page.waitForSelector('#plan .shipment[data-mode=home]');
    assert.equal(await page.evaluate(() => `${document.activeElement.tagName} ${document.activeElement.closest('tr')?.dataset.sku}`), 'SELECT BOOK');
    // A quantity typed, then Tab: the focus goes on to the line's mode, as Tab says.
    await page.focus('#basket-lines tr[data-sku=BOOK] input');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('3');
    await page.keyboard.press('Tab');
    await page.waitForFunction(() => /3 × Guide de Paris/.test(document.getElementById('plan').textContent));
    assert.equal(await page.evaluate(() => `${document.activeElement.tagName} ${document.activeElement.closest('tr')?.dataset.sku}`), 'SELECT BOOK');
    // The next caller: nothing of Zoé's basket, point or messages.
    await openCaller(page, 'paul.martin@example.com', 'Paul Martin');
    assert.equal(await page.$$eval('#basket-lines tr', (rows) => rows.length), 0);
    assert.equal(await text(page, '#product-status'), '');
    // More than the stock: the line unserved, and why, in French.
    await page.keyboard.type('500 BOOK');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#plan .unserved');
    assert.match(await text(page, '#plan .unserved'), /Guide de Paris : non servi \(pas assez de stock\)/);
    // A new caller created from there starts with nothing of Paul's.
    await page.keyboard.press('Alt+N');
    assert.ok(!(await page.isVisible('#f-which')));  // One address to give: no choice of which.
    await page.keyboard.type('Léa Fontaine');
    await page.fill('#f-phone', '07 11 22 33 44');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /^Client créé : cus_/.test(document.getElementById('customer-status').textContent));
    assert.equal(await page.$$eval('#basket-lines tr', (rows) => rows.length), 0);
    assert.equal(await text(page, '#order-status'), '');
    await openCaller(page, 'paul.martin@example.com', 'Paul Martin');
    // On an AZERTY keyboard the M key is QWERTY's ";" (code Semicolon): Alt+M still opens the account's form.
    await page.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'm', code: 'Semicolon', altKey: true, bubbles: true })));
    await page.waitForFunction(() => !document.getElementById('customer-form').hidden);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-name');
    await page.fill('#f-street', '12, rue de la Paix, bâtiment B');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('customer-status').textContent === 'Client modifié.');
    const stored = await asAgent('GET', `/v1/customers/${paul.id}`);
    assert.deepEqual(stored.addresses[0].address, ['12 rue de la Paix', 'bâtiment B']);
    await assertClean(page, { errors, violations, refusals }, [404]);
  } finally {
    await page.close();
  }
});

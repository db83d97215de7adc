// The shopper's tracking page (web/track) in a real headless Chromium at phone size, against a real relais-edge
// and a real SMTP server on loopback (python3-aiosmtpd), under the strict CSP: a drive order is prepared, a
// missing yogurt's substitute is accepted on the page with the keyboard, the "ready" e-mail arrives and its
// link opens the page with the pick-up code and its QR code, the shopper says "I'm here", staff hand the order
// over with the code -- every change shown without a reload. A relay parcel's page shows the point's hours,
// its closure and a map. Zero axe-core violations in each state; screenshots in build/test-artefacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../demo/serve.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const artefacts = join(root, 'build/test-artefacts');
const work = mkdtempSync(join(tmpdir(), 'relais-track-'));
const key = 'track-test-merchant-key-0123';
const webhookSecret = 'track-test-webhook-secret-0123';
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
let browser, edge, sink, server, origin, edgeUrl;

async function merchant(method, path, body) {
  const res = await fetch(edgeUrl + path, { method, headers: { Authorization: `Bearer ${key}`,
    'Content-Type': 'application/json', 'Idempotency-Key': `k-${Math.random()}` }, body: body && JSON.stringify(body) });
  const answer = await res.json();
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(answer)}`);
  return answer;
}

// The messages the SMTP server received, decoded (tests/edge/smtp_sink.py).
function mails() {
  const file = join(work, 'mail.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
}

async function eventually(check, what, ms = 15000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const value = await check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

// The next day from today (UTC) that is neither a Sunday nor in the test shop's closure.
function nextOpenDay() {
  const day = new Date(Date.now() + 2 * 86400000);
  if (day.getUTCDay() === 0) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

before(async () => {
  mkdirSync(artefacts, { recursive: true });
  // A relay shop closing for a week in a month: its page shows the notice.
  const week = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [['09:00', '12:30'], ['14:00', '19:00']]]));
  const from = new Date(Date.now() + 20 * 86400000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 27 * 86400000).toISOString().slice(0, 10);
  // And a locker that never closes.
  writeFileSync(join(work, 'points.jsonl'), [{ carrier: 'mondial-relay', id: 'SHOP-1', kind: 'shop',
    name: 'Tabac du Châtelet', address: ['1 rue de Rivoli'], postcode: '75001', city: 'PARIS', country: 'FR',
    lat: 48.8584, lon: 2.347, tz: 'Europe/Paris', hours: week, closures: [{ from, to }], status: 'active' },
  { carrier: 'mondial-relay', id: 'SHOP-2', kind: 'shop', name: 'Presse Rivoli', address: ['40 rue de Rivoli'],
    postcode: '75004', city: 'PARIS', country: 'FR', lat: 48.8570, lon: 2.3560, tz: 'Europe/Paris', hours: week,
    status: 'active' },
  { carrier: 'inpost', id: 'LOCKER-1', kind: 'locker', name: 'Consigne Gare de Lyon', address: ['Place Louis-Armand'],
    postcode: '75012', city: 'PARIS', country: 'FR', lat: 48.8443, lon: 2.3744, tz: 'Europe/Paris', always: true,
    status: 'active' }].map((p) => JSON.stringify(p)).join('\n') + '\n');
  execFileSync(join(root, 'build/native/data-sync/relais-snapshot'),
    ['build', '--in', join(work, 'points.jsonl'), '--out', join(work, 'points.relais')]);

  sink = spawn('/usr/bin/python3', [join(root, 'tests/edge/smtp_sink.py'), join(work, 'mail.jsonl')],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const smtpPort = JSON.parse(await new Promise((resolve) => createInterface({ input: sink.stdout }).once('line', resolve))).port;

  writeFileSync(join(work, 'edge.json'), JSON.stringify({ listen: '127.0.0.1', port: 0,
    database: join(work, 'edge.db'), snapshot: join(work, 'points.relais'),
    brands: [{ id: 'demo', name: 'Épicerie Démo', api_key_env: 'TRACK_TEST_KEY',
      carrier_webhooks: { 'mondial-relay': { secret_env: 'TRACK_TEST_WEBHOOK' } },
      settings: { relay_enabled: true },
      invoicing: { seller: { name: 'Épicerie Démo SAS' } },
      notifications: { email: { smtp_url: `smtp://127.0.0.1:${smtpPort}`, from: 'epicerie@shop.example' },
        tracking_url: 'https://shop.example/track/', retry_initial_ms: 100 } }] }));
  edge = spawn(join(root, 'build/native/edge/relais-edge'), ['--config', join(work, 'edge.json')],
    { env: { ...process.env, TRACK_TEST_KEY: key, TRACK_TEST_WEBHOOK: webhookSecret }, stdio: ['ignore', 'pipe', 'ignore'] });
  edgeUrl = `http://${JSON.parse(await new Promise((resolve) => createInterface({ input: edge.stdout }).once('line', resolve))).listening}`;
  // Served as the demo serves it: the tracking page's map takes IGN's départements by default.
  server = await startServer(0, join(work, 'points.relais'), edgeUrl);
  origin = `http://127.0.0.1:${server.address().port}`;

  const location = { address: ['2 avenue du Stade'], postcode: '93200', city: 'SAINT-DENIS', country: 'FR',
    lat: 48.93, lon: 2.36, tz: 'Europe/Paris' };
  await merchant('PUT', '/v1/sites/drive-1', { kind: 'drive', name: 'Drive Saint-Denis', location,
    capabilities: { drive: { cost_cents: 0, lead_time_hours: 2, cold_chain: true } } });
  await merchant('PUT', '/v1/sites/wh-1', { kind: 'warehouse', name: 'Entrepôt', location,
    capabilities: { relay: { cost_cents: 390, lead_time_hours: 24 }, locker: { cost_cents: 290, lead_time_hours: 24 } } });
  for (const [sku, name, price, category] of [['YAO-4', 'Yaourts nature ×4', 180, 'grocery/yogurt'],
    ['YAO-5', 'Yaourts nature bio ×4', 240, 'grocery/yogurt'], ['BREAD', 'Pain de campagne', 320, 'grocery/bread']]) {
    // Yoghurts keep cold (the drive does: cold_chain); bread travels as it is, even to a relay point.
    const temperature = sku === 'BREAD' ? 'ambient' : 'chilled';
    await merchant('PUT', `/v1/products/${sku}`, { name, category, temperature, weight_g: 500, price_cents: price });
    for (const site of ['drive-1', 'wh-1']) await merchant('POST', '/v1/stock/movements', { kind: 'receipt', sku, site, quantity: 20 });
  }
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
});

after(async () => {
  await browser?.close();
  server?.close();
  edge?.kill('SIGTERM');
  sink?.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
});

async function phonePage() {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
  await page.exposeFunction('reportViolation', (v) => problems.push(`CSP: ${v}`));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation',
    (e) => window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`)));
  await page.route(`${origin}/axe.min.js`, (route) => route.fulfill({ status: 200, headers: { 'Content-Type': 'text/javascript' },
    body: readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8') }));
  return { page, problems };
}

async function axe(page) {
  await page.addScriptTag({ url: '/axe.min.js' });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const current = (page) => page.$eval('.steps [aria-current=step] .label', (e) => e.textContent).catch(() => null);

// How many of the map's outlines (not the point's dot) pass through the visible part of its box: a map
// one sees, rather than a dot on one grey shape.
function outlinesInView(page) {
  return page.evaluate(() => {
    const box = document.querySelector('.map').getBoundingClientRect();
    let crossing = 0;
    for (const path of document.querySelectorAll('.map path')) {
      if (path.getAttribute('stroke') === '#0b5cad') continue;  // The point itself.
      const matrix = path.getScreenCTM(), length = path.getTotalLength();
      if (length === 0) continue;  // A shape far outside the view, clipped to nothing.
      for (let i = 0; i <= 400; i++) {
        const on = path.getPointAtLength((length * i) / 400);
        const p = new DOMPoint(on.x, on.y).matrixTransform(matrix);
        if (p.x > box.left + 2 && p.x < box.right - 2 && p.y > box.top + 2 && p.y < box.bottom - 2) {
          crossing++;
          break;
        }
      }
    }
    return crossing;
  });
}

async function fitsThePhone(page) {
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no sideways scrolling at 360 px');
}

test('a drive order followed on the phone: substitution answered, ready e-mail, pick-up code, I am here, collected', async () => {
  const created = await merchant('POST', '/v1/orders', { customer_id: 'c-1', allow_substitutions: true,
    contact: { name: 'Ada', email: 'ada@example.com', lang: 'fr' },
    lines: [{ sku: 'YAO-4', quantity: 2, site: 'drive-1', mode: 'drive' }, { sku: 'BREAD', quantity: 1, site: 'drive-1', mode: 'drive' }] });
  const id = created.id;
  const { page, problems } = await phonePage();
  try {
    await page.goto(`${origin}/track/?order=${id}&token=${encodeURIComponent(created.tracking_token)}`);
    await page.waitForSelector('.steps');
    assert.equal(await current(page), 'Commande reçue');
    assert.ok(await page.isVisible('#cancel'), 'a drive order can be cancelled until it is being prepared');
    assert.deepEqual(await axe(page), []);

    // Staff start preparing: the page follows without a reload.
    await merchant('POST', `/v1/orders/${id}/events`, { event: 'preparation_started' });
    await page.waitForFunction(() => document.querySelector('.steps [aria-current=step]')?.textContent.startsWith('En préparation'), null, { timeout: 15000 });

    // The yogurts are missing: the question shows up; the shopper picks the organic ones with the keyboard.
    const asked = await merchant('POST', `/v1/orders/${id}/questions`, { kind: 'substitution', sku: 'YAO-4' });
    assert.deepEqual(asked.question.candidates.map((c) => c.sku), ['YAO-5']);
    await page.waitForSelector('form.question', { timeout: 15000 });
    assert.match(await page.textContent('.question-text'), /« Yaourts nature ×4 » est en rupture/);
    assert.match(await page.textContent('form.question label'), /Yaourts nature bio ×4 · 2,40/);
    assert.deepEqual(problems, []);  // Before the screenshot: Playwright injects a <style> to take it.
    assert.deepEqual(await axe(page), []);
    await fitsThePhone(page);
    await page.screenshot({ path: join(artefacts, 'track-question.png'), fullPage: true });
    await page.focus('form.question input[type=radio]');
    await page.keyboard.press('Tab');  // To "Accept this substitute".
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Accepter ce remplacement');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.question.answered', { timeout: 15000 });
    assert.match(await page.textContent('.question.answered'), /remplacement par Yaourts nature bio ×4 accepté/);
    const order = await merchant('GET', `/v1/orders/${id}`);
    assert.deepEqual(order.lines.map((l) => [l.sku, l.unit_price_cents]), [['YAO-5', 180], ['BREAD', 320]]);

    // Ready: the e-mail arrives; its link opens the page with the pick-up code and its QR code.
    await merchant('POST', `/v1/orders/${id}/events`, { event: 'preparation_done' });
    const mail = await eventually(() => mails().find((m) => m.body.includes(id) && m.subject.includes('Prête')), 'the ready e-mail');
    assert.equal(mail.subject, `Épicerie Démo – commande ${id} : Prête : signalez votre arrivée`);
    const link = new URL(mail.body.match(/https:\/\/shop\.example\/track\/\S+/)[0]);
    const timeline = await (await fetch(`${edgeUrl}/v1/orders/${id}/timeline`,
      { headers: { Authorization: `Bearer ${created.tracking_token}` } })).json();  // The code is the shopper's.
    const code = timeline.shipments[0].pickup_code;
    assert.match(mail.body, new RegExp(`Code de retrait : ${code}`));
    await page.goto(`${origin}/track/${link.search}`);
    await page.waitForSelector('.code svg.qr');
    assert.equal(await page.textContent('.code-text'), code);
    const modules = timeline.shipments[0].pickup_qr;
    const dark = modules.join('').split('').filter((m) => m === '1').length;
    assert.equal(await page.$eval('svg.qr', (svg) => [...svg.querySelectorAll('rect')].slice(1)
      .reduce((n, r) => n + Number(r.getAttribute('width')), 0)), dark, 'the QR code draws every dark module');
    assert.equal(await current(page), 'Prête : signalez votre arrivée');
    assert.ok(!(await page.isVisible('#cancel')), 'too late to cancel');
    assert.deepEqual(await axe(page), []);
    await fitsThePhone(page);
    assert.deepEqual(problems, []);
    await page.screenshot({ path: join(artefacts, 'track-ready.png'), fullPage: true });

    // "I'm here", then staff hand it over with the code the phone shows.
    await page.click('button[data-event=arrived]');
    await page.waitForFunction(() => document.getElementById('live').textContent.startsWith('Arrivée signalée'), null, { timeout: 15000 });
    assert.equal((await merchant('GET', `/v1/orders/${id}/timeline`)).shipments[0].step, 'arrived');
    await merchant('POST', `/v1/orders/${id}/events`, { event: 'handed_over', code });
    await page.waitForFunction(() => document.querySelector('.steps [aria-current=step]')?.textContent.startsWith('Retirée'), null, { timeout: 15000 });
    assert.equal(await page.$('button[data-event]'), null);
    assert.equal(await page.$('.code'), null, 'no code once collected');
    // Collected, so invoiced: the shopper downloads the invoice with the tracking token.
    await page.waitForSelector('.invoices button[data-invoice="F-000001"]', { timeout: 15000 });
    assert.match(await page.textContent('.invoices button'), /^Facture F-000001 \(.+\), PDF$/);
    const [invoice] = await Promise.all([page.waitForEvent('download'), page.click('.invoices button')]);
    assert.equal(invoice.suggestedFilename(), 'F-000001.pdf');
    const invoicePath = join(work, 'invoice.pdf');
    await invoice.saveAs(invoicePath);
    assert.equal(readFileSync(invoicePath).subarray(0, 5).toString(), '%PDF-');

    // In English, on the fly.
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.querySelector('h1').textContent === 'Order tracking');
    await page.waitForFunction(() => document.querySelector('.steps [aria-current=step]')?.textContent.startsWith('Collected'), null, { timeout: 15000 });
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.deepEqual(problems, []);
    assert.equal(mails().filter((m) => m.body.includes(id)).length, 2, 'one e-mail for the question, one for ready');
  } finally {
    await page.close();
  }
});

test('a relay parcel: the point, its hours, its coming closure and a map; a broken link says so', async () => {
  const created = await merchant('POST', '/v1/orders', { customer_id: 'c-2', contact: { email: 'bo@example.com' },
    lines: [{ sku: 'BREAD', quantity: 1, site: 'wh-1', mode: 'relay', date: nextOpenDay(),
      destination: { carrier: 'mondial-relay', id: 'SHOP-1' } }] });
  const id = created.id;
  for (const event of ['preparation_started', 'preparation_done']) await merchant('POST', `/v1/orders/${id}/events`, { event });
  await merchant('POST', `/v1/orders/${id}/events`, { event: 'handed_to_carrier',
    parcel: { carrier: 'mondial-relay', tracking_number: '12000077' } });
  const body = JSON.stringify({ tracking_number: '12000077', events: [{ code: '81', text: 'Colis disponible au Point Relais',
    at: new Date().toISOString() }] });
  const hook = await fetch(`${edgeUrl}/v1/webhooks/carriers/mondial-relay/demo`, { method: 'POST', body,
    headers: { 'Content-Type': 'application/json', 'X-Relais-Signature': `sha256=${createHmac('sha256', webhookSecret).update(body).digest('hex')}` } });
  assert.equal(hook.status, 200);
  // The "ready at the relay" e-mail: no name given, no dangling space; the point named in full.
  const ready = await eventually(() => mails().find((m) => m.rcpt_tos.includes('bo@example.com')), 'the relay e-mail');
  assert.ok(ready.body.startsWith('Bonjour,\n'), ready.body);
  assert.match(ready.body, /Point de retrait : Tabac du Châtelet, 1 rue de Rivoli, 75001 PARIS\./);
  const { page, problems } = await phonePage();
  try {
    await page.goto(`${origin}/track/?order=${id}&token=${encodeURIComponent(created.tracking_token)}&lang=en`);
    await page.waitForSelector('.place');
    assert.equal(await current(page), 'Ready at the pick-up point');
    assert.match(await page.textContent('.place'), /Tabac du Châtelet/);
    assert.match(await page.textContent('.place'), /1 rue de Rivoli, 75001 PARIS/);
    assert.match(await page.textContent('.hours'), /Monday09:00–12:30, 14:00–19:00/);
    assert.match(await page.textContent('.hours'), /Sundayclosed/);
    assert.match(await page.textContent('.notice'), /^Closing from /);
    assert.match(await page.textContent('.shipment'), /mondial-relay parcel no\. 12000077/);
    // The départements' outlines drawn under the point, and seen around it: Paris and its neighbours.
    await page.waitForFunction(() => document.querySelectorAll('.map.leaflet-container path').length > 90);
    assert.ok(await outlinesInView(page) >= 3, 'outlines of départements around the point, in view');
    assert.match(await page.textContent('.map .leaflet-control-attribution'), /IGN GEOFLA/);
    assert.deepEqual(await axe(page), []);
    await fitsThePhone(page);
    assert.deepEqual(problems, []);
    await page.screenshot({ path: join(artefacts, 'track-relay.png'), fullPage: true });

    // Answered on the phone meanwhile: the page's answer is refused, and the reason stays on screen.
    const drive = await merchant('POST', '/v1/orders', { customer_id: 'c-3',
      lines: [{ sku: 'BREAD', quantity: 1, site: 'drive-1', mode: 'drive' }] });
    const slot = (await merchant('POST', `/v1/orders/${drive.id}/questions`,
      { kind: 'choice', text: { fr: 'Quel créneau ?' }, choices: ['Matin', 'Soir'] })).question;
    await page.goto(`${origin}/track/?order=${drive.id}&token=${encodeURIComponent(drive.tracking_token)}`);
    await page.waitForSelector('form.question');
    await merchant('POST', `/v1/orders/${drive.id}/questions/${slot.id}/answer`, { choice: 1 });
    await page.click('form.question button[type=submit]');
    await page.waitForSelector('#problem:not([hidden])');
    assert.match(await page.textContent('#problem'), /Action impossible : this question was answered already/);
    await page.waitForTimeout(4500);  // A poll later, still there.
    assert.match(await page.textContent('#problem'), /answered already/);
    assert.match(await page.textContent('.question.answered'), /Soir/);

    await page.goto(`${origin}/track/?order=${id}`);
    await page.waitForSelector('#problem:not([hidden])');
    assert.match(await page.textContent('#problem'), /lien de suivi est incomplet/);
    await page.goto(`${origin}/track/?order=${id}&token=forged.token.value`);
    await page.waitForSelector('#problem:not([hidden])');
    assert.match(await page.textContent('#problem'), /ne correspond à aucune commande/);
  } finally {
    await page.close();
  }
});

test('a 24/7 locker says so; once cancelled, no arrival date is promised', async () => {
  const created = await merchant('POST', '/v1/orders', { customer_id: 'c-4', contact: { email: 'cy@example.com' },
    lines: [{ sku: 'BREAD', quantity: 1, site: 'wh-1', mode: 'locker', date: nextOpenDay(),
      destination: { carrier: 'inpost', id: 'LOCKER-1' } }] });
  await merchant('POST', `/v1/orders/${created.id}/events`, { event: 'delayed', eta: nextOpenDay() });
  const { page, problems } = await phonePage();
  try {
    await page.goto(`${origin}/track/?order=${created.id}&token=${encodeURIComponent(created.tracking_token)}`);
    await page.waitForSelector('.place');
    assert.equal(await page.textContent('.place .always'), 'Ouvert 24 h/24, 7 j/7');
    assert.doesNotMatch(await page.textContent('.place'), /Horaires non publiés/);
    assert.match(await page.textContent('.eta'), /^Arrivée prévue le /);
    // The shopper cancels on the page: the steps say so, and no arrival date stays on screen.
    await page.click('#cancel');
    await page.click('#confirm-cancel');
    await page.waitForFunction(() => document.getElementById('live').textContent === 'Commande annulée.', null, { timeout: 15000 });
    assert.equal(await current(page), 'Annulée');
    assert.equal(await page.$('.eta'), null, 'no arrival date for a cancelled order');
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.querySelector('.place .always')?.textContent === 'Open 24/7');
    assert.equal(await page.$('.eta'), null);
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('a drive order booked for a slot says the slot, in either language', async () => {
  // A drive booked by half-hour slots, day and night (edge/orders/slot_booking.h).
  const location = { address: ['3 avenue du Stade'], postcode: '93200', city: 'SAINT-DENIS', country: 'FR',
    lat: 48.93, lon: 2.36, tz: 'Europe/Paris', always: true };
  await merchant('PUT', '/v1/sites/drive-2', { kind: 'drive', name: 'Drive Stade', location,
    capabilities: { drive: { cost_cents: 0, lead_time_hours: 2, slots: { minutes: 30, capacity: 4 } } } });
  await merchant('POST', '/v1/stock/movements', { kind: 'receipt', sku: 'BREAD', site: 'drive-2', quantity: 5 });
  const date = nextOpenDay();
  const created = await merchant('POST', '/v1/orders', { customer_id: 'c-5',
    lines: [{ sku: 'BREAD', quantity: 1, site: 'drive-2', mode: 'drive', date, slot: '18:30' }] });
  assert.equal(created.lines[0].slot, '18:30-19:00');
  const { page, problems } = await phonePage();
  try {
    await page.goto(`${origin}/track/?order=${created.id}&token=${encodeURIComponent(created.tracking_token)}`);
    await page.waitForSelector('.eta');
    assert.match(await page.textContent('.eta'), /^Retrait le .+, entre 18:30 et 19:00$/);
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.querySelector('.eta')?.textContent.startsWith('Collect on'));
    assert.match(await page.textContent('.eta'), /, between 18:30 and 19:00$/);
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('a backorder: the shopper sends it to another relay point in the widget, then home', async () => {
  const created = await merchant('POST', '/v1/orders', { customer_id: 'c-5', contact: { email: 'back@example.com' },
    lines: [{ sku: 'BREAD', quantity: 2, site: 'wh-1', mode: 'relay', date: nextOpenDay(),
      destination: { carrier: 'mondial-relay', id: 'SHOP-1' } }] });
  const id = created.id;
  await merchant('POST', `/v1/orders/${id}/events`, { event: 'preparation_started' });
  const tomorrow = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
  await merchant('POST', `/v1/orders/${id}/shipments/0/backorder`,
    { lines: [{ sku: 'BREAD', missing: 1 }], available_on: tomorrow });
  const { page, problems } = await phonePage();
  try {
    await page.goto(`${origin}/track/?order=${id}&token=${encodeURIComponent(created.tracking_token)}&lang=en`);
    await page.waitForSelector('.backorder');
    assert.match(await page.textContent('.backorder p'), /^This part of your order comes later: stock expected on /);
    // The widget lists the relay points around the shipment's (not lockers: it goes as a relay parcel); the
    // shopper picks another one.
    await page.waitForFunction(() => document.querySelector('.backorder relais-picker')?.shadowRoot
      ?.querySelector('li.item[data-key="mondial-relay/SHOP-2"]'), null, { timeout: 20000 });
    assert.equal(await page.$('.backorder relais-picker li.item[data-key="inpost/LOCKER-1"]'), null);
    await page.click('.backorder relais-picker li.item[data-key="mondial-relay/SHOP-2"]');
    await page.click('.backorder relais-picker button.select');
    await page.waitForFunction(() => document.getElementById('live').textContent === 'Choice saved.', null,
      { timeout: 15000 });
    const order = await merchant('GET', `/v1/orders/${id}`);
    assert.deepEqual(order.delivery[1].destination, { carrier: 'mondial-relay', id: 'SHOP-2' });
    assert.deepEqual(order.delivery[0].destination, { carrier: 'mondial-relay', id: 'SHOP-1' });
    // Home instead, at no charge (the warehouse ships home now).
    await merchant('PUT', '/v1/sites/wh-1', { kind: 'warehouse', name: 'Entrepôt', location: { country: 'FR',
      lat: 48.93, lon: 2.36, tz: 'Europe/Paris' }, capabilities: { relay: { cost_cents: 390, lead_time_hours: 24 },
      home: { enabled: true, cost_cents: 590, lead_time_hours: 24 } } });
    await page.click('.backorder button[data-choose=home]');
    await page.fill('[id="home-1-street"]', '3 rue des Lilas');
    await page.fill('[id="home-1-postcode"]', '75011');
    await page.fill('[id="home-1-city"]', 'PARIS');
    await page.evaluate(() => { document.getElementById('live').textContent = ''; });
    await page.click('.home-form button[type=submit]');
    await page.waitForFunction(() => document.getElementById('live').textContent === 'Choice saved.' ||
      !document.getElementById('problem').hidden, null, { timeout: 15000 });
    assert.equal(await page.isVisible('#problem'), false, await page.textContent('#problem'));
    await eventually(async () => (await merchant('GET', `/v1/orders/${id}`)).delivery[1].mode === 'home' || null,
      'the backorder sent home');
    assert.equal((await merchant('GET', `/v1/orders/${id}`)).total_cents, order.total_cents);
    await fitsThePhone(page);
    assert.deepEqual(problems, []);
    // Last: axe-core styles what it inspects inside the widget's shadow root, which the page's CSP refuses.
    assert.deepEqual(await axe(page), []);
  } finally {
    await page.close();
  }
});

// The demo storefront as a newcomer first uses it (issue 19): home delivery ordered from the checkout with the
// address typed in the form (relais-edge places it from La Poste's postcodes), a confirmation in words, an
// emptied basket, and a refusal shown as a page that says what to do. Real relais-edge, real demo server,
// headless Chromium under the demo's strict CSP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../demo/serve.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'build/native/data-sync/relais-snapshot');
const work = mkdtempSync(join(tmpdir(), 'relais-shop-'));
const key = 'shop-test-merchant-key-0123';
const placesCsv = join(root, 'demo/data/laposte_hexasmal_2020.csv');
let browser, edge, server, origin, edgeUrl;

before(async () => {
  // La Poste's real contact points: the snapshot the demo publishes.
  execFileSync(cli, ['convert', '--format', 'laposte-csv', '--in', join(root, 'demo/data/laposte_poincont2_2016.csv'),
    '--out', join(work, 'points.jsonl')], { stdio: 'ignore' });
  execFileSync(cli, ['build', '--in', join(work, 'points.jsonl'), '--out', join(work, 'points.relais')], { stdio: 'ignore' });
  execFileSync(cli, ['places', '--in', placesCsv, '--out', join(work, 'places.rlpt')], { stdio: 'ignore' });
  writeFileSync(join(work, 'edge.json'), JSON.stringify({ listen: '127.0.0.1', port: 0, database: join(work, 'edge.db'),
    snapshot: join(work, 'points.relais'), places: placesCsv,
    brands: [{ id: 'demo', name: 'Demo', api_key_env: 'SHOP_TEST_KEY',
      settings: JSON.parse(readFileSync(join(root, 'demo/brand_settings.json'), 'utf8')) }] }));
  edge = spawn(join(root, 'build/native/edge/relais-edge'), ['--config', join(work, 'edge.json')],
    { env: { ...process.env, SHOP_TEST_KEY: key }, stdio: ['ignore', 'pipe', 'ignore'] });
  const first = await new Promise((resolve) => createInterface({ input: edge.stdout }).once('line', resolve));
  edgeUrl = `http://${JSON.parse(first).listening}`;
  execFileSync('bash', [join(root, 'demo/seed_edge.sh'), edgeUrl, key, join(work, 'points.relais'), cli]);
  server = await startServer(0, join(work, 'points.relais'), edgeUrl,
    { places: join(work, 'places.rlpt'), baseLayer: join(root, 'demo/data/france-metropole-simplifie.geojson'), key });
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
});

after(async () => {
  await browser?.close();
  server?.close();
  edge?.kill();
});

async function shopper() {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'fr-FR' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/shop/api/order')) problems.push(`${r.status()} ${r.url()}`); });
  // Failed loads are the responses' (above): Chromium's own favicon request is not the shop's.
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text()); });
  return { context, page, problems };
}

// Puts two products in the basket from the product page and opens the checkout.
async function fillBasket(page) {
  await page.goto(`${origin}/shop/`);
  await page.click('button[data-sku="BOOK-1"]');
  await page.click('button[data-sku="TEA-3"]');
  await page.waitForFunction(() => document.getElementById('basket-link').textContent === 'Panier (2)');
  await page.click('a.button');
  await page.waitForFunction(() => window.customElements.get('relais-picker'));
  await page.waitForSelector('relais-picker button.home', { timeout: 20000 });
}

test('home delivery from the checkout form: placed from its postcode, confirmed in words, the basket emptied', async () => {
  const { context, page, problems } = await shopper();
  try {
    await fillBasket(page);
    await page.click('relais-picker button.home');
    await Promise.all([page.waitForURL(/confirmation/), page.click('#place-order')]);
    await page.waitForSelector('#summary[data-status]');
    const summary = await page.textContent('#summary');
    assert.match(summary, /^Commande ord_\w+ enregistrée\.$/);
    const lines = await page.$$eval('#deliveries li', (items) => items.map((li) => li.textContent));
    assert.equal(lines.length, 2, lines.join('\n'));
    for (const line of lines) {
      assert.match(line, /Livraison à domicile : 52 rue de Rivoli, 75004 Paris/);
      assert.doesNotMatch(line, /BOOK-1|TEA-3|home|placed/, line);  // Names and words, not codes.
    }
    assert.ok(lines.some((l) => l.startsWith('1 × Guide des sentiers')), lines.join('\n'));
    // Back in the shop, the basket that became the order is empty.
    await page.goto(`${origin}/shop/`);
    await page.waitForFunction(() => document.getElementById('basket-link').textContent === 'Panier (0)');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a refused order is a page in words with the way back, and nothing is reserved', async () => {
  // The warehouse runs out of tea while the shopper is at the checkout.
  const out = await fetch(`${edgeUrl}/v1/stock/movements`, { method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ kind: 'inventory_count', sku: 'TEA-3', site: 'wh-nord', quantity: 0 }) });
  assert.equal(out.status, 201, await out.text());
  const reserved = async () => (await (await fetch(`${edgeUrl}/v1/stock/BOOK-1?site=wh-nord`,
    { headers: { Authorization: `Bearer ${key}` } })).json()).sites[0].reserved;
  const before = await reserved();
  const { context, page, problems } = await shopper();
  try {
    await fillBasket(page);
    await page.click('relais-picker button.home');
    const [answer] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/shop/api/order')), page.click('#place-order')]);
    assert.equal(answer.status(), 409);
    assert.equal(await page.textContent('h1'), "Votre commande n'a pas pu être validée");
    assert.match(await page.textContent('#refusal'), /Thé vert 100 g \(plus en stock\)/);
    assert.match(await page.textContent('#refusal'), /retirez ces articles du panier/);
    await Promise.all([page.waitForURL(/checkout/), page.click('a.button')]);
    assert.equal(await reserved(), before);  // The book that could have gone is not held.
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

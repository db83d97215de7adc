// What the browser tests of the customer-service page (web/staff) share: a work folder holding a snapshot of
// Mondial Relay shops (points.relais), a relais-edge on loopback configured there (edge.json, edge.db), calls
// to its API with a merchant key, Chromium, the staff page served under the demo server's strict CSP with what
// goes wrong on it collected, signing in on it, and reading the barcodes of a PDF it downloads.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../demo/serve.mjs';
import { chromiumArgs } from './widget_helpers.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The next day from today (UTC) that is not a Sunday: the test shops open Monday to Saturday.
 * @returns {string} YYYY-MM-DD
 */
export function nextOpenDay() {
  const day = new Date(Date.now() + 2 * 86400000);
  if (day.getUTCDay() === 0) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

/**
 * Mondial Relay shops "Tabac <id>" in Paris, open Monday to Saturday 09:00-19:00, 0.002° of latitude apart.
 * @param {string[]} ids
 * @returns {string[]} their records, as relais-snapshot reads them (one JSON line each)
 */
export function shopRecords(ids) {
  const week = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [['09:00', '19:00']]]));
  return ids.map((id, i) => JSON.stringify({ carrier: 'mondial-relay', id, kind: 'shop',
    name: `Tabac ${id}`, address: ['1 rue de Rivoli'], postcode: '75001', city: 'PARIS', country: 'FR',
    lat: 48.8584 + i * 0.002, lon: 2.347, tz: 'Europe/Paris', hours: week, status: 'active' }));
}

/**
 * Builds `work`/points.relais with build/native/data-sync/relais-snapshot from `records` (written to
 * `work`/points.jsonl).
 * @param {string} work
 * @param {string[]} records one JSON line each
 */
export function buildSnapshot(work, records) {
  writeFileSync(join(work, 'points.jsonl'), records.join('\n') + '\n');
  execFileSync(join(root, 'build/native/data-sync/relais-snapshot'),
    ['build', '--in', join(work, 'points.jsonl'), '--out', join(work, 'points.relais')]);
}

/**
 * Writes `work`/edge.json (loopback, any free port, `work`/edge.db, the snapshot `work`/points.relais and
 * `brands`) and starts build/native/edge/relais-edge on it; resolves once it has said where it listens.
 * @param {{work: string, brands: object[], env: Record<string, string>, config?: object}} options `env`: the
 *   brands' API keys, by the names their api_key_env give; `config`: more edge.json fields
 * @returns {Promise<{edge: import('node:child_process').ChildProcess, edgeUrl: string}>}
 */
export async function startEdge({ work, brands, env, config = {} }) {
  writeFileSync(join(work, 'edge.json'), JSON.stringify({ listen: '127.0.0.1', port: 0,
    database: join(work, 'edge.db'), snapshot: join(work, 'points.relais'), brands, ...config }));
  const edge = spawn(join(root, 'build/native/edge/relais-edge'), ['--config', join(work, 'edge.json')],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
  const first = await new Promise((resolve) => createInterface({ input: edge.stdout }).once('line', resolve));
  return { edge, edgeUrl: `http://${JSON.parse(first).listening}` };
}

/**
 * Calls the edge's API with `credential` and `body` (as JSON, when given); asserts the answer is a success.
 * @param {string} edgeUrl
 * @param {string} credential a merchant key or staff token
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @param {Record<string, string>} [headers] more request headers
 * @returns {Promise<Response>}
 */
export async function callEdge(edgeUrl, credential, method, path, body, headers = {}) {
  const res = await fetch(edgeUrl + path, { method, headers: { Authorization: `Bearer ${credential}`,
    ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body) });
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`);
  return res;
}

/**
 * The headless Chromium of the browser tests.
 * @returns {Promise<import('playwright-core').Browser>}
 */
export function launchChromium() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
}

/**
 * What the tests' after() does: closes `browser`, stops `edge`, removes `work`. Either may be missing (before()
 * failed early).
 * @param {{browser?: import('playwright-core').Browser, edge?: import('node:child_process').ChildProcess, work: string}} what
 */
export async function cleanUp({ browser, edge, work }) {
  await browser?.close();
  edge?.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}

/**
 * The staff page, served by the demo server (on `work`/points.relais and `edgeUrl`) under its strict CSP, in a
 * page 360 px wide that accepts downloads, with its console errors and CSP violations collected. Chromium logs
 * every refused fetch as an error: their statuses go apart, in `refusals`, for the test to name.
 * @param {import('playwright-core').Browser} browser
 * @param {string} work
 * @param {string} edgeUrl
 * @returns {Promise<{server: import('node:http').Server, page: import('playwright-core').Page, errors: string[],
 *   violations: string[], refusals: number[]}>}
 */
export async function openStaffPage(browser, work, edgeUrl) {
  const server = await startServer(0, join(work, 'points.relais'), edgeUrl);
  const page = await browser.newPage({ viewport: { width: 360, height: 740 }, acceptDownloads: true });
  const watched = await watchPage(page);
  await page.goto(`http://127.0.0.1:${server.address().port}/staff/`);
  return { server, page, ...watched };
}

/**
 * Collects what goes wrong on `page` from now on: console errors and uncaught exceptions, CSP violations, and
 * apart from them the statuses of refused fetches (Chromium logs each as an error), for the test to name.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<{errors: string[], violations: string[], refusals: number[]}>}
 */
export async function watchPage(page) {
  const errors = [];
  const violations = [];
  const refusals = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const refused = /^Failed to load resource: the server responded with a status of (\d{3}) /.exec(m.text());
    if (refused) refusals.push(Number(refused[1]));
    else errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.exposeFunction('reportViolation', (v) => violations.push(v));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation',
    (e) => window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`)));
  return { errors, violations, refusals };
}

/**
 * Signs in on the staff page with `token` (a merchant key or a staff token), and waits for the page's verdict.
 * @param {import('playwright-core').Page} page
 * @param {string} token
 */
export async function signIn(page, token) {
  await page.fill('#token', token);
  await page.click('#login button');
  await page.waitForFunction(() => /^(Signed in|This)/.test(document.getElementById('status').textContent));
}

/**
 * What zbarimg reads on the PDF's pages rendered at 300 dpi (into `dir`, emptied first), one line per barcode.
 * @param {string} pdf
 * @param {string} dir
 * @returns {string}
 */
export function scanBarcodes(pdf, dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  execFileSync('pdftoppm', ['-r', '300', '-png', pdf, join(dir, 'p')]);
  const images = readdirSync(dir).map((f) => join(dir, f));
  return execFileSync('zbarimg', ['--raw', '-q', '--nodbus', ...images], { encoding: 'utf8' });
}

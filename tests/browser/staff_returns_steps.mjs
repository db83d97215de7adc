// The steps of a return on the staff page (web/staff, its "Retours" panel: web/staff/returns.js), as a person
// at the counter takes them: each drives the page with the keyboard or a tap and waits for the page's answer,
// then reads what the page says. Shared by the returns browser test and any end-to-end test that follows a
// return from the shopper to the refund.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const axeSource = join(root, 'node_modules/axe-core/axe.min.js');
const artefacts = join(root, 'build/test-artefacts');

/**
 * Text as the page shows it, with its non-breaking spaces (money: "63,87 €") as plain spaces.
 * @param {string | null} text
 * @returns {string}
 */
export const plain = (text) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();

/**
 * Waits until the status line `id` says something final (not empty, not "…" while a request runs) -- or, with
 * `allowEmpty`, only until no request runs.
 * @param {import('playwright-core').Page} page
 * @param {string} id
 * @param {boolean} [allowEmpty]
 * @returns {Promise<{text: string, tone: string}>} what it says, and its class (error, done or none)
 */
async function settled(page, id, allowEmpty = false) {
  await page.waitForFunction(({ id, allowEmpty }) => {
    const text = document.getElementById(id).textContent;
    return (allowEmpty || text !== '') && !text.endsWith('…');
  }, { id, allowEmpty });
  return page.$eval(`#${id}`, (e) => ({ text: e.textContent, tone: e.className })).then((s) => ({ ...s, text: plain(s.text) }));
}

/**
 * Waits until the returns panel is ready for the person signed in (their site read).
 * @param {import('playwright-core').Page} page
 */
export async function panelReady(page) {
  await page.waitForSelector('#returns:not([hidden]):not([aria-busy])');
}

/**
 * Types `text` into the return number field as a USB scanner does (its characters, then Enter) and waits for
 * the return, or the page's explanation.
 * @param {import('playwright-core').Page} page
 * @param {string} text the QR code's text, or what staff type
 * @returns {Promise<{text: string, tone: string}>} the find status ('' when the return opened)
 */
export async function scan(page, text) {
  await panelReady(page);
  await page.focus('#return-number');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !document.getElementById('return-find-status').textContent.endsWith('…'));
  return settled(page, 'return-find-status', true);
}

/**
 * Opens return `number` (typed, then Enter) and reads it.
 * @param {import('playwright-core').Page} page
 * @param {string} number
 * @returns {Promise<ReturnType<typeof readReturn>>}
 */
export async function openReturn(page, number) {
  const said = await scan(page, number);
  if (said.tone === 'error') throw new Error(`return ${number} did not open: ${said.text}`);
  await page.waitForFunction((n) => document.getElementById('return-title').textContent.endsWith(n) &&
    !document.getElementById('return-view').hidden, number);
  if (await page.isChecked('#return-auto')) await settled(page, 'return-receive-status');
  return readReturn(page);
}

/**
 * What the return view shows, as text.
 * @param {import('playwright-core').Page} page
 */
export async function readReturn(page) {
  const text = async (id) => plain(await page.textContent(`#${id}`));
  const visible = (selector) => page.isVisible(selector);
  return {
    title: await text('return-title'),
    summary: await text('return-summary'),
    steps: (await page.$$eval('#return-steps li', (li) => li.map((l) => l.textContent))).map(plain),
    current: plain(await page.$eval('#return-steps [aria-current=step]', (e) => e.textContent).catch(() => '')),
    lines: (await page.$$eval('#return-lines li', (li) => li.map((l) => l.textContent))).map(plain),
    quote: await text('return-quote'),
    received: await text('return-received'),
    graded: await text('return-graded'),
    validations: await text('return-validations'),
    payment: await text('return-payment'),
    notes: (await page.$$eval('#return-notes button', (b) => b.map((x) => x.dataset.note))),
    canReceive: await visible('#return-receive'),
    canGrade: await visible('#return-grade'),
    canValidate: await visible('#return-validate'),
  };
}

/**
 * Taps "Réceptionner ici" and waits for the page's answer.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<{text: string, tone: string}>}
 */
export async function receive(page) {
  await page.click('#return-receive');
  return settled(page, 'return-receive-status');
}

/**
 * Grades the return on screen: for each order line, its resellable and unsellable units (typed in the unsellable
 * field; the page keeps the other at the line's units unless `resellable` is given too), the rule's box ticked
 * when `confirm`; then "Enregistrer le contrôle".
 * @param {import('playwright-core').Page} page
 * @param {{line: number, resellable?: number, unsellable: number}[]} grades
 * @param {boolean} confirm
 * @returns {Promise<{status: {text: string, tone: string}, confirmError: string, rule: string, lineErrors: string[]}>}
 */
export async function grade(page, grades, confirm) {
  for (const g of grades) {
    const fieldset = `#return-grade-lines fieldset[data-line="${g.line}"]`;
    await page.fill(`${fieldset} input[name=unsellable]`, String(g.unsellable));
    if (g.resellable !== undefined) await page.fill(`${fieldset} input[name=resellable]`, String(g.resellable));
  }
  if (await page.isVisible('#return-confirm')) await page.setChecked('#return-confirm', confirm);
  const rule = plain(await page.textContent('#return-rule'));
  await page.click('#return-grade-send');
  const status = await settled(page, 'return-grade-status', true);
  return { status, rule, confirmError: plain(await page.textContent('#return-confirm-error')),
    lineErrors: (await page.$$eval('#return-grade-lines [aria-live]', (p) => p.map((e) => e.textContent))).map(plain) };
}

/**
 * Taps "Valider le remboursement" and waits for the page's answer.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<{text: string, tone: string}>}
 */
export async function validate(page) {
  await page.click('#return-validate');
  return settled(page, 'return-validate-status');
}

/**
 * Waits until the refund's payment line matches `pattern` (the page reads the return again while it is on its
 * way to the provider).
 * @param {import('playwright-core').Page} page
 * @param {RegExp} pattern
 * @returns {Promise<string>}
 */
export async function waitPayment(page, pattern) {
  await page.waitForFunction((source) => new RegExp(source).test(
    document.getElementById('return-payment').textContent.replace(/[\u00a0\u202f]/g, ' ')), pattern.source,
  { timeout: 20_000 });
  return plain(await page.textContent('#return-payment'));
}

/**
 * Downloads credit note `number` from the return view.
 * @param {import('playwright-core').Page} page
 * @param {string} number
 * @returns {Promise<Buffer>} the PDF's bytes
 * @throws when the page says why it could not (the server's refusal)
 */
export async function downloadCreditNote(page, number) {
  const download = page.waitForEvent('download', { timeout: 10_000 });
  download.catch(() => {});
  await page.click(`#return-notes button[data-note="${number}"]`);
  const said = await settled(page, 'return-notes-status');
  if (said.tone === 'error') throw new Error(`credit note ${number} not downloaded: ${said.text}`);
  return readFileSync(await (await download).path());
}

/**
 * A picture of the returns panel, in build/test-artefacts/`name`.png (the caret left as it is: hiding it
 * would add a style the page's CSP refuses).
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
export async function picture(page, name) {
  mkdirSync(artefacts, { recursive: true });
  await page.locator('#returns').screenshot({ path: join(artefacts, `${name}.png`), caret: 'initial' });
}

/**
 * Starts a counter return from the order on screen ("Retour au comptoir" below its lines), or from an order
 * number typed in the counter form when `order` is given, or (null) from a search result already tapped; waits
 * for the lines it may return.
 * @param {import('playwright-core').Page} page
 * @param {string | null} [order]
 * @returns {Promise<{lines: string[], status: {text: string, tone: string}}>}
 */
export async function startCounterReturn(page, order) {
  await panelReady(page);
  if (order === undefined) {
    await page.click('#order-return');
  } else if (order !== null) {
    if (!(await page.isVisible('#counter-order'))) await page.click('#counter-return summary');
    await page.fill('#counter-order', order);
    await page.press('#counter-order', 'Enter');
  }
  const status = await settled(page, 'counter-status', true);
  const lines = (await page.$$eval('#counter-lines > *', (e) => e.map((x) => x.textContent))).map(plain);
  return { lines, status };
}

/**
 * Fills the counter return (units by order line, the reason's code) and creates it; the page receives it at
 * once and opens it.
 * @param {import('playwright-core').Page} page
 * @param {Record<number, number>} units by order line
 * @param {string} reason
 * @returns {Promise<{text: string, tone: string}>} the counter status
 */
export async function createCounterReturn(page, units, reason) {
  for (const [line, quantity] of Object.entries(units)) await page.fill(`#counter-${line}`, String(quantity));
  if (reason) await page.selectOption('#counter-reason', reason);
  await page.click('#counter-send');
  return settled(page, 'counter-status');
}

/**
 * axe-core's violations on the page as it is now ("rule: targets"), axe served from the page's origin (the
 * staff page's CSP allows no other script). Run it last in a state: it adds its script to the page.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<string[]>}
 */
export async function axe(page) {
  if (!(await page.evaluate(() => 'axe' in window))) {
    const origin = new URL(page.url()).origin;
    await page.route(`${origin}/axe.min.js`, (route) => route.fulfill({ status: 200,
      headers: { 'Content-Type': 'text/javascript' }, body: readFileSync(axeSource, 'utf8') }));
    await page.addScriptTag({ url: '/axe.min.js' });
    await page.unroute(`${origin}/axe.min.js`);
  }
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

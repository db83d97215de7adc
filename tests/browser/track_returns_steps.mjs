// A return on the shopper's tracking page (web/track), step by step as a shopper makes it: open the form, choose
// the units of each line and the reason, choose where the parcel goes (a relay point in the relais widget, or a
// store), read the refund the page quotes with the engine, confirm. Shared by the browser tests that drive the
// page (tests/browser/track_returns.test.mjs, and end-to-end tests that start from a collected order); each step
// waits for the page to have done its part and says what it saw.
import assert from 'node:assert/strict';

/**
 * @typedef {import('playwright-core').Page} Page
 */

/**
 * The page's quote of the return as chosen, as the page shows it.
 * @typedef {object} PageQuote
 * @property {number} refundCents the refund the engine worked out (what the page says in words too)
 * @property {string} refund the sentence ("Vous serez remboursé de 11,66 €"; plain spaces)
 * @property {string[]} lines what it is made of: the items, delivery refunded, benefits taken back or cancelled
 */

/**
 * Opens the return form ("Commencer un retour"), unless it is open already; the keyboard lands on its first
 * control.
 * @param {Page} page on the tracking page of a delivered order
 */
export async function openReturnForm(page) {
  await page.waitForSelector('#return-start', { timeout: 20000 });
  if (await page.getAttribute('#return-start', 'aria-expanded') !== 'true') await page.click('#return-start');
  await page.waitForSelector('#return-form:not([hidden])');
}

/**
 * Chooses how many units of each order line go back.
 * @param {Page} page
 * @param {Record<number, number>} units by order line (lines not named stay as they are)
 */
export async function chooseLines(page, units) {
  for (const [line, quantity] of Object.entries(units)) {
    const control = `[id="return-qty-${line}"]`;
    if (await page.$eval(control, (e) => e.tagName) === 'SELECT') await page.selectOption(control, String(quantity));
    else await page.fill(control, String(quantity));
  }
}

/**
 * Chooses the reason, by its code.
 * @param {Page} page
 * @param {string} code one of the brand's reasons
 */
export async function chooseReason(page, code) {
  await page.selectOption('#return-reason', code);
}

/**
 * Chooses "a relay point or a locker", and waits for the widget's list.
 * @param {Page} page
 * @returns {Promise<string[]>} the "carrier/id" of the points listed, in order
 */
export async function relayPointsListed(page) {
  await page.check('#return-drop-relay');
  await page.waitForFunction(() => document.querySelector('#return-picker')?.shadowRoot?.querySelector('li.item'), null,
    { timeout: 20000 });
  return page.$$eval('#return-picker li.item', (items) => items.map((li) => li.dataset.key));
}

/**
 * Drops the parcel off at relay point `key`: chosen in the widget's list, then "Choose this point".
 * @param {Page} page
 * @param {string} key "carrier/id"
 * @returns {Promise<string>} the page's line naming the point chosen
 */
export async function chooseRelayDropOff(page, key) {
  await relayPointsListed(page);
  await page.waitForSelector(`#return-picker li.item[data-key="${key}"]`);
  await page.click(`#return-picker li.item[data-key="${key}"]`);
  await page.click('#return-picker button.select');
  await page.waitForFunction((chosen) => document.getElementById('return-point')?.dataset.point === chosen, key);
  return page.textContent('#return-point');
}

/**
 * Drops the parcel off at a store of the brand.
 * @param {Page} page
 * @param {string} site the store's site id
 */
export async function chooseStoreDropOff(page, site) {
  await page.check(`[id="return-drop-store-${site}"]`);
}

/**
 * The refund the page shows for the return as chosen, once the engine has worked it out.
 * @param {Page} page
 * @returns {Promise<PageQuote>}
 */
export async function readQuote(page) {
  await page.waitForSelector('#return-quote[data-refund-cents]', { timeout: 20000 });
  // Money as Intl writes it, with a (narrow) no-break space before the euro sign: plain spaces here.
  return page.$eval('#return-quote', (quote) => {
    const plain = (e) => e.textContent.replace(/[\u202f\u00a0]/g, ' ');
    return { refundCents: Number(quote.dataset.refundCents), refund: plain(quote.querySelector('.quote-refund')),
      lines: [...quote.querySelectorAll('.quote-lines li')].map(plain) };
  });
}

/**
 * What the quote box says when it shows no figure (no unit chosen, no engine).
 * @param {Page} page
 * @param {RegExp} expected
 */
export async function quoteSays(page, expected) {
  await page.waitForFunction((source) => new RegExp(source).test(document.getElementById('return-quote').textContent),
    expected.source, { timeout: 20000 });
}

/**
 * Confirms the return; waits for the page to show it (the keyboard moves to it).
 * @param {Page} page
 * @returns {Promise<string>} its number, as the page shows it
 */
export async function confirmReturn(page) {
  const before = await page.$$eval('section.return', (returns) => returns.map((r) => r.dataset.return));
  await page.click('#return-confirm');
  const handle = await page.waitForFunction((known) => {
    const focused = document.activeElement?.closest('section.return');
    return focused && !known.includes(focused.dataset.return) ? focused.dataset.return : null;
  }, before, { timeout: 20000 });
  const number = await handle.jsonValue();
  assert.equal(await page.textContent(`section.return[data-return="${number}"] .return-number`), number);
  return number;
}

/**
 * The error line next to a field of the form, once it says something.
 * @param {Page} page
 * @param {'lines' | 'reason' | 'drop' | 'form'} field
 * @returns {Promise<string>}
 */
export async function fieldError(page, field) {
  const id = field === 'form' ? 'return-error' : `return-${field}-error`;
  await page.waitForFunction((at) => document.getElementById(at)?.textContent, id, { timeout: 20000 });
  return page.textContent(`#${id}`);
}

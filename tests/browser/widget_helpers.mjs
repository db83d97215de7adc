// What the widget's browser tests share: Chromium's flags and reading <relais-picker>'s list in a page.

export const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The "carrier/id" of each point of the page's (first) picker's list, in order. */
export function listKeys(page) {
  return page.evaluate(() => [...document.querySelector('relais-picker').shadowRoot.querySelectorAll('li.item')].map((li) => li.dataset.key));
}

/** Waits for a list that is not empty and differs from `previous` (keys), and returns its keys. */
export async function waitForList(page, previous = null) {
  await page.waitForFunction((before) => {
    const items = [...document.querySelector('relais-picker').shadowRoot.querySelectorAll('li.item')].map((li) => li.dataset.key);
    return items.length > 0 && JSON.stringify(items) !== before;
  }, previous === null ? null : JSON.stringify(previous), { timeout: 20000 });
  return listKeys(page);
}

// What the widget's browser tests share: Chromium's flags, a relais-edge seeded with the demo shop, and
// reading <relais-picker>'s list in a page.
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

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

/**
 * Starts build/native/edge/relais-edge on `config` (its API key in env[keyEnv]) and seeds the demo shop on
 * `snapshot`; resolves to { edge (the process), edgeUrl }.
 */
export async function startSeededEdge(root, config, { keyEnv, key, snapshot, cli, quiet = false }) {
  const edge = spawn(join(root, 'build/native/edge/relais-edge'), ['--config', config],
    { env: { ...process.env, [keyEnv]: key }, stdio: ['ignore', 'pipe', 'ignore'] });
  const first = await new Promise((resolve) => createInterface({ input: edge.stdout }).once('line', resolve));
  const edgeUrl = `http://${JSON.parse(first).listening}`;
  execFileSync('bash', [join(root, 'demo/seed_edge.sh'), edgeUrl, key, snapshot, cli], quiet ? { stdio: 'ignore' } : {});
  return { edge, edgeUrl };
}

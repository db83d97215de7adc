// The demo page in a real headless Chromium: the WebAssembly engine loads under a strict CSP and answers
// a nearest query in the page; a corrupt snapshot shows a clear message instead of breaking the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../demo/serve.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'build/native/data-sync/relais-snapshot');
const work = mkdtempSync(join(tmpdir(), 'relais-browser-'));
let browser;

const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

before(async () => {
  execFileSync(cli, ['synth', '--count', '5000', '--seed', '2', '--out', join(work, 'p.jsonl')]);
  execFileSync(cli, ['build', '--in', join(work, 'p.jsonl'), '--out', join(work, 'p.relais')]);
  const corrupt = readFileSync(join(work, 'p.relais'));
  corrupt[corrupt.length - 100] ^= 0xff;
  writeFileSync(join(work, 'corrupt.relais'), corrupt);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
});

after(async () => {
  await browser?.close();
});

async function openPage(snapshot) {
  const server = await startServer(0, snapshot);
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  const violations = [];
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.exposeFunction('reportViolation', (v) => violations.push(v));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`)));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  return { page, server, violations, errors };
}

test('the page answers a nearest query with the engine, under a strict CSP', async () => {
  const { page, server, violations, errors } = await openPage(join(work, 'p.relais'));
  try {
    await page.waitForFunction(() => document.querySelectorAll('#results li').length > 0, null, { timeout: 20000 });
    assert.match(await page.textContent('#status'), /5000 points/);
    const ids = await page.$$eval('#results li', (items) => items.map((li) => li.dataset.id));
    assert.equal(ids.length, 10);
    // The same first answer as the native CLI.
    const native = JSON.parse(execFileSync(cli, ['nearest', '--snapshot', join(work, 'p.relais'), '--lat', '48.8566', '--lon', '2.3522', '--k', '1', '--kinds', 'post_office,shop,locker'], { encoding: 'utf8' }));
    assert.equal(ids[0], `${native[0].carrier}/${native[0].id}`);
    // Lockers only, from the form.
    await page.uncheck('input[value=shop]');
    await page.uncheck('input[value=post_office]');
    await page.click('button[type=submit]');
    await page.waitForFunction(() => [...document.querySelectorAll('#results .meta')].every((m) => m.textContent.includes('locker')));
    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
    server.close();
  }
});

test('a corrupt snapshot shows a clear message and the page keeps working', async () => {
  const { page, server, errors } = await openPage(join(work, 'corrupt.relais'));
  try {
    await page.waitForFunction(() => document.getElementById('status').textContent.includes('unavailable'), null, { timeout: 20000 });
    assert.match(await page.textContent('#status'), /checksum mismatch/);
    assert.match(await page.textContent('#status'), /Home delivery still works/);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
    server.close();
  }
});

// The closure notice in WebAssembly (what the widget's list shows) on the cases of
// tests/fixtures/closure_notice.json, which tests/engine/closure_notice_test.cc checks natively with the
// function relais-edge answers with (closure_notice in its relay JSON): same points, same instants, same
// notices, so the browser and the server announce the same closure.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const nativeBin = process.env.RELAIS_NATIVE_BIN || join(root, 'build/native/data-sync/relais-snapshot');
const wasmDir = process.env.RELAIS_WASM_DIR || join(root, 'build/wasm');
const { Relais } = await import(join(wasmDir, 'relais.mjs'));
const wasmBinary = readFileSync(join(wasmDir, 'relais.wasm'));
const fixture = JSON.parse(readFileSync(join(root, 'tests/fixtures/closure_notice.json'), 'utf8'));

let r;

before(async () => {
  const work = mkdtempSync(join(tmpdir(), 'relais-closures-'));
  writeFileSync(join(work, 'points.jsonl'), fixture.points.map((p) => JSON.stringify(p)).join('\n') + '\n');
  execFileSync(nativeBin, ['build', '--in', join(work, 'points.jsonl'), '--out', join(work, 'points.relais')]);
  r = await Relais.load(readFileSync(join(work, 'points.relais')), { wasmBinary });
});

test('the widget announces the closure the server does, on each point\'s own clock', () => {
  for (const c of fixture.cases) {
    const point = r.get('mondial-relay', c.point);
    assert.ok(point, c.point);
    const notice = r.closureNotice(point, c.at);
    const spelled = notice && { from: notice.from, to: notice.to, in_force: notice.inForce };
    assert.deepEqual(spelled, c.notice, `${c.point} at ${c.at}: ${c.why}`);
  }
});

test('closureNotice takes a Date, a millisecond count or an ISO string, and refuses what is not a point', () => {
  const point = r.get('mondial-relay', 'HOLIDAYS');
  const christmasEve = '2026-12-24T09:00:00Z';
  const expected = { from: '2026-12-21', to: '2026-12-31', inForce: true };
  assert.deepEqual(r.closureNotice(point, christmasEve), expected);
  assert.deepEqual(r.closureNotice(point, new Date(christmasEve)), expected);
  assert.deepEqual(r.closureNotice(point, Date.parse(christmasEve)), expected);
  assert.throws(() => r.closureNotice({ id: 'HOLIDAYS' }, christmasEve), TypeError);
  assert.throws(() => r.closureNotice(point, 'not a date'), RangeError);
});

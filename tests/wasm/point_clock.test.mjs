// A point's wall clock from the engine (status().local: the snapshot's zone rule) against the browser's own
// time-zone database (ICU, through Intl): the same date, weekday and time in every zone of the snapshot,
// across both daylight-saving changes. And the picker's status line written from it reads as one built with
// Intl in the point's zone (the picker's way before, kept here as the reference) -- the list no longer waits
// for Intl formatters, and says the same.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { statusLine, todayHours } from '../../web/widget/picker-format.js';
import { LANGUAGES } from '../../web/widget/picker-i18n.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const nativeBin = process.env.RELAIS_NATIVE_BIN || join(root, 'build/native/data-sync/relais-snapshot');
const wasmDir = process.env.RELAIS_WASM_DIR || join(root, 'build/wasm');
const { Relais } = await import(join(wasmDir, 'relais.mjs'));

let r;
let points;  // One point of each zone in the snapshot, with published hours where the zone has some.
// Around both 2026 EU changes (29 March, 25 October, 01:00 UTC), local midnights and a plain week.
const instants = ['2026-03-28T22:59:00Z', '2026-03-28T23:00:00Z', '2026-03-29T00:59:00Z', '2026-03-29T01:00:00Z',
  '2026-03-29T01:01:00Z', '2026-10-24T22:30:00Z', '2026-10-25T00:59:00Z', '2026-10-25T01:00:00Z',
  '2026-10-25T23:30:00Z', '2026-12-05T07:45:00Z', '2026-12-05T12:10:00Z', '2026-12-06T18:59:00Z', '2026-12-31T23:00:00Z']
  .map((s) => new Date(s));

before(async () => {
  const work = mkdtempSync(join(tmpdir(), 'relais-clock-'));
  execFileSync(nativeBin, ['synth', '--count', '2000', '--seed', '11', '--out', join(work, 'points.jsonl')]);
  // The generator's points are all in Paris: spread them over zones of every rule the engine has (EU, none,
  // US, Moldova; west and east of UTC, half-hour-free but far apart).
  const zones = ['Europe/Paris', 'Europe/London', 'Europe/Lisbon', 'Atlantic/Azores', 'Europe/Helsinki', 'Europe/Chisinau',
    'America/Guadeloupe', 'America/Miquelon', 'Indian/Reunion', 'Pacific/Noumea', 'Pacific/Tahiti'];
  const lines = readFileSync(join(work, 'points.jsonl'), 'utf8').split('\n').filter(Boolean)
    .map((line, n) => JSON.stringify({ ...JSON.parse(line), tz: zones[n % zones.length] }));
  writeFileSync(join(work, 'points.jsonl'), lines.join('\n') + '\n');
  execFileSync(nativeBin, ['build', '--in', join(work, 'points.jsonl'), '--out', join(work, 'points.relais'), '--date', '2026-12-01']);
  r = await Relais.load(readFileSync(join(work, 'points.relais')), { wasmBinary: readFileSync(join(wasmDir, 'relais.wasm')) });
  const byZone = new Map();
  for (let i = 0; i < r.size; i++) {
    const p = r.point(i);
    const kept = byZone.get(p.tz);
    if (!kept || (!kept.hours && p.hours && p.hours !== 'always')) byZone.set(p.tz, p);
  }
  points = [...byZone.values()];
});

function intlClock(when, tz) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: tz, weekday: 'short', year: 'numeric',
    month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(when).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday),
    time: `${parts.hour}:${parts.minute}` };
}

test("status().local: each zone's wall clock, as ICU's time-zone database reads it", () => {
  assert.equal(points.length, 11, `zones in the snapshot: ${points.map((p) => p.tz)}`);
  let compared = 0;
  for (const p of points) {
    for (const when of instants) {
      const s = r.status(p, when);
      assert.deepEqual(s.local.now, intlClock(when, p.tz), `${p.tz} at ${when.toISOString()}`);
      for (const key of ['nextOpening', 'nextClosing']) {
        if (s[key]) assert.deepEqual(s.local[key], intlClock(s[key], p.tz), `${key} of ${p.tz} at ${when.toISOString()}`);
        else assert.equal(s.local[key], null);
      }
      compared++;
    }
  }
  assert.ok(compared >= 2 * instants.length);
});

// The status line and today's hours from Intl alone: the instants of status() (not its wall clock), written in
// the point's zone by ICU in French, with the picker's French words.
function intlStatusLine(s, p, w) {
  if (p.hours === 'always') return { open: true, text: w.openAlways };
  if (s.open === null) return { open: null, text: w.hoursUnknown };
  const time = (d) => new Intl.DateTimeFormat('fr', { hour: '2-digit', minute: '2-digit', timeZone: p.tz }).format(d);
  if (s.open) return { open: true, text: w.openNow.replace('{time}', s.nextClosing ? time(s.nextClosing) : '') };
  if (!s.nextOpening) return { open: false, text: w.closedLong };
  const day = (d) => intlClock(d, p.tz).date;
  const weekday = new Intl.DateTimeFormat('fr', { weekday: 'short', timeZone: p.tz }).format(s.nextOpening);
  return { open: false, text: w.closedNow.replace('{when}', `${day(s.nextOpening) === day(s.at) ? '' : `${weekday} `}${time(s.nextOpening)}`) };
}

function intlTodayHours(p, when, w) {
  if (p.hours === 'always' || !p.hours) return null;
  const today = p.hours[['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'][intlClock(when, p.tz).weekday]];
  return today.length ? w.todayHours.replace('{hours}', today.map(([a, b]) => `${a}–${b}`).join(', ')) : w.todayClosed;
}

test('the status line and today\'s hours written from the engine\'s clock read as Intl writes them', () => {
  const words = LANGUAGES.fr;
  let closedElsewhere = 0;
  for (const p of points) {
    for (const when of instants) {
      const s = r.status(p, when);
      assert.deepEqual(statusLine(s, p, words), intlStatusLine({ ...s, at: when }, p, words), `${p.tz} at ${when.toISOString()}`);
      assert.equal(todayHours(p, words, s), intlTodayHours(p, when, words), `${p.tz} at ${when.toISOString()}`);
      if (s.open === false && s.local.nextOpening && s.local.nextOpening.date !== s.local.now.date) closedElsewhere++;
    }
  }
  // Some lines name the day of the next opening ("Fermé · ouvre lun. 09:00"): the short day names are checked too.
  assert.ok(closedElsewhere > 0);
});

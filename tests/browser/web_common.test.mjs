// web/common, the pages' shared modules: what its helpers do (in node: fetch stubbed, no DOM), that every
// module a page loads -- web/common's included -- is served by the demo server as a script under its strict
// CSP, and that the pages do not grow their own copies again (element builders, API calls with the bearer
// credential, Intl formatters outside web/common's cache).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../demo/serve.mjs';
import { ApiError, apiClient, fetchJson } from '../../web/common/api.js';
import { addressLine, formatDay, localDay, money } from '../../web/common/format.js';
import { escapeHtml, fill } from '../../web/common/text.js';
import { orderLines, planChoices } from '../../web/common/plan.js';
import { spokenClosure, spokenDistance, spokenPhone, spokenStatus, spokenWeek } from '../../web/common/spoken.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const realFetch = globalThis.fetch;
after(() => { globalThis.fetch = realFetch; });

// fetch answers `status` with `body` (an object as JSON, a string as is) and records what it was asked.
function stubFetch(status, body) {
  const calls = [];
  globalThis.fetch = async (url, init) => {
    calls.push({ url, init });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
  };
  return calls;
}

test('an API call sends JSON with the bearer credential and reads the JSON answer', async () => {
  const calls = stubFetch(201, { id: 'o-1' });
  let token = 'stf_one';
  const call = apiClient({ base: '/edge', token: () => token, cache: 'no-store' });
  assert.deepEqual(await call('POST', '/v1/orders/o-1/events', { event: 'picked_up' }), { id: 'o-1' });
  assert.equal(calls[0].url, '/edge/v1/orders/o-1/events');
  assert.equal(calls[0].init.method, 'POST');
  assert.deepEqual(calls[0].init.headers, { Authorization: 'Bearer stf_one', 'Content-Type': 'application/json' });
  assert.equal(calls[0].init.body, '{"event":"picked_up"}');
  assert.equal(calls[0].init.cache, 'no-store');
  // The credential is read at each call (a user who signs in again); a GET has no body and no Content-Type.
  token = 'stf_two';
  await call('GET', '/v1/me');
  assert.deepEqual(calls[1].init.headers, { Authorization: 'Bearer stf_two' });
  assert.equal(calls[1].init.body, undefined);
  // No credential, no Authorization header (a merchant's own endpoints, a static file).
  await fetchJson('/shop/api/products');
  assert.deepEqual(calls[2].init.headers, {});
  assert.equal(calls[2].init.method, 'GET');
});

test('a refusal becomes an ApiError with the server\'s message, code, field and details', async () => {
  stubFetch(409, { error: { code: 'relay_unavailable', message: 'The point is closed on that day.', field: 'relay.id',
    alternatives: [{ carrier: 'la-poste', id: '14337A' }] } });
  const call = apiClient({ base: '/edge', token: 'k' });
  const error = await call('POST', '/v1/orders/o-1/actions', { action: 'change_relay' }).catch((e) => e);
  assert.ok(error instanceof ApiError && error instanceof Error);
  assert.equal(error.message, 'The point is closed on that day.');
  assert.equal(error.status, 409);
  assert.equal(error.code, 'relay_unavailable');
  assert.equal(error.field, 'relay.id');
  assert.deepEqual(error.details.alternatives, [{ carrier: 'la-poste', id: '14337A' }]);
  // A body that says nothing (a proxy's 502 page): the page's own words, else the status.
  stubFetch(502, '<html>bad gateway</html>');
  const quiet = await fetchJson('/edge/v1/me').catch((e) => e);
  assert.equal(quiet.message, 'HTTP 502');
  assert.equal(quiet.code, undefined);
  const worded = await apiClient({ base: '', fallback: (s) => `the server answered ${s}` })('GET', '/x').catch((e) => e);
  assert.equal(worded.message, 'the server answered 502');
});

test('money, days, addresses and text as every page writes them', () => {
  assert.equal(money(1250, 'fr-FR'), '12,50\u00a0€');
  assert.equal(money(1250, 'en'), '€12.50');
  // The day written, whatever the machine's time zone; what is not a date comes back as it is.
  assert.equal(formatDay('2026-12-03', 'fr', { day: 'numeric', month: 'long' }), '3 décembre');
  assert.equal(formatDay('2026-01-01', 'en', { weekday: 'short', day: 'numeric', month: 'short' }), 'Thu, Jan 1');
  assert.equal(formatDay('soon', 'fr', { day: 'numeric' }), 'soon');
  // A place's day is its own clock's: 00:30 UTC on Sunday 29 March 2026 is Sunday in Paris, Saturday in New York.
  assert.deepEqual(localDay(new Date('2026-03-29T00:30:00Z'), 'Europe/Paris'), { weekday: 6, date: '2026-03-29' });
  assert.deepEqual(localDay(new Date('2026-03-29T00:30:00Z'), 'America/New_York'), { weekday: 5, date: '2026-03-28' });
  assert.equal(addressLine({ address: ['3 rue des Archives', ''], postcode: '75004', city: 'PARIS' }), '3 rue des Archives, 75004 PARIS');
  assert.equal(addressLine({ city: 'Lyon' }), 'Lyon');
  assert.equal(addressLine(null), '');
  assert.equal(escapeHtml(`<a href="x">Tom's & co</a>`), '&#60;a href=&#34;x&#34;&#62;Tom&#39;s &#38; co&#60;/a&#62;');
  assert.equal(fill('Order {id} for {name}', { id: 'o-1' }), 'Order o-1 for ');
  assert.equal(fill('Order {id} for {name}', { id: 'o-1' }, true), 'Order o-1 for {name}');
});

// The pages and the path each is served at by demo/serve.mjs.
const PAGES = [['web/demo/index.html', '/'], ['web/shop/index.html', '/shop/'], ['web/shop/checkout.html', '/shop/'],
  ['web/shop/confirmation.html', '/shop/'], ['web/staff/index.html', '/staff/'], ['web/staff/agent.html', '/staff/'],
  ['web/track/index.html', '/track/']];

// The modules a script imports (static, re-exported or dynamic, with a literal specifier), relative or absolute.
function importsOf(source) {
  const found = [];
  const pattern = /\b(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\bimport\s*['"]([^'"]+)['"]/g;
  for (const m of source.matchAll(pattern)) found.push(m[1] ?? m[2] ?? m[3]);
  return found.filter((s) => s.startsWith('.') || s.startsWith('/'));
}

test('a relay point said in words an agent reads out on the phone', () => {
  const hours = { mon: [['09:00', '12:00'], ['14:00', '19:00']], tue: [['09:00', '19:30']], wed: [], thu: [], fri: [], sat: [], sun: [] };
  const at = (date, weekday, time) => ({ date, weekday, time });
  // Monday 10:00, open with a lunch break, a closure coming within the month and across two months.
  const open = { open: true, local: { now: at('2026-12-14', 0, '10:00'), nextClosing: at('2026-12-14', 0, '12:00'),
    nextOpening: at('2026-12-14', 0, '14:00') } };
  assert.equal(spokenStatus({ hours }, open, { from: '2026-12-21', to: '2026-12-31' }),
    'ouvert jusqu\'à 19 h, pause de 12 h à 14 h, fermé du 21 au 31 décembre');
  assert.equal(spokenClosure({ from: '2026-12-28', to: '2027-01-03' }), 'fermé du 28 décembre au 3 janvier 2027');
  // Closed on Monday evening: opens tomorrow (no break on Tuesday); on Tuesday evening: on Monday, by its date,
  // with Monday's break.
  assert.equal(spokenStatus({ hours }, { open: false, local: { now: at('2026-12-14', 0, '20:00'),
    nextOpening: at('2026-12-15', 1, '09:00') } }, null), 'fermé, ouvre demain à 9 h');
  assert.equal(spokenStatus({ hours }, { open: false, local: { now: at('2026-12-15', 1, '20:00'),
    nextOpening: at('2026-12-21', 0, '09:00') } }, null), 'fermé, ouvre lundi 21 décembre à 9 h, pause de 12 h à 14 h');
  assert.equal(spokenStatus({ hours: 'always' }, { open: true }, null), 'ouvert 24 h sur 24');
  assert.equal(spokenDistance(224), 'à 220 mètres');
  assert.equal(spokenDistance(1440), 'à 1,4 kilomètre');
  assert.equal(spokenDistance(12600), 'à 13 kilomètres');
  assert.equal(spokenWeek({ hours })[0], 'lundi : de 9 h à 12 h et de 14 h à 19 h');
  assert.equal(spokenWeek({ hours })[1], 'mardi : de 9 h à 19 h 30');
  assert.equal(spokenPhone('+33612345678'), '06 12 34 56 78');
  assert.equal(spokenPhone('+32470123456'), '+32470123456');  // Another country's: as stored.
  assert.equal(spokenPhone(undefined), '');
});

test('a distance is said in metres until it rounds to a kilometre, and kilomètres agree with their number', () => {
  assert.equal(spokenDistance(3), 'à 10 mètres');
  assert.equal(spokenDistance(347), 'à 350 mètres');
  assert.equal(spokenDistance(994), 'à 990 mètres');
  // 996 m rounds to 1000 m: a kilometre, not "1000 mètres".
  assert.equal(spokenDistance(996), 'à 1 kilomètre');
  // French takes the singular below 2 ("1,5 kilomètre"), the plural from 2 -- 1,950 m rounds to 2 km.
  assert.equal(spokenDistance(1500), 'à 1,5 kilomètre');
  assert.equal(spokenDistance(1949), 'à 1,9 kilomètre');
  assert.equal(spokenDistance(1950), 'à 2 kilomètres');
  assert.equal(spokenDistance(3120), 'à 3,1 kilomètres');
  assert.equal(spokenDistance(9960), 'à 10 kilomètres');
  assert.equal(spokenDistance(Number.NaN), '');
});

test('a closure is said by its days: one day, the first of a month, two months, two years', () => {
  assert.equal(spokenClosure({ from: '2026-12-21', to: '2026-12-21' }), 'fermé le 21 décembre');
  assert.equal(spokenClosure({ from: '2026-12-01', to: '2026-12-01' }), 'fermé le 1er décembre');
  assert.equal(spokenClosure({ from: '2026-12-01', to: '2026-12-05' }), 'fermé du 1er au 5 décembre');
  assert.equal(spokenClosure({ from: '2026-11-28', to: '2026-12-03' }), 'fermé du 28 novembre au 3 décembre');
  assert.equal(spokenClosure({ from: '2026-11-28', to: '2026-12-01' }), 'fermé du 28 novembre au 1er décembre');
  // Across the new year the end's year is said, else "au 3 janvier" could be this January.
  assert.equal(spokenClosure({ from: '2026-12-28', to: '2027-01-03' }), 'fermé du 28 décembre au 3 janvier 2027');
  assert.equal(spokenClosure({ from: '2026-12-31', to: '2027-01-01' }), 'fermé du 31 décembre au 1er janvier 2027');
  assert.equal(spokenClosure(null), '');
  // A day said in a status is said the same way.
  const hours = { mon: [], tue: [['09:00', '19:00']], wed: [], thu: [], fri: [], sat: [], sun: [] };
  assert.equal(spokenStatus({ hours }, { open: false, local: { now: { date: '2026-11-24', weekday: 1, time: '20:00' },
    nextOpening: { date: '2026-12-01', weekday: 1, time: '09:00' } } }, null), 'fermé, ouvre mardi 1er décembre à 9 h');
});

test('a point closed now mentions the break of the day it opens, not today\'s', () => {
  const at = (date, weekday, time) => ({ date, weekday, time });
  const hours = { mon: [], tue: [['08:00', '12:00'], ['13:30', '19:00']], wed: [['08:00', '19:00']], thu: [], fri: [],
    sat: [['09:00', '12:30'], ['14:00', '19:00']], sun: [] };
  // Saturday 20:00: opens on Tuesday, whose break is 12:00-13:30 (Saturday's 12:30-14:00 is over).
  assert.equal(spokenStatus({ hours }, { open: false, local: { now: at('2026-12-19', 5, '20:00'),
    nextOpening: at('2026-12-22', 1, '08:00') } }, null), 'fermé, ouvre mardi 22 décembre à 8 h, pause de 12 h à 13 h 30');
  // Tuesday 20:00: opens tomorrow, a day without a break.
  assert.equal(spokenStatus({ hours }, { open: false, local: { now: at('2026-12-22', 1, '20:00'),
    nextOpening: at('2026-12-23', 2, '08:00') } }, null), 'fermé, ouvre demain à 8 h');
  // Saturday 7:00: opens this morning, the break is still to come.
  assert.equal(spokenStatus({ hours }, { open: false, local: { now: at('2026-12-19', 5, '07:00'),
    nextOpening: at('2026-12-19', 5, '09:00') } }, null), 'fermé, ouvre à 9 h, pause de 12 h 30 à 14 h');
});

test('a point open before its lunch break says the day\'s closing time, then the break', () => {
  const at = (date, weekday, time) => ({ date, weekday, time });
  const hours = { mon: [['09:00', '12:30'], ['14:00', '19:00']], tue: [['09:00', '12:00'], ['13:00', '15:00'], ['16:00', '19:00']],
    wed: [], thu: [], fri: [], sat: [], sun: [] };
  const monday = (time, open, nextClosing, nextOpening) => spokenStatus({ hours }, { open, local: { now: at('2026-12-14', 0, time),
    nextClosing: at(...nextClosing), nextOpening: at(...nextOpening) } }, null);
  assert.equal(monday('10:00', true, ['2026-12-14', 0, '12:30'], ['2026-12-14', 0, '14:00']), 'ouvert jusqu\'à 19 h, pause de 12 h 30 à 14 h');
  // During the break: when it opens again, and no word of the break it is in.
  assert.equal(monday('13:00', false, ['2026-12-14', 0, '19:00'], ['2026-12-14', 0, '14:00']), 'fermé, ouvre à 14 h');
  // After the break: the closing time alone.
  assert.equal(monday('15:00', true, ['2026-12-14', 0, '19:00'], ['2026-12-15', 1, '09:00']), 'ouvert jusqu\'à 19 h');
  // Two breaks to come, then one.
  const tuesday = (time, nextClosing, nextOpening) => spokenStatus({ hours }, { open: true, local: { now: at('2026-12-15', 1, time),
    nextClosing: at('2026-12-15', 1, nextClosing), nextOpening: at('2026-12-15', 1, nextOpening) } }, null);
  assert.equal(tuesday('10:00', '12:00', '13:00'), 'ouvert jusqu\'à 19 h, pause de 12 h à 13 h, pause de 15 h à 16 h');
  assert.equal(tuesday('14:00', '15:00', '16:00'), 'ouvert jusqu\'à 19 h, pause de 15 h à 16 h');
  // The engine knows better than the weekly hours: when it does not reopen that day, its closing is the one said.
  assert.equal(monday('10:00', true, ['2026-12-14', 0, '12:30'], ['2026-12-15', 1, '09:00']), 'ouvert jusqu\'à 12 h 30');
});

test('an engine plan becomes the order lines of the import route', () => {
  const plan = { shipments: [
    { site: 'wh-1', mode: 'relay', destination: { carrier: 'mr', id: 'P1' }, lines: [{ sku: 'A', quantity: 2 }], earliest: '2026-12-08' },
    { site: 'wh-1', mode: 'home', destination: { home: true }, lines: [{ sku: 'B', quantity: 1 }], earliest: '2026-12-09' }],
    unserved: [], totals: { cost_cents: 0 } };
  const home = { name: 'H', address: ['1 rue X'], postcode: '75001', city: 'Paris', country: 'FR' };
  assert.deepEqual(orderLines(plan, home, { carrier: 'mr', id: 'P1' }), [
    { sku: 'A', quantity: 2, site: 'wh-1', mode: 'relay', date: '2026-12-08' },
    { sku: 'B', quantity: 1, site: 'wh-1', mode: 'home', date: '2026-12-09', destination: home }]);
  assert.deepEqual(orderLines(plan, null)[0].destination, { carrier: 'mr', id: 'P1' });
  assert.deepEqual(planChoices({ modes: ['home', 'relay', 'click_collect'] }, null, null).modes, ['click_collect']);
  assert.deepEqual(planChoices({ modes: ['home'] }, { carrier: 'mr', id: 'L', kind: 'locker' }, { lat: 1, lon: 2 }),
    { modes: ['home', 'locker'], locker: { carrier: 'mr', id: 'L' }, home: { lat: 1, lon: 2 } });
});

test('every module a page loads, web/common\'s included, is served as a script under the pages\' policy', async () => {
  const server = await startServer(0, '/nonexistent/points.relais');
  const origin = `http://127.0.0.1:${server.address().port}`;
  try {
    const seen = new Map();
    const visit = async (url, from) => {
      if (seen.has(url)) return;
      seen.set(url, from);
      const res = await realFetch(url);
      assert.equal(res.status, 200, `${url} (imported by ${from}) is not served`);
      assert.equal(res.headers.get('content-type'), 'text/javascript', `${url} is not served as a script`);
      const source = await res.text();
      for (const specifier of importsOf(source)) await visit(new URL(specifier, url).href, url);
    };
    for (const [file, path] of PAGES) {
      const html = readFileSync(join(root, file), 'utf8');
      assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, `${file} has an inline script`);
      for (const [, src] of html.matchAll(/<script type="module" src="([^"]+)"><\/script>/g)) {
        await visit(new URL(src, `${origin}${path}`).href, file);
      }
    }
    const common = [...seen.keys()].filter((u) => u.startsWith(`${origin}/common/`));
    assert.ok(common.some((u) => u.endsWith('/common/dom.js')) && common.some((u) => u.endsWith('/common/api.js')),
      `the pages load web/common: ${common.join(', ')}`);
  } finally {
    server.close();
  }
});

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.js') ? [path] : [];
  });
}

test('the pages build elements, call APIs and format through web/common, not with copies of their own', () => {
  const rules = [
    [/document\.createElement\(/, 'builds elements itself: use h() from web/common/dom.js'],
    [/\bAuthorization\b/, 'sends a credential itself: use apiClient()/fetchJson() from web/common/api.js'],
    [/new Intl\.(?:NumberFormat|DateTimeFormat)\(/, 'makes an Intl formatter: use formatter()/money()/formatDay() from web/common/format.js'],
  ];
  const pages = sources(join(root, 'web')).filter((f) => !f.startsWith(join(root, 'web/common/')));
  assert.ok(pages.length >= 12, `${pages.length} page modules found`);
  const found = [];
  for (const file of pages) {
    const text = readFileSync(file, 'utf8');
    for (const [pattern, why] of rules) if (pattern.test(text)) found.push(`${relative(root, file)} ${why}`);
  }
  assert.deepEqual(found, []);
});

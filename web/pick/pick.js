// The picking page, for a picker's phone (and a barcode scanner acting as a keyboard): sign in with the site's
// staff token, take a pick list, walk it stop by stop -- where (aisle, bay, side, level), what, how many, into
// which container -- confirming each unit by its barcode (checked here first, offline too, by the engine's rule:
// the check digit, then the product's GTIN) or by hand with a reason, reporting a product missing from its
// shelf (the shopper is asked), skipping a stop for now. Skipping or a missing product re-plans the rest of the
// walk on the phone with the engine (relais-pick.mjs: the exact route, classes in order). Every scan carries
// an id and waits in a queue kept in this browser until relais-edge took it: a loss of network loses nothing
// and sends nothing twice. Talks to relais-edge only (same origin: /edge, or ?api=); its texts are shown as text.
import { ApiError, apiClient } from '../common/api.js';
import { byId as $, h, say } from '../common/dom.js';

/** @typedef {import('../common/types.js').PickList} PickList */
/** @typedef {import('../common/types.js').PickLine} PickLine */

const params = new URLSearchParams(location.search);
const api = params.get('api') ?? '/edge';
const engineUrl = params.get('engine') ?? '/engine/relais-pick.mjs';
let token = sessionStorage.getItem('relais-staff-token') ?? '';
const call = apiClient({ base: api, token: () => token, cache: 'no-store' });

/** @type {{role: string, site?: string, staff?: string} | null} */
let me = null;
/** @type {PickList | null} the list as relais-edge last said it */
let list = null;
/** @type {object | null} the layout version the list was made on */
let layout = null;
/** @type {number[]} indices of the lines still to pick, in walking order */
let walk = [];
/** @type {{aisle: number, bay: number} | {node: string} | null} where the picker stands: the last stop confirmed (null: entrance) */
let here = null;
/** @type {number[]} lines skipped for now: the walk comes back to them last, in the order they were skipped */
let skipped = [];
/** @type {Promise<any> | null} */
let engine = null;
let flushing = false;
let finishing = false;
/** @type {number | undefined} the line on screen at the last render */
let shown;

/** The engine's picking module, loaded once. */
function picking() {
  engine ??= import(engineUrl).then(({ RelaisPick }) => RelaisPick.load());
  return engine;
}

// ---- The queue: actions in the order they were made, kept in this browser until relais-edge took them.

/** @typedef {{kind: 'scans' | 'missing', body: {scan_id: string, line: number, code?: string, reason?: string, quantity?: number}}} Action */

const queueKey = () => `relais-pick-queue:${list?.id}`;
/** @returns {Action[]} */
const queued = () => JSON.parse(localStorage.getItem(queueKey()) ?? '[]');
/** @param {Action[]} actions */
const keep = (actions) => localStorage.setItem(queueKey(), JSON.stringify(actions));
const scanId = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);

/**
 * The lines as the picker sees them: relais-edge's, with the actions still queued applied.
 * @returns {PickLine[]}
 */
function lines() {
  if (!list) return [];
  const seen = list.lines.map((l) => ({ ...l }));
  for (const a of queued()) {
    const line = seen[a.body.line];
    if (!line) continue;
    if (a.kind === 'missing') line.state = 'missing';
    else if ((line.picked += a.body.quantity ?? 1) >= line.quantity) line.state = 'picked';
  }
  return seen;
}

/** @param {Action} action */
function enqueue(action) {
  keep([...queued(), action]);
  render();
  flush();
}

/** @type {Promise<void> | null} the sending under way: who asks to send meanwhile waits for it */
let sending = null;

/**
 * Sends the queued actions (sendQueued), then finishes a list whose last answer came (finishIfAnswered).
 * @returns {Promise<void>}
 */
function flush() {
  if (!sending) sending = sendQueued().finally(() => { sending = null; }).then(finishIfAnswered);
  return sending;
}

// Sends the queued actions in order. A refusal drops its action and says why; no answer (offline) stops here
// until the network is back.
async function sendQueued() {
  if (!list) return;
  flushing = true;
  try {
    for (let q = queued(); q.length > 0; q = queued()) {
      const action = q[0];
      try {
        list = await call('POST', `/v1/pick-lists/${list.id}/${action.kind}`, action.body);
        const line = list?.lines[action.body.line];
        if (action.kind === 'missing' && line?.state === 'cancelled') {
          say($('status'), `${line.name}: taken off the order (${line.reason}).`);
        } else if (action.kind === 'missing' && line?.state === 'short') {
          say($('status'), `${line.name}: ${line.picked} kept, the other ${line.quantity - line.picked} taken off ` +
            `the order (${line.reason}).`);
        }
      } catch (error) {
        if (!(error instanceof ApiError)) return;  // Offline: kept for later.
        say($('status'), error.message, 'error');
      }
      keep(queued().slice(1));
    }
    sync();
  } finally {
    flushing = false;
    render();
  }
}

// The last answer came while the list waited and nothing is left to pick: it finishes now, not at the next poll.
async function finishIfAnswered() {
  if (!finishing && list?.status === 'waiting' && queued().length === 0 &&
    lines().every((l) => l.state !== 'missing' && l.state !== 'pending')) await finish();
}

// ---- The walk.

// Takes in lines that became pending since (a substitute the shopper accepted) and forgets settled ones.
function sync() {
  const now = lines();
  walk = walk.filter((i) => now[i]?.state === 'pending');
  const fresh = now.map((l, i) => i).filter((i) => now[i].state === 'pending' && !walk.includes(i));
  if (fresh.length > 0) replan([...walk, ...fresh]);
}

/**
 * Re-plans the walk through `pending` from where the picker stands, the lines skipped for now at the end.
 * @param {number[]} pending
 */
async function replan(pending) {
  const now = lines();
  skipped = skipped.filter((i) => now[i]?.state === 'pending');
  const last = skipped;
  const placed = pending.filter((i) => now[i].location !== '' && !last.includes(i));
  const unplaced = pending.filter((i) => now[i].location === '' && !last.includes(i));  // Looked for last.
  walk = [...placed, ...unplaced, ...last];
  if (!layout || placed.length === 0) return render();
  try {
    const route = (await picking()).route({ layout, from: here,
      stops: placed.map((i) => ({ ...place(now[i]), temperature: now[i].temperature })) });
    walk = [...route.order.map((/** @type {number} */ k) => placed[k]), ...unplaced, ...last];
  } catch (error) {
    say($('status'), `The route could not be planned: ${error.message}`, 'error');
  }
  render();
}

function render() {
  const q = queued();
  say($('queue'), q.length === 0 ? '' : `${navigator.onLine ? 'Sending' : 'Offline'}: ${q.length} waiting to be sent`,
    navigator.onLine ? '' : 'offline');
  if (!list) return;
  const now = lines();
  const settled = now.filter((l) => l.state !== 'pending' && l.state !== 'missing').length;
  const asked = now.filter((l) => l.state === 'missing').length;
  $('progress').textContent = `${settled} of ${now.length} lines done` +
    `${asked > 0 ? ` · ${asked} waiting for the shopper` : ''} · list ${list.id}`;
  const next = walk.find((i) => now[i]?.state === 'pending');
  const walking = next !== undefined;
  $('walk-title').textContent = walking ? 'Next stop' : 'Every stop visited';
  // A scanner types wherever the focus is: a stop on screen keeps the barcode field ready.
  if (walking && !$('walk').hidden && (document.activeElement === document.body || !document.activeElement)) {
    $('code').focus();
  }
  for (const id of ['stop', 'scan', 'scan-error']) $(id).hidden = !walking;
  $('walk').querySelector('.actions').hidden = !walking;
  if (!walking || next !== shown) $('hand').hidden = true;  // A reason is given for this stop's unit only.
  shown = next;
  $('finish').hidden = walking || list.status === 'done';
  if (walking) {
    const line = now[next];
    $('stop').dataset.line = String(next);
    $('stop').dataset.sku = line.sku;
    $('stop').dataset.order = line.order_id;
    $('where').textContent = line.location !== ''
      ? `${line.node ? line.node : `Aisle ${line.aisle} · bay ${line.bay}`} · ${line.side} · level ${line.level}`
      : 'No location: ask the shop floor';
    $('what').textContent = `${line.name} (${line.sku})${line.substitute ? `, instead of ${line.substitute}` : ''}`;
    $('how').textContent = `Pick ${line.quantity - line.picked} (${line.picked} of ${line.quantity} done) · into ` +
      containerName(line.container);
  }
  $('lines').replaceChildren(...now.map((l) => h('li', { className: l.state === 'pending' ? '' : l.state === 'missing' ? 'missing' : 'done',
    text: `${l.name} ×${l.quantity} · ${l.location === '' ? 'no location' : l.node || `aisle ${l.aisle} bay ${l.bay}`} · ` +
      lineState(l) })));
}

/**
 * Where a line is picked, as the route engine takes it: a node of the walkways, or an aisle's bay.
 * @param {PickLine} l
 * @returns {{node: string} | {aisle: number, bay: number}}
 */
function place(l) {
  return l.node ? { node: l.node } : { aisle: l.aisle, bay: l.bay };
}

/**
 * What became of a line, in the picker's words.
 * @param {PickLine} l
 * @returns {string}
 */
function lineState(l) {
  if (l.state === 'missing') return 'waiting for the shopper';
  if (l.state === 'short') return `short: ${l.picked} of ${l.quantity}`;
  return l.state;
}

/**
 * A container as the picker labels it: its type, its number among its order's, the order's short reference.
 * @param {number} index into the list's containers
 * @returns {string}
 */
function containerName(index) {
  if (!list) return '';
  const box = list.containers[index];
  const number = list.containers.slice(0, index + 1).filter((c) => c.order_id === box.order_id).length;
  return `${box.type} no. ${number} of order …${box.order_id.slice(-6)} (${box.temperature})`;
}

/** @returns {number | undefined} the line at the current stop */
const current = () => {
  const now = lines();
  return walk.find((i) => now[i]?.state === 'pending');
};

/**
 * Confirms one unit of the current line, by its barcode or by hand.
 * @param {{code?: string, reason?: string}} how
 */
async function confirm(how) {
  const index = current();
  if (index === undefined) return;
  const line = lines()[index];
  if (how.code !== undefined) {
    const gtin = (await picking()).gtin14(how.code);
    if (!gtin) return say($('scan-error'), `${how.code} is not a barcode number: scan it again`);
    if (!line.gtin) return say($('scan-error'), `${line.name} has no barcode on file: confirm it by hand`);
    if (gtin !== line.gtin) return say($('scan-error'), `This is not ${line.name}: put it back`);
  }
  say($('scan-error'), '');
  say($('status'), '');  // What was said of an earlier stop is not about this one.
  here = place(line);
  enqueue({ kind: 'scans', body: { scan_id: scanId(), line: index, ...how } });
  $('code').value = '';
  $('code').focus();
}

// ---- Lists.

/** @param {boolean} [resume] at sign-in: a list this picker holds opens again, where the walk was */
async function showLists(resume = false) {
  $('walk').hidden = true;
  $('lists').hidden = false;
  list = null;
  /** @type {{pick_lists: PickList[]}} */
  const answer = await call('GET', `/v1/sites/${me?.site}/pick-lists`);
  const active = answer.pick_lists.filter((l) => l.status !== 'done');
  const mine = active.find((l) => l.status !== 'open' && l.picker === me?.staff);
  if (resume && mine) return open(mine.id);
  $('list-items').replaceChildren(...(active.length === 0 ? [h('li', { text: 'No list to pick.' })]
    : active.map((l) => {
      const orders = new Set(l.shipments.map((s) => s.order_id)).size;
      // The earliest a shopper expects any of it: which list to take first.
      const due = l.shipments.map((s) => s.due ?? '').filter((d) => d !== '').sort()[0];
      const text = `${l.id}: ${orders} ${orders > 1 ? 'orders' : 'order'}, ${l.lines.length} ` +
        `${l.lines.length > 1 ? 'lines' : 'line'}, ${due ? `due ${due}, ` : ''}` +
        `${Math.round(l.route_m)} m${l.picker ? ` · ${l.status}, ${l.picker.replace(/^staff:\S+ /, '')}` : ''} `;
      // Another picker's list is theirs: shown, not offered.
      if (l.status !== 'open' && l.picker !== me?.staff) return h('li', { className: 'taken', text });
      const take = h('button', { type: 'button', text: l.status === 'open' ? `Take ${l.id}` : `Continue ${l.id}` });
      take.addEventListener('click', () => open(l.id).catch((e) => say($('status'), e.message, 'error')));
      return h('li', { text }, take);
    })));
  if (document.activeElement === document.body || !document.activeElement) {
    /** @type {HTMLElement} */ ($('list-items').querySelector('button') ?? $('make')).focus();
  }
}

// What is due today at the site, not listed yet, becomes lists (waves of up to four orders that lie together).
async function makeLists() {
  const now = new Date();  // The phone's day: the picker stands in the store.
  const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  /** @type {{pick_lists: PickList[], skipped: Array<{order: string, message: string}>}} */
  const made = await call('POST', `/v1/sites/${me?.site}/pick-lists`, { date: today });
  const skipped = made.skipped.map((s) => `${s.order}: ${s.message}`).join('; ');
  say($('status'), `${made.pick_lists.length === 0 ? 'Nothing new is due today.'
    : `${made.pick_lists.length} new ${made.pick_lists.length > 1 ? 'lists' : 'list'}.`}` +
    `${skipped ? ` Left out: ${skipped}` : ''}`, skipped ? 'error' : '');
  await showLists();
}

/** @param {string} id */
async function open(id) {
  list = await call('POST', `/v1/pick-lists/${id}/claim`, {});
  const stored = await call('GET', `/v1/sites/${list.site}/layout?version=${list.layout_version}`);
  layout = stored.layout;
  here = null;
  skipped = [];
  walk = lines().map((l, i) => i).filter((i) => lines()[i].state === 'pending');
  $('lists').hidden = true;
  $('walk').hidden = false;
  $('containers').replaceChildren(...list.containers.map((c, i) => h('li', { text: containerName(i) })));
  say($('status'), `Picking ${list.id}: ${Math.round(list.route_m)} m to walk.`);
  render();
  flush();
  $('code').focus();
}

async function finish() {
  if (finishing) return;
  finishing = true;
  try {
    await flush();
    if (!list || queued().length > 0) return say($('status'), 'Scans are still waiting for the network.', 'error');
    list = await call('POST', `/v1/pick-lists/${list.id}/complete`, {});
    if (list.status === 'waiting') {
      say($('status'), 'Waiting for the shopper\'s answer: this page goes on as soon as it comes.');
    } else {
      say($('status'), `List ${list.id} done: its orders are prepared.`, 'done');
      await showLists();
    }
  } finally {
    finishing = false;
  }
}

// Answers arrive while the picker walks: the list is read again now and then.
async function poll() {
  if (!list || queued().length > 0 || flushing) return;
  try {
    const before = lines().filter((l) => l.state === 'pending').length;
    list = await call('GET', `/v1/pick-lists/${list.id}`);
    sync();
    if (lines().filter((l) => l.state === 'pending').length > before) say($('status'), 'The shopper answered: a new stop.');
    render();
    // The answers came and nothing is left to pick (a refused substitute): the list can be finished now.
    if (list.status === 'waiting' && lines().every((l) => l.state !== 'missing' && l.state !== 'pending')) await finish();
  } catch {
    // Offline: the next poll tries again.
  }
}

// ---- Wiring.

async function signIn() {
  me = await call('GET', '/v1/me');
  if (me?.role !== 'staff' || !me.site) {
    me = null;
    return say($('status'), 'Sign in with a staff token: a picker works at one site.', 'error');
  }
  sessionStorage.setItem('relais-staff-token', token);
  $('login').hidden = true;
  $('signed-in').hidden = false;
  $('who').textContent = `Signed in at ${me.site}.`;
  say($('status'), '');
  await showLists(true);
}

$('login').addEventListener('submit', (/** @type {SubmitEvent} */ e) => {
  e.preventDefault();
  token = $('token').value.trim();
  signIn().catch((error) => say($('status'), error.message, 'error'));
});
$('scan').addEventListener('submit', (/** @type {SubmitEvent} */ e) => {
  e.preventDefault();
  confirm({ code: $('code').value.trim() });
});
$('by-hand').addEventListener('click', () => {
  $('hand').hidden = false;
  $('reason').focus();
});
$('hand').addEventListener('keydown', (/** @type {KeyboardEvent} */ e) => {
  if (e.key !== 'Escape') return;  // Changed one's mind: back to the stop.
  $('hand').hidden = true;
  $('by-hand').focus();
});
$('hand').addEventListener('submit', (/** @type {SubmitEvent} */ e) => {
  e.preventDefault();
  $('hand').hidden = true;
  confirm({ reason: $('reason').value });
});
$('missing').addEventListener('click', () => {
  const index = current();
  if (index === undefined) return;
  const line = lines()[index];
  here = place(line);
  keep([...queued(), { kind: 'missing', body: { scan_id: scanId(), line: index } }]);
  // Some found: a shortage, the shopper is asked about the rest only.
  say($('status'), line.picked > 0
    ? `${line.name}: ${line.picked} found, the shopper is asked about the other ${line.quantity - line.picked}. Go on.`
    : `${line.name}: the shopper is asked. Go on.`);
  replan(walk.filter((i) => i !== index)).then(flush);
  $('code').focus();
});
$('skip').addEventListener('click', () => {
  const index = current();
  if (index === undefined) return;
  skipped = [...skipped.filter((i) => i !== index), index];
  replan(walk);
  $('code').focus();
});
$('sign-out').addEventListener('click', () => {
  sessionStorage.removeItem('relais-staff-token');
  token = '';
  me = list = null;
  $('login').hidden = false;
  $('signed-in').hidden = true;
  $('lists').hidden = $('walk').hidden = true;
  $('token').value = '';
  $('token').focus();
});
$('finish').addEventListener('click', () => finish().catch((e) => say($('status'), e.message, 'error')));
$('back').addEventListener('click', () => showLists().catch((e) => say($('status'), e.message, 'error')));
$('refresh').addEventListener('click', () => showLists().catch((e) => say($('status'), e.message, 'error')));
$('make').addEventListener('click', () => makeLists().catch((e) => say($('status'), e.message, 'error')));
addEventListener('online', () => flush());
addEventListener('offline', () => render());
setInterval(() => { if (queued().length > 0) flush(); else poll(); }, 3000);

if (token) signIn().catch(() => say($('status'), ''));

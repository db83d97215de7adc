// The customer-service and counter page: find an order however the caller names it, read its lines, parts
// and history, move its shipments through their workflow (preparation, hand-over to the carrier with the
// parcel number, to the shopper with the code the shopper shows), and act for the shopper (another relay,
// home shipping, another collection day, cancellation) with a reason the server records. Talks to
// relais-edge only (same origin: /edge, or ?api=); everything the server sends is shown as text, never as
// HTML (names and addresses come from shoppers and carriers).
import { apiClient } from '../common/api.js';
import { byId as $, h, say } from '../common/dom.js';

/** @typedef {import('../common/types.js').Order} Order */
/** @typedef {import('../common/types.js').OrderEvent} OrderEvent */
/** @typedef {import('../common/types.js').OrderLine} OrderLine */
/** @typedef {import('../common/types.js').Timeline} Timeline */
/** @typedef {import('../common/types.js').TimelineShipment} TimelineShipment */
/** @typedef {import('../common/types.js').Me} Me */

const api = new URLSearchParams(location.search).get('api') ?? '/edge';
let token = sessionStorage.getItem('relais-staff-token') ?? '';
/** @type {Order | null} */
let current = null;  // The order on screen.

// A call to relais-edge: the JSON answer, or an ApiError carrying the server's message, code and field.
const call = apiClient({ base: api, token: () => token, fallback: (status) => `the server answered ${status}` });

/**
 * Where a line goes, in a few words: "la-poste 14337A", "site paris-rivoli" or the address.
 * @param {OrderLine} line
 * @returns {string}
 */
function destinationText(line) {
  const d = line.destination ?? {};
  if (d.carrier) return `${d.carrier} ${d.id}`;
  if (d.site) return `site ${d.site}`;
  if (d.address) return [...d.address, d.postcode, d.city].join(', ');
  return '';
}

/**
 * Shows `order`: its summary, lines, child orders and history.
 * @param {Order} order
 * @param {OrderEvent[]} events
 */
function showOrder(order, events) {
  current = order;
  $('order').hidden = false;
  $('order-title').textContent = `Order ${order.id}`;
  const who = [order.contact?.name, order.contact?.email, order.contact?.phone].filter(Boolean).join(' · ');
  $('order-summary').textContent = `${order.status} · ${(order.total_cents / 100).toFixed(2)} · ${order.channel}` +
    (order.external_ref ? ` · ref ${order.external_ref}` : '') + (who ? ` · ${who}` : '');
  $('lines').replaceChildren(...order.lines.map((l) => {
    const item = h('li', { text: `${l.quantity} × ${l.sku} from ${l.site}, ${l.mode}` });
    item.append(' ', h('span', { className: 'meta', text: [destinationText(l), l.date].filter(Boolean).join(', ') }));
    return item;
  }));
  $('children-block').hidden = !order.children;
  $('children').replaceChildren(...(order.children ?? []).map((c) => {
    const open = h('button', { type: 'button', text: `${c.id} · ${c.site} · ${c.status}` });
    open.addEventListener('click', () => openOrder(c.id));
    return h('li', {}, open);
  }));
  $('events').replaceChildren(...events.map((e) => {
    const item = h('li', { text: `${e.at.replace('T', ' ').replace('Z', '')} · ${e.kind} · ${e.actor}` });
    if (e.reason) item.append(' ', h('span', { className: 'meta', text: `“${e.reason}”` }));
    return item;
  }));
}

// What staff do at each step, in words (the workflow's own event names otherwise).
const EVENT_LABELS = { preparation_started: 'Start preparing', preparation_done: 'Prepared',
  handed_to_carrier: 'Handed to the carrier', ready_for_pickup: 'Ready for pick-up', picked_up: 'Picked up',
  handed_over: 'Handed over', arrived: 'The shopper is here', pickup_expired: 'Not collected in time',
  out_for_delivery: 'Out for delivery', delivered: 'Delivered', returned_to_sender: 'Returned to sender',
  reserved: 'Reserved', reservation_expired: 'Reservation expired', transfer_prepared: 'Transfer prepared',
  transfer_shipped: 'Transfer sent', transfer_received: 'Transfer received' };

// Each shipment's current step and the events it takes, as buttons; a parcel number for the carrier's
// hand-over, the shopper's code for the counter's.
/** @param {Timeline} timeline */
function showSteps(timeline) {
  $('steps-block').hidden = timeline.shipments.length === 0;
  $('shipments').replaceChildren(...timeline.shipments.map((s, i) => {
    const current = s.steps.find((e) => e.status === 'current')?.label ?? s.step;
    const item = h('li', {}, h('strong', { text: `Shipment ${i + 1} · ${s.mode} · ${current}` }));
    const form = h('form', { className: 'step-form' });
    const id = `s${i}`;
    /** @type {(name: string, label: string) => HTMLInputElement} */
    const field = (name, label) => {
      const input = h('input', { id: `${id}-${name}`, autocomplete: 'off' });
      form.append(h('label', { for: input.id, text: label }), input);
      return input;
    };
    const code = s.destination?.site ? field('code', 'Code shown by the shopper') : null;
    // The carrier's parcel numbers as the server describes them (s.parcel_number): required, checked here
    // before sending, and again by the server with the check characters.
    const shape = s.parcel_number;
    const parcel = shape ? field('parcel', `${shape.carrier} parcel number`) : null;
    if (parcel) {
      parcel.required = true;
      parcel.setAttribute('aria-describedby', `${id}-parcel-hint`);
      form.append(h('span', { id: `${id}-parcel-hint`, className: 'meta', text: `It is ${shape.text}.` }));
    }
    for (const event of s.next_events) {
      const button = h('button', { type: 'button', 'data-event': event, text: EVENT_LABELS[event] ?? event });
      // A label prints its number in groups ("6A 4139 2078 260"): sent as one word, as the carrier knows it.
      const number = () => parcel?.value.replace(/\s+/g, '').toUpperCase();
      button.addEventListener('click', () => {
        if (event === 'handed_to_carrier' && !new RegExp(shape.pattern).test(number())) {
          say($('step-status'), number() ? `This is not a ${shape.carrier} parcel number: it is ${shape.text}.`
            : 'Type the parcel number printed on the label first.', 'error');
          parcel.focus();
          return;
        }
        step(s, event, { code: code?.value.trim(), parcel: number() });
      });
      form.append(button);
    }
    item.append(form);
    return item;
  }));
}

/**
 * Records `event` on `shipment` (with the shopper's code or the parcel number when the step wants one).
 * @param {TimelineShipment} shipment
 * @param {string} event
 * @param {{code?: string, parcel?: string}} values
 */
async function step(shipment, event, { code, parcel }) {
  const body = { event, order: shipment.order, shipment: shipment.shipment };
  if (code && (event === 'picked_up' || event === 'handed_over')) body.code = code;
  if (event === 'handed_to_carrier') body.parcel = { carrier: shipment.parcel_number.carrier, tracking_number: parcel };
  say($('step-status'), 'Recording…');
  try {
    await call('POST', `/v1/orders/${encodeURIComponent(current.id)}/events`, body);
    await openOrder(current.id);
    say($('step-status'), `Done: ${EVENT_LABELS[event] ?? event}.`, 'done');
  } catch (e) {
    say($('step-status'), e.message, 'error');
  }
}

// Opens an order; what the page said about the previous one goes with it.
/** @param {string} id */
async function openOrder(id) {
  for (const line of ['status', 'step-status', 'action-status']) say($(line), '');
  try {
    const [order, history, timeline] = await Promise.all([call('GET', `/v1/orders/${encodeURIComponent(id)}`),
      call('GET', `/v1/orders/${encodeURIComponent(id)}/events`),
      call('GET', `/v1/orders/${encodeURIComponent(id)}/timeline?lang=en`)]);
    showOrder(order, history.events);
    showSteps(timeline);
  } catch (e) {
    say($('status'), e.message, 'error');
  }
}

function showFieldsets() {
  const kind = $('action-kind').value;
  for (const set of document.querySelectorAll('#action fieldset')) set.hidden = set.dataset.for !== kind;
}

// What a credential's refusal means to the person who typed it (GET /v1/me's 401 and 403).
const SIGN_IN_REFUSALS = {
  unauthorized: 'This key or token is not known here: check it (a staff token starts with stf_) or ask the ' +
    'merchant for one.',
  token_revoked: 'This staff token was revoked: ask the merchant for a new one.',
};

// Checks `typed` with the server before keeping it: a wrong key is said at sign-in, not at the first search.
/** @param {string} typed */
async function signIn(typed) {
  token = typed;
  say($('status'), 'Checking…');
  try {
    const me = /** @type {Me} */ (await call('GET', '/v1/me'));
    if (me.role === 'shopper') throw Object.assign(new Error('This is a shopper\'s tracking token, not a staff token.'), { code: 'shopper' });
    sessionStorage.setItem('relais-staff-token', token);
    say($('status'), me.role === 'staff' ? `Signed in: staff of site ${me.site} (${me.brand}).`
      : `Signed in with the merchant key of ${me.brand}.`, 'done');
  } catch (e) {
    token = '';
    sessionStorage.removeItem('relais-staff-token');
    say($('status'), SIGN_IN_REFUSALS[e.code] ?? e.message, 'error');
  }
}

$('login').addEventListener('submit', (event) => {
  event.preventDefault();
  signIn($('token').value.trim());
});

$('search').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!token) return say($('status'), 'Sign in first, with your staff token.', 'error');
  // A new search: the order on screen, and what was said about it, make way for its results.
  current = null;
  $('order').hidden = true;
  say($('status'), 'Searching…');
  try {
    const found = await call('GET', `/v1/orders/search?q=${encodeURIComponent($('q').value.trim())}`);
    $('results').replaceChildren(...found.orders.map((o) => {
      const open = h('button', { type: 'button', text: `${o.id} · ${o.status} · ${o.contact?.email ?? o.customer_id}` });
      open.addEventListener('click', () => openOrder(o.id));
      return h('li', {}, open);
    }));
    say($('status'), found.orders.length ? `${found.orders.length} order(s) found.` : 'No order found.');
  } catch (e) {
    say($('status'), e.message, 'error');
  }
});

$('find-points').addEventListener('click', async () => {
  try {
    const found = await call('GET', `/v1/relays/nearest?postcode=${encodeURIComponent($('near').value.trim())}&limit=5`);
    $('points').replaceChildren(...found.points.map((p) => {
      const pick = h('button', { type: 'button', text: `${p.name} · ${p.carrier} ${p.id} · ${Math.round(p.distance_m)} m` +
        (p.closure_notice ? ` · closed ${p.closure_notice.from} to ${p.closure_notice.to}` : '') });
      pick.addEventListener('click', () => { $('carrier').value = p.carrier; $('point').value = p.id; });
      return h('li', {}, pick);
    }));
  } catch (e) {
    say($('action-status'), e.message, 'error');
  }
});

$('action-kind').addEventListener('change', showFieldsets);

$('action').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!current) return;
  const action = $('action-kind').value;
  const body = { action, reason: $('reason').value.trim() };
  if (action === 'change_relay') body.relay = { carrier: $('carrier').value.trim(), id: $('point').value.trim() };
  if (action === 'ship_home') {
    body.address = { address: [$('street').value.trim()], postcode: $('postcode').value.trim(),
      city: $('city').value.trim(), country: $('country').value.trim() };
  }
  if (action === 'change_slot') body.date = $('date').value;
  say($('action-status'), 'Applying…');
  // An order bought at one site and served by another is a parent with one child: the action is the child's.
  // With several children the server names them; the page offers them as links below its message.
  const target = current.children?.length === 1 ? current.children[0].id : current.id;
  try {
    await call('POST', `/v1/orders/${encodeURIComponent(target)}/actions`, body);
    await openOrder(current.id);
    say($('action-status'), 'Done: recorded in the history.', 'done');
    $('reason').value = '';
  } catch (e) {
    const alternatives = (e.details?.alternatives ?? []).map((p) => `${p.carrier} ${p.id}`).join(', ');
    say($('action-status'), e.message + (alternatives ? ` Points that fit: ${alternatives}.` : ''), 'error');
    for (const child of e.details?.children ?? []) {
      const open = h('button', { type: 'button', text: `Open ${child}` });
      open.addEventListener('click', () => openOrder(child));
      $('action-status').append(' ', open);
    }
  }
});

showFieldsets();
if (token) {
  $('token').value = token;
  signIn(token);
}

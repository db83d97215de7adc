// The customer-service and counter page: find an order however the caller names it, read its lines, parts
// and history, move its shipments through their workflow (preparation, hand-over to the carrier with the
// parcel number, to the shopper with the code the shopper shows), and act for the shopper (another relay,
// home shipping, another collection day, cancellation) with a reason the server records. Talks to
// relais-edge only (same origin: /edge, or ?api=); everything the server sends is shown as text, never as
// HTML (names and addresses come from shoppers and carriers).
const api = new URLSearchParams(location.search).get('api') ?? '/edge';
const $ = (id) => document.getElementById(id);
let token = sessionStorage.getItem('relais-staff-token') ?? '';
let current = null;  // The order on screen.

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function say(target, text, kind = '') {
  target.textContent = text;
  target.className = kind;
}

// A call to relais-edge: the JSON answer, or an Error carrying the server's message and field.
async function call(method, path, body) {
  const headers = { Authorization: `Bearer ${token}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(api + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) {
    const e = answer.error ?? {};
    const error = new Error(e.message ?? `the server answered ${res.status}`);
    error.status = res.status;
    error.code = e.code;
    error.field = e.field;
    error.details = e;
    throw error;
  }
  return answer;
}

function destinationText(line) {
  const d = line.destination ?? {};
  if (d.carrier) return `${d.carrier} ${d.id}`;
  if (d.site) return `site ${d.site}`;
  if (d.address) return [...d.address, d.postcode, d.city].join(', ');
  return '';
}

function showOrder(order, events) {
  current = order;
  $('order').hidden = false;
  $('order-title').textContent = `Order ${order.id}`;
  const who = [order.contact?.name, order.contact?.email, order.contact?.phone].filter(Boolean).join(' · ');
  $('order-summary').textContent = `${order.status} · ${(order.total_cents / 100).toFixed(2)} · ${order.channel}` +
    (order.external_ref ? ` · ref ${order.external_ref}` : '') + (who ? ` · ${who}` : '');
  $('lines').replaceChildren(...order.lines.map((l) => {
    const item = el('li', `${l.quantity} × ${l.sku} from ${l.site}, ${l.mode}`);
    item.append(' ', el('span', [destinationText(l), l.date].filter(Boolean).join(', '), 'meta'));
    return item;
  }));
  $('children-block').hidden = !order.children;
  $('children').replaceChildren(...(order.children ?? []).map((c) => {
    const item = el('li');
    const open = el('button', `${c.id} · ${c.site} · ${c.status}`);
    open.type = 'button';
    open.addEventListener('click', () => openOrder(c.id));
    item.append(open);
    return item;
  }));
  $('events').replaceChildren(...events.map((e) => {
    const item = el('li', `${e.at.replace('T', ' ').replace('Z', '')} · ${e.kind} · ${e.actor}`);
    if (e.reason) item.append(' ', el('span', `“${e.reason}”`, 'meta'));
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
function showSteps(timeline) {
  $('steps-block').hidden = timeline.shipments.length === 0;
  $('shipments').replaceChildren(...timeline.shipments.map((s, i) => {
    const item = el('li');
    const current = s.steps.find((e) => e.status === 'current')?.label ?? s.step;
    item.append(el('strong', `Shipment ${i + 1} · ${s.mode} · ${current}`));
    const form = el('form');
    form.className = 'step-form';
    const id = `s${i}`;
    const field = (name, label) => {
      const input = el('input');
      input.id = `${id}-${name}`;
      input.autocomplete = 'off';
      const text = el('label', label);
      text.htmlFor = input.id;
      form.append(text, input);
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
      const hint = el('span', `It is ${shape.text}.`, 'meta');
      hint.id = `${id}-parcel-hint`;
      form.append(hint);
    }
    for (const event of s.next_events) {
      const button = el('button', EVENT_LABELS[event] ?? event);
      button.type = 'button';
      button.dataset.event = event;
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
async function signIn(typed) {
  token = typed;
  say($('status'), 'Checking…');
  try {
    const me = await call('GET', '/v1/me');
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
      const item = el('li');
      const open = el('button', `${o.id} · ${o.status} · ${o.contact?.email ?? o.customer_id}`);
      open.type = 'button';
      open.addEventListener('click', () => openOrder(o.id));
      item.append(open);
      return item;
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
      const item = el('li');
      const pick = el('button', `${p.name} · ${p.carrier} ${p.id} · ${Math.round(p.distance_m)} m` +
        (p.closure_notice ? ` · closed ${p.closure_notice.from} to ${p.closure_notice.to}` : ''));
      pick.type = 'button';
      pick.addEventListener('click', () => { $('carrier').value = p.carrier; $('point').value = p.id; });
      item.append(pick);
      return item;
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
      const open = el('button', `Open ${child}`);
      open.type = 'button';
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

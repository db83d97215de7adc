// The customer-service page: find an order however the caller names it, read its lines, parts and history,
// and act for the shopper (another relay, home shipping, another collection day, cancellation) with a reason
// the server records. Talks to relais-edge only (same origin: /edge, or ?api=); everything the server sends
// is shown as text, never as HTML (names and addresses come from shoppers and carriers).
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

async function openOrder(id) {
  try {
    const [order, history] = await Promise.all([call('GET', `/v1/orders/${encodeURIComponent(id)}`),
      call('GET', `/v1/orders/${encodeURIComponent(id)}/events`)]);
    showOrder(order, history.events);
    say($('action-status'), '');
  } catch (e) {
    say($('status'), e.message, 'error');
  }
}

function showFieldsets() {
  const kind = $('action-kind').value;
  for (const set of document.querySelectorAll('#action fieldset')) set.hidden = set.dataset.for !== kind;
}

$('login').addEventListener('submit', (event) => {
  event.preventDefault();
  token = $('token').value.trim();
  sessionStorage.setItem('relais-staff-token', token);
  say($('status'), 'Signed in.');
});

$('search').addEventListener('submit', async (event) => {
  event.preventDefault();
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
  try {
    await call('POST', `/v1/orders/${encodeURIComponent(current.id)}/actions`, body);
    await openOrder(current.id);
    say($('action-status'), 'Done: recorded in the history.', 'done');
    $('reason').value = '';
  } catch (e) {
    const alternatives = (e.details?.alternatives ?? []).map((p) => `${p.carrier} ${p.id}`).join(', ');
    say($('action-status'), e.message + (alternatives ? ` Points that fit: ${alternatives}.` : ''), 'error');
  }
});

if (token) $('token').value = token;
showFieldsets();

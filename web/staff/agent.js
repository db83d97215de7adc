// The sales agent's screens (issue 28), keyboard first: the caller's customer account (found by name, e-mail,
// phone in any spelling or postcode; created; contact and addresses edited, the server's 400 shown beside its
// field), and the order taken on the phone -- products by SKU or name with their stock per site, the engine's
// split plan at each change (cheapest or fastest; a mode imposed per line), the caller's last relay point
// proposed when it still fits (weight, size, open until the parcel arrives), else the nearest points to the
// customer's postcode or one the caller gives, read out in words. The relay search and the plan run in this
// browser with the widget's WebAssembly engine, as they do for shoppers; the order goes through
// POST /v1/orders/import (channel phone), which re-checks everything: a 409 relay_unavailable lists the
// server's alternatives here to pick from. Everything the server sends is shown as text, never as HTML.
import { apiClient, ApiError } from '../common/api.js';
import { byId as $, h, say } from '../common/dom.js';
import { addressLine, formatDay, money } from '../common/format.js';
import { ORDER_STATUS_FR, RETURN_STATUS_FR } from '../common/text.js';
import { COLLECT_MODES, orderLines, planChoices, pointShipment } from '../common/plan.js';
import { spokenClosure, spokenDistance, spokenPhone, spokenStatus, spokenWeek } from '../common/spoken.js';

// What to tell the agent of a field the server refused (it answers in English for developers): by the input's field.
const REFUSED = {
  'contact.name': 'Le nom du client est demandé.',
  'contact.email': 'Adresse e-mail illisible (elle s\'écrit comme nom@exemple.fr).',
  'contact.phone': 'Numéro illisible : 06 12 34 56 78 ou +33 6 12 34 56 78.',
  'addresses[0].address': 'Indiquez la rue (une à quatre lignes, séparées par des virgules).',
  'addresses[0].postcode': 'Code postal illisible : 5 chiffres en France (75011).',
  'addresses[0].city': 'Indiquez la ville.',
  'addresses[0].country': 'Pays en deux lettres : FR, BE, CH...',
  'addresses[0].label': 'Le nom de l\'adresse tient en 40 caractères.',
  notes: 'Les notes tiennent en 2 000 caractères.',
};

/** @typedef {import('../common/plan.js').Plan} Plan */

/**
 * @typedef {object} Customer
 * @property {string} id
 * @property {number} version
 * @property {boolean} account
 * @property {{name?: string, email?: string, phone?: string}} contact
 * @property {Array<{label?: string, name?: string, address: string[], postcode: string, city: string, country: string}>} addresses
 * @property {string} [notes]
 * @property {string} [updated_at]
 * @property {string} [updated_by]
 * @property {{carrier: string, id: string} | null} [last_relay]
 * @property {Array<{id: string, status: string, created_at: string, total_cents: number, channel: string, eta?: string}>} [orders]
 * @property {Array<{id: string, order_id: string, status: string, created_at: string}>} [returns]
 */

/**
 * @typedef {object} Line
 * @property {string} sku
 * @property {string} name
 * @property {number} quantity
 * @property {string} mode '' lets the engine choose
 */

const params = new URLSearchParams(location.search);
const api = params.get('api') ?? '/edge';
const snapshotUrl = params.get('snapshot') ?? '/points.relais';
const placesUrl = params.get('places') ?? '/places.rlpt';
let token = sessionStorage.getItem('relais-staff-token') ?? '';
const call = apiClient({ base: api, token: () => token, fallback: (status) => `le serveur a répondu ${status}` });

const STATUS = ORDER_STATUS_FR;
const MODES = { home: 'domicile', relay: 'point relais', locker: 'consigne', click_collect: 'retrait en magasin',
  drive: 'drive', pedestrian: 'retrait piéton', reserve_transfer: 'réservation en magasin' };
const CHANNELS = { phone: 'téléphone', web: 'web', store: 'magasin', marketplace: 'place de marché' };
// Why the engine left a line unserved, by its reason code (split_plan.h).
const REASONS = { no_stock: 'pas assez de stock', mode_unavailable: 'mode indisponible', too_heavy: 'trop lourd',
  too_big: 'trop grand', cold_chain: 'chaîne du froid', closed: 'site fermé', slot_too_soon: 'créneau trop proche' };
// What the agent says when the server refuses the order, by the refusal's code: the server words its
// message in English for a developer; the agent is on the phone in French.
const ORDER_REFUSED = {
  insufficient_stock: 'le stock ne suffit plus',
  mode_unavailable: 'ce mode de livraison n\'est pas proposé ici',
  site_closed: 'le magasin est fermé ce jour-là',
  slot_required: 'il faut un créneau de retrait',
  slot_unavailable: 'ce créneau n\'est plus libre',
  no_slots: 'aucun créneau libre',
  cold_chain: 'un produit frais ne va pas en point relais',
  too_heavy_for_relay: 'trop lourd pour un point relais',
  outside_sales_zone: 'l\'adresse est hors de la zone de vente',
  relay_data_unavailable: 'les points relais sont momentanément indisponibles : réessayez dans une minute',
  plan_changed: 'le stock a bougé pendant l\'appel : le plan est recalculé, validez à nouveau',
  invalid_field: 'une donnée est refusée',
  not_found: 'un produit ou un magasin n\'existe plus',
  forbidden: 'votre accès ne permet pas cette commande',
  idempotency_key_reused: 'cette commande a déjà été envoyée avec d\'autres lignes : rechargez la page',
};
// The input a refused field names, as the agent knows it.
const ORDER_FIELDS = { relay: 'le point relais', contact: 'les coordonnées', customer: 'les coordonnées',
  address: 'l\'adresse de livraison', destination: 'la destination', channel: 'le canal' };

/**
 * The server's refusal of an order in the agent's words: what went wrong, and which line or input.
 * @param {ApiError} e
 * @param {{ sku?: string }[]} sent the lines as they were sent (a field names them by index)
 * @param {Record<string, string>} names sku -> product name
 * @returns {string}
 */
function orderRefusal(e, sent, names) {
  const what = ORDER_REFUSED[/** @type {keyof typeof ORDER_REFUSED} */ (e.code ?? '')] ??
    `le serveur refuse la commande (${e.code ?? e.status})`;
  const field = String(e.field ?? '');
  const line = /^lines\[(\d+)\]/.exec(field);
  const sku = line ? sent[Number(line[1])]?.sku : undefined;
  const about = sku ? `${names[sku] ?? sku}` : ORDER_FIELDS[/** @type {keyof typeof ORDER_FIELDS} */ (field.split(/[.[]/)[0])];
  const sentence = `${what[0].toUpperCase()}${what.slice(1)}${about ? ` (${about})` : ''}.`;
  return sentence;
}

/** @type {Customer | null} */
let customer = null;
/** @type {Map<string, string>} site id -> its name */
const siteNames = new Map();
/** @type {'new' | 'edit'} */
let formMode = 'new';
/** @type {Line[]} */
let lines = [];
/** @type {any} the availability answer (split input) for the lines' SKUs */
let availability = null;
/** @type {any} the engine's splitter for `availability` */
let splitter = null;
/** @type {Plan | null} */
let plan = null;
/** @type {any[]} the proposed points (engine RelayPoints or plain copies) */
let candidates = [];
/** @type {any | null} the chosen point */
let chosen = null;
/** Whether the agent searched points near another postcode: the last point is then not proposed again. */
let searchedElsewhere = false;
/** @type {{lat: number, lon: number} | null} the customer's home position, when known */
let home = null;
/** The external reference of this order attempt: the same on a retry, a new one after an order. */
let externalRef = newRef();
/** @type {Promise<{relais: any, splitting: any}> | null} */
let engine = null;
/** @type {any} the engine once loaded */
let loaded = null;
/** The availability look-ups made so far: an answer that is not the last one's is dropped. */
let lookups = 0;
/** The look-ups not answered yet: an order waits for them, so that it is placed on the plan of every line. */
let pending = 0;
/** Whether an order is being sent (a second Alt+V waits for its answer). */
let placing = false;

/**
 * A new order attempt's reference ("TEL-" and 12 hex digits), kept on the body's data-ref as well.
 * @returns {string}
 */
function newRef() {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  const ref = `TEL-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('').toUpperCase()}`;
  document.body.dataset.ref = ref;
  return ref;
}

// ---- The engine (the widget's), loaded once ------------------------------------------------------------

function loadEngine() {
  engine ??= (async () => {
    const [{ Relais }, { RelaisSplit }] = await Promise.all([import('../widget/relais.mjs'), import('../widget/relais-split.mjs')]);
    const [relais, splitting] = await Promise.all([Relais.load(await fetch(snapshotUrl)), RelaisSplit.load()]);
    loaded = relais;
    return { relais, splitting };
  })();
  return engine;
}

/** @type {Map<string, {lat: number, lon: number}> | null} postcodes of the snapshot's points, at their middle */
let postcodeCentres = null;
/** @type {any} the place table, when the site serves one (null when it does not) */
let places;

/**
 * Where `postcode` is: the middle of the snapshot's points of that postcode, else the place table's centre.
 * @param {string} postcode
 * @returns {Promise<{lat: number, lon: number} | null>}
 */
async function locate(postcode) {
  const code = String(postcode ?? '').replace(/\s/g, '');
  if (!code) return null;
  const { relais } = await loadEngine();
  if (!postcodeCentres) {
    const sums = new Map();
    for (const p of relais.inBox({ south: -90, west: -180, north: 90, east: 180 }, { limit: relais.size })) {
      const s = sums.get(p.postcode) ?? { lat: 0, lon: 0, n: 0 };
      s.lat += p.lat; s.lon += p.lon; s.n += 1;
      sums.set(p.postcode, s);
    }
    postcodeCentres = new Map([...sums].map(([k, s]) => [k, { lat: s.lat / s.n, lon: s.lon / s.n }]));
  }
  if (postcodeCentres.has(code)) return postcodeCentres.get(code) ?? null;
  if (places === undefined) {
    try {
      const res = await fetch(placesUrl);
      const { Relais } = await import('../widget/relais.mjs');
      places = res.ok ? await Relais.places(res, { module: relais.module }) : null;
    } catch {
      places = null;
    }
  }
  return places?.centre(code) ?? null;
}

// ---- Signing in ----------------------------------------------------------------------------------------

async function signIn() {
  if (!token) return say($('status'), 'Connectez-vous avec votre jeton agent.');
  try {
    const me = await call('GET', '/v1/me');
    const who = me.staff ? me.staff.replace(/^staff:\S+\s*/, '') : 'clé marchand';
    say($('status'), `Connecté : ${who} (${me.role ?? 'marchand'}${me.site ? `, site ${me.site}` : ''}, ${me.brand}).`, 'done');
    $('login').hidden = true;  // Signed in: the token field is in the way.
    loadEngine().catch((e) => say($('relay-status'), `Moteur indisponible : ${e.message}`, 'error'));
    // The brand's sites by name, for the store a caller collects at.
    const { sites } = await call('GET', '/v1/sites');
    for (const s of sites) siteNames.set(s.id, s.name);
  } catch (e) {
    token = '';
    sessionStorage.removeItem('relais-staff-token');
    $('login').hidden = false;
    const why = e instanceof ApiError && e.status === 401 ? 'ce jeton est inconnu ou révoqué : demandez-en un au marchand'
      : e instanceof ApiError ? `le serveur a répondu ${e.status}` : 'le serveur ne répond pas';
    say($('status'), `Connexion refusée : ${why}.`, 'error');
  }
}

$('login').addEventListener('submit', (/** @type {SubmitEvent} */ event) => {
  event.preventDefault();
  token = $('token').value.trim();
  sessionStorage.setItem('relais-staff-token', token);
  $('token').value = '';
  signIn().then(() => { if (token) $('cq').focus(); });
});

// ---- Customer account ----------------------------------------------------------------------------------

$('customer-search').addEventListener('submit', async (/** @type {SubmitEvent} */ event) => {
  event.preventDefault();
  const q = $('cq').value.trim();
  if (!q) return;
  say($('customer-status'), 'Recherche…');
  try {
    const { customers } = await call('GET', `/v1/customers?q=${encodeURIComponent(q)}&limit=20`);
    $('customers').replaceChildren(...customers.map((c, i) => {
      const b = h('button', { type: 'button', 'data-id': c.id,
        text: [c.contact?.name || '(sans nom)', spokenPhone(c.contact?.phone), c.contact?.email, addressLine(c.address)].filter(Boolean).join(' · ') });
      b.addEventListener('click', () => openCustomer(c.id, c));
      b.addEventListener('keydown', (e) => listKeys(e, i, '#customers button'));
      return h('li', {}, b);
    }));
    say($('customer-status'), customers.length ? `${customers.length} client${customers.length > 1 ? 's' : ''} trouvé${customers.length > 1 ? 's' : ''}.`
      : 'Aucun client trouvé : Alt+N pour le créer.');
    // Another caller: the account on screen is not theirs, and no order may be taken for it by mistake.
    if (customer && !customers.some((c) => c.id === customer?.id)) await closeCustomer();
    if (customers.length === 1) await openCustomer(customers[0].id, customers[0]);
    else /** @type {HTMLElement | null} */ (document.querySelector('#customers button'))?.focus();
  } catch (e) {
    say($('customer-status'), e.message, 'error');
  }
});

/**
 * Arrow keys move between the buttons of a result list.
 * @param {KeyboardEvent} e
 * @param {number} i
 * @param {string} selector
 */
function listKeys(e, i, selector) {
  const all = /** @type {HTMLElement[]} */ ([...document.querySelectorAll(selector)]);
  if (e.key === 'ArrowDown') all[Math.min(i + 1, all.length - 1)]?.focus();
  else if (e.key === 'ArrowUp') all[Math.max(i - 1, 0)]?.focus();
  else return;
  e.preventDefault();
}

/**
 * Opens a customer's account; a customer known from orders only (version 0) is read from the search answer.
 * @param {string} id
 * @param {any} [found] the search's entry
 */
async function openCustomer(id, found) {
  if (customer?.id !== id) forgetCaller();
  try {
    customer = await call('GET', `/v1/customers/${encodeURIComponent(id)}`);
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 404 && found)) return say($('customer-status'), e.message, 'error');
    customer = { ...found, addresses: found.address ? [found.address] : [], orders: [], returns: [], last_relay: null };
  }
  $('customers').replaceChildren();
  say($('customer-status'), '');
  showCustomer();
  // The agent types the first product at once; the plan and the relay proposal follow.
  $('pq').focus();
  await customerChanged();
}

function showCustomer() {
  const c = /** @type {Customer} */ (customer);
  $('customer-form').hidden = true;
  $('customer').hidden = false;
  $('customer-name').textContent = `${c.contact?.name || '(sans nom)'}${c.account ? '' : ' — sans compte (commandes web)'}`;
  $('customer-contact').textContent = [spokenPhone(c.contact?.phone), c.contact?.email, c.id].filter(Boolean).join(' · ');
  $('customer-notes').textContent = c.notes ?? '';
  $('addresses').replaceChildren(...(c.addresses ?? []).map((a) => h('li', { text: [a.label ? `${a.label} :` : '', a.name, addressLine(a), a.country === 'FR' ? '' : a.country].filter(Boolean).join(' ') })));
  if (!c.addresses?.length) $('addresses').append(h('li', { className: 'meta', text: 'Aucune adresse.' }));
  const tbody = $('orders').querySelector('tbody');
  tbody.replaceChildren(...(c.orders ?? []).map((o) => h('tr', {},
    h('td', { text: o.id }), h('td', { text: formatDay(o.created_at.slice(0, 10), 'fr-FR', { day: 'numeric', month: 'short', year: 'numeric' }) }),
    h('td', { text: `${STATUS[o.status] ?? o.status}${o.eta && !['collected', 'delivered', 'cancelled'].includes(o.status) ? `, prévue le ${formatDay(o.eta, 'fr-FR', { day: 'numeric', month: 'long' })}` : ''}` }),
    h('td', { text: CHANNELS[o.channel] ?? o.channel }), h('td', { text: money(o.total_cents, 'fr-FR') }))));
  if (!c.orders?.length) tbody.append(h('tr', {}, h('td', { colspan: 5, className: 'meta', text: 'Aucune commande.' })));
  $('returns').replaceChildren(...(c.returns ?? []).map((r) => h('li', { text: `${r.id} · commande ${r.order_id} · ${RETURN_STATUS_FR[r.status] ?? r.status} · ${formatDay(r.created_at.slice(0, 10), 'fr-FR', { day: 'numeric', month: 'short', year: 'numeric' })}` })));
  if (!c.returns?.length) $('returns').append(h('li', { className: 'meta', text: 'Aucun retour.' }));
  // When and by whom, as the agent reads it: the local time, the person's name rather than their token's id.
  const when = c.updated_at ? new Date(c.updated_at).toLocaleString('fr-FR', { dateStyle: 'long', timeStyle: 'short' }) : '';
  const by = !c.updated_by ? '?' : c.updated_by === 'merchant' ? 'le marchand' : c.updated_by.replace(/^staff:\S+\s*/, '');
  $('customer-updated').textContent = c.updated_at ? `Version ${c.version}, modifiée le ${when} par ${by}` : '';
  $('order-for').textContent = `Commande pour ${c.contact?.name || c.id}.`;
  showLastRelay();
}

async function showLastRelay() {
  const last = customer?.last_relay;
  if (!last) return say($('last-relay'), 'Aucun.', 'meta');
  say($('last-relay'), `${last.carrier} ${last.id}`);
  try {
    const { relais } = await loadEngine();
    const p = relais.get(last.carrier, last.id);
    if (!p) return say($('last-relay'), `${last.carrier} ${last.id} : ce point n'existe plus.`, 'error');
    const now = new Date();
    $('last-relay').replaceChildren(h('strong', { text: p.name }), ` — ${addressLine(p)}`,
      h('span', { className: 'say', text: `Aujourd'hui : ${spokenStatus(p, relais.status(p, now), relais.closureNotice(p, now))}.` }));
  } catch {
    // The engine did not load: the id is all there is to say.
  }
}

/** What the previous caller left on screen -- basket, point, plan, messages -- goes: it is not the next one's. */
function forgetCaller() {
  for (const id of ['product-status', 'order-status', 'relay-status']) say($(id), '');
  lines = [];
  chosen = null;
  candidates = [];
  searchedElsewhere = false;
  externalRef = newRef();
  renderLines();
  $('plan').replaceChildren();
  $('relay-block').hidden = true;
}

/** Puts the account on screen away: the order pane names nobody until another account is opened. */
async function closeCustomer() {
  forgetCaller();
  customer = null;
  $('customer').hidden = true;
  $('order-for').textContent = 'Aucun client ouvert : cherchez-le d\'abord (/).';
  await customerChanged();
}

// When the customer on screen changes: home position, availability for the lines, the relay proposal.
async function customerChanged() {
  // Where home lines go and points are looked for: the first address unless the caller names another.
  const deliver = /** @type {HTMLSelectElement} */ ($('deliver-to'));
  deliver.replaceChildren(...(customer?.addresses ?? []).map((x, i) => h('option', { value: String(i),
    text: [x.label ? `${x.label} :` : '', addressLine(x)].filter(Boolean).join(' ') })));
  $('deliver-block').hidden = (customer?.addresses?.length ?? 0) < 2;
  await deliveryAddressChanged();
}

/** The caller's delivery address as chosen: the home position the plan and the relay search start from. */
function deliveryAddress() {
  return customer?.addresses?.[Number($('deliver-to').value) || 0];
}

async function deliveryAddressChanged() {
  const address = deliveryAddress();
  searchedElsewhere = false;
  home = address ? await locate(address.postcode).catch(() => null) : null;
  $('relay-postcode').value = address?.postcode ?? '';
  chosen = null;
  candidates = [];
  await replan(true);
}

/**
 * Opens the form: empty for a new customer, filled with the one on screen to edit.
 * @param {'new' | 'edit'} mode
 */
function openForm(mode) {
  if (mode === 'edit' && !customer) return;
  formMode = mode;
  const c = mode === 'edit' ? customer : null;
  // Which address the form edits: each of the account's, or a new one.
  const which = /** @type {HTMLSelectElement} */ ($('f-which'));
  which.replaceChildren(...(c?.addresses ?? []).map((x, i) => h('option', { value: String(i),
    text: [x.label ? `${x.label} :` : '', addressLine(x)].filter(Boolean).join(' ') })),
  h('option', { value: String(c?.addresses?.length ?? 0), text: 'Nouvelle adresse' }));
  which.value = '0';
  // A new customer has one address to give: no choice to make.
  /** @type {HTMLElement} */ (which.closest('.field')).hidden = mode === 'new';
  fillAddress(0);
  $('customer-form-title').textContent = mode === 'edit' ? `Modifier ${c?.contact?.name ?? ''}` : 'Nouveau client';
  $('f-name').value = c?.contact?.name ?? '';
  $('f-email').value = c?.contact?.email ?? '';
  $('f-phone').value = spokenPhone(c?.contact?.phone);
  $('f-notes').value = c?.notes ?? '';
  clearFieldErrors();
  say($('customer-form-status'), '');
  $('customer-form').hidden = false;
  if (mode === 'new') $('customer').hidden = true;
  $('f-name').focus();
}

/**
 * Puts the account's address `k` (none: a new one) in the form's address fields, which name it to the server.
 * @param {number} k
 */
function fillAddress(k) {
  const a = formMode === 'edit' ? customer?.addresses?.[k] : undefined;
  $('f-label').value = a?.label ?? '';
  $('f-street').value = a?.address?.join(', ') ?? '';
  $('f-postcode').value = a?.postcode ?? '';
  $('f-city').value = a?.city ?? '';
  $('f-country').value = a?.country ?? 'FR';
  for (const id of ['f-label', 'f-street', 'f-postcode', 'f-city', 'f-country']) {
    const input = $(id);
    input.setAttribute('data-field', /** @type {string} */ (input.getAttribute('data-field')).replace(/^addresses\[\d+\]/, `addresses[${k}]`));
  }
}

$('f-which').addEventListener('change', () => { clearFieldErrors(); fillAddress(Number($('f-which').value)); });

function clearFieldErrors() {
  for (const span of document.querySelectorAll('.field-error')) span.textContent = '';
  for (const input of document.querySelectorAll('#customer-form [data-field]')) input.removeAttribute('aria-invalid');
}

/**
 * Shows the server's message beside the input of `field` (e.g. "addresses[0].postcode"); false when no input
 * of the form is that field.
 * @param {string | undefined} field
 * @param {string} message
 * @returns {boolean}
 */
function fieldError(field, message) {
  if (!field) return false;
  const input = [...document.querySelectorAll('#customer-form [data-field]')]
    .find((el) => field === el.getAttribute('data-field') || field.startsWith(`${el.getAttribute('data-field')}[`));
  if (!input) return false;
  input.setAttribute('aria-invalid', 'true');
  $(`${input.id}-error`).textContent = message;
  /** @type {HTMLElement} */ (input).focus();
  return true;
}

$('customer-form').addEventListener('submit', (/** @type {SubmitEvent} */ event) => {
  event.preventDefault();
  saveCustomer(false);
});

/**
 * The street lines of what the agent typed, commas (or new lines) between them -- but a comma after a house
 * number ("12, rue de la Paix", "12 bis, rue...") belongs to its street.
 * @param {string} text
 * @returns {string[]}
 */
function streetLines(text) {
  const parts = text.split(/\s*[,\n]\s*/).filter(Boolean);
  /** @type {string[]} */
  const out = [];
  for (const part of parts) {
    const previous = out.at(-1);
    if (previous !== undefined && /^\d+\s*(bis|ter|quater|[a-z])?$/i.test(previous)) out[out.length - 1] = `${previous} ${part}`;
    else out.push(part);
  }
  return out;
}

/**
 * Saves the form: a new account, or the one on screen over the version read.
 * @param {boolean} duplicateOk the agent said the caller is another person than the one with this phone or e-mail
 */
async function saveCustomer(duplicateOk) {
  clearFieldErrors();
  const contact = { name: $('f-name').value.trim() };
  if ($('f-email').value.trim()) contact.email = $('f-email').value.trim();
  if ($('f-phone').value.trim()) contact.phone = $('f-phone').value.trim();
  const street = streetLines($('f-street').value);
  const k = Number($('f-which').value) || 0;
  const kept = formMode === 'edit' ? [...(customer?.addresses ?? [])] : [];
  /** @type {Record<string, unknown>} */
  const edited = { ...kept[k], address: street, postcode: $('f-postcode').value.trim(), city: $('f-city').value.trim(),
    country: $('f-country').value.trim().toUpperCase() };
  if ($('f-label').value.trim()) edited.label = $('f-label').value.trim();
  else delete edited.label;
  const typed = street.length || edited.postcode || edited.city;
  // The address edited in its place (a new one after the others); all fields emptied: that address goes.
  if (typed) kept[k] = edited;
  else kept.splice(k, 1);
  const addresses = kept;
  const notes = $('f-notes').value;
  say($('customer-form-status'), 'Enregistrement…');
  try {
    if (formMode === 'new') forgetCaller();  // A new caller: nothing of the account that was open.
    const saved = formMode === 'edit' && customer
      ? await call('PUT', `/v1/customers/${encodeURIComponent(customer.id)}`, { version: customer.version, contact, addresses, notes })
      : await call('POST', '/v1/customers', { contact, addresses, notes, ...(duplicateOk ? { allow_duplicate: true } : {}) });
    customer = saved;
    say($('customer-form-status'), '');
    showCustomer();
    say($('customer-status'), formMode === 'edit' ? 'Client modifié.' : `Client créé : ${saved.id}.`, 'done');
    await customerChanged();
    $('pq').focus();  // Next: what the caller orders.
  } catch (e) {
    if (!(e instanceof ApiError)) return say($('customer-form-status'), e.message, 'error');
    if (e.code === 'customer_exists') {
      const known = String(e.details.customer_id);
      fieldError(e.field, 'Déjà connu : ouvrez ce compte, ou dites que ce sont deux personnes.');
      say($('customer-form-status'), `Un client a déjà ${e.field === 'contact.email' ? 'cette adresse e-mail' : 'ce numéro'} (${known}).`, 'error');
      const open = h('button', { type: 'button', className: 'secondary', text: 'Ouvrir ce compte' });
      open.addEventListener('click', () => openCustomer(known));
      const apart = h('button', { type: 'button', className: 'secondary', text: 'Ce sont deux personnes : créer' });
      apart.addEventListener('click', () => saveCustomer(true));
      $('customer-form-status').append(' ', open, ' ', apart);
    } else if (e.code === 'customer_moved') {
      say($('customer-form-status'), 'Ce client a été modifié entre-temps : rechargé, refaites la modification.', 'error');
      if (customer) await openCustomer(customer.id);
      openForm('edit');
    } else if (!fieldError(e.field, REFUSED[/** @type {keyof typeof REFUSED} */ (String(e.field).replace(/^addresses\[\d+\]/, 'addresses[0]'))] ?? e.message)) {
      say($('customer-form-status'), e.message, 'error');
    }
    else say($('customer-form-status'), 'Corrigez le champ signalé.', 'error');
  }
}

$('new-customer').addEventListener('click', () => openForm('new'));
$('edit-customer').addEventListener('click', () => openForm('edit'));
$('customer-cancel').addEventListener('click', closeForm);

function closeForm() {
  $('customer-form').hidden = true;
  if (customer) $('customer').hidden = false;
  (customer ? $('edit-customer') : $('cq')).focus();
}

// ---- Products and lines --------------------------------------------------------------------------------

/**
 * The products matching `q`: GET /v1/products?q=, else (a server without that route) the SKU itself.
 * @param {string} q
 * @returns {Promise<any[]>}
 */
async function findProducts(q) {
  try {
    return (await call('GET', `/v1/products?q=${encodeURIComponent(q)}&limit=10`)).products ?? [];
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 404 && e.code === 'not_found' && /route/.test(e.message))) throw e;
  }
  try {
    return [await call('GET', `/v1/products/${encodeURIComponent(q.toUpperCase())}`)];
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return [];
    throw e;
  }
}

$('product-search').addEventListener('submit', async (/** @type {SubmitEvent} */ event) => {
  event.preventDefault();
  const typed = $('pq').value.trim();
  if (!typed) return;
  if (!customer) return say($('product-status'), 'Ouvrez d\'abord le compte du client (/).', 'error');
  const m = /^(\d{1,3})\s*[x×*]?\s+(.+)$/i.exec(typed);
  const quantity = m ? Number(m[1]) : 1;
  const q = m ? m[2] : typed;
  if (quantity < 1) return say($('product-status'), `Quantité ${quantity} : tapez au moins 1 (« 2 ${q} »).`, 'error');
  say($('product-status'), 'Recherche…');
  try {
    const found = await findProducts(q);
    const exact = found.find((p) => p.sku.toUpperCase() === q.toUpperCase());
    if (exact || found.length === 1) {
      $('products').replaceChildren();
      return addLine(exact ?? found[0], quantity);
    }
    if (!found.length) return say($('product-status'), `Aucun produit pour « ${q} ».`, 'error');
    say($('product-status'), `${found.length} produits : flèches puis Entrée.`);
    $('products').replaceChildren(...found.map((p, i) => {
      const b = h('button', { type: 'button', text: `${p.sku} · ${p.name} · ${money(p.price_cents, 'fr-FR')}` });
      b.addEventListener('click', () => { $('products').replaceChildren(); addLine(p, quantity); });
      b.addEventListener('keydown', (e) => listKeys(e, i, '#products button'));
      return h('li', {}, b);
    }));
    /** @type {HTMLElement} */ (document.querySelector('#products button')).focus();
  } catch (e) {
    say($('product-status'), e.message, 'error');
  }
});

/**
 * Adds `quantity` of product `p` (to its line when there is one), then plans again.
 * @param {{sku: string, name: string}} p
 * @param {number} quantity
 */
async function addLine(p, quantity) {
  const line = lines.find((l) => l.sku === p.sku);
  if (line) line.quantity += quantity;
  else lines.push({ sku: p.sku, name: p.name, quantity, mode: '' });
  if (line) renderLines();  // Its quantity changes on screen; a new line is drawn with its stock by replan.
  say($('product-status'), `Ajouté : ${quantity} × ${p.name}.`, 'done');
  $('pq').value = '';
  $('pq').focus();
  await replan(!line);
}

function renderLines() {
  $('basket').hidden = lines.length === 0;
  // The rows are drawn again: the control the agent was on (a line's quantity or mode) keeps the focus.
  const active = /** @type {HTMLElement | null} */ (document.activeElement);
  const row = active?.closest?.('#basket-lines tr');
  const kept = row ? { sku: row.getAttribute('data-sku'), tag: active?.tagName.toLowerCase() } : null;
  const offered = availability?.choices?.modes ?? [];
  $('basket-lines').replaceChildren(...lines.map((l, i) => {
    const qty = h('input', { type: 'number', min: 1, max: 1000, value: l.quantity, 'aria-label': `Quantité de ${l.name}` });
    qty.addEventListener('change', () => { l.quantity = Math.max(1, Number(qty.value) || 1); qty.value = String(l.quantity); replan(false); });
    const mode = h('select', { 'aria-label': `Mode de ${l.name}` }, h('option', { value: '', text: 'au mieux' }),
      offered.map((m) => h('option', { value: m, text: MODES[m] ?? m, selected: l.mode === m })));
    mode.addEventListener('change', () => { l.mode = mode.value; replan(false); });
    const remove = h('button', { type: 'button', text: 'Retirer', 'aria-label': `Retirer ${l.name}` });
    remove.addEventListener('click', () => { lines.splice(i, 1); replan(true); $('pq').focus(); });
    const stock = availability?.stock?.[l.sku] ?? {};
    const stockText = Object.entries(stock).map(([site, n]) => `${siteNames.get(site) ?? site} : ${n}`).join(', ') || 'aucun stock';
    return h('tr', { 'data-sku': l.sku }, h('td', {}, h('strong', { text: l.sku }), ` ${l.name}`), h('td', {}, qty),
      h('td', { text: stockText }), h('td', {}, mode), h('td', {}, remove));
  }));
  if (kept) {
    const again = /** @type {HTMLElement | null} */ (document.querySelector(`#basket-lines tr[data-sku="${CSS.escape(kept.sku ?? '')}"] ${kept.tag}`));
    (again ?? $('pq')).focus();
  }
}

/**
 * The sites a caller may collect at (those offering click & collect, drive or pedestrian pick-up), the one kept
 * when it still is one, else the nearest to the customer's home: the plan collects there.
 */
function renderCollectSites() {
  const select = /** @type {HTMLSelectElement} */ ($('collect-site'));
  const kept = select.value;
  const sites = (availability?.sites ?? []).filter((s) => Object.keys(s.modes ?? {}).some((m) => m in COLLECT_MODES));
  const away = (s) => (home && Number.isFinite(s.lat) ? (s.lat - home.lat) ** 2 + (s.lon - home.lon) ** 2 : 0);
  sites.sort((a, b) => away(a) - away(b));
  select.replaceChildren(...sites.map((s) => h('option', { value: s.id, text: siteNames.get(s.id) ?? s.id })));
  if (sites.some((s) => s.id === kept)) select.value = kept;
  $('collect-block').dataset.sites = String(sites.length);  // Shown by renderPlan when the plan collects.
}

/**
 * Plans again: new availability when the SKUs changed, then the engine's plan with the chosen point, and
 * the relay proposal.
 * @param {boolean} refetch
 */
async function replan(refetch) {
  if (refetch) {
    // Lines typed quickly one after the other: only the last look-up's answer is kept.
    const mine = ++lookups;
    /** @type {any} */
    let answer = null, made = null;
    if (lines.length && customer) {
      pending += 1;
      try {
        const skus = lines.map((l) => l.sku).join(',');
        // Without customer_id: the import path joins no open shipment, so the plan (and its price) said to the
        // caller is the one the server will make.
        answer = await call('GET', `/v1/availability?skus=${encodeURIComponent(skus)}`);
        const { relais, splitting } = await loadEngine();
        if (mine === lookups) made = splitting.splitter(answer, { snapshot: relais });
      } catch (e) {
        if (mine === lookups) say($('product-status'), `Plan impossible : ${e.message}`, 'error');
      } finally {
        pending -= 1;
      }
    }
    if (mine !== lookups) return;
    splitter?.close();
    splitter = made;
    availability = answer;
    renderCollectSites();
    // The rows are drawn again only when the lines or their stock changed: a quantity or a mode changed in place
    // keeps the agent's focus where Tab took it.
    renderLines();
  }
  await propose();
  renderPlan();
}

/**
 * The engine's plan with `point` as the relay (or locker).
 * @param {any} point
 * @returns {Plan | null}
 */
function planWith(point) {
  if (!splitter) return null;
  const quantities = Object.fromEntries(lines.map((l) => [l.sku, l.quantity]));
  const lineModes = Object.fromEntries(lines.filter((l) => l.mode).map((l) => [l.sku, l.mode]));
  try {
    return splitter.plan({ quantities, line_modes: lineModes, preference: $('preference').value,
      choices: planChoices(availability.choices, point, home, $('collect-site').value) });
  } catch (e) {
    return /** @type {any} */ ({ error: e.message, shipments: [], unserved: [], totals: { cost_cents: 0 } });
  }
}

/**
 * Whether `point` suits the basket: weight and size within its limits, and not closed between today and the
 * day the parcel would arrive there.
 * @param {any} point
 * @param {any} relais
 * @returns {{fits: boolean, why: string, arrival: string | null}}
 */
function fit(point, relais) {
  if (!point || !point.active) return { fits: false, why: 'ce point n\'est plus actif', arrival: null };
  const withIt = planWith(point);
  const shipment = pointShipment(withIt);
  const weightG = shipment ? /** @type {any} */ (shipment).weight_g : undefined;
  if (weightG && !relais.matches(point, { weightG })) return { fits: false, why: 'colis trop lourd pour ce point', arrival: null };
  const dims = availability?.basket?.map((b) => b.dims_cm).filter((d) => d && d.some((x) => x > 0)) ?? [];
  for (const d of dims) if (!relais.matches(point, { dimsCm: d })) return { fits: false, why: 'colis trop grand pour ce point', arrival: null };
  const arrival = shipment?.earliest ?? null;
  const notice = relais.closureNotice(point, new Date());
  const today = availability?.today ?? new Date().toISOString().slice(0, 10);
  if (notice && arrival && notice.from <= arrival && notice.to >= today) {
    return { fits: false, why: spokenClosure(notice), arrival };
  }
  if (arrival && !relais.matches(point, { openOn: arrival })) return { fits: false, why: `fermé le jour d'arrivée (${formatDay(arrival, 'fr-FR', { weekday: 'long', day: 'numeric', month: 'long' })})`, arrival };
  return { fits: true, why: '', arrival };
}

/**
 * Whether `point` fits, once the engine is loaded.
 * @param {any} point
 * @returns {boolean}
 */
function engineFits(point) {
  return !!loaded && fit(point, loaded).fits;
}

// The relay proposal: the chosen point while it fits; else the caller's last point when it fits; else the
// nearest points to the postcode searched (the customer's by default), the fitting ones first.
async function propose() {
  const wantsPoint = splitter && lines.length && planHasPointMode();
  $('relay-block').hidden = !wantsPoint;
  if (!wantsPoint) return;
  const { relais } = await loadEngine();
  if (chosen && fit(chosen, relais).fits) return renderRelays(relais);
  const last = customer?.last_relay ? relais.get(customer.last_relay.carrier, customer.last_relay.id) : null;
  if (!chosen && last && !searchedElsewhere) {
    const verdict = fit(last, relais);
    if (verdict.fits) {
      chosen = last;
      say($('relay-status'), 'Dernier point du client proposé : il convient.', 'done');
    } else {
      say($('relay-status'), `Le dernier point du client (${last.name}) ne convient pas : ${verdict.why}. Proposez-en un autre.`, 'error');
    }
  } else if (chosen) {
    say($('relay-status'), `Le point choisi ne convient plus : ${fit(chosen, relais).why}.`, 'error');
    chosen = null;
  }
  if (!candidates.length) await searchNear($('relay-postcode').value, false);
  renderRelays(relais);
}

// Whether the plan could use a relay point: the availability offers it, and no line is held to another mode
// for all the lines.
function planHasPointMode() {
  const offered = availability?.choices?.modes ?? [];
  if (!offered.includes('relay') && !offered.includes('locker')) return false;
  return lines.some((l) => !l.mode || l.mode === 'relay' || l.mode === 'locker');
}

/**
 * Lists the nearest points to `postcode` (the last point's surroundings when none is known).
 * @param {string} postcode
 * @param {boolean} render
 */
async function searchNear(postcode, render = true) {
  const { relais } = await loadEngine();
  let at = postcode ? await locate(postcode) : null;
  const last = customer?.last_relay ? relais.get(customer.last_relay.carrier, customer.last_relay.id) : null;
  if (!at && !postcode && last) at = { lat: last.lat, lon: last.lon };
  if (!at) {
    candidates = [];
    say($('relay-status'), postcode ? `Code postal ${postcode} inconnu : demandez-en un autre.` : 'Tapez un code postal (Alt+K).', 'error');
  } else {
    candidates = relais.nearest({ lat: at.lat, lon: at.lon, k: 8, maxKm: 30, kinds: ['shop', 'locker', 'post_office'] });
    const open = candidates.filter((p) => fit(p, relais).fits).length;
    if (render) {
      say($('relay-status'), candidates.length
        ? `${candidates.length} points près du ${postcode}${open < candidates.length ? `, dont ${open} qui conviennent` : ''} : choisissez-en un (flèches, Espace).`
        : `Aucun point à moins de 30 km du ${postcode}.`, candidates.length ? '' : 'error');
    }
  }
  if (render) renderRelays(relais);
}

/**
 * Draws the proposed points as a radio group, each with what to say of it.
 * @param {any} relais
 */
function renderRelays(relais) {
  const now = new Date();
  const list = [...candidates];
  if (chosen && !list.some((p) => p.carrier === chosen.carrier && p.id === chosen.id)) list.unshift(chosen);
  const rows = list.map((p) => ({ p, verdict: fit(p, relais) }));
  rows.sort((a, b) => Number(b.verdict.fits) - Number(a.verdict.fits));
  $('relays').replaceChildren(...rows.map(({ p, verdict }, i) => {
    const id = `relay-${i}`;
    const isChosen = !!chosen && chosen.carrier === p.carrier && chosen.id === p.id;
    const isLast = customer?.last_relay?.carrier === p.carrier && customer?.last_relay?.id === p.id;
    const radio = h('input', { type: 'radio', name: 'relay', id, value: `${p.carrier}/${p.id}`, checked: isChosen,
      disabled: !verdict.fits, 'aria-describedby': `${id}-say` });
    radio.addEventListener('change', () => { if (radio.checked) choose(p); });
    const distance = Number.isFinite(p.distanceM) ? `${spokenDistance(p.distanceM)}, ` : '';
    const arrival = verdict.arrival ? `, arrivée le ${formatDay(verdict.arrival, 'fr-FR', { weekday: 'long', day: 'numeric', month: 'long' })}` : '';
    const said = verdict.fits ? `${distance}${spokenStatus(p, relais.status(p, now), relais.closureNotice(p, now))}${arrival}`
      : `ne convient pas : ${verdict.why}`;
    return h('li', { className: verdict.fits ? '' : 'unfit', 'data-point': `${p.carrier}/${p.id}` }, radio,
      h('label', { for: id }, h('strong', { text: `${p.name}${isLast ? ' (dernier point du client)' : ''}` }),
        ` — ${addressLine(p)}`, h('span', { className: 'say', id: `${id}-say`, text: said }),
        h('span', { className: 'meta', text: spokenWeek(p).join(' · ') })));
  }));
  $('relay-chosen').textContent = chosen ? `Point choisi : ${chosen.name}, ${addressLine(chosen)}` : 'Aucun point choisi.';
}

/**
 * Makes `p` the chosen point and plans with it.
 * @param {any} p
 */
function choose(p) {
  chosen = p;
  say($('relay-status'), `Point choisi : ${p.name}.`, 'done');
  $('relay-chosen').textContent = `Point choisi : ${p.name}, ${addressLine(p)}`;
  renderPlan();
}

$('relay-search').addEventListener('submit', async (/** @type {SubmitEvent} */ event) => {
  event.preventDefault();
  // The caller wants a point elsewhere: the one proposed is no longer theirs until they pick again.
  searchedElsewhere = true;
  chosen = null;
  await searchNear($('relay-postcode').value.trim());
  renderPlan();
  if (candidates.length) focusRelays();
  else { $('relay-postcode').focus(); $('relay-postcode').select(); }
});

function focusRelays() {
  const target = /** @type {HTMLElement | null} */ (document.querySelector('#relays input:checked') ?? document.querySelector('#relays input:not(:disabled)'));
  target?.focus();
}

/**
 * Where a shipment goes, as the agent says it: the point's or the store's name.
 * @param {any} s a plan's shipment
 * @returns {string}
 */
function destinationName(s) {
  const d = s.destination ?? {};
  if (d.carrier && d.id) {
    if (!chosen || chosen.carrier !== d.carrier || String(chosen.id) !== String(d.id)) {
      return ` → point à choisir (le plus proche qui convient : ${loaded?.get(d.carrier, d.id)?.name ?? d.id})`;
    }
    return ` → ${chosen.name}`;
  }
  if (d.site && d.site !== s.site) return ` → ${siteNames.get(d.site) ?? d.site}`;
  return '';
}

function renderPlan() {
  // No point chosen yet: the plan is made with the first that fits, so the mode, price and day said to the
  // caller are the relay's; the agent still picks the point (placeOrder asks).
  const probe = chosen ?? candidates.find((c) => engineFits(c)) ?? null;
  plan = lines.length && splitter ? planWith(probe) : null;
  const box = $('plan');
  if (!plan) {
    $('relay-block').hidden = true;
    return box.replaceChildren();
  }
  const p = /** @type {any} */ (plan);
  if (p.error) return box.replaceChildren(h('p', { className: 'error', text: `Le moteur ne peut pas planifier : ${p.error}` }));
  const names = Object.fromEntries(lines.map((l) => [l.sku, l.name]));
  box.replaceChildren(h('h3', { text: 'Plan de livraison' }),
    ...plan.shipments.map((s) => h('div', { className: 'shipment', 'data-mode': s.mode },
      h('p', { text: `${MODES[s.mode] ?? s.mode} depuis ${siteNames.get(s.site) ?? s.site}${s.via ? ` via ${siteNames.get(s.via) ?? s.via}` : ''}${destinationName(s)}${/** @type {any} */ (s).joins ? ` (rejoint l'envoi ${/** @type {any} */ (s).joins} déjà en cours)` : ''} · ${money(s.cost_cents, 'fr-FR')} · arrivée ${formatDay(s.earliest, 'fr-FR', { weekday: 'long', day: 'numeric', month: 'long' })}` }),
      h('ul', {}, s.lines.map((l) => h('li', { text: `${l.quantity} × ${names[l.sku] ?? l.sku}` }))))),
    ...plan.unserved.map((u) => h('p', { className: 'unserved error', text: `${u.quantity} × ${names[u.sku] ?? u.sku} : non servi (${REASONS[u.reason] ?? u.reason})` })),
    h('p', { className: 'totals', text: `Livraison ${money(plan.totals.cost_cents, 'fr-FR')}` }));
  // The point's block only when a point would carry something: a line held to it, or the plan with the chosen
  // (or first fitting) point sending a parcel there -- not for a basket the plan sends elsewhere.
  const held = lines.some((l) => l.mode === 'relay' || l.mode === 'locker');
  $('relay-block').hidden = !held && !pointShipment(plan);
  // The store's choice only when something is collected.
  const collected = plan.shipments.some((s) => s.mode in COLLECT_MODES) || lines.some((l) => l.mode in COLLECT_MODES);
  $('collect-block').hidden = !collected || !Number($('collect-block').dataset.sites);
}

$('preference').addEventListener('change', () => renderPlan());
$('collect-site').addEventListener('change', () => replan(false));
$('deliver-to').addEventListener('change', () => deliveryAddressChanged());

// ---- Placing the order ---------------------------------------------------------------------------------

async function placeOrder() {
  const status = $('order-status');
  if (placing) return;
  while (pending) await new Promise((resolve) => setTimeout(resolve, 30));
  if (!customer) return say(status, 'Ouvrez d\'abord le compte du client (/).', 'error');
  if (!lines.length) return say(status, 'Ajoutez au moins un produit (Alt+P).', 'error');
  if (!plan || /** @type {any} */ (plan).error) return say(status, 'Pas de plan de livraison : vérifiez les lignes.', 'error');
  if (plan.unserved.length) return say(status, 'Des lignes ne sont pas servies : changez leur mode ou retirez-les.', 'error');
  const point = pointShipment(plan);
  // No point chosen yet, while one of those proposed would carry lines: the agent picks it first (or holds
  // the lines to another mode).
  const fitting = !chosen && !$('relay-block').hidden ? candidates.find((p) => engineFits(p)) : null;
  if ((point && !chosen) || (fitting && pointShipment(planWith(fitting)))) {
    say(status, 'Choisissez un point relais (Alt+L).', 'error');
    return focusRelays();
  }
  const address = deliveryAddress();
  const homeDest = address ? { ...address, name: address.name ?? customer.contact?.name } : null;
  const relay = point?.destination?.carrier ? { carrier: point.destination.carrier, id: String(point.destination.id) } : null;
  /** @type {Record<string, unknown>} */
  const body = { customer_id: customer.id, channel: 'phone', external_ref: externalRef, lines: orderLines(plan, homeDest, relay) };
  if (customer.contact && Object.keys(customer.contact).length) body.contact = customer.contact;
  if (relay) body.relay = relay;
  if (placing) return;
  placing = true;
  say(status, 'Envoi de la commande…');
  try {
    const order = await call('POST', '/v1/orders/import', body);
    say(status, `Commande ${order.id} enregistrée : ${money(order.total_cents, 'fr-FR')}${order.eta ? `, arrivée prévue le ${formatDay(order.eta, 'fr-FR', { weekday: 'long', day: 'numeric', month: 'long' })}` : ''}.`, 'done');
    status.dataset.order = order.id;
    externalRef = newRef();
    lines = [];
    chosen = null;
    candidates = [];
    const id = customer.id;
    customer = await call('GET', `/v1/customers/${encodeURIComponent(id)}`);
    showCustomer();
    await replan(true);
    $('place').focus();
  } catch (e) {
    if (e instanceof ApiError && e.code === 'relay_unavailable') {
      const { relais } = await loadEngine();
      const alternatives = /** @type {any[]} */ (e.details.alternatives ?? []);
      candidates = alternatives.map((a) => relais.get(a.carrier, a.id) ?? a);
      chosen = null;
      renderRelays(relais);
      renderPlan();
      say(status, 'Ce point relais ne peut plus prendre la commande : choisissez un des points proposés (Alt+L) puis validez à nouveau.', 'error');
      say($('relay-status'), `Le serveur refuse ce point : ${alternatives.length} autres proposés.`, 'error');
      focusRelays();
    } else if (e instanceof ApiError) {
      say(status, orderRefusal(e, /** @type {{ sku?: string }[]} */ (body.lines), Object.fromEntries(lines.map((l) => [l.sku, l.name]))), 'error');
      if (e.code === 'plan_changed' || e.code === 'insufficient_stock') await replan(true);
    } else say(status, `La commande n'est pas partie : ${e.message}.`, 'error');
  } finally {
    placing = false;
  }
}

$('place').addEventListener('click', placeOrder);

// ---- Shortcuts -----------------------------------------------------------------------------------------

/**
 * Alt + a letter, and "/" outside a text field (or in the empty search box it leads to). The letter is the one
 * the key types (Alt+M is M on an AZERTY keyboard too, whose M key is QWERTY's ";"); when Alt makes the key type
 * a symbol (macOS's Option), its position.
 */
const SHORTCUTS = {
  KeyC: () => { $('cq').focus(); $('cq').select(); },
  KeyN: () => openForm('new'),
  KeyM: () => openForm('edit'),
  KeyP: () => $('pq').focus(),
  KeyL: () => focusRelays(),
  KeyK: () => { $('relay-postcode').focus(); $('relay-postcode').select(); },
  KeyV: () => placeOrder(),
};

document.addEventListener('keydown', (/** @type {KeyboardEvent} */ e) => {
  const letter = /^[a-z]$/i.test(e.key) ? `Key${e.key.toUpperCase()}` : e.code;
  if (e.altKey && !e.ctrlKey && !e.metaKey && Object.hasOwn(SHORTCUTS, letter)) {
    e.preventDefault();
    SHORTCUTS[/** @type {keyof typeof SHORTCUTS} */ (letter)]();
    return;
  }
  const target = /** @type {HTMLElement} */ (e.target);
  const typing = target.matches('input:not([type=radio]):not([type=checkbox]), textarea, select');
  const emptySearch = target.id === 'cq' && !(/** @type {HTMLInputElement} */ (target).value);
  if (e.key === '/' && (!typing || emptySearch) && !e.altKey && !e.ctrlKey && !e.metaKey) {
    e.preventDefault();
    SHORTCUTS.KeyC();
  } else if (e.key === 'Escape' && !$('customer-form').hidden) {
    e.preventDefault();
    closeForm();
  }
});

signIn();

// The customer-service and counter page: find an order however the caller names it, read its lines, parts
// and history, move its shipments through their workflow (preparation, hand-over to the carrier with the
// parcel number, to the shopper with the code the shopper shows), print each parcel's label (a PDF to
// download, or ZPL sent to the site's label printer) with the number the carrier account's range gives it,
// warn when those numbers run low, close the day's hand-over to a carrier with its manifest (the list of
// parcels ready to leave, then the PDF the driver signs and its CSV), and act for the shopper (another relay,
// home shipping, another collection day, cancellation) with a reason the server records; returns at the counter
// are returns.js's panel (found by number or QR code, received, graded, validated, refunded). Talks to relais-edge
// only (same origin: /edge, or ?api=); everything the server sends is shown as text, never as HTML (names and
// addresses come from shoppers and carriers).
import { apiClient, fetchDocument, fetchJson } from '../common/api.js';
import { byId as $, h, say } from '../common/dom.js';
import { formatter } from '../common/format.js';
import { startReturns } from './returns.js';

/** @typedef {import('../common/types.js').Order} Order */
/** @typedef {import('../common/types.js').OrderEvent} OrderEvent */
/** @typedef {import('../common/types.js').OrderLine} OrderLine */
/** @typedef {import('../common/types.js').Timeline} Timeline */
/** @typedef {import('../common/types.js').TimelineShipment} TimelineShipment */
/** @typedef {import('../common/types.js').Me} Me */
/** @typedef {import('../common/types.js').ParcelRanges} ParcelRanges */
/** @typedef {import('../common/types.js').PrintedLabel} PrintedLabel */
/** @typedef {import('../common/types.js').ParcelRangeUse} ParcelRangeUse */
/** @typedef {import('../common/types.js').Manifest} Manifest */
/** @typedef {import('../common/types.js').ManifestParcel} ManifestParcel */
/** @typedef {import('../common/types.js').PendingManifest} PendingManifest */
/** @typedef {import('../common/types.js').Site} Site */
/** @typedef {import('../common/types.js').Invoice} Invoice */

const api = new URLSearchParams(location.search).get('api') ?? '/edge';
let token = sessionStorage.getItem('relais-staff-token') ?? '';
/** @type {Order | null} */
let current = null;  // The order on screen.
/** @type {Me | null} */
let me = null;  // Who the credential signed in with is.

// A call to relais-edge: the JSON answer, or an ApiError carrying the server's message, code and field.
/** @param {number} status */
const fallback = (status) => `the server answered ${status}`;
const call = apiClient({ base: api, token: () => token, fallback });
// The returns panel, with the same credential.
const returns = startReturns({ call,
  keyed: (method, path, body, key) => fetchJson(`${api}${path}`,
    { method, body, token, fallback, headers: { 'Idempotency-Key': key } }),
  pdf: (path) => fetchDocument(`${api}${path}`, { token, fallback }) });

// The labels downloaded for the order on screen, by shipment ("order/n"): their blob: URL and file name, for
// "Download the label again", until another order is opened (then the URLs are revoked).
/** @type {Map<string, {url: string, name: string, link: HTMLAnchorElement | null}>} */
const downloads = new Map();

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
  returns.orderShown(order);
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
  // The actions may name one shipment (a backorder sent elsewhere): those of the order acted on.
  const chosen = $('action-shipment').value;
  $('action-shipment').replaceChildren(h('option', { value: '', text: 'Every relay and locker parcel' }),
    ...timeline.shipments.map((s, i) => h('option', { value: String(s.shipment),
      text: `Shipment ${i + 1} · ${s.mode}${s.backorder_of !== undefined ? ' (backorder)' : ''}` })));
  $('action-shipment').value = [...$('action-shipment').options].some((o) => o.value === chosen) ? chosen : '';
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
    // The numbers its labels carry: the hand-over's number is the label's, not one typed from elsewhere.
    const labels = s.labels ?? [];
    if (parcel) {
      parcel.required = true;
      parcel.value = labels[0]?.number ?? '';
      parcel.setAttribute('aria-describedby', `${id}-parcel-hint`);
      form.append(h('span', { id: `${id}-parcel-hint`, className: 'meta', text: `It is ${shape.text}.` }));
    }
    if (labels.length) {
      const numbers = labels.map((l) => `${l.carrier} ${l.number}`).join(', ');
      item.append(h('div', { className: 'meta', text: `Label: ${numbers}` }));
    }
    if (s.backorder_of !== undefined) {
      item.append(h('div', { className: 'meta', text: `Backorder of shipment ${s.backorder_of + 1}` +
        (s.available_on ? `: stock expected on ${s.available_on}` : '') }));
    }
    if (mayLabel(s)) item.append(labelActions(s));
    if (s.next_events.includes('preparation_done')) item.append(shortageForm(s, i));
    for (const event of s.next_events) {
      const button = h('button', { type: 'button', 'data-event': event, text: EVENT_LABELS[event] ?? event });
      // A label prints its number in groups ("6A 4139 2078 260"): sent as one word, as the carrier knows it.
      const number = () => parcel?.value.replace(/\s+/g, '').toUpperCase();
      button.addEventListener('click', () => {
        // A label's own number goes with the label's carrier (a home parcel's is the brand's home carrier);
        // the server checks it as it checks any other.
        const label = labels.find((l) => l.number === number());
        if (event === 'handed_to_carrier' && !label && !new RegExp(shape.pattern).test(number())) {
          say($('step-status'), number() ? `This is not a ${shape.carrier} parcel number: it is ${shape.text}.`
            : 'Type the parcel number printed on the label first.', 'error');
          parcel.focus();
          return;
        }
        step(s, event, { code: code?.value.trim(), parcel: number(), carrier: label?.carrier });
      });
      form.append(button);
    }
    item.append(form);
    return item;
  }));
}

/**
 * "Short at preparation": the units of a line not found on the shelf. What is there leaves; the rest waits on
 * a shipment of its own until the stock comes (available on).
 * @param {TimelineShipment} s
 * @param {number} index its place on the page
 * @returns {HTMLElement}
 */
function shortageForm(s, index) {
  const id = `short${index}`;
  const skus = [...new Set((current?.lines ?? []).map((l) => l.sku))];
  const sku = h('select', { id: `${id}-sku` }, skus.map((v) => h('option', { value: v, text: v })));
  const missing = h('input', { id: `${id}-missing`, type: 'number', min: 1, value: 1, required: true });
  const next = new Date(Date.now() + 86_400_000);  // Tomorrow, on this phone's calendar.
  const tomorrow = `${next.getFullYear()}-${String(next.getMonth() + 1).padStart(2, '0')}-` +
    String(next.getDate()).padStart(2, '0');
  const when = h('input', { id: `${id}-when`, type: 'date', value: tomorrow, required: true });
  const send = h('button', { type: 'submit', text: 'Ship the rest later' });
  const form = h('form', { className: 'short-form' },
    h('label', { for: sku.id, text: 'Product' }), sku,
    h('label', { for: missing.id, text: 'Units missing' }), missing,
    h('label', { for: when.id, text: 'Stock expected on' }), when, send);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    send.disabled = true;
    say($('step-status'), 'Splitting the shipment…');
    try {
      const split = await call('POST', `${shipmentPath(s)}/backorder`,
        { lines: [{ sku: sku.value, missing: Number(missing.value) }], available_on: when.value });
      await openOrder(current.id);
      const check = split.relay_check;
      say($('step-status'), `Shipment ${split.backorder + 1} waits for ${missing.value} × ${sku.value}.` +
        (check ? ` Its point cannot take it then: ${check.message}. Choose another point or home for shipment ` +
          `${split.backorder + 1} below.` : ''), check ? 'error' : 'done');
      if (check) $('action-shipment').value = String(split.backorder);
    } catch (e) {
      say($('step-status'), e.message, 'error');
      send.disabled = false;
    }
  });
  return h('details', { className: 'short' }, h('summary', { text: 'Short at preparation' }), form);
}

/**
 * Records `event` on `shipment` (with the shopper's code or the parcel number when the step wants one).
 * @param {TimelineShipment} shipment
 * @param {string} event
 * @param {{code?: string, parcel?: string, carrier?: string}} values the parcel's carrier when it is not the
 *   timeline's parcel_number.carrier (a label's)
 */
async function step(shipment, event, { code, parcel, carrier }) {
  const body = { event, order: shipment.order, shipment: shipment.shipment };
  if (code && (event === 'picked_up' || event === 'handed_over')) body.code = code;
  if (event === 'handed_to_carrier') {
    body.parcel = { carrier: carrier ?? shipment.parcel_number.carrier, tracking_number: parcel };
  }
  say($('step-status'), 'Recording…');
  try {
    await call('POST', `/v1/orders/${encodeURIComponent(current.id)}/events`, body);
    await openOrder(current.id);
    say($('step-status'), `Done: ${EVENT_LABELS[event] ?? event}.`, 'done');
    handOverMoved();
  } catch (e) {
    say($('step-status'), e.message, 'error');
  }
}

/**
 * Whether `s` may still be labelled: it has not left (its step takes handed_to_carrier, or the carrier's
 * "shipped" is still to come) and is not cancelled. The server says shipment_closed otherwise.
 * @param {TimelineShipment} s
 * @returns {boolean}
 */
function mayLabel(s) {
  if (s.parcel || s.step === 'cancelled') return false;
  return (s.next_events ?? []).includes('handed_to_carrier') ||
    s.steps.some((st) => st.step === 'shipped' && st.status === 'next');
}

/**
 * The label's buttons of shipment `s`, and the link to its last download when there is one.
 * @param {TimelineShipment} s
 * @returns {HTMLElement}
 */
function labelActions(s) {
  const pdf = h('button', { type: 'button', 'data-label': 'pdf', text: 'Label (PDF)' });
  const print = h('button', { type: 'button', 'data-label': 'print', text: 'Print label' });
  pdf.addEventListener('click', () => downloadLabel(s, [pdf, print]));
  print.addEventListener('click', () => printLabel(s, [pdf, print]));
  const actions = h('div', { className: 'label-actions' }, pdf, print);
  const kept = downloads.get(`${s.order}/${s.shipment}`);
  if (kept) {
    kept.link = h('a', { href: kept.url, download: kept.name, text: 'Download the label again' });
    actions.append(kept.link);
  }
  return actions;
}

/**
 * Turns the label buttons off while their request runs (one number, one request), or on again.
 * @param {HTMLButtonElement[]} buttons
 * @param {boolean} on
 */
function busy(buttons, on) {
  for (const b of buttons) b.disabled = on;
}

/** @param {TimelineShipment} s */
const shipmentPath = (s) => `/v1/orders/${encodeURIComponent(s.order)}/shipments/${s.shipment}`;

/**
 * Gets the label of shipment `s` as a PDF (its parcel numbers given on the first call, the same ever after)
 * and offers it as a download; the order is read again, so the hand-over's field shows the label's number.
 * @param {TimelineShipment} s
 * @param {HTMLButtonElement[]} buttons
 */
async function downloadLabel(s, buttons) {
  busy(buttons, true);
  say($('step-status'), 'Making the label…');
  try {
    const { blob, headers } = await fetchDocument(`${api}${shipmentPath(s)}/label`,
      { method: 'POST', body: { format: 'pdf' }, token, fallback });
    const numbers = (headers.get('X-Parcel-Numbers') ?? '').split(',').filter(Boolean);
    const key = `${s.order}/${s.shipment}`;
    if (downloads.has(key)) URL.revokeObjectURL(downloads.get(key).url);
    const kept = { url: URL.createObjectURL(blob), name: `label-${s.order}-${s.shipment}.pdf`, link: null };
    downloads.set(key, kept);
    await openOrder(current.id);
    (kept.link ?? h('a', { href: kept.url, download: kept.name })).click();
    say($('step-status'), numbers.length ? `Label downloaded: parcel ${numbers.join(', ')}.` : 'Label downloaded.',
      'done');
    checkRanges();
    handOverMoved();
  } catch (e) {
    await refused(e, buttons);
    say($('step-status'), e.message, 'error');
  }
}

/**
 * Sends the label of shipment `s` to its site's label printer (ZPL over raw TCP, by the server).
 * @param {TimelineShipment} s
 * @param {HTMLButtonElement[]} buttons
 */
async function printLabel(s, buttons) {
  busy(buttons, true);
  say($('step-status'), 'Sending the label to the printer…');
  try {
    const printed = /** @type {PrintedLabel} */ (await call('POST', `${shipmentPath(s)}/print`, { dpi: 203 }));
    await openOrder(current.id);
    say($('step-status'), `Sent to printer ${printed.printer}: parcel ${printed.parcel_numbers.join(', ')}.`, 'done');
    checkRanges();
    handOverMoved();
  } catch (e) {
    await refused(e, buttons);
    say($('step-status'), e.code === 'printer_unavailable'
      ? `Not printed: ${e.message}. “Label (PDF)” downloads it.` : e.message, 'error');
  }
}

/**
 * After a refused label: a printer that did not answer still gave the numbers (the field takes them), and a
 * parcel that left since the page was drawn has no label buttons any more -- the order is read again; else
 * the buttons work again.
 * @param {any} e the ApiError (or a network failure)
 * @param {HTMLButtonElement[]} buttons
 */
async function refused(e, buttons) {
  if (e.details?.parcel_numbers || e.code === 'shipment_closed') {
    await openOrder(current.id);
    if (e.details?.parcel_numbers) checkRanges();
    handOverMoved();
  } else {
    busy(buttons, false);
  }
}

// Warns at the top when a carrier account runs out of parcel numbers (fewer left in all its ranges than its
// low_at, or none): its labels will soon be refused. Said again after each label; only the latest answer is
// shown (a sign-in with another brand's credential while the previous one's was on its way).
let rangesAsked = 0;
async function checkRanges() {
  const warning = $('ranges-warning');
  const asked = ++rangesAsked;
  try {
    const { ranges } = /** @type {ParcelRanges} */ (await call('GET', '/v1/parcel-ranges'));
    if (asked !== rangesAsked) return;
    /** @type {Map<string, {left: number, low: boolean}>} */
    const accounts = new Map();
    for (const r of ranges) {
      const account = accounts.get(`${r.carrier} ${r.account}`) ?? { left: 0, low: false };
      account.left += r.left;
      account.low ||= r.low;
      accounts.set(`${r.carrier} ${r.account}`, account);
    }
    const low = [...accounts].filter(([, a]) => a.low || a.left === 0).map(([name, a]) => `${name}: ${a.left} left`);
    warning.hidden = low.length === 0;
    say(warning, low.length ? `Parcel numbers running low: ${low.join('; ')}` : '', 'warning');
    offerCarriers(ranges);
  } catch {
    if (asked !== rangesAsked) return;
    warning.hidden = true;  // A server that makes no labels: nothing to warn about, no carrier to hand over to.
    offerCarriers([]);
  }
}

// --- The day's hand-over -------------------------------------------------------------------------------
// For a site (the staff token's own; a merchant picks one) and a carrier (one of the brand's carrier accounts),
// the parcels closing the day would hand over -- labelled, prepared, on no manifest -- and apart those
// labelled but not prepared yet. "Close the day" asks to be confirmed in the page (kiosk browsers block
// window.confirm), then the server numbers the manifest and hands every listed parcel to the carrier; its PDF
// (for the driver to sign) and CSV are offered as downloads.

let pendingAsked = 0;  // Which list was asked last: only its answer is drawn.
/** @type {string[]} */
let confirming = [];  // The numbers of the list staff are asked to confirm: only these are handed over.
/** @type {string[]} */
let manifestUrls = [];  // The blob: URLs of the manifest's documents on screen, revoked with it.
/** @type {Manifest | null} */
let closed = null;  // The manifest closed last, whose documents the links offer.

/** @param {number} n */
const parcels = (n) => `${n} parcel${n === 1 ? '' : 's'}`;
/** @param {number} grams */
const kilograms = (grams) => formatter('en', { style: 'unit', unit: 'kilogram', maximumFractionDigits: 3 }, 'number')
  .format(grams / 1000);

/** @returns {string} the site whose hand-over the section shows ('' when none is chosen) */
function handOverSite() {
  return me?.role === 'staff' ? me.site ?? '' : $('handover-site').value;
}

/** @returns {boolean} whether the list is to be kept up to date: signed in, the section open */
function handOverOpen() {
  return Boolean(me) && !$('handover').hidden && $('handover-open').open;
}

// The section as it is before any sign-in: closed lists, no manifest, nothing asked still awaited.
function resetHandOver() {
  ++pendingAsked;
  $('handover').hidden = true;
  $('handover-site').replaceChildren();
  $('handover-carrier').replaceChildren();
  delete $('handover-carrier').dataset.offered;
  drawPending(null);
  showManifest(null);
  say($('handover-status'), '');
}

// After a sign-in: staff hand over their own site's parcels; a merchant picks among the brand's sites.
async function startHandOver() {
  const asked = pendingAsked;
  const staff = me.role === 'staff';
  $('handover-site').hidden = staff;
  $('handover-site-label').hidden = staff;
  $('handover').hidden = false;
  if (staff) return;
  try {
    const { sites } = /** @type {{sites: Site[]}} */ (await call('GET', '/v1/sites'));
    if (asked !== pendingAsked) return;
    const options = sites.map((s) => h('option', { value: s.id, text: `${s.name} (${s.id})` }));
    if (sites.length !== 1) options.unshift(h('option', { value: '', text: 'Choose a site' }));
    $('handover-site').replaceChildren(...options);
    if (handOverOpen()) showPending();
  } catch (e) {
    if (asked === pendingAsked) say($('handover-status'), e.message, 'error');
  }
}

/**
 * Offers the carriers of the brand's carrier accounts (one each, whatever its ranges; "merchant", the brand's
 * own collections, is handed over to nobody), keeping the one chosen.
 * @param {ParcelRangeUse[]} ranges
 */
function offerCarriers(ranges) {
  const select = $('handover-carrier');
  const carriers = [...new Set(ranges.map((r) => r.carrier))].filter((c) => c !== 'merchant');
  if (select.dataset.offered === carriers.join(' ')) return;  // Asked again after a label: the same accounts.
  select.dataset.offered = carriers.join(' ');
  const chosen = select.value;
  const options = carriers.map((c) => h('option', { value: c, text: c }));
  if (carriers.length !== 1) options.unshift(h('option', { value: '', text: 'Choose a carrier' }));
  select.replaceChildren(...options);
  if (carriers.includes(chosen)) select.value = chosen;
  if (!carriers.length) {
    drawPending(null);
    say($('handover-status'), 'No carrier account gives parcel numbers here: labels and hand-overs need one ' +
      '(the brand\'s shipping.accounts).', 'error');
  } else if (handOverOpen()) {
    showPending();
  }
}

/**
 * One parcel of a list: its number (and which of its shipment's parcels), order, recipient, destination, weight.
 * @param {ManifestParcel} p
 * @returns {HTMLLIElement}
 */
function parcelItem(p) {
  const number = p.parcel_count > 1 ? `${p.number} (${p.parcel + 1}/${p.parcel_count})` : p.number;
  return h('li', { 'data-number': p.number },
    h('strong', { text: number }), ' ', h('span', { text: [p.order_ref, p.recipient].filter(Boolean).join(' · ') }),
    h('span', { className: 'meta' }, p.destination ? `${p.destination} · ` : '',
      h('span', { className: 'nowrap', text: kilograms(p.weight_g) })));
}

/**
 * Draws the list the server answered (none: the list goes), and the confirmation's count when it is asked.
 * @param {PendingManifest | null} list
 */
function drawPending(list) {
  $('handover-list').hidden = !list;
  $('handover-parcels').replaceChildren(...(list?.parcels ?? []).map(parcelItem));
  $('handover-not-ready').replaceChildren(...(list?.not_ready ?? []).map(parcelItem));
  if (!list) return askConfirmation(false);
  $('handover-where').textContent = [list.site, list.carrier, list.account, list.day].filter(Boolean).join(' · ');
  $('handover-totals').replaceChildren(...(list.parcels.length
    ? [`${parcels(list.totals.parcels)} ready to hand over, `,
        h('span', { className: 'nowrap', text: kilograms(list.totals.weight_g) }), '.']
    : ['No parcel ready to hand over.']));
  $('handover-waiting').hidden = list.not_ready.length === 0;
  $('handover-waiting-title').textContent = `Labelled, not prepared yet: ${list.not_ready.length}`;
  $('handover-confirm').textContent = `Confirm: hand ${parcels(list.parcels.length)} to ${list.carrier}`;
}

/**
 * Shows the confirmation step of "Close the day" (or goes back to the button).
 * @param {boolean} on
 */
function askConfirmation(on) {
  $('handover-close').hidden = on;
  $('handover-confirm').hidden = !on;
  $('handover-cancel').hidden = !on;
  $('handover-confirm').disabled = false;
}

/**
 * Reads the list of the chosen site and carrier again and draws it.
 * @returns {Promise<PendingManifest | null>} the list, or null when none was chosen, it was refused, or a
 *   later one was asked meanwhile
 */
async function showPending() {
  const site = handOverSite();
  const carrier = $('handover-carrier').value;
  const asked = ++pendingAsked;
  if (!site || !carrier) {
    drawPending(null);
    if ($('handover-carrier').options.length) say($('handover-status'), `Choose ${site ? 'a carrier' : 'a site'}.`);
    return null;
  }
  $('handover-list').setAttribute('aria-busy', 'true');
  try {
    const list = /** @type {PendingManifest} */ (await call('GET',
      `/v1/manifests/pending?site=${encodeURIComponent(site)}&carrier=${encodeURIComponent(carrier)}`));
    if (asked !== pendingAsked) return null;
    drawPending(list);
    return list;
  } catch (e) {
    if (asked !== pendingAsked) return null;
    drawPending(null);
    say($('handover-status'), e.message, 'error');
    return null;
  } finally {
    if (asked === pendingAsked) $('handover-list').removeAttribute('aria-busy');
  }
}

// Something on the page moved an order (a step, a label, an action): the list follows when it is shown.
function handOverMoved() {
  if (handOverOpen() && $('handover-carrier').value) showPending();
}

// Another site or carrier: another list, and what was said about the previous one goes.
function chooseHandOver() {
  say($('handover-status'), '');
  showManifest(null);
  askConfirmation(false);
  showPending();
}

/**
 * Shows the manifest just closed and fetches its documents (with the credential, which a plain link would not
 * send) to offer them as downloads; null takes the previous one away.
 * @param {Manifest | null} manifest
 */
function showManifest(manifest) {
  for (const url of manifestUrls) URL.revokeObjectURL(url);
  manifestUrls = [];
  closed = manifest;
  $('handover-manifest').hidden = !manifest;
  for (const id of ['handover-pdf', 'handover-csv', 'handover-documents']) $(id).hidden = true;
  if (!manifest) return;
  $('handover-result').textContent =
    `Manifest ${manifest.id}: ${parcels(manifest.totals.parcels)} handed to ${manifest.carrier}` +
    (manifest.pickup ? ` · pickup asked of the carrier by ${manifest.pickup.channel === 'email' ? 'e-mail' : 'its API'}`
      : '');
  fetchManifestDocuments(manifest);
}

/** @param {Manifest} manifest */
async function fetchManifestDocuments(manifest) {
  $('handover-documents').hidden = true;
  const path = `${api}/v1/manifests/${encodeURIComponent(manifest.id)}/document?format=`;
  try {
    const [pdf, csv] = await Promise.all(['pdf', 'csv'].map((format) =>
      fetchDocument(path + format, { token, fallback })));
    if (closed !== manifest) return;
    for (const [id, { blob }, extension] of [['handover-pdf', pdf, 'pdf'], ['handover-csv', csv, 'csv']]) {
      const url = URL.createObjectURL(blob);
      manifestUrls.push(url);
      Object.assign($(id), { href: url, download: `${manifest.id}.${extension}`, hidden: false });
    }
  } catch (e) {
    if (closed !== manifest) return;
    $('handover-documents').hidden = false;
    say($('handover-status'), `The manifest is closed, but its documents did not come: ${e.message}`, 'error');
  }
}

// "Close the day": the list read again, then the count it holds to confirm.
async function closeDay() {
  say($('handover-status'), '');
  const list = await showPending();
  if (!list) return;
  confirming = list.parcels.map((p) => p.number);
  askConfirmation(true);
  $('handover-confirm').focus();
}

// Confirmed: the server closes the day with the parcels ready now, and the list is read again (empty).
async function confirmClose() {
  const site = handOverSite();
  const carrier = $('handover-carrier').value;
  if (!site || !carrier) return;
  $('handover-confirm').disabled = true;
  say($('handover-status'), 'Closing the day…');
  try {
    // The confirmed numbers: a parcel prepared on another device meanwhile waits for the next manifest.
    const body = confirming.length ? { site, carrier, numbers: confirming } : { site, carrier };
    const manifest = /** @type {Manifest} */ (await call('POST', '/v1/manifests', body));
    say($('handover-status'), '');
    showManifest(manifest);
    // The order on screen may be one that just left (or its part a child order holds).
    const shown = current ? [current.id, ...(current.children ?? []).map((c) => c.id)] : [];
    if (manifest.parcels.some((p) => shown.includes(p.order))) openOrder(current.id);
  } catch (e) {
    say($('handover-status'), e.message, 'error');
  }
  askConfirmation(false);
  await showPending();
  $('handover-close').focus();
}

$('handover-open').addEventListener('toggle', () => {
  if (handOverOpen()) showPending();
});
$('handover-pick').addEventListener('submit', (event) => {
  event.preventDefault();
  say($('handover-status'), '');
  showPending();
});
$('handover-site').addEventListener('change', chooseHandOver);
$('handover-carrier').addEventListener('change', chooseHandOver);
$('handover-close').addEventListener('click', closeDay);
$('handover-confirm').addEventListener('click', confirmClose);
$('handover-cancel').addEventListener('click', () => {
  askConfirmation(false);
  $('handover-close').focus();
});
$('handover-documents').addEventListener('click', () => {
  say($('handover-status'), '');
  if (closed) fetchManifestDocuments(closed);
});

/**
 * The order's invoices, one per shipment that left: each with its total and a button that downloads its PDF.
 * @param {Invoice[]} invoices
 */
function showInvoices(invoices) {
  $('invoices-block').hidden = invoices.length === 0;
  $('invoices').replaceChildren(...invoices.map((invoice) => {
    const what = invoice.kind === 'credit_note' ? `Credit note ${invoice.number} on ${invoice.credits}`
      : `Invoice ${invoice.number}`;
    const relay = invoice.delivery.relay ? ` · relay ${invoice.delivery.relay.code} ${invoice.delivery.relay.name}` : '';
    const pdf = h('button', { type: 'button', 'data-invoice': invoice.number, text: 'PDF' });
    pdf.addEventListener('click', () => downloadInvoice(invoice, pdf));
    return h('li', { text: `${what} · shipment ${invoice.shipment} of ${invoice.order_id} · ` +
      `${(invoice.totals.gross_cents / 100).toFixed(2)} incl. VAT${relay} ` }, pdf);
  }));
}

/**
 * Downloads an invoice's PDF.
 * @param {Invoice} invoice
 * @param {HTMLButtonElement} button
 */
async function downloadInvoice(invoice, button) {
  button.disabled = true;
  try {
    const { blob } = await fetchDocument(`${api}/v1/invoices/${encodeURIComponent(invoice.number)}/document`,
      { token, fallback });
    const url = URL.createObjectURL(blob);
    h('a', { href: url, download: `${invoice.number}.pdf` }).click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    say($('invoice-status'), `Invoice ${invoice.number} downloaded.`, 'done');
  } catch (e) {
    say($('invoice-status'), e.message, 'error');
  } finally {
    button.disabled = false;
  }
}

// Opens an order; what the page said about the previous one goes with it, and so do its downloads.
/** @param {string} id */
async function openOrder(id) {
  if (id !== current?.id) {
    for (const kept of downloads.values()) URL.revokeObjectURL(kept.url);
    downloads.clear();
  }
  for (const line of ['status', 'step-status', 'action-status', 'invoice-status']) say($(line), '');
  try {
    const [order, history, timeline, billed] = await Promise.all([call('GET', `/v1/orders/${encodeURIComponent(id)}`),
      call('GET', `/v1/orders/${encodeURIComponent(id)}/events`),
      call('GET', `/v1/orders/${encodeURIComponent(id)}/timeline?lang=en`),
      call('GET', `/v1/orders/${encodeURIComponent(id)}/invoices`)]);
    showOrder(order, history.events);
    showSteps(timeline);
    showInvoices(billed.invoices);
  } catch (e) {
    say($('status'), e.message, 'error');
  }
}

function showFieldsets() {
  const kind = $('action-kind').value;
  for (const set of document.querySelectorAll('#action [data-for]')) {
    set.hidden = !set.dataset.for.split(' ').includes(kind);
  }
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
  me = null;
  resetHandOver();
  returns.signedIn(null);
  say($('status'), 'Checking…');
  try {
    const who = /** @type {Me} */ (await call('GET', '/v1/me'));
    if (who.role === 'shopper') throw Object.assign(new Error('This is a shopper\'s tracking token, not a staff token.'), { code: 'shopper' });
    me = who;
    sessionStorage.setItem('relais-staff-token', token);
    say($('status'), me.role === 'staff' ? `Signed in: staff of site ${me.site} (${me.brand}).`
      : `Signed in with the merchant key of ${me.brand}.`, 'done');
    startHandOver();
    checkRanges();
    returns.signedIn(me);
  } catch (e) {
    ++rangesAsked;  // What was asked with the previous credential is not for this one.
    $('ranges-warning').hidden = true;
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
  returns.orderShown(null);
  $('order').hidden = true;
  say($('status'), 'Searching…');
  try {
    const found = await call('GET', `/v1/orders/search?q=${encodeURIComponent($('q').value.trim())}`);
    $('results').replaceChildren(...found.orders.map((o) => {
      const open = h('button', { type: 'button', text: `${o.id} · ${o.status} · ${o.contact?.email ?? o.customer_id}` });
      // Another site's order found for a return at this store's counter: its return, not the order, opens.
      if (o.for_returns) open.append(' · ', h('span', { lang: 'fr', text: 'Retour au comptoir' }));
      open.addEventListener('click', () => (o.for_returns ? returns.counterFrom(o) : openOrder(o.id)));
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
  if ((action === 'change_relay' || action === 'ship_home') && $('action-shipment').value !== '') {
    body.shipment = Number($('action-shipment').value);
  }
  say($('action-status'), 'Applying…');
  // An order bought at one site and served by another is a parent with one child: the action is the child's.
  // With several children the server names them; the page offers them as links below its message.
  const target = current.children?.length === 1 ? current.children[0].id : current.id;
  try {
    await call('POST', `/v1/orders/${encodeURIComponent(target)}/actions`, body);
    await openOrder(current.id);
    say($('action-status'), 'Done: recorded in the history.', 'done');
    handOverMoved();
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

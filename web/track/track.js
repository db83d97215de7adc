// The shopper's tracking page, opened from the link of an e-mail or SMS (?order=ID&token=T&lang=fr): the
// order's timeline from relais-edge, kept current by polling (every few seconds while the page is visible),
// and the shopper's actions -- answer a question, accept or refuse a substitute, "I'm here", cancel, and once
// delivered return items (track-returns.js: the form, the refund the engine quotes, each return's number, QR
// code and steps). The tracking token is the only credential: it opens this order and nothing else. No inline
// code, no markup from the server: the page runs under the same strict CSP as the widget.
import { apiClient, fetchDocument, fetchJson } from '../common/api.js';
import { byId as $, h } from '../common/dom.js';
import { formatter } from '../common/format.js';
import { addOutlines } from '../common/map.js';
import { t, WORDS } from './track-i18n.js';
import { ReturnForm, returnView, stepLabel } from './track-returns.js';
import { actionsView, codeView, formatDate, pointView, questionView, siteView, stepsView } from './track-view.js';

/** @typedef {import('../common/types.js').Timeline} Timeline */
/** @typedef {import('../common/types.js').TimelineShipment} TimelineShipment */
/** @typedef {import('../common/types.js').RelayPoint} RelayPoint */
/** @typedef {import('../common/types.js').Question} Question */
/** @typedef {import('../common/types.js').Invoice} Invoice */
/** @typedef {import('../common/types.js').ReturnOptions} ReturnOptions */
/** @typedef {import('../common/types.js').ReturnRequest} ReturnRequest */

const POLL_MS = 4000;
const params = new URLSearchParams(location.search);
const api = document.querySelector('meta[name="relais-api"]')?.content ?? '/edge';
const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content || '';
const leafletUrl = meta('relais-leaflet'), baseLayer = meta('relais-base-layer'), tiles = meta('relais-tiles');
const attribution = meta('relais-attribution');
// The relais widget, for the shopper to choose where a backorder goes (its snapshot and place table).
const widgetUrl = meta('relais-widget'), snapshotUrl = meta('relais-snapshot'), placesUrl = meta('relais-places');
// Tiles show the streets around the point; outlines alone (départements) mean something from afar only: the
// map then shows the point among its neighbouring départements instead of a dot on one grey shape.
const ZOOM_WITH_TILES = 12, ZOOM_WITH_OUTLINES = 9;
/** @type {{order: string | null, token: string | null, lang: 'fr' | 'en', timeline: Timeline | null, shown: string,
 *   timer: number, maps: Map<string, HTMLElement>, invoices: Invoice[], choosers: Map<string, HTMLElement>,
 *   returns: ReturnOptions | null, returnsOff: boolean, returnForm: ReturnForm | null,
 *   returnErrors: Map<string, string>}} */
const state = { order: params.get('order'), token: params.get('token'), lang: params.get('lang') === 'en' ? 'en' : 'fr',
  timeline: null, shown: '', timer: 0, maps: new Map(), invoices: [], choosers: new Map(),
  returns: null, returnsOff: false, returnForm: null, returnErrors: new Map() };
const words = () => WORDS[state.lang];
// Every call is about this one order, with its tracking token; never a cached answer (the page polls).
const orderUrl = `${api}/v1/orders/${encodeURIComponent(state.order ?? '')}`;
const call = apiClient({ base: orderUrl, token: () => state.token, cache: 'no-store' });
// Its returns, by their numbers (the same token opens them).
const returnCall = apiClient({ base: `${api}/v1/returns`, token: () => state.token, cache: 'no-store' });

/**
 * The alert line: a load problem clears once the order loads again; an action's refusal stays until the
 * shopper acts again (a poll must not wipe it before it is read).
 * @param {string} text the alert ('' clears it)
 * @param {'load' | 'action'} [kind]
 */
function problem(text, kind = 'load') {
  const p = $('problem');
  p.textContent = text ?? '';
  p.hidden = !text;
  p.dataset.kind = text ? kind : '';
}

/**
 * Says `text` to assistive technology (the live region).
 * @param {string} text
 */
function say(text) {
  $('live').textContent = text;
}

/**
 * The map of a pick-up point, made once per point and moved into each new rendering (Leaflet keeps its
 * state in the element). Optional: without Leaflet, or without a base layer or tiles to draw, no map.
 * @param {RelayPoint} point
 * @returns {Promise<HTMLElement>}
 */
async function mapOf(point) {
  const key = `${point.carrier}/${point.id}`;
  if (state.maps.has(key)) return state.maps.get(key);
  const box = h('div', { className: 'map', role: 'img', 'aria-label': `${t(words(), 'map')} : ${point.name}` });
  state.maps.set(key, box);
  if (!leafletUrl || (!tiles && !baseLayer)) {
    box.hidden = true;
    return box;
  }
  try {
    const L = await import(leafletUrl);
    const map = L.map(box, { zoomControl: false, keyboard: false, dragging: false, scrollWheelZoom: false,
      doubleClickZoom: false, touchZoom: false, boxZoom: false })
      .setView([point.lat, point.lon], tiles ? ZOOM_WITH_TILES : ZOOM_WITH_OUTLINES);
    map.attributionControl.setPrefix(false);
    if (attribution) map.attributionControl.addAttribution(attribution);
    if (tiles) L.tileLayer(tiles, { maxZoom: 19 }).addTo(map);
    L.circleMarker([point.lat, point.lon], { radius: 9, color: '#0b5cad', fillColor: '#0b5cad', fillOpacity: 0.9,
      interactive: false }).addTo(map);
    if (baseLayer) {
      fetchJson(baseLayer).then((geojson) => addOutlines(L, map, geojson))
        .catch(() => { if (!tiles) box.hidden = true; });
    }
    requestAnimationFrame(() => map.invalidateSize());
  } catch {
    box.hidden = true;
  }
  return box;
}

/**
 * When the shipment arrives, or the slot the shopper booked to collect it.
 * @param {TimelineShipment} s
 * @param {import('./track-i18n.js').Words} w
 * @returns {string}
 */
function etaText(s, w) {
  const date = formatDate(s.eta ?? '', state.lang);
  const [start, end] = (s.slot ?? '').split('-');
  return start && end ? t(w, 'slot', { date, start, end }) : t(w, 'eta', { date });
}

/**
 * One shipment: its mode, arrival, steps, parcel, pick-up code, and where to collect it.
 * @param {TimelineShipment} s
 * @param {number} index
 * @param {number} count how many shipments the order has
 * @returns {Promise<HTMLElement>}
 */
async function shipmentView(s, index, count) {
  const w = words();
  const mode = w.modes[s.mode] ?? s.mode_label ?? s.mode;
  const section = h('section', { className: 'shipment', 'aria-labelledby': `s${index}-title` },
    h('h2', { id: `s${index}-title`, text: count > 1 ? `${t(w, 'shipment', { n: index + 1 })} · ${mode}` : mode }),
    s.eta ? h('p', { className: 'eta', text: etaText(s, w) }) : null,
    stepsView(s, w),
    s.parcel ? h('p', { className: 'meta', text: t(w, 'parcel', { carrier: s.parcel.carrier, number: s.parcel.tracking_number }) }) : null,
    s.pickup_code ? codeView(s, w) : null);
  if (s.backorder_of !== undefined) section.append(backorderView(s, w));
  if (s.point) {
    section.append(pointView(s.point, w, state.lang));
    section.append(await mapOf(s.point));
  } else if (s.pickup_site) {
    section.append(siteView(s.pickup_site, w));
  }
  return section;
}

/**
 * A backorder: when its stock is expected, and -- until it is prepared -- where it goes, for the shopper to
 * choose: the same point (unless it no longer fits its new date), another point in the relais widget, or home.
 * @param {TimelineShipment} s
 * @param {import('./track-i18n.js').Words} w
 * @returns {HTMLElement}
 */
function backorderView(s, w) {
  // Waiting for its stock while it may still be sent elsewhere; then just the part that comes apart.
  const box = h('div', { className: 'backorder' }, h('p', { text: s.can_choose
    ? t(w, 'backorder', { date: formatDate(s.available_on ?? '', state.lang) }) : t(w, 'backorderApart') }));
  if (!s.can_choose) return box;
  box.append(h('p', { className: s.relay_check ? 'warning' : 'meta',
    text: s.relay_check ? t(w, 'backorderRefused', { why: s.relay_check.message }) : t(w, 'backorderChoose') }));
  box.append(chooserOf(s));
  return box;
}

/**
 * The widget and the home form of backorder `s`, made once and kept across renderings (the widget keeps its
 * state, the shopper's typing is not lost to a poll).
 * @param {TimelineShipment} s
 * @returns {HTMLElement}
 */
function chooserOf(s) {
  const key = `${s.order}/${s.shipment}`;
  latest.set(key, s);  // The handlers below read the shipment as last rendered (its destination moves).
  if (state.choosers.has(key)) return state.choosers.get(key);
  const w = words();
  const street = h('input', { id: `home-${s.shipment}-street`, autocomplete: 'street-address', required: true });
  const postcode = h('input', { id: `home-${s.shipment}-postcode`, autocomplete: 'postal-code', required: true });
  const city = h('input', { id: `home-${s.shipment}-city`, autocomplete: 'address-level2', required: true });
  const home = h('form', { className: 'home-form' },
    h('label', { for: street.id, text: t(w, 'street') }), street,
    h('label', { for: postcode.id, text: t(w, 'postcode') }), postcode,
    h('label', { for: city.id, text: t(w, 'city') }), city,
    h('button', { type: 'submit', className: 'primary', text: t(w, 'shipHome') }));
  home.addEventListener('submit', (event) => {
    event.preventDefault();
    choose(latest.get(key), { address: { address: [street.value.trim()], postcode: postcode.value.trim(),
      city: city.value.trim(), country: 'FR' } });
  });
  const chooser = h('div', { className: 'chooser' });
  if (widgetUrl && snapshotUrl) {
    const point = s.point ?? null;
    // Around the shipment's point, proposed first unless it no longer fits ('' leaves an attribute out).
    const here = s.destination?.carrier && !s.relay_check ? `${s.destination.carrier}/${s.destination.id}` : '';
    const attributes = Object.entries({ snapshot: snapshotUrl, places: placesUrl, lang: state.lang,
      tiles: tiles || 'none', attribution, kinds: s.mode === 'locker' ? 'locker' : 'shop,post_office',
      'base-layer': baseLayer, lat: point ? String(point.lat) : '', lon: point ? String(point.lon) : '',
      preferred: here, postcode: point?.postcode ?? s.destination?.postcode ?? '', arrival: s.eta ?? '' })
      .filter(([, value]) => value);
    const picker = h('relais-picker', Object.fromEntries(attributes));
    picker.addEventListener('relais-select', (/** @type {CustomEvent} */ event) => {
      const chosen = event.detail.point;
      if (!chosen) {
        home.hidden = false;
        return;
      }
      // The widget proposes the last point first: only a point other than the shipment's is a new choice.
      const now = latest.get(key);
      if (chosen.carrier === now.destination?.carrier && chosen.id === now.destination?.id) return;
      choose(now, { relay: { carrier: chosen.carrier, id: chosen.id } });
    });
    import(widgetUrl).catch(() => { picker.remove(); });
    chooser.append(picker);
  }
  const toHome = h('button', { type: 'button', className: 'secondary', 'data-choose': 'home', text: t(w, 'chooseHome') });
  toHome.addEventListener('click', () => { home.hidden = false; street.focus(); });
  home.hidden = true;
  chooser.append(toHome, home);
  state.choosers.set(key, chooser);
  return chooser;
}

/** @type {Map<string, TimelineShipment>} each backorder as last rendered, by "order/shipment" */
const latest = new Map();

/**
 * Sends where backorder `s` goes; the timeline read again says the new place.
 * @param {TimelineShipment} s
 * @param {{relay?: {carrier: string, id: string}, address?: object}} body
 */
async function choose(s, body) {
  await act(() => call('POST', `/shipments/${s.shipment}/destination`, { ...body, order: s.order }),
    t(words(), 'backorderChosen'));
}

/** @param {Timeline} timeline */
async function render(timeline) {
  const w = words();
  const main = $('main');
  const focused = document.activeElement?.id;
  const parts = [$('problem')];
  // Open questions first (they wait for the shopper), answers given at the end.
  const open = timeline.questions.filter((q) => q.status === 'open');
  const answered = timeline.questions.filter((q) => q.status !== 'open');
  if (open.length) {
    parts.push(h('section', { className: 'questions', 'aria-labelledby': 'questions-title' },
      h('h2', { id: 'questions-title', text: t(w, 'questions') }),
      open.map((q) => questionView(q, w, state.lang, answer))));
  }
  parts.push(actionsView(timeline, w, { onEvent: send, onCancel: cancel }));
  for (let i = 0; i < timeline.shipments.length; i++) {
    parts.push(await shipmentView(timeline.shipments[i], i, timeline.shipments.length));
  }
  if (state.returns) parts.push(...returnsParts(state.returns, w));
  if (state.invoices.length) parts.push(invoicesView(w));
  if (answered.length) {
    parts.push(h('section', { className: 'questions answered', 'aria-labelledby': 'answers-title' },
      h('h2', { id: 'answers-title', text: t(w, 'answers') }),
      answered.map((q) => questionView(q, w, state.lang, answer))));
  }
  parts.push(h('p', { className: 'meta', id: 'updated',
    text: t(w, 'updated', { time: formatter(state.lang, { timeStyle: 'short' }).format(new Date()) }) }));
  main.replaceChildren(...parts.filter(Boolean));
  main.setAttribute('aria-busy', 'false');
  if (focused && $(focused)) $(focused).focus();  // A poll never takes the keyboard's place away.
}

// ---- Returns (track-returns.js draws them) ---------------------------------------------------------------

// The split module of the widget (relais-split.mjs, beside relais-widget.js): its refund() is the engine's, the
// code relais-edge quotes a return with. Loaded when a return is first quoted, once.
/** @type {Promise<any> | null} */
let splitting = null;
function refundEngine() {
  if (!widgetUrl) return Promise.reject(new Error('no widget on this page'));
  splitting ??= import(new URL('relais-split.mjs', new URL(widgetUrl, location.href)).href)
    .then((m) => m.RelaisSplit.load());
  splitting.catch(() => { splitting = null; });  // A failed download is tried again at the next quote.
  return splitting;
}

// The names of the relay points returns were brought to, by "carrier/id", as the widget gave them (the
// server's return names the point by its key only); kept in this browser for the next visit.
const POINT_NAMES_KEY = 'relais-track:return-points';
/** @returns {Record<string, string>} */
function pointNames() {
  try {
    return JSON.parse(localStorage.getItem(POINT_NAMES_KEY) ?? '{}') ?? {};
  } catch {
    return {};  // Storage denied or spoilt: the points are named by their keys.
  }
}
/**
 * @param {string} key "carrier/id"
 * @param {string} name
 */
function rememberPoint(key, name) {
  const names = { ...pointNames(), [key]: name };
  try {
    localStorage.setItem(POINT_NAMES_KEY, JSON.stringify(Object.fromEntries(Object.entries(names).slice(-20))));
  } catch {
    // Storage denied: the point is named by its key on the next visit.
  }
}

/**
 * Where the order was delivered, as far as the timeline says: the relay point's or site's position, else the
 * home postcode (the stores are sorted, and the widget centred, from it).
 * @param {Timeline | null} timeline
 * @returns {{lat?: number, lon?: number, postcode?: string} | null}
 */
function deliveredNear(timeline) {
  for (const s of timeline?.shipments ?? []) {
    if (s.point) return { lat: s.point.lat, lon: s.point.lon, postcode: s.point.postcode };
    const site = /** @type {any} */ (s.pickup_site?.location);
    if (site && Number.isFinite(site.lat)) return { lat: site.lat, lon: site.lon, postcode: site.postcode };
  }
  const postcode = timeline?.shipments.find((s) => s.destination?.postcode)?.destination.postcode;
  return postcode ? { postcode } : null;
}

/**
 * The return form for `options`: the one on the page while the options stay the same (the shopper's choices
 * live in it), else a new one taking over what still holds of them.
 * @param {ReturnOptions} options
 * @returns {ReturnForm}
 */
function returnFormFor(options) {
  const key = ReturnForm.keyOf(options, state.lang);
  if (state.returnForm?.key === key) return state.returnForm;
  const form = new ReturnForm(options, { words: words(), lang: state.lang, near: deliveredNear(state.timeline),
    widget: widgetUrl && snapshotUrl ? { snapshot: snapshotUrl, places: placesUrl, tiles: tiles || 'none', attribution,
      'base-layer': baseLayer } : null,
    loadWidget: () => import(widgetUrl), engine: refundEngine, onSubmit: submitReturn });
  if (state.returnForm) form.carry(state.returnForm);
  state.returnForm = form;
  return form;
}

/**
 * The order's returns (newest first), then the form to return more when something may still be returned.
 * @param {ReturnOptions} options
 * @param {import('./track-i18n.js').Words} w
 * @returns {HTMLElement[]}
 */
function returnsParts(options, w) {
  const parts = [];
  if (options.returns.length) {
    const names = new Map(Object.entries(pointNames()));
    parts.push(h('section', { className: 'returns', 'aria-labelledby': 'your-returns-title' },
      h('h2', { id: 'your-returns-title', text: t(w, 'yourReturns') }),
      [...options.returns].reverse().map((r) => returnView(r, { options, names, words: w, lang: state.lang,
        error: state.returnErrors.get(r.id), onStep: returnStep }))));
  }
  const form = returnFormFor(options);
  if (form.offered) parts.push(form.element);
  return parts;
}

/**
 * Sends the return the form made (POST .../returns with the form's Idempotency-Key: a retry after a lost
 * answer gets the same return), then shows it: the page moves to its number. A refusal goes back to the form.
 * @param {object} body {lines, reason, drop_off}
 * @param {string} key
 */
async function submitReturn(body, key) {
  const made = /** @type {ReturnRequest} */ (await fetchJson(`${orderUrl}/returns`, { method: 'POST', body,
    token: state.token, cache: 'no-store', headers: { 'Idempotency-Key': key } }));
  returnQrs.set(made.id, made.qr ?? []);
  const point = state.returnForm?.point;
  if (point) rememberPoint(`${point.carrier}/${point.id}`, point.name);
  state.returnForm = null;  // A new form for what is left to return.
  state.shown = '';
  await refresh();
  const title = $(`ret-${made.id}-title`);
  title?.scrollIntoView({ block: 'start' });
  title?.focus({ preventScroll: true });
  say(t(words(), 'returnSaved', { id: made.id }));
}

/**
 * A step the shopper reports on return `r` ("dropped_off") or its cancellation; a refusal is said next to the
 * return's buttons.
 * @param {ReturnRequest} r
 * @param {'dropped_off' | 'cancel'} event
 */
async function returnStep(r, event) {
  state.returnErrors.delete(r.id);
  let failure = null;
  try {
    await returnCall('POST', `/${encodeURIComponent(r.id)}/steps`, { event });
  } catch (e) {
    failure = e;
    state.returnErrors.set(r.id, t(words(), 'failed', { why: e.message }));
  }
  state.shown = '';
  await refresh();
  // A refusal is written next to the return's buttons (a card drawn anew: the live region says it too); the
  // keyboard stays where it was.
  if (failure) {
    say(state.returnErrors.get(r.id) ?? '');
    return;
  }
  say(t(words(), event === 'cancel' ? 'returnCancelled' : 'droppedDone'));
  $(`ret-${r.id}-title`)?.focus();
}

/** @type {Map<string, string[]>} the QR codes of the order's returns, by number */
const returnQrs = new Map();

/**
 * What the order may return now, with its returns (GET .../returns): asked once part of the order reached the
 * shopper, then at every refresh -- never when the timeline says the brand takes no returns through relais (and a
 * returns_off answer stops the asking too).
 * @param {Timeline} timeline
 * @returns {Promise<ReturnOptions | null>}
 */
async function returnOptions(timeline) {
  const reached = (s) => s === 'collected' || s === 'delivered';
  if (timeline.returns === false || state.returnsOff ||
      !(state.returns || reached(timeline.status) || timeline.shipments.some((s) => reached(s.step)))) {
    return null;
  }
  try {
    /** @type {ReturnOptions} */
    const options = await call('GET', '/returns');
    // The list leaves out each return's QR code (GET /v1/returns/{id} has it): read once for each return still
    // to be brought back -- a number's QR code never changes.
    await Promise.all(options.returns.filter((r) => ['requested', 'dropped_off', 'in_transit'].includes(r.status) &&
      !returnQrs.has(r.id)).map((r) => returnCall('GET', `/${encodeURIComponent(r.id)}`)
      .then((full) => returnQrs.set(r.id, full.qr ?? []), () => {})));
    for (const r of options.returns) if (returnQrs.has(r.id)) r.qr = returnQrs.get(r.id);
    return options;
  } catch (e) {
    if (e.status === 409 || e.status === 404) {
      state.returnsOff = true;  // returns_off: the page shows no returns.
      return null;
    }
    return state.returns;  // Not now (the network): as they were.
  }
}

/**
 * "Return R...: Refunded" for each return whose step moved since `before`.
 * @param {ReturnOptions | null} before
 * @param {ReturnOptions | null} now
 * @returns {string[]}
 */
function returnsMoved(before, now) {
  if (!before || !now) return [];
  return now.returns.filter((r) => {
    const was = before.returns.find((b) => b.id === r.id);
    return was && was.status !== r.status;
  }).map((r) => {
    const current = (r.timeline ?? []).find((e) => e.state === 'current');
    return t(words(), 'returnMoved', { id: r.id, step: current ? stepLabel(current, state.lang) : r.status });
  });
}

/**
 * The order's invoices (one per shipment that left), each a button that downloads its PDF.
 * @param {import('./track-i18n.js').Words} w
 * @returns {HTMLElement}
 */
function invoicesView(w) {
  const money = formatter(state.lang, { style: 'currency', currency: 'EUR' }, 'number');
  return h('section', { className: 'invoices', 'aria-labelledby': 'invoices-title' },
    h('h2', { id: 'invoices-title', text: t(w, 'invoices') }),
    h('ul', {}, state.invoices.map((invoice) => {
      const button = h('button', { type: 'button', 'data-invoice': invoice.number,
        text: t(w, invoice.kind === 'credit_note' ? 'creditNote' : 'invoice',
          { number: invoice.number, total: money.format(invoice.totals.gross_cents / 100) }) });
      button.addEventListener('click', () => downloadInvoice(invoice, button));
      return h('li', {}, button);
    })));
}

/**
 * Downloads an invoice's PDF with the tracking token (a plain link could not carry it).
 * @param {Invoice} invoice
 * @param {HTMLButtonElement} button
 */
async function downloadInvoice(invoice, button) {
  button.disabled = true;
  try {
    const { blob } = await fetchDocument(`${api}/v1/orders/${encodeURIComponent(state.order ?? '')}/invoices/` +
      `${encodeURIComponent(invoice.number)}/document`, { token: state.token, cache: 'no-store' });
    const url = URL.createObjectURL(blob);
    h('a', { href: url, download: `${invoice.number}.pdf` }).click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (e) {
    problem(t(words(), 'failed', { why: e.message }), 'action');
  } finally {
    button.disabled = false;
  }
}

// Reads the timeline; renders when it changed (so that a poll does not disturb a half-filled answer).
async function refresh() {
  try {
    const timeline = await call('GET', `/timeline?lang=${state.lang}`);
    const returns = await returnOptions(timeline);
    if ($('problem').dataset.kind === 'load') problem('');
    const text = JSON.stringify([timeline, returns]);
    if (text === state.shown) return;
    const before = state.timeline, returnsBefore = state.returns;
    state.timeline = timeline;
    state.returns = returns;
    state.shown = text;
    // A shipment that left brought its invoice, a refunded return its credit note: the list is read again
    // when the timeline or the returns moved.
    state.invoices = (await call('GET', '/invoices').catch(() => ({ invoices: state.invoices }))).invoices;
    await render(timeline);
    const current = (s) => s.steps.find((e) => e.status === 'current')?.label;
    const news = returnsMoved(returnsBefore, returns);
    if (before && timeline.shipments.some((s, i) => current(s) !== current(before.shipments[i] ?? s))) {
      news.unshift(timeline.shipments.map(current).filter(Boolean).join(' · '));
    }
    if (news.length) say(news.join(' · '));
  } catch (e) {
    problem(e.status === 404 || e.status === 401 ? t(words(), 'notFound') : t(words(), 'cannotLoad', { why: e.message }));
    $('main').setAttribute('aria-busy', 'false');
    $('loading')?.remove();
  }
}

/**
 * Runs the shopper's action `work`, reloads the timeline, then says `done` or why it failed.
 * @param {() => Promise<unknown>} work
 * @param {string} done
 */
async function act(work, done) {
  problem('');
  let failure = null;
  try {
    await work();
  } catch (e) {
    failure = e;
  }
  await refresh();
  if (failure) problem(t(words(), 'failed', { why: failure.message }), 'action');
  else say(done);
}

/**
 * @param {Question} question
 * @param {object} body {accept, sku} / {choice} / {text}
 */
function answer(question, body) {
  return act(() => call('POST', `/questions/${encodeURIComponent(question.id)}/answer`, body), t(words(), 'sent'));
}

/**
 * @param {TimelineShipment} shipment
 * @param {string} event one of its shopper_events
 */
function send(shipment, event) {
  return act(() => call('POST', '/events', { event, order: shipment.order, shipment: shipment.shipment }),
    event === 'arrived' ? t(words(), 'arrivedDone') : event);
}

function cancel() {
  return act(() => call('POST', '/cancel', {}), t(words(), 'cancelled'));
}

function poll() {
  clearTimeout(state.timer);
  if (document.visibilityState !== 'visible') return;
  state.timer = setTimeout(async () => {
    await refresh();
    poll();
  }, POLL_MS);
}

function applyLanguage() {
  const w = words();
  document.documentElement.lang = state.lang;
  document.title = t(w, 'title');
  $('title').textContent = t(w, 'title');
  $('order-line').textContent = state.order ? t(w, 'order', { id: state.order }) : '';
  const other = state.lang === 'fr' ? 'en' : 'fr';
  const link = $('lang-switch');
  link.textContent = w.lang;
  link.lang = link.hreflang = other;
  const url = new URL(location.href);
  url.searchParams.set('lang', other);
  link.href = url.pathname + url.search;
}

async function start() {
  applyLanguage();
  $('lang-switch').addEventListener('click', async (e) => {
    e.preventDefault();
    state.lang = state.lang === 'fr' ? 'en' : 'fr';
    const url = new URL(location.href);
    url.searchParams.set('lang', state.lang);
    history.replaceState(null, '', url);
    applyLanguage();
    state.shown = '';
    await refresh();
  });
  if (!state.order || !state.token) {
    problem(t(words(), 'badLink'));
    $('loading').remove();
    $('main').setAttribute('aria-busy', 'false');
    return;
  }
  $('loading').textContent = t(words(), 'loading');
  await refresh();
  document.addEventListener('visibilitychange', () => (document.visibilityState === 'visible' ? refresh().then(poll) : poll()));
  poll();
}

start();

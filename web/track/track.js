// The shopper's tracking page, opened from the link of an e-mail or SMS (?order=ID&token=T&lang=fr): the
// order's timeline from relais-edge, kept current by polling (every few seconds while the page is visible),
// and the shopper's actions -- answer a question, accept or refuse a substitute, "I'm here", cancel. The
// tracking token is the only credential: it opens this order and nothing else. No inline code, no markup
// from the server: the page runs under the same strict CSP as the widget.
import { apiClient, fetchDocument, fetchJson } from '../common/api.js';
import { byId as $, h } from '../common/dom.js';
import { formatter } from '../common/format.js';
import { addOutlines } from '../common/map.js';
import { t, WORDS } from './track-i18n.js';
import { actionsView, codeView, formatDate, pointView, questionView, siteView, stepsView } from './track-view.js';

/** @typedef {import('../common/types.js').Timeline} Timeline */
/** @typedef {import('../common/types.js').TimelineShipment} TimelineShipment */
/** @typedef {import('../common/types.js').RelayPoint} RelayPoint */
/** @typedef {import('../common/types.js').Question} Question */
/** @typedef {import('../common/types.js').Invoice} Invoice */

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
 *   timer: number, maps: Map<string, HTMLElement>, invoices: Invoice[], choosers: Map<string, HTMLElement>}} */
const state = { order: params.get('order'), token: params.get('token'), lang: params.get('lang') === 'en' ? 'en' : 'fr',
  timeline: null, shown: '', timer: 0, maps: new Map(), invoices: [], choosers: new Map() };
const words = () => WORDS[state.lang];
// Every call is about this one order, with its tracking token; never a cached answer (the page polls).
const call = apiClient({ base: `${api}/v1/orders/${encodeURIComponent(state.order ?? '')}`, token: () => state.token,
  cache: 'no-store' });

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
    if ($('problem').dataset.kind === 'load') problem('');
    const text = JSON.stringify(timeline);
    if (text === state.shown) return;
    const before = state.timeline;
    state.timeline = timeline;
    state.shown = text;
    // A shipment that left brought its invoice: the list is read again when the timeline moved.
    state.invoices = (await call('GET', '/invoices').catch(() => ({ invoices: state.invoices }))).invoices;
    await render(timeline);
    const current = (s) => s.steps.find((e) => e.status === 'current')?.label;
    if (before && timeline.shipments.some((s, i) => current(s) !== current(before.shipments[i] ?? s))) {
      say(timeline.shipments.map(current).filter(Boolean).join(' · '));
    }
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

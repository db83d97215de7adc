// <relais-picker>: the storefront widget. One script tag, then
//
//   <relais-picker snapshot="/relais/points.relais" places="/relais/places.rlpt" lang="fr" weight-g="1200"
//                  kinds="shop,locker" postcode="75004" name="relais_point" required></relais-picker>
//
// or RelaisPicker.mount(element, options) from a script. `carriers` (slugs), `kinds` and `services` (comma
// lists) narrow what is listed and mapped: with services="returns" a point must offer every service named (the
// engine's names: accessible, parking, card, returns, cod, refrigerated, late, sunday; a name it does not know
// lets no point through, as an unknown carrier does) -- a shop's returns drop-off lists only the points taking
// return parcels. The engine (relais.mjs + relais.wasm, next to this file) runs in the shopper's browser:
// nearest points, filters, clusters, opening hours and the basket's split all come from it; this file only
// draws. Everything lives in a shadow root (the host page's styles do not leak in, ours do not leak out);
// theming goes through CSS custom properties (relais-widget.css). Under a strict CSP (script-src 'self'
// 'wasm-unsafe-eval'; style-src 'self') it works as is: no inline script or style, no eval, untrusted names
// always written as text.
//
// Events (bubbling, composed): relais-ready { points, datasetDate }, relais-select { point, plan } or
// { mode: 'home', plan } (the fallback) -- sent at each choice and again when the choice's plan changes (the
// basket's split module arrived, a line's mode changed): the last one holds --, relais-error { code, message }. A hidden <input name=...> in the light DOM
// carries "carrier/id" (or "home") so a plain form post keeps the choice; with the `required` attribute the
// element is a form-associated custom element that stays invalid (the form is not sent) until a choice is made
// (a hidden input alone cannot be required: browsers leave it out of validation).
//
// The remembered point -- the merchant's `preferred` one, else the last point chosen in this browser
// (localStorage) -- is listed first and, when it still fits (active, and let through by the kinds, carriers,
// weight and filters the list applies), it is the choice until the shopper makes another: the hidden input
// carries it, the form is valid, the footer names it and relais-select announces it, all without a click. A
// remembered point that no longer fits chooses nothing. Only the shopper's own choices are remembered.
// "Deliver to my address" clears the highlighted point: the footer then says home delivery.
//
// Without `tiles`, the map downloads nothing from elsewhere: its base layer is IGN's outline of France
// (france.geojson, next to this file), so the widget works under a CSP whose img-src is 'self'.
import { Relais } from './relais.mjs';
import { h } from '../common/dom.js';
import { formatDay } from '../common/format.js';
import { boxDistanceM, openSnapshot } from './snapshot-tiles.js';
import { t, wordsFor } from './picker-i18n.js';
import { nextWeekday, townName } from './picker-format.js';
import { pointRow } from './picker-view.js';

/** @typedef {import('./relais-widget.js').RelayPoint} RelayPoint */
/** @typedef {import('./relais-widget.js').SplitPlan} SplitPlan */

const KINDS = ['shop', 'locker', 'post_office', 'store'];
const SERVICES = ['accessible', 'parking', 'card', 'returns', 'cod', 'refrigerated', 'late', 'sunday'];
const LAST_POINT_KEY = 'relais-picker:last-point';
const LAST_POINT_AT = 'relais-picker:last-point-at';  // {"lat","lon"} of that point: where its tile is.
const OSM_ATTRIBUTION = '© OpenStreetMap contributors';
const RELAY_MODES = new Set(['relay', 'locker']);
// A tile pack's whole snapshot is fetched after the first list, when the browser is idle, for the map's context
// points, up to this size; above it (a national multi-carrier file), the map shows the list's points only.
const WHOLE_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * "carrier/id": how a point is posted, remembered and compared.
 * @param {RelayPoint} p
 * @returns {string}
 */
function pointKey(p) {
  return `${p.carrier}/${p.id}`;
}

// One module and one download per URL for every picker of the page.
/** @type {Map<string, Promise<any>>} */
const shared = new Map();
/**
 * @template T
 * @param {string} key
 * @param {() => Promise<T>} load
 * @returns {Promise<T>}
 */
function once(key, load) {
  if (!shared.has(key)) shared.set(key, load().catch((e) => { shared.delete(key); throw e; }));
  return shared.get(key);
}

/**
 * The engine's module and the pack (or snapshot) at `url`, each requested once per page.
 * @param {string | null} url
 */
function engineAndPack(url) {
  const module = once('module', () => Relais.createModule());
  module.catch(() => {});  // Whoever awaits it reports the failure.
  const opened = url ? once(`snapshot:${url}`, () => openSnapshot(url, { Relais, module })) : null;
  opened?.catch(() => {});
  return { module, opened };
}

/**
 * "shop, locker" -> ['shop', 'locker']; null when the attribute is absent or empty.
 * @param {string | null} value
 * @returns {string[] | null}
 */
function listAttribute(value) {
  return value ? value.split(',').map((s) => s.trim()).filter(Boolean) : null;
}

let serial = 0;

export class RelaisPicker extends HTMLElement {
  static get observedAttributes() {
    return ['lang', 'weight-g', 'kinds', 'carriers', 'services', 'arrival', 'max-km', 'required'];
  }

  static formAssociated = true;

  /**
   * Creates a <relais-picker> in `container` with `options` (attribute names in camelCase, plus the
   * properties availability and geocode) and returns it.
   * @param {Element} container
   * @param {Record<string, unknown>} [options]
   * @returns {RelaisPicker}
   */
  static mount(container, options = {}) {
    const picker = /** @type {RelaisPicker} */ (h('relais-picker'));
    for (const [key, value] of Object.entries(options)) {
      if (key === 'availability' || key === 'geocode') picker[key] = value;
      else if (value !== undefined && value !== null && value !== false) {
        picker.setAttribute(key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), Array.isArray(value) ? value.join(',') : value === true ? '' : String(value));
      }
    }
    container.append(picker);
    return picker;
  }

  constructor() {
    super();
    this._id = `relais-${++serial}`;
    this._internals = this.attachInternals();
    this._root = this.attachShadow({ mode: 'open' });
    this._points = [];      // The list, as engine objects.
    this._selected = -1;    // Index in _points of the highlighted point (radio checked), -1 for none.
    this._chosen = null;    // The point the hidden input carries (null: none, or home).
    this._centre = null;    // { lat, lon, label } of the last search.
    this._plan = null;
    this._lineModes = {};
    this._whole = null;     // The whole snapshot (map, searches anywhere): at once, or after a tile pack's list.
    this._tiles = null;     // The tile pack, when the snapshot is one.
    this._mapSerial = 0;
    this._searchSerial = 0;
    /** A merchant hook: async (text) => ({ lat, lon, label }) | null, for addresses the place table lacks. */
    this.geocode = null;
  }

  /**
   * The split input from GET /v1/availability: with it the picker shows the basket's plan per point.
   * @param {object | null} input
   */
  set availability(input) {
    this._availability = input || null;
    this._splitter?.close();
    this._splitter = null;
    if (this._relais && input) this._openSplitter();
    this._renderPlan();
    this._renderFilters();
  }

  /** @returns {object | null} */
  get availability() {
    return this._availability || null;
  }

  /**
   * The chosen point (engine object) or null.
   * @returns {RelayPoint | null}
   */
  get value() {
    return this._chosen || null;
  }

  // A form control's validation API, as <input> has it (with `required`, invalid until a choice is made).
  /** @returns {ValidityState} */
  get validity() {
    return this._internals.validity;
  }

  /** @returns {string} */
  get validationMessage() {
    return this._internals.validationMessage;
  }

  /** @returns {boolean} */
  get willValidate() {
    return this._internals.willValidate;
  }

  /** @returns {HTMLFormElement | null} */
  get form() {
    return this._internals.form;
  }

  /** @returns {boolean} */
  checkValidity() {
    return this._internals.checkValidity();
  }

  /** @returns {boolean} */
  reportValidity() {
    return this._internals.reportValidity();
  }

  connectedCallback() {
    if (this._started) return;
    this._started = true;
    ({ lang: this._lang, words: this._words } = wordsFor(this.getAttribute('lang') || document.documentElement.lang));
    this._input = this.querySelector('input[type=hidden]') || h('input', { type: 'hidden' });
    this._input.name = this.getAttribute('name') || 'relais_point';
    if (!this._input.isConnected) this.append(this._input);
    // The engine and the pack's header are asked for before the element builds itself (tens of ms of a
    // phone's CPU): the network works meanwhile, for the first visit and for a returning one alike.
    engineAndPack(this.getAttribute('snapshot'));
    this._build();
    this._validate();
    this._start();
  }

  // With `required`, the form is not sent while the hidden input is empty: the browser then points at the
  // choose button with this message.
  _validate() {
    if (!this.hasAttribute('required') || this._input.value) this._internals.setValidity({});
    else this._internals.setValidity({ valueMissing: true }, t(this._words, 'required'), this._els.query);
  }

  attributeChangedCallback(name, before, after) {
    if (!this._started || before === after) return;
    if (name === 'lang') {
      ({ lang: this._lang, words: this._words } = wordsFor(after));
      this._build();
      this._styled.then(() => this._startMap());
      this._renderResults(false);
      this._renderChoice();
      this._renderPlan();
      this._validate();
      return;
    }
    if (name === 'required') return this._validate();
    this._renderFilters();
    this._research();
  }

  // ---- Structure ------------------------------------------------------------------------------------

  _build() {
    const w = this._words, id = this._id;
    const base = new URL('.', import.meta.url);
    const link = (file) => h('link', { rel: 'stylesheet', href: new URL(file, base).href });
    this._els = {};
    const e = this._els;
    e.query = h('input', { id: `${id}-q`, type: 'search', name: 'q', autocomplete: 'off', enterkeyhint: 'search',
      placeholder: t(w, 'searchPlaceholder') });
    e.locate = h('button', { type: 'button', className: 'secondary locate', text: t(w, 'locate') });
    e.form = h('form', { className: 'search', role: 'search' },
      h('label', { for: `${id}-q`, text: t(w, 'searchLabel') }),
      h('div', { className: 'search-row' }, e.query, h('button', { type: 'submit', text: t(w, 'searchButton') }), e.locate));
    e.suggestions = h('div', { className: 'suggestions', hidden: true });
    e.filterBody = h('div', { className: 'filter-body' });
    e.filters = h('details', { className: 'filters' }, h('summary', { text: t(w, 'filters') }), e.filterBody);
    e.status = h('p', { className: 'status', role: 'status', 'aria-live': 'polite' });
    e.list = h('ul', { className: 'list', 'aria-label': t(w, 'listLabel') });
    e.listGroup = h('div', { role: 'radiogroup', 'aria-label': t(w, 'listLabel'), className: 'list-group' }, e.list);
    e.map = h('div', { className: 'map' });
    e.plan = h('section', { className: 'plan', hidden: true, 'aria-label': t(w, 'plan') });
    e.choice = h('p', { className: 'choice', 'aria-live': 'polite', text: t(w, 'nothingSelected') });
    e.select = h('button', { type: 'button', className: 'select', disabled: true, text: t(w, 'select') });
    e.home = h('button', { type: 'button', className: 'secondary home', text: t(w, 'homeFallback') });
    e.attribution = h('p', { className: 'attribution', text: t(w, 'attributionPlaces') });
    const picker = h('div', { className: 'picker', lang: this._lang },
      h('header', {}, h('p', { className: 'title', text: t(w, 'title') }), e.form, e.suggestions, e.filters),
      h('div', { className: 'body' }, h('div', { className: 'list-pane' }, e.status, e.listGroup, e.plan, e.attribution), e.map),
      h('footer', {}, e.choice, h('div', { className: 'actions' }, e.home, e.select)));
    const sheets = [link('relais-widget.css')];  // leaflet.css comes with the map, after the list.
    // Leaflet measures its container when it starts: only once the styles apply.
    this._styled = Promise.all(sheets.map((sheet) => new Promise((resolve) => {
      sheet.addEventListener('load', resolve);
      sheet.addEventListener('error', resolve);
    })));
    this._root.replaceChildren(...sheets, picker);

    e.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this._search(e.query.value);
    });
    e.locate.addEventListener('click', () => this._locate());
    e.select.addEventListener('click', () => this._choose());
    e.home.addEventListener('click', () => this._chooseHome());
    e.list.addEventListener('change', (event) => {
      if (event.target.matches('input[type=radio]')) this._highlight(Number(event.target.value), 'list');
    });
    e.plan.addEventListener('change', (event) => {
      if (!event.target.matches('select[data-sku]')) return;
      this._lineModes[event.target.dataset.sku] = event.target.value || null;
      this._renderPlan(true);
      this._announce();  // The choice's plan changed with the line's mode.
    });
    this._renderFilters();
  }

  _renderFilters() {
    const w = this._words, e = this._els;
    if (!e) return;
    const allowedKinds = listAttribute(this.getAttribute('kinds')) || KINDS;
    const checked = this._filterState || { kinds: new Set(allowedKinds) };
    const box = (name, label, on, value) => {
      const input = h('input', { type: 'checkbox', name, value: value || 'on', checked: on });
      return h('label', { className: 'check' }, input, h('span', { text: label }));
    };
    const kinds = h('fieldset', {}, h('legend', { text: t(w, 'kinds') }),
      allowedKinds.filter((k) => KINDS.includes(k)).map((k) => box('kind', t(w, `kind_${k}`), checked.kinds.has(k), k)));
    const carriers = this._availableCarriers();
    const select = h('select', { name: 'carrier', id: `${this._id}-carrier` },
      h('option', { value: '', text: t(w, 'allCarriers') }),
      carriers.map((c) => h('option', { value: c, text: c, selected: checked.carrier === c })));
    const arrival = this._arrivalDate();
    const options = h('fieldset', {}, h('legend', { className: 'visually-hidden', text: t(w, 'filters') }),
      arrival ? box('arrival', t(w, 'openOnArrival', { date: this._day(arrival) }), !!checked.arrival) : null,
      box('saturday', t(w, 'openSaturday'), !!checked.saturday),
      box('sunday', t(w, 'openSunday'), !!checked.sunday),
      box('late', t(w, 'openLate'), !!checked.late),
      box('accessible', t(w, 'accessible'), !!checked.accessible),
      h('p', { className: 'hint', text: t(w, 'daysNeedHours') }));
    e.filterBody.replaceChildren(kinds,
      h('div', { className: 'carrier' }, h('label', { for: `${this._id}-carrier`, text: t(w, 'carrier') }), select), options);
    e.filterBody.onchange = () => {
      const form = e.filterBody;
      this._filterState = {
        kinds: new Set([...form.querySelectorAll('input[name=kind]:checked')].map((i) => i.value)),
        carrier: form.querySelector('select[name=carrier]').value,
        arrival: form.querySelector('input[name=arrival]')?.checked,
        saturday: form.querySelector('input[name=saturday]').checked,
        sunday: form.querySelector('input[name=sunday]').checked,
        late: form.querySelector('input[name=late]').checked,
        accessible: form.querySelector('input[name=accessible]').checked,
      };
      this._research();
    };
  }

  _availableCarriers() {
    const allowed = listAttribute(this.getAttribute('carriers'));
    const present = this._relais ? this._relais.carriers : [];
    return allowed ? present.filter((c) => allowed.includes(c)) : present;
  }

  // "Thu 3 Dec" from "2026-12-03", in the picker's language.
  _day(iso) {
    return formatDay(iso, this._lang, { weekday: 'short', day: 'numeric', month: 'short' });
  }

  // ---- Loading --------------------------------------------------------------------------------------

  async _start() {
    // The engine and the snapshot's first bytes download while the styles load: the first list waits for the
    // slowest of them, not for their sum. Leaflet and the map come after the list.
    const snapshotUrl = this.getAttribute('snapshot');
    const { module, opened } = engineAndPack(snapshotUrl);
    // A tile pack's tiles around the first position are fetched as soon as its header is in, while the engine
    // and the styles still download.
    opened?.then(({ tiles }) => tiles && this._prefetch(tiles)).catch(() => {});
    await this._styled;
    let tiles = null;
    try {
      if (!opened) throw Object.assign(new Error('no snapshot attribute'), { code: 'RELAIS_NO_SNAPSHOT' });
      // A tile pack read by ranges (tiles), or the whole file (a plain snapshot, or a server ignoring Range),
      // whose body goes straight into the engine's memory as it arrives.
      const snapshot = await opened;
      tiles = snapshot.tiles || null;
      this._tiles = tiles;  // Kept for its postcodes once the whole snapshot replaces it.
      this._whole = snapshot.whole || null;
      this._relais = this._whole || tiles;
      performance.mark('relais:snapshot-opened');
    } catch (error) {
      this._fail(error);
      return;
    }
    this._renderFilters();
    if (this._availability) this._openSplitter();
    this.dispatchEvent(new CustomEvent('relais-ready', { bubbles: true, composed: true,
      detail: { points: this._relais.size, datasetDate: this._relais.datasetDate, cached: Boolean(tiles?.cachedAt) } }));
    await this._initialSearch();
    this._registerWorker();
    if (tiles) this._renderFilters();  // The carriers of the tiles read.
    this._startMap();
    if (!tiles) return;
    // A returning shopper's list came from this browser's copy: is the host's pack still that one?
    const current = tiles.cachedAt ? await this._revalidate(tiles) : tiles;
    if (current) this._loadWhole(current);
  }

  // Asks the host whether the cached pack is still current. A newer one replaces it (only its changed tiles
  // travel) and the list is made again from it; no answer keeps the copy and says how old its points are.
  // Returns the pack to go on with.
  async _revalidate(tiles) {
    const answer = await tiles.revalidate();
    if (this._relais !== tiles) return null;
    if (answer.offline) {
      this._dataNote = t(this._words, 'offlineData', { date: this._day(tiles.datasetDate) });
      this._research();
      return tiles;
    }
    if (!answer.tiles) return tiles;
    shared.set(`snapshot:${this.getAttribute('snapshot')}`, Promise.resolve({ tiles: answer.tiles }));
    this._relais = this._tiles = answer.tiles;
    this._research();
    this._renderFilters();
    return answer.tiles;
  }

  // The merchant's optional service worker (web/widget/relais-sw.js, served from its origin): the widget's code
  // from this browser's copy on the next visits, and offline. Registered after the list, once per page.
  _registerWorker() {
    const url = this.getAttribute('service-worker');
    if (!url || !navigator.serviceWorker) return;
    const widget = new URL('.', import.meta.url).href;
    // The base layer, when on this origin, is kept for offline maps too.
    const base = this.getAttribute('base-layer');
    const baseUrl = base && new URL(base, document.baseURI);
    const keep = baseUrl && baseUrl.origin === location.origin ? `&base=${encodeURIComponent(baseUrl.href)}` : '';
    once(`worker:${url}`, () => navigator.serviceWorker.register(`${url}${url.includes('?') ? '&' : '?'}widget=${encodeURIComponent(widget)}${keep}`))
      .catch(() => {});  // Refused (another origin, private mode): the widget works as on a first visit.
  }

  // Starts reading the tiles of the first list: at the page's position (lat and lon, or its postcode's centre
  // from the pack), else at the remembered point's.
  _prefetch(tiles) {
    const { key, at } = this._remembered();
    const page = this.hasAttribute('lat') && this.hasAttribute('lon') ? { lat: Number(this.getAttribute('lat')), lon: Number(this.getAttribute('lon')) } : null;
    const postcode = this.getAttribute('postcode');
    const where = page ? Promise.resolve(page) : postcode ? tiles.postcode(postcode)
      : Promise.resolve(key && Number.isFinite(at.lat) && Number.isFinite(at.lon) ? at : null);
    const { filters, dates, maxKm, k } = this._query();
    where.then((p) => p && Number.isFinite(p.lat) && Number.isFinite(p.lon)
      && tiles.prepare({ lat: p.lat, lon: p.lon, k: dates.length > 1 ? k * 4 : k, maxKm, ...filters, openOn: dates[0] }))
      .catch(() => {});  // The list's own search reads what is missing, and says what failed.
  }

  // The whole snapshot of a tile pack, when the browser is idle: the map's context points, and searches
  // anywhere without a request. The list's points are swapped for the same points of the whole snapshot.
  _loadWhole(tiles) {
    if (tiles.snapshotSize > WHOLE_LIMIT_BYTES) return;
    const idle = globalThis.requestIdleCallback || ((f) => setTimeout(f, 200));
    idle(() => once(`whole:${tiles.checksum}`, () => tiles.whole()).then((whole) => {
      if (this._relais !== tiles) return;
      const same = (p) => p && Object.assign(whole.get(p.carrier, p.id) || p, p.distanceM === undefined ? {} : { distanceM: p.distanceM });
      this._points = this._points.map(same);
      if (this._chosen) this._chosen = same(this._chosen);
      this._whole = whole;
      this._relais = whole;
      this._map?.setSnapshot(whole);
      this._map?.setFilter(this._acceptor());
      this._renderFilters();
      if (this._availability) this._openSplitter();
      performance.mark('relais:whole-snapshot');
    }).catch((error) => {
      // The list works from the tiles and the map shows the list's points.
      if (this._relais === tiles) this._report(error, "the map's points could not be loaded");
    }));
  }

  // A part of the picker that failed while the rest works: said to the page (relais-error without fallback).
  _report(error, what) {
    this.dispatchEvent(new CustomEvent('relais-error', { bubbles: true, composed: true,
      detail: { code: error.code || 'RELAIS_FETCH', message: `relais: ${what}: ${error.message}` } }));
  }

  async _startMap() {
    if (!this._els || this._failed) return;
    const serial = ++this._mapSerial;
    // Leaflet (and the map module) load only now: the list never waits for them.
    let PickerMap;
    try {
      ({ PickerMap } = await once('map', () => import('./picker-map.js')));
    } catch {
      return;  // No map: the list and the search still work.
    }
    if (serial !== this._mapSerial || this._failed) return;
    if (!this._root.querySelector('link[data-leaflet]')) {
      // Leaflet's sheet, then the map's own (markers, clusters: they override Leaflet's), before the widget's.
      const sheet = (file) => h('link', { rel: 'stylesheet', href: new URL(file, import.meta.url).href, 'data-leaflet': true });
      this._root.prepend(sheet('leaflet.css'), sheet('picker-map.css'));
    }
    this._map?.destroy();
    this._resizing?.disconnect();
    // No tiles unless the merchant names them (and lets their host in the CSP's img-src): IGN's outline of
    // France, next to this file, is the default base layer.
    const tiles = this.getAttribute('tiles') || 'none';
    const baseUrl = this.getAttribute('base-layer') || (tiles === 'none' ? new URL('france.geojson', import.meta.url).href : null);
    const attribution = this.getAttribute('attribution') ?? (tiles !== 'none' ? (tiles.includes('openstreetmap.org') ? OSM_ATTRIBUTION : '')
      : this.hasAttribute('base-layer') ? '' : t(this._words, 'attributionBase'));
    this._map = new PickerMap(this._els.map, {
      tiles,
      attribution,
      label: t(this._words, 'mapLabel'),
      clusterLabel: (n) => (n ? t(this._words, 'cluster', { n }) : t(this._words, 'zoomIn')),
      onResult: (i) => this._highlight(i, 'map'),
      onPoint: (pointIndex) => {
        const p = this._whole.point(pointIndex);
        this._searchAt(p.lat, p.lon, p.name, { first: p, select: true, fit: false });
      },
    });
    if (this._whole) {
      this._map.setSnapshot(this._whole);
      this._map.setFilter(this._acceptor());
    }
    if (this._points.length) this._map.setResults(this._points, this._selected);  // A new map (language).
    // The container changes size with the page (phone rotation, a checkout step opening): Leaflet must know.
    this._resizing = new ResizeObserver(() => this._map.resize());
    this._resizing.observe(this._els.map);
    if (baseUrl) {
      // A file, not an API call: a plain fetch (web/common/api.js's error handling would only add bytes here).
      once(`base:${baseUrl}`, async () => (await fetch(baseUrl)).json())
        .then((geojson) => this._map.addBaseLayer(geojson))
        .catch(() => {});  // The base layer is decoration: the list and the markers work without it.
    }
  }

  // Where `postcode` is, from the tile pack's postcode pages, or null. A page that cannot be read is said
  // (relais-error), and the place table, when there is one, answers instead.
  // `undefined` when the page could not be read (offline, or damaged), null when there is no such postcode.
  _postcode(postcode) {
    return this._tiles.postcode(postcode).catch((error) => {
      this._report(error, 'the postcode could not be read from the pack');
      return undefined;
    });
  }

  async _places() {
    const url = this.getAttribute('places');
    if (!url) return null;
    const module = await once('module', () => Relais.createModule());
    return once(`places:${url}`, async () => Relais.places(await fetch(url), { module }));
  }

  _fail(error) {
    this._failed = true;
    const e = this._els;
    e.status.textContent = t(this._words, 'unavailable');
    e.status.classList.add('error');
    e.list.replaceChildren();
    e.map.hidden = true;
    e.form.hidden = true;
    e.filters.hidden = true;
    e.select.hidden = true;
    e.choice.textContent = '';
    e.home.classList.remove('secondary');
    this.dispatchEvent(new CustomEvent('relais-error', { bubbles: true, composed: true,
      detail: { code: error.code || 'RELAIS_ERROR', message: error.message, fallback: 'home' } }));
  }

  // ---- Searching ------------------------------------------------------------------------------------

  async _initialSearch() {
    const last = await this._lastPoint();
    // Where the page says the shopper is: lat and lon, or its postcode when a tile pack says where that is (one
    // small range; a plain snapshot would need the whole place table first, so there the remembered point wins).
    const lat = Number(this.getAttribute('lat')), lon = Number(this.getAttribute('lon'));
    const postcode = this.getAttribute('postcode');
    let page = this.hasAttribute('lat') && Number.isFinite(lat) && Number.isFinite(lon) ? { lat, lon, label: '' } : null;
    if (!page && postcode && this._tiles) {
      const found = await this._postcode(postcode);
      if (found) {
        page = { lat: found.lat, lon: found.lon, label: `${found.postcode} ${townName(found.town)}` };
        this._els.query.value = postcode;
      }
    }
    // The remembered point is proposed, and is the choice, only within the list's reach of that place: a point
    // chosen 400 km away for another address is not posted for this one.
    const reach = this._query().maxKm * 1000;
    if (last && (!page || boxDistanceM(page.lat, page.lon, last.lat, last.lon, last.lat, last.lon) <= reach)) {
      if (page) await this._searchAt(page.lat, page.lon, page.label, { first: last });
      else await this._searchAt(last.lat, last.lon, last.name, { first: last });
      // Highlighted only when it passed the list's filters: then it is the choice, posted without a click.
      const proposed = this._points[this._selected];
      if (proposed && pointKey(proposed) === pointKey(last)) this._commit(proposed);
      return;
    }
    if (page) return this._searchAt(page.lat, page.lon, page.label);
    if (postcode) {
      this._els.query.value = postcode;
      return this._search(postcode);
    }
    this._els.status.textContent = t(this._words, 'nothingSelected');
  }

  // The point to propose first: the merchant's (attribute preferred="carrier/id", e.g. from edge's customer
  // preferences when the shopper is logged in), else this browser's last choice. Only if still active.
  // The remembered point's "carrier/id" (or null) and the position it was chosen at ({} when unknown).
  _remembered() {
    const key = this.getAttribute('preferred');
    if (key) return { key, at: { lat: Number(this.getAttribute('preferred-lat')), lon: Number(this.getAttribute('preferred-lon')) } };
    try {
      return { key: localStorage.getItem(LAST_POINT_KEY), at: JSON.parse(localStorage.getItem(LAST_POINT_AT) || 'null') || {} };
    } catch {
      return { key: null, at: {} };  // Storage denied (private mode, sandboxed frame), or unreadable: no memory, nothing else lost.
    }
  }

  // A tile pack finds it in the tiles read, after reading the one at the position remembered with it (this
  // browser's last choice), or at the merchant's preferred-lat/preferred-lon.
  async _lastPoint() {
    const { key, at } = this._remembered();
    const slash = key ? key.indexOf('/') : -1;
    if (slash < 1) return null;
    const [carrier, id] = [key.slice(0, slash), key.slice(slash + 1)];
    let point = this._relais.get(carrier, id);
    if (!point && this._relais.prepare && Number.isFinite(at.lat) && Number.isFinite(at.lon)) {
      try {
        await this._relais.prepare({ lat: at.lat, lon: at.lon, k: 1, maxKm: 0.1 });
        point = this._relais.get(carrier, id);
      } catch {
        point = null;  // The tile did not come: the list starts from the page's position.
      }
    }
    return point && point.active ? point : null;
  }

  async _search(text) {
    const w = this._words, e = this._els;
    const q = String(text).trim();
    e.suggestions.hidden = true;
    if (!q || !this._relais) return;
    // Whether a look-up could not be made (no network): "nothing matches" would then be false.
    let unreachable = false;
    // A whole postcode, from the tile pack's postcode pages: one small range instead of the place table.
    if (this._tiles && /^[0-9][0-9A-Za-z ]{1,8}$/.test(q)) {
      const found = await this._postcode(q);
      if (found) return this._searchAt(found.lat, found.lon, `${found.postcode} ${townName(found.town)}`);
      unreachable = found === undefined;
    }
    let places = null;
    try {
      places = await this._places();
    } catch {
      places = null;  // No place table: the geocoding hook, if any, is the only way left.
      unreachable = true;
    }
    const found = places ? places.search(q, 6) : [];
    if (/^\d{5}$/.test(q.replace(/\s/g, '')) && found.length) {  // A whole postcode: its centre.
      const centre = places.centre(found[0].postcode);
      return this._searchAt(centre.lat, centre.lon, `${found[0].postcode} ${townName(found[0].town)}`);
    }
    if (found.length) {
      if (found.length > 1) this._suggest(found);
      return this._searchAt(found[0].lat, found[0].lon, `${townName(found[0].town)} (${found[0].postcode})`);
    }
    if (typeof this.geocode === 'function') {
      try {
        const place = await this.geocode(q);
        if (place && Number.isFinite(place.lat) && Number.isFinite(place.lon)) return this._searchAt(place.lat, place.lon, place.label || q);
      } catch {
        // The merchant's geocoder failed: same answer as nothing found.
      }
    }
    this._clearResults();
    e.status.textContent = t(w, unreachable && !places ? 'offlineSearch' : 'noPlace', { q });
    e.status.classList.add('error');
  }

  // A search that found no place: the previous place's list and pins go, so that nothing under the message
  // looks like an answer to it.
  _clearResults() {
    this._centre = null;
    this._points = [];
    this._selected = -1;
    this._renderResults(false);
    this._renderChoice();
    this._renderPlan();
  }

  _suggest(found) {
    const e = this._els;
    const buttons = found.map((p) => {
      const button = h('button', { type: 'button', className: 'link', text: `${p.postcode} ${townName(p.town)}` });
      button.addEventListener('click', () => {
        e.suggestions.hidden = true;
        this._searchAt(p.lat, p.lon, `${townName(p.town)} (${p.postcode})`);
      });
      return h('li', {}, button);
    });
    e.suggestions.replaceChildren(h('p', { text: t(this._words, 'didYouMean') }), h('ul', {}, buttons));
    e.suggestions.hidden = false;
  }

  _locate() {
    const w = this._words, e = this._els;
    if (!navigator.geolocation) {
      e.status.textContent = t(w, 'locateFailed', { reason: 'no geolocation' });
      return;
    }
    e.status.textContent = t(w, 'locating');
    navigator.geolocation.getCurrentPosition(
      (position) => this._searchAt(position.coords.latitude, position.coords.longitude, t(w, 'locate')),
      (error) => {
        this._clearResults();
        e.status.textContent = t(w, 'locateFailed', { reason: error.message || error.code });
        e.status.classList.add('error');
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 });
  }

  _research() {
    if (this._centre) this._searchAt(this._centre.lat, this._centre.lon, this._centre.label, { keep: true });
    if (this._whole) this._map?.setFilter(this._acceptor());
  }

  // What the list asks of a point, as a test of point indices for the map's context: (i) => boolean.
  _acceptor() {
    const { filters, dates } = this._query();
    const each = dates.length ? dates.map((openOn) => ({ ...filters, openOn })) : [filters];
    return (i) => filters.kinds.length > 0 && each.every((f) => this._whole.matches(i, f));
  }

  // The engine's filters for the current state: attributes (merchant) and the filter panel (shopper).
  _query() {
    const state = this._filterState || {};
    const allowedKinds = (listAttribute(this.getAttribute('kinds')) || KINDS).filter((k) => KINDS.includes(k));
    // The merchant's services (every one required), then the shopper's filters.
    const services = listAttribute(this.getAttribute('services')) || [];
    if (state.late) services.push('late');
    if (state.accessible) services.push('accessible');
    // A service the engine does not know is offered by no point: nothing passes (the engine would throw).
    const known = services.every((s) => SERVICES.includes(s));
    const kinds = !known ? [] : state.kinds ? allowedKinds.filter((k) => state.kinds.has(k)) : allowedKinds;
    const carriers = state.carrier ? [state.carrier] : listAttribute(this.getAttribute('carriers'));
    const weight = Number(this.getAttribute('weight-g'));
    const dates = [];
    const arrival = this._arrivalDate();
    if (state.arrival && arrival) dates.push(arrival);
    if (state.saturday) dates.push(nextWeekday(5, new Date()));
    if (state.sunday) dates.push(nextWeekday(6, new Date()));
    return {
      // A shopper's day filter keeps only points whose hours say they open that day: unknown hours are not a
      // yes here (issue 19.2), though the carrier accepts them (the engine's default, kept without a day filter).
      filters: { kinds, carriers: carriers || undefined, services: known ? [...new Set(services)] : [], weightG: weight > 0 ? weight : undefined,
        unknownHoursPass: dates.length === 0 },
      dates,
      maxKm: Number(this.getAttribute('max-km')) || 20,
      k: Math.min(50, Number(this.getAttribute('k')) || 12),
    };
  }

  // Lists the points near (lat, lon); `first` (a point) is put first when it passes the filters, and
  // selected when it is the last point used or `select` is set; `keep` keeps the current selection.
  async _searchAt(lat, lon, label, { first = null, keep = false, fit = true, select = false } = {}) {
    if (!this._relais) return;
    const w = this._words, e = this._els;
    const { filters, dates, maxKm, k } = this._query();
    if (this._relais.prepare && filters.kinds.length) {
      // A tile pack: the tiles that may hold the list's points are read first (the last search wins).
      const serial = ++this._searchSerial;
      try {
        await this._relais.prepare({ lat, lon, k: dates.length > 1 ? k * 4 : k, maxKm, ...filters, openOn: dates[0] });
      } catch (error) {
        this._fail(error);
        return;
      }
      if (serial !== this._searchSerial || this._failed) return;
    }
    this._centre = { lat, lon, label };
    e.status.classList.remove('error');
    // The engine takes one date per query: the others (Saturday, Sunday, arrival) it checks point by point.
    const openOnDates = (p, from) => dates.slice(from).every((openOn) => this._relais.matches(p, { ...filters, openOn }));
    let points = filters.kinds.length
      ? this._relais.nearest({ lat, lon, k: dates.length > 1 ? k * 4 : k, maxKm, ...filters, openOn: dates[0] }) : [];
    if (dates.length > 1) points = points.filter((p) => openOnDates(p, 1)).slice(0, k);
    const lastKey = this._remembered().key;
    if (first) {
      points = points.filter((p) => !(p.carrier === first.carrier && p.id === first.id));
      if (this._relais.matches(first, filters) && openOnDates(first, 0)) points.unshift(first);
    }
    const previous = keep && this._points[this._selected];
    this._points = points;
    this._lastKey = lastKey || null;
    this._selected = -1;
    if (previous) this._selected = points.findIndex((p) => p.carrier === previous.carrier && p.id === previous.id);
    else if (first && points.length && (select || pointKey(points[0]) === this._lastKey)) this._selected = 0;
    e.status.textContent = points.length
      ? [label && t(w, 'results', { place: label }), t(w, 'resultsCount', { n: points.length, km: maxKm }), this._dataNote].filter(Boolean).join(' · ')
      : t(w, 'noPoint', { km: maxKm });
    this._renderResults(fit);
    if (!this._listed) {
      this._listed = true;
      performance.mark('relais:first-list');  // What bench/widget_bench.mjs times.
    }
    if (this._selected >= 0) this._highlight(this._selected, 'search');
    else {
      this._renderChoice();
      this._renderPlan();
    }
  }

  // ---- Drawing --------------------------------------------------------------------------------------

  _renderResults(fit = true) {
    const e = this._els;
    if (!e || this._failed) return;
    const now = new Date();
    e.list.replaceChildren(...this._points.map((p, i) => pointRow(p, i, { words: this._words, lang: this._lang,
      status: this._relais.status(p, now), notice: this._relais.closureNotice(p, now),
      selected: i === this._selected, isLast: pointKey(p) === this._lastKey, group: `${this._id}-point`,
      idPrefix: this._id, returns: (listAttribute(this.getAttribute('services')) || []).includes('returns') })));
    this._map?.setResults(this._points, this._selected, fit);
  }

  // Makes points[i] the current one, wherever the shopper pointed at it (list, map, search); -1: none.
  _highlight(i, from) {
    if (!(i >= -1 && i < this._points.length)) return;
    const e = this._els;
    this._selected = i;
    e.list.querySelectorAll('li.item').forEach((li, n) => {
      li.classList.toggle('selected', n === i);
      li.querySelector('input[type=radio]').checked = n === i;
    });
    const radio = e.list.querySelector(`input[value="${i}"]`);
    if (from === 'map' && radio) {
      radio.closest('li').scrollIntoView({ block: 'nearest' });
      radio.focus({ preventScroll: true });
    }
    this._map?.select(i);
    this._renderChoice();
    this._renderPlan();
  }

  _renderChoice() {
    const w = this._words, e = this._els;
    const p = this._points[this._selected];
    e.select.disabled = !p;
    e.select.textContent = t(w, 'select');
    if (p) e.select.setAttribute('aria-label', t(w, 'selectNamed', { name: p.name }));
    else e.select.removeAttribute('aria-label');
    e.choice.textContent = this._choiceText(p);
  }

  // The footer names the point the shopper is looking at when it is not the choice (the choose button makes
  // it so); else what the form would post: the chosen point, home delivery, or nothing yet.
  _choiceText(highlighted) {
    const w = this._words, chosen = this._chosen;
    if (highlighted && !(chosen && pointKey(chosen) === pointKey(highlighted))) return `${this._selected + 1}. ${highlighted.name}`;
    if (chosen) return t(w, 'selected', { name: chosen.name });
    return this._input.value === 'home' ? t(w, 'homeChosen') : t(w, 'nothingSelected');
  }

  // The split module (solver and JSON layer) is downloaded only when a basket is given, after the list.
  async _openSplitter() {
    const input = this._availability;
    let splitter = null;
    try {
      // The solver and the plan's view, together: the list never waited for either.
      const [splitting, view] = await Promise.all([once('split', async () => (await import('./relais-split.mjs')).RelaisSplit.load()),
        once('plan-view', () => import('./picker-plan.js'))]);
      this._planView = view.planView;
      if (input !== this._availability) return;  // Replaced while the module loaded: that call plans it.
      splitter = splitting.splitter(input, { snapshot: this._relais });
    } catch (error) {
      this.dispatchEvent(new CustomEvent('relais-error', { bubbles: true, composed: true,
        detail: { code: error.code || 'RELAIS_BAD_SPLIT_INPUT', message: error.message } }));
    }
    this._splitter?.close();
    this._splitter = splitter;
    this._renderPlan();
    this._renderFilters();  // The plan's arrival date feeds the "open on delivery day" filter.
    if (splitter) this._announce();  // A choice made before the plan could be made: now with its plan.
  }

  // The basket's plan with the highlighted point as its relay (or locker): the engine's split.
  _planFor(p) {
    if (!this._splitter) return null;
    const choices = { ...(this._availability.choices || {}) };
    if (p) choices[p.kind === 'locker' ? 'locker' : 'relay'] = { carrier: p.carrier, id: p.id };
    const modes = new Set(choices.modes || []);
    if (p) modes.add(p.kind === 'locker' ? 'locker' : 'relay');
    choices.modes = [...modes];
    try {
      return this._splitter.plan({ choices, line_modes: this._lineModes });
    } catch (error) {
      return { error: error.message };
    }
  }

  _arrivalDate() {
    if (this.getAttribute('arrival')) return this.getAttribute('arrival');
    const relayShipment = this._plan?.shipments?.find((s) => RELAY_MODES.has(s.mode));
    return relayShipment ? relayShipment.earliest : null;
  }

  _renderPlan() {
    const e = this._els;
    if (!e) return;
    if (!this._splitter) {
      e.plan.hidden = true;
      this._plan = null;
      return;
    }
    const before = this._arrivalDate();
    this._plan = this._planFor(this._points[this._selected]);
    const offered = (this._availability.choices?.modes || []).filter((m) => !RELAY_MODES.has(m));
    const children = this._planView(this._plan, { say: (key, values) => t(this._words, key, values), lang: this._lang, modes: [...offered, 'relay', 'locker'],
      lineModes: this._lineModes, idPrefix: this._id, day: (iso) => this._day(iso) });
    e.plan.replaceChildren(...children);
    e.plan.hidden = false;
    if (before !== this._arrivalDate()) this._renderFilters();
  }

  // ---- Choosing -------------------------------------------------------------------------------------

  // The shopper's choice of the highlighted point: it becomes the one this browser proposes next time.
  _choose() {
    const p = this._points[this._selected];
    if (!p) return;
    try {
      localStorage.setItem(LAST_POINT_KEY, pointKey(p));
      localStorage.setItem(LAST_POINT_AT, JSON.stringify({ lat: p.lat, lon: p.lon }));
    } catch {
      // Storage denied: the choice still stands, it is only not remembered.
    }
    this._commit(p);
  }

  // Makes `p` what the form posts, whether the shopper chose it or it is the remembered point: the hidden
  // input, the form's validity, the footer and the event are the same either way.
  _commit(p) {
    this._chosen = p;
    this._input.value = pointKey(p);
    this._validate();
    this._renderChoice();
    this._announce();
  }

  // Tells the page what the form posts now, with the basket's plan for it (null without a basket, or while
  // the split module loads): at each choice, and again when that plan changes -- the module arrived after
  // the choice (a remembered point is chosen with the list), a line's mode changed. The last relais-select
  // is the one that holds.
  _announce() {
    const chosen = this._chosen;
    if (!chosen && this._input.value !== 'home') return;  // Nothing chosen yet: nothing to tell.
    const plan = this._splitter ? this._planFor(chosen) : null;
    // The page gets a plain copy (an engine point reads most fields lazily; a copy is what a page can keep).
    const detail = chosen ? { point: typeof chosen.toJSON === 'function' ? chosen.toJSON() : { ...chosen }, plan } : { mode: 'home', plan };
    this.dispatchEvent(new CustomEvent('relais-select', { bubbles: true, composed: true, detail }));
  }

  _chooseHome() {
    this._chosen = null;
    this._input.value = 'home';
    this._validate();
    // No point stays highlighted: the footer (and the plan) must not go on naming the point chosen before.
    this._highlight(-1);
    this._announce();
  }
}

if (!customElements.get('relais-picker')) customElements.define('relais-picker', RelaisPicker);

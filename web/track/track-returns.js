// The shopper's returns on the tracking page (GET and POST /v1/orders/{id}/returns, /v1/returns/{id}): a form to
// return items -- how many units of each line, the reason, where the parcel goes (a store of the brand taking
// returns, nearest first, with today's hours; a relay point or locker taking returns, in the relais widget; home
// pickup) -- showing, before it is confirmed, the refund the engine computes for that choice (relais-split's
// refund(), the very code relais-edge quotes with); then each return: its number and QR code, its steps, its
// refund, and what the shopper may do (say it was dropped off; cancel it while it is only requested).
// The form is made once per state of the options and kept across polls, so a poll never loses a choice;
// track.js owns the state and the calls. Every text from the server goes in as text.
import { askTwice, h } from '../common/dom.js';
import { addressLine, formatDay, formatter, localDay, money } from '../common/format.js';
import { qrView } from '../common/qr.js';
import { t, WORDS } from './track-i18n.js';
import { stepsView } from './track-view.js';

/** @typedef {import('./track-i18n.js').Words} Words */
/** @typedef {import('../common/types.js').ReturnOptions} ReturnOptions */
/** @typedef {import('../common/types.js').ReturnRequest} ReturnRequest */
/** @typedef {import('../common/types.js').RefundQuote} RefundQuote */
/** @typedef {import('../common/api.js').ApiError} ApiError */

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
// While the parcel is on its way back, its number and QR code are what the counter (or the carrier) scans.
const ON_THE_WAY = new Set(['requested', 'dropped_off', 'in_transit']);
// Up to this many units a line's quantity is a list to pick from; above, a number to type.
const LIST_UP_TO = 20;

/**
 * Where the order was delivered, when the page knows it: what stores are sorted by and the widget centres on.
 * @typedef {{lat?: number, lon?: number, postcode?: string}} Near
 */

/**
 * A day in words ("28 décembre").
 * @param {string} iso YYYY-MM-DD
 * @param {string} lang
 * @returns {string}
 */
function day(iso, lang) {
  return formatDay(iso, lang, { day: 'numeric', month: 'long' });
}

/**
 * The server's reason a line cannot be returned (return_service.cc words it in English), in the page's
 * language when it is one of the known ones; as written otherwise.
 * @param {string} refusal
 * @param {Words} words
 * @param {string} lang
 * @returns {string}
 */
export function refusalText(refusal, words, lang) {
  const window = /^the (\d+)-day return window closed on (\d{4}-\d{2}-\d{2})$/.exec(refusal);
  if (window) return t(words, 'refusedWindow', { days: window[1], date: day(window[2], lang) });
  const known = { 'this product cannot be returned': 'refusedExcluded', 'not delivered yet': 'refusedNotDelivered',
    'every unit is being returned already': 'refusedAll' }[refusal];
  return known ? t(words, known) : refusal;
}

/**
 * The distance in metres between two places (haversine: good to a few metres at these distances).
 * @param {{lat: number, lon: number}} a
 * @param {{lat: number, lon: number}} b
 * @returns {number}
 */
function metresBetween(a, b) {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad, dLon = (b.lon - a.lon) * rad;
  const x = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(x));
}

/**
 * Today's hours of a store, on its own clock: "Aujourd'hui : 09:00–19:00", closed, 24/7, or not published.
 * @param {ReturnOptions['drop_off']['stores'][number]['location']} location
 * @param {Words} words
 * @param {Date} now
 * @returns {string}
 */
export function storeToday(location, words, now) {
  if (location.always === true) return t(words, 'always');
  const hours = location.hours;
  if (!hours || typeof hours !== 'object') return t(words, 'noHours');
  const { weekday, date } = localDay(now, location.tz || 'Europe/Paris');
  if ((location.closures ?? []).some((c) => c.from <= date && date <= c.to)) return t(words, 'closedToday');
  const today = hours[DAYS[weekday]] ?? [];
  return today.length ? t(words, 'hoursToday', { hours: today.map((i) => i.join('–')).join(', ') })
    : t(words, 'closedToday');
}

/**
 * The stores taking returns, nearest first from `near` when it has a position (else as listed), each with its
 * distance in metres (undefined when unknown).
 * @param {ReturnOptions['drop_off']['stores']} stores
 * @param {Near | null} near
 * @returns {Array<ReturnOptions['drop_off']['stores'][number] & {distance?: number}>}
 */
export function storesByDistance(stores, near) {
  const here = near && Number.isFinite(near.lat) && Number.isFinite(near.lon) ? near : null;
  const listed = stores.map((s, i) => ({ ...s, i, distance: here && Number.isFinite(s.location?.lat)
    && Number.isFinite(s.location?.lon) ? metresBetween(/** @type {any} */ (here), s.location) : undefined }));
  return listed.sort((a, b) => (a.distance ?? Infinity) - (b.distance ?? Infinity) || a.i - b.i);
}

/**
 * A return step's label in the page's language: relais-edge words a return's steps in the order's language;
 * a default step written in the other language is said in the page's (a brand's own labels stay as written).
 * @param {{step: string, label: string}} entry
 * @param {'fr' | 'en'} lang
 * @returns {string}
 */
export function stepLabel(entry, lang) {
  const other = WORDS[lang === 'fr' ? 'en' : 'fr'].returnSteps[entry.step];
  return other !== undefined && other === entry.label ? WORDS[lang].returnSteps[entry.step] : entry.label;
}

/**
 * The refund lines of an engine quote: what comes back, what a benefit takes back, what it cancels.
 * @param {RefundQuote} q
 * @param {Words} words
 * @param {string} lang
 * @returns {HTMLElement[]}
 */
function quoteLines(q, words, lang) {
  const rows = [t(words, 'quoteGoods', { amount: money(q.goods_cents, lang) })];
  if (q.shipping_cents) rows.push(t(words, 'quoteShipping', { amount: money(q.shipping_cents, lang) }));
  if (q.taken_back_cents) {
    rows.push(t(words, 'quoteTakenBack', { codes: q.taken_back.join(', '), amount: money(-q.taken_back_cents, lang) }));
  }
  if (q.cancelled.length) rows.push(t(words, 'quoteCancelled', { codes: q.cancelled.join(', ') }));
  if (q.owed_cents) rows.push(t(words, 'quoteOwed', { amount: money(q.owed_cents, lang) }));
  return [h('ul', { className: 'quote-lines' }, rows.map((text) => h('li', { text })))];
}

/**
 * The form to return items. `element` is its section; `carry(previous)` takes over the choices of the form it
 * replaces (the options changed: a poll, another language); `showError(error)` puts a refusal of the server
 * next to the field it names.
 */
export class ReturnForm {
  /**
   * The state of the options a form is made for: a new form when it changes.
   * @param {ReturnOptions} options
   * @param {string} lang
   * @returns {string}
   */
  static keyOf(options, lang) {
    return JSON.stringify([lang, options.lines, options.reasons, options.drop_off, options.refund_input]);
  }

  /**
   * @param {ReturnOptions} options
   * @param {object} context
   * @param {Words} context.words
   * @param {'fr' | 'en'} context.lang
   * @param {Near | null} context.near where the order was delivered
   * @param {Record<string, string> | null} context.widget the relais-picker's attributes (snapshot, places,
   *   tiles...), null when the page has no widget: no relay drop-off then
   * @param {() => Promise<unknown>} context.loadWidget loads the widget's script (the picker is made when a
   *   relay drop-off is first chosen)
   * @param {() => Promise<{refund: (input: object) => RefundQuote}>} context.engine the split module, loaded
   *   once for the page
   * @param {(body: object, key: string) => Promise<unknown>} context.onSubmit sends the return (key: the
   *   request's Idempotency-Key, the same for this form's retries)
   */
  constructor(options, { words, lang, near, widget, loadWidget, engine, onSubmit }) {
    this.options = options;
    this.key = ReturnForm.keyOf(options, lang);
    this._words = words;
    this._lang = lang;
    this._near = near;
    this._widgetAttributes = widget;
    this._loadWidget = loadWidget;
    this._engine = engine;
    this._onSubmit = onSubmit;
    this._requestKey = globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
    /** @type {{carrier: string, id: string, kind: string, name: string} | null} the widget's chosen point */
    this.point = null;
    this._picker = null;
    this._onSelect = (/** @type {CustomEvent} */ event) => this._chosen(event.detail);
    this._quoting = 0;
    this._build();
  }

  /** @returns {boolean} whether some unit may be returned and there is somewhere to bring it */
  get offered() {
    const d = this.options.drop_off;
    return this.options.lines.some((l) => l.returnable > 0) &&
      (d.stores.length > 0 || (d.relay_carriers.length > 0 && !!this._widgetAttributes) || d.home_pickup);
  }

  _build() {
    const w = this._words, lang = this._lang, o = this.options;
    const now = new Date();
    /** @type {Array<HTMLSelectElement | HTMLInputElement | null>} */
    this._quantities = o.lines.map((l) => {
      if (!(l.returnable > 0)) return null;
      const id = `return-qty-${l.line}`;
      if (l.returnable > LIST_UP_TO) {
        return h('input', { id, type: 'number', min: 0, max: l.returnable, step: 1, value: '0', inputmode: 'numeric',
          'data-line': l.line, 'aria-describedby': 'return-lines-error' });
      }
      return h('select', { id, 'data-line': l.line, 'aria-describedby': 'return-lines-error' },
        Array.from({ length: l.returnable + 1 }, (_, n) => h('option', { value: String(n), text: String(n) })));
    });
    const lines = o.lines.map((l, i) => {
      const price = t(w, 'linePrice', { price: money(l.unit_price_cents, lang), bought: l.bought });
      const control = this._quantities[i];
      if (!control) {
        return h('div', { className: 'return-line refused', 'data-line': l.line },
          h('p', {}, h('strong', { text: l.name }), ' ', h('span', { className: 'meta', text: price })),
          h('p', { className: 'refusal', text: refusalText(l.refusal ?? '', w, lang) }));
      }
      return h('div', { className: 'return-line', 'data-line': l.line },
        h('label', { for: control.id }, h('strong', { text: l.name }), ' ', h('span', { className: 'meta', text: price })),
        control,
        l.returnable_until ? h('p', { className: 'meta', text: t(w, 'returnUntil', { date: day(l.returnable_until, lang) }) })
          : null);
    });
    this._linesError = h('p', { id: 'return-lines-error', className: 'field-error', 'aria-live': 'polite' });
    const linesSet = h('fieldset', { className: 'return-lines' },
      h('legend', { text: t(w, 'returnLines') }), lines, this._linesError);

    this._reasonError = h('p', { id: 'return-reason-error', className: 'field-error', 'aria-live': 'polite' });
    this._reason = h('select', { id: 'return-reason', required: true, 'aria-describedby': 'return-reason-error' },
      h('option', { value: '', text: t(w, 'chooseReason') }),
      o.reasons.map((r) => h('option', { value: r.code, text: r.label?.[lang] || r.label?.fr || r.code })));

    this._dropError = h('p', { id: 'return-drop-error', className: 'field-error', 'aria-live': 'polite' });
    const radio = (value, id) => h('input', { type: 'radio', name: 'return-drop', id, value,
      'aria-describedby': 'return-drop-error' });
    const choices = [];
    for (const store of storesByDistance(o.drop_off.stores, this._near)) {
      const id = `return-drop-store-${store.site}`;
      const distance = store.distance === undefined ? null : t(w, 'distance', { distance: formatter(lang,
        { style: 'unit', unit: 'kilometer', maximumFractionDigits: 1 }, 'number').format(store.distance / 1000) });
      choices.push(h('div', { className: 'choice drop' }, radio(`store:${store.site}`, id),
        h('label', { for: id },
          h('strong', { text: store.name }), ' ', h('span', { className: 'meta', text: t(w, 'dropStoreKind') }),
          h('span', { className: 'line', text: addressLine(store.location) }),
          h('span', { className: 'line today', text: storeToday(store.location ?? {}, w, now) }),
          distance ? h('span', { className: 'line meta', text: distance }) : null)));
    }
    this._pickerBox = null;
    if (o.drop_off.relay_carriers.length && this._widgetAttributes) {
      choices.push(h('div', { className: 'choice drop' }, radio('relay', 'return-drop-relay'),
        h('label', { for: 'return-drop-relay', text: t(w, 'dropRelay') })));
      this._pointLine = h('p', { id: 'return-point', className: 'meta', 'aria-live': 'polite', text: t(w, 'pointNone') });
      this._pickerBox = h('div', { className: 'return-picker', hidden: true }, this._pointLine);
      choices.push(this._pickerBox);
    }
    if (o.drop_off.home_pickup) {
      choices.push(h('div', { className: 'choice drop' }, radio('home', 'return-drop-home'),
        h('label', { for: 'return-drop-home', text: t(w, 'dropHome') })));
    }
    const dropSet = h('fieldset', { className: 'return-drop' }, h('legend', { text: t(w, 'dropTitle') }), choices,
      this._dropError);

    this._quote = h('div', { id: 'return-quote', className: 'quote', 'aria-live': 'polite' });
    this._formError = h('p', { id: 'return-error', className: 'field-error', 'aria-live': 'polite' });
    this._submit = h('button', { type: 'submit', id: 'return-confirm', className: 'primary', text: t(w, 'confirmReturn') });
    this.form = h('form', { id: 'return-form', className: 'return-form', novalidate: true, hidden: true },
      linesSet,
      h('label', { for: 'return-reason', text: t(w, 'returnReason') }), this._reason, this._reasonError,
      dropSet,
      h('section', { className: 'quote-box', 'aria-labelledby': 'return-quote-title' },
        h('h3', { id: 'return-quote-title', text: t(w, 'quoteTitle') }), this._quote),
      this._formError, this._submit);
    this._start = h('button', { type: 'button', id: 'return-start', className: 'secondary', 'aria-expanded': 'false',
      'aria-controls': 'return-form', text: t(w, 'returnStart') });
    this.element = h('section', { className: 'returns-form', 'aria-labelledby': 'returns-title' },
      h('h2', { id: 'returns-title', text: t(w, 'returnsTitle') }),
      h('p', { className: 'meta', text: t(w, 'returnsIntro') }), this._start, this.form);

    this._start.addEventListener('click', () => this.open(!this.isOpen));
    for (const control of this._quantities) {
      control?.addEventListener('change', () => {
        this._clear(this._linesError, control);
        this.quote();
      });
    }
    this._reason.addEventListener('change', () => {
      this._clear(this._reasonError, this._reason);
      this.quote();
    });
    dropSet.addEventListener('change', (event) => {
      if (!(/** @type {HTMLElement} */ (event.target)).matches('input[name=return-drop]')) return;
      this._clear(this._dropError);
      this._showPicker(this._drop() === 'relay');
    });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this._send();
    });
    this.quote();
  }

  /** @returns {boolean} */
  get isOpen() {
    return !this.form.hidden;
  }

  /**
   * Shows (or hides) the form.
   * @param {boolean} open
   */
  open(open) {
    this.form.hidden = !open;
    this._start.setAttribute('aria-expanded', String(open));
    if (open) this.form.querySelector('select, input')?.focus();
  }

  /** @returns {string} the drop-off radio chosen: 'store:<site>', 'relay', 'home' or '' */
  _drop() {
    return /** @type {HTMLInputElement | null} */ (this.form.querySelector('input[name=return-drop]:checked'))?.value ?? '';
  }

  /** @returns {number[]} the units chosen, per order line */
  units() {
    return this.options.lines.map((l, i) => {
      const n = Math.floor(Number(this._quantities[i]?.value ?? 0));
      return Number.isFinite(n) && n > 0 ? Math.min(n, l.returnable) : 0;
    });
  }

  /** @returns {{defective: boolean} | undefined} the reason chosen */
  _reasonChosen() {
    return this.options.reasons.find((r) => r.code === this._reason.value);
  }

  /**
   * The relais widget, made the first time a relay drop-off is chosen: around the delivery point, the relay
   * carriers of the brand's policy, only points taking returns.
   * @param {boolean} show
   */
  _showPicker(show) {
    if (!this._pickerBox) return;
    this._pickerBox.hidden = !show;
    if (!show || this._picker) return;
    const near = this._near;
    const attributes = Object.entries({ ...this._widgetAttributes, lang: this._lang, id: 'return-picker',
      carriers: this.options.drop_off.relay_carriers.join(','), services: 'returns',
      lat: Number.isFinite(near?.lat) ? String(near.lat) : '', lon: Number.isFinite(near?.lon) ? String(near.lon) : '',
      postcode: near?.postcode ?? '' }).filter(([, value]) => value);
    const picker = h('relais-picker', Object.fromEntries(attributes));
    this._picker = picker;
    picker.addEventListener('relais-select', this._onSelect);
    this._pickerBox.prepend(picker);
    this._loadWidget().catch(() => {
      picker.remove();
      this._pointLine.textContent = t(this._words, 'pointsUnavailable');
    });
  }

  /**
   * The widget's choice: a point, or its "home" fallback (a choice only when the brand collects at home).
   * @param {{point?: {carrier: string, id: string, kind: string, name: string, address?: string[],
   *   postcode?: string, city?: string}, mode?: 'home'}} detail
   */
  _chosen(detail) {
    const w = this._words;
    if (!detail.point) {
      this.point = null;
      delete this._pointLine.dataset.point;
      const home = /** @type {HTMLInputElement | null} */ (this.form.querySelector('#return-drop-home'));
      if (home) {
        home.checked = true;
        this._showPicker(false);
        home.focus();
      }
      this._pointLine.textContent = home ? t(w, 'pointNone') : t(w, 'pointHomeRefused');
      return;
    }
    const p = detail.point;
    this.point = { carrier: p.carrier, id: p.id, kind: p.kind, name: p.name };
    this._pointLine.textContent = t(w, 'pointChosen', { name: p.name, address: addressLine(p) });
    this._pointLine.dataset.point = `${p.carrier}/${p.id}`;
    this._clear(this._dropError);
  }

  /**
   * Works out the refund of the units and reason chosen with the engine, and shows it; without the engine,
   * says it is worked out on confirmation.
   */
  async quote() {
    const w = this._words, lang = this._lang;
    const serial = ++this._quoting;
    const returning = this.units();
    this._quote.removeAttribute('data-refund-cents');
    if (!returning.some((n) => n > 0)) {
      this._quote.replaceChildren(h('p', { className: 'meta', text: t(w, 'quoteNone') }));
      return;
    }
    this._quote.replaceChildren(h('p', { className: 'meta', text: t(w, 'quoteWorking') }));
    let quote = null;
    try {
      const engine = await this._engine();
      quote = engine.refund({ ...this.options.refund_input, returning, defective: !!this._reasonChosen()?.defective });
    } catch {
      quote = null;  // No engine (no widget, a download refused) or an input it refuses: the server will say.
    }
    if (serial !== this._quoting) return;  // The shopper changed something meanwhile: that quote shows.
    if (!quote) {
      this._quote.replaceChildren(h('p', { className: 'meta', text: t(w, 'quoteLater') }));
      return;
    }
    this._quote.dataset.refundCents = String(quote.refund_cents);
    this._quote.replaceChildren(
      h('p', { className: 'quote-refund', text: t(w, 'quoteRefund', { amount: money(quote.refund_cents, lang) }) }),
      ...quoteLines(quote, w, lang),
      h('p', { className: 'meta', text: t(w, 'quoteNote') }));
  }

  /**
   * Takes over the choices made in `previous` that still hold here (units still returnable, a reason still
   * offered, a drop-off still listed, the widget and its point), and whether it was open.
   * @param {ReturnForm} previous
   */
  carry(previous) {
    const before = previous.units();
    this.options.lines.forEach((l, i) => {
      const control = this._quantities[i];
      if (control && before[i] > 0 && before[i] <= l.returnable) control.value = String(before[i]);
    });
    if (this.options.reasons.some((r) => r.code === previous._reason.value)) this._reason.value = previous._reason.value;
    const drop = previous._drop();
    const radio = drop && /** @type {HTMLInputElement | null} */ (
      [...this.form.querySelectorAll('input[name=return-drop]')].find((r) => r.value === drop));
    if (radio) radio.checked = true;
    if (this._pickerBox && previous._picker &&
        previous.options.drop_off.relay_carriers.join(',') === this.options.drop_off.relay_carriers.join(',') &&
        previous._lang === this._lang) {
      this._picker = previous._picker;  // Its snapshot and list stay loaded.
      this._picker.removeEventListener('relais-select', previous._onSelect);
      this._picker.addEventListener('relais-select', this._onSelect);
      this._pickerBox.prepend(this._picker);
      if (previous.point) this._chosen({ point: { ...previous.point } });
      previous._picker = null;
    }
    if (radio?.value === 'relay') this._showPicker(true);
    this.form.hidden = previous.form.hidden;
    this._start.setAttribute('aria-expanded', String(!this.form.hidden));
    this.quote();
  }

  /**
   * Clears an error line, and the control's invalid mark.
   * @param {HTMLElement} line
   * @param {HTMLElement} [control]
   */
  _clear(line, control) {
    line.textContent = '';
    control?.removeAttribute('aria-invalid');
    // The field's other controls too (a radio of the drop-off, another line's quantity).
    const group = line.closest('fieldset');
    if (group) for (const marked of group.querySelectorAll('[aria-invalid]')) marked.removeAttribute('aria-invalid');
  }

  /**
   * Says `text` next to a field (its error line, announced), marks the control invalid and moves to it.
   * @param {'lines' | 'reason' | 'drop' | 'form'} field
   * @param {string} text
   */
  error(field, text) {
    const at = { lines: [this._linesError, this._quantities.find(Boolean)], reason: [this._reasonError, this._reason],
      drop: [this._dropError, this.form.querySelector('input[name=return-drop]:checked') ??
        this.form.querySelector('input[name=return-drop]')], form: [this._formError, this._submit] }[field];
    const [line, control] = at;
    line.textContent = text;
    if (control && field !== 'form') control.setAttribute('aria-invalid', 'true');
    /** @type {HTMLElement | undefined} */ (control)?.focus();
  }

  /**
   * A refusal of POST .../returns next to its field: the lines (with each line's reason), the reason, the
   * drop-off (a store or point that takes no returns), or the form.
   * @param {ApiError} e
   */
  showError(e) {
    const w = this._words, field = e.field ?? '';
    if (e.code === 'not_returnable' || field.startsWith('lines')) {
      const refused = /** @type {any} */ (e.details)?.lines ?? [];
      const name = (line) => this.options.lines[line]?.name ?? '';
      const text = refused.length
        ? refused.map((r) => t(w, 'lineRefused', { name: name(r.line), why: refusalText(r.reason ?? '', w, this._lang) }))
          .join(' ') : e.message;
      this.error('lines', text);
    } else if (field === 'reason') {
      this.error('reason', e.message);
    } else if (field.startsWith('drop_off')) {
      this.error('drop', e.code === 'site_takes_no_returns' ? t(w, 'errSiteNoReturns')
        : e.code === 'point_takes_no_returns' ? t(w, 'errPointNoReturns') : e.message);
    } else {
      this.error('form', t(w, 'failed', { why: e.message }));
    }
  }

  // Checks what the shopper chose, then sends it; a refusal goes next to its field.
  async _send() {
    const w = this._words;
    this._clear(this._linesError);
    this._clear(this._reasonError, this._reason);
    this._clear(this._dropError);
    this._clear(this._formError);
    const units = this.units();
    const drop = this._drop();
    if (!units.some((n) => n > 0)) return this.error('lines', t(w, 'errLines'));
    if (!this._reasonChosen()) return this.error('reason', t(w, 'errReason'));
    if (!drop) return this.error('drop', t(w, 'errDrop'));
    if (drop === 'relay' && !this.point) return this.error('drop', t(w, 'errPoint'));
    const dropOff = drop === 'home' ? { kind: 'home' } : drop === 'relay'
      ? { kind: this.point.kind === 'locker' ? 'locker' : 'relay', carrier: this.point.carrier, id: this.point.id }
      : { kind: 'store', site: drop.slice('store:'.length) };
    const body = { lines: units.flatMap((quantity, line) => (quantity > 0 ? [{ line, quantity }] : [])),
      reason: this._reason.value, drop_off: dropOff };
    this._submit.disabled = true;
    this.form.setAttribute('aria-busy', 'true');
    try {
      await this._onSubmit(body, this._requestKey);
    } catch (e) {
      this.showError(e);
    } finally {
      this._submit.disabled = false;
      this.form.setAttribute('aria-busy', 'false');
    }
  }
}

/**
 * The refund figure of a return as it stands: expected (the engine's quote), then as graded, then paid.
 * @param {ReturnRequest} r
 * @param {Words} words
 * @param {string} lang
 * @returns {HTMLElement[]}
 */
function refundView(r, words, lang) {
  if (r.status === 'cancelled') return [];
  const graded = r.status === 'graded' || r.status === 'refunded' || r.status === 'closed';
  const cents = graded ? r.refund.money_cents + r.refund.voucher_cents : r.quote?.output?.refund_cents ?? 0;
  const key = !graded ? 'refundPlanned' : r.status === 'refunded' ? 'refundDone' : 'refundGraded';
  const parts = [h('p', { className: 'return-refund', 'data-cents': cents, text: t(words, key, { amount: money(cents, lang) }) })];
  if (graded && r.refund.voucher_cents) {
    parts.push(h('p', { className: 'meta', text: t(words, 'refundVoucher', { amount: money(r.refund.voucher_cents, lang) }) }));
  }
  if (graded && r.refund.kept_cents) {
    parts.push(h('p', { className: 'meta', text: t(words, 'refundKept', { amount: money(r.refund.kept_cents, lang) }) }));
  }
  if (r.payment?.status === 'pending' && r.status !== 'refunded') parts.push(h('p', { className: 'meta', text: t(words, 'paymentPending') }));
  if (r.payment?.status === 'failed') parts.push(h('p', { className: 'notice', text: t(words, 'paymentFailed') }));
  if (r.credit_notes?.length) parts.push(h('p', { className: 'meta', text: t(words, 'creditNotes', { numbers: r.credit_notes.join(', ') }) }));
  return parts;
}

/**
 * Where the parcel goes back, in words.
 * @param {ReturnRequest} r
 * @param {ReturnOptions} options
 * @param {Map<string, string>} names relay points' names by "carrier/id", as the widget gave them
 * @param {Words} words
 * @returns {string}
 */
function dropText(r, options, names, words) {
  const d = r.drop_off ?? {};
  if (d.kind === 'store') {
    return t(words, 'dropAtStore', { name: options.drop_off.stores.find((s) => s.site === d.site)?.name ?? d.site });
  }
  if (d.kind === 'relay' || d.kind === 'locker') {
    const name = names.get(`${d.carrier}/${d.id}`) ?? `${d.carrier} ${d.id}`;
    return t(words, d.kind === 'locker' ? 'dropAtLocker' : 'dropAtPoint', { name });
  }
  return t(words, 'dropAtHome');
}

/**
 * One return: its number (big, with its QR code while the parcel is on its way back), what comes back and
 * where, its steps, its refund, and the shopper's actions: "I dropped it off" (a relay or locker drop-off,
 * while requested) and cancelling it (in two steps, while requested).
 * @param {ReturnRequest} r
 * @param {object} context
 * @param {ReturnOptions} context.options
 * @param {Map<string, string>} context.names
 * @param {Words} context.words
 * @param {'fr' | 'en'} context.lang
 * @param {string} [context.error] the last refusal of an action on it, said next to its buttons
 * @param {(r: ReturnRequest, event: 'dropped_off' | 'cancel') => unknown} context.onStep
 * @returns {HTMLElement}
 */
export function returnView(r, { options, names, words, lang, error, onStep }) {
  const id = `ret-${r.id}`;
  const kind = r.drop_off?.kind;
  const help = kind === 'store' ? 'returnHelpStore' : kind === 'home' ? 'returnHelpHome' : 'returnHelpPoint';
  const code = ON_THE_WAY.has(r.status) ? h('div', { className: 'code' },
    h('p', { className: 'meta', text: t(words, 'returnNumber') }),
    h('p', { className: 'code-text return-number', text: r.id }),
    r.qr?.length ? qrView(r.qr, t(words, 'returnQr', { id: r.id })) : null,
    h('p', { className: 'meta', text: t(words, help) })) : null;
  const items = r.lines.map((l) => t(words, 'returnItem', { quantity: l.quantity,
    name: options.lines[l.line]?.name ?? l.sku }));
  // Drawn as a shipment's steps are.
  const steps = stepsView(/** @type {any} */ ({ steps: (r.timeline ?? []).map((e) => ({ step: e.step,
    label: stepLabel(e, lang), status: e.state })) }), words);
  const buttons = [];
  if (r.status === 'requested' && (kind === 'relay' || kind === 'locker')) {
    const dropped = h('button', { type: 'button', className: 'primary', id: `${id}-dropped`, 'data-return-event': 'dropped_off',
      text: t(words, 'droppedOff') });
    dropped.addEventListener('click', () => onStep(r, 'dropped_off'));
    buttons.push(dropped);
  }
  if (r.status === 'requested') {
    const cancel = h('button', { type: 'button', className: 'secondary', id: `${id}-cancel`, text: t(words, 'cancelReturn') });
    const confirm = h('button', { type: 'button', className: 'danger', id: `${id}-confirm-cancel`, hidden: true,
      'data-return-event': 'cancel', text: t(words, 'confirmCancelReturn') });
    const keep = h('button', { type: 'button', className: 'secondary', id: `${id}-keep`, hidden: true, text: t(words, 'keepReturn') });
    askTwice(cancel, confirm, keep, () => onStep(r, 'cancel'));
    buttons.push(cancel, confirm, keep);
  }
  return h('section', { className: 'return', id, 'data-return': r.id, 'data-status': r.status, 'aria-labelledby': `${id}-title` },
    h('h3', { id: `${id}-title`, tabindex: '-1', text: t(words, 'returnHeading', { id: r.id }) }),
    code,
    h('ul', { className: 'return-items' }, items.map((text) => h('li', { text }))),
    h('p', { className: 'meta', text: dropText(r, options, names, words) }),
    steps,
    refundView(r, words, lang),
    buttons.length ? h('div', { className: 'buttons' }, buttons) : null,
    h('p', { id: `${id}-error`, className: 'field-error', 'aria-live': 'polite', text: error ?? '' }));
}

// The tracking page's pieces of DOM, built from the server's timeline (GET /v1/orders/{id}/timeline): the
// steps, the pick-up code and its QR code (drawn by web/common/qr.js), the pick-up point with its hours and
// closures, the questions and the shopper's actions. Pure functions of what they are given (track.js owns the
// state and the calls); every text from the server goes in as text, never as markup.
import { addressLine, formatDay, money } from '../common/format.js';
import { askTwice, h } from '../common/dom.js';
import { qrView } from '../common/qr.js';
import { t } from './track-i18n.js';

/** @typedef {import('./track-i18n.js').Words} Words */
/** @typedef {import('../common/types.js').TimelineShipment} TimelineShipment */
/** @typedef {import('../common/types.js').Timeline} Timeline */
/** @typedef {import('../common/types.js').RelayPoint} RelayPoint */
/** @typedef {import('../common/types.js').Question} Question */

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * "3 décembre" from "2026-12-03", in `lang`.
 * @param {string} iso
 * @param {string} lang
 * @returns {string}
 */
export function formatDate(iso, lang) {
  return formatDay(iso, lang, { day: 'numeric', month: 'long' });
}

/**
 * The steps of one shipment as an ordered list: the current one marked for assistive technology too.
 * @param {TimelineShipment} shipment
 * @param {Words} words
 * @returns {HTMLOListElement}
 */
export function stepsView(shipment, words) {
  return h('ol', { className: 'steps' }, shipment.steps.map((s) => h('li', {
    className: `step ${s.status}`, 'aria-current': s.status === 'current' ? 'step' : false,
  }, h('span', { className: 'label', text: s.label }),
  h('span', { className: 'visually-hidden', text: ` (${t(words, s.status === 'done' ? 'stepDone' : s.status === 'current' ? 'stepCurrent' : 'stepNext')})` }))));
}

/**
 * The pick-up code as big text and as a QR code.
 * @param {TimelineShipment} shipment
 * @param {Words} words
 * @returns {HTMLDivElement}
 */
export function codeView(shipment, words) {
  return h('div', { className: 'code' },
    h('h3', { text: t(words, 'code') }),
    h('p', { className: 'code-text', text: shipment.pickup_code }),
    shipment.pickup_qr ? qrView(shipment.pickup_qr, t(words, 'qr', { code: shipment.pickup_code })) : null,
    h('p', { className: 'meta', text: t(words, 'codeHelp') }));
}

/**
 * The week's hours of `point`: a table, "open 24/7" for a point that never closes, or none published.
 * @param {RelayPoint} point
 * @param {Words} words
 * @returns {HTMLElement}
 */
function weekView(point, words) {
  if (point.always === true) return h('p', { className: 'always', text: t(words, 'always') });
  const hours = point.hours;
  if (!hours || typeof hours !== 'object') return h('p', { className: 'meta', text: t(words, 'noHours') });
  return h('table', { className: 'hours' },
    h('caption', { text: t(words, 'hours') }),
    h('tbody', {}, DAYS.map((d) => h('tr', {},
      h('th', { scope: 'row', text: words.days[d] }),
      h('td', { text: (hours[d] ?? []).length ? hours[d].map((i) => i.join('–')).join(', ') : t(words, 'closed') })))));
}

/**
 * A relay point or locker: name, address, open now, a closure in force or coming, the week's hours.
 * @param {RelayPoint} point
 * @param {Words} words
 * @param {string} lang
 * @returns {HTMLDivElement}
 */
export function pointView(point, words, lang) {
  const address = addressLine(point);
  const notice = point.closure_notice;
  return h('div', { className: 'place' },
    h('h3', { text: t(words, 'point') }),
    h('p', {}, h('strong', { text: point.name })),
    h('p', { text: address }),
    point.open_now === true || point.open_now === false
      ? h('p', { className: point.open_now ? 'open' : 'closed', text: t(words, point.open_now ? 'openNow' : 'closedNow') })
      : null,
    notice ? h('p', { className: 'notice', text: t(words, notice.in_force ? 'closure' : 'closureSoon',
      { from: formatDate(notice.from, lang), to: formatDate(notice.to, lang) }) }) : null,
    weekView(point, words));
}

/**
 * A site the shopper collects at (a store, a drive).
 * @param {NonNullable<TimelineShipment['pickup_site']>} site
 * @param {Words} words
 * @returns {HTMLDivElement}
 */
export function siteView(site, words) {
  const address = addressLine(site.location);
  return h('div', { className: 'place' },
    h('h3', { text: t(words, 'site') }),
    h('p', {}, h('strong', { text: site.name })),
    address ? h('p', { text: address }) : null);
}

/**
 * What the shopper answered, in words.
 * @param {Question} q
 * @param {Words} words
 * @returns {string}
 */
function answerText(q, words) {
  const a = q.answer ?? {};
  // Nobody was asked: the line left the order at once (no substitutes allowed, or none in stock).
  if (q.kind === 'substitution' && q.answered_by === 'system') {
    return t(words, /allowed no substitutions/.test(a.reason ?? '') ? 'removedNotAllowed' : 'removedNoneInStock');
  }
  if (q.kind === 'substitution') {
    const chosen = (q.candidates ?? []).find((c) => c.sku === a.sku);
    return a.accept ? t(words, 'accepted', { name: chosen?.name ?? a.sku }) : t(words, 'refused');
  }
  return q.kind === 'choice' ? a.label : a.text;
}

/**
 * A question: its text, then either the answer given or a form to answer it. `onAnswer(question, body)`
 * sends the answer ({accept, sku} / {choice} / {text}).
 * @param {Question} q
 * @param {Words} words
 * @param {'fr' | 'en'} lang
 * @param {(question: Question, body: object) => unknown} onAnswer
 * @returns {HTMLElement}
 */
export function questionView(q, words, lang, onAnswer) {
  const text = q.text?.[lang] ?? q.text?.fr ?? '';
  const id = `q-${q.id}`;
  if (q.status !== 'open') {
    const meta = q.answered_by === 'system' ? answerText(q, words) : t(words, 'answered', { answer: answerText(q, words) });
    return h('div', { className: 'question answered' }, h('p', { text }), h('p', { className: 'meta', text: meta }));
  }
  const form = h('form', { className: 'question', id, 'aria-labelledby': `${id}-text` });
  form.append(h('p', { id: `${id}-text`, className: 'question-text', text }));
  if (q.kind === 'substitution') {
    const fieldset = h('fieldset', {}, h('legend', { text: t(words, 'substitutes') }));
    (q.candidates ?? []).forEach((c, i) => {
      const input = h('input', { type: 'radio', name: `${id}-sku`, id: `${id}-c${i}`, value: c.sku, checked: i === 0 });
      fieldset.append(h('div', { className: 'choice' }, input,
        h('label', { for: `${id}-c${i}`, text: `${c.name} · ${money(c.price_cents, lang)}` })));
    });
    const accept = h('button', { type: 'submit', className: 'primary', text: t(words, 'accept') });
    // A shortage: refusing lets go of the missing units only.
    const shortage = (q.ordered ?? 0) > (q.quantity ?? 0);
    const refuse = h('button', { type: 'button', className: 'secondary', text: t(words, shortage ? 'refuseMissing' : 'refuse') });
    refuse.addEventListener('click', () => onAnswer(q, { accept: false }));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const chosen = form.querySelector(`input[name="${id}-sku"]:checked`);
      onAnswer(q, chosen ? { accept: true, sku: chosen.value } : { accept: false });
    });
    form.append(fieldset, h('div', { className: 'buttons' }, accept, refuse));
  } else if (q.kind === 'choice') {
    const fieldset = h('fieldset', {}, h('legend', { text: t(words, 'yourAnswer') }));
    q.choices.forEach((c, i) => {
      const input = h('input', { type: 'radio', name: `${id}-choice`, id: `${id}-o${i}`, value: String(i), checked: i === 0 });
      fieldset.append(h('div', { className: 'choice' }, input, h('label', { for: `${id}-o${i}`, text: c })));
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      onAnswer(q, { choice: Number(form.querySelector(`input[name="${id}-choice"]:checked`).value) });
    });
    form.append(fieldset, h('button', { type: 'submit', className: 'primary', text: t(words, 'send') }));
  } else {
    const area = h('textarea', { id: `${id}-answer`, required: true, maxlength: '1000', rows: '3' });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      onAnswer(q, { text: area.value });
    });
    form.append(h('label', { for: `${id}-answer`, text: t(words, 'yourAnswer') }), area,
      h('button', { type: 'submit', className: 'primary', text: t(words, 'send') }));
  }
  return form;
}

/**
 * The shopper's actions now: "I'm here" for each shipment waiting for it, and cancelling (in two steps, so
 * that a slip of the thumb cancels nothing). `handlers`: {onEvent(shipment, event), onCancel()}.
 * @param {Timeline} timeline
 * @param {Words} words
 * @param {{onEvent: (shipment: TimelineShipment, event: string) => unknown, onCancel: () => unknown}} handlers
 * @returns {HTMLElement | null} null when the shopper can do nothing now
 */
export function actionsView(timeline, words, handlers) {
  const buttons = [];
  for (const s of timeline.shipments) {
    for (const event of s.shopper_events) {
      const b = h('button', { type: 'button', className: 'primary', 'data-event': event,
        text: event === 'arrived' ? t(words, 'arrived') : event });
      b.addEventListener('click', () => handlers.onEvent(s, event));
      buttons.push(b);
    }
  }
  if (timeline.can_cancel) {
    const cancel = h('button', { type: 'button', className: 'secondary', id: 'cancel', text: t(words, 'cancel') });
    const confirm = h('button', { type: 'button', className: 'danger', id: 'confirm-cancel', hidden: true,
      text: t(words, 'confirmCancel') });
    const keep = h('button', { type: 'button', className: 'secondary', id: 'keep', hidden: true, text: t(words, 'keep') });
    askTwice(cancel, confirm, keep, () => handlers.onCancel());
    buttons.push(cancel, confirm, keep);
  }
  if (!buttons.length) return null;
  return h('section', { className: 'actions', 'aria-labelledby': 'actions-title' },
    h('h2', { id: 'actions-title', text: t(words, 'actions') }), h('div', { className: 'buttons' }, buttons));
}

// The picker's pieces of DOM, built from plain data: a list row for a point (the basket's plan is
// picker-plan.js, loaded with the basket). Pure functions of what they are given (the element owns the state);
// every untrusted text goes in as text.
import { h } from '../common/dom.js';
import { addressLine } from '../common/format.js';
import { t } from './picker-i18n.js';
import { closureLine, formatDistance, statusLine, todayHours, weekRows } from './picker-format.js';

/** @typedef {import('./picker-i18n.js').Words} Words */
/** @typedef {import('./relais-widget.js').RelayPoint} RelayPoint */

/**
 * The list row of point `p` at rank `i`: a radio (group `group`, id `${idPrefix}-p${i}`) and its label with
 * distance, kind, carrier, opening status (`status`: the engine's status now, with its wall clock), today's
 * hours, closure notice (`notice`: the engine's closureNotice now) and services, then the week on demand. `isLast`
 * marks the shopper's last point. "Takes returns" is shown only when choosing where to bring a return (`returns`):
 * a whole network takes them (every La Poste office), and a line on every row would push a phone's list down for
 * shoppers who are not returning anything.
 * @param {RelayPoint} p
 * @param {number} i
 * @param {{words: Words, lang: string, status: import('../common/types.js').EngineStatus,
 *   notice: import('../common/types.js').EngineClosureNotice | null,
 *   selected: boolean, isLast: boolean, group: string, idPrefix: string, returns?: boolean}} options
 * @returns {HTMLLIElement}
 */
export function pointRow(p, i, { words, lang, status, notice: closure, selected, isLast, group, idPrefix, returns }) {
  const w = words, id = `${idPrefix}-p${i}`;
  const services = p.services.filter((s) => s !== 'returns' || returns);
  const open = statusLine(status, p, w);
  const notice = closureLine(closure, w, lang);
  const today = todayHours(p, w, status);
  const meta = [p.distanceM !== undefined && !isLast ? formatDistance(p.distanceM, w) : null, t(w, `kind_${p.kind}`), p.carrier]
    .filter(Boolean).join(' · ');
  const address = addressLine(p);
  const label = h('label', { for: id },
    h('span', { className: 'rank', 'aria-hidden': 'true', text: String(i + 1) }),
    h('span', { className: 'point' },
      isLast ? h('span', { className: 'badge last', text: t(w, 'lastUsed') }) : null,
      h('strong', { className: 'name', text: p.name }),
      h('span', { className: 'address', text: address }),
      h('span', { className: 'meta', text: meta }),
      h('span', { className: `open ${open.open === true ? 'is-open' : open.open === false ? 'is-closed' : ''}`, text: open.text }),
      today ? h('span', { className: 'today', text: today }) : null,
      notice ? h('span', { className: 'notice', text: notice }) : null,
      services.length ? h('span', { className: 'services',
        text: t(w, 'servicesList', { list: services.map((s) => t(w, `service_${s}`)).join(', ') }) }) : null));
  const rows = weekRows(p, w);
  const week = rows ? h('details', { className: 'week' }, h('summary', { text: t(w, 'week') }),
    h('table', {}, h('tbody', {}, rows.map(([day, hours]) => h('tr', {}, h('th', { scope: 'row', text: day }), h('td', { text: hours })))))) : null;
  return h('li', { className: `item${selected ? ' selected' : ''}${isLast ? ' last' : ''}`, 'data-key': `${p.carrier}/${p.id}` },
    h('input', { type: 'radio', name: group, id, value: String(i), checked: selected }), label, week);
}

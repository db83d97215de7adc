// The basket's plan as the picker shows it: a module of its own, loaded with the split module (relais-split.mjs)
// when the page gives a basket -- a page without one never downloads it, and the list never waits for it.
import { h } from '../common/dom.js';
import { money } from '../common/format.js';

/** @typedef {import('./relais-widget.js').SplitPlan} SplitPlan */

/**
 * The plan section's children: each shipment (mode, site, cost, dates) with its lines, each unserved line
 * with the engine's reason, the total. Every line has a mode select (data-sku) among `modes`, showing
 * `lineModes[sku]`; `say(key, values)` words a sentence in the picker's language (its t()), `day(iso)` a date:
 * the words tables stay in the widget's bundle.
 * @param {SplitPlan & {error?: string}} plan the plan, or {error} when the engine could not make one
 * @param {{say: (key: string, values?: Record<string, unknown>) => string, lang: string, modes: string[],
 *   lineModes: Record<string, string | null>, idPrefix: string, day: (iso: string) => string}} options
 * @returns {HTMLElement[]}
 */
export function planView(plan, { say, lang, modes, lineModes, idPrefix, day }) {
  const lineRow = (sku, quantity) => {
    const id = `${idPrefix}-mode-${sku.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    const current = lineModes[sku] || '';
    const select = h('select', { id, 'data-sku': sku },
      h('option', { value: '', text: say('anyMode'), selected: !current }),
      modes.map((m) => h('option', { value: m, text: say(`mode_${m}`), selected: current === m })));
    return h('span', { className: 'line' }, h('span', { text: say('planLine', { qty: quantity, sku }) }),
      h('label', { for: id, className: 'visually-hidden', text: say('lineMode', { sku }) }), select);
  };
  const children = [h('h3', { text: say('plan') })];
  if (plan.error) return [...children, h('p', { className: 'error', text: plan.error })];
  for (const s of plan.shipments) {
    children.push(h('div', { className: 'shipment' },
      h('p', { text: say('planShipment', { mode: say(`mode_${s.mode}`), site: s.site, cost: money(s.cost_cents, lang),
        from: day(s.earliest), to: day(s.latest) }) }),
      h('ul', {}, s.lines.map((l) => h('li', {}, lineRow(l.sku, l.quantity))))));
  }
  for (const u of plan.unserved) {
    children.push(h('div', { className: 'unserved' },
      h('p', { className: 'error', text: say('planUnserved', { sku: u.sku, reason: say(`reason_${u.reason}`) }) }),
      lineRow(u.sku, u.quantity)));
  }
  children.push(h('p', { className: 'total', text: say('planTotal', { cost: money(plan.totals.cost_cents, lang) }) }));
  return children;
}

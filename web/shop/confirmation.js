// The confirmation: the order read back from relais-edge with its tracking token (the shopper's own key to
// this one order), through the storefront's /edge/ proxy, and told in words -- each product by its name, where
// it goes (the pick-up point's name and address from the order's timeline, the shopper's address, the store).
import { apiClient, fetchJson } from '../common/api.js';
import { byId, h } from '../common/dom.js';
import { addressLine } from '../common/format.js';
import { ORDER_STATUS_FR } from '../common/text.js';
import { clearBasket } from './basket.js';

/** @typedef {import('../common/types.js').Order} Order */
/** @typedef {import('../common/types.js').Timeline} Timeline */
/** @typedef {import('../common/types.js').Product} Product */

const STATUS = ORDER_STATUS_FR;
const MODE = { home: 'Livraison à domicile', relay: 'En point relais', locker: 'En consigne', click_collect: 'Retrait en magasin',
  drive: 'Retrait au drive', pedestrian: 'Retrait piéton', reserve_transfer: 'Réservé en magasin' };

const params = new URLSearchParams(location.hash.slice(1));
const summary = byId('summary');
const tracking = byId('tracking');
const id = params.get('order'), token = params.get('token');
// The basket became this order: the shop's basket starts empty again.
clearBasket();
// The shopper's tracking page: the same link the e-mails and SMS carry.
tracking.href = `/track/?order=${encodeURIComponent(id)}&token=${encodeURIComponent(token)}&lang=fr`;
tracking.textContent = `commande ${id}`;

// relais-edge as the shopper: this one order, with its tracking token.
const asShopper = apiClient({ base: `/edge/v1/orders/${encodeURIComponent(id)}`, token });

/**
 * "Tabac du Marais, 3 rue des Archives, 75004 PARIS" from an address-like object.
 * @param {{name?: string} & import('../common/types.js').Address | null | undefined} a
 * @returns {string}
 */
function addressText(a) {
  if (!a) return '';
  return [a.name, addressLine(a)].filter(Boolean).join(', ');
}

/** @type {Order | null} */
let order = null;
try {
  order = await asShopper('GET', '');
} catch (e) {
  summary.textContent = `La commande ${id} ne peut pas être lue pour le moment (erreur ${e.status ?? e.message}).`;
}
if (order) {
  /** @type {[Timeline, Product[]]} */
  const [timeline, products] = await Promise.all([
    asShopper('GET', '/timeline?lang=fr').catch(() => ({ shipments: [] })),
    fetchJson('/shop/api/products').catch(() => []),
  ]);
  const names = Object.fromEntries(products.map((p) => [p.sku, p.name]));
  // Pick-up points and sites as the timeline describes them, by what a line names.
  const places = new Map();
  for (const s of timeline.shipments || []) {
    if (s.point) places.set(`${s.point.carrier}/${s.point.id}`, addressText(s.point));
    if (s.pickup_site) places.set(`site:${s.pickup_site.id}`, addressText({ name: s.pickup_site.name, ...s.pickup_site.location }));
  }
  summary.textContent = `Commande ${order.id} ${STATUS[order.status] || order.status}.`;
  summary.dataset.status = order.status;
  const list = byId('deliveries');
  for (const line of order.lines || []) {
    const d = line.destination || {};
    const key = d.carrier ? `${d.carrier}/${d.id}` : d.site ? `site:${d.site}` : line.mode;
    const where = d.carrier || d.site ? places.get(key) || key : addressText(d);
    list.append(h('li', { 'data-destination': key,
      text: `${line.quantity} × ${names[line.sku] || line.sku} — ${MODE[line.mode] || line.mode} : ${where}` }));
  }
}

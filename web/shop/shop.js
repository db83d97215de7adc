// The product page: the catalogue from the storefront's server side, the basket in localStorage.
import { fetchJson } from '../common/api.js';
import { byId, h } from '../common/dom.js';
import { money } from '../common/format.js';
import { countItems, readBasket, saveBasket } from './basket.js';

/** @typedef {import('../common/types.js').Product} Product */

const list = byId('products');
const link = byId('basket-link');

/** @type {Product[]} */
const products = await fetchJson('/shop/api/products');
const basket = readBasket();
link.textContent = `Panier (${countItems(basket)})`;
for (const p of products) {
  const add = h('button', { type: 'button', 'data-sku': p.sku, text: 'Ajouter au panier' });
  add.addEventListener('click', () => {
    basket[p.sku] = (basket[p.sku] || 0) + 1;
    saveBasket(basket);
    link.textContent = `Panier (${countItems(basket)})`;
  });
  list.append(h('li', {}, h('h2', { text: p.name }), h('p', { text: money(p.price_cents, 'fr-FR') }), add));
}

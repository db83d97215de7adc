// The checkout: the basket, the widget (embedded by its script tag in checkout.html) given the basket's
// availability, and a plain form post. The widget's hidden input carries the point; this script only adds
// the basket and the point's kind, and blocks a post before a choice.
import { fetchJson } from '../common/api.js';
import { byId, h } from '../common/dom.js';
import { readBasket } from './basket.js';

const basket = readBasket();
const text = Object.entries(basket).filter(([, q]) => q > 0).map(([sku, q]) => `${sku}:${q}`).join(',');
const picker = byId('picker');
const status = byId('order-status');
byId('basket').value = text;
byId('lines').append(...Object.entries(basket).map(([sku, q]) => h('li', { text: `${q} × ${sku}` })));
if (!text) status.textContent = 'Votre panier est vide : ajoutez un produit.';
else {
  // The split input for the widget's plan; without it the widget still lists the points.
  fetchJson(`/shop/api/availability?basket=${encodeURIComponent(text)}`).then((input) => {
    if (input) picker.availability = input;
  }, () => {});
}
picker.addEventListener('relais-select', (/** @type {CustomEvent} */ event) => {
  byId('kind').value = event.detail.point ? event.detail.point.kind : 'home';
  status.textContent = event.detail.point ? `Point choisi : ${event.detail.point.name}` : 'Livraison à domicile';
});
picker.addEventListener('relais-error', () => {
  status.textContent = 'Points relais indisponibles : livraison à domicile.';
});
byId('checkout').addEventListener('submit', (/** @type {SubmitEvent} */ event) => {
  if (!picker.querySelector('input[type=hidden]')?.value) {
    event.preventDefault();
    status.textContent = 'Choisissez un point de retrait, ou la livraison à domicile.';
  }
});

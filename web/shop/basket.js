// The demo storefront's basket: quantities by SKU, kept in this browser's localStorage until the order is
// placed. The product page fills it, the checkout reads it, the confirmation empties it.

const KEY = 'demo-shop:basket';

/**
 * Quantities by SKU; an empty basket when nothing (or nothing readable) is stored.
 * @returns {Record<string, number>}
 */
export function readBasket() {
  try {
    return JSON.parse(localStorage.getItem(KEY) || '{}');
  } catch {
    return {};
  }
}

/**
 * @param {Record<string, number>} basket
 * @returns {void}
 */
export function saveBasket(basket) {
  localStorage.setItem(KEY, JSON.stringify(basket));
}

/**
 * The basket became an order: the shop's basket starts empty again.
 * @returns {void}
 */
export function clearBasket() {
  localStorage.removeItem(KEY);
}

/**
 * How many items, all SKUs together.
 * @param {Record<string, number>} basket
 * @returns {number}
 */
export function countItems(basket) {
  return Object.values(basket).reduce((a, b) => a + b, 0);
}

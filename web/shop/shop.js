// The product page: the catalogue from the storefront's server side, the basket in localStorage.
const list = document.getElementById('products');
const link = document.getElementById('basket-link');

export function readBasket() {
  try {
    return JSON.parse(localStorage.getItem('demo-shop:basket') || '{}');
  } catch {
    return {};
  }
}

function count(basket) {
  return Object.values(basket).reduce((a, b) => a + b, 0);
}

const products = await (await fetch('/shop/api/products')).json();
const basket = readBasket();
link.textContent = `Panier (${count(basket)})`;
for (const p of products) {
  const item = document.createElement('li');
  const name = document.createElement('h2');
  name.textContent = p.name;
  const price = document.createElement('p');
  price.textContent = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(p.price_cents / 100);
  const add = document.createElement('button');
  add.type = 'button';
  add.textContent = 'Ajouter au panier';
  add.dataset.sku = p.sku;
  add.addEventListener('click', () => {
    basket[p.sku] = (basket[p.sku] || 0) + 1;
    localStorage.setItem('demo-shop:basket', JSON.stringify(basket));
    link.textContent = `Panier (${count(basket)})`;
  });
  item.append(name, price, add);
  list.append(item);
}

// The checkout: the basket, the widget (embedded by its script tag in checkout.html) given the basket's
// availability, and a plain form post. The widget's hidden input carries the point; this script only adds
// the basket and the point's kind, and blocks a post before a choice.
const basket = JSON.parse(localStorage.getItem('demo-shop:basket') || '{}');
const text = Object.entries(basket).filter(([, q]) => q > 0).map(([sku, q]) => `${sku}:${q}`).join(',');
const picker = document.getElementById('picker');
const status = document.getElementById('order-status');
document.getElementById('basket').value = text;
const lines = document.getElementById('lines');
for (const [sku, q] of Object.entries(basket)) {
  const li = document.createElement('li');
  li.textContent = `${q} × ${sku}`;
  lines.append(li);
}
if (!text) status.textContent = 'Votre panier est vide : ajoutez un produit.';
else {
  fetch(`/shop/api/availability?basket=${encodeURIComponent(text)}`).then((r) => (r.ok ? r.json() : null)).then((input) => {
    if (input) picker.availability = input;
  });
}
picker.addEventListener('relais-select', (event) => {
  document.getElementById('kind').value = event.detail.point ? event.detail.point.kind : 'home';
  status.textContent = event.detail.point ? `Point choisi : ${event.detail.point.name}` : 'Livraison à domicile';
});
picker.addEventListener('relais-error', () => {
  status.textContent = 'Points relais indisponibles : livraison à domicile.';
});
document.getElementById('checkout').addEventListener('submit', (event) => {
  if (!picker.querySelector('input[type=hidden]')?.value) {
    event.preventDefault();
    status.textContent = 'Choisissez un point de retrait, ou la livraison à domicile.';
  }
});

// The demo storefront's server side: what a merchant's own backend does with relais-edge. It holds the
// merchant key (the browser never sees it), reads the catalogue and the availability for the widget, and
// turns the checkout form into an order through edge's server-side basket (which re-plans and re-checks
// everything the browser computed).
//   GET  /shop/api/products                      the catalogue (names and prices from edge)
//   GET  /shop/api/availability?basket=SKU:2,... the split input for the widget, with the basket's quantities
//   POST /shop/api/order                         the checkout form (urlencoded, works without JavaScript)
//                                                or JSON; answers 303 to the confirmation page (form) or JSON

import { escapeHtml } from '../web/common/text.js';

/** The page a shopper sees when the order is refused: what happened and the way back. No inline style or
 * script: the demo's strict CSP applies. */
function refusalPage(message) {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Commande non validée — Boutique démo relais</title><link rel="stylesheet" href="/shop/shop.css"></head>
<body><header><a class="brand" href="/shop/">Boutique démo</a></header><main>
<h1>Votre commande n'a pas pu être validée</h1><p id="refusal">${escapeHtml(message)}</p>
<p>Rien n'a été débité ni réservé.</p><p><a class="button" href="/shop/checkout.html">Revenir à la commande</a></p>
</main></body></html>`;
}

export const CATALOGUE = ['BOOK-1', 'MUG-2', 'TEA-3'];
const PURCHASE_SITE = 'paris-rivoli';
const CUSTOMER = 'demo-shopper';

export function shopHandler({ edge, key }) {
  async function call(method, path, body, extra = {}) {
    const res = await fetch(new URL(path, edge), { method, headers: { Authorization: `Bearer ${key}`,
      'Content-Type': 'application/json', ...extra }, body: body === undefined ? undefined : JSON.stringify(body) });
    const answer = await res.json().catch(() => ({ error: { message: `HTTP ${res.status}` } }));
    return { status: res.status, answer };
  }

  function parseBasket(text) {
    const lines = [];
    for (const part of String(text || '').split(',')) {
      const [sku, qty] = part.split(':');
      const quantity = Number(qty);
      if (!CATALOGUE.includes(sku) || !Number.isInteger(quantity) || quantity < 1 || quantity > 20) continue;
      lines.push({ sku, quantity });
    }
    return lines;
  }

  async function readBody(req) {
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
      size += chunk.length;
      if (size > 65536) throw Object.assign(new Error('body too large'), { status: 413 });
      chunks.push(chunk);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if ((req.headers['content-type'] || '').startsWith('application/json')) {
      try {
        return JSON.parse(text || '{}');
      } catch {
        throw Object.assign(new Error('the body is not JSON'), { status: 400 });
      }
    }
    return Object.fromEntries(new URLSearchParams(text));
  }

  /** What a refusal means for the shopper, and what to do, from relais-edge's error code and details. */
  function explain(error, names) {
    const reasons = { no_stock: 'plus en stock', cold_chain: 'ne voyage pas hors froid', too_heavy: 'trop lourd pour ce point',
      too_big: 'trop volumineux pour ce point', mode_unavailable: 'pas livrable ainsi', closed: 'point fermé à la date de livraison',
      outside_zone: 'hors de la zone de livraison' };
    switch (error.code) {
      case 'basket_unservable': {
        const items = (error.plan?.unserved || []).map((u) => `${names[u.sku] || u.sku} (${reasons[u.reason] || u.reason})`);
        return `Certains articles ne peuvent pas être livrés comme demandé : ${items.join(', ') || 'voir le panier'}. `
          + 'Choisissez un autre point de retrait ou la livraison à domicile, ou retirez ces articles du panier.';
      }
      case 'relay_unavailable':
        return 'Ce point de retrait ne peut pas recevoir votre colis à la date prévue. Choisissez-en un autre, ou la livraison à domicile.';
      case 'plan_changed':
      case 'insufficient_stock':
        return 'Le stock a changé pendant votre commande. Vérifiez votre panier et validez à nouveau.';
      default:
        return error.message || 'La commande a été refusée.';
    }
  }

  function json(res, status, body) {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
  }

  async function order(req, res) {
    const form = await readBody(req);
    const lines = parseBasket(form.basket);
    const point = String(form.relais_point || '');
    const wantsJson = (req.headers.accept || '').includes('application/json');
    // A refusal reaches a shopper as a page in words, with the way back to the checkout; a script gets JSON.
    const fail = async (status, message, error = {}) => {
      if (wantsJson) return json(res, status, { error: { ...error, message } });
      const names = {};
      for (const sku of CATALOGUE) names[sku] = (await call('GET', `/v1/products/${sku}`)).answer.name || sku;
      res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      return res.end(refusalPage(error.code ? explain(error, names) : message));
    };
    if (!lines.length) return fail(400, 'Votre panier est vide.');
    if (!form.name || !form.email) return fail(400, 'Il faut un nom et une adresse e-mail.');
    const basket = { customer_id: CUSTOMER, purchase_site: PURCHASE_SITE, lines,
      contact: { name: String(form.name).slice(0, 200), email: String(form.email).slice(0, 200) } };
    const slash = point.indexOf('/');
    if (point === 'home' || slash < 1) {
      basket.choices = { modes: ['home'] };
      basket.home_address = { address: [String(form.street || '52 rue de Rivoli')], postcode: String(form.postcode || '75004'),
        city: String(form.city || 'Paris'), country: 'FR' };
    } else {
      const relay = { carrier: point.slice(0, slash), id: point.slice(slash + 1) };
      basket.choices = { modes: [form.kind === 'locker' ? 'locker' : 'relay'], [form.kind === 'locker' ? 'locker' : 'relay']: relay };
    }
    const created = await call('POST', '/v1/baskets', basket);
    if (created.status >= 400) return fail(created.status, created.answer.error?.message || 'basket refused', created.answer.error);
    const placed = await call('POST', `/v1/baskets/${created.answer.id}/order`, {}, { 'Idempotency-Key': `shop-${created.answer.id}` });
    if (placed.status >= 400) return fail(placed.status, placed.answer.error?.message || 'order refused', placed.answer.error);
    const { id, tracking_token: token } = placed.answer;
    if (wantsJson) return json(res, 201, placed.answer);
    res.writeHead(303, { Location: `/shop/confirmation.html#order=${encodeURIComponent(id)}&token=${encodeURIComponent(token)}` });
    res.end();
  }

  return async function handle(req, res, path) {
    try {
      if (path === '/shop/api/products' && req.method === 'GET') {
        const products = await Promise.all(CATALOGUE.map(async (sku) => (await call('GET', `/v1/products/${sku}`)).answer));
        return json(res, 200, products.map((p) => ({ sku: p.sku, name: p.name, price_cents: p.price_cents, weight_g: p.weight_g })));
      }
      if (path === '/shop/api/availability' && req.method === 'GET') {
        const lines = parseBasket(new URL(req.url, 'http://x').searchParams.get('basket'));
        if (!lines.length) return json(res, 400, { error: { message: 'basket: SKU:quantity,...' } });
        const { status, answer } = await call('GET', `/v1/availability?site=${PURCHASE_SITE}&customer_id=${CUSTOMER}&skus=${lines.map((l) => l.sku).join(',')}`);
        if (status !== 200) return json(res, status, answer);
        for (const line of answer.basket) line.quantity = lines.find((l) => l.sku === line.sku).quantity;
        return json(res, 200, answer);
      }
      if (path === '/shop/api/order' && req.method === 'POST') return await order(req, res);
      return json(res, 404, { error: { message: 'no such shop route' } });
    } catch (error) {
      return json(res, error.status || 502, { error: { message: error.message } });
    }
  };
}

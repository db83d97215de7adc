// The demo storefront's server side: what a merchant's own backend does with relais-edge. It holds the
// merchant key (the browser never sees it), reads the catalogue and the availability for the widget, and
// turns the checkout form into an order through edge's server-side basket (which re-plans and re-checks
// everything the browser computed).
//   GET  /shop/api/products                      the catalogue (names and prices from edge)
//   GET  /shop/api/availability?basket=SKU:2,... the split input for the widget, with the basket's quantities
//   POST /shop/api/order                         the checkout form (urlencoded, works without JavaScript)
//                                                or JSON; answers 303 to the confirmation page (form) or JSON

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

  function json(res, status, body) {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
  }

  async function order(req, res) {
    const form = await readBody(req);
    const lines = parseBasket(form.basket);
    const point = String(form.relais_point || '');
    const wantsJson = (req.headers.accept || '').includes('application/json');
    const fail = (status, message) => (wantsJson ? json(res, status, { error: { message } })
      : (res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }), res.end(message)));
    if (!lines.length) return fail(400, 'The basket is empty.');
    if (!form.name || !form.email) return fail(400, 'Name and e-mail are needed.');
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
    if (created.status >= 400) return fail(created.status, created.answer.error?.message || 'basket refused');
    const placed = await call('POST', `/v1/baskets/${created.answer.id}/order`, {}, { 'Idempotency-Key': `shop-${created.answer.id}` });
    if (placed.status >= 400) return fail(placed.status, placed.answer.error?.message || 'order refused');
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

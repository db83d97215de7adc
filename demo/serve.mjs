// A static server for the demo, on loopback only, with the strict Content-Security-Policy a merchant's
// checkout would send:
//   /            the engine page (web/demo)          /engine/  the engine (build/wasm)
//   /shop/       the storefront (web/shop)           /widget/  the widget as merchants serve it (build/wasm/widget)
//   /staff/      the customer-service page           /edge/    relais-edge, when --edge names it
//   /track/      the shoppers' tracking page (the link of their e-mails and SMS)
//   /common/     the pages' shared modules (web/common: DOM, API calls, formatting), which they import as ../common/
//   /points.relais, /places.rlpt, /base.geojson      the snapshot, the place table, the widget's offline base layer
//   /outlines.geojson                                the tracking page's map: IGN's départements (demo/data) unless
//                                                    --outlines names another GeoJSON file
//   /shop/api/   the storefront's server side (demo/shop.mjs), with the merchant key of --key (or
//                RELAIS_DEMO_API_KEY); one origin for everything, so the policy stays 'self'.
//   node demo/serve.mjs --snapshot demo/out/points.relais [--places demo/out/places.rlpt] [--base-layer F.geojson]
//                       [--outlines F.geojson]
//                       [--port 8080] [--edge http://127.0.0.1:8081 --key MERCHANT_KEY]
import { createServer, request } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shopHandler } from './shop.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
const port = Number(args.port ?? 8080);
const snapshot = args.snapshot ?? join(root, 'demo/out/points.relais');
// The repository carries them (Licence Ouverte, attributed on the map): a newcomer's tracking page has a map.
const defaultOutlines = join(root, 'demo/data/france-departements-simplifie.geojson');

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.relais': 'application/octet-stream', '.png': 'image/png',
  '.geojson': 'application/geo+json', '.rlpt': 'application/octet-stream', '.json': 'application/json',
  '.ts': 'text/plain; charset=utf-8', '.svg': 'image/svg+xml' };
const routes = [
  ['/engine/', join(root, 'build/wasm')],
  ['/widget/', join(root, 'build/wasm/widget')],
  ['/staff/', join(root, 'web/staff')],
  ['/track/', join(root, 'web/track')],
  ['/shop/', join(root, 'web/shop')],
  ['/common/', join(root, 'web/common')],
  ['/', join(root, 'web/demo')],
];
const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'";

// files: { places, baseLayer, outlines } paths; key: the merchant key the storefront's server side uses.
export function startServer(listenPort = port, snapshotPath = snapshot, edge = args.edge,
  { places = args.places, baseLayer = args['base-layer'], outlines = args.outlines ?? defaultOutlines,
    key = args.key ?? process.env.RELAIS_DEMO_API_KEY } = {}) {
  const shop = edge && key ? shopHandler({ edge, key }) : null;
  const server = createServer(async (req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      return send(res, 400, 'bad path');
    }
    if (path.startsWith('/edge/')) return proxy(req, res, edge);
    if (path.startsWith('/shop/api/')) return shop ? shop(req, res, path) : send(res, 502, 'no relais-edge (--edge, --key)');
    let file;
    if (path === '/points.relais') file = snapshotPath;
    else if (path === '/places.rlpt' && places) file = places;
    else if (path === '/base.geojson' && baseLayer) file = baseLayer;
    else if (path === '/outlines.geojson' && outlines) file = outlines;
    else {
      const [prefix, dir] = routes.find(([p]) => path.startsWith(p));
      const rel = normalize(path.slice(prefix.length) || 'index.html');
      if (rel.startsWith('..')) return send(res, 400, 'bad path');
      file = join(dir, rel);
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': csp,
        'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' });
      res.end(body);
    } catch {
      send(res, 404, 'not found');
    }
  });
  return new Promise((resolve) => server.listen(listenPort, '127.0.0.1', () => resolve(server)));
}

// Passes a request on to relais-edge (loopback only), answer as it comes.
function proxy(req, res, edge) {
  if (!edge) return send(res, 502, 'no relais-edge behind this server (--edge)');
  const target = new URL(req.url.slice('/edge'.length), edge);
  if (target.hostname !== '127.0.0.1') return send(res, 400, 'relais-edge must be on loopback');
  const headers = { ...req.headers, host: target.host };
  const upstream = request(target, { method: req.method, headers }, (answer) => {
    res.writeHead(answer.statusCode, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => send(res, 502, 'relais-edge does not answer'));
  req.pipe(upstream);
}

function send(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startServer();
  console.log(`relais demo: http://127.0.0.1:${server.address().port}/  (Ctrl-C to stop)`);
}

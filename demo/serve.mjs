// A static server for the demo, on loopback only, with the strict Content-Security-Policy a merchant's
// checkout would send:
//   /            the engine page (web/demo)          /engine/  the engine (build/wasm)
//   /shop/       the storefront (web/shop)           /widget/  the widget as merchants serve it (build/wasm/widget)
//   /staff/      the customer-service page           /edge/    relais-edge, when --edge names it
//   /track/      the shoppers' tracking page (the link of their e-mails and SMS)
//   /pick/       the picking page (web/pick), for pickers' phones, with relais-pick.mjs from /engine/
//   /common/     the pages' shared modules (web/common: DOM, API calls, formatting), which they import as ../common/
//   /points.relais, /places.rlpt, /base.geojson      the snapshot, the place table, the widget's offline base layer
//   /relais-sw.js                                    the widget's optional service worker (scope: the whole origin)
//   /points.tiles                                    the snapshot as a tile pack (--tiles), read by the widget by ranges;
//                                                    without --tiles, the plain snapshot (the widget reads either)
//   /outlines.geojson                                the tracking page's map: IGN's départements (demo/data) unless
//                                                    --outlines names another GeoJSON file
//   /shop/api/   the storefront's server side (demo/shop.mjs), with the merchant key of --key (or
//                RELAIS_DEMO_API_KEY); one origin for everything, so the policy stays 'self'.
// Files are served as a static host or CDN would: a single `Range: bytes=a-b` gets 206 and those bytes (unless
// --no-ranges, the hosts that ignore Range), code and JSON are gzipped for clients that accept it, and a file
// unchanged since the client's copy (If-None-Match) gets 304.
//   node demo/serve.mjs --snapshot demo/out/points.relais [--tiles demo/out/points.tiles] [--places demo/out/places.rlpt] [--base-layer F.geojson]
//                       [--outlines F.geojson]
//                       [--port 8080] [--edge http://127.0.0.1:8081 --key MERCHANT_KEY]
import { createServer, request } from 'node:http';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
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
  '.ts': 'text/plain; charset=utf-8', '.svg': 'image/svg+xml', '.tiles': 'application/octet-stream' };
// What a host compresses: text and WebAssembly, not the snapshot files (read by ranges, or streamed as they are).
const compressible = new Set(['.html', '.js', '.mjs', '.wasm', '.css', '.geojson', '.json', '.svg', '.ts']);
/** @type {Map<string, {key: string, body: Buffer}>} */
const gzipped = new Map();
const routes = [
  ['/engine/', join(root, 'build/wasm')],
  ['/widget/', join(root, 'build/wasm/widget')],
  ['/staff/', join(root, 'web/staff')],
  ['/pick/', join(root, 'web/pick')],
  ['/track/', join(root, 'web/track')],
  ['/shop/', join(root, 'web/shop')],
  ['/common/', join(root, 'web/common')],
  ['/', join(root, 'web/demo')],
];
const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'";

// files: { places, baseLayer, outlines, tiles } paths; key: the merchant key the storefront's server side uses;
// ranges: false answers every Range request with the whole file (200), as some hosts do; pages: { '/path': html
// or { type, body, headers } } served as they are (tests' and benches' pages, which a service worker must see
// come from the network); packCache: the tile pack's Cache-Control (a CDN's "max-age=3600"; default no-cache).
export function startServer(listenPort = port, snapshotPath = snapshot, edge = args.edge,
  { places = args.places, baseLayer = args['base-layer'], outlines = args.outlines ?? defaultOutlines,
    key = args.key ?? process.env.RELAIS_DEMO_API_KEY, tiles = args.tiles, ranges = !('no-ranges' in args), pages = {},
    packCache = 'no-cache' } = {}) {
  const shop = edge && key ? shopHandler({ edge, key }) : null;
  const server = createServer(async (req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      return send(res, 400, 'bad path');
    }
    if (path.startsWith('/edge/')) return proxy(req, res, edge);
    if (Object.hasOwn(pages, path)) {
      const { type = 'text/html; charset=utf-8', body, headers = {} } = typeof pages[path] === 'string' ? { body: pages[path] } : pages[path];
      res.writeHead(200, { 'Content-Type': type, 'Content-Security-Policy': csp, 'Cache-Control': 'no-cache', ...headers });
      return res.end(body);
    }
    if (path.startsWith('/shop/api/')) return shop ? shop(req, res, path) : send(res, 502, 'no relais-edge (--edge, --key)');
    let file;
    if (path === '/points.relais') file = snapshotPath;
    else if (path === '/points.tiles') file = tiles || snapshotPath;
    else if (path === '/relais-sw.js') file = join(root, 'build/wasm/widget/relais-sw.js');  // At the root: its scope.
    else if (path === '/places.rlpt' && places) file = places;
    else if (path === '/base.geojson' && baseLayer) file = baseLayer;
    else if (path === '/outlines.geojson' && outlines) file = outlines;
    else {
      const [prefix, dir] = routes.find(([p]) => path.startsWith(p));
      const rel = normalize(path.slice(prefix.length) || 'index.html');
      if (rel.startsWith('..')) return send(res, 400, 'bad path');
      file = join(dir, rel);
    }
    let info;
    try {
      info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
    } catch {
      return send(res, 404, 'not found');
    }
    const size = info.size;
    // no-cache: a browser (or the widget's service worker) asks again each time, and a file unchanged since
    // costs a 304 without its body.
    const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    const headers = { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff', 'Cache-Control': path === '/points.tiles' ? packCache : 'no-cache',
      'Last-Modified': info.mtime.toUTCString(), ETag: etag };
    if (!req.headers.range && req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      return res.end();
    }
    if (ranges) headers['Accept-Ranges'] = 'bytes';
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range || '');
    if (ranges && req.headers.range) {
      const from = range && range[1] !== '' ? Number(range[1]) : range && range[2] !== '' ? Math.max(0, size - Number(range[2])) : NaN;
      const to = range && range[1] !== '' && range[2] !== '' ? Math.min(Number(range[2]), size - 1) : size - 1;
      if (!(from >= 0 && from <= to && from < size)) {
        res.writeHead(416, { 'Content-Range': `bytes */${size}` });
        return res.end();
      }
      // Only the range is read: a 180 MB pack costs its few kilobytes, not a read of the whole file.
      res.writeHead(206, { ...headers, 'Content-Range': `bytes ${from}-${to}/${size}`, 'Content-Length': to - from + 1 });
      return createReadStream(file, { start: from, end: to }).pipe(res);
    }
    if (compressible.has(extname(file)) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
      const key = `${info.mtimeMs}:${info.size}`;
      if (gzipped.get(file)?.key !== key) gzipped.set(file, { key, body: gzipSync(await readFile(file), { level: 9 }) });
      res.writeHead(200, { ...headers, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' });
      return res.end(gzipped.get(file).body);
    }
    res.writeHead(200, { ...headers, 'Content-Length': size });
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
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

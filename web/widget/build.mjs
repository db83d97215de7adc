// Builds the widget as merchants serve it, into one folder:
//   relais-widget.js   the custom element, its modules and the engine's glue (relais.mjs), minified; ./picker-map.js
//                      after the first list)
//   picker-map.js      the map, minified (imports ./leaflet.js)
//   picker-plan.js     the basket's plan view, loaded with relais-split.mjs when the page gives a basket
//   leaflet.js         Leaflet's ES module build, minified (it sets no global)
//   relais-picker.wasm   the widget's engine (relais.mjs's API without deltas; its glue is in relais-widget.js)
//   relais.mjs, relais.wasm   the whole engine, for pages of the merchant's own (from the wasm build)
//   relais-split.mjs, relais-split.wasm   basket splitting, loaded only when the page gives a basket
//   relais-widget.css, picker-map.css (the map's, after the list), leaflet.css (+ images), relais-widget.d.ts
//   france.geojson     the map's default base layer, drawn offline: IGN's outline of France (demo/data,
//                      Licence Ouverte; the widget shows the attribution), fetched only by the map
//   sizes.json         bytes and gzip bytes of each file, and the widget's budget total (JS + WASM, no Leaflet)
//
//   node web/widget/build.mjs --wasm build/wasm --out build/wasm/widget
import { build, transform } from 'esbuild';
import { copyFileSync, cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '../..');
const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
const wasmDir = args.wasm || join(root, 'build/wasm');
const out = args.out || join(wasmDir, 'widget');
mkdirSync(out, { recursive: true });

// The map is a module of its own (picker-map.js, with Leaflet), imported after the first list: the list never
// waits for it. It repeats the few helpers it shares with the widget rather than adding a request before the list.
for (const entry of ['relais-widget.js', 'picker-map.js', 'picker-plan.js']) {
  await build({
    entryPoints: [join(here, entry)], outfile: join(out, entry), bundle: true, format: 'esm', minify: true, target: 'es2022', charset: 'utf8',
    external: entry === 'relais-widget.js' ? ['./relais-split.mjs', './picker-map.js', './picker-plan.js'] : ['./leaflet.js'],
    // ./relais.mjs is the wasm build's output: the widget bundles the picker's engine (relais-picker.mjs, the same
    // API without deltas), which loads relais-picker.wasm from the bundle's folder.
    plugins: [{ name: 'engine', setup: (b) => b.onResolve({ filter: /^\.\/relais\.mjs$/ }, () => ({ path: join(wasmDir, 'relais-picker.mjs') })) }], legalComments: 'none', logLevel: 'warning',
  });
}
await build({
  entryPoints: [join(root, 'node_modules/leaflet/dist/leaflet-src.esm.js')], outfile: join(out, 'leaflet.js'),
  format: 'esm', minify: true, target: 'es2022', legalComments: 'eof', logLevel: 'warning',
});
for (const sheet of ['relais-widget.css', 'picker-map.css']) {
  const css = await transform(readFileSync(join(here, sheet), 'utf8'), { loader: 'css', minify: true });
  writeFileSync(join(out, sheet), css.code);
}
copyFileSync(join(root, 'node_modules/leaflet/dist/leaflet.css'), join(out, 'leaflet.css'));
cpSync(join(root, 'node_modules/leaflet/dist/images'), join(out, 'images'), { recursive: true });
copyFileSync(join(here, 'relais-widget.d.ts'), join(out, 'relais-widget.d.ts'));
copyFileSync(join(here, 'relais-sw.js'), join(out, 'relais-sw.js'));  // The optional service worker, as written.
copyFileSync(join(root, 'demo/data/france-metropole-simplifie.geojson'), join(out, 'france.geojson'));
for (const file of ['relais.mjs', 'relais.wasm', 'relais-picker.wasm', 'relais-split.mjs', 'relais-split.wasm']) copyFileSync(join(wasmDir, file), join(out, file));

const sizes = {};
for (const file of readdirSync(out).filter((f) => /\.(js|mjs|wasm|css)$/.test(f))) {
  const bytes = readFileSync(join(out, file));
  sizes[file] = { bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}
const total = (files) => files.reduce((sum, f) => sum + sizes[f].gzip, 0);
// What every page downloads, and what a page with a basket adds once the list is shown.
// The engine's glue (relais.mjs) is bundled into relais-widget.js: one request fewer before the list.
const budget = total(['relais-widget.js', 'relais-picker.wasm', 'relais-widget.css']);
const map = total(['picker-map.js', 'picker-map.css']);
const basket = total(['relais-split.mjs', 'relais-split.wasm', 'picker-plan.js']);
writeFileSync(join(out, 'sizes.json'), JSON.stringify({ files: sizes, widgetGzip: budget, mapGzip: map, basketGzip: basket,
  budgetGzip: 120 * 1024 }, null, 2) + '\n');
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`widget: ${kb(budget)} gzip (JS + WASM + CSS), + ${kb(basket)} with a basket, Leaflet apart (${kb(sizes['leaflet.js'].gzip)}), in ${out}`);

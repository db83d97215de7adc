// The engine demo: loads the snapshot into the WebAssembly engine and answers nearest queries in the page.
// Names and addresses are untrusted: they go in as text (h), never as markup.
import { Relais } from '/engine/relais.mjs';
import { byId, h, say } from '../common/dom.js';
import { formatter } from '../common/format.js';

/** @typedef {import('../common/types.js').EnginePoint} EnginePoint */

const status = byId('status');
const form = byId('search');
const list = byId('results');

let relais;

/**
 * "open, closes mar. 19:00" from the engine's status of `p` at `when`, on the point's clock.
 * @param {any} r the engine (Relais)
 * @param {EnginePoint} p
 * @param {Date} when
 * @returns {string}
 */
function describe(r, p, when) {
  const s = r.status(p, when);
  if (s.open === null) return 'hours not published';
  const time = (d) => formatter('fr-FR', { timeZone: p.tz, weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(d);
  if (s.open) return s.nextClosing ? `open, closes ${time(s.nextClosing)}` : 'open';
  return s.nextOpening ? `closed, opens ${time(s.nextOpening)}` : 'closed';
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!relais) return;
  const data = new FormData(form);
  const when = data.get('openAt') ? new Date(data.get('openAt')) : new Date();
  list.replaceChildren();
  let points;
  try {
    points = relais.nearest({
      lat: Number(data.get('lat')), lon: Number(data.get('lon')), k: 10, kinds: data.getAll('kind'),
      openAt: data.get('openAt') ? when : undefined,
    });
  } catch (e) {
    say(status, e.message, 'error');
    return;
  }
  if (points.length === 0) list.append(h('li', { text: 'No point matches: try other kinds or another time.' }));
  for (const p of points) {
    list.append(h('li', { 'data-id': `${p.carrier}/${p.id}` },
      h('strong', { text: p.name }),
      h('div', { text: [p.address.join(', '), p.postcode, p.city].filter(Boolean).join(' ') }),
      h('div', { className: 'meta',
        text: `${(p.distanceM / 1000).toFixed(2)} km · ${p.kind.replace('_', ' ')} · ${p.carrier} · ${describe(relais, p, when)}` })));
  }
});

try {
  const response = await fetch('/points.relais');
  if (!response.ok) throw new Error(`snapshot: HTTP ${response.status}`);
  const t0 = performance.now();
  relais = await Relais.load(await response.arrayBuffer());
  status.textContent = `${relais.size} points (dataset ${relais.datasetDate}) loaded in ${Math.round(performance.now() - t0)} ms.`;
  form.requestSubmit();
} catch (e) {
  say(status, `The relay points are unavailable (${e.message}). Home delivery still works.`, 'error');
}


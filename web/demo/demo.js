// The engine demo: loads the snapshot into the WebAssembly engine and answers nearest queries in the page.
import { Relais } from '/engine/relais.mjs';

const status = document.getElementById('status');
const form = document.getElementById('search');
const list = document.getElementById('results');

function text(tag, content, className) {
  const el = document.createElement(tag);
  el.textContent = content;  // Never innerHTML: names and addresses are untrusted.
  if (className) el.className = className;
  return el;
}

let relais;

function describe(r, p, when) {
  const s = r.status(p, when);
  if (s.open === null) return 'hours not published';
  const time = (d) => d.toLocaleString('fr-FR', { timeZone: p.tz, weekday: 'short', hour: '2-digit', minute: '2-digit' });
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
    status.textContent = e.message;
    status.className = 'error';
    return;
  }
  if (points.length === 0) list.append(text('li', 'No point matches: try other kinds or another time.'));
  for (const p of points) {
    const item = document.createElement('li');
    item.append(text('strong', p.name), text('div', [p.address.join(', '), p.postcode, p.city].filter(Boolean).join(' ')));
    item.append(text('div', `${(p.distanceM / 1000).toFixed(2)} km · ${p.kind.replace('_', ' ')} · ${p.carrier} · ${describe(relais, p, when)}`, 'meta'));
    item.dataset.id = `${p.carrier}/${p.id}`;
    list.append(item);
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
  status.textContent = `The relay points are unavailable (${e.message}). Home delivery still works.`;
  status.className = 'error';
}


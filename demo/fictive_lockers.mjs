// The demo's lockers are generated (no carrier publishes an open locker file), so they must not pass for real
// ones: each is named "Consigne fictive N", its street says it is invented, and its postcode and town are those
// of the nearest real commune (La Poste's postcode base), so the list never shows "VILLE 2491".
//   node demo/fictive_lockers.mjs SYNTH.jsonl laposte_hexasmal.csv OUT.jsonl
import { readFileSync, writeFileSync } from 'node:fs';

const [synthPath, placesPath, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error('usage: node demo/fictive_lockers.mjs SYNTH.jsonl laposte_hexasmal.csv OUT.jsonl');
  process.exit(2);
}
// Code_commune_INSEE;Nom_commune;Code_postal;Ligne_5;Libellé_d_acheminement;coordonnees_gps ("lat,lon").
const communes = [];
for (const row of readFileSync(placesPath, 'utf8').split('\n').slice(1)) {
  const cols = row.split(';');
  const [lat, lon] = (cols[5] || '').replace(/"/g, '').split(',').map(Number);
  if (Number.isFinite(lat) && Number.isFinite(lon) && cols[2]) communes.push({ postcode: cols[2], town: cols[1], lat, lon });
}
const lockers = readFileSync(synthPath, 'utf8').split('\n').filter((l) => l.includes('"kind":"locker"')).map((l) => JSON.parse(l));
const out = lockers.map((r, i) => {
  let best = communes[0], bestD = Infinity;
  const k = Math.cos((r.lat * Math.PI) / 180);
  for (const c of communes) {
    const d = (c.lat - r.lat) ** 2 + ((c.lon - r.lon) * k) ** 2;
    if (d < bestD) [best, bestD] = [c, d];
  }
  return { ...r, name: `Consigne fictive ${i + 1}`, address: ['Emplacement inventé (démonstration)'],
    postcode: best.postcode, city: best.town };
});
writeFileSync(outPath, out.map((r) => JSON.stringify(r)).join('\n') + '\n');
console.log(`${out.length} fictive lockers, each in its nearest real commune`);

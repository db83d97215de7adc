// A QR code drawn in the page from its modules (relais-edge sends them: one string of 0/1 per row, '1' dark),
// as SVG: one rectangle per run of dark modules, a white quiet zone of 4 modules around. No image to fetch, no
// markup from the server, nothing the strict CSP refuses. The tracking page draws its pick-up code and its
// return numbers with it.
import { svg } from './dom.js';

/**
 * The QR code of `rows` as an SVG image (class `qr`) named `label` for assistive technology.
 * @param {string[]} rows the modules, row by row ('1' dark)
 * @param {string} label its accessible name (what it carries, in words)
 * @returns {SVGElement}
 */
export function qrView(rows, label) {
  const size = rows.length + 8;
  const runs = [];
  rows.forEach((row, y) => {
    for (let x = 0; x < row.length;) {
      if (row[x] !== '1') {
        x++;
        continue;
      }
      let end = x;
      while (row[end] === '1') end++;
      runs.push(svg('rect', { x: x + 4, y: y + 4, width: end - x, height: 1 }));
      x = end;
    }
  });
  return svg('svg', { viewBox: `0 0 ${size} ${size}`, role: 'img', 'aria-label': label, class: 'qr',
    'shape-rendering': 'crispEdges' }, svg('rect', { width: size, height: size, fill: '#fff' }), runs);
}

// The picker's map: Leaflet as the host, the engine's clusters as its content. Two layers of markers:
//   - context: the points of the viewport that pass the list's filters (setFilter), clustered, redrawn after
//     each move; never one DOM marker per point, whatever the snapshot's size. The engine's clusters are
//     precomputed over every point, so with a filter the context is clustered here, from the viewport's
//     points (r.clusters below its last zoom: rows, no objects) and the engine's matches; only a viewport
//     of more than LEAF_LIMIT points falls back to the engine's clusters, without their counts (they may
//     hold excluded points), and clicking one only zooms in. A point the list would refuse is never drawn;
//   - results: the list's points, numbered as in the list, the selected one drawn apart.
// Markers are built with textContent (names are untrusted). They are pointer shortcuts, out of the tab order
// and hidden from assistive technology: the list is the keyboard's and the screen reader's way to the same
// points (the map itself still pans and zooms from the keyboard, as Leaflet does).
import * as L from './leaflet.js';
import { h } from '../common/dom.js';
import { addOutlines } from '../common/map.js';

/** @typedef {import('./relais-widget.js').RelayPoint} RelayPoint */

const CONTEXT_LIMIT = 400;  // Markers drawn for the context layer, at most.
const LEAF_LIMIT = 40000;   // Points of a viewport clustered here (La Poste's 17k in one view of France).
const CELL_PX = 60;         // The side of a cluster's cell, in screen pixels.

export class PickerMap {
  /**
   * container: the element Leaflet fills. options: { tiles (URL template, or 'none'), attribution,
   * label (the map's accessible name), clusterLabel(n), onResult(index) (a result marker picked),
   * onPoint(pointIndex) (a context point picked) }.
   * @param {HTMLElement} container
   * @param {{tiles?: string, attribution?: string, label: string, clusterLabel: (n: number | string) => string,
   *   onResult: (index: number) => void, onPoint: (pointIndex: number) => void}} options
   */
  constructor(container, options) {
    this._options = options;
    this._map = L.map(container, { zoomControl: true, attributionControl: true, minZoom: 3, maxZoom: 18,
      worldCopyJump: false, preferCanvas: false });
    container.setAttribute('role', 'region');
    container.setAttribute('aria-label', options.label);
    if (options.tiles && options.tiles !== 'none') {
      L.tileLayer(options.tiles, { attribution: options.attribution || '', maxZoom: 19 }).addTo(this._map);
    } else if (options.attribution) {
      this._map.attributionControl.addAttribution(options.attribution);
    }
    this._context = L.layerGroup().addTo(this._map);
    this._results = L.layerGroup().addTo(this._map);
    this._resultMarkers = [];
    this._map.setView([46.6, 2.4], 5);
    this._map.on('moveend', () => this._scheduleContext());
  }

  // The context layer is redrawn once per frame at most, after what the shopper is waiting for (the list).
  _scheduleContext() {
    if (this._contextFrame) return;
    this._contextFrame = requestAnimationFrame(() => {
      this._contextFrame = 0;
      this._drawContext();
    });
  }

  /**
   * Draws a GeoJSON object (e.g. country outlines) under everything: the offline base layer.
   * @param {object} geojson
   * @returns {void}
   */
  addBaseLayer(geojson) {
    addOutlines(L, this._map, geojson);
  }

  /**
   * The snapshot whose points the context layer shows.
   * @param {any} relais the engine (Relais) with the snapshot loaded
   * @returns {void}
   */
  setSnapshot(relais) {
    this._relais = relais;
    this._scheduleContext();
  }

  /**
   * accepts(pointIndex): whether the list's filters let a point through; the context shows only those.
   * @param {(pointIndex: number) => boolean} accepts
   * @returns {void}
   */
  setFilter(accepts) {
    this._accepts = accepts;
    this._scheduleContext();
  }

  /**
   * Removes the map and whatever it still had to draw.
   * @returns {void}
   */
  destroy() {
    cancelAnimationFrame(this._contextFrame);
    this._contextFrame = 0;
    this._map.remove();
  }

  /** @returns {any} the Leaflet map */
  get leaflet() {
    return this._map;
  }

  /**
   * The list's points (engine objects, in list order); `selected` the list index drawn apart, or -1.
   * @param {RelayPoint[]} points
   * @param {number} [selected]
   * @param {boolean} [fit] whether the view moves to show them all
   * @returns {void}
   */
  setResults(points, selected = -1, fit = true) {
    this._results.clearLayers();
    this._resultMarkers = points.map((p, i) => {
      const badge = h('span', { className: 'relais-pin-badge', text: String(i + 1) });
      const icon = L.divIcon({ className: `relais-pin relais-pin-${p.kind}${i === selected ? ' relais-pin-selected' : ''}`,
        html: badge, iconSize: [28, 28], iconAnchor: [14, 36] });  // The tip, 8 px under the disc.
      const marker = L.marker([p.lat, p.lon], { icon, keyboard: false, title: p.name, riseOnHover: true,
        zIndexOffset: i === selected ? 2000 : 1000 });
      marker.on('click', () => this._options.onResult(i));
      marker.addTo(this._results);
      marker.getElement().setAttribute('aria-hidden', 'true');  // The list says the same to assistive technology.
      return marker;
    });
    if (fit && points.length) {
      this._map.fitBounds(L.latLngBounds(points.map((p) => [p.lat, p.lon])).pad(0.15), { maxZoom: 16, animate: false });
    }
  }

  /**
   * Draws `index` of the results as the selected one and brings it into view.
   * @param {number} index
   * @returns {void}
   */
  select(index) {
    this._resultMarkers.forEach((marker, i) => {
      const node = marker.getElement();
      node.classList.toggle('relais-pin-selected', i === index);
      marker.setZIndexOffset(i === index ? 2000 : 1000);
    });
    const marker = this._resultMarkers[index];
    if (marker && !this._map.getBounds().pad(-0.1).contains(marker.getLatLng())) {
      this._map.panTo(marker.getLatLng(), { animate: false });
    }
  }

  /**
   * Recomputes the map's size after its container changed (shown, resized).
   * @returns {void}
   */
  resize() {
    this._map.invalidateSize({ animate: false });
  }

  _drawContext() {
    if (!this._relais) return;
    const b = this._map.getBounds();
    const zoom = this._map.getZoom();
    const box = { south: b.getSouth(), west: b.getWest(), north: b.getNorth(), east: b.getEast() };
    const accepts = this._accepts || (() => true);
    let items = this._relais.clusters(box, zoom, { limit: CONTEXT_LIMIT });
    const inView = items.reduce((sum, item) => sum + item.count, 0);
    let exact = inView <= LEAF_LIMIT;
    if (exact) items = cluster(this._relais.clusters(box, 99, { limit: LEAF_LIMIT }).filter((p) => accepts(p.pointIndex)), zoom);
    else items = items.filter((item) => item.count > 1 || accepts(item.pointIndex));
    this._context.clearLayers();
    for (const item of items.slice(0, CONTEXT_LIMIT)) {
      if (item.count > 1) {
        const size = !exact ? 26 : item.count < 10 ? 26 : item.count < 100 ? 32 : item.count < 1000 ? 38 : 44;
        const icon = L.divIcon({ className: 'relais-cluster', html: h('span', { text: exact ? compact(item.count) : '+' }),
          iconSize: [size, size] });
        const marker = L.marker([item.lat, item.lon], { icon, keyboard: false,
          title: this._options.clusterLabel(exact ? item.count : '') });
        marker.on('click', () => this._map.setView([item.lat, item.lon], Math.min(item.expansionZoom, 18)));
        marker.addTo(this._context);
        marker.getElement().setAttribute('aria-hidden', 'true');
      } else {
        const icon = L.divIcon({ className: `relais-dot relais-dot-${item.kind}`, iconSize: [12, 12] });
        const marker = L.marker([item.lat, item.lon], { icon, keyboard: false, interactive: true });
        marker.on('click', () => this._options.onPoint(item.pointIndex));
        marker.addTo(this._context);
        marker.getElement().setAttribute('aria-hidden', 'true');
        marker.getElement().dataset.point = String(item.pointIndex);
      }
    }
  }
}

// Points ({ lat, lon, pointIndex, kind }) grouped by CELL_PX squares of the Web Mercator plane at `zoom`:
// a cell of one point stays that point; a cell of more is a cluster at their mean position that a click
// opens two zooms closer.
function cluster(points, zoom) {
  const scale = (256 * 2 ** zoom) / CELL_PX;
  const cells = new Map();
  for (const p of points) {
    const sin = Math.sin((p.lat * Math.PI) / 180);
    const x = Math.floor(((p.lon + 180) / 360) * scale);
    const y = Math.floor((0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale);
    const key = x * 1e7 + y;
    const cell = cells.get(key);
    if (!cell) cells.set(key, { ...p, count: 1 });
    else {
      cell.lat = (cell.lat * cell.count + p.lat) / (cell.count + 1);
      cell.lon = (cell.lon * cell.count + p.lon) / (cell.count + 1);
      cell.count++;
      cell.expansionZoom = zoom + 2;
    }
  }
  // The biggest first, so the CONTEXT_LIMIT kept are what the eye looks for.
  return [...cells.values()].sort((a, b) => b.count - a.count);
}

function compact(n) {
  return n >= 10000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);
}

// The picker's map: Leaflet as the host, the engine's clusters as its content. Two layers of markers:
//   - context: every point of the viewport as the engine clusters it (r.clusters), redrawn after each move;
//     never one DOM marker per point, whatever the snapshot's size;
//   - results: the list's points, numbered as in the list, the selected one drawn apart.
// Markers are built with textContent (names are untrusted). They are pointer shortcuts, out of the tab order
// and hidden from assistive technology: the list is the keyboard's and the screen reader's way to the same
// points (the map itself still pans and zooms from the keyboard, as Leaflet does).
import * as L from './leaflet.js';

const CONTEXT_LIMIT = 400;  // Markers drawn for the context layer, at most.

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export class PickerMap {
  /**
   * container: the element Leaflet fills. options: { tiles (URL template, or 'none'), attribution,
   * label (the map's accessible name), clusterLabel(n), onResult(index) (a result marker picked),
   * onPoint(pointIndex) (a context point picked) }.
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

  /** Draws a GeoJSON object (e.g. country outlines) under everything: the offline base layer. */
  addBaseLayer(geojson) {
    L.geoJSON(geojson, { interactive: false, style: { color: '#7b8089', weight: 1, fillColor: '#eef0f2', fillOpacity: 1 } })
      .addTo(this._map).bringToBack();
  }

  /** The snapshot whose points the context layer shows. */
  setSnapshot(relais) {
    this._relais = relais;
    this._scheduleContext();
  }

  /** Removes the map and whatever it still had to draw. */
  destroy() {
    cancelAnimationFrame(this._contextFrame);
    this._contextFrame = 0;
    this._map.remove();
  }

  get leaflet() {
    return this._map;
  }

  /** The list's points (engine objects, in list order); `selected` the list index drawn apart, or -1. */
  setResults(points, selected = -1, fit = true) {
    this._results.clearLayers();
    this._resultMarkers = points.map((p, i) => {
      const badge = el('span', 'relais-pin-badge', String(i + 1));
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

  /** Draws `index` of the results as the selected one and brings it into view. */
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

  /** Recomputes the map's size after its container changed (shown, resized). */
  resize() {
    this._map.invalidateSize({ animate: false });
  }

  _drawContext() {
    if (!this._relais) return;
    const b = this._map.getBounds();
    const zoom = this._map.getZoom();
    const items = this._relais.clusters({ south: b.getSouth(), west: b.getWest(), north: b.getNorth(), east: b.getEast() },
      zoom, { limit: CONTEXT_LIMIT });
    this._context.clearLayers();
    for (const item of items) {
      if (item.count > 1) {
        const size = item.count < 10 ? 26 : item.count < 100 ? 32 : item.count < 1000 ? 38 : 44;
        const icon = L.divIcon({ className: 'relais-cluster', html: el('span', '', compact(item.count)),
          iconSize: [size, size] });
        const marker = L.marker([item.lat, item.lon], { icon, keyboard: false, title: this._options.clusterLabel(item.count) });
        marker.on('click', () => this._map.setView([item.lat, item.lon], Math.min(item.expansionZoom, 18)));
        marker.addTo(this._context);
        marker.getElement().setAttribute('aria-hidden', 'true');
      } else {
        const icon = L.divIcon({ className: `relais-dot relais-dot-${item.kind}`, iconSize: [12, 12] });
        const marker = L.marker([item.lat, item.lon], { icon, keyboard: false, interactive: true });
        marker.on('click', () => this._options.onPoint(item.pointIndex));
        marker.addTo(this._context);
        marker.getElement().setAttribute('aria-hidden', 'true');
      }
    }
  }
}

function compact(n) {
  return n >= 10000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);
}

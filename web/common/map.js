// What the widget's map and the tracking page's map draw alike. Leaflet is passed in: the widget bundles it,
// the tracking page imports it only when it has a map to draw.

/** How outlines (a GeoJSON base layer: France, its départements) are drawn: grey land, thin borders. */
export const OUTLINE_STYLE = Object.freeze({ color: '#7b8089', weight: 1, fillColor: '#eef0f2', fillOpacity: 1 });

/**
 * Draws `geojson` under everything else of `map`, not clickable: the offline base layer.
 * @param {any} L the Leaflet module
 * @param {any} map a Leaflet map
 * @param {object} geojson
 * @returns {any} the layer
 */
export function addOutlines(L, map, geojson) {
  return L.geoJSON(geojson, { interactive: false, style: { ...OUTLINE_STYLE } }).addTo(map).bringToBack();
}

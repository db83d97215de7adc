// The tile pack's layout as the browser reads it (data-sync/tile_pack.h writes it): constants, entries, and the
// distance from a position to an entry's box, which bounds the distance to any point below it.

export const PACK_MAGIC = 'RELAISt\n';
export const SNAPSHOT_MAGIC = 'RELAISv\n';
export const HEADER = 64;
export const ENTRY = 40;
export const MAX_PAGE_ENTRIES = 256;
export const MAX_POSTCODE_PAGES = 128;
export const POSTCODE_BLOCK = 24;
// The header, the largest root page and the largest postcode block: what the first request asks for.
export const FIRST_REQUEST = HEADER + MAX_PAGE_ENTRIES * ENTRY + POSTCODE_BLOCK + MAX_POSTCODE_PAGES * 8;
export const PAGE_BIT = 0x80000000;
export const MAX_TILE_BYTES = 4 << 20;  // A tile of 128 points deflates to about 5 KB; anything near this is damage.
const EARTH_RADIUS_M = 6371008.8;  // wasm/engine/geo.h's.
const RAD = Math.PI / 180;

/** @param {Uint8Array} bytes @param {number} at */
export function magicAt(bytes, at = 0) {
  return String.fromCharCode(...bytes.subarray(at, at + 8));
}

/** @param {string} message */
export function packError(message) {
  return Object.assign(new Error(`relais: tile pack: ${message}`), { code: 'RELAIS_BAD_SNAPSHOT' });
}

/** 16 hex digits of the u64 at `at`. @param {DataView} view @param {number} at */
export function hex64(view, at) {
  return view.getUint32(at + 4, true).toString(16).padStart(8, '0') + view.getUint32(at, true).toString(16).padStart(8, '0');
}

/**
 * Great-circle distance in metres from (lat, lon) to the nearest point of a latitude/longitude box (degrees):
 * a lower bound of the distance to any point inside it. Across a meridian side, the nearest point of that
 * meridian lies at latitude atan(tan(lat) / cos(dlon)), clamped to the box.
 */
export function boxDistanceM(lat, lon, south, west, north, east) {
  if (lon >= west && lon <= east) {
    const dlat = lat < south ? south - lat : lat > north ? lat - north : 0;
    return dlat * RAD * EARTH_RADIUS_M;
  }
  const edge = lon < west ? west : east;
  let dlon = Math.abs(lon - edge);
  if (dlon > 180) dlon = 360 - dlon;
  const nearestLat = dlon >= 90 ? (lat >= 0 ? north : south)
    : Math.min(north, Math.max(south, Math.atan(Math.tan(lat * RAD) / Math.cos(dlon * RAD)) / RAD));
  const p1 = lat * RAD, p2 = nearestLat * RAD;
  const h = Math.sin((p2 - p1) / 2) ** 2 + Math.cos(p1) * Math.cos(p2) * Math.sin((dlon * RAD) / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The entries of a page. @param {Uint8Array} bytes
 * @returns {{south: number, west: number, north: number, east: number, offset: number, size: number,
 *   count: number, page: boolean, checksum: string}[]}
 */
export function readEntries(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = [];
  for (let at = 0; at + ENTRY <= bytes.length; at += ENTRY) {
    const count = view.getUint32(at + 28, true);
    entries.push({
      south: view.getInt32(at, true) / 1e6, west: view.getInt32(at + 4, true) / 1e6,
      north: view.getInt32(at + 8, true) / 1e6, east: view.getInt32(at + 12, true) / 1e6,
      offset: Number(view.getBigUint64(at + 16, true)), size: view.getUint32(at + 24, true),
      count: count & 0x7fffffff, page: (count & PAGE_BIT) !== 0, checksum: hex64(view, at + 32),
    });
  }
  return entries;
}

// The JavaScript API of the picking module, appended to relais-pick.mjs with --extern-post-js: the shortest
// route through the stops a picker still has to visit, computed on the phone (the same engine as relais-edge's,
// wasm/engine/pick_route_json.h), so that skipping a location or finding a product missing re-plans the walk
// without the network. Plain objects, no eval.
//
//   import { RelaisPick } from './relais-pick.mjs';
//   const picking = await RelaisPick.load();                       // node: { wasmBinary }
//   picking.route({ layout, from: { aisle, bay }, stops: [{ aisle, bay, temperature }] });
//   picking.route({ layout /* with walkways */, from: { node }, stops: [{ node, temperature }] });
//     // { order, length_m, optimal, path }; a refused request throws an Error with code 'RELAIS_BAD_ROUTE'
//   picking.gtin14('8413000065504');                               // '08413000065504', or null (check digit)

const pickUtf8 = new TextDecoder();
const pickEncoder = new TextEncoder();

export const RelaisPick = {
  /**
   * @param {{wasmBinary?: ArrayBuffer | Uint8Array}} [options]
   */
  async load(options = {}) {
    const module = await createRelaisPick(options.wasmBinary ? { wasmBinary: options.wasmBinary } : {});
    return {
      /**
       * A parallel-aisle layout takes {aisle, bay} places, a layout of walkways {node} ones.
       * @param {{layout: object, from?: {aisle: number, bay: number} | {node: string} | null, stops: Array<{aisle?: number, bay?: number, node?: string, temperature?: string}>}} request
       * @returns {{order: number[], length_m: number, optimal: boolean, path: number[]}}
       */
      route(request) {
        const bytes = pickEncoder.encode(JSON.stringify(request));
        const at = module._relais_alloc(bytes.length);
        module.HEAPU8.set(bytes, at);
        const out = module._relais_pick_route(at, bytes.length);
        module._free(at);
        const answer = JSON.parse(pickUtf8.decode(module.HEAPU8.subarray(out, out + module._relais_pick_route_size())));
        if (answer.error) {
          const error = new Error(`relais: ${answer.error}`);
          error.code = 'RELAIS_BAD_ROUTE';
          throw error;
        }
        return answer;
      },
      /**
       * @param {string} code digits read or typed
       * @returns {string | null} the GTIN as 14 digits, or null when it is not one
       */
      gtin14(code) {
        const bytes = pickEncoder.encode(String(code));
        const at = module._relais_alloc(bytes.length + 1);
        module.HEAPU8.set(bytes, at);
        const out = module._relais_pick_gtin14(at, bytes.length);
        module._free(at);
        let end = out;
        while (module.HEAPU8[end]) end++;
        const digits = pickUtf8.decode(module.HEAPU8.subarray(out, end));
        return digits || null;
      },
    };
  },
};

// The JavaScript API of the picking module, appended to relais-pick.mjs with --extern-post-js: the shortest
// route through the stops a picker still has to visit, computed on the phone (the same engine as relais-edge's,
// wasm/engine/pick_route_json.h), so that skipping a location or finding a product missing re-plans the walk
// without the network. Plain objects, no eval.
//
//   import { RelaisPick } from './relais-pick.mjs';
//   const picking = await RelaisPick.load();                       // node: { wasmBinary }
//   picking.route({ layout, from: { aisle, bay }, stops: [{ aisle, bay, temperature }] });
//     // { order, length_m, optimal, path }; a refused request throws an Error with code 'RELAIS_BAD_ROUTE'

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
       * @param {{layout: object, from?: {aisle: number, bay: number} | null, stops: Array<{aisle: number, bay: number, temperature?: string}>}} request
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
    };
  },
};

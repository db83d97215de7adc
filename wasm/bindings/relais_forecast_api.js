// The JavaScript API of the forecast module, appended to relais-forecast.mjs with --extern-post-js: a
// product's sales forecast computed in the page with the server's engine (wasm/engine/sales_forecast_json.h),
// for the staff page's what-if. Plain objects, no eval.
//
//   import { RelaisForecast } from './relais-forecast.mjs';
//   const engine = await RelaisForecast.load();                    // node: { wasmBinary }
//   const answer = await (await fetch('/v1/forecast?sku=MUG1&site=site-1&inputs=true', ...)).json();
//   engine.forecast({ from: answer.from, days: answer.days, ...answer.inputs });   // the server's line
//   engine.forecast({ ..., options: { ...answer.inputs.options, trend_min: 1, trend_max: 1 } });  // no trend
//     // { daily, total, method, trend, share, launch_share, category_used, last_year, compared_with };
//     // a refused request throws an Error with code 'RELAIS_BAD_FORECAST' naming the field

const forecastUtf8 = new TextDecoder();
const forecastEncoder = new TextEncoder();

export const RelaisForecast = {
  /**
   * @param {{wasmBinary?: ArrayBuffer | Uint8Array}} [options]
   */
  async load(options = {}) {
    const module = await createRelaisForecast(options.wasmBinary ? { wasmBinary: options.wasmBinary } : {});
    return {
      /**
       * @param {{from: string, days: number, history: {first_day: string, sold: number[], in_stock?: number[]},
       *   category?: {path?: string, first_day: string, sold: number[], in_stock?: number[]} | null,
       *   holidays?: 'fr' | 'none', options?: {trend_weeks?: number, trend_min?: number, trend_max?: number,
       *   launch_share?: number}}} request
       * @returns {{from: string, days: number, daily: number[], total: number, method: string, trend: number,
       *   share: number, launch_share: number, category_used: string, last_year: Array<number | null>,
       *   compared_with: string[]}}
       */
      forecast(request) {
        const bytes = forecastEncoder.encode(JSON.stringify(request));
        const at = module._relais_alloc(bytes.length);
        module.HEAPU8.set(bytes, at);
        const out = module._relais_forecast(at, bytes.length);
        module._free(at);
        const answer = JSON.parse(forecastUtf8.decode(module.HEAPU8.subarray(out, out + module._relais_forecast_size())));
        if (answer.error) {
          const error = new Error(`relais: ${answer.error}`);
          error.code = 'RELAIS_BAD_FORECAST';
          throw error;
        }
        return answer;
      },
    };
  },
};

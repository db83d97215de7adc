// The JavaScript API of the split module, appended to relais-split.mjs with --extern-post-js. Basket
// splitting lives apart from the snapshot module (relais.mjs) so that a page without a basket never
// downloads the solver; a page with one loads it when the basket arrives. Plain objects, no eval.
//
//   import { RelaisSplit } from './relais-split.mjs';
//   const splitting = await RelaisSplit.load();                     // node: { wasmBinary }
//   splitting.split(input, { snapshot: r });                        // the SplitPlan (wasm/engine/split_json.h)
//   const s = splitting.splitter(input, { snapshot: r });           // parse once (GET /v1/availability) ...
//   s.plan({ quantities, line_modes, choices, preference });        // ... plan at each change of mind
//   splitting.refund(input);                                        // a return's RefundQuote (refund_json.h)
//
// A relay or locker in `choices` given by { carrier, id } only is looked up in `snapshot` (a snapshot from
// relais.mjs: r.splitPoint), exactly as the native engine looks it up in its snapshot; the plans are
// byte-identical to the native engine's.
//
// refund(input) quotes what a product return refunds, to the cent, from a refund input (wasm/engine/refund_json.h:
// the order's lines, discount, delivery, benefits and policy, the units returned before and those coming back):
// { cancelled, goods_cents, line_cents, owed_cents, refund_cents, shipping_cents, taken_back, taken_back_cents }.
// { text: true } gives the quote's JSON text, byte-identical to the native engine's (QuoteRefundText). Cents
// stay integers below 2^53 (the engine bounds them by 2^40), exact in JavaScript numbers. A refused input throws
// an Error with code 'RELAIS_BAD_REFUND_INPUT' whose message names the field.

const splitUtf8 = new TextDecoder();
const splitEncoder = new TextEncoder();

function splitInputError(message, code = 'RELAIS_BAD_SPLIT_INPUT') {
  const error = new Error(`relais: ${message}`);
  error.code = code;
  return error;
}

// `choices` with its relay and locker known by key replaced by their full description from `snapshot`.
function resolveChoices(choices, today, snapshot) {
  if (!snapshot || !choices || typeof choices !== 'object') return choices;
  let resolved = choices;
  for (const key of ['relay', 'locker']) {
    const point = choices[key];
    if (!point || typeof point !== 'object' || 'lat' in point || typeof point.carrier !== 'string' || typeof point.id !== 'string') continue;
    let full;
    try {
      full = snapshot.splitPoint(point.carrier, point.id, today);
    } catch {
      continue;  // No valid `today`: the engine names the field.
    }
    if (!full) throw splitInputError(`choices.${key}.id: no such point in the snapshot`);
    resolved = { ...resolved, [key]: full };
  }
  return resolved;
}

class Splitting {
  constructor(module) {
    this._m = module;
  }

  _in(value) {
    const view = splitEncoder.encode(typeof value === 'string' ? value : JSON.stringify(value));
    const ptr = this._m._relais_alloc(view.length);
    if (!ptr) throw Object.assign(new RangeError(`relais: ${view.length} bytes do not fit in memory`), { code: 'RELAIS_NO_MEMORY' });
    this._m.HEAPU8.set(view, ptr);
    return [ptr, view.length];
  }

  _out(ptr, options, code = 'RELAIS_BAD_SPLIT_INPUT') {
    const heap = this._m.HEAPU8;
    const text = splitUtf8.decode(heap.subarray(ptr, heap.indexOf(0, ptr)));
    if (text.startsWith('{"error":')) throw splitInputError(JSON.parse(text).error, code);
    return options.text ? text : JSON.parse(text);
  }

  // The input as an object with its choices resolved (text is parsed only when a snapshot must resolve).
  _resolve(input, snapshot) {
    if (!snapshot) return input;
    let object = input;
    if (typeof input === 'string') {
      try {
        object = JSON.parse(input);
      } catch {
        return input;  // Not JSON: the engine says so.
      }
    }
    if (!object || typeof object !== 'object' || !object.choices) return input;
    const choices = resolveChoices(object.choices, object.today, snapshot);
    return choices === object.choices ? input : { ...object, choices };
  }

  /**
   * Plans a basket: which site serves each line, by which mode, in how many shipments. `input` is an object
   * or its JSON text; options: { snapshot } (resolves relays and lockers given by key), { text: true } (the
   * plan as JSON text). Throws an Error with code 'RELAIS_BAD_SPLIT_INPUT' naming the field when refused.
   */
  split(input, options = {}) {
    const [ptr, length] = this._in(this._resolve(input, options.snapshot));
    return this._out(this._m._relais_split(ptr, length), options);
  }

  /**
   * Quotes what a product return refunds (wasm/engine/refund_json.h): `input` is the refund input, an object
   * or its JSON text; options: { text: true } (the quote as JSON text, byte-identical to the native engine's).
   * Throws an Error with code 'RELAIS_BAD_REFUND_INPUT' naming the field when refused.
   */
  refund(input, options = {}) {
    const [ptr, length] = this._in(input);
    return this._out(this._m._relais_refund(ptr, length), options, 'RELAIS_BAD_REFUND_INPUT');
  }

  /**
   * Parses a split input once for many plans: plan({ quantities, line_modes, choices, preference }, options)
   * plans the input as the shopper now wants it without re-reading the sites and stock. close() frees it.
   */
  splitter(input, { snapshot } = {}) {
    const m = this._m;
    const resolved = this._resolve(input, snapshot);
    let today = null;  // The input's day: choices in later updates are resolved for it.
    try {
      today = (typeof input === 'string' ? JSON.parse(input) : input)?.today ?? null;
    } catch {
      today = null;  // Not JSON: the engine refuses it below.
    }
    const [ptr, length] = this._in(resolved);
    const handle = m._relais_splitter_open(ptr, length);
    if (!handle) {
      const e = m._relais_last_error();
      throw splitInputError(splitUtf8.decode(m.HEAPU8.subarray(e, m.HEAPU8.indexOf(0, e))));
    }
    let open = true;
    const self = this;
    return {
      plan(update = {}, options = {}) {
        if (!open) throw new Error('relais: this splitter is closed');
        const resolvedUpdate = update.choices ? { ...update, choices: resolveChoices(update.choices, today, snapshot) } : update;
        const [u, size] = self._in(resolvedUpdate);
        return self._out(m._relais_splitter_plan(handle, u, size), options);
      },
      close() {
        if (open) m._relais_splitter_close(handle);
        open = false;
      },
    };
  }
}

export const RelaisSplit = {
  /** Instantiates the split module. options: { wasmBinary } (node: the bytes of relais-split.wasm). */
  async load(options = {}) {
    return new Splitting(await createRelaisSplit(options.wasmBinary ? { wasmBinary: options.wasmBinary } : {}));
  },
};

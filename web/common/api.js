// Calls to relais-edge (and to a merchant's own JSON endpoints) from a page: JSON in and out, the bearer
// credential, and every refusal turned into an ApiError that carries the server's
// {"error": {"code", "message", "field", ...}} -- so a page shows the server's explanation as it is.

/** @typedef {import('./types.js').ApiErrorDetail} ApiErrorDetail */

/** A refusal (any answer but 2xx): the server's message, with its HTTP status, code, field and details. */
export class ApiError extends Error {
  /**
   * @param {number} status the HTTP status
   * @param {ApiErrorDetail} detail the answer's `error` object ({} when there was none)
   * @param {string} message
   */
  constructor(status, detail, message) {
    super(message);
    this.name = 'ApiError';
    /** @type {number} */
    this.status = status;
    /** @type {string | undefined} the server's error code (e.g. `relay_unavailable`) */
    this.code = detail.code;
    /** @type {string | undefined} the request field at fault (e.g. `relay.id`) */
    this.field = detail.field;
    /** @type {ApiErrorDetail} the whole `error` object: some codes add alternatives, children, plan... */
    this.details = detail;
  }
}

/**
 * @typedef {object} RequestOptions
 * @property {string} [method] GET unless said
 * @property {unknown} [body] sent as JSON (with its Content-Type) when given
 * @property {string | null} [token] sent as `Authorization: Bearer <token>` unless null or undefined
 * @property {RequestCache} [cache] the fetch cache mode (a polled page wants 'no-store')
 * @property {Record<string, string>} [headers] more request headers
 * @property {(status: number) => string} [fallback] the message when a refusal carries none
 */

// Sends the request `options` describe: the bearer credential, a JSON body with its Content-Type.
/**
 * @param {string} url
 * @param {RequestOptions} options
 * @returns {Promise<Response>}
 */
function send(url, { method = 'GET', body, token, cache, headers: extra }) {
  /** @type {Record<string, string>} */
  const headers = { ...extra };
  if (token !== undefined && token !== null) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  /** @type {RequestInit} */
  const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
  if (cache) init.cache = cache;
  return fetch(url, init);
}

/**
 * The ApiError of a refusal whose body was `answer` (its JSON, {} when it was none).
 * @param {number} status
 * @param {any} answer
 * @param {((status: number) => string) | undefined} fallback
 * @returns {ApiError}
 */
function refusal(status, answer, fallback) {
  const detail = answer?.error ?? {};
  return new ApiError(status, detail, detail.message ?? (fallback ? fallback(status) : `HTTP ${status}`));
}

/**
 * Fetches `url` and reads its JSON answer ({} when the body is not JSON).
 * @param {string} url
 * @param {RequestOptions} [options]
 * @returns {Promise<any>} the answer
 * @throws {ApiError} when the status is not 2xx
 */
export async function fetchJson(url, options = {}) {
  const res = await send(url, options);
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) throw refusal(res.status, answer, options.fallback);
  return answer;
}

/**
 * Fetches a document that is not JSON (a PDF label, a file to download): its bytes and the answer's headers.
 * A refusal is an ApiError, read from its JSON as fetchJson reads it.
 * @param {string} url
 * @param {RequestOptions} [options]
 * @returns {Promise<{blob: Blob, headers: Headers}>}
 * @throws {ApiError} when the status is not 2xx
 */
export async function fetchDocument(url, options = {}) {
  const res = await send(url, options);
  if (!res.ok) throw refusal(res.status, await res.json().catch(() => ({})), options.fallback);
  return { blob: await res.blob(), headers: res.headers };
}

/**
 * A call to one API: `(method, path, body?) => answer`, each request to `base + path` with the current
 * credential.
 * @callback ApiCall
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<any>}
 */

/**
 * Makes the call function of a page.
 * @param {object} options
 * @param {string} options.base what every path is appended to (e.g. '/edge', or one order's URL)
 * @param {string | (() => string | null | undefined) | null} [options.token] the credential, or a function
 *   that reads it at each call (a page whose user signs in again)
 * @param {RequestCache} [options.cache]
 * @param {(status: number) => string} [options.fallback] the message when a refusal carries none
 * @returns {ApiCall}
 */
export function apiClient({ base, token, cache, fallback }) {
  return (method, path, body) => fetchJson(base + path, { method, body, cache, fallback,
    token: typeof token === 'function' ? token() : token });
}

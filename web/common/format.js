// Money, calendar days, a place's local day and addresses as the pages write them. Intl formatters are slow to
// build and a list needs a few per row: one per (locale, options) is kept for the page's life.

/** @type {Map<string, Intl.DateTimeFormat | Intl.NumberFormat>} */
const formatters = new Map();

/**
 * The Intl formatter for `locale` and `options`, made once: a DateTimeFormat, or a NumberFormat when
 * `kind` is 'number'.
 * @overload
 * @param {string | undefined} locale
 * @param {Intl.NumberFormatOptions} options
 * @param {'number'} kind
 * @returns {Intl.NumberFormat}
 */
/**
 * @overload
 * @param {string | undefined} locale
 * @param {Intl.DateTimeFormatOptions} options
 * @param {'date'} [kind]
 * @returns {Intl.DateTimeFormat}
 */
/**
 * @param {string | undefined} locale
 * @param {Intl.DateTimeFormatOptions | Intl.NumberFormatOptions} options
 * @param {'date' | 'number'} [kind]
 * @returns {Intl.DateTimeFormat | Intl.NumberFormat}
 */
export function formatter(locale, options, kind = 'date') {
  const key = `${kind}|${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = kind === 'number' ? new Intl.NumberFormat(locale, /** @type {Intl.NumberFormatOptions} */ (options))
      : new Intl.DateTimeFormat(locale, /** @type {Intl.DateTimeFormatOptions} */ (options));
    formatters.set(key, f);
  }
  return f;
}

/**
 * "12,50 €" from 1250 cents.
 * @param {number} cents
 * @param {string} locale
 * @param {string} [currency] ISO 4217, EUR by default
 * @returns {string}
 */
export function money(cents, locale, currency = 'EUR') {
  return formatter(locale, { style: 'currency', currency }, 'number').format(cents / 100);
}

/**
 * A calendar day (YYYY-MM-DD, as relais-edge and the engine write dates) in words: "3 décembre" with
 * `{ day: 'numeric', month: 'long' }`. The day is the one written, whatever the browser's time zone; a
 * string that is not a date comes back as it is.
 * @param {string} iso
 * @param {string} locale
 * @param {Intl.DateTimeFormatOptions} options which parts, without timeZone
 * @returns {string}
 */
export function formatDay(iso, locale, options) {
  const [y, m, d] = String(iso).split('-').map(Number);
  if (!y || !m || !d) return iso;
  return formatter(locale, { ...options, timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d, 12)));
}

/**
 * The weekday (0 = Monday) and YYYY-MM-DD date of `when` on the clock of time zone `tz`: which day's hours
 * apply to a place (a relay point, a store), whatever the browser's own zone.
 * @param {Date} when
 * @param {string} tz an IANA time zone
 * @returns {{weekday: number, date: string}}
 */
export function localDay(when, tz) {
  const parts = Object.fromEntries(formatter('en-GB', { timeZone: tz, weekday: 'short', year: 'numeric', month: '2-digit',
    day: '2-digit' }).formatToParts(when).map((p) => [p.type, p.value]));
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday);
  return { weekday, date: `${parts.year}-${parts.month}-${parts.day}` };
}

/**
 * "3 rue des Archives, 75004 Paris": the address lines, then the postcode and the city; empty parts left
 * out. Any object with those fields: a relay point, a site's location, a home address.
 * @param {{address?: string[] | null, postcode?: string | null, city?: string | null} | null | undefined} place
 * @returns {string}
 */
export function addressLine(place) {
  if (!place) return '';
  return [...(place.address ?? []), [place.postcode, place.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

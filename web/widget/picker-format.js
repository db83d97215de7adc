// How the picker words a point: distance, today's hours, the week, the closure notice, the opening status.
// Pure functions of the point (the engine's point), an instant and the language's words: times are the point's
// own clock (its `tz`), never the shopper's. The list reads that clock from the engine's status().local (the
// snapshot's zone rule), not from Intl: a phone takes tens of ms to build each Intl formatter of a zone, and a
// returning shopper's list would wait for them. Times are written 24-hour, like the weekly hours beside them.
// Closure dates use web/common's formatter() (one Intl formatter per locale and options, zone-free); money and
// a place's local day (localDay) are web/common's too, the same on every page.
import { formatter, localDay } from '../common/format.js';
import { t } from './picker-i18n.js';

export { localDay, money } from '../common/format.js';

/** @typedef {import('./picker-i18n.js').Words} Words */
/** @typedef {import('./relais-widget.js').RelayPoint} RelayPoint */

const DAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * "SAINT ETIENNE" -> "Saint Etienne": La Poste publishes towns in capitals.
 * @param {string} name
 * @returns {string}
 */
export function townName(name) {
  return String(name).toLowerCase().replace(/(^|[\s'-])(\p{L})/gu, (_, sep, c) => sep + c.toUpperCase());
}

/**
 * "350 m" or "2.4 km" (in the words' language).
 * @param {number} metres
 * @param {Words} words
 * @returns {string}
 */
export function formatDistance(metres, words) {
  if (metres < 1000) return t(words, 'distanceM', { m: Math.round(metres / 10) * 10 });
  return t(words, 'distance', { km: (metres / 1000).toFixed(metres < 10000 ? 1 : 0) });
}

function intervals(list) {
  return list.map(([open, close]) => `${open}–${close}`).join(', ');
}

/**
 * "Today: 09:00–12:00, 14:00–19:00" or "Today: closed"; null when the point has no weekly hours to show
 * (24/7, or not published: the status line says so already).
 * @param {RelayPoint} point
 * @param {Words} words
 * @param {import('../common/types.js').EngineStatus} status the engine's status now (its local clock)
 * @returns {string | null}
 */
export function todayHours(point, words, status) {
  if (point.hours === 'always' || !point.hours || !status.local?.now) return null;
  const { weekday } = status.local.now;
  const today = point.hours[DAY_KEYS[weekday]];
  return today.length ? t(words, 'todayHours', { hours: intervals(today) }) : t(words, 'todayClosed');
}

/**
 * Seven [day name, hours] rows, Monday first; null when the point publishes no weekly hours.
 * @param {RelayPoint} point
 * @param {Words} words
 * @returns {Array<[string, string]> | null}
 */
export function weekRows(point, words) {
  if (!point.hours || point.hours === 'always') return null;
  return DAY_KEYS.map((key, d) => [words.days[d], point.hours[key].length ? intervals(point.hours[key]) : t(words, 'closedLong')]);
}

/**
 * "Closed 3 Aug – 21 Aug" for the engine's closure notice (r.closureNotice(point, when): which closure to
 * announce is the engine's rule, the one relais-edge answers with), else null.
 * @param {import('../common/types.js').EngineClosureNotice | null} notice
 */
export function closureLine(notice, words, locale) {
  if (!notice) return null;
  const day = (iso) => formatter(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${iso}T12:00:00Z`));
  return t(words, 'closure', { from: day(notice.from), to: day(notice.to) });
}

/**
 * "Open now · closes 19:00" or "Closed · opens Mon 09:00", from the engine's status(point, when) and its
 * wall clock (status.local).
 * @param {import('../common/types.js').EngineStatus} status
 * @param {RelayPoint} point
 * @param {Words} words
 * @returns {{open: boolean | null, text: string}}
 */
export function statusLine(status, point, words) {
  if (point.hours === 'always') return { open: true, text: t(words, 'openAlways') };
  if (status.open === null || !status.local) return { open: null, text: t(words, 'hoursUnknown') };
  const { now, nextOpening: at, nextClosing } = status.local;
  if (status.open) return { open: true, text: t(words, 'openNow', { time: nextClosing ? nextClosing.time : '' }) };
  if (!at) return { open: false, text: t(words, 'closedLong') };
  return { open: false, text: t(words, 'closedNow', { when: now && at.date === now.date ? at.time : `${words.daysShort[at.weekday]} ${at.time}` }) };
}

/**
 * The YYYY-MM-DD date of the next `weekday` (0 = Monday) on or after `when`, on the clock of `tz`.
 * @param {number} weekday
 * @param {Date} when
 * @param {string} [tz]
 * @returns {string}
 */
export function nextWeekday(weekday, when, tz = 'Europe/Paris') {
  const today = localDay(when, tz);
  const ahead = (weekday - today.weekday + 7) % 7;
  return new Date(Date.parse(`${today.date}T12:00:00Z`) + ahead * 86400000).toISOString().slice(0, 10);
}

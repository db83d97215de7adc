// A relay point's hours, closures and distance in French words an agent reads out on the phone ("ouvert
// jusqu'à 19 h, pause de 12 h à 14 h, fermé du 21 au 31 décembre"). Pure functions of the engine's point, its
// status(point, when) and closureNotice(point, when): the times are the point's own clock, as the widget's are.
import { formatDay, formatter } from './format.js';

const DAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DAY_NAMES = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

/**
 * "19 h", "12 h 30" from "19:00", "12:30".
 * @param {string} time HH:MM
 * @returns {string}
 */
export function spokenTime(time) {
  const [hh, mm] = String(time).split(':');
  return `${Number(hh)} h${mm && mm !== '00' ? ` ${mm}` : ''}`;
}

/**
 * "à 220 mètres", "à 1,4 kilomètre", "à 2 kilomètres", "à 12 kilomètres".
 * @param {number} metres
 * @returns {string}
 */
export function spokenDistance(metres) {
  if (!Number.isFinite(metres)) return '';
  // Metres by tens, until they round to 1000: then "1 kilomètre", never "1000 mètres".
  const tens = Math.max(10, Math.round(metres / 10) * 10);
  if (tens < 1000) return `à ${tens} mètres`;
  // Tenths below 10 km, whole kilometres beyond; the number said decides the agreement, as French has it: the
  // singular below 2 ("1,5 kilomètre"), the plural from 2 ("2 kilomètres" for 1,950 m).
  const km = metres < 10000 ? Math.round(metres / 100) / 10 : Math.round(metres / 1000);
  const said = metres < 10000 ? formatter('fr-FR', { maximumFractionDigits: 1 }, 'number').format(km) : String(km);
  return `à ${said} kilomètre${km >= 2 ? 's' : ''}`;
}

/**
 * A calendar day (YYYY-MM-DD) as it is said: "21", "1er" (the first of a month is an ordinal in French), with
 * "décembre" and "2027" when asked; a string that is not a date comes back as it is.
 * @param {string} iso
 * @param {{month?: boolean, year?: boolean}} [say] which parts to say after the day
 * @returns {string}
 */
function spokenDay(iso, { month = false, year = false } = {}) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(String(iso))) return iso;
  const day = Number(iso.slice(8, 10));
  const words = [day === 1 ? '1er' : String(day)];
  if (month) words.push(formatDay(iso, 'fr-FR', { month: 'long' }));
  if (year) words.push(iso.slice(0, 4));
  return words.join(' ');
}

/**
 * "fermé le 21 décembre", "fermé du 1er au 5 décembre", "fermé du 28 novembre au 3 décembre", "fermé du 28
 * décembre au 3 janvier 2027" for the engine's closure notice; '' for none.
 * @param {{from: string, to: string, inForce?: boolean} | null | undefined} notice
 * @returns {string}
 */
export function spokenClosure(notice) {
  if (!notice) return '';
  if (notice.from === notice.to) return `fermé le ${spokenDay(notice.from, { month: true })}`;
  const sameMonth = notice.from.slice(0, 7) === notice.to.slice(0, 7);
  // Across the new year the end's year is said: "au 3 janvier" alone could be heard as this January.
  const newYear = notice.from.slice(0, 4) !== notice.to.slice(0, 4);
  return `fermé du ${spokenDay(notice.from, { month: !sameMonth })} au ${spokenDay(notice.to, { month: true, year: newYear })}`;
}

/**
 * A day's hours in words: "de 9 h à 19 h", "de 9 h à 12 h et de 14 h à 19 h", "fermé".
 * @param {Array<[string, string]>} intervals
 * @returns {string}
 */
export function spokenIntervals(intervals) {
  if (!intervals?.length) return 'fermé';
  return intervals.map(([a, b]) => `de ${spokenTime(a)} à ${spokenTime(b)}`).join(' et ');
}

/**
 * "pause de 12 h 30 à 14 h" for each gap of a day from `end`, the end of a session, through the `sessions` that
 * follow it that day.
 * @param {string} end HH:MM
 * @param {Array<[string, string]>} sessions in order
 * @returns {string[]}
 */
function breaks(end, sessions) {
  return sessions.map(([start], i) => `pause de ${spokenTime(i ? sessions[i - 1][1] : end)} à ${spokenTime(start)}`);
}

/**
 * The weekly hours of the day `at` falls on, or undefined (unknown or 'always' hours).
 * @param {{hours?: Record<string, Array<[string, string]>> | 'always' | null}} point
 * @param {import('./types.js').WallClock} at
 * @returns {Array<[string, string]> | undefined}
 */
function slotsOf(point, at) {
  return point.hours && point.hours !== 'always' ? point.hours[DAY_KEYS[at.weekday]] : undefined;
}

/**
 * What to say of a point open now: the day's closing time, then the breaks still to come that day ("ouvert
 * jusqu'à 19 h, pause de 12 h 30 à 14 h"), not the start of its lunch break as if it closed then. The engine's
 * next closing and opening decide: the weekly hours only fill in the rest of the day when the engine has the
 * point reopen that day at the time they say (a day's exception is the engine's to know).
 * @param {{hours?: Record<string, Array<[string, string]>> | 'always' | null}} point
 * @param {import('./types.js').WallClock | null} nextClosing
 * @param {import('./types.js').WallClock | null} nextOpening
 * @returns {string[]}
 */
function spokenOpen(point, nextClosing, nextOpening) {
  if (!nextClosing) return ['ouvert'];
  const later = (slotsOf(point, nextClosing) ?? []).filter(([a]) => a > nextClosing.time);
  const reopens = later.length > 0 && nextOpening?.date === nextClosing.date && nextOpening.time === later[0][0];
  if (!reopens) return [`ouvert jusqu'à ${spokenTime(nextClosing.time)}`];
  return [`ouvert jusqu'à ${spokenTime(later[later.length - 1][1])}`, ...breaks(nextClosing.time, later)];
}

/**
 * What to say of a point now: open or not with its next change, the breaks still to come of the day it is
 * (or next) open, the coming closure.
 * "ouvert jusqu'à 19 h, pause de 12 h à 14 h, fermé du 21 au 31 décembre"; "fermé, ouvre lundi à 9 h".
 * @param {{hours?: Record<string, Array<[string, string]>> | 'always' | null}} point
 * @param {import('./types.js').EngineStatus} status the engine's status(point, now)
 * @param {{from: string, to: string} | null} notice the engine's closureNotice(point, now)
 * @returns {string}
 */
export function spokenStatus(point, status, notice) {
  const parts = [];
  if (point.hours === 'always') parts.push('ouvert 24 h sur 24');
  else if (status?.open === null || !status?.local) parts.push('horaires non publiés');
  else {
    const { now, nextOpening, nextClosing } = status.local;
    if (status.open) parts.push(...spokenOpen(point, nextClosing, nextOpening));
    else if (!nextOpening) parts.push('fermé');
    else {
      if (now && nextOpening.date === now.date) parts.push(`fermé, ouvre à ${spokenTime(nextOpening.time)}`);
      else {
        const when = nextOpening.weekday === (now.weekday + 1) % 7 && nextOpening.date > now.date
          && Date.parse(nextOpening.date) - Date.parse(now.date) <= 86400000 ? 'demain'
          : `${DAY_NAMES[nextOpening.weekday]} ${spokenDay(nextOpening.date, { month: true })}`;
        parts.push(`fermé, ouvre ${when} à ${spokenTime(nextOpening.time)}`);
      }
      // The breaks of the day it opens, after it opens: today's may be over, or be the one it is closed for
      // now. None when the weekly hours have no session starting then (a day's exception: the engine's).
      const sessions = (slotsOf(point, nextOpening) ?? []).filter(([a]) => a >= nextOpening.time);
      if (sessions[0]?.[0] === nextOpening.time) parts.push(...breaks(sessions[0][1], sessions.slice(1)));
    }
  }
  const closure = spokenClosure(notice);
  if (closure) parts.push(closure);
  return parts.join(', ');
}

/**
 * The week in words, one entry a day: "lundi : de 9 h à 19 h".
 * @param {{hours?: Record<string, Array<[string, string]>> | 'always' | null}} point
 * @returns {string[]}
 */
export function spokenWeek(point) {
  if (!point.hours || point.hours === 'always') return [];
  return DAY_KEYS.map((key, d) => `${DAY_NAMES[d]} : ${spokenIntervals(/** @type {any} */ (point.hours)[key])}`);
}

/**
 * A phone number as it is read out in France: a French number (E.164 +33 and 9 digits) in its national form by
 * pairs, "06 12 34 56 78"; any other as it is stored.
 * @param {string | undefined} e164
 * @returns {string}
 */
export function spokenPhone(e164) {
  if (!e164) return '';
  const french = /^\+33(\d{9})$/.exec(e164);
  return french ? `0${french[1]}`.replace(/(\d{2})(?=\d)/g, '$1 ') : e164;
}

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
 * "à 220 mètres", "à 1,4 kilomètre", "à 12 kilomètres".
 * @param {number} metres
 * @returns {string}
 */
export function spokenDistance(metres) {
  if (!Number.isFinite(metres)) return '';
  if (metres < 1000) return `à ${Math.max(10, Math.round(metres / 10) * 10)} mètres`;
  const km = metres < 10000 ? formatter('fr-FR', { maximumFractionDigits: 1 }, 'number').format(Math.round(metres / 100) / 10)
    : String(Math.round(metres / 1000));
  return `à ${km} kilomètre${metres >= 2000 ? 's' : ''}`;
}

/**
 * "fermé du 21 au 31 décembre", "fermé du 28 décembre au 3 janvier" for the engine's closure notice; '' for none.
 * @param {{from: string, to: string, inForce?: boolean} | null | undefined} notice
 * @returns {string}
 */
export function spokenClosure(notice) {
  if (!notice) return '';
  const sameMonth = notice.from.slice(0, 7) === notice.to.slice(0, 7);
  const from = formatDay(notice.from, 'fr-FR', sameMonth ? { day: 'numeric' } : { day: 'numeric', month: 'long' });
  const to = formatDay(notice.to, 'fr-FR', { day: 'numeric', month: 'long' });
  return `fermé du ${from} au ${to}`;
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
 * What to say of a point now: open or not with its next change, today's lunch break, the coming closure.
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
    if (status.open) parts.push(nextClosing ? `ouvert jusqu'à ${spokenTime(nextClosing.time)}` : 'ouvert');
    else if (!nextOpening) parts.push('fermé');
    else if (now && nextOpening.date === now.date) parts.push(`fermé, ouvre à ${spokenTime(nextOpening.time)}`);
    else {
      const when = nextOpening.weekday === (now.weekday + 1) % 7 && nextOpening.date > now.date
        && Date.parse(nextOpening.date) - Date.parse(now.date) <= 86400000 ? 'demain'
        : `${DAY_NAMES[nextOpening.weekday]} ${formatDay(nextOpening.date, 'fr-FR', { day: 'numeric', month: 'long' })}`;
      parts.push(`fermé, ouvre ${when} à ${spokenTime(nextOpening.time)}`);
    }
    const today = point.hours && point.hours !== 'always' ? point.hours[DAY_KEYS[now.weekday]] : null;
    if (today && today.length > 1) {
      parts.push(today.slice(1).map((slot, i) => `pause de ${spokenTime(today[i][1])} à ${spokenTime(slot[0])}`).join(', '));
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

// The picker's words, one table per language. Adding a language is adding a table: every key of `en`
// must be present (the browser tests check each table against it). `{name}` placeholders are filled by t().
import { fill } from '../common/text.js';

/**
 * One language's table: sentences with {name} placeholders, and `days`, the weekdays from Monday.
 * @typedef {{[key: string]: any, days: string[]}} Words
 */

/** @type {Words} */
const en = {
  title: 'Choose a pick-up point',
  searchLabel: 'Postcode or town',
  searchButton: 'Search',
  searchPlaceholder: 'e.g. 75004 or Lyon',
  locate: 'Use my location',
  locating: 'Finding your location…',
  locateFailed: 'Your location is not available ({reason}). Type a postcode or a town.',
  didYouMean: 'Several places match:',
  noPlace: 'No postcode or town matches “{q}”.',
  filters: 'Filters',
  kinds: 'Kind',
  carrier: 'Carrier',
  allCarriers: 'All carriers',
  openOnArrival: 'Open on delivery day ({date})',
  openSaturday: 'Open Saturday',
  openSunday: 'Open Sunday',
  daysNeedHours: 'The day filters keep only points whose opening hours are published.',
  openLate: 'Open late',
  accessible: 'Step-free access',
  kind_shop: 'Shop',
  kind_locker: 'Locker',
  kind_post_office: 'Post office',
  kind_store: 'Store',
  kind_drive: 'Drive',
  results: 'Pick-up points near {place}',
  resultsCount: '{n} points within {km} km',
  offlineData: 'offline: points as of {date}',
  noPoint: 'No pick-up point matches within {km} km. Try other filters, or have it delivered to your address.',
  listLabel: 'Pick-up points',
  mapLabel: 'Map of the pick-up points',
  distance: '{km} km',
  distanceM: '{m} m',
  openNow: 'Open now · closes {time}',
  openAlways: 'Open 24/7',
  closedNow: 'Closed · opens {when}',
  closedLong: 'Closed',
  hoursUnknown: 'Hours not published',
  todayHours: 'Today: {hours}',
  todayClosed: 'Today: closed',
  week: 'Opening hours',
  closure: 'Closed {from} – {to}',
  lastUsed: 'Your last point',
  select: 'Choose this point',
  selectNamed: 'Choose {name}',
  nothingSelected: 'Pick a point in the list or on the map',
  selected: 'Selected: {name}',
  homeChosen: 'Delivery to your address',
  homeFallback: 'Deliver to my address instead',
  unavailable: 'Pick-up points cannot be shown right now. Your order can still be delivered to your address.',
  cluster: '{n} points: zoom in',
  zoomIn: 'Points: zoom in',
  required: 'Choose a pick-up point, or delivery to your address.',
  attributionBase: 'Map: IGN GEOFLA (Licence Ouverte)',
  servicesList: 'Services: {list}',
  service_accessible: 'step-free',
  service_parking: 'parking',
  service_card: 'card payment',
  service_returns: 'returns',
  service_cod: 'cash on delivery',
  service_refrigerated: 'chilled',
  service_late: 'open late',
  service_sunday: 'open Sunday',
  plan: 'Your delivery',
  planLine: '{qty} × {sku}',
  planShipment: '{mode} from {site} · {cost} · {from} – {to}',
  planTotal: 'Total delivery: {cost}',
  planUnserved: 'Cannot be delivered: {sku} ({reason})',
  lineMode: 'Mode for {sku}',
  anyMode: 'Best option',
  mode_home: 'Home delivery',
  mode_click_collect: 'Click & collect',
  mode_drive: 'Drive',
  mode_pedestrian: 'Pedestrian pick-up',
  mode_relay: 'Pick-up point',
  mode_locker: 'Locker',
  mode_reserve: 'Reserve in store',
  reason_no_stock: 'out of stock',
  reason_cold_chain: 'needs the cold chain',
  reason_too_heavy: 'too heavy for this point',
  reason_too_big: 'too big for this point',
  reason_mode_unavailable: 'this mode is not offered',
  reason_closed: 'closed on the delivery days',
  attributionPlaces: 'Postcodes: La Poste (ODbL)',
  days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

/** @type {Words} */
const fr = {
  title: 'Choisissez un point de retrait',
  searchLabel: 'Code postal ou ville',
  searchButton: 'Rechercher',
  searchPlaceholder: 'ex. 75004 ou Lyon',
  locate: 'Me localiser',
  locating: 'Recherche de votre position…',
  locateFailed: 'Votre position est indisponible ({reason}). Saisissez un code postal ou une ville.',
  didYouMean: 'Plusieurs lieux correspondent :',
  noPlace: 'Aucun code postal ni aucune ville ne correspond à « {q} ».',
  filters: 'Filtres',
  kinds: 'Type',
  carrier: 'Transporteur',
  allCarriers: 'Tous les transporteurs',
  openOnArrival: 'Ouvert le jour de livraison ({date})',
  openSaturday: 'Ouvert le samedi',
  openSunday: 'Ouvert le dimanche',
  daysNeedHours: 'Les filtres de jour ne gardent que les points dont les horaires sont publiés.',
  openLate: 'Ouvert tard',
  accessible: 'Accès de plain-pied',
  kind_shop: 'Commerce',
  kind_locker: 'Consigne',
  kind_post_office: 'Bureau de poste',
  kind_store: 'Magasin',
  kind_drive: 'Drive',
  results: 'Points de retrait près de {place}',
  resultsCount: '{n} points à moins de {km} km',
  offlineData: 'hors ligne : points au {date}',
  noPoint: 'Aucun point de retrait ne convient à moins de {km} km. Changez les filtres ou faites-vous livrer à domicile.',
  listLabel: 'Points de retrait',
  mapLabel: 'Carte des points de retrait',
  distance: '{km} km',
  distanceM: '{m} m',
  openNow: 'Ouvert · ferme à {time}',
  openAlways: 'Ouvert 24 h/24, 7 j/7',
  closedNow: 'Fermé · ouvre {when}',
  closedLong: 'Fermé',
  hoursUnknown: 'Horaires non publiés',
  todayHours: "Aujourd'hui : {hours}",
  todayClosed: "Aujourd'hui : fermé",
  week: "Horaires d'ouverture",
  closure: 'Fermé du {from} au {to}',
  lastUsed: 'Votre dernier point',
  select: 'Choisir ce point',
  selectNamed: 'Choisir {name}',
  nothingSelected: 'Choisissez un point dans la liste ou sur la carte',
  selected: 'Choisi : {name}',
  homeChosen: 'Livraison à votre adresse',
  homeFallback: 'Me livrer à domicile',
  unavailable: "Les points de retrait ne peuvent pas être affichés pour l'instant. Votre commande peut être livrée à votre adresse.",
  cluster: '{n} points : zoomer',
  zoomIn: 'Points : zoomer',
  required: 'Choisissez un point de retrait, ou la livraison à votre adresse.',
  attributionBase: 'Fond de carte : IGN GEOFLA (Licence Ouverte)',
  servicesList: 'Services: {list}',
  service_accessible: 'plain-pied',
  service_parking: 'parking',
  service_card: 'carte bancaire',
  service_returns: 'retours',
  service_cod: 'paiement à la livraison',
  service_refrigerated: 'produits frais',
  service_late: 'ouvert tard',
  service_sunday: 'ouvert le dimanche',
  plan: 'Votre livraison',
  planLine: '{qty} × {sku}',
  planShipment: '{mode} depuis {site} · {cost} · {from} – {to}',
  planTotal: 'Livraison totale : {cost}',
  planUnserved: 'Ne peut pas être livré : {sku} ({reason})',
  lineMode: 'Mode pour {sku}',
  anyMode: 'Meilleure option',
  mode_home: 'Livraison à domicile',
  mode_click_collect: 'Retrait en magasin',
  mode_drive: 'Drive',
  mode_pedestrian: 'Retrait piéton',
  mode_relay: 'Point relais',
  mode_locker: 'Consigne',
  mode_reserve: 'Réservation en magasin',
  reason_no_stock: 'rupture de stock',
  reason_cold_chain: 'nécessite la chaîne du froid',
  reason_too_heavy: 'trop lourd pour ce point',
  reason_too_big: 'trop grand pour ce point',
  reason_mode_unavailable: "ce mode n'est pas proposé",
  reason_closed: 'fermé les jours de livraison',
  attributionPlaces: 'Codes postaux : La Poste (ODbL)',
  days: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
};

/** @type {Record<string, Words>} */
export const LANGUAGES = { en, fr };

/**
 * The table for `lang` ('fr-FR' -> fr), English when there is none.
 * @param {string | null | undefined} lang
 * @returns {{lang: string, words: Words}}
 */
export function wordsFor(lang) {
  const base = String(lang || 'en').toLowerCase().split('-')[0];
  return { lang: LANGUAGES[base] ? base : 'en', words: LANGUAGES[base] || en };
}

/**
 * words[key] (English's when the table lacks it) with {placeholders} replaced by values[placeholder]; a
 * placeholder without a value stays as it is.
 * @param {Words} words
 * @param {string} key
 * @param {Record<string, unknown>} [values]
 * @returns {string}
 */
export function t(words, key, values = {}) {
  return fill(words[key] ?? en[key] ?? key, values, true);
}

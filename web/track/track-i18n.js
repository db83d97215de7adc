// The tracking page's words, French and English: one table each, the same keys.
import { fill } from '../common/text.js';

/**
 * One language's table: sentences with {name} placeholders, plus `days` (mon...sun) and `modes` (by
 * delivery mode) in words.
 * @typedef {{[key: string]: any, days: Record<string, string>, modes: Record<string, string>}} Words
 */

/** @type {{fr: Words, en: Words}} */
export const WORDS = {
  fr: {
    title: 'Suivi de commande', order: 'Commande {id}', loading: 'Chargement…', lang: 'English',
    badLink: 'Ce lien de suivi est incomplet : ouvrez le lien reçu par e-mail ou SMS.',
    cannotLoad: 'La commande ne peut pas être affichée ({why}). Réessayez dans un instant.',
    notFound: 'Ce lien de suivi ne correspond à aucune commande.',
    updated: 'Mis à jour à {time}', eta: 'Arrivée prévue le {date}',
    slot: 'Retrait le {date}, entre {start} et {end}', steps: 'Étapes', stepDone: 'terminé',
    stepCurrent: 'en cours', stepNext: 'à venir', shipment: 'Envoi {n}',
    parcel: 'Colis {carrier} n° {number}',
    code: 'Code de retrait', codeHelp: 'Montrez ce code ou ce QR code au comptoir.', qr: 'QR code du code de retrait {code}',
    point: 'Point de retrait', site: 'Lieu de retrait', openNow: 'Ouvert maintenant', closedNow: 'Fermé maintenant',
    closure: 'Fermé du {from} au {to}', closureSoon: 'Fermeture prévue du {from} au {to}', hours: 'Horaires',
    noHours: 'Horaires non publiés', always: 'Ouvert 24 h/24, 7 j/7', closed: 'fermé', map: 'Carte du point de retrait',
    days: { mon: 'Lundi', tue: 'Mardi', wed: 'Mercredi', thu: 'Jeudi', fri: 'Vendredi', sat: 'Samedi', sun: 'Dimanche' },
    questions: 'Une question pour vous', answers: 'Vos réponses', answered: 'Votre réponse : {answer}', accept: 'Accepter ce remplacement',
    refuse: 'Refuser (le produit sera retiré de la commande)', send: 'Envoyer la réponse', yourAnswer: 'Votre réponse',
    accepted: 'remplacement par {name} accepté', refused: 'remplacement refusé', price: '{price}',
    substitutes: 'Remplacements proposés', sent: 'Réponse envoyée.',
    actions: 'Ce que vous pouvez faire', arrived: 'Je suis arrivé', arrivedDone: 'Arrivée signalée : on vous apporte votre commande.',
    cancel: 'Annuler la commande', confirmCancel: 'Confirmer l’annulation', keep: 'Garder la commande',
    cancelled: 'Commande annulée.', failed: 'Action impossible : {why}',
    backorder: 'Cette partie de votre commande arrivera plus tard : stock attendu le {date}.',
    backorderApart: 'Cette partie de votre commande est envoyée à part.',
    backorderChoose: 'Elle sera livrée au même endroit. Vous pouvez choisir un autre point ou la livraison à domicile, sans frais.',
    backorderRefused: 'Ce point ne pourra pas la recevoir ({why}) : choisissez un autre point ou la livraison à domicile, sans frais.',
    backorderChosen: 'Choix enregistré.', chooseHome: 'Livrer à domicile', shipHome: 'Livrer à cette adresse',
    street: 'Adresse', postcode: 'Code postal', city: 'Ville',
    invoices: 'Factures', invoice: 'Facture {number} ({total}), PDF', creditNote: 'Avoir {number} ({total}), PDF',
    modes: { home: 'Livraison à domicile', relay: 'Livraison en point relais', locker: 'Livraison en consigne', click_collect: 'Retrait en magasin',
      drive: 'Drive', pedestrian: 'Retrait piéton', reserve: 'Réservation', reserve_transfer: 'Réservation en magasin' },
  },
  en: {
    title: 'Order tracking', order: 'Order {id}', loading: 'Loading…', lang: 'Français',
    badLink: 'This tracking link is incomplete: open the link you received by e-mail or text message.',
    cannotLoad: 'The order cannot be shown ({why}). Please try again in a moment.',
    notFound: 'This tracking link matches no order.',
    updated: 'Updated at {time}', eta: 'Expected on {date}',
    slot: 'Collect on {date}, between {start} and {end}', steps: 'Steps', stepDone: 'done',
    stepCurrent: 'in progress', stepNext: 'to come', shipment: 'Shipment {n}',
    parcel: '{carrier} parcel no. {number}',
    code: 'Pick-up code', codeHelp: 'Show this code or this QR code at the counter.', qr: 'QR code of pick-up code {code}',
    point: 'Pick-up point', site: 'Pick-up place', openNow: 'Open now', closedNow: 'Closed now',
    closure: 'Closed from {from} to {to}', closureSoon: 'Closing from {from} to {to}', hours: 'Opening hours',
    noHours: 'Hours not published', always: 'Open 24/7', closed: 'closed', map: 'Map of the pick-up point',
    days: { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' },
    questions: 'A question for you', answers: 'Your answers', answered: 'Your answer: {answer}', accept: 'Accept this substitute',
    refuse: 'Refuse (the product will be removed from the order)', send: 'Send the answer', yourAnswer: 'Your answer',
    accepted: 'substitute {name} accepted', refused: 'substitute refused', price: '{price}',
    substitutes: 'Substitutes offered', sent: 'Answer sent.',
    actions: 'What you can do', arrived: 'I’m here', arrivedDone: 'Arrival noted: your order is on its way to you.',
    cancel: 'Cancel the order', confirmCancel: 'Confirm the cancellation', keep: 'Keep the order',
    cancelled: 'Order cancelled.', failed: 'This cannot be done: {why}',
    backorder: 'This part of your order comes later: stock expected on {date}.',
    backorderApart: 'This part of your order is sent apart.',
    backorderChoose: 'It goes to the same place. You may choose another point or home delivery, at no charge.',
    backorderRefused: 'This point cannot take it ({why}): choose another point or home delivery, at no charge.',
    backorderChosen: 'Choice saved.', chooseHome: 'Deliver home', shipHome: 'Deliver to this address',
    street: 'Address', postcode: 'Postcode', city: 'City',
    invoices: 'Invoices', invoice: 'Invoice {number} ({total}), PDF', creditNote: 'Credit note {number} ({total}), PDF',
    modes: { home: 'Home delivery', relay: 'Delivery to a pick-up point', locker: 'Delivery to a parcel locker', click_collect: 'Collect in store',
      drive: 'Drive', pedestrian: 'Walk-in pick-up', reserve: 'Reservation', reserve_transfer: 'In-store reservation' },
  },
};

/**
 * words[key] with {name} placeholders filled from `values` (a missing value is an empty string).
 * @param {Words} words
 * @param {string} key
 * @param {Record<string, unknown>} [values]
 * @returns {string}
 */
export function t(words, key, values = {}) {
  return fill(words[key] ?? key, values);
}

// Returns at the counter, on the staff page: a return is found by its number (typed, scanned by a USB or
// Bluetooth scanner that types the QR code's text and Enter, or read by the camera where the browser has a
// BarcodeDetector), received at the staff member's site (a second scan says it was received already), graded
// line by line (resellable units go back on the shelf at once; unsellable ones follow the brand's rule, shown
// and confirmed first), and validated (above the brand's threshold by two different people); the refund then
// goes to the payment provider, whose answer the panel follows, and the credit notes download as PDFs. A
// shopper without a number is helped from their order (found by the page's search, or by its number): the
// units they bring and why, a return dropped at this site, received at once.
//
// In French, like the shoppers' numbers and the brand's reasons: the words are in WORDS below, one table, as
// the tracking page keeps its own (a second language is a second table with the same keys). Every text the
// server sends is shown as text (h(), textContent); its refusals ({error: {code, message, field}}) are said in
// words next to the control they concern, in a live region.
import { byId as $, h, say } from '../common/dom.js';
import { formatter, money } from '../common/format.js';
import { fill, RETURN_STATUS_FR } from '../common/text.js';

/** @typedef {import('../common/types.js').Me} Me */
/** @typedef {import('../common/types.js').Order} Order */
/** @typedef {import('../common/types.js').Site} Site */
/** @typedef {import('../common/api.js').ApiCall} ApiCall */

/**
 * One order line of a return (GET /v1/returns/{id}).
 * @typedef {object} ReturnLine
 * @property {number} line the order's line index
 * @property {string} sku
 * @property {number} quantity units brought back
 * @property {number} refund_cents what these units are worth after the order's discounts
 * @property {number} resellable graded: back in stock at the receiving site
 * @property {number} unsellable graded: the brand's compensation rule applies
 */

/**
 * The engine's quote when the return was asked (refund_json.h's output).
 * @typedef {object} ReturnQuoteOutput
 * @property {number} refund_cents
 * @property {number} [goods_cents]
 * @property {number} shipping_cents the delivery paid back
 * @property {string[]} taken_back benefits taken back (spent, no longer earned)
 * @property {number} taken_back_cents
 * @property {string[]} cancelled unspent benefits cancelled
 * @property {number} owed_cents what the shopper still owes after the refund
 */

/**
 * The refund payment sent to the brand's payment provider.
 * @typedef {object} ReturnPayment
 * @property {'pending'|'succeeded'|'failed'} status
 * @property {number} attempts
 * @property {string} last_error
 * @property {string} reference the provider's id
 * @property {number} amount_cents
 */

/**
 * A return as GET /v1/returns/{id} and its actions answer it.
 * @typedef {object} Return
 * @property {string} id "R" and 10 capitals or digits
 * @property {string} order_id
 * @property {string} status requested, dropped_off, in_transit, received, graded, refunded, closed, cancelled
 * @property {{step: string, label: string, state: 'done'|'current'|'next'}[]} [timeline]
 * @property {string} reason a code of the brand's reasons
 * @property {boolean} defective
 * @property {{kind: 'store'|'relay'|'locker'|'home', site?: string, carrier?: string, id?: string}} drop_off
 * @property {ReturnLine[]} lines
 * @property {{output?: ReturnQuoteOutput}} quote
 * @property {string} received_site '' until received
 * @property {string} received_by
 * @property {string} received_at
 * @property {string} graded_by
 * @property {string} graded_at
 * @property {string} compensation the rule applied to unsellable units: full, percent, voucher ('' when none)
 * @property {number} compensation_percent
 * @property {{money_cents: number, voucher_cents: number, kept_cents: number,
 *   validation: 'none'|'awaiting'|'awaiting_second'|'validated', validations: {who: string, at: string}[],
 *   second_validation_above_cents?: number}} refund above that amount a second person validates (0: never)
 * @property {ReturnPayment} [payment]
 * @property {string[]} credit_notes their numbers ("AV-000001")
 * @property {boolean} [repeated] POST .../receive: it was received here already, nothing was written
 */

/**
 * One line of an order as GET /v1/orders/{id}/returns offers it.
 * @typedef {object} OptionLine
 * @property {number} line
 * @property {string} sku
 * @property {string} name
 * @property {number} bought
 * @property {number} returned
 * @property {number} returnable
 * @property {string} [refusal] why none may be returned
 * @property {number} unit_price_cents
 */

/**
 * GET /v1/orders/{id}/returns: what the order may return now, the brand's reasons and rule, its returns.
 * @typedef {object} ReturnOptions
 * @property {string} order_id
 * @property {OptionLine[]} lines
 * @property {{code: string, label: {fr?: string, en?: string}, defective: boolean}[]} reasons
 * @property {{stores: {site: string, name: string}[], relay_carriers: string[], home_pickup: boolean}} drop_off
 * @property {{rule: 'full'|'percent'|'voucher', percent: number}} unsellable
 * @property {number} [second_validation_above_cents] the brand's threshold for a second validator
 * @property {Return[]} returns
 */

/** The panel's words: sentences with {name} placeholders. */
const WORDS = {
  fr: {
    noReturnsHere: 'Votre site ({site}) ne reçoit pas de retours : vous pouvez consulter un retour, ' +
      'pas le réceptionner.',
    merchantNote: 'Avec la clé marchand, la réception se fait avec le jeton d\u2019un membre de l\u2019équipe du ' +
      'site qui reçoit le colis.',
    notANumber: 'Ce n\u2019est pas un numéro de retour : R suivi de 10 lettres ou chiffres. ' +
      'Un client sans numéro : « Retour au comptoir » ci-dessous.',
    opening: 'Recherche du retour {number}…',
    notFound: 'Aucun retour {number} : vérifiez le numéro avec le client.',
    title: 'Retour {number}',
    summary: 'Commande {order} · {reason} · {dropOff}',
    dropStore: 'déposé en magasin : {name}',
    dropRelay: 'déposé en point relais {carrier} {id}',
    dropLocker: 'déposé en consigne {carrier} {id}',
    dropHome: 'enlevé au domicile',
    line: '{quantity} × {name} ({sku}) · {amount}',
    lineGraded: '{resellable} revendable(s), {unsellable} non revendable(s)',
    quote: 'Remboursement prévu : {amount}',
    quoteShipping: ' (dont livraison {amount})',
    quoteTakenBack: ' · avantage repris : {amount} ({codes})',
    quoteCancelled: ' · avantage annulé : {codes}',
    quoteOwed: ' · reste dû par le client : {amount}',
    notReceived: 'Pas encore reçu.',
    received: 'Reçu à {site} le {at} par {who}.',
    receivedHere: 'Reçu ici le {at} par {who}.',
    receivedElsewhere: 'Reçu à {site} le {at} par {who} : le contrôle et la validation se font là-bas.',
    receiving: 'Réception…',
    receivedNow: 'Retour reçu. Contrôlez maintenant chaque article.',
    alreadyReceived: 'Déjà reçu ici le {at} par {who} : rien n\u2019a changé.',
    gradeLine: '{quantity} × {name} ({sku})',
    resellable: 'Revendables',
    unsellable: 'Non revendables',
    ruleFull: 'Article non revendable : prix remboursé en totalité.',
    rulePercent: 'Article non revendable : {percent}\u00a0% du prix remboursé.',
    ruleVoucher: 'Article non revendable : remboursé en bon d\u2019achat, pas en argent.',
    ruleUnknown: 'Article non revendable : la règle de l\u2019enseigne s\u2019applique (elle n\u2019a pas pu être ' +
      'lue).',
    splitWrong: 'Revendables et non revendables doivent faire les {quantity} unités rapportées.',
    confirmNeeded: 'Cochez la case : le client doit être informé de la compensation des articles non revendables.',
    grading: 'Enregistrement du contrôle…',
    gradedNow: 'Contrôle enregistré : les articles revendables sont de nouveau en stock ici.',
    graded: 'Contrôlé le {at} par {who} : remboursé {money}{voucher}{kept}.',
    gradedVoucher: ', en bon d\u2019achat {amount}',
    gradedKept: ', retenu {amount} (articles non revendables, {rule})',
    validate: 'Valider le remboursement de {amount}',
    validating: 'Validation…',
    awaitingFirst: 'À valider par un membre de l\u2019équipe.',
    awaitingSecond: 'Validé par {who}. Un second membre de l\u2019équipe doit valider ce remboursement.',
    awaitingSecondAbove: 'Validé par {who}. Un second membre de l\u2019équipe doit valider au-delà de {amount}.',
    validated: 'Remboursement validé par {who}.',
    secondNeeded: 'Vous avez déjà validé ce remboursement : un second membre de l\u2019équipe doit le valider.',
    validatedNow: 'Validation enregistrée.',
    payPending: 'Paiement envoyé au prestataire ({amount}), en attente de sa réponse…',
    payRetrying: 'Paiement en cours ({amount}) : essai {attempts} refusé ({error}), nouvel essai automatique…',
    paySucceeded: 'Remboursement payé : {amount} (référence {reference}).',
    payFailed: 'Le paiement de {amount} a échoué : {error}. Le service client doit reprendre ce remboursement.',
    refundedNoPayment: 'Remboursé.',
    closed: 'Clos : rien à rembourser.',
    cancelled: 'Annulé par le client.',
    note: 'Avoir {number} (PDF)',
    noteDownloading: 'Téléchargement de l\u2019avoir {number}…',
    noteDownloaded: 'Avoir {number} téléchargé.',
    counterLines: 'Articles rapportés de la commande {order}',
    counterLine: '{name} ({sku}) : unités rapportées, sur {returnable}',
    counterRefused: '{name} ({sku}) : {why}',
    chooseReason: 'Choisir un motif',
    counterLoading: 'Lecture de la commande…',
    counterNone: 'Aucun article ne peut être retourné sur cette commande.',
    counterNothing: 'Indiquez au moins une unité rapportée.',
    counterTooMany: '{sku} : {returnable} unité(s) au plus.',
    counterNoReason: 'Choisissez le motif du retour.',
    counterCreating: 'Création du retour…',
    counterDone: 'Retour {number} créé et reçu ici : contrôlez les articles ci-dessus.',
    counterCreatedNotReceived: 'Retour {number} créé ; la réception a échoué : {why}',
    staffOnly: 'Un retour au comptoir se fait avec le jeton d\u2019un membre de l\u2019équipe du magasin.',
    cameraOff: 'La caméra n\u2019a pas pu démarrer : {why}. Tapez ou scannez le numéro.',
    cameraOn: 'Visez le code QR du client.',
    siteTakesNoReturns: 'Votre site ne reçoit pas de retours.',
    returnMovedReceived: 'Ce retour a été reçu à {site} : il ne peut pas l\u2019être ici.',
    returnMoved: 'Ce retour a déjà avancé (étape « {step} ») : il est affiché à jour.',
    forbidden: 'Seule l\u2019équipe du site qui a reçu ce retour peut le contrôler et le valider.',
    notReturnable: 'Article non retournable : {why}',
    orderNotFound: 'Aucune commande {order} visible ici : vérifiez le numéro.',
    unauthorized: 'Votre jeton n\u2019est plus accepté : connectez-vous à nouveau.',
    orderMoved: 'La commande a changé pendant l\u2019opération : réessayez.',
    merchant: 'le marchand',
    provider: 'le prestataire de paiement',
    and: ' et ',
    steps: RETURN_STATUS_FR,
    stepDone: 'fait',
  },
};

const lang = 'fr';
const locale = 'fr-FR';
const words = WORDS[lang];

/**
 * words[key] with its {name} placeholders filled.
 * @param {string} key
 * @param {Record<string, unknown>} [values]
 * @returns {string}
 */
const t = (key, values = {}) => fill(/** @type {any} */ (words)[key] ?? key, values);

/** @param {number} cents */
const euros = (cents) => money(cents, locale);

/**
 * "5 décembre à 14:32" in this device's time zone ('' when not given).
 * @param {string} iso
 * @returns {string}
 */
function when(iso) {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return formatter(locale, { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }).format(at);
}

/**
 * The person an actor string names: a staff token's name ("staff:stt_… Alice" → "Alice").
 * @param {string} who
 * @returns {string}
 */
function person(who) {
  const staff = /^staff:\S+\s+(.+)$/.exec(who ?? '');
  if (staff) return staff[1];
  if (who === 'merchant') return words.merchant;
  if (who === 'payment provider') return words.provider;
  return who || '?';
}

/**
 * The return number in what a person or a scanner typed: "R" and 10 capitals or digits, anywhere in the text
 * (spaces and dashes a person adds are dropped, lower case is raised).
 * @param {string} typed
 * @returns {string | null}
 */
export function returnNumberOf(typed) {
  const found = /R[A-Z0-9]{10}/.exec(String(typed).toUpperCase().replace(/[\s-]+/g, ''));
  return found ? found[0] : null;
}

// --- State ------------------------------------------------------------------------------------------------

/** @type {ApiCall} */
let call;
/** @type {(method: string, path: string, body: unknown, key: string) => Promise<any>} */
let keyedCall;  // A call with an Idempotency-Key: a retry of the same counter return answers the one made.
/** @type {(path: string) => Promise<{blob: Blob}>} */
let fetchPdf;
/** @type {Me | null} */
let me = null;
let siteTakesReturns = false;  // The staff member's site takes returns (GET /v1/sites/{site}).
/** @type {Return | null} */
let shown = null;  // The return on screen.
/** @type {ReturnOptions | null} */
let options = null;  // Its order's options (names, reasons, the brand's rule), when they could be read.
let asked = 0;  // Which return was asked last: only its answers are drawn.
/** @type {ReturnType<typeof setTimeout> | undefined} */
let poll;  // The next reading of a refund on its way to the provider.
let polls = 0;
/** @type {ReturnOptions | null} */
let counter = null;  // The order whose counter return is being prepared.
let counterKey = '';  // Its Idempotency-Key: one per return prepared (a double tap or a lost answer makes one).
/** @type {MediaStream | null} */
let camera = null;

// --- Errors -------------------------------------------------------------------------------------------------

/**
 * What a refusal means, in the panel's words (the server's own message when no better is known).
 * @param {any} e an ApiError, or a network failure
 * @param {Record<string, string>} [facts] the return number, the order...
 * @returns {string}
 */
function explain(e, facts = {}) {
  switch (e?.code) {
    case 'site_takes_no_returns': return t('siteTakesNoReturns');
    case 'return_moved':
      if (e.details?.received_site && e.details.received_site !== me?.site) {
        return t('returnMovedReceived', { site: e.details.received_site });
      }
      return t('returnMoved', { step: words.steps[e.details?.status] ?? e.details?.status ?? '' });
    case 'forbidden': return t('forbidden');
    case 'second_validator_needed': return t('secondNeeded');
    case 'not_returnable': return t('notReturnable', { why: e.message });
    case 'unauthorized': case 'token_revoked': return t('unauthorized');
    case 'order_moved': return t('orderMoved');
    case 'not_found':
      if (facts.number) return t('notFound', facts);
      if (facts.order) return t('orderNotFound', facts);
      return e.message;
    default: return e?.message ?? String(e);
  }
}

/**
 * Marks `control` as the one at fault (its error said in `message`, which it is described by), or clears it.
 * @param {HTMLElement} control
 * @param {HTMLElement} message
 * @param {string} text '' clears
 */
function fault(control, message, text) {
  say(message, text, text ? 'error' : '');
  if (text) control.setAttribute('aria-invalid', 'true');
  else control.removeAttribute('aria-invalid');
}

// --- The return on screen --------------------------------------------------------------------------------

/** @returns {boolean} the signed-in person acts on `shown` here: the merchant anywhere, staff where received */
function actsHere() {
  if (!shown || !me) return false;
  return me.role === 'merchant' || shown.received_site === me.site;
}

/** @returns {boolean} */
function mayReceive() {
  return Boolean(me?.role === 'staff' && siteTakesReturns);
}

/**
 * The line's product name, from the order's options ('' when unknown).
 * @param {number} line
 * @returns {string}
 */
function nameOf(line) {
  return options?.lines.find((l) => l.line === line)?.name ?? '';
}

/** @returns {string} the brand's rule for unsellable units, in words */
function ruleText() {
  const rule = options?.unsellable;
  if (!rule) return t('ruleUnknown');
  if (rule.rule === 'percent') return t('rulePercent', { percent: rule.percent });
  return t(rule.rule === 'voucher' ? 'ruleVoucher' : 'ruleFull');
}

/**
 * Where the shopper brought it back, in words.
 * @param {Return['drop_off']} d
 * @returns {string}
 */
function dropOffText(d) {
  if (d?.kind === 'store') {
    const store = options?.drop_off.stores.find((s) => s.site === d.site);
    return t('dropStore', { name: store ? `${store.name} (${d.site})` : d.site });
  }
  if (d?.kind === 'relay') return t('dropRelay', d);
  if (d?.kind === 'locker') return t('dropLocker', d);
  return t('dropHome');
}

/** @param {Return} r */
function reasonText(r) {
  const reason = options?.reasons.find((x) => x.code === r.reason);
  return reason?.label?.[lang] ?? reason?.label?.fr ?? r.reason;
}

/** @param {{who: string}[]} validations */
const people = (validations) => validations.map((v) => person(v.who)).join(words.and);

/**
 * Draws the return: what it is, where it stands, and the one action its step takes here.
 * @param {Return} r
 */
function draw(r) {
  shown = r;
  $('return-view').hidden = false;
  $('return-title').textContent = t('title', { number: r.id });
  $('return-summary').textContent = t('summary', { order: r.order_id, reason: reasonText(r),
    dropOff: dropOffText(r.drop_off) });
  $('return-steps').replaceChildren(...(r.timeline ?? []).map((s) => h('li',
    { className: `step-${s.state}`, 'aria-current': s.state === 'current' ? 'step' : null },
    h('span', { className: 'mark', 'aria-hidden': 'true',
      text: s.state === 'done' ? '✓' : s.state === 'current' ? '●' : '○' }),
    ` ${words.steps[s.step] ?? s.label}`,
    s.state === 'done' ? h('span', { className: 'visually-hidden', text: ` (${words.stepDone})` }) : null)));
  $('return-lines').replaceChildren(...r.lines.map((l) => {
    const item = h('li', { 'data-line': l.line, text: t('line', { quantity: l.quantity, name: nameOf(l.line) || l.sku,
      sku: l.sku, amount: euros(l.refund_cents) }) });
    if (l.resellable + l.unsellable > 0) {
      item.append(' ', h('span', { className: 'meta', text: t('lineGraded', l) }));
    }
    return item;
  }));
  const q = r.quote?.output;
  $('return-quote').textContent = q ? t('quote', { amount: euros(q.refund_cents) }) +
    (q.shipping_cents > 0 ? t('quoteShipping', { amount: euros(q.shipping_cents) }) : '') +
    (q.taken_back_cents > 0
      ? t('quoteTakenBack', { amount: euros(q.taken_back_cents), codes: q.taken_back.join(', ') }) : '') +
    (q.cancelled?.length ? t('quoteCancelled', { codes: q.cancelled.join(', ') }) : '') +
    (q.owed_cents > 0 ? t('quoteOwed', { amount: euros(q.owed_cents) }) : '') : '';
  const receipt = { site: r.received_site, at: when(r.received_at), who: person(r.received_by) };
  $('return-received').textContent = !r.received_site ? t('notReceived')
    : me?.role === 'staff' && r.received_site === me.site ? t('receivedHere', receipt)
      : me?.role === 'staff' ? t('receivedElsewhere', receipt) : t('received', receipt);
  $('return-receive-block').hidden = Boolean(r.received_site) || !mayReceive() ||
    ['cancelled', 'refunded', 'closed'].includes(r.status);
  drawGrade(r);
  drawRefund(r);
}

/**
 * The grading form while the return waits for it here; once graded, what the grading gave.
 * @param {Return} r
 */
function drawGrade(r) {
  const form = $('return-grade');
  const open = r.status === 'received' && actsHere();
  if (!open) {
    form.hidden = true;
    form.dataset.for = '';
  } else if (form.dataset.for !== r.id) {
    // Drawn once per return: what staff typed stays while the same return is read again.
    form.dataset.for = r.id;
    form.hidden = false;
    $('return-grade-lines').replaceChildren(...r.lines.map((l, i) => gradeLine(l, i)));
    $('return-rule').textContent = ruleText();
    $('return-confirm').checked = false;
    fault($('return-confirm'), $('return-confirm-error'), '');
    $('return-grade-send').disabled = false;
    unsellableChanged();
  }
  const refund = r.refund;
  $('return-graded').textContent = r.graded_by ? t('graded', { at: when(r.graded_at), who: person(r.graded_by),
    money: euros(refund.money_cents),
    voucher: refund.voucher_cents > 0 ? t('gradedVoucher', { amount: euros(refund.voucher_cents) }) : '',
    kept: refund.kept_cents > 0 ? t('gradedKept', { amount: euros(refund.kept_cents),
      rule: r.compensation === 'percent' ? `${r.compensation_percent}\u00a0% remboursés` : r.compensation }) : '' })
    : '';
}

/**
 * One line's grading: how many units are resellable and how many are not (each field keeps the other at the
 * line's units), and where its error is said.
 * @param {ReturnLine} l
 * @param {number} i
 * @returns {HTMLElement}
 */
function gradeLine(l, i) {
  const id = `grade-${i}`;
  const error = h('p', { id: `${id}-error`, className: '', 'aria-live': 'polite' });
  /** @type {(kind: string, value: number) => HTMLInputElement} */
  const field = (kind, value) => h('input', { id: `${id}-${kind}`, name: kind, type: 'number', inputmode: 'numeric',
    min: 0, max: l.quantity, step: 1, value, required: true, 'aria-describedby': error.id });
  const resellable = field('resellable', l.quantity);
  const unsellable = field('unsellable', 0);
  const other = (/** @type {HTMLInputElement} */ from, /** @type {HTMLInputElement} */ to) => {
    const n = Number(from.value);
    if (from.value !== '' && Number.isInteger(n) && n >= 0 && n <= l.quantity) to.value = String(l.quantity - n);
    fault(resellable, error, '');
    unsellable.removeAttribute('aria-invalid');
    unsellableChanged();
  };
  resellable.addEventListener('input', () => other(resellable, unsellable));
  unsellable.addEventListener('input', () => other(unsellable, resellable));
  return h('fieldset', { className: 'grade-line', 'data-line': l.line },
    h('legend', { text: t('gradeLine', { quantity: l.quantity, name: nameOf(l.line) || l.sku, sku: l.sku }) }),
    h('span', { className: 'pair' }, h('label', { for: resellable.id, text: words.resellable }), resellable),
    h('span', { className: 'pair' }, h('label', { for: unsellable.id, text: words.unsellable }), unsellable),
    error);
}

/** @returns {{line: number, resellable: number, unsellable: number, quantity: number, fieldset: HTMLElement}[]} */
function typedGrades() {
  return [...$('return-grade-lines').querySelectorAll('fieldset.grade-line')].map((/** @type {HTMLElement} */ f) => {
    const line = Number(f.dataset.line);
    const value = (/** @type {string} */ name) => {
      const v = /** @type {HTMLInputElement} */ (f.querySelector(`input[name=${name}]`)).value.trim();
      return v === '' ? NaN : Number(v);
    };
    return { line, resellable: value('resellable'), unsellable: value('unsellable'),
      quantity: shown?.lines.find((l) => l.line === line)?.quantity ?? 0, fieldset: f };
  });
}

// The confirmation is asked as soon as a unit is unsellable (the rule is shown all along).
function unsellableChanged() {
  const any = typedGrades().some((g) => g.unsellable > 0);
  $('return-confirm-row').hidden = !any;
  $('return-rule').className = any ? 'rule warning' : 'rule';
  if (!any) fault($('return-confirm'), $('return-confirm-error'), '');
}

/**
 * Validation, the payment that follows, and the credit notes.
 * @param {Return} r
 */
function drawRefund(r) {
  const v = r.refund.validation;
  const amount = r.refund.money_cents + r.refund.voucher_cents;
  const waiting = r.status === 'graded' && (v === 'awaiting' || v === 'awaiting_second');
  $('return-validate-block').hidden = !waiting || !actsHere();
  $('return-validate').textContent = t('validate', { amount: euros(amount) });
  const above = r.refund.second_validation_above_cents ?? options?.second_validation_above_cents;
  $('return-validations').textContent = v === 'awaiting' ? t('awaitingFirst')
    : v === 'awaiting_second' ? t(typeof above === 'number' ? 'awaitingSecondAbove' : 'awaitingSecond',
      { who: people(r.refund.validations), amount: euros(above ?? 0) })
      : v === 'validated' ? t('validated', { who: people(r.refund.validations) }) : '';
  const pay = r.payment;
  const paid = { amount: euros(pay?.amount_cents ?? r.refund.money_cents), attempts: pay?.attempts ?? 0,
    error: pay?.last_error ?? '', reference: pay?.reference ?? '' };
  let payment = '';
  let tone = '';
  if (pay?.status === 'pending') payment = t(pay.last_error ? 'payRetrying' : 'payPending', paid);
  else if (pay?.status === 'succeeded') [payment, tone] = [t('paySucceeded', paid), 'done'];
  else if (pay?.status === 'failed') [payment, tone] = [t('payFailed', paid), 'error'];
  else if (r.status === 'refunded') [payment, tone] = [t('refundedNoPayment'), 'done'];
  else if (r.status === 'closed') payment = t('closed');
  else if (r.status === 'cancelled') payment = t('cancelled');
  if ($('return-payment').textContent !== payment) say($('return-payment'), payment, tone);
  $('return-notes-block').hidden = r.credit_notes.length === 0;
  if ($('return-notes').dataset.for !== `${r.id} ${r.credit_notes.join(' ')}`) {
    $('return-notes').dataset.for = `${r.id} ${r.credit_notes.join(' ')}`;
    $('return-notes').replaceChildren(...r.credit_notes.map((number) => {
      const pdf = h('button', { type: 'button', className: 'secondary', 'data-note': number,
        text: t('note', { number }) });
      pdf.addEventListener('click', () => downloadNote(number, pdf));
      return h('li', {}, pdf);
    }));
  }
  watchPayment(r);
}

/**
 * Reads the return again while its refund is on its way to the provider (the page follows it to its end).
 * @param {Return} r
 */
function watchPayment(r) {
  clearTimeout(poll);
  // Until the return is refunded: the provider's answer is written first, the return's step a moment later.
  const onItsWay = r.refund.validation === 'validated' && r.status === 'graded' && r.payment?.status !== 'failed';
  if (!onItsWay || polls > 300) return;
  const mine = asked;
  poll = setTimeout(async () => {
    ++polls;
    try {
      const again = /** @type {Return} */ (await call('GET', `/v1/returns/${r.id}`));
      if (mine === asked) draw(again);
    } catch {
      if (mine === asked) watchPayment(r);  // A dropped connection: asked again.
    }
  }, 1000);
}

/**
 * Downloads credit note `number` (its PDF fetched with the credential, which a plain link would not send).
 * @param {string} number
 * @param {HTMLButtonElement} button
 */
async function downloadNote(number, button) {
  button.disabled = true;
  say($('return-notes-status'), t('noteDownloading', { number }));
  try {
    const { blob } = await fetchPdf(`/v1/invoices/${encodeURIComponent(number)}/document`);
    const url = URL.createObjectURL(blob);
    h('a', { href: url, download: `${number}.pdf` }).click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    say($('return-notes-status'), t('noteDownloaded', { number }), 'done');
  } catch (e) {
    say($('return-notes-status'), explain(e), 'error');
  } finally {
    button.disabled = false;
  }
}

// Every status line of the return view, emptied when another return comes on screen.
const VIEW_STATUSES = ['return-receive-status', 'return-grade-status', 'return-validate-status', 'return-notes-status'];

/**
 * Opens return `number`: the return, then its order's options (names, reasons, the brand's rule); receives it
 * at once when "Réceptionner à chaque scan" is ticked.
 * @param {string} number
 * @returns {Promise<Return | null>}
 */
async function openReturn(number) {
  const mine = ++asked;
  polls = 0;
  clearTimeout(poll);
  say($('return-find-status'), t('opening', { number }));
  try {
    const r = /** @type {Return} */ (await call('GET', `/v1/returns/${number}`));
    const read = await call('GET', `/v1/orders/${encodeURIComponent(r.order_id)}/returns`).catch(() => null);
    if (mine !== asked) return null;
    if (shown?.id !== r.id) {
      for (const id of VIEW_STATUSES) say($(id), '');
      $('return-grade').dataset.for = '';
    }
    options = read;
    say($('return-find-status'), '');
    draw(r);
    if ($('return-auto').checked && mayReceive() && !$('return-auto-row').hidden) await receive();
    return r;
  } catch (e) {
    if (mine !== asked) return null;
    shown = null;
    $('return-view').hidden = true;
    say($('return-find-status'), explain(e, { number }), 'error');
    return null;
  }
}

// Receives the return on screen at the staff member's site: a second time says when and by whom it was.
async function receive() {
  if (!shown) return;
  const r = shown;
  const mine = asked;
  $('return-receive').disabled = true;
  say($('return-receive-status'), t('receiving'));
  try {
    const answer = /** @type {Return} */ (await call('POST', `/v1/returns/${r.id}/receive`, {}));
    if (mine !== asked) return;
    draw(answer);
    say($('return-receive-status'), answer.repeated
      ? t('alreadyReceived', { at: when(answer.received_at), who: person(answer.received_by) }) : t('receivedNow'),
    'done');
  } catch (e) {
    if (mine !== asked) return;
    say($('return-receive-status'), explain(e), 'error');
    if (e.code === 'return_moved') await reread();
  } finally {
    $('return-receive').disabled = false;
  }
}

// Reads the return on screen again (its status lines kept).
async function reread() {
  if (!shown) return;
  const mine = asked;
  try {
    const r = /** @type {Return} */ (await call('GET', `/v1/returns/${shown.id}`));
    if (mine === asked) draw(r);
  } catch (e) {
    if (mine === asked) say($('return-find-status'), explain(e, { number: shown.id }), 'error');
  }
}

// Sends the grading: every line split in resellable and unsellable units adding up to its units, the rule
// confirmed when a unit is unsellable (the server says so too, naming the field: said next to the box).
async function grade() {
  if (!shown) return;
  const grades = typedGrades();
  let wrong = null;
  for (const g of grades) {
    const resellable = /** @type {HTMLInputElement} */ (g.fieldset.querySelector('input[name=resellable]'));
    const ok = Number.isInteger(g.resellable) && Number.isInteger(g.unsellable) && g.resellable >= 0 &&
      g.unsellable >= 0 && g.resellable + g.unsellable === g.quantity;
    fault(resellable, /** @type {HTMLElement} */ (g.fieldset.querySelector('[aria-live]')),
      ok ? '' : t('splitWrong', { quantity: g.quantity }));
    if (!ok) {
      g.fieldset.querySelector('input[name=unsellable]')?.setAttribute('aria-invalid', 'true');
      wrong ??= resellable;
    }
  }
  say($('return-grade-status'), '');
  if (wrong) return wrong.focus();
  const confirm = $('return-confirm');
  fault(confirm, $('return-confirm-error'), '');
  const body = { grades: grades.map(({ line, resellable, unsellable }) => ({ line, resellable, unsellable })),
    compensation_confirmed: grades.some((g) => g.unsellable > 0) && confirm.checked };
  const mine = asked;
  $('return-grade-send').disabled = true;
  say($('return-grade-status'), t('grading'));
  try {
    const graded = /** @type {Return} */ (await call('POST', `/v1/returns/${shown.id}/grade`, body));
    if (mine !== asked) return;
    draw(graded);
    say($('return-receive-status'), '');  // One step's word at a time: the latest.
    say($('return-grade-status'), t('gradedNow'), 'done');
    if (!$('return-validate-block').hidden) $('return-validate').focus();
  } catch (e) {
    if (mine !== asked) return;
    $('return-grade-send').disabled = false;
    const line = /^grades\[(\d+)\]/.exec(e.field ?? '');
    if (e.field === 'compensation_confirmed') {
      say($('return-grade-status'), '');
      fault(confirm, $('return-confirm-error'), t('confirmNeeded'));
      confirm.focus();
    } else if (line && grades[Number(line[1])]) {
      const g = grades[Number(line[1])];
      const input = /** @type {HTMLInputElement} */ (g.fieldset.querySelector('input[name=resellable]'));
      say($('return-grade-status'), '');
      fault(input, /** @type {HTMLElement} */ (g.fieldset.querySelector('[aria-live]')), e.code === 'invalid_field'
        ? t('splitWrong', { quantity: g.quantity }) : explain(e));
      input.focus();
    } else {
      say($('return-grade-status'), explain(e), 'error');
      if (e.code === 'return_moved') await reread();
    }
  }
}

// Validates the refund as the signed-in person: a second person's validation is asked above the threshold.
async function validate() {
  if (!shown) return;
  const mine = asked;
  $('return-validate').disabled = true;
  say($('return-validate-status'), t('validating'));
  try {
    const answer = /** @type {Return} */ (await call('POST', `/v1/returns/${shown.id}/validate`, {}));
    if (mine !== asked) return;
    draw(answer);
    for (const id of ['return-receive-status', 'return-grade-status']) say($(id), '');
    say($('return-validate-status'), t('validatedNow'), 'done');
  } catch (e) {
    if (mine !== asked) return;
    say($('return-validate-status'), explain(e), 'error');
    if (e.code === 'return_moved') await reread();
  } finally {
    $('return-validate').disabled = false;
  }
}

// --- The camera (where the browser reads QR codes) ---------------------------------------------------------

/** @returns {boolean} */
const cameraReadsCodes = () => 'BarcodeDetector' in window && Boolean(navigator.mediaDevices?.getUserMedia);

function stopCamera() {
  for (const track of camera?.getTracks() ?? []) track.stop();
  camera = null;
  $('return-camera').hidden = true;
  $('return-video').srcObject = null;
}

// Films until a return number is read, then opens it.
async function startCamera() {
  try {
    const Detector = /** @type {any} */ (window).BarcodeDetector;
    const detector = new Detector({ formats: ['qr_code'] });
    camera = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    const video = $('return-video');
    video.srcObject = camera;
    $('return-camera').hidden = false;
    await video.play();
    say($('return-find-status'), t('cameraOn'));
    const stream = camera;
    const look = async () => {
      if (camera !== stream) return;
      const codes = await detector.detect(video).catch(() => []);
      const number = codes.map((c) => returnNumberOf(c.rawValue)).find(Boolean);
      if (!number) return void setTimeout(look, 200);
      stopCamera();
      $('return-number').value = number;
      await openReturn(number);
      $('return-number').select();
    };
    look();
  } catch (e) {
    stopCamera();
    say($('return-find-status'), t('cameraOff', { why: e.message ?? String(e) }), 'error');
  }
}

// --- A counter return, without a number ------------------------------------------------------------------

/**
 * Reads what order `id` may return and offers its lines and the brand's reasons.
 * @param {string} id
 */
async function counterOrder(id) {
  $('counter-form').hidden = true;
  counter = null;
  if (me?.role !== 'staff' || !siteTakesReturns) return say($('counter-status'), t('staffOnly'), 'error');
  say($('counter-status'), t('counterLoading'));
  try {
    const read = /** @type {ReturnOptions} */ (await call('GET', `/v1/orders/${encodeURIComponent(id)}/returns`));
    counter = read;
    // crypto.getRandomValues, not randomUUID: a counter's page may be served over plain http on the shop's network.
    counterKey = `counter-${[...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0'))
      .join('')}`;
    $('counter-lines-title').textContent = t('counterLines', { order: read.order_id });
    $('counter-lines').replaceChildren(...read.lines.map((l) => {
      if (!l.returnable) {
        return h('p', { className: 'meta', 'data-line': l.line,
          text: t('counterRefused', { name: l.name, sku: l.sku, why: l.refusal ?? '' }) });
      }
      const input = h('input', { id: `counter-${l.line}`, name: `line-${l.line}`, type: 'number', inputmode: 'numeric',
        min: 0, max: l.returnable, step: 1, value: 0, 'data-line': l.line, 'aria-describedby': 'counter-status' });
      return h('span', { className: 'pair' }, h('label', { for: input.id,
        text: t('counterLine', { name: l.name, sku: l.sku, returnable: l.returnable }) }), input);
    }));
    $('counter-reason').replaceChildren(h('option', { value: '', text: words.chooseReason }),
      ...read.reasons.map((r) => h('option', { value: r.code, text: r.label?.[lang] ?? r.label?.fr ?? r.code })));
    const any = read.lines.some((l) => l.returnable > 0);
    $('counter-form').hidden = !any;
    say($('counter-status'), any ? '' : t('counterNone'), any ? '' : 'error');
    if (any) /** @type {HTMLElement} */ ($('counter-lines').querySelector('input'))?.focus();
  } catch (e) {
    say($('counter-status'), explain(e, { order: id }), 'error');
  }
}

// Creates the return dropped at this site, receives it at once, and shows it for grading.
async function counterCreate() {
  if (!counter || !me?.site) return;
  const inputs = /** @type {HTMLInputElement[]} */ ([...$('counter-lines').querySelectorAll('input')]);
  for (const input of inputs) input.removeAttribute('aria-invalid');
  $('counter-reason').removeAttribute('aria-invalid');
  const lines = [];
  for (const input of inputs) {
    const quantity = input.value.trim() === '' ? 0 : Number(input.value);
    const offered = counter.lines.find((l) => l.line === Number(input.dataset.line));
    if (!Number.isInteger(quantity) || quantity < 0 || quantity > (offered?.returnable ?? 0)) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return say($('counter-status'), t('counterTooMany', { sku: offered?.sku, returnable: offered?.returnable }),
        'error');
    }
    if (quantity > 0) lines.push({ line: Number(input.dataset.line), quantity });
  }
  if (!lines.length) {
    inputs[0]?.setAttribute('aria-invalid', 'true');
    inputs[0]?.focus();
    return say($('counter-status'), t('counterNothing'), 'error');
  }
  if (!$('counter-reason').value) {
    $('counter-reason').setAttribute('aria-invalid', 'true');
    $('counter-reason').focus();
    return say($('counter-status'), t('counterNoReason'), 'error');
  }
  $('counter-send').disabled = true;
  say($('counter-status'), t('counterCreating'));
  try {
    const created = /** @type {Return} */ (await keyedCall('POST',
      `/v1/orders/${encodeURIComponent(counter.order_id)}/returns`,
      { lines, reason: $('counter-reason').value, drop_off: { kind: 'store', site: me.site } }, counterKey));
    let why = '';
    try {
      await call('POST', `/v1/returns/${created.id}/receive`, {});
    } catch (e) {
      why = explain(e);
    }
    $('return-number').value = created.id;
    $('counter-form').hidden = true;
    counter = null;
    const auto = $('return-auto').checked;
    $('return-auto').checked = false;  // Received just above (or said why not): not twice.
    await openReturn(created.id);
    $('return-auto').checked = auto;
    say($('counter-status'), why ? t('counterCreatedNotReceived', { number: created.id, why })
      : t('counterDone', { number: created.id }), why ? 'error' : 'done');
    $('return-title').setAttribute('tabindex', '-1');
    $('return-title').focus();
  } catch (e) {
    const line = /^lines\[(\d+)\]/.exec(e.field ?? '');
    const at = line ? inputs.find((i) => Number(i.dataset.line) === lines[Number(line[1])]?.line) : null;
    if (e.field === 'reason') $('counter-reason').setAttribute('aria-invalid', 'true');
    at?.setAttribute('aria-invalid', 'true');
    say($('counter-status'), explain(e, { order: counter.order_id }), 'error');
  } finally {
    $('counter-send').disabled = false;
  }
}

/**
 * Starts a counter return for `order` (the order on screen, or a search result marked for_returns: another
 * site's order, which staff of a store taking returns see for that only).
 * @param {Order & {parent_id?: string}} order
 */
function counterFrom(order) {
  const id = order.parent_id ?? order.id;  // Returns are the order the shopper knows: a child's parent.
  $('counter-return').open = true;
  $('counter-order').value = id;
  $('counter-return').scrollIntoView({ block: 'start' });
  counterOrder(id);
}

// --- Wiring -------------------------------------------------------------------------------------------------

/** @type {Order | null} */
let orderOnScreen = null;

/**
 * Starts the panel: `call` talks to relais-edge with the signed-in credential, `keyed` too with an
 * Idempotency-Key, `pdf` fetches a document with it.
 * @param {{call: ApiCall, keyed: (method: string, path: string, body: unknown, key: string) => Promise<any>,
 *   pdf: (path: string) => Promise<{blob: Blob}>}} with
 * @returns {{signedIn: (who: Me | null) => Promise<void>, orderShown: (order: Order | null) => void,
 *   counterFrom: (order: Order) => void}}
 */
export function startReturns({ call: apiCall, keyed, pdf }) {
  call = apiCall;
  keyedCall = keyed;
  fetchPdf = pdf;
  $('return-camera-start').hidden = !cameraReadsCodes();
  $('return-find').addEventListener('submit', async (/** @type {SubmitEvent} */ event) => {
    event.preventDefault();
    const number = returnNumberOf($('return-number').value);
    if (!number) {
      $('return-number').setAttribute('aria-invalid', 'true');
      return say($('return-find-status'), t('notANumber'), 'error');
    }
    $('return-number').removeAttribute('aria-invalid');
    $('return-number').value = number;
    await openReturn(number);
    $('return-number').select();  // The next scan replaces it.
  });
  $('return-camera-start').addEventListener('click', startCamera);
  $('return-camera-stop').addEventListener('click', () => {
    stopCamera();
    say($('return-find-status'), '');
  });
  $('return-receive').addEventListener('click', receive);
  $('return-grade').addEventListener('submit', (/** @type {SubmitEvent} */ event) => {
    event.preventDefault();
    grade();
  });
  $('return-confirm').addEventListener('change', () => {
    if ($('return-confirm').checked) fault($('return-confirm'), $('return-confirm-error'), '');
  });
  $('return-validate').addEventListener('click', validate);
  $('return-refresh').addEventListener('click', reread);
  $('counter-find').addEventListener('submit', (/** @type {SubmitEvent} */ event) => {
    event.preventDefault();
    counterOrder($('counter-order').value.trim());
  });
  $('counter-form').addEventListener('submit', (/** @type {SubmitEvent} */ event) => {
    event.preventDefault();
    counterCreate();
  });
  $('order-return').addEventListener('click', () => {
    if (orderOnScreen) counterFrom(orderOnScreen);
  });
  return { signedIn, orderShown, counterFrom };
}

/**
 * After a sign-in (null: none, or refused): the panel for this person, empty; staff learn whether their site
 * takes returns.
 * @param {Me | null} who
 */
async function signedIn(who) {
  ++asked;
  clearTimeout(poll);
  stopCamera();
  me = who;
  shown = null;
  options = null;
  counter = null;
  siteTakesReturns = false;
  for (const id of ['return-find-status', 'counter-status', ...VIEW_STATUSES]) say($(id), '');
  $('return-view').hidden = true;
  $('return-grade').dataset.for = '';
  $('counter-form').hidden = true;
  $('return-number').value = '';
  $('return-auto').checked = false;  // Another person: receiving on each scan is theirs to choose.
  $('returns').hidden = !who;
  $('order-return').hidden = true;
  if (!who) return;
  const mine = asked;
  if (who.role === 'staff') {
    $('returns').setAttribute('aria-busy', 'true');
    try {
      const site = /** @type {Site & {capabilities?: Record<string, any>}} */ (
        await call('GET', `/v1/sites/${encodeURIComponent(who.site ?? '')}`));
      if (mine !== asked) return;
      siteTakesReturns = Boolean(site.capabilities?.returns?.enabled);
    } catch {
      if (mine !== asked) return;
      siteTakesReturns = false;
    }
  }
  $('returns').removeAttribute('aria-busy');
  const note = who.role === 'merchant' ? t('merchantNote')
    : siteTakesReturns ? '' : t('noReturnsHere', { site: who.site });
  $('return-site-note').textContent = note;
  $('return-site-note').hidden = !note;
  $('return-auto-row').hidden = !mayReceive();
  $('counter-return').hidden = !mayReceive();
  orderShown(orderOnScreen);
}

/**
 * The order the page shows (null: none): staff of a site taking returns may start a counter return from it.
 * @param {Order | null} order
 */
function orderShown(order) {
  orderOnScreen = order;
  $('order-return').hidden = !order || !mayReceive();
}

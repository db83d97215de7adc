// Text that goes into markup or into a sentence.

/**
 * `text` safe inside HTML text and quoted attribute values (& < > " ' as character references), for the
 * few pages written as HTML strings by a server; in the browser, text goes in as textContent (h()).
 * @param {unknown} text
 * @returns {string}
 */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * `template` with its {name} placeholders replaced by values[name]. A value that is missing is an empty
 * string, or, with `keepMissing`, the placeholder left as it is (null then reads "null").
 * @param {string} template
 * @param {Record<string, unknown>} [values]
 * @param {boolean} [keepMissing]
 * @returns {string}
 */
export function fill(template, values = {}, keepMissing = false) {
  return String(template).replace(/\{(\w+)\}/g, (whole, name) => {
    const value = values[name];
    if (keepMissing) return value === undefined ? whole : String(value);
    return String(value ?? '');
  });
}

/** A return's status as a French staff page says it. */
export const RETURN_STATUS_FR = { requested: 'Retour demandé', dropped_off: 'Déposé', in_transit: 'En route', received: 'Reçu',
  graded: 'Contrôlé', refunded: 'Remboursé', closed: 'Clos', cancelled: 'Annulé' };

/** An order's status as a French page says it ("Commande enregistrée"). */
export const ORDER_STATUS_FR = { placed: 'enregistrée', preparing: 'en préparation', ready: 'prête', shipped: 'expédiée',
  collected: 'retirée', delivered: 'livrée', cancelled: 'annulée' };

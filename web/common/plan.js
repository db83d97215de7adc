// From the engine's split plan to an order: the choices a plan is asked with (relay or locker point, home
// position) and the order lines relais-edge's order and import routes take (each shipment's lines with its
// site, mode, arrival date and destination). Shared by the pages that place an order from a plan they made in
// the browser (the sales agent's order entry); the server re-plans and re-checks everything it receives.

/** @typedef {import('./types.js').Address} Address */

/**
 * @typedef {object} PlanShipment
 * @property {string} site
 * @property {string} [via]
 * @property {string} mode
 * @property {{carrier?: string, id?: string, site?: string, home?: boolean}} destination
 * @property {Array<{sku: string, quantity: number}>} lines
 * @property {number} cost_cents
 * @property {string} earliest
 * @property {string} latest
 */

/**
 * @typedef {object} Plan
 * @property {PlanShipment[]} shipments
 * @property {Array<{sku: string, quantity: number, reason: string}>} unserved
 * @property {{cost_cents: number, latest_arrival?: string}} totals
 */

/** The modes whose destination is a carrier's point. */
export const POINT_MODES = new Set(['relay', 'locker']);

/** The modes collected at a site of the brand, and the choice naming that site. */
export const COLLECT_MODES = { click_collect: 'collect_site', drive: 'drive_site', pedestrian: 'pedestrian_site' };

/**
 * The split choices for a plan: the availability answer's modes, with `point` as the relay (or locker) when
 * given (its mode added), the home position when known, and `collect` as the site collections happen at (when
 * given: the store the caller will come to).
 * @param {{modes?: string[]}} offered the availability answer's `choices`
 * @param {{carrier: string, id: string, kind?: string} | null} point
 * @param {{lat: number, lon: number} | null} home
 * @param {string} [collect] a site id
 * @returns {Record<string, unknown>}
 */
export function planChoices(offered, point, home, collect = '') {
  const modes = new Set(offered?.modes ?? []);
  /** @type {Record<string, unknown>} */
  const choices = { ...offered };
  if (point) {
    const mode = point.kind === 'locker' ? 'locker' : 'relay';
    choices[mode] = { carrier: point.carrier, id: point.id };
    modes.add(mode);
  } else {
    modes.delete('relay');
    modes.delete('locker');
  }
  if (home) choices.home = { lat: home.lat, lon: home.lon };
  else modes.delete('home');
  if (collect) for (const choice of Object.values(COLLECT_MODES)) choices[choice] = collect;
  choices.modes = [...modes];
  return choices;
}

/**
 * The order lines of `plan`: one per shipment line, with the shipment's site (and via), mode, first arrival
 * day, and destination -- the point for relay and locker (none for the lines to `relay`, the order's first-class
 * relay point, which the import route gives them), `home` (name and address) for home delivery, the site a
 * collection happens at.
 * @param {Plan} plan
 * @param {(Address & {name?: string}) | null} home
 * @param {{carrier: string, id: string} | null} [relay]
 * @returns {Array<Record<string, unknown>>}
 */
export function orderLines(plan, home, relay = null) {
  return plan.shipments.flatMap((s) => s.lines.map((l) => {
    /** @type {Record<string, unknown>} */
    const line = { sku: l.sku, quantity: l.quantity, site: s.site, mode: s.mode };
    if (s.earliest) line.date = s.earliest;
    if (s.via) line.via = s.via;
    const toRelay = relay && s.destination?.carrier === relay.carrier && s.destination?.id === relay.id;
    if (POINT_MODES.has(s.mode) && s.destination?.carrier && !toRelay) line.destination = { carrier: s.destination.carrier, id: s.destination.id };
    else if (s.mode === 'home' && home) {
      line.destination = { name: home.name, address: home.address, postcode: home.postcode, city: home.city, country: home.country };
    } else if (s.mode in COLLECT_MODES && s.destination?.site) line.destination = { site: s.destination.site };
    return line;
  }));
}

/**
 * The relay or locker shipment of `plan`, if any.
 * @param {Plan | null} plan
 * @returns {PlanShipment | undefined}
 */
export function pointShipment(plan) {
  return plan?.shipments.find((s) => POINT_MODES.has(s.mode));
}

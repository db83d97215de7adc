// The shapes the pages read from relais-edge (its OpenAPI document, GET /openapi.json, is the reference)
// and from the engine, as JSDoc types: `@param {import('../common/types.js').Timeline} timeline`. No code.

/**
 * The `error` object of every refusal: {"error": {"code", "message", "field"}}; some codes add more.
 * @typedef {object} ApiErrorDetail
 * @property {string} [code] e.g. `unauthorized`, `relay_unavailable`, `basket_unservable`
 * @property {string} [message] for people
 * @property {string} [field] the request field at fault
 * @property {string} [reason]
 * @property {RelayPoint[]} [alternatives] relay_unavailable: points that fit
 * @property {string[]} [children] an action on an order several sites serve: the child orders to act on
 * @property {Plan} [plan] basket_unservable, plan_changed: the server's plan
 * @property {string[]} [parcel_numbers] printer_unavailable: the label's numbers, kept for a download or
 *   another print
 * @property {number} [not_ready] nothing_to_hand_over: how many parcels are labelled but not prepared yet
 */

/**
 * An address: lines, postcode, city (a home delivery, a site's location).
 * @typedef {object} Address
 * @property {string[]} [address]
 * @property {string} [postcode]
 * @property {string} [city]
 * @property {string} [country]
 */

/**
 * Where a line goes: a relay point or locker (carrier + id), a site (collect, drive), or a home address.
 * @typedef {Address & {carrier?: string, id?: string, site?: string}} Destination
 */

/**
 * @typedef {object} OrderLine
 * @property {string} sku
 * @property {number} quantity
 * @property {string} site
 * @property {string} mode home, relay, locker, click_collect, drive, pedestrian, reserve_transfer...
 * @property {Destination} destination
 * @property {string} [date] a collection day (YYYY-MM-DD)
 * @property {number} unit_price_cents
 * @property {number} total_cents
 */

/**
 * @typedef {object} Contact
 * @property {string} [name]
 * @property {string} [email]
 * @property {string} [phone]
 * @property {string} [lang]
 */

/**
 * GET /v1/orders/{id}.
 * @typedef {object} Order
 * @property {string} id
 * @property {string} customer_id
 * @property {'placed'|'preparing'|'ready'|'shipped'|'collected'|'delivered'|'cancelled'} status
 * @property {OrderLine[]} lines
 * @property {number} total_cents
 * @property {string} created_at
 * @property {string} channel
 * @property {string} [external_ref]
 * @property {Contact} [contact]
 * @property {Array<{id: string, site: string, status: string, total_cents: number, latest?: string}>} [children]
 *   an order served by other sites than its purchase site: one child order per site
 * @property {string} [tracking_token] on creation only
 */

/**
 * GET /v1/orders/{id}/events: the order's history.
 * @typedef {object} OrderEvent
 * @property {string} order_id
 * @property {string} at ISO 8601 instant
 * @property {string} actor
 * @property {string} kind
 * @property {string} [reason]
 * @property {object} details
 */

/**
 * A relay point or locker as relais-edge answers it: the canonical relay record (docs/relay-record.md) plus its
 * state at the instant asked.
 * @typedef {object} RelayPoint
 * @property {string} carrier
 * @property {string} id
 * @property {'shop'|'locker'|'post_office'|'store'|'drive'} kind
 * @property {string} name
 * @property {string[]} [address]
 * @property {string} [postcode]
 * @property {string} [city]
 * @property {number} lat
 * @property {number} lon
 * @property {string} tz
 * @property {Record<string, Array<[string, string]>>} [hours] per day (mon...sun), [open, close] pairs
 * @property {boolean} [always] open 24/7
 * @property {boolean | null} open_now
 * @property {{from: string, to: string, in_force: boolean}} [closure_notice] the closure in force or coming
 * @property {number} [distance_m]
 */

/**
 * @typedef {object} TimelineStep
 * @property {string} step
 * @property {string} label in the timeline's language
 * @property {'done'|'current'|'next'} status
 */

/**
 * One shipment of GET /v1/orders/{id}/timeline.
 * @typedef {object} TimelineShipment
 * @property {string} order the (child) order holding it: what POST .../events names
 * @property {number} shipment
 * @property {number} [backorder_of] a backorder: the shipment whose lines were short
 * @property {string} [available_on] a backorder: when the stock is expected
 * @property {boolean} [can_choose] a backorder: where it goes may still be chosen (POST .../destination)
 * @property {{code: string, message: string, reason?: string, alternatives?: object[]}} [relay_check] a
 *   backorder: its point's refusal at its new date, until another is chosen
 * @property {string} site
 * @property {string} mode
 * @property {Destination} destination
 * @property {string} step
 * @property {TimelineStep[]} steps
 * @property {boolean} can_cancel
 * @property {string[]} shopper_events
 * @property {string[]} [next_events] staff and merchants: the events the current step takes
 * @property {{carrier: string, text: string, pattern: string}} [parcel_number] what the carrier's parcel
 *   numbers look like, when the step takes handed_to_carrier
 * @property {string} [eta] YYYY-MM-DD
 * @property {string} [mode_label] a merchant's own mode: its name for shoppers, in the timeline's language
 * @property {string} [slot] the collection slot booked on eta, "HH:MM-HH:MM" (slot_booking.h)
 * @property {string} [pickup_code]
 * @property {string[]} [pickup_qr] the code's QR symbol, one string of 0/1 per row
 * @property {{carrier: string, tracking_number: string}} [parcel]
 * @property {ParcelLabel[]} [labels] staff and merchants: the numbers its labels carry, one per parcel, once
 *   labelled (POST .../shipments/{n}/label or .../print)
 * @property {RelayPoint} [point]
 * @property {{id: string, name: string, location?: Address}} [pickup_site]
 */

/**
 * A parcel's label number: what the carrier account's range gave it (the same at every reprint).
 * @typedef {object} ParcelLabel
 * @property {string} carrier
 * @property {string} number as the hand-over to the carrier takes it
 */

/**
 * POST /v1/orders/{id}/shipments/{n}/print: the label sent to the site's network label printer.
 * @typedef {object} PrintedLabel
 * @property {string} order
 * @property {number} shipment
 * @property {string[]} parcel_numbers one per parcel
 * @property {string} printer host:port
 */

/**
 * One range of a carrier account's parcel numbers, as GET /v1/parcel-ranges says how far it is used.
 * @typedef {object} ParcelRangeUse
 * @property {string} carrier
 * @property {string} account
 * @property {string} name how the account names its carrier ("Mondial Relay")
 * @property {string} scheme colissimo, upu-s10, dpd, sscc-18, mondial-relay
 * @property {string} prefix
 * @property {number} first
 * @property {number} last
 * @property {number} given
 * @property {number} left
 * @property {boolean} low the account (all its ranges) has fewer numbers left than its low_at
 */

/**
 * GET /v1/parcel-ranges.
 * @typedef {object} ParcelRanges
 * @property {ParcelRangeUse[]} ranges
 */

/**
 * One parcel of the day's hand-over to a carrier (GET /v1/manifests/pending, a Manifest).
 * @typedef {object} ManifestParcel
 * @property {string} order the (child) order holding its shipment
 * @property {number} shipment the timeline's index
 * @property {number} parcel which of the shipment's parcels, from 0
 * @property {string} number its label's number
 * @property {string} order_ref the order's external_ref, or its id
 * @property {string} recipient
 * @property {string} destination in words: the relay point ("FR-014337 Tabac..., 75001 PARIS"), a postcode and
 *   city, or "site <id>"
 * @property {string} mode
 * @property {number} weight_g the shipment's weight shared among its parcels
 * @property {number} parcel_count the shipment's parcels
 */

/**
 * @typedef {object} ManifestTotals
 * @property {number} parcels
 * @property {number} weight_g
 */

/**
 * A closed manifest (POST /v1/manifests, GET /v1/manifests/{id}): final, every parcel on it handed to the
 * carrier with its label's number.
 * @typedef {object} Manifest
 * @property {string} id "<site>-<carrier>-<YYYYMMDD>-<n>", the barcode on its PDF
 * @property {string} site
 * @property {string} carrier
 * @property {string} account the carrier account whose numbers the labels carry
 * @property {string} day YYYY-MM-DD, the site's local day
 * @property {string} closed_at ISO 8601 instant
 * @property {string} closed_by
 * @property {ManifestParcel[]} parcels
 * @property {ManifestTotals} totals
 * @property {PickupState | null} [pickup] the carrier's pickup request (GET and POST answers), null when the
 *   account asks for none
 */

/**
 * @typedef {object} PickupState
 * @property {'pending' | 'sent' | 'failed'} status
 * @property {'email' | 'http'} channel
 * @property {number} attempts
 * @property {string} last_error
 * @property {string} reference the carrier's confirmation, '' when none
 * @property {string} sent_at
 */

/**
 * An invoice or credit note (GET /v1/invoices/{number}, GET /v1/orders/{id}/invoices): one per shipment that
 * left; amounts in cents, prices including VAT.
 * @typedef {object} Invoice
 * @property {string} number "F-000001"; credit notes "AV-000001"
 * @property {'invoice' | 'credit_note'} kind
 * @property {string} series
 * @property {string} order_id the (child) order whose shipment it bills
 * @property {string} order_ref
 * @property {number} shipment the timeline's index
 * @property {string} [credits] a credit note: the invoice it credits
 * @property {string} issued_at
 * @property {{name: string, address?: string[], vat_number?: string, company_id?: string}} seller
 * @property {{name: string, email: string}} customer
 * @property {{mode: string, relay?: {carrier: string, code: string, name: string, address?: string},
 *   site?: string}} delivery
 * @property {{sku: string, label: string, quantity: number, unit_cents: number, total_cents: number,
 *   vat_rate_bp: number}[]} lines
 * @property {{rate_bp: number, net_cents: number, vat_cents: number, gross_cents: number}[]} vat
 * @property {{net_cents: number, vat_cents: number, gross_cents: number}} totals
 */

/**
 * GET /v1/manifests/pending?site=&carrier=: what closing the day now would hand over (labelled, prepared, on
 * no manifest), and apart those labelled but not prepared yet.
 * @typedef {object} PendingManifest
 * @property {string} site
 * @property {string} carrier
 * @property {string} account '' while no parcel is listed
 * @property {string} day YYYY-MM-DD
 * @property {ManifestParcel[]} parcels
 * @property {ManifestTotals} totals of `parcels` only
 * @property {ManifestParcel[]} not_ready
 */

/**
 * A site of the brand (GET /v1/sites, GET /v1/sites/{id}).
 * @typedef {object} Site
 * @property {string} id
 * @property {string} kind warehouse, store, dark_store...
 * @property {string} name
 * @property {string} zone
 * @property {Address & {lat?: number, lon?: number, tz?: string}} location
 * @property {Record<string, object>} capabilities
 * @property {number} [preparation_cents]
 */

/**
 * A question to the shopper (a substitute to accept, a choice, a text answer).
 * @typedef {object} Question
 * @property {string} id
 * @property {'substitution'|'choice'|'text'} kind
 * @property {number} shipment
 * @property {{fr?: string, en?: string}} text
 * @property {Array<{sku: string, name: string, price_cents: number}>} [candidates]
 * @property {number} [quantity] substitution: the units asked about
 * @property {number} [ordered] substitution, a shortage: the line's units, some of them found (and kept)
 * @property {string[]} [choices]
 * @property {'open'|'answered'} status
 * @property {{accept?: boolean, sku?: string, choice?: number, label?: string, text?: string, reason?: string}} [answer]
 * @property {string} [answered_by] who answered: "system" when nobody could (no substitute allowed or in stock)
 */

/**
 * GET /v1/orders/{id}/timeline.
 * @typedef {object} Timeline
 * @property {string} id
 * @property {string} status
 * @property {'fr'|'en'} lang
 * @property {boolean} can_cancel
 * @property {boolean} [returns] The brand takes returns through relais.
 * @property {Question[]} [questions]
 * @property {TimelineShipment[]} shipments
 */

/**
 * A day's sales, as the engine's forecast reads them (wasm/engine/sales_forecast_json.h).
 * @typedef {object} SalesSeries
 * @property {string} first_day YYYY-MM-DD
 * @property {number[]} sold units per day from first_day, returns netted
 * @property {number[]} [in_stock] 1 in stock, 0 out, per day (all in stock when left out)
 * @property {string} [path] a category level's path
 */

/**
 * A holiday of the brand's own (its settings' forecast.own_holidays): its day each year and its reach.
 * @typedef {object} OwnHoliday
 * @property {string} name
 * @property {string[]} dates YYYY-MM-DD
 * @property {number} [days_before]
 * @property {number} [days_after]
 */

/**
 * GET /v1/forecast: a product's, a category's or a site's sales forecast.
 * @typedef {object} Forecast
 * @property {string} site
 * @property {string} [sku]
 * @property {string} [category]
 * @property {string} from the first day forecast
 * @property {number} days
 * @property {number} total
 * @property {Array<{date: string, forecast: number, last_year: number | null, compared_with: string}>} daily
 * @property {Array<{date: string, sold: number, in_stock: boolean}>} history the days before `from`
 * @property {number} products
 * @property {Record<string, number>} methods how many products each method forecast
 * @property {string} [method] own_history, category_share, category_launch, no_history (one product)
 * @property {string} [method_text]
 * @property {number} [trend]
 * @property {number} [share]
 * @property {string} [category_used]
 * @property {{history: SalesSeries, category: SalesSeries | null, holidays: 'fr' | 'none', own_holidays: OwnHoliday[],
 *   options: {trend_weeks: number, trend_min: number, trend_max: number, launch_share?: number}}} [inputs]
 *   with inputs=true: what the page's engine needs to redraw it
 */

/**
 * The forecast module's request (relais-forecast.mjs).
 * @typedef {object} ForecastRequest
 * @property {string} from
 * @property {number} days
 * @property {SalesSeries} history
 * @property {SalesSeries | null} [category]
 * @property {'fr' | 'none'} [holidays]
 * @property {OwnHoliday[]} [own_holidays]
 * @property {{trend_weeks?: number, trend_min?: number, trend_max?: number, launch_share?: number}} [options]
 */

/**
 * The forecast module's answer.
 * @typedef {object} EngineForecast
 * @property {number[]} daily
 * @property {number} total
 * @property {string} method
 * @property {number} trend
 * @property {number} share
 * @property {number} launch_share
 * @property {string} category_used
 * @property {Array<number | null>} last_year
 * @property {string[]} compared_with
 */

/**
 * GET /v1/me: who a credential is.
 * @typedef {object} Me
 * @property {'merchant'|'staff'|'shopper'} role
 * @property {string} brand
 * @property {string} [site] staff: the one site the token works at
 */

/**
 * The demo storefront's GET /shop/api/products.
 * @typedef {object} Product
 * @property {string} sku
 * @property {string} name
 * @property {number} price_cents
 * @property {number} weight_g
 */

/**
 * A shipment of the engine's split plan.
 * @typedef {object} PlanShipment
 * @property {string} site
 * @property {string} mode
 * @property {Array<{sku: string, quantity: number}>} lines
 * @property {number} cost_cents
 * @property {string} earliest YYYY-MM-DD
 * @property {string} latest YYYY-MM-DD
 */

/**
 * The engine's split plan (RelaisSplit's splitter.plan(), or relais-edge's), or the error that stopped it.
 * @typedef {object} Plan
 * @property {PlanShipment[]} shipments
 * @property {Array<{sku: string, quantity: number, reason: string}>} unserved
 * @property {{cost_cents: number}} totals
 * @property {string} [error]
 */

/**
 * A point as the engine (relais.mjs) returns it (a RelayPoint: carrier, kind, lat, lon, active and distanceM
 * plain, the rest read when first asked; toJSON() the plain object), times on the point's own clock.
 * @typedef {object} EnginePoint
 * @property {string} carrier
 * @property {string} id
 * @property {string} kind
 * @property {string} name
 * @property {string[]} address
 * @property {string} [postcode]
 * @property {string} [city]
 * @property {number} lat
 * @property {number} lon
 * @property {string} tz
 * @property {Record<string, Array<[string, string]>> | 'always' | null} hours
 * @property {Array<{from: string, to: string}>} [closures]
 * @property {string[]} services
 * @property {boolean} active
 * @property {number} [distanceM] nearest() only
 */

/**
 * The engine's closureNotice(point, when): the closure to announce (relais-edge's closure_notice rule).
 * @typedef {object} EngineClosureNotice
 * @property {string} from YYYY-MM-DD, inclusive
 * @property {string} to YYYY-MM-DD, inclusive
 * @property {boolean} inForce
 */

/**
 * The engine's status(point, when).
 * @typedef {object} EngineStatus
 * @property {boolean | null} open null when the point publishes no hours
 * @property {Date | null} [nextOpening]
 * @property {Date | null} [nextClosing]
 * @property {{now: WallClock | null, nextOpening: WallClock | null, nextClosing: WallClock | null}} [local] the same
 *   instants on the point's clock, from the snapshot's zone rule (relais_api.js status())
 */

/**
 * An instant on a place's wall clock.
 * @typedef {object} WallClock
 * @property {string} date YYYY-MM-DD
 * @property {number} weekday 0 = Monday
 * @property {string} time HH:MM
 */

export {};

/**
 * The engine's refund quote (relais-split's refund(input), wasm/engine/refund_json.h; a return's quote.output).
 * @typedef {object} RefundQuote
 * @property {number} refund_cents what the return refunds (>= 0)
 * @property {number} goods_cents what its units are worth after the order's discounts
 * @property {number[]} line_cents the same, per order line
 * @property {number} shipping_cents delivery refunded with it
 * @property {string[]} taken_back spent benefits (codes) whose value comes off the refund
 * @property {number} taken_back_cents
 * @property {string[]} cancelled unspent benefits the return cancels
 * @property {number} owed_cents benefits' value not taken back yet (a refund is never negative)
 */

/**
 * GET /v1/orders/{id}/returns: what the order may return now, where, and its returns (409 returns_off: the brand
 * takes no returns through relais).
 * @typedef {object} ReturnOptions
 * @property {string} order_id
 * @property {number} window_days
 * @property {Array<{line: number, sku: string, name: string, bought: number, returned: number, returnable: number,
 *   unit_price_cents: number, returnable_until?: string, refusal?: string}>} lines per order line; `refusal`
 *   (in English) says why none is returnable
 * @property {Array<{code: string, label: {fr?: string, en?: string}, defective: boolean}>} reasons the brand's
 * @property {{stores: Array<{site: string, name: string, location: Address & {lat?: number, lon?: number, tz?: string,
 *   hours?: Record<string, Array<[string, string]>>, always?: boolean, closures?: Array<{from: string, to: string}>}}>,
 *   relay_carriers: string[], home_pickup: boolean}} drop_off where the parcel may go: the brand's stores taking
 *   returns, relay points and lockers of these carriers offering the `returns` service, home pickup
 * @property {{rule: 'full' | 'percent' | 'voucher', percent: number}} [unsellable] what an item that cannot be
 *   resold earns
 * @property {number} [second_validation_above_cents]
 * @property {object} refund_input the engine's input (refund_json.h) before this return: the page sets
 *   `returning` (units per order line) and `defective`, and quotes with relais-split's refund()
 * @property {ReturnRequest[]} returns the order's returns, as GET /v1/returns/{id} shows each
 */

/**
 * A return (POST /v1/orders/{id}/returns, GET /v1/returns/{id}, POST /v1/returns/{id}/steps...).
 * @typedef {object} ReturnRequest
 * @property {string} id the return number: "R" and 10 letters and digits
 * @property {string} order_id
 * @property {'requested' | 'dropped_off' | 'in_transit' | 'received' | 'graded' | 'refunded' | 'closed' | 'cancelled' | string} status
 * @property {Array<{step: string, label: string, state: 'done' | 'current' | 'next'}>} timeline its steps, labels
 *   in the order's language
 * @property {string} reason a code of the brand's reasons
 * @property {boolean} defective
 * @property {{kind: 'store', site: string} | {kind: 'relay' | 'locker', carrier: string, id: string} | {kind: 'home'}} drop_off
 * @property {Array<{line: number, sku: string, quantity: number, refund_cents: number, resellable: number,
 *   unsellable: number}>} lines
 * @property {{input: object, output: RefundQuote}} quote the engine's quote when requested
 * @property {{money_cents: number, voucher_cents: number, kept_cents: number,
 *   validation: 'none' | 'awaiting' | 'awaiting_second' | 'validated'}} refund once graded
 * @property {{status: 'pending' | 'succeeded' | 'failed', attempts?: number, reference?: string}} [payment] the
 *   refund's payment through the brand's provider
 * @property {string[]} credit_notes numbers of its credit notes ("AV-000001"), invoices of kind credit_note
 * @property {string[]} qr the return number's QR symbol, one string of 0/1 per row ('1' dark)
 * @property {string} [received_site]
 * @property {string} created_at
 */

/**
 * A line of a pick list (GET /v1/pick-lists/{id}), in walking order.
 * @typedef {object} PickLine
 * @property {string} order_id
 * @property {number} shipment
 * @property {string} sku
 * @property {string} name
 * @property {string} gtin 14 digits, '' when the catalogue has none
 * @property {'ambient' | 'chilled' | 'frozen'} temperature
 * @property {number} quantity
 * @property {number} picked
 * @property {string} location
 * @property {number} aisle from 1; 0 when the product has no location, or stands in a store of walkways
 * @property {string} [node] a store of walkways: the node the picker stands at
 * @property {number} bay
 * @property {number} level
 * @property {string} side
 * @property {number} y_m
 * @property {number} container index into the list's containers
 * @property {'pending' | 'picked' | 'missing' | 'short' | 'cancelled'} state
 * @property {string} reason
 * @property {string} question the question asked the shopper, '' when none
 * @property {string} substitute the SKU this line replaced, '' when none
 */

/**
 * A pick list (POST /v1/sites/{id}/pick-lists, GET /v1/pick-lists/{id}, its claim, scans, missing, complete).
 * @typedef {object} PickList
 * @property {string} id
 * @property {number} version
 * @property {string} site
 * @property {number} layout_version
 * @property {'open' | 'picking' | 'waiting' | 'done'} status
 * @property {string} picker "staff:<id> <name>" once taken
 * @property {Array<{order_id: string, shipment: number, due?: string}>} shipments each with when it is due (YYYY-MM-DD, plus a slot; "" none)
 * @property {PickLine[]} lines
 * @property {Array<{order_id: string, type: string, temperature: string}>} containers
 * @property {number} route_m
 * @property {boolean} route_optimal
 */

// TypeScript declarations of relais-widget.js: the <relais-picker> element, its options and events.

export type PointKind = 'shop' | 'locker' | 'post_office' | 'store' | 'drive';
export type Service = 'accessible' | 'parking' | 'card' | 'returns' | 'cod' | 'refrigerated' | 'late' | 'sunday';
export type DayKey = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** A relay point as the engine gives it (the canonical record of docs/relay-record.md). */
export interface RelayPoint {
  carrier: string;
  id: string;
  kind: PointKind;
  name: string;
  address: string[];
  postcode: string;
  city: string;
  country: string;
  lat: number;
  lon: number;
  tz: string;
  active: boolean;
  services: Service[];
  maxWeightG: number | null;
  maxDimsCm: [number, number, number] | null;
  /** null: not published; 'always': 24/7; else up to 4 [open, close] intervals per day, "HH:MM". */
  hours: null | 'always' | Record<DayKey, Array<[string, string]>>;
  closures: Array<{ from: string; to: string }>;
  distanceM?: number;
}

/** The engine's split plan (wasm/engine/split_json.h). */
export interface SplitPlan {
  shipments: Array<{
    site: string; mode: string; via?: string; joins?: string;
    destination: { home: true } | { site: string } | { carrier: string; id: string };
    lines: Array<{ sku: string; quantity: number }>;
    weight_g: number; parcels: number; cost_cents: number; earliest: string; latest: string;
  }>;
  unserved: Array<{ sku: string; quantity: number; reason: string; alternatives: Array<{ mode: string; site: string }> }>;
  totals: { cost_cents: number; objective_cents: number; shipments: number; latest_arrival?: string };
  exact: boolean;
  error?: string;
}

export interface PickerOptions {
  /** URL of the relay snapshot: a tile pack (relais-snapshot tiles), read by HTTP ranges, or a plain snapshot
   * (relais-snapshot build / relais-sync), read whole. Required. */
  snapshot: string;
  /** URL of web/widget/relais-sw.js served from the page's origin: the widget's code from this browser's copy on
   * the next visits, and the checkout offline. */
  serviceWorker?: string;
  /** URL of the place table (relais-snapshot places) for the postcode and town search. */
  places?: string;
  /** 'fr' or 'en' (default: the page's lang, else English). */
  lang?: string;
  /** The parcel's weight: points that cannot take it are left out. */
  weightG?: number;
  /** Carriers (slugs) and kinds offered; default all. */
  carriers?: string[] | string;
  kinds?: PointKind[] | string;
  /** Services a point must offer, every one (e.g. ['returns'] for a returns drop-off); default none required.
   * A name the engine does not know lets no point through. */
  services?: Service[] | string;
  /** Name of the hidden input carrying "carrier/id" (or "home"); default "relais_point". */
  name?: string;
  /** The form is not sent until a point (or home delivery) is chosen. */
  required?: boolean;
  /** Tile URL template (its host must be in the page's CSP img-src) and its attribution; default 'none'. */
  tiles?: string;
  attribution?: string;
  /** URL of a GeoJSON drawn under the points; default (without tiles) france.geojson beside the script. */
  baseLayer?: string;
  /** Search radius in km (default 20) and number of points listed (default 12, at most 50). */
  maxKm?: number;
  k?: number;
  /** Where to search first when no point was used before: a postcode, or lat and lon. */
  postcode?: string;
  lat?: number;
  lon?: number;
  /** The parcel's arrival date (YYYY-MM-DD) for the "open on delivery day" filter; a basket's plan gives it too. */
  arrival?: string;
  /** "carrier/id" to propose first instead of this browser's last point (e.g. GET /v1/customers/{id}/preferences
   * on the merchant's server). Either one, when it still fits (active, let through by the list's filters), is
   * the choice until the shopper makes another: the hidden input carries it and relais-select announces it. */
  preferred?: string;
  /** Where the preferred point is (a tile pack finds it by its tile before the whole snapshot is read). */
  preferredLat?: number;
  preferredLon?: number;
  /** The split input of GET /v1/availability: the picker then shows the basket's plan. */
  availability?: object;
  /** Geocodes what the place table does not know (a street address): null when nothing is found. */
  geocode?: (text: string) => Promise<{ lat: number; lon: number; label?: string } | null>;
}

export interface SelectDetail {
  /** The chosen point, or absent when the shopper fell back to home delivery (mode: 'home'). */
  point?: RelayPoint;
  mode?: 'home';
  /** The basket's plan for this choice; null without a basket or while the split module loads (the event is
   * sent again with the plan when it arrives, and when a line's mode changes: the last one holds). */
  plan: SplitPlan | null;
}

export declare class RelaisPicker extends HTMLElement {
  static mount(container: Element, options: PickerOptions): RelaisPicker;
  availability: object | null;
  geocode: PickerOptions['geocode'] | null;
  /** The chosen point (clicked, or the remembered one that still fits), or null: the engine's point, whose
   * fields other than carrier, kind, lat, lon, active and distanceM are read the first time they are used;
   * `toJSON()` is its plain copy (what to spread, store or post; relais-select's detail has it). */
  readonly value: (RelayPoint & { toJSON(): RelayPoint }) | null;
  /** The form control's validation (with `required`: invalid until a point or home delivery is chosen). */
  readonly validity: ValidityState;
  readonly validationMessage: string;
  readonly willValidate: boolean;
  readonly form: HTMLFormElement | null;
  checkValidity(): boolean;
  reportValidity(): boolean;
}

declare global {
  interface HTMLElementTagNameMap {
    'relais-picker': RelaisPicker;
  }
  interface HTMLElementEventMap {
    /** cached: the list came from this browser's copy of a tile pack (revalidated with the host right after). */
    'relais-ready': CustomEvent<{ points: number; datasetDate: string; cached?: boolean }>;
    'relais-select': CustomEvent<SelectDetail>;
    'relais-error': CustomEvent<{ code: string; message: string; fallback?: 'home' }>;
  }
}

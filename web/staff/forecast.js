// The sales forecast page, for staff planning stock and click & collect peaks and for merchants: a product's,
// a category's or a whole site's forecast from relais-edge (GET /v1/forecast), drawn over the last eight weeks
// sold (days out of stock shown apart: they say nothing of demand) and what the comparable days sold last
// year, with the method the server used written under it. For a product, the what-if redraws the forecast in
// the page with the server's own engine (relais-forecast.mjs: another trend, no holidays, another launch share)
// from the inputs the server answers with, so nothing is sent and nothing is saved.
import { apiClient } from '../common/api.js';
import { byId as $, h, say, svg } from '../common/dom.js';
import { formatDay, formatter } from '../common/format.js';

/** @typedef {import('../common/types.js').Me} Me */
/** @typedef {import('../common/types.js').Site} Site */
/** @typedef {import('../common/types.js').Forecast} Forecast */
/** @typedef {import('../common/types.js').ForecastRequest} ForecastRequest */
/** @typedef {import('../common/types.js').EngineForecast} EngineForecast */

const params = new URLSearchParams(location.search);
const api = params.get('api') ?? '/edge';
const engineUrl = params.get('engine') ?? '/engine/relais-forecast.mjs';
let token = sessionStorage.getItem('relais-staff-token') ?? '';
const call = apiClient({ base: api, token: () => token, fallback: (status) => `the server answered ${status}` });

/** @type {Forecast | null} */
let shown = null;  // The server's forecast on screen.
/** @type {EngineForecast | null} */
let whatIf = null;  // The page's, when an option differs from the server's.
/** @type {Promise<{forecast: (request: ForecastRequest) => EngineForecast}> | null} */
let engine = null;

/** The engine's forecast module, loaded once, when a product's forecast is first shown. */
function loadEngine() {
  engine ??= import(engineUrl).then(({ RelaisForecast }) => RelaisForecast.load());
  return engine;
}

const ratio = (x) => formatter('en-GB', { maximumFractionDigits: 3 }, 'number').format(x);
const units = (n) => formatter('en-GB', { maximumFractionDigits: n < 10 ? 1 : 0 }, 'number').format(n);
const percent = (x) => formatter('en-GB', { style: 'percent', maximumFractionDigits: 1 }, 'number').format(x);
const signed = (x) => formatter('en-GB', { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' },
  'number').format(x);
const day = (iso) => formatDay(iso, 'en-GB', { day: 'numeric', month: 'short' });
const sum = (/** @type {number[]} */ xs) => xs.reduce((a, b) => a + b, 0);
const FRENCH_HOLIDAYS = ['Easter', 'Mother\'s Day', 'Black Friday', 'Christmas'];

/**
 * The method in words, under the chart: the server's sentence, with the trend and share it applied.
 * @param {Forecast} f
 */
function methodText(f) {
  if (f.method_text) {
    const parts = [];
    if (f.method === 'own_history' || f.method?.startsWith('category')) parts.push(`trend ×${ratio(f.trend ?? 1)}`);
    // Against the established products only: a new product outselling them is above 100 %.
    if (f.method?.startsWith('category')) parts.push(`share ${percent(f.share ?? 0)} of what its established products sell`);
    return `Method: ${f.method_text}${parts.length ? ` (${parts.join(', ')})` : ''}.`;
  }
  const names = { own_history: 'own history', category_share: 'category fallback, own share',
    category_launch: 'category fallback, launch share', no_history: 'no history (recent mean)' };
  const counts = Object.entries(f.methods).map(([m, n]) => `${n} by ${names[m] ?? m}`);
  return `Sum of ${f.products} product${f.products === 1 ? '' : 's'}' forecasts: ${counts.join(', ')}.`;
}

/**
 * The chart: the history's bars (days out of stock as grey bands), today's line, the forecast, last year's
 * comparable days and the what-if, each as a line. Sized to its box, so its text stays readable on a phone.
 */
function drawChart() {
  const f = /** @type {Forecast} */ (shown);
  const chart = $('chart');
  const width = Math.max(300, Math.round(chart.getBoundingClientRect().width) || 640);
  const height = 260, left = 34, right = 8, top = 10, bottom = 24;
  chart.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const past = f.history, ahead = f.daily;
  const n = past.length + ahead.length;
  const lastYear = ahead.map((d) => d.last_year);
  const values = [...past.map((d) => d.sold), ...ahead.map((d) => d.forecast),
    ...lastYear.filter((v) => v !== null), ...(whatIf?.daily ?? [])];
  const top_value = niceCeiling(Math.max(1, ...values));
  const step = (width - left - right) / Math.max(1, n);
  const x = (/** @type {number} */ i) => left + (i + 0.5) * step;
  const y = (/** @type {number} */ v) => top + (1 - Math.max(0, v) / top_value) * (height - top - bottom);
  /** @type {SVGElement[]} */
  const parts = [];
  for (const v of [0, top_value / 2, top_value]) {
    parts.push(svg('line', { class: 'grid', x1: left, x2: width - right, y1: y(v), y2: y(v) }),
      svg('text', { class: 'axis', x: left - 4, y: y(v) + 4, 'text-anchor': 'end', text: units(v) }));
  }
  past.forEach((d, i) => {
    if (!d.in_stock) {
      parts.push(svg('rect', { class: 'stockout', x: x(i) - step / 2, y: top, width: step, height: height - top - bottom }));
    }
    if (d.sold > 0) {
      parts.push(svg('rect', { class: 'sold', x: x(i) - step * 0.4, y: y(d.sold), width: step * 0.8,
        height: y(0) - y(d.sold) }));
    }
  });
  const today = x(past.length) - step / 2;
  parts.push(svg('line', { class: 'today', x1: today, x2: today, y1: top, y2: height - bottom }));
  // A date every week (or every few, so that they do not overlap), in step with the first forecast day.
  const every = 7 * Math.max(1, Math.ceil(48 / (7 * step)));
  for (let i = past.length % every; i < n; i += every) {
    const iso = i < past.length ? past[i].date : ahead[i - past.length].date;
    parts.push(svg('text', { class: 'axis', x: x(i), y: height - 6, 'text-anchor': 'middle', text: day(iso) }));
  }
  const line = (/** @type {Array<number | null>} */ series, /** @type {string} */ cls) => {
    let points = [];
    const flush = () => {
      if (points.length > 1) parts.push(svg('polyline', { class: cls, points: points.join(' ') }));
      else if (points.length === 1) {
        const [cx, cy] = points[0].split(',');
        parts.push(svg('circle', { class: `${cls} dot`, cx, cy, r: 2 }));
      }
      points = [];
    };
    series.forEach((v, i) => {
      if (v === null || v === undefined) flush();
      else points.push(`${x(past.length + i).toFixed(1)},${y(v).toFixed(1)}`);
    });
    flush();
  };
  line(lastYear, 'last-year');
  line(ahead.map((d) => d.forecast), 'forecast');
  if (whatIf) line(whatIf.daily, 'whatif');
  chart.replaceChildren($('chart-title'), ...parts);
  chart.dataset.days = String(ahead.length);
}

/** A round number at or above `v` for the chart's top: 1, 2 or 5 times a power of ten. */
function niceCeiling(v) {
  const power = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * power >= v) return m * power;
  return 10 * power;
}

/** The week-by-week table: the chart's figures for a screen reader, or to copy. */
function drawWeeks() {
  const f = /** @type {Forecast} */ (shown);
  const rows = [];
  for (let i = 0; i < f.daily.length; i += 7) {
    const week = f.daily.slice(i, i + 7);
    const last = week.map((d) => d.last_year);
    const known = last.filter((v) => v !== null);
    rows.push(h('tr', {},
      h('th', { scope: 'row', text: `${day(week[0].date)}${week.length < 7 ? ` (${week.length} days)` : ''}` }),
      h('td', { text: units(sum(week.map((d) => d.forecast))) }),
      // Last year's days out of stock say nothing: a partial week says how many it counts.
      h('td', { text: known.length ? units(sum(/** @type {number[]} */ (known))) +
        (known.length < week.length ? ` (${known.length} of ${week.length} days)` : '') : '—' }),
      whatIf ? h('td', { text: units(sum(whatIf.daily.slice(i, i + 7))) }) : null));
  }
  $('weeks').tBodies[0].replaceChildren(...rows);
  $('weeks-whatif').hidden = !whatIf;
}

let shownCount = 0;

/** @param {Forecast} f */
function show(f) {
  shown = f;
  whatIf = null;
  $('result').dataset.shown = String(++shownCount);  // Each answer drawn, for whoever waits for the next.
  const what = f.sku ? `${f.sku}` : f.category ? `Category ${f.category}` : 'Every product';
  $('result-title').textContent = `${what} at ${siteName(f.site)}: ${f.days} days from ${day(f.from)}`;
  const lastYear = f.daily.map((d) => d.last_year).filter((v) => v !== null);
  const sold = sum(f.history.map((d) => d.sold));
  const nothing = f.history.length === 0;  // No sale recorded here: nothing was learnt, nothing to try.
  $('totals').textContent = nothing ? `No sales recorded for this at ${siteName(f.site)} yet: nothing to forecast from.`
    : `Forecast: ${units(f.total)} units` +
      (lastYear.length === f.daily.length ? ` · the same days last year: ${units(sum(lastYear))}` +
        (f.sku ? '' : ' (the products on sale then)') : '') +
      ` · sold in the last ${f.history.length} days: ${units(sold)}`;
  $('chart-title').textContent = nothing ? 'No sales recorded yet.'
    : `Forecast of ${units(f.total)} units over ${f.days} days from ${day(f.from)}, ` +
      `after ${units(sold)} sold in the ${f.history.length} days before.`;
  $('method').textContent = methodText(f);
  $('result').hidden = false;
  $('whatif').hidden = !f.inputs || nothing;
  $('whatif-key').hidden = true;
  if (f.inputs) {
    const form = /** @type {HTMLFormElement} */ ($('whatif'));
    form.reset();
    $('trend-measured-label').textContent = `As measured (×${ratio(f.trend ?? 1)} over the last ${f.inputs.options.trend_weeks} weeks)`;
    $('trend-weeks').value = String(f.inputs.options.trend_weeks);
    $('launch-row').hidden = !f.inputs.category;
    // The holidays the server moved: the French retail ones, the brand's own (its settings).
    const holidays = [...(f.inputs.holidays === 'fr' ? FRENCH_HOLIDAYS : []), ...f.inputs.own_holidays.map((x) => x.name)];
    $('holidays-row').hidden = holidays.length === 0;
    $('holidays-label').textContent = `Move the holidays (${holidays.join(', ')}) to their new date`;
    $('launch-share').value = f.inputs.options.launch_share ? String(+(f.inputs.options.launch_share * 100).toFixed(2)) : '';
    $('whatif-total').textContent = '';
    loadEngine().catch((e) => say($('whatif-total'), `The what-if cannot run here: ${e.message}`, 'error'));
  }
  drawChart();
  drawWeeks();
}

/** The what-if's request: the server's inputs with the options the form says. */
function whatIfRequest() {
  const f = /** @type {Forecast} */ (shown);
  const inputs = /** @type {NonNullable<Forecast['inputs']>} */ (f.inputs);
  const options = { ...inputs.options, trend_weeks: Number($('trend-weeks').value) };
  const trend = /** @type {HTMLInputElement} */ (document.querySelector('input[name=trend]:checked')).value;
  $('trend-weeks').disabled = trend !== 'measured';  // Weeks measure a trend: a fixed one has none.
  if (trend === 'none') Object.assign(options, { trend_min: 1, trend_max: 1 });
  if (trend === 'fixed') {
    const p = Number($('trend-percent').value);
    if (!(p >= 5 && p <= 2000)) throw new Error('the trend is from 5 % to 2000 % of last year');
    Object.assign(options, { trend_min: p / 100, trend_max: p / 100 });
  }
  if (inputs.category) {
    const share = Number($('launch-share').value);
    if (!(share >= 0.01 && share <= 2000)) throw new Error('the launch share is from 0.01 % to 2000 % of the category');
    options.launch_share = share / 100;
  }
  const moved = $('holidays').checked;
  return { from: f.from, days: f.days, history: inputs.history, category: inputs.category,
    holidays: moved ? inputs.holidays : 'none', own_holidays: moved ? inputs.own_holidays : [], options };
}

async function redrawWhatIf() {
  if (!shown?.inputs) return;
  try {
    const request = whatIfRequest();
    const forecast = (await loadEngine()).forecast(request);
    whatIf = forecast;
    const change = shown.total > 0 ? ` (${signed(forecast.total / shown.total - 1)} against the forecast)` : '';
    say($('whatif-total'), `What-if: ${units(forecast.total)} units${change}, trend ×${ratio(forecast.trend)}` +
      (request.category ? `, share ${percent(forecast.share)}` : ''));
    $('whatif-total').dataset.total = String(forecast.total);
  } catch (e) {
    whatIf = null;
    say($('whatif-total'), e.message.replace(/^relais: /, 'Not computed: '), 'error');
  }
  $('whatif-key').hidden = !whatIf;
  drawChart();
  drawWeeks();
}

// The night's stored forecasts of the site (GET /v1/forecasts): its best sellers ahead, each opening its chart.
const STORED_SHOWN = 15;
let storedAsked = 0;
async function showStored() {
  const site = $('site').value;
  const asked = ++storedAsked;
  $('stored').hidden = false;
  $('stored-title').textContent = `What ${siteName(site)} will sell`;
  say($('stored-status'), 'Reading the night\'s forecasts…', 'meta');
  try {
    const stored = await call('GET', `/v1/forecasts?site=${encodeURIComponent(site)}`);
    if (asked !== storedAsked) return;
    if (!stored.made_on) {
      $('stored-table').hidden = true;
      say($('stored-status'), 'No forecasts stored for this site yet: the server makes them each night ' +
        '(forecast_refresh_hour_utc). Ask for one below.', 'meta');
      return;
    }
    const products = [...stored.products].sort((a, b) => b.total - a.total || a.sku.localeCompare(b.sku));
    const days = products[0]?.daily.length ?? 0;
    say($('stored-status'), `Made on ${day(stored.made_on)}, for ${days} days: ${products.length} products, ` +
      `${units(sum(products.map((p) => p.total)))} units in all.`, 'meta');
    $('stored-caption').textContent = `Best sellers ahead (the first ${Math.min(STORED_SHOWN, products.length)})`;
    $('stored-all').textContent = `${days} days`;
    $('stored-table').tBodies[0].replaceChildren(...products.slice(0, STORED_SHOWN).map((p) => h('tr', {},
      h('th', { scope: 'row' }, h('button', { type: 'button', className: 'link', 'data-sku': p.sku,
        text: p.sku, 'aria-label': `Open the forecast of ${p.sku}` })),
      h('td', { text: units(sum(p.daily.slice(0, 7).map((d) => d.forecast))) }),
      h('td', { text: units(p.total) }))));
    $('stored-table').hidden = false;
  } catch (e) {
    if (asked === storedAsked) say($('stored-status'), e.message, 'error');
  }
}

$('site').addEventListener('change', () => showStored());
$('stored-table').addEventListener('click', (event) => {
  const button = /** @type {HTMLElement} */ (event.target).closest('button[data-sku]');
  if (!button) return;
  $('sku').value = button.dataset.sku ?? '';
  $('category').value = '';
  /** @type {HTMLFormElement} */ ($('ask')).requestSubmit();
});

/** @type {Site[]} */
let sites = [];
const siteName = (id) => sites.find((s) => s.id === id)?.name ?? id;

// Checks `typed` with the server before keeping it, then lists the sites it may read.
/** @param {string} typed */
async function signIn(typed) {
  token = typed;
  say($('status'), 'Checking…');
  try {
    const me = /** @type {Me} */ (await call('GET', '/v1/me'));
    if (me.role !== 'merchant' && me.role !== 'staff') throw new Error('Sign in with a staff token or the merchant key.');
    sessionStorage.setItem('relais-staff-token', token);
    sites = (await call('GET', '/v1/sites')).sites.filter((s) => me.role === 'merchant' || s.id === me.site);
    $('site').replaceChildren(...sites.map((s) => h('option', { value: s.id, text: `${s.name} (${s.id})` })));
    say($('status'), me.role === 'staff' ? `Signed in: staff of ${siteName(me.site ?? '')}.`
      : `Signed in with the merchant key of ${me.brand}.`, 'done');
    // The site asked last, on this device; else the first.
    const last = localStorage.getItem('relais-forecast-site');
    if (last && sites.some((s) => s.id === last)) $('site').value = last;
    $('ask').hidden = false;
    $('login').hidden = true;
    $('sign-out').hidden = false;
    $('site').focus();
    showStored();
  } catch (e) {
    token = '';
    sessionStorage.removeItem('relais-staff-token');
    say($('status'), e.code === 'unauthorized' ? 'This key or token is not known here.' : e.message, 'error');
  }
}

$('login').addEventListener('submit', (event) => {
  event.preventDefault();
  signIn($('token').value.trim());
});

// A shared phone: the credential leaves the tab's storage, the page goes back to its sign-in.
$('sign-out').addEventListener('click', () => {
  token = '';
  sessionStorage.removeItem('relais-staff-token');
  shown = null;
  whatIf = null;
  $('result').hidden = true;
  $('ask').hidden = true;
  $('stored').hidden = true;
  $('sign-out').hidden = true;
  $('login').hidden = false;
  $('token').value = '';
  say($('status'), 'Signed out.');
  say($('ask-status'), '');
  $('token').focus();
});

/**
 * The SKU the product field means: itself when it is one (in any case), else the one product its words find;
 * several or none are said, with the suggestions to pick from.
 * @param {string} text
 * @returns {Promise<string | null>}
 */
async function productOf(text) {
  const found = (await call('GET', `/v1/products?q=${encodeURIComponent(text)}&limit=10`)).products;
  const exact = found.find((p) => p.sku.toLowerCase() === text.toLowerCase());
  if (exact) return exact.sku;
  if (found.length === 1) return found[0].sku;
  $('skus').replaceChildren(...found.map((p) => h('option', { value: p.sku, label: `${p.name} · ${p.category}` })));
  say($('ask-status'), found.length ? `${found.length} products match "${text}": ` +
    `${found.map((p) => `${p.sku} (${p.name})`).join(', ')}. Type or pick one SKU.`
    : `No product matches "${text}": type its SKU or words of its name.`, 'error');
  $('sku').focus();
  return null;
}

// Products as the SKU field is typed: the server's search (a SKU's beginning or words of a name).
let typing = 0;
$('sku').addEventListener('input', () => {
  const text = $('sku').value.trim();
  const asked = ++typing;
  if (text.length < 2) return;
  setTimeout(async () => {
    if (asked !== typing) return;
    try {
      const found = await call('GET', `/v1/products?q=${encodeURIComponent(text)}&limit=10`);
      if (asked !== typing) return;
      $('skus').replaceChildren(...found.products.map((p) => h('option', { value: p.sku, label: `${p.name} · ${p.category}` })));
    } catch {
      // Suggestions only: the forecast's own answer names a wrong SKU.
    }
  }, 150);
});

$('ask').addEventListener('submit', async (event) => {
  event.preventDefault();
  const typed = $('sku').value.trim(), category = $('category').value.trim();
  const query = new URLSearchParams({ site: $('site').value, days: $('days').value });
  localStorage.setItem('relais-forecast-site', $('site').value);
  say($('ask-status'), 'Forecasting…');
  try {
    const sku = typed ? await productOf(typed) : '';
    if (sku === null) return;
    if (sku) {
      $('sku').value = sku;
      query.set('sku', sku), query.set('inputs', 'true');
    } else if (category) {
      query.set('category', category);
    }
    show(await call('GET', `/v1/forecast?${query}`));
    say($('ask-status'), '');
    $('result-title').focus();
  } catch (e) {
    $('result').hidden = true;
    say($('ask-status'), e.message, 'error');
    if (e.field === 'sku' || e.field === 'category') $(e.field).focus();
  }
});

$('whatif').addEventListener('input', () => redrawWhatIf());
$('trend-percent').addEventListener('focus', () => { $('trend-fixed').checked = true; });
$('whatif').addEventListener('reset', () => setTimeout(() => {
  // After the form's own reset: the server's options back, the what-if line gone.
  if (!shown?.inputs) return;
  $('trend-weeks').value = String(shown.inputs.options.trend_weeks);
  $('trend-weeks').disabled = false;
  $('launch-share').value = shown.inputs.options.launch_share ? String(+(shown.inputs.options.launch_share * 100).toFixed(2)) : '';
  whatIf = null;
  $('whatif-key').hidden = true;
  $('whatif-total').textContent = '';
  drawChart();
  drawWeeks();
}));
let resizing = 0;
addEventListener('resize', () => {
  cancelAnimationFrame(resizing);
  resizing = requestAnimationFrame(() => { if (shown) drawChart(); });
});

if (token) signIn(token);

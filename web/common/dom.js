// Building DOM from data, the one way every page does it: elements are made with their attributes and
// children, and every text (names and addresses come from shoppers and carriers) goes in as text, never as
// markup. Shared by the widget (bundled into relais-widget.js), the tracking page, the customer-service
// page, the demo storefront and the engine's demo page (served as /common/ beside them).

/**
 * An attribute value for h(): a string or number is set as is, `true` sets an empty attribute, `false`,
 * null and undefined leave the attribute out.
 * @typedef {string | number | boolean | null | undefined} AttributeValue
 */

/**
 * A child for h(): a node or a string (appended as text); falsy values are skipped and arrays are
 * flattened one level, so `cond ? h(...) : null` and `list.map(...)` can be passed as they are.
 * @typedef {Node | string | null | undefined | false | Array<Node | string | null | undefined | false>} Child
 */

/**
 * document.createElement with attributes and children. `className` sets the class, `text` the text
 * content (never HTML); any other key is set with setAttribute (e.g. `for`, `aria-label`, `data-sku`).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K | string} tag
 * @param {Record<string, AttributeValue>} [attributes]
 * @param {...Child} children
 * @returns {K extends keyof HTMLElementTagNameMap ? HTMLElementTagNameMap[K] : HTMLElement}
 */
export function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === false || value === undefined || value === null) continue;
    if (key === 'className') node.className = String(value);
    else if (key === 'text') node.textContent = String(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) if (child) node.append(child);
  return /** @type {any} */ (node);
}

/**
 * An SVG element (document.createElementNS in the SVG namespace) with attributes and children, as h() makes
 * HTML ones: every key is set with setAttribute (`class`, `viewBox`, `aria-label`...), `text` sets the text
 * content; false, null and undefined leave the attribute out.
 * @param {string} tag e.g. 'svg', 'rect', 'title'
 * @param {Record<string, AttributeValue>} [attributes]
 * @param {...Child} children
 * @returns {SVGElement}
 */
export function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === false || value === undefined || value === null) continue;
    if (key === 'text') node.textContent = String(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) if (child) node.append(child);
  return node;
}

/**
 * The element of the page with this id (an input, a form, a list...: typed loosely, as pages use it).
 * @param {string} id
 * @returns {any}
 */
export function byId(id) {
  return document.getElementById(id);
}

/**
 * Says `text` in a status line: its text, and its class (`error`, `done`...; none by default).
 * @param {HTMLElement} target
 * @param {string} text
 * @param {string} [className]
 * @returns {void}
 */
export function say(target, text, className = '') {
  target.textContent = text;
  target.className = className;
}

/**
 * A destructive action asked twice: `ask` shows `confirm` and `keep` (focus on `confirm`), `keep` goes back to
 * `ask`; `confirm` runs `action`. The three buttons are the caller's, `confirm` and `keep` hidden at first.
 * @param {HTMLButtonElement} ask
 * @param {HTMLButtonElement} confirm
 * @param {HTMLButtonElement} keep
 * @param {() => void} action
 * @returns {void}
 */
export function askTwice(ask, confirm, keep, action) {
  ask.addEventListener('click', () => {
    ask.hidden = true;
    confirm.hidden = keep.hidden = false;
    confirm.focus();
  });
  keep.addEventListener('click', () => {
    ask.hidden = false;
    confirm.hidden = keep.hidden = true;
    ask.focus();
  });
  confirm.addEventListener('click', action);
}

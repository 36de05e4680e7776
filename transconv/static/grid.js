// DOM helpers shared by every player and explorer: elements, numbered grids, labelled controls.
//
// Drawing only: no arithmetic here (that is engine.js) and no ids: several players may share a
// page, so labels wrap their controls and everything is found from the player's root.

import { fmt } from "./engine.js";

/** The most cells a grid draws (far above any spec's largest grid): a larger one is refused. */
const MAX_GRID_CELLS = 2_500;

/**
 * Create an element.
 *
 * @param {string} tag
 * @param {object} [attrs] attributes; `text` sets textContent, `on` maps events to handlers,
 *   `class` sets className; `false`, null and undefined values are left out.
 * @param {Array<Node|string>} [children]
 * @returns {HTMLElement}
 */
export function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) {
      continue;
    }
    if (name === "text") {
      node.textContent = value;
    } else if (name === "class") {
      node.className = value;
    } else if (name === "on") {
      for (const [event, handler] of Object.entries(value)) {
        node.addEventListener(event, handler);
      }
    } else {
      node.setAttribute(name, value === true ? "" : String(value));
    }
  }
  node.append(...children);
  return node;
}

const ARROWS = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

/**
 * A titled grid of numbered cells, updated in place. One Tab stop per grid (roving
 * tabindex): arrow keys move between cells, Home/End to the first/last cell.
 * Editable grids hold text inputs: typing a number and Enter (or leaving the cell) calls
 * onEdit(i, j, value).
 *
 * @param {object} options
 * @param {string} options.title shown above the grid and used as its accessible name
 * @param {string} options.name the array's name in cell labels, e.g. "X"
 * @param {boolean} [options.editable]
 * @param {function} [options.onEdit] (i, j, number)
 * @param {function} [options.onPoint] (i, j) when a cell is hovered or focused, () when left
 * @param {boolean} [options.scroll] wrap the grid in a keyboard-reachable scroll region
 * @returns {{root: HTMLElement, update: function, cell: function}}
 */
export function createGrid({ title, name, editable = false, onEdit, onPoint, scroll = false }) {
  const label = el("div", { class: "tcv-grid-title", text: title });
  // an editable grid is a group of labelled text inputs; a read-only one an ARIA grid of rows
  const cells = el("div", { class: "tcv-cells", role: editable ? "group" : "grid", "aria-label": title });
  const holder = scroll
    ? el("div", { class: "tcv-scroll", tabindex: 0, role: "group", "aria-label": `${title} (scrolls sideways)` }, [cells])
    : cells;
  const root = el("figure", { class: "tcv-grid" }, [label, holder]);
  let shape = [-1, -1];
  let items = [];
  let active = [0, 0];
  const text = [];
  const classes = [];

  const at = (i, j) => items[i * shape[1] + j];
  const focusCell = (i, j) => {
    const [rows, cols] = shape;
    const r = Math.min(Math.max(i, 0), rows - 1);
    const c = Math.min(Math.max(j, 0), cols - 1);
    at(active[0], active[1]).tabIndex = -1;
    active = [r, c];
    const item = at(r, c);
    item.tabIndex = 0;
    item.focus();
  };
  const commit = (item, i, j) => {
    const value = Number(item.value.trim());
    if (item.value.trim() === "" || !Number.isFinite(value)) {
      item.value = text[i * shape[1] + j];
      return;
    }
    if (String(value) !== text[i * shape[1] + j]) {
      onEdit(i, j, value);
    }
  };

  // One set of listeners on the container (delegation): a grid of thousands of cells (W) is
  // rebuilt quickly when its shape changes.
  const cellOf = (event) => {
    const item = event.target instanceof Element ? event.target.closest("[data-i]") : null;
    return item && cells.contains(item) ? [item, Number(item.dataset.i), Number(item.dataset.j)] : null;
  };
  cells.addEventListener("keydown", (event) => {
    const found = cellOf(event);
    if (!found) {
      return;
    }
    const [item, i, j] = found;
    const move = ARROWS[event.key];
    if (move) {
      event.preventDefault();
      focusCell(i + move[0], j + move[1]);
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      focusCell(event.key === "Home" ? 0 : shape[0] - 1, event.key === "Home" ? 0 : shape[1] - 1);
    } else if (editable && event.key === "Enter") {
      commit(item, i, j);
    } else if (editable && event.key === "Escape") {
      item.value = text[i * shape[1] + j];
    }
  });
  cells.addEventListener("focusin", (event) => {
    const found = cellOf(event);
    if (!found) {
      return;
    }
    const [item, i, j] = found;
    at(active[0], active[1]).tabIndex = -1;
    active = [i, j];
    item.tabIndex = 0;
    if (editable) {
      item.select();
    }
    if (onPoint) {
      onPoint(i, j);
    }
  });
  if (editable) {
    cells.addEventListener("change", (event) => {
      const found = cellOf(event);
      if (found) {
        commit(...found);
      }
    });
  }
  if (onPoint) {
    cells.addEventListener("focusout", () => onPoint());
    cells.addEventListener("mouseover", (event) => {
      const found = cellOf(event);
      if (found) {
        onPoint(found[1], found[2]);
      }
    });
    cells.addEventListener("mouseleave", () => onPoint());
  }

  const build = (rows, cols) => {
    shape = [rows, cols];
    active = [0, 0];
    text.length = 0;
    classes.length = 0;
    cells.style.gridTemplateColumns = `repeat(${cols}, var(--tcv-cell))`;
    items = [];
    for (let i = 0; i < rows; i += 1) {
      for (let j = 0; j < cols; j += 1) {
        const item = editable
          ? el("input", { type: "text", inputmode: "decimal", autocomplete: "off", spellcheck: "false",
            "aria-label": `${name}[${i}, ${j}]`, "data-cell": `${name}[${i}, ${j}]` })
          : el("span", { role: "gridcell", "data-cell": `${name}[${i}, ${j}]` });
        item.tabIndex = i === 0 && j === 0 ? 0 : -1;
        item.dataset.i = i;
        item.dataset.j = j;
        items.push(item);
        text.push(null);
        classes.push(null);
      }
    }
    if (editable) {
      cells.replaceChildren(...items);
    } else {
      const lines = [];
      for (let i = 0; i < rows; i += 1) {
        lines.push(el("div", { role: "row", class: "tcv-row-of-cells" }, items.slice(i * cols, (i + 1) * cols)));
      }
      cells.replaceChildren(...lines);
    }
  };

  /**
   * Show `values` (null: an empty cell) with the class of each cell from classOf(i, j).
   * In an editable grid, cells whose class has "pad" cannot be edited.
   * Only what changed is written to the page.
   */
  const update = (values, classOf = () => "") => {
    const rows = values.length;
    const cols = rows ? values[0].length : 0;
    if (rows * cols > MAX_GRID_CELLS) {
      throw new RangeError(`${name}: ${rows} × ${cols} cells are too many to draw`);
    }
    if (rows !== shape[0] || cols !== shape[1]) {
      build(rows, cols);
    }
    for (let i = 0; i < rows; i += 1) {
      for (let j = 0; j < cols; j += 1) {
        const k = i * cols + j;
        const shown = fmt(values[i][j]);
        if (text[k] !== shown) {
          text[k] = shown;
          if (editable) {
            if (document.activeElement !== items[k]) {
              items[k].value = shown;
            }
          } else {
            items[k].textContent = shown;
          }
        }
        const cls = `tcv-cell ${classOf(i, j)}`;
        if (classes[k] !== cls) {
          classes[k] = cls;
          items[k].className = cls;
          if (editable) {
            items[k].readOnly = /\bpad\b/.test(cls);
          }
        }
      }
    }
  };

  const setTitle = (value) => {
    label.textContent = value;
  };
  return { root, update, setTitle, cell: (i, j) => at(i, j) };
}

const RANGE_KEYS = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1 };

/**
 * Give a range input its keys itself (arrows, Page Up/Down, Home, End), so that a host page that
 * takes these keys before they reach the input (Notebook 7's shortcuts) cannot stop them.
 * The change is announced with an "input" event, as the browser's own would be.
 */
export function rangeKeys(input) {
  input.addEventListener("keydown", (event) => {
    const min = Number(input.min);
    const max = Number(input.max);
    const now = Number(input.value);
    const page = Math.max(1, Math.round((max - min) / 10));
    const moves = { ...RANGE_KEYS, PageUp: page, PageDown: -page };
    let next = null;
    if (event.key in moves) {
      next = now + moves[event.key];
    } else if (event.key === "Home" || event.key === "End") {
      next = event.key === "Home" ? min : max;
    }
    if (next === null || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    event.preventDefault();
    next = Math.min(Math.max(next, min), max);
    if (next !== now) {
      input.value = String(next);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
  });
  return input;
}

/**
 * A labelled range input with its value shown beside it.
 *
 * @param {object} options
 * @param {string} options.label
 * @param {string} [options.name] data-param of the input (for tests and styling)
 * @param {function} options.onInput (number)
 * @returns {{root: HTMLElement, input: HTMLInputElement, set: function}}
 */
export function slider({ label, name, onInput }) {
  const input = rangeKeys(el("input", { type: "range", step: 1, "data-param": name }));
  const shown = el("output", { class: "tcv-value" });
  const limits = el("span", { class: "tcv-limits" });
  input.addEventListener("input", () => onInput(Number(input.value)));
  const root = el("label", { class: "tcv-slider" }, [el("span", { class: "tcv-label", text: label }), input, shown, limits]);
  /** Set range and value; `hint` says what limits the range (shown and in the input's title). */
  const set = (min, max, value, hint = "") => {
    if (input.min !== String(min) || input.max !== String(max)) {
      input.min = min;
      input.max = max;
      limits.textContent = min === max ? "" : `${min}–${max}`;
    }
    if (input.value !== String(value)) {
      input.value = value;
    }
    shown.textContent = String(value);
    input.title = hint;
  };
  return { root, input, set };
}

/** A button showing `text`; `attrs` may give it an aria-label when its name differs from its text. */
export function button(text, onClick, attrs = {}) {
  return el("button", { type: "button", ...attrs, text, on: { click: onClick } });
}

/**
 * A keyboard-reachable region that scrolls sideways when its content is wider than the page,
 * with a shadow at the edge that has more to show.
 */
export function scrollRegion(label, child) {
  return el("div", { class: "tcv-scroll", tabindex: 0, role: "group", "aria-label": `${label} (scrolls sideways)` }, [child]);
}

/**
 * A choice as a group of toggle buttons (aria-pressed): Space and Enter press them in a notebook
 * too, where arrow keys on a select would be taken by the notebook's shortcuts.
 *
 * @param {object} options
 * @param {{name: string, label: string, options: string[][]}} options.param [[value, text], ...]
 * @param {function} options.onChoose (value)
 * @param {boolean} [options.labelled] show the label before the buttons (else it only names the group)
 * @returns {{root: HTMLElement, set: function}} set(value) presses the button of `value`
 */
export function choice({ param, onChoose, labelled = false }) {
  const buttons = param.options.map(([value, text]) => button(text, () => onChoose(value),
    { "data-value": value, "aria-pressed": "false" }));
  const label = labelled ? [el("span", { class: "tcv-label", text: param.label })] : [];
  const root = el("div", { class: labelled ? "tcv-buttons tcv-choice" : "tcv-buttons", role: "group",
    "aria-label": param.label, "data-param": param.name }, [...label, ...buttons]);
  const set = (value) => {
    for (const b of buttons) {
      const pressed = String(b.dataset.value === value);
      if (b.getAttribute("aria-pressed") !== pressed) {
        b.setAttribute("aria-pressed", pressed);
      }
    }
  };
  return { root, set };
}

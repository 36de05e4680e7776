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

/** The grid's cell element (i, j). */
function cellAt(grid, i, j) {
  return grid.items[i * grid.shape[1] + j];
}

/** Make cell (i, j) the grid's one Tab stop (roving tabindex); focus it if asked. */
function activate(grid, i, j, focus) {
  const [rows, cols] = grid.shape;
  const [r, c] = [Math.min(Math.max(i, 0), rows - 1), Math.min(Math.max(j, 0), cols - 1)];
  cellAt(grid, grid.active[0], grid.active[1]).tabIndex = -1;
  grid.active = [r, c];
  const item = cellAt(grid, r, c);
  item.tabIndex = 0;
  if (focus) {
    item.focus();
  }
}

/** A typed number goes to onEdit; anything else puts the shown number back. */
function commit(grid, item, i, j) {
  const shown = grid.text[i * grid.shape[1] + j];
  const value = Number(item.value.trim());
  if (item.value.trim() === "" || !Number.isFinite(value)) {
    item.value = shown;
  } else if (String(value) !== shown) {
    grid.onEdit(i, j, value);
  }
}

/** [cell element, i, j] of the cell an event happened on, or null. */
function eventCell(grid, event) {
  const item = event.target instanceof Element ? event.target.closest("[data-i]") : null;
  return item && grid.cells.contains(item) ? [item, Number(item.dataset.i), Number(item.dataset.j)] : null;
}

/** Arrows and Home/End move between cells; in an editable grid Enter commits, Escape undoes. */
function onCellKey(grid, event) {
  const found = eventCell(grid, event);
  if (!found) {
    return;
  }
  const [item, i, j] = found;
  const move = ARROWS[event.key];
  if (move || event.key === "Home" || event.key === "End") {
    event.preventDefault();
    const [r, c] = move ? [i + move[0], j + move[1]] : event.key === "Home" ? [0, 0] : [grid.shape[0] - 1, grid.shape[1] - 1];
    activate(grid, r, c, true);
  } else if (grid.editable && event.key === "Enter") {
    commit(grid, item, i, j);
  } else if (grid.editable && event.key === "Escape") {
    item.value = grid.text[i * grid.shape[1] + j];
  }
}

/**
 * One set of listeners on the container (delegation): a grid of thousands of cells (W) is
 * rebuilt quickly when its shape changes.
 */
function listen(grid) {
  const { cells, onPoint } = grid;
  cells.addEventListener("keydown", (event) => onCellKey(grid, event));
  cells.addEventListener("focusin", (event) => {
    const found = eventCell(grid, event);
    if (found) {
      activate(grid, found[1], found[2], false);
      if (grid.editable) {
        found[0].select();
      }
      if (onPoint) {
        onPoint(found[1], found[2]);
      }
    }
  });
  if (grid.editable) {
    cells.addEventListener("change", (event) => {
      const found = eventCell(grid, event);
      if (found) {
        commit(grid, ...found);
      }
    });
  }
  if (onPoint) {
    cells.addEventListener("focusout", () => onPoint());
    cells.addEventListener("mouseover", (event) => {
      const found = eventCell(grid, event);
      if (found) {
        onPoint(found[1], found[2]);
      }
    });
    cells.addEventListener("mouseleave", () => onPoint());
  }
}

/** New cell elements for a rows x cols grid: text inputs, or ARIA gridcells in rows. */
function buildCells(grid, rows, cols) {
  const { name } = grid;
  Object.assign(grid, { shape: [rows, cols], active: [0, 0], items: [], text: [], classes: [] });
  grid.cells.style.gridTemplateColumns = `repeat(${cols}, var(--tcv-cell))`;
  for (let i = 0; i < rows; i += 1) {
    for (let j = 0; j < cols; j += 1) {
      const item = grid.editable
        ? el("input", { type: "text", inputmode: "decimal", autocomplete: "off", spellcheck: "false",
          "aria-label": `${name}[${i}, ${j}]`, "data-cell": `${name}[${i}, ${j}]` })
        : el("span", { role: "gridcell", "data-cell": `${name}[${i}, ${j}]` });
      item.tabIndex = i === 0 && j === 0 ? 0 : -1;
      item.dataset.i = i;
      item.dataset.j = j;
      grid.items.push(item);
      grid.text.push(null);
      grid.classes.push(null);
    }
  }
  const lines = grid.editable ? grid.items : Array.from({ length: rows }, (_, i) => el("div",
    { role: "row", class: "tcv-row-of-cells" }, grid.items.slice(i * cols, (i + 1) * cols)));
  grid.cells.replaceChildren(...lines);
}

/** Write cell k's number and class where they changed (an editable cell being typed in keeps its text). */
function showCell(grid, k, shown, cls) {
  const item = grid.items[k];
  if (grid.text[k] !== shown) {
    grid.text[k] = shown;
    if (!grid.editable) {
      item.textContent = shown;
    } else if (document.activeElement !== item) {
      item.value = shown;
    }
  }
  if (grid.classes[k] !== cls) {
    grid.classes[k] = cls;
    item.className = cls;
    if (grid.editable) {
      item.readOnly = /\bpad\b/.test(cls);
    }
  }
}

/**
 * Show `values` (null: an empty cell) with the class of each cell from classOf(i, j).
 * In an editable grid, cells whose class has "pad" cannot be edited.
 * Only what changed is written to the page.
 */
function updateGrid(grid, values, classOf = () => "") {
  const rows = values.length;
  const cols = rows ? values[0].length : 0;
  if (rows * cols > MAX_GRID_CELLS) {
    throw new RangeError(`${grid.name}: ${rows} × ${cols} cells are too many to draw`);
  }
  if (rows !== grid.shape[0] || cols !== grid.shape[1]) {
    buildCells(grid, rows, cols);
  }
  for (let i = 0; i < rows; i += 1) {
    for (let j = 0; j < cols; j += 1) {
      showCell(grid, i * cols + j, fmt(values[i][j]), `tcv-cell ${classOf(i, j)}`);
    }
  }
}

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
 * @returns {{root: HTMLElement, update: function, setTitle: function}} update(values, classOf)
 */
export function createGrid({ title, name, editable = false, onEdit, onPoint, scroll = false }) {
  const label = el("div", { class: "tcv-grid-title", text: title });
  // an editable grid is a group of labelled text inputs; a read-only one an ARIA grid of rows
  const cells = el("div", { class: "tcv-cells", role: editable ? "group" : "grid", "aria-label": title });
  const holder = scroll ? scrollRegion(title, cells) : cells;
  const grid = { name, editable, onEdit, onPoint, cells, shape: [-1, -1], active: [0, 0], items: [], text: [], classes: [] };
  listen(grid);
  return {
    root: el("figure", { class: "tcv-grid" }, [label, holder]),
    update: (values, classOf) => updateGrid(grid, values, classOf),
    setTitle: (value) => {
      label.textContent = value;
    },
  };
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

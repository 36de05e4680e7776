// DOM helpers shared by every player and explorer: elements, numbered grids, labelled controls.
//
// Drawing only: no arithmetic here (that is engine.js) and no ids: several players may share a
// page, so labels wrap their controls and everything is found from the player's root.

/** The most cells a grid draws (far above any spec's largest grid): a larger one is refused. */
const MAX_GRID_CELLS = 2_500;
/** The characters a cell shows at most, where a number allows it (its exact value is in its name). */
const CELL_CHARS = 5;

/** The exact value of a cell, for its accessible name and tooltip ("" for a cell not computed yet). */
function exactText(v) {
  return v === null || v === undefined ? "" : String(v);
}

/** Without the "+" of an exponent and the zeros that end a fraction: "7.10e+6" -> "7.1e6". */
function tidy(text) {
  const [mantissa, exponent] = text.split(/e\+?/);
  const digits = mantissa.includes(".") ? mantissa.replace(/\.?0+$/, "") : mantissa;
  return exponent === undefined ? digits : `${digits}e${exponent}`;
}

/**
 * A number as its cell shows it, in at most CELL_CHARS characters where any form fits: an integer
 * of up to CELL_CHARS - 1 characters as it is, else the form with the most significant digits (up to
 * 3) that fits, plain or with an exponent (`1089` stays, `12345` -> `1.2e4`, `7123456.789` ->
 * `7.1e6`, `-0.33333` -> `-0.33`, `0.000012` -> `1.2e-5`); "" for null, `∞`, `-∞`, `NaN`.
 *
 * @param {number|null} v
 * @returns {string}
 */
export function cellText(v) {
  if (v === null || v === undefined) {
    return "";
  }
  if (!Number.isFinite(v)) {
    return Number.isNaN(v) ? "NaN" : v > 0 ? "∞" : "-∞";
  }
  if (Number.isInteger(v) && String(v).length < CELL_CHARS) {
    return String(v);
  }
  let shortest = null;
  for (const digits of [3, 2, 1]) {
    const rounded = Number(v.toPrecision(digits));
    // a plain form only where rounding adds no zeros before the point (12345 is not "12300")
    const plain = Math.abs(rounded) < 10 ** digits ? [tidy(String(rounded))] : [];
    const forms = [...plain, tidy(v.toExponential(digits - 1))];
    const fits = forms.find((f) => f.length <= CELL_CHARS);
    if (fits) {
      return fits;
    }
    shortest = forms[forms.length - 1];
  }
  return shortest;
}

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

/**
 * A typed number goes to onEdit; anything else puts the value back. Either way the cell then shows
 * the value that is used (typing `1e-400` shows 0, the number it becomes).
 */
function commit(grid, item, i, j) {
  const k = i * grid.shape[1] + j;
  const typed = item.value.trim();
  const value = Number(typed);
  if (typed === "" || !Number.isFinite(value)) {
    item.value = exactText(grid.values[k]);
    return;
  }
  item.value = exactText(value);
  if (value !== grid.values[k]) {
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
    item.value = exactText(grid.values[i * grid.shape[1] + j]);
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
        // while it is edited, a cell shows its exact value (else the compact one)
        found[0].value = exactText(grid.values[found[1] * grid.shape[1] + found[2]]);
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
    cells.addEventListener("focusout", (event) => {
      const found = eventCell(grid, event);
      if (found) {
        found[0].value = grid.text[found[1] * grid.shape[1] + found[2]];
      }
    });
  }
  if (onPoint) {
    // a mouse or pen points by hovering; a finger by tapping (until the next tap): a touch's
    // emulated mouse events, sent after the view has changed under the finger, are not listened to
    const pointAt = (event) => {
      const found = eventCell(grid, event);
      if (found) {
        onPoint(found[1], found[2]);
      }
    };
    cells.addEventListener("focusout", () => onPoint());
    cells.addEventListener("pointerover", (event) => event.pointerType !== "touch" && pointAt(event));
    cells.addEventListener("pointerleave", (event) => event.pointerType !== "touch" && onPoint());
    cells.addEventListener("pointerdown", (event) => event.pointerType === "touch" && pointAt(event));
  }
}

/** New cell elements for a rows x cols grid: text inputs, or ARIA gridcells in rows. */
function buildCells(grid, rows, cols) {
  const { name } = grid;
  Object.assign(grid, { shape: [rows, cols], active: [0, 0], items: [], text: [], values: [], names: [], classes: [] });
  grid.cells.style.setProperty("--tcv-cols", String(cols));
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
      grid.values.push(undefined);
      grid.names.push(null);
      grid.classes.push(null);
    }
  }
  const lines = grid.editable ? grid.items : Array.from({ length: rows }, (_, i) => el("div",
    { role: "row", class: "tcv-row-of-cells" }, grid.items.slice(i * cols, (i + 1) * cols)));
  grid.cells.replaceChildren(...lines);
}

/**
 * A read-only cell's accessible name: where it is and its exact value ("Y[1, 1] = 12"), or that it
 * is not computed yet; a padding cell says so.
 */
function cellName(grid, i, j, v, cls) {
  const where = `${grid.name}[${i}, ${j}]`;
  const what = v === null || v === undefined ? `${where}, not computed yet` : `${where} = ${exactText(v)}`;
  return /\bpad\b/.test(cls) ? `${what} (padding)` : what;
}

/**
 * Write cell k's number, name, tooltip and class where they changed (an editable cell being typed
 * in keeps its text). A cell shows its number compactly (cellText); where that is not the exact
 * value, the tooltip (title) gives it; a read-only cell's name always does.
 */
function showCell(grid, k, v, cls) {
  const item = grid.items[k];
  const shown = cellText(v);
  grid.values[k] = v;
  if (grid.text[k] !== shown) {
    grid.text[k] = shown;
    if (!grid.editable) {
      item.textContent = shown;
    } else if (document.activeElement !== item) {
      item.value = shown;
    }
    const exact = exactText(v);
    if (exact !== shown) {
      item.title = exact;
    } else if (item.hasAttribute("title")) {
      item.removeAttribute("title");
    }
  }
  if (!grid.editable) {
    const name = cellName(grid, Math.floor(k / grid.shape[1]), k % grid.shape[1], v, cls);
    if (grid.names[k] !== name) {
      grid.names[k] = name;
      item.setAttribute("aria-label", name);
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
 * Only what changed is written to the page. The grid's columns and its longest text
 * (--tcv-cols, --tcv-chars) size its cells (players.css).
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
      showCell(grid, i * cols + j, values[i][j], `tcv-cell ${classOf(i, j)}`);
    }
  }
  const chars = String(Math.max(1, ...grid.text.map((t) => t.length)));
  if (grid.cells.style.getPropertyValue("--tcv-chars") !== chars) {
    grid.cells.style.setProperty("--tcv-chars", chars);
  }
}

/**
 * A titled grid of numbered cells, updated in place. One Tab stop per grid (roving
 * tabindex): arrow keys move between cells, Home/End to the first/last cell.
 * Editable grids hold text inputs: typing a number and Enter (or leaving the cell) calls
 * onEdit(i, j, value).
 * Cells grow with the player's width up to a size for large screens and shrink to fit it, down
 * to a legible floor (players.css); a grid still wider than the player scrolls in its own
 * region (scrollRegion), which takes the keyboard focus and says so only while it scrolls.
 *
 * @param {object} options
 * @param {string} options.title shown above the grid and used as its accessible name
 * @param {string} options.name the array's name in cell labels, e.g. "X"
 * @param {boolean} [options.editable]
 * @param {function} [options.onEdit] (i, j, number)
 * @param {function} [options.onPoint] (i, j) when a cell is hovered or focused, () when left
 * @returns {{root: HTMLElement, update: function, setTitle: function, cells: HTMLElement, cell: function}}
 *   update(values, classOf, name?); cells: the element holding the cells; cell(i, j): a cell's element
 */
export function createGrid({ title, name, editable = false, onEdit, onPoint }) {
  const label = el("div", { class: "tcv-grid-title", text: title });
  // an editable grid is a group of labelled text inputs; a read-only one an ARIA grid of rows
  const cells = el("div", { class: editable ? "tcv-cells tcv-editable" : "tcv-cells", role: editable ? "group" : "grid", "aria-label": title });
  const holder = scrollRegion(title, cells);
  const grid = { name, editable, onEdit, onPoint, cells, shape: [-1, -1], active: [0, 0], items: [], text: [], values: [], names: [], classes: [] };
  listen(grid);
  return {
    root: el("figure", { class: "tcv-grid" }, [label, holder]),
    // `name`: the cells' array, if it changes with what the grid shows ("canvas" before a crop)
    update: (values, classOf, name = grid.name) => updateGrid(Object.assign(grid, { name }), values, classOf),
    setTitle: (value) => {
      if (label.textContent !== value) {
        label.textContent = value;
        cells.setAttribute("aria-label", value);
        holder.dataset.label = value;
        // renamed without measuring (a measure in the middle of a draw lays the page out): whether it
        // scrolls is the ResizeObserver's to say, once the draw is laid out
        const how = holder.dataset.scrolls;
        if (how) {
          holder.setAttribute("aria-label", `${value} (${how})`);
        }
      }
    },
    cells,
    cell: (i, j) => cellAt(grid, i, j),
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
 * A labelled range input with its value shown beside it. Its accessible name is the parameter's
 * label alone; its range (and what narrows it) is its description (title).
 *
 * @param {object} options
 * @param {string} options.label
 * @param {string} [options.name] data-param of the input (for tests and styling)
 * @param {function} options.onInput (number)
 * @returns {{root: HTMLElement, input: HTMLInputElement, set: function}}
 */
export function slider({ label, name, onInput }) {
  const input = rangeKeys(el("input", { type: "range", step: 1, "data-param": name, "aria-label": label }));
  const shown = el("output", { class: "tcv-value", "aria-hidden": "true" });
  const limits = el("span", { class: "tcv-limits", "aria-hidden": "true" });
  input.addEventListener("input", () => onInput(Number(input.value)));
  const root = el("label", { class: "tcv-slider" }, [el("span", { class: "tcv-label", text: label }), input, shown, limits]);
  /** Set range and value; `hint` says what limits the range (in the input's description). */
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
    const title = [min === max ? `only ${min}` : `${min} to ${max}`, hint].filter(Boolean).join(". ");
    if (input.title !== title) {
      input.title = title;
    }
  };
  return { root, input, set };
}

/**
 * Text with a leading or trailing glyph ("▶ Play", "Next ▶"): [glyph before, words, glyph after].
 * A glyph is a symbol (\p{So}); punctuation is words ("1, 0.2, 1, 0.2, …" keeps its ellipsis).
 */
function splitGlyphs(text) {
  const match = /^(\p{So}+\s+)?(.*?)(\s+\p{So}+)?$/u.exec(text);
  return [match[1] ?? "", match[2], match[3] ?? ""];
}

/** Show `text` on a button, its glyphs hidden from assistive technology (the name is the words). */
export function setButtonText(node, text) {
  if (node.dataset.text === text) {
    return;
  }
  node.dataset.text = text;
  const [before, words, after] = splitGlyphs(text);
  const glyph = (g) => (g ? [el("span", { "aria-hidden": "true", class: "tcv-glyph", text: g })] : []);
  node.replaceChildren(...glyph(before), words, ...glyph(after));
}

/** A button showing `text` (glyphs hidden from its name); `attrs` may give it an aria-label. */
export function button(text, onClick, attrs = {}) {
  const node = el("button", { type: "button", ...attrs, on: { click: onClick } });
  setButtonText(node, text);
  return node;
}

/** How a region scrolls, in words, or "" when everything fits. */
function scrollsHow(region) {
  const across = region.scrollWidth > region.clientWidth + 1;
  const down = region.scrollHeight > region.clientHeight + 1;
  if (across && down) {
    return "scrolls in both directions";
  }
  return across ? "scrolls sideways" : down ? "scrolls up and down" : "";
}

/**
 * Make a region a named Tab stop while its content is larger than it (and only then): its name
 * says how it scrolls; data-scrolls marks it for the stylesheet and the tests.
 */
function markScrolling(region, how = region.isConnected ? scrollsHow(region) : "") {
  const name = how ? `${region.dataset.label} (${how})` : null;
  if (region.getAttribute("aria-label") === name) {
    return;
  }
  region.dataset.scrolls = how;
  if (how) {
    region.tabIndex = 0;
    region.setAttribute("role", "group");
    region.setAttribute("aria-label", name);
  } else {
    region.removeAttribute("tabindex");
    region.removeAttribute("role");
    region.removeAttribute("aria-label");
  }
}

let resizes = null;

/** One observer for every region of the page: a region or its content changed size. */
function watchSize(region) {
  if (typeof ResizeObserver === "undefined") {
    return;
  }
  resizes ??= new ResizeObserver((entries) => {
    const regions = new Set(entries.map(({ target }) => (target.classList.contains("tcv-scroll") ? target : target.parentElement)));
    regions.delete(null);
    // every region measured before any is marked: a mark between two measures lays the page out again
    const hows = [...regions].map((region) => [region, region.isConnected ? scrollsHow(region) : ""]);
    hows.forEach(([region, how]) => markScrolling(region, how));
  });
  resizes.observe(region);
  for (const child of region.children) {
    resizes.observe(child);
  }
}

const SCROLL_STEP = 40;

/**
 * The keys of a focused region that scrolls: arrows by a step in their direction, Page Up/Down
 * by a page (up and down when it scrolls so, else sideways), Home/End to the start and the end.
 * A key for a direction it does not scroll in is left to the page.
 */
function scrollKey(region, event) {
  if (event.target !== region || event.altKey || event.ctrlKey || event.metaKey) {
    return;
  }
  const across = region.scrollWidth > region.clientWidth + 1;
  const down = region.scrollHeight > region.clientHeight + 1;
  const page = down ? [0, region.clientHeight * 0.9] : [region.clientWidth * 0.9, 0];
  const far = [region.scrollWidth, region.scrollHeight];
  const moves = {
    ArrowLeft: [-SCROLL_STEP, 0], ArrowRight: [SCROLL_STEP, 0], ArrowUp: [0, -SCROLL_STEP], ArrowDown: [0, SCROLL_STEP],
    PageUp: page.map((d) => -d), PageDown: page, Home: far.map((d) => -d), End: far,
  };
  const move = moves[event.key];
  if (!move || (move[0] && !across) || (move[1] && !down)) {
    return;
  }
  event.preventDefault();
  region.scrollBy({ left: move[0], top: move[1], behavior: "instant" });
}

/**
 * A region around `child` that scrolls when the child is larger than the player leaves room for,
 * by mouse, touch and keyboard, with a shadow at the edge that has more to show. While (and only
 * while) it scrolls, it is a Tab stop named `label` and how it scrolls ("… (scrolls sideways)").
 */
export function scrollRegion(label, child) {
  const region = el("div", { class: "tcv-scroll", "data-label": label, "data-scrolls": "" }, [child]);
  region.addEventListener("keydown", (event) => scrollKey(region, event));
  watchSize(region);
  return region;
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

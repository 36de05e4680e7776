// The one shell of every player and explorer: controls made from the spec, a player's example
// buttons and view switch, the step bar, play and its speed, the caption (the only live region),
// the sum panel of the pointed element, data-state, and a player's print strip of key frames.
//
// A view module's render calls mount({ model, el, compute, buildView, steps, label, pointing }):
//   compute(state) -> data, once per setting. state = { params } for an explorer (and its typed
//     weights, spec.weights); a player's also has X and K (the example's arrays filled in),
//     custom ({ X, K }: given, not the example's), example, seed and step. The shell adds
//     data.state = state. A player's data.steps[t] = { caption, output }; an explorer's data has
//     summary (the caption) and fields (data-state's fields beside params).
//   buildView(stage, hooks) -> { draw(data, t, pointer) -> { point, about } or null }
//     point: data-state's point (or null); about: what the pointed element is, as engine.js's
//     sumAbout or landsAbout make it (the live region's sentence, the sum panel's products).
//     hooks (the live view only): onEdit(which, i, j, value, at), onPoint({ grid, i, j, at } or null)
//   steps (players): { label: "Step" or "Cell", map(before, after, t) -> t after a view switch }
//   label (explorers): (params, spec) -> the root's accessible name (a region landmark)
//   pointing (explorers that answer pointing): { hint } shown while nothing is pointed at
// The model is anywidget's (live) or the static stand-in of boot.js: get, set, on, off,
// save_changes. Whatever it holds, the shell draws a setting the spec allows (engine.js: settle)
// and writes the settled values back, so the model follows what is shown.

import { button, choice, el, rangeKeys, setButtonText, slider } from "./grid.js";
import { arrayAxes, checkSpec, exampleArray, gridShapeOf, isShown, paceText, playInterval, plural, rangesOf, rulesShown, settle } from "./engine.js";

/** What a player's sum panel says while nothing is pointed at (on a phone, in one line: `short`). */
const POINT_HINT = "Point at (hover, tap or focus) an output cell for its sum, product by product; at an input cell for where it goes. Escape lets go.";
const POINT_SHORT = "Tap a cell for its sum, or where it goes.";
/** The longest move of a window or copy between steps (shorter while playing fast). */
const MOVE_MS = 220;
/** The columns of cells a printed row of key frames holds at most (three frames of 8, two of 12, one of 24). */
const PRINT_COLUMNS = 24;
/** The size parameter of each array of a player whose arrays are single grids (typed values are kept by place). */
const ARRAYS = { X: "input_size", K: "kernel_size" };

// ---------------------------------------------------------------------------
// Keys: a notebook's shortcuts do not take the keys of a player's controls
// ---------------------------------------------------------------------------

const NAVIGATION = new Set(["ArrowRight", "ArrowLeft", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown", " ", "Enter"]);
/** A notebook that takes navigation keys as its shortcuts (JupyterLab, Notebook 7). */
const SHORTCUT_HOST = ".jp-Notebook, .jp-OutputArea, .jp-LinkedOutputView";

/** Whether a player's control does something with `key` itself (else the key scrolls the page). */
function usesKey(target, key) {
  if (target instanceof HTMLInputElement) {
    // a range moves; a cell moves between cells (arrows, Home, End) and commits (Enter)
    return target.type === "range" ? key !== " " && key !== "Enter" : !key.startsWith("Page");
  }
  if (target instanceof HTMLButtonElement) {
    return key === " " || key === "Enter";
  }
  if (target.getAttribute("role") === "gridcell") {
    return key.startsWith("Arrow") || key === "Home" || key === "End";
  }
  return target.classList.contains("tcv-scroll") && target.dataset.scrolls !== "";
}

/** The element that scrolls the page around `node`: its nearest ancestor that scrolls up and down. */
function pageScroller(node) {
  for (let up = node.parentElement; up; up = up.parentElement) {
    const overflow = getComputedStyle(up).overflowY;
    if ((overflow === "auto" || overflow === "scroll") && up.scrollHeight > up.clientHeight) {
      return up;
    }
  }
  return document.scrollingElement || document.documentElement;
}

/** Scroll the page as the browser would for a key whose default a notebook's shortcuts made us prevent. */
function scrollPage(from, key) {
  const scroller = pageScroller(from);
  const page = scroller.clientHeight * 0.9;
  const moves = { ArrowDown: 40, ArrowUp: -40, PageDown: page, PageUp: -page, " ": page, Home: -scroller.scrollHeight, End: scroller.scrollHeight };
  if (key in moves) {
    scroller.scrollBy({ top: moves[key], behavior: "instant" });
  }
}

/**
 * In the capture phase, before a notebook's shortcuts: a navigation key on a player's control in
 * a notebook. Its default is prevented (Lumino's key bindings ignore such an event); the player's
 * own handlers (rangeKeys, grid cells, scroll regions) still see it, a button is pressed by Space
 * and Enter, and a key the control does not use scrolls the notebook as it would have.
 * Outside a notebook (the book) nothing is claimed: the browser does what it always does.
 */
function claimNavigation(event) {
  const target = event.target;
  const mine = target instanceof Element && target.closest("[data-tcv-keys]");
  const typing = target instanceof HTMLInputElement && target.type === "text";
  if (!mine || !target.closest(SHORTCUT_HOST) || !NAVIGATION.has(event.key) || event.ctrlKey || event.metaKey
    || event.altKey || (event.key === "Enter" && event.shiftKey) || (typing && usesKey(target, event.key))) {
    return;
  }
  event.preventDefault();
  if (!usesKey(target, event.key)) {
    scrollPage(target, event.key);
  } else if ((event.key === " " || event.key === "Enter") && target instanceof HTMLButtonElement) {
    target.click();
  }
}

/**
 * Keys pressed on the player's own controls stay with them: a notebook (JupyterLab, Notebook 7)
 * would otherwise take arrows, Home/End and typing as its shortcuts. Notebook 7 reads keys in
 * the capture phase: claimNavigation, on the window, comes first. JupyterLab reads them as they
 * bubble: the root stops them. Tab, Escape, Shift+Enter and modified keys still reach the notebook.
 *
 * @param {HTMLElement} root
 */
function keepKeys(root) {
  root.setAttribute("data-tcv-keys", "");
  root.setAttribute("data-lm-suppress-shortcuts", "true");
  if (!window.tcvKeysClaimed) {
    window.tcvKeysClaimed = true;
    window.addEventListener("keydown", claimNavigation, true);
  }
  root.addEventListener("keydown", (event) => {
    const passes = event.key === "Tab" || event.key === "Escape" || event.ctrlKey || event.metaKey
      || event.altKey || (event.shiftKey && event.key === "Enter");
    if (!passes && event.target !== root) {
      event.stopPropagation();
    }
  });
}

// ---------------------------------------------------------------------------
// The model and the state a view computes from
// ---------------------------------------------------------------------------

function save(model, changes) {
  for (const [name, value] of Object.entries(changes)) {
    model.set(name, value);
  }
  model.save_changes();
}

/** The parameters and the view switch of a spec. */
function entriesOf(spec) {
  return [...spec.params, ...(spec.views ? [spec.views] : [])];
}

/** Every name the spec makes the model hold. */
function namesOf(spec) {
  return [...entriesOf(spec).map((p) => p.name), ...(spec.example ? ["X", "K", "example", "seed", "starts", "step"] : []),
    ...(spec.weights ? [spec.weights.name] : [])];
}

function modelValues(model, spec) {
  return Object.fromEntries(namesOf(spec).map((name) => [name, model.get(name)]));
}

/** The values among `values` that differ from `than` (compared as JSON). */
function differing(values, than) {
  return Object.fromEntries(Object.entries(values).filter(([name, value]) => JSON.stringify(value) !== JSON.stringify(than[name])));
}

/** The example's array `which` at the sizes of `values`: counting from the player's start, or random integers. */
function exampleOf(spec, which, values) {
  const axes = arrayAxes(spec)[which];
  return exampleArray(spec, which, axes.map((name, axis) => values[name ?? axes[axis - 1]]), values);
}

/** The state a view computes from: the settled values, the example's arrays filled in. */
function stateOf(spec, values) {
  const params = Object.fromEntries(entriesOf(spec).map((p) => [p.name, values[p.name]]));
  const weights = spec.weights ? { [spec.weights.name]: values[spec.weights.name] } : {};
  if (!spec.example) {
    return { params, ...weights };
  }
  const arrays = {};
  for (const which of ["X", "K"]) {
    arrays[which] = values[which].length ? values[which] : exampleOf(spec, which, values);
  }
  return { params, ...arrays, example: values.example, seed: values.seed, step: values.step };
}

// ---------------------------------------------------------------------------
// Typed values: kept through a change of size, back when the size comes back
// ---------------------------------------------------------------------------

/** Whether the player's typed values are remembered by place: players whose X and K are single grids. */
function keepsTyped(spec) {
  return Boolean(spec.example) && !spec.example.channels;
}

/**
 * The example's grid of an array ("X" or "K") at size n: the page's array where the page gave one
 * (at any size if all its values are equal: an all-ones kernel grows as ones; else at its own size),
 * or the example's counting or random grid.
 */
function exampleGridOf(shell, values, array, n) {
  const page = shell.page[array];
  const [v, ...others] = new Set(page.flat());
  if (page.length === n || (page.length && !others.length)) {
    return page.length === n ? page : Array.from({ length: n }, () => Array(n).fill(v));
  }
  return exampleArray(shell.spec, array, [n, n], values);
}

/**
 * Remember the values typed into the grids shown now: each cell that differs from the example's,
 * by its place ("i,j"). Cells outside the grids shown now keep what was typed into them before.
 */
function rememberTyped(shell, values) {
  for (const array of Object.keys(ARRAYS)) {
    const grid = values[array];
    if (!grid.length) {
      continue;
    }
    const example = exampleGridOf(shell, values, array, grid.length);
    const typed = shell.typed[array];
    grid.forEach((row, i) => row.forEach((v, j) => {
      if (v === example[i][j]) {
        typed.delete(`${i},${j}`);
      } else {
        typed.set(`${i},${j}`, v);
      }
    }));
  }
}

/** The grid of an array at size n: the example's, with the typed values that fall inside it ([] if none). */
function typedGrid(shell, values, array, n) {
  const typed = [...shell.typed[array]].filter(([at]) => at.split(",").every((c) => Number(c) < n));
  if (!typed.length && !shell.page[array].length) {
    return [];
  }
  const grid = exampleGridOf(shell, values, array, n).map((row) => row.slice());
  for (const [at, v] of typed) {
    const [i, j] = at.split(",").map(Number);
    grid[i][j] = v;
  }
  return grid;
}

/** What a change of size did to the typed values, in words ("" when nothing was typed). */
function typedNotice(shell, before, after) {
  const notes = [];
  for (const [array, size] of Object.entries(ARRAYS)) {
    const n = after[size];
    const outside = [...shell.typed[array].keys()].filter((at) => at.split(",").some((c) => Number(c) >= n)).length;
    if (n === before[size] || !shell.typed[array].size) {
      continue;
    }
    const grid = `${n}×${n}`;
    if (outside) {
      notes.push(`${plural(outside, "typed value")} of ${array} outside its ${grid} grid ${outside === 1 ? "is" : "are"} kept and come${outside === 1 ? "s" : ""} back when it grows.`);
    } else {
      notes.push(`Every typed value of ${array} is in its ${grid} grid.`);
    }
  }
  return notes.join(" ");
}

/**
 * A change made by a control: with the model's other values, settled, and saved where it differs.
 * A new size of an array (chosen, or moved by a rule) gives the example's array of that size; in a
 * player of single grids, with the values typed into it before, and the caption says what happened
 * to the others.
 */
function change(shell, changes) {
  const { model, spec } = shell;
  const before = settle(spec, modelValues(model, spec));
  const raw = { ...modelValues(model, spec), ...changes };
  const resized = (name) => name && name in changes && changes[name] !== model.get(name);
  for (const [array, axes] of Object.entries(spec.example ? arrayAxes(spec) : {})) {
    if (axes.some(resized) && !(array in changes)) {
      // a new size: the example's array of that size (a given array would set the size back)
      raw[array] = [];
    }
  }
  if (spec.weights && resized(spec.weights.size) && !(spec.weights.name in changes)) {
    raw[spec.weights.name] = [];
  }
  let settled = settle(spec, raw);
  if (keepsTyped(spec) && "example" in changes) {
    // a new example: what was typed, and the page's arrays, are gone
    shell.typed = { X: new Map(), K: new Map() };
    shell.page = { X: [], K: [] };
  } else if (keepsTyped(spec)) {
    rememberTyped(shell, before);
    const sized = {};
    for (const [array, size] of Object.entries(ARRAYS)) {
      if (!(array in changes) && settled[size] !== before[size]) {
        sized[array] = typedGrid(shell, settled, array, settled[size]);
      }
    }
    if (Object.keys(sized).length) {
      settled = settle(spec, { ...raw, ...sized });
      shell.notice = typedNotice(shell, before, settled);
    }
  }
  const fixes = differing(settled, modelValues(model, spec));
  if (Object.keys(fixes).length) {
    save(model, fixes);
  }
  // a control set beyond its range through the page gets its own bounds back
  refresh(shell);
}

// ---------------------------------------------------------------------------
// The controls
// ---------------------------------------------------------------------------

/** A slider or a labelled choice per parameter of the spec. */
function buildControls(shell) {
  const widgets = {};
  const root = el("div", { class: "tcv-controls", role: "group", "aria-label": "Settings" });
  for (const p of shell.spec.params) {
    // a choice may clear a typed array (the overlap explorer's kernel presets clear typed weights)
    const clears = Object.fromEntries((p.clears || []).map((name) => [name, []]));
    widgets[p.name] = p.options
      ? choice({ param: p, labelled: true, onChoose: (value) => change(shell, { [p.name]: value, ...clears }) })
      : slider({ label: p.label, name: p.name, onInput: (value) => change(shell, { [p.name]: value }) });
    root.append(widgets[p.name].root);
  }
  return { root, widgets };
}

/** A player's example buttons: the seed's grids, or new random integers. */
function buildExamples(shell) {
  const { model, spec } = shell;
  const seed = button("Seed example", () => change(shell, { example: "seed", X: [], K: [] }), { "data-role": "seed" });
  const next = () => (settle(spec, modelValues(model, spec)).seed + 1) % (spec.example.max_seed + 1);
  const random = button("Random integers", () => change(shell, { example: "random", seed: next(), X: [], K: [] }),
    { "data-role": "random" });
  return { root: el("div", { class: "tcv-buttons", role: "group", "aria-label": "Input" }, [seed, random]), seed, random };
}

/** Show a player's other view at the matching step (steps.map). */
function switchView(shell, value) {
  const { model, spec } = shell;
  const name = spec.views.name;
  if (model.get(name) === value) {
    return;
  }
  const before = shell.data;
  model.set(name, value);
  const after = ensureData(shell, stateOf(spec, settle(spec, modelValues(model, spec))));
  save(model, { step: shell.steps.map ? shell.steps.map(before, after, model.get("step")) : 0 });
}

/** Play's speeds, as a labelled choice (engine.js: playInterval). */
const SPEED = { name: "speed", label: "Speed", options: [["slow", "Slow"], ["normal", "Normal"], ["fast", "Fast"]], default: "normal" };

/** The step bar: previous, play/pause, next, the step slider and where it is; and Play's speed. */
function stepBar(label, go, toggle, onSpeed) {
  const range = rangeKeys(el("input", { type: "range", min: 0, max: 0, step: 1, value: 0, "aria-label": label, "data-role": "step" }));
  const where = el("span", { class: "tcv-where" });
  range.addEventListener("input", () => go(Number(range.value), true));
  const prev = button("◀ Previous", () => go(-1), { "aria-label": `Previous ${label.toLowerCase()}` });
  const next = button("Next ▶", () => go(+1), { "aria-label": `Next ${label.toLowerCase()}` });
  const play = button("▶ Play", toggle, { "aria-pressed": "false", "data-role": "play" });
  const speed = choice({ param: SPEED, labelled: true, onChoose: onSpeed });
  speed.root.classList.add("tcv-speed");
  speed.set(SPEED.default);
  // what the speed means for this setting ("900 ms a step, 7.2 s in all"), read with the group
  const pace = el("span", { class: "tcv-pace" });
  speed.root.append(pace);
  // the speed follows the bar (on a phone the bar sticks to the top of the screen, the speed does not)
  const root = el("div", { class: "tcv-stepbar", role: "group", "aria-label": `${label}s` },
    [prev, play, next, el("label", { class: "tcv-step" }, [range]), where]);
  const show = (t, n) => {
    for (const [attribute, value] of [["min", 0], ["max", n - 1], ["value", t]]) {
      if (range[attribute] !== String(value)) {
        range[attribute] = value;
      }
    }
    const text = `${label} ${t + 1} of ${n}`;
    where.textContent = text;
    range.setAttribute("aria-valuetext", text);
    // at an end the button says it cannot go on (aria-disabled keeps the keyboard's focus on it)
    for (const [b, end] of [[prev, t <= 0], [next, t >= n - 1]]) {
      if (b.getAttribute("aria-disabled") !== String(end)) {
        b.setAttribute("aria-disabled", String(end));
      }
    }
  };
  const playing = (on) => {
    setButtonText(play, on ? "⏸ Pause" : "▶ Play");
    play.setAttribute("aria-pressed", String(on));
  };
  return { root, show, playing, speed, pace };
}

/** Move to step t (absolute) or by t steps, within the steps there are. */
function goTo(shell, t, absolute) {
  stop(shell);
  const last = shell.data ? shell.data.steps.length - 1 : 0;
  const target = absolute ? t : shell.model.get("step") + t;
  const step = Math.min(Math.max(Number.isFinite(target) ? Math.round(target) : 0, 0), last);
  if (step !== shell.model.get("step")) {
    save(shell.model, { step });
  }
  refresh(shell);
}

/**
 * While a slider is dragged the player keeps its height, so that the page does not move under the
 * finger (an explorer's table may shrink or grow with every value); released, it takes its own.
 */
function holdHeight(root) {
  if (root.classList.contains("tcv-held")) {
    return;
  }
  root.style.height = `${root.getBoundingClientRect().height}px`;
  root.classList.add("tcv-held");
  const release = () => {
    root.style.height = "";
    root.classList.remove("tcv-held");
    window.removeEventListener("pointerup", release);
    window.removeEventListener("pointercancel", release);
  };
  window.addEventListener("pointerup", release);
  window.addEventListener("pointercancel", release);
}

/** The root and every part of a player or explorer, in the order a reader meets them. */
function buildParts(shell) {
  const { spec } = shell;
  const root = shell.steps
    // a group, not a region landmark: two identical players may share a page (landmark names must differ)
    ? el("div", { class: "tcv", "data-player": spec.player, role: "group", "aria-label": spec.title })
    : el("div", { class: "tcv tcv-explorer", "data-player": spec.player, role: "region", "aria-label": spec.title });
  const controls = buildControls(shell);
  const examples = spec.example ? buildExamples(shell) : null;
  const views = spec.views ? choice({ param: spec.views, onChoose: (value) => switchView(shell, value) }) : null;
  const bar = shell.steps ? stepBar(shell.steps.label, (t, absolute) => goTo(shell, t, absolute),
    () => (shell.timer ? stop(shell) : play(shell)), (speed) => setSpeed(shell, speed)) : null;
  // The one live region: the step's caption (or the explorer's summary) and the pointed
  // element's sentence; the sum panel shows the same products with badges, for the eye only.
  const said = el("span", { class: "tcv-said" });
  const pointed = el("span", { class: "tcv-pointed" });
  const parts = {
    root, controls: controls.widgets, examples, views, bar,
    limits: el("p", { class: "tcv-note" }),
    caption: el("div", { class: shell.steps ? "tcv-caption" : "tcv-caption tcv-summary", "aria-live": "polite" }, [said, pointed]),
    said, pointed,
    sum: shell.pointing ? el("div", { class: "tcv-sum", "aria-hidden": "true" }) : null,
    stage: el("div", { class: "tcv-stage" }),
    strip: shell.steps ? el("div", { class: "tcv-print", "aria-hidden": "true" }) : null,
  };
  const head = el("div", { class: "tcv-head" }, [controls.root, ...(examples ? [examples.root] : []), ...(views ? [views.root] : [])]);
  // the sum panel follows the stage, so that its changing height never moves a grid under the
  // pointer; it sticks to the bottom of the screen while the player is in view (players.css)
  root.append(...[head, parts.limits, bar && bar.root, bar && bar.speed.root, parts.caption, parts.stage, parts.sum, parts.strip].filter(Boolean));
  keepKeys(root);
  // Escape pauses Play and lets go of the pointed cell (the sum panel shows its hint again)
  root.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && (shell.timer || shell.pointer)) {
      shell.pointer = null;
      if (shell.timer) {
        stop(shell);
      }
      draw(shell);
    }
  });
  root.addEventListener("pointerdown", (event) => {
    if (event.target instanceof HTMLInputElement && event.target.type === "range") {
      holdHeight(root);
    }
  });
  return parts;
}

/**
 * Editing a cell and pointing at one (the live view; the print strip's views have neither).
 * onEdit(which, i, j, value, at): which is "input", "kernel" or the spec's weights; `at` the
 * leading indices of a cell of an array with channels.
 */
function hooksOf(shell) {
  return {
    onEdit: (which, i, j, value, at = []) => {
      const state = stateOf(shell.spec, settle(shell.spec, modelValues(shell.model, shell.spec)));
      const name = { input: "X", kernel: "K" }[which] ?? which;
      // the typed weights start from the weights shown (the explorer's data), the arrays from the state
      const array = structuredClone(state[name]?.length ? state[name] : shell.data[name]);
      const grid = at.reduce((sub, n) => sub[n], array);
      if (Array.isArray(grid[0])) {
        grid[i][j] = value;
      } else {
        // a row of weights
        grid[j] = value;
      }
      change(shell, { [name]: array });
    },
    onPoint: (where) => {
      shell.pointer = where || null;
      draw(shell);
    },
  };
}

/** Ranges, values, hints and hidden parameters of every control; the pressed buttons. */
function showControls(shell, values, state) {
  const { spec, parts } = shell;
  const shapes = spec.example ? { X: gridShapeOf(state.X), K: gridShapeOf(state.K) } : {};
  const ranges = rangesOf(spec, values, shapes);
  for (const p of spec.params) {
    const control = parts.controls[p.name];
    if (p.options) {
      control.set(values[p.name]);
    } else {
      const { min, max, hint } = ranges[p.name];
      control.set(min, max, values[p.name], hint);
    }
    control.root.hidden = !isShown(p, values);
  }
  const rules = rulesShown(spec, values);
  parts.limits.textContent = rules.length ? `Limits: ${rules.join("; ")}.` : "";
  if (parts.examples) {
    // the example the grids come from stays pressed, also once values are typed into them
    parts.examples.seed.setAttribute("aria-pressed", String(values.example === "seed"));
    parts.examples.random.setAttribute("aria-pressed", String(values.example === "random"));
  }
  if (parts.views) {
    parts.views.set(values[spec.views.name]);
  }
}

// ---------------------------------------------------------------------------
// Drawing
// ---------------------------------------------------------------------------

/** The view's data for a state, computed once per setting. */
function ensureData(shell, state) {
  const key = JSON.stringify({ ...state, step: null });
  if (key !== shell.key) {
    shell.key = key;
    shell.data = shell.compute(state, shell.spec);
    shell.data.state = state;
    if (shell.steps && shell.printing && shell.printing.matches) {
      // a change while the page is laid out for print
      printFrames(shell);
    }
  }
  return shell.data;
}

/** JSON keeps non-finite numbers apart from null ("not computed"): the strings "Infinity", "-Infinity", "NaN". */
function nonFinite(key, value) {
  return typeof value === "number" && !Number.isFinite(value) ? String(value) : value;
}

/** What data-state says the player or explorer shows (the test contract of static/README.md). */
function dataState(shell, state, t, point) {
  const { spec, data } = shell;
  if (!shell.steps) {
    return JSON.stringify({ params: state.params, ...data.fields, ...(shell.pointing ? { point } : {}) }, nonFinite);
  }
  const p = state.params;
  // the view switch and every choice (the scatter-add player's phases) beside the parameters
  const choices = entriesOf(spec).filter((q) => q.options).map((q) => [q.name, p[q.name]]);
  return JSON.stringify({
    params: { stride: p.stride ?? 1, padding: p.padding ?? 0, dilation: p.dilation ?? 1, output_padding: p.output_padding ?? 0 },
    input: state.X,
    kernel: state.K,
    output: data.steps[t].output,
    step: t,
    steps: data.steps.length,
    ...Object.fromEntries(choices),
    point,
  }, nonFinite);
}

const size = (array) => gridShapeOf(array).join("×");

/** A player's sizes in words, said when a parameter changes: "Input 4×4, kernel 3×3: output 2×2, 4 steps." */
function sizesOf(shell, state) {
  const steps = shell.data.steps;
  return `Input ${size(state.X)}, kernel ${size(state.K)}: output ${size(steps[steps.length - 1].output)}, `
    + `${plural(steps.length, shell.steps.label.toLowerCase())}.`;
}

/**
 * The live region's line: after a change of parameters, the new sizes (and what happened to typed
 * values) before the step's caption, until the next change; else the caption alone.
 */
function announced(shell, state, caption) {
  const params = JSON.stringify(state.params);
  if (shell.steps && shell.params !== null && params !== shell.params) {
    shell.said = [sizesOf(shell, state), shell.notice].filter(Boolean).join(" ");
  } else if (shell.steps && shell.step !== null && state.step !== shell.step) {
    shell.said = "";
  }
  shell.params = params;
  shell.step = state.step;
  shell.notice = "";
  return shell.said ? `${shell.said} ${caption}` : caption;
}

/** The pointed element's sum panel: its products with their badges, or a hint. */
function showSum(shell, about) {
  const { sum } = shell.parts;
  if (!sum) {
    return;
  }
  // nothing pointed at: on a phone, a thin line (players.css)
  sum.classList.toggle("tcv-idle", !about);
  if (!about) {
    sum.replaceChildren(el("span", { class: "tcv-hint", text: shell.pointing.hint, "data-short": shell.pointing.short }));
    return;
  }
  const chips = about.chips.flatMap((chip, n) => [
    ...(n && about.joiner ? [el("span", { class: "tcv-plus", text: about.joiner })] : []),
    el("span", { class: chip.later ? "tcv-chip tcv-later" : "tcv-chip" }, [
      ...(chip.badge ? [el("b", { class: "tcv-badge", text: String(chip.badge) })] : []),
      el("span", { class: "tcv-chip-body" }, [
        el("span", { class: "tcv-chip-label", text: chip.label }),
        el("span", { class: "tcv-chip-text", text: chip.text }),
      ]),
    ]),
  ]);
  sum.replaceChildren(el("span", { class: "tcv-sum-head", text: about.head }), ...chips,
    ...(about.total !== "" && about.chips.length ? [el("span", { class: "tcv-sum-total", text: `= ${about.total}` })] : []),
    ...(about.note ? [el("span", { class: "tcv-sum-note", text: about.note })] : []));
}

/** Draw what the model holds, settled; write back what was settled. */
function drawSettled(shell) {
  const { model, spec, parts } = shell;
  const raw = modelValues(model, spec);
  const values = settle(spec, raw);
  const state = stateOf(spec, values);
  const data = ensureData(shell, state);
  const t = shell.steps ? Math.min(values.step, data.steps.length - 1) : 0;
  showControls(shell, values, state);
  if (parts.bar) {
    parts.bar.show(t, data.steps.length);
    parts.root.setAttribute("data-speed", shell.speed);
    parts.bar.pace.textContent = paceText(data.steps.length, shell.speed);
  }
  const caption = announced(shell, { ...state, step: t }, shell.steps ? data.steps[t].caption : data.summary);
  if (parts.said.textContent !== caption) {
    parts.said.textContent = caption;
  }
  const drawn = JSON.stringify([shell.key, t, shell.pointer]);
  if (drawn !== shell.drawn) {
    shell.drawn = drawn;
    const shown = shell.view.draw(data, t, shell.pointer) ?? {};
    shell.point = shown.point ?? null;
    const sentence = shown.about ? shown.about.sentence : "";
    if (parts.pointed.textContent !== sentence) {
      parts.pointed.textContent = sentence;
    }
    showSum(shell, shown.about);
  }
  const text = dataState(shell, state, t, shell.point);
  if (parts.root.getAttribute("data-state") !== text) {
    parts.root.setAttribute("data-state", text);
  }
  if (shell.label) {
    parts.root.setAttribute("aria-label", shell.label(state.params, spec));
  }
  const fixes = differing(shell.steps ? { ...values, step: t } : values, raw);
  if (Object.keys(fixes).length) {
    // the model follows what is shown
    save(model, fixes);
  }
}

/** The spec's defaults, which every spec can draw. */
function defaultsOf(spec) {
  const values = Object.fromEntries(entriesOf(spec).map((p) => [p.name, p.default]));
  return spec.example ? { ...values, X: [], K: [], example: "seed", seed: 0, step: 0 } : values;
}

/** Draw; a setting that cannot be drawn (a hand-written page) falls back to the defaults, once. */
function draw(shell) {
  try {
    drawSettled(shell);
    shell.failed = false;
  } catch (error) {
    shell.drawn = null;
    const fixes = differing(defaultsOf(shell.spec), modelValues(shell.model, shell.spec));
    if (!shell.failed && Object.keys(fixes).length) {
      shell.failed = true;
      save(shell.model, fixes);
      refresh(shell);
    } else {
      shell.parts.caption.textContent = `This setting cannot be drawn: ${error.message}.`;
    }
  }
}

function refresh(shell) {
  if (!shell.queued) {
    shell.queued = true;
    queueMicrotask(() => {
      shell.queued = false;
      draw(shell);
    });
  }
}

// ---------------------------------------------------------------------------
// Playing and printing (players)
// ---------------------------------------------------------------------------

function stop(shell) {
  if (shell.timer) {
    clearTimeout(shell.timer);
    shell.timer = null;
  }
  shell.parts.root.style.removeProperty("--tcv-move");
  shell.parts.bar.playing(false);
}

/** Play: one step per playInterval (which follows the step count and the speed, read at each step). */
function play(shell) {
  const { model } = shell;
  if (model.get("step") >= shell.data.steps.length - 1) {
    save(model, { step: 0 });
  }
  shell.parts.bar.playing(true);
  const tick = () => {
    const t = model.get("step");
    const n = shell.data.steps.length;
    if (t >= n - 1) {
      stop(shell);
      return;
    }
    const ms = playInterval(n, shell.speed);
    // the window and the copy glide for most of a step, never longer than MOVE_MS
    shell.parts.root.style.setProperty("--tcv-move", `${Math.min(MOVE_MS, Math.round(0.7 * ms))}ms`);
    shell.timer = setTimeout(tick, ms);
    save(model, { step: t + 1 });
  };
  shell.timer = setTimeout(tick, playInterval(shell.data.steps.length, shell.speed));
}

/**
 * Play's speed (kept by the shell, not the model: each reader's own), shown by the pressed button,
 * the root's data-speed and the pace it gives the setting shown (drawSettled).
 */
function setSpeed(shell, speed) {
  shell.speed = speed;
  shell.parts.bar.speed.set(speed);
  draw(shell);
}

/** The print strip: the first, middle and last step as small multiples. */
function buildPrint(shell) {
  const { data, key, parts } = shell;
  if (shell.printed === key || !data) {
    return;
  }
  shell.printed = key;
  const n = data.steps.length;
  const frames = [...new Set([0, Math.floor((n - 1) / 2), n - 1])];
  const label = shell.steps.label.toLowerCase();
  const which = frames.length === n ? `its ${plural(n, label)}` : `${frames.length} of its ${plural(n, label)}, the first, the middle and the last`;
  // on paper the player cannot be played: it says what is printed, and where the rest is
  const note = el("p", { class: "tcv-print-note", text: `${shell.spec.title}, printed: ${which}. Online, the player steps through every one.` });
  parts.strip.replaceChildren(note, ...frames.map((t) => {
    const box = el("div", { class: "tcv-stage" });
    shell.buildView(box, {}).draw(data, t, null);
    return el("figure", { class: "tcv-keyframe" }, [
      el("figcaption", { text: `${shell.steps.label} ${t + 1} of ${n}: ${data.steps[t].caption}` }), box]);
  }));
  // three frames to a row on paper, fewer when a grid has many columns (players.css)
  const cols = Math.max(1, ...[...parts.strip.querySelectorAll(".tcv-cells")]
    .map((cells) => Number(cells.style.getPropertyValue("--tcv-cols")) || 1));
  parts.strip.style.setProperty("--tcv-per-row", String(Math.min(3, Math.max(1, Math.floor(PRINT_COLUMNS / cols)))));
}

/**
 * The print strip, built when it is needed: when the page is printed (beforeprint) or laid out for
 * print (the print media query matches, as when a test or the book's PDF emulates it), never on
 * screen, where it would cost a hidden copy of three views after every change.
 */
function printFrames(shell) {
  try {
    buildPrint(shell);
  } catch {
    // a setting that cannot be drawn prints no frames
    shell.parts.strip.replaceChildren();
  }
}

// ---------------------------------------------------------------------------
// Mounting
// ---------------------------------------------------------------------------

/**
 * Mount a player or an explorer into el (see the head of this file for the options).
 *
 * @param {object} options
 * @param {object} options.model anywidget's model or the static stand-in
 * @param {HTMLElement} options.el where to draw
 * @param {function} options.compute (state) -> data
 * @param {function} options.buildView (stage, hooks) -> { draw(data, t, pointer) }
 * @param {{label: string, map: function}} [options.steps] a stepped player's step bar
 * @param {function} [options.label] (params, spec) -> an explorer's accessible name
 * @param {{hint: string}} [options.pointing] an explorer whose view answers pointing (players always do):
 *   the hint its sum panel shows while nothing is pointed at
 * @returns {function} cleanup
 */
export function mount({ model, el: host, compute, buildView, steps = null, label = null, pointing = null }) {
  const spec = model.get("spec");
  const problem = checkSpec(spec);
  if (problem) {
    host.replaceChildren(el("p", { class: "tcv-note", text: `This player cannot be drawn: ${problem}.` }));
    return () => {};
  }
  const shell = { model, spec, compute, buildView, steps: spec.example ? steps || { label: "Step" } : null, label,
    pointing: pointing || (spec.example ? { hint: POINT_HINT, short: POINT_SHORT } : null), speed: "normal",
    data: null, key: null, drawn: null, point: null, pointer: null, timer: null, queued: false,
    printed: null, printing: window.matchMedia ? window.matchMedia("print") : null, failed: false,
    typed: { X: new Map(), K: new Map() }, notice: "", said: "", params: null, step: null };
  // the arrays the page gave (its example), which are not typed values
  const given = spec.example && settle(spec, modelValues(model, spec));
  shell.page = { X: given?.X || [], K: given?.K || [] };
  shell.parts = buildParts(shell);
  host.replaceChildren(shell.parts.root);
  shell.view = buildView(shell.parts.stage, hooksOf(shell));
  const onPrint = () => shell.steps && printFrames(shell);
  const onMedia = (event) => event.matches && onPrint();
  window.addEventListener("beforeprint", onPrint);
  shell.printing?.addEventListener("change", onMedia);
  const onChange = () => refresh(shell);
  const names = namesOf(spec);
  for (const name of names) {
    model.on(`change:${name}`, onChange);
  }
  draw(shell);
  return () => {
    if (shell.steps) {
      stop(shell);
    }
    window.removeEventListener("beforeprint", onPrint);
    shell.printing?.removeEventListener("change", onMedia);
    for (const name of names) {
      model.off(`change:${name}`, onChange);
    }
  };
}

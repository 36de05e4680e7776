// The one shell of every player and explorer: controls made from the spec, a player's example
// buttons and view switch, the step bar and play, the caption (the only live region),
// data-state, and a player's print strip of key frames.
//
// A view module's render calls mount({ model, el, compute, buildView, steps, label }):
//   compute(state) -> data, once per setting. state = { params } for an explorer; a player's
//     also has X and K (the example's grids filled in), custom ({ X, K }: given, not the
//     example's), example, seed and step. The shell adds data.state = state.
//     A player's data.steps[t] = { caption, output }; an explorer's data has summary (the
//     caption) and fields (data-state's fields beside params).
//   buildView(stage, hooks) -> { draw(data, t, pointer) -> the pointed sum or null }
//     hooks (the live view only): onEdit(which, i, j, value), onPoint({ grid, i, j } or null)
//   steps (players): { label: "Step" or "Cell", map(before, after, t) -> t after a view switch }
//   label (explorers): (params, spec) -> the root's accessible name (a region landmark)
// The model is anywidget's (live) or the static stand-in of boot.js: get, set, on, off,
// save_changes. Whatever it holds, the shell draws a setting the spec allows (engine.js: settle)
// and writes the settled values back, so the model follows what is shown.

import { button, choice, el, rangeKeys, slider } from "./grid.js";
import { checkSpec, countingGrid, isShown, randomGrid, rangesOf, rulesShown, settle, shapeOf } from "./engine.js";

const PLAY_MS = 900;
const PRINT_DELAY_MS = 250;
/** The size parameter of each array of a player. */
const ARRAYS = { X: "input_size", K: "kernel_size" };

// ---------------------------------------------------------------------------
// Keys: a notebook's shortcuts do not take the keys of a player's controls
// ---------------------------------------------------------------------------

const NAVIGATION = new Set(["ArrowRight", "ArrowLeft", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown", " ", "Enter"]);

/** Scroll a sideways scroll region as the browser would for that key (its default is prevented). */
function scrollByKey(region, key) {
  const moves = { ArrowRight: 40, ArrowLeft: -40, PageDown: region.clientWidth, PageUp: -region.clientWidth };
  if (key in moves) {
    region.scrollLeft += moves[key];
  } else if (key === "Home" || key === "End") {
    region.scrollLeft = key === "Home" ? 0 : region.scrollWidth;
  }
}

/** In the capture phase, before a notebook's shortcuts: a navigation key on a player's control. */
function claimNavigation(event) {
  const target = event.target;
  const mine = target instanceof Element && target.closest("[data-tcv-keys]");
  const typing = target instanceof HTMLInputElement && target.type === "text";
  if (mine && !typing && NAVIGATION.has(event.key) && !event.ctrlKey && !event.metaKey && !event.altKey
    && !(event.key === "Enter" && event.shiftKey)) {
    // Lumino's key bindings ignore an event whose default is prevented; the player's own
    // handlers (rangeKeys, grid cells, buttons' click) still see it.
    event.preventDefault();
    if ((event.key === " " || event.key === "Enter") && target instanceof HTMLButtonElement) {
      target.click();
    }
    if (target.classList.contains("tcv-scroll")) {
      scrollByKey(target, event.key);
    }
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
  return [...entriesOf(spec).map((p) => p.name), ...(spec.example ? ["X", "K", "example", "seed", "step"] : [])];
}

function modelValues(model, spec) {
  return Object.fromEntries(namesOf(spec).map((name) => [name, model.get(name)]));
}

/** The values among `values` that differ from `than` (compared as JSON). */
function differing(values, than) {
  return Object.fromEntries(Object.entries(values).filter(([name, value]) => JSON.stringify(value) !== JSON.stringify(than[name])));
}

/** The input (or kernel) the example makes at size n: the seed's counting grid or random integers. */
function exampleGrid(spec, which, values, n) {
  const ex = spec.example;
  if (values.example === "random") {
    return randomGrid(n, n, 2 * values.seed + (which === "kernel" ? 1 : 0), ex.random_low, ex.random_high);
  }
  return countingGrid(n, n, which === "kernel" ? ex.kernel_start : ex.input_start);
}

/** The state a view computes from: the settled values, the example's grids filled in. */
function stateOf(spec, values) {
  const params = Object.fromEntries(entriesOf(spec).map((p) => [p.name, values[p.name]]));
  if (!spec.example) {
    return { params };
  }
  return {
    params,
    X: values.X.length ? values.X : exampleGrid(spec, "input", values, params.input_size),
    K: values.K.length ? values.K : exampleGrid(spec, "kernel", values, params.kernel_size),
    custom: { X: values.X.length > 0, K: values.K.length > 0 },
    example: values.example,
    seed: values.seed,
    step: values.step,
  };
}

/** A change made by a control: with the model's other values, settled, and saved where it differs. */
function change(shell, changes) {
  const { model, spec } = shell;
  const raw = { ...modelValues(model, spec), ...changes };
  for (const [array, size] of Object.entries(ARRAYS)) {
    if (spec.example && size in changes && changes[size] !== model.get(size) && !(array in changes)) {
      raw[array] = []; // a new size: the example's grid of that size
    }
  }
  const fixes = differing(settle(spec, raw), modelValues(model, spec));
  if (Object.keys(fixes).length) {
    save(model, fixes);
  }
  refresh(shell); // a control set beyond its range through the page gets its own bounds back
}

// ---------------------------------------------------------------------------
// The controls
// ---------------------------------------------------------------------------

/** A slider or a labelled choice per parameter of the spec. */
function buildControls(shell) {
  const widgets = {};
  const root = el("div", { class: "tcv-controls", role: "group", "aria-label": "Settings" });
  for (const p of shell.spec.params) {
    widgets[p.name] = p.options
      ? choice({ param: p, labelled: true, onChoose: (value) => change(shell, { [p.name]: value }) })
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
  return { root: el("div", { class: "tcv-buttons", role: "group", "aria-label": "Input" }, [seed, random]), seed };
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

/** The step bar: previous, play/pause, next, the step slider and where it is. */
function stepBar(label, go, toggle) {
  const range = rangeKeys(el("input", { type: "range", min: 0, max: 0, step: 1, value: 0, "aria-label": label, "data-role": "step" }));
  const where = el("span", { class: "tcv-where" });
  range.addEventListener("input", () => go(Number(range.value), true));
  const prev = button("◀ Previous", () => go(-1), { "aria-label": `Previous ${label.toLowerCase()}` });
  const next = button("Next ▶", () => go(+1), { "aria-label": `Next ${label.toLowerCase()}` });
  const play = button("▶ Play", toggle, { "aria-pressed": "false", "data-role": "play" });
  const root = el("div", { class: "tcv-stepbar", role: "group", "aria-label": `${label}s` }, [prev, play, next, el("label", { class: "tcv-step" }, [range]), where]);
  const show = (t, n) => {
    for (const [attribute, value] of [["min", 0], ["max", n - 1], ["value", t]]) {
      if (range[attribute] !== String(value)) {
        range[attribute] = value;
      }
    }
    const text = `${label} ${t + 1} of ${n}`;
    where.textContent = text;
    range.setAttribute("aria-valuetext", text);
  };
  const playing = (on) => {
    play.textContent = on ? "⏸ Pause" : "▶ Play";
    play.setAttribute("aria-pressed", String(on));
  };
  return { root, show, playing };
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
    () => (shell.timer ? stop(shell) : play(shell))) : null;
  const parts = {
    root, controls: controls.widgets, seedButton: examples && examples.seed, views, bar,
    limits: el("p", { class: "tcv-note" }),
    caption: el("p", { class: shell.steps ? "tcv-caption" : "tcv-caption tcv-summary", "aria-live": "polite" }),
    stage: el("div", { class: "tcv-stage" }),
    strip: shell.steps ? el("div", { class: "tcv-print", "aria-hidden": "true" }) : null,
  };
  const head = el("div", { class: "tcv-head" }, [controls.root, ...(examples ? [examples.root] : []), ...(views ? [views.root] : [])]);
  root.append(...[head, parts.limits, bar && bar.root, parts.caption, parts.stage, parts.strip].filter(Boolean));
  keepKeys(root);
  return parts;
}

/** Editing a cell and pointing at one (the live view; the print strip's views have neither). */
function hooksOf(shell) {
  return {
    onEdit: (which, i, j, value) => {
      const state = stateOf(shell.spec, settle(shell.spec, modelValues(shell.model, shell.spec)));
      const name = which === "kernel" ? "K" : "X";
      const grid = state[name].map((row) => row.slice());
      grid[i][j] = value;
      change(shell, { [name]: grid });
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
  const shapes = spec.example ? { X: shapeOf(state.X), K: shapeOf(state.K) } : {};
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
  if (parts.seedButton) {
    parts.seedButton.setAttribute("aria-pressed", String(values.example === "seed" && !state.custom.X));
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
    if (shell.steps) {
      schedulePrint(shell);
    }
  }
  return shell.data;
}

/** What data-state says the player or explorer shows (issue 10's test contract). */
function dataState(shell, state, t, point) {
  const { spec, data } = shell;
  if (!shell.steps) {
    return JSON.stringify({ params: state.params, ...data.fields });
  }
  const p = state.params;
  return JSON.stringify({
    params: { stride: p.stride ?? 1, padding: p.padding ?? 0, dilation: p.dilation ?? 1, output_padding: p.output_padding ?? 0 },
    input: state.X,
    kernel: state.K,
    output: data.steps[t].output,
    step: t,
    steps: data.steps.length,
    ...(spec.views ? { [spec.views.name]: p[spec.views.name] } : {}),
    point,
  });
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
  }
  const caption = shell.steps ? data.steps[t].caption : data.summary;
  if (parts.caption.textContent !== caption) {
    parts.caption.textContent = caption;
  }
  const drawn = JSON.stringify([shell.key, t, shell.pointer]);
  if (drawn !== shell.drawn) {
    shell.drawn = drawn;
    shell.point = shell.view.draw(data, t, shell.pointer) ?? null;
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
    save(model, fixes); // the model follows what is shown
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
    clearInterval(shell.timer);
    shell.timer = null;
  }
  shell.parts.bar.playing(false);
}

function play(shell) {
  const { model } = shell;
  if (model.get("step") >= shell.data.steps.length - 1) {
    save(model, { step: 0 });
  }
  shell.parts.bar.playing(true);
  shell.timer = setInterval(() => {
    const t = model.get("step");
    if (t >= shell.data.steps.length - 1) {
      stop(shell);
    } else {
      save(model, { step: t + 1 });
    }
  }, PLAY_MS);
}

/** The print strip: the first, middle and last step as small multiples. */
function buildPrint(shell) {
  shell.printTimer = null;
  const { data, key, parts } = shell;
  if (shell.printed === key || !data) {
    return;
  }
  shell.printed = key;
  const n = data.steps.length;
  const frames = [...new Set([0, Math.floor((n - 1) / 2), n - 1])];
  parts.strip.replaceChildren(...frames.map((t) => {
    const box = el("div", { class: "tcv-stage" });
    shell.buildView(box, {}).draw(data, t, null);
    return el("figure", { class: "tcv-frame" }, [
      el("figcaption", { text: `${shell.steps.label} ${t + 1} of ${n}: ${data.steps[t].caption}` }), box]);
  }));
}

function schedulePrint(shell) {
  if (!shell.printTimer) {
    shell.printTimer = setTimeout(() => {
      try {
        buildPrint(shell);
      } catch {
        shell.parts.strip.replaceChildren(); // a setting that cannot be drawn prints no frames
      }
    }, PRINT_DELAY_MS);
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
 * @returns {function} cleanup
 */
export function mount({ model, el: host, compute, buildView, steps = null, label = null }) {
  const spec = model.get("spec");
  const problem = checkSpec(spec);
  if (problem) {
    host.replaceChildren(el("p", { class: "tcv-note", text: `This player cannot be drawn: ${problem}.` }));
    return () => {};
  }
  const shell = { model, spec, compute, buildView, steps: spec.example ? steps || { label: "Step" } : null, label,
    data: null, key: null, drawn: null, point: null, pointer: null, timer: null, queued: false,
    printed: null, printTimer: null, failed: false };
  shell.parts = buildParts(shell);
  host.replaceChildren(shell.parts.root);
  shell.view = buildView(shell.parts.stage, shell.steps ? hooksOf(shell) : {});
  const onPrint = () => shell.steps && buildPrint(shell);
  window.addEventListener("beforeprint", onPrint);
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
    for (const name of names) {
      model.off(`change:${name}`, onChange);
    }
  };
}

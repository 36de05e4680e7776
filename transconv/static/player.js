// The shell every stepped player shares: controls made from the parameter spec, the example
// buttons, the step bar, the caption (the only live region), data-state, and a print strip.
//
// A player module calls mountPlayer({ model, el, player, compute, buildView, toggle }):
//   compute(state) -> { steps: [{ caption, output, ... }], ... }   (once per setting)
//   buildView(box, hooks) -> { draw(data, t, pointer) }            (hooks: onEdit, onPoint)
// The model is anywidget's (live) or the static stand-in (boot.js): get, set, on, save_changes.

import { el, slider, button, rangeKeys } from "./grid.js";
import { RULES, allowedRange, countingGrid, randomGrid, shapeOf } from "./engine.js";

const PLAY_MS = 900;
const PRINT_DELAY_MS = 250;

/** The input (or kernel) the example makes at size n: the seed's counting grid or random integers. */
export function exampleGrid(spec, which, example, seed, n) {
  const ex = spec.example;
  if (example === "random") {
    return randomGrid(n, n, 2 * seed + (which === "kernel" ? 1 : 0), ex.random_low, ex.random_high);
  }
  return countingGrid(n, n, which === "kernel" ? ex.kernel_start : ex.input_start);
}

/** Everything the model says about the player, with the example grids filled in. */
export function readState(model, spec, toggle) {
  const params = Object.fromEntries(spec.params.map((p) => [p.name, model.get(p.name)]));
  const example = model.get("example");
  const seed = model.get("seed");
  const X = model.get("X");
  const K = model.get("K");
  return {
    params,
    example,
    seed,
    X: X && X.length ? X : exampleGrid(spec, "input", example, seed, params.input_size),
    K: K && K.length ? K : exampleGrid(spec, "kernel", example, seed, params.kernel_size),
    toggle: toggle ? model.get(toggle.name) : null,
    step: model.get("step"),
  };
}

/** The setting the rules check: shapes of the arrays and the hyper-parameters. */
export function settingOf(state) {
  return {
    inputShape: shapeOf(state.X),
    kernelShape: shapeOf(state.K),
    stride: state.params.stride ?? 1,
    padding: state.params.padding ?? 0,
    dilation: state.params.dilation ?? 1,
    output_padding: state.params.output_padding ?? 0,
  };
}

/** The engine's parameters of a state. */
export function paramsOf(state) {
  const { stride, padding, dilation, output_padding: extra } = settingOf(state);
  return { stride, padding, dilation, output_padding: extra };
}

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
 */
export function keepKeys(root) {
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

function set(model, changes) {
  for (const [name, value] of Object.entries(changes)) {
    model.set(name, value);
  }
  model.save_changes();
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
    range.max = n - 1;
    range.value = t;
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

/**
 * Mount a stepped player into el.
 *
 * @param {object} options
 * @param {object} options.model anywidget model or the static stand-in
 * @param {HTMLElement} options.el where to draw
 * @param {function} options.compute state -> data with data.steps
 * @param {function} options.buildView (box, hooks) -> { draw(data, t, pointer) }
 * @param {object} [options.toggle] { name, label, options: [[value, text], ...] }: a second view
 * @param {function} [options.mapStep] (data before, data after, t) -> t after a toggle
 * @param {string} [options.stepLabel] "Step" or "Cell"
 * @returns {function} cleanup
 */
export function mountPlayer({ model, el: host, compute, buildView, toggle = null, mapStep = null, stepLabel = "Step" }) {
  const spec = model.get("spec");
  // a group, not a region landmark: two identical players may share a page (landmark names must differ)
  const root = el("div", { class: "tcv", "data-player": spec.player, role: "group", "aria-label": spec.title });
  let data = null;
  let key = null;
  let pointer = null;
  let timer = null;
  let queued = false;

  // --- controls from the spec -----------------------------------------------------------
  const sliders = {};
  const controls = el("div", { class: "tcv-controls", role: "group", "aria-label": "Settings" });
  for (const p of spec.params) {
    sliders[p.name] = slider({
      label: p.label,
      name: p.name,
      onInput: (v) => {
        const changes = { [p.name]: v };
        if (p.name === "input_size") {
          changes.X = [];
        } else if (p.name === "kernel_size") {
          changes.K = [];
        }
        set(model, changes);
      },
    });
    controls.append(sliders[p.name].root);
  }
  const seedButton = button("Seed example", () => set(model, { example: "seed", X: [], K: [] }), { "data-role": "seed" });
  const randomButton = button("Random integers", () => set(model, { example: "random", seed: (model.get("seed") + 1) % 1000, X: [], K: [] }), { "data-role": "random" });
  const examples = el("div", { class: "tcv-buttons", role: "group", "aria-label": "Input" }, [seedButton, randomButton]);
  const toggleButtons = toggle ? toggle.options.map(([value, text]) => button(text, () => {
    if (model.get(toggle.name) === value) {
      return;
    }
    const before = data;
    model.set(toggle.name, value);
    const after = ensure(readState(model, spec, toggle));
    const t = mapStep ? mapStep(before, after, model.get("step")) : 0;
    set(model, { step: t });
  }, { "data-value": value, "aria-pressed": "false" })) : [];
  const toggleGroup = toggle ? el("div", { class: "tcv-buttons", role: "group", "aria-label": toggle.label }, toggleButtons) : null;
  const limits = el("p", { class: "tcv-note" });
  const bar = stepBar(stepLabel, (t, absolute) => {
    stop();
    const now = model.get("step");
    set(model, { step: absolute ? t : Math.min(Math.max(now + t, 0), data.steps.length - 1) });
  }, () => (timer ? stop() : play()));
  const caption = el("p", { class: "tcv-caption", "aria-live": "polite" });
  const stage = el("div", { class: "tcv-stage" });
  const strip = el("div", { class: "tcv-print", "aria-hidden": "true" });
  keepKeys(root);
  root.append(el("div", { class: "tcv-head" }, [controls, examples, ...(toggleGroup ? [toggleGroup] : [])]), limits, bar.root, caption, stage, strip);
  host.replaceChildren(root);

  // --- drawing -----------------------------------------------------------------------------
  const hooks = {
    onEdit: (which, i, j, value) => {
      const state = readState(model, spec, toggle);
      const grid = (which === "kernel" ? state.K : state.X).map((row) => row.slice());
      grid[i][j] = value;
      set(model, { [which === "kernel" ? "K" : "X"]: grid });
    },
    onPoint: (where) => {
      pointer = where || null;
      draw();
    },
  };
  const view = buildView(stage, hooks);

  function ensure(state) {
    const next = JSON.stringify([state.params, state.X, state.K, state.toggle]);
    if (next !== key) {
      key = next;
      data = compute(state);
      data.state = state;
      schedulePrint();
    }
    return data;
  }

  function stateJSON(state, t) {
    const setting = settingOf(state);
    return JSON.stringify({
      params: { stride: setting.stride, padding: setting.padding, dilation: setting.dilation, output_padding: setting.output_padding },
      input: state.X,
      kernel: state.K,
      output: data.steps[t].output,
      step: t,
      steps: data.steps.length,
      ...(toggle ? { [toggle.name]: state.toggle } : {}),
    });
  }

  function draw() {
    const state = readState(model, spec, toggle);
    ensure(state);
    const n = data.steps.length;
    const t = Math.min(Math.max(state.step, 0), n - 1);
    const setting = settingOf(state);
    for (const p of spec.params) {
      const [lo, hi] = allowedRange(spec, setting, p.name);
      const limited = p.rule && (lo > p.min || hi < p.max);
      sliders[p.name].set(lo, hi, state.params[p.name], limited ? RULES[p.rule].text : "");
    }
    limits.textContent = `Limits: ${spec.rules.map((r) => RULES[r].text).join("; ")}.`;
    seedButton.setAttribute("aria-pressed", String(state.example === "seed" && !model.get("X").length));
    for (const b of toggleButtons) {
      b.setAttribute("aria-pressed", String(b.dataset.value === state.toggle));
    }
    bar.show(t, n);
    if (caption.textContent !== data.steps[t].caption) {
      caption.textContent = data.steps[t].caption;
    }
    view.draw(data, t, pointer);
    root.setAttribute("data-state", stateJSON(state, t));
    if (t !== state.step) {
      set(model, { step: t });
    }
  }

  function refresh() {
    if (!queued) {
      queued = true;
      queueMicrotask(() => {
        queued = false;
        draw();
      });
    }
  }

  // --- playing -------------------------------------------------------------------------------
  function stop() {
    if (timer) {
      clearInterval(timer);
      timer = null;
    }
    bar.playing(false);
  }
  function play() {
    if (model.get("step") >= data.steps.length - 1) {
      set(model, { step: 0 });
    }
    bar.playing(true);
    timer = setInterval(() => {
      const t = model.get("step");
      if (t >= data.steps.length - 1) {
        stop();
      } else {
        set(model, { step: t + 1 });
      }
    }, PLAY_MS);
  }

  // --- print: key frames as small multiples ---------------------------------------------------
  let printTimer = null;
  let printedKey = null;
  function buildPrint() {
    printTimer = null;
    if (printedKey === key || !data) {
      return;
    }
    printedKey = key;
    const n = data.steps.length;
    const frames = [...new Set([0, Math.floor((n - 1) / 2), n - 1])];
    strip.replaceChildren(...frames.map((t) => {
      const box = el("div", { class: "tcv-stage" });
      buildView(box, {}).draw(data, t, null);
      return el("figure", { class: "tcv-frame" }, [
        el("figcaption", { text: `${stepLabel} ${t + 1} of ${n}: ${data.steps[t].caption}` }), box]);
    }));
  }
  function schedulePrint() {
    if (printTimer === null) {
      printTimer = setTimeout(buildPrint, PRINT_DELAY_MS);
    }
  }
  const beforePrint = () => buildPrint();
  window.addEventListener("beforeprint", beforePrint);

  const names = ["step", "X", "K", "example", "seed", ...spec.params.map((p) => p.name), ...(toggle ? [toggle.name] : [])];
  for (const name of names) {
    model.on(`change:${name}`, refresh);
  }
  draw();
  return () => {
    stop();
    window.removeEventListener("beforeprint", beforePrint);
    for (const name of names) {
      model.off(`change:${name}`, refresh);
    }
  };
}

// The shell the two explorers (overlap.js, size.js) share: controls made from the
// parameter spec, a one-line summary (the only live region), the view, and data-state.
//
// An explorer module calls mountExplorer({ model, el, limits, compute, buildView }):
//   limits(params, spec) -> { name: { min, max, hint, hidden } }  what each control offers now
//   compute(params, spec) -> { summary, state: {output, ...} }      once per setting
//   buildView(stage) -> { draw(data, params, spec) }
// The model is anywidget's (live) or the static stand-in: get, set, on, save_changes.
// Explorers have no steps: every control change redraws the one view.

import { button, el, slider } from "./grid.js";
import { keepKeys } from "./player.js";

function save(model, changes) {
  for (const [name, value] of Object.entries(changes)) {
    model.set(name, value);
  }
  model.save_changes();
}

/**
 * A choice parameter ({ name, label, options: [[value, text], ...] }) as a group of toggle
 * buttons (aria-pressed), like the players' view switches: Space and Enter press them in
 * a notebook too, where arrow keys on a select would be taken by the notebook's shortcuts.
 */
function choice(p, onChange) {
  const buttons = p.options.map(([value, text]) => button(text, () => onChange(value),
    { "data-value": value, "aria-pressed": "false" }));
  const root = el("div", { class: "tcv-buttons tcv-choice", role: "group", "aria-label": p.label, "data-param": p.name }, [
    el("span", { class: "tcv-label", text: p.label }), ...buttons]);
  return {
    root,
    set: (value) => {
      for (const b of buttons) {
        const pressed = String(b.dataset.value === value);
        if (b.getAttribute("aria-pressed") !== pressed) {
          b.setAttribute("aria-pressed", pressed);
        }
      }
    },
  };
}

/**
 * The values of every parameter, each clamped into what limits() allows now. The
 * limits of a parameter may depend on those before it in the spec, so they are
 * computed in the spec's order, each from the values already clamped.
 *
 * @param {object} spec
 * @param {object} raw the model's values
 * @param {function} limits
 * @returns {{params: object, allowed: object}}
 */
export function clampParams(spec, raw, limits) {
  const params = { ...raw };
  for (const p of spec.params) {
    const range = limits(params, spec)[p.name];
    if (range && !p.options) {
      params[p.name] = Math.min(Math.max(params[p.name], range.min), range.max);
    }
  }
  return { params, allowed: limits(params, spec) };
}

/**
 * Mount an explorer into el.
 *
 * @param {object} options
 * @param {object} options.model anywidget model or the static stand-in
 * @param {HTMLElement} options.el where to draw
 * @param {function} options.limits (params, spec) -> { name: { min, max, hint, hidden } }
 * @param {function} options.compute (params, spec) -> { summary, state }
 * @param {function} options.buildView (stage) -> { draw(data, params, spec) }
 * @param {function} [options.label] (params, spec) -> the root's accessible name (default: the
 *   spec's title); two explorers on one page need different names (distinct landmarks)
 * @returns {function} cleanup
 */
export function mountExplorer({ model, el: host, limits, compute, buildView, label = null }) {
  const spec = model.get("spec");
  const root = el("div", { class: "tcv tcv-explorer", "data-player": spec.player, role: "region", "aria-label": spec.title });
  const controls = el("div", { class: "tcv-controls", role: "group", "aria-label": "Settings" });
  const widgets = {};
  // One control's new value, with every other value that it pushes out of its range
  // clamped, sent in one message: the live widget's Python side checks the whole setting.
  const change = (name, value) => {
    const raw = { ...current(), [name]: value };
    const { params } = clampParams(spec, raw, limits);
    save(model, Object.fromEntries(Object.keys(params)
      .filter((key) => key === name || params[key] !== model.get(key)).map((key) => [key, params[key]])));
  };
  for (const p of spec.params) {
    widgets[p.name] = p.options
      ? choice(p, (value) => change(p.name, value))
      : slider({ label: p.label, name: p.name, onInput: (v) => change(p.name, v) });
    controls.append(widgets[p.name].root);
  }
  const note = el("p", { class: "tcv-note" });
  const summary = el("p", { class: "tcv-caption tcv-summary", "aria-live": "polite" });
  const stage = el("div", { class: "tcv-stage" });
  keepKeys(root); // a notebook's shortcuts do not take the keys of the explorer's controls
  root.append(el("div", { class: "tcv-head" }, [controls]), note, summary, stage);
  host.replaceChildren(root);
  const view = buildView(stage);
  let key = null;
  let data = null;
  let queued = false;

  function current() {
    return Object.fromEntries(spec.params.map((p) => [p.name, model.get(p.name)]));
  }

  function draw() {
    const raw = current();
    const { params, allowed } = clampParams(spec, raw, limits);
    const hints = [];
    for (const p of spec.params) {
      const range = allowed[p.name] || {};
      if (p.options) {
        widgets[p.name].set(params[p.name]);
      } else {
        widgets[p.name].set(range.min ?? p.min, range.max ?? p.max, params[p.name], range.hint || "");
      }
      widgets[p.name].root.hidden = Boolean(range.hidden);
      if (range.hint && !range.hidden && !hints.includes(range.hint)) {
        hints.push(range.hint);
      }
    }
    note.textContent = hints.length ? `Limits: ${hints.join("; ")}.` : "";
    const next = JSON.stringify(params);
    if (next !== key) {
      key = next;
      data = compute(params, spec);
      view.draw(data, params, spec);
      if (summary.textContent !== data.summary) {
        summary.textContent = data.summary;
      }
      root.setAttribute("data-state", JSON.stringify({ params, ...data.state }));
      if (label) {
        root.setAttribute("aria-label", label(params, spec));
      }
    }
    const changed = Object.keys(params).filter((name) => params[name] !== raw[name]);
    if (changed.length) {
      // a value the others no longer allow: the model follows the clamped control
      save(model, Object.fromEntries(changed.map((name) => [name, params[name]])));
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

  const names = spec.params.map((p) => p.name);
  for (const name of names) {
    model.on(`change:${name}`, refresh);
  }
  draw();
  return () => {
    for (const name of names) {
      model.off(`change:${name}`, refresh);
    }
  };
}

// The convolution stepper: the window slides over the padded input, one output cell per step.
// anywidget module (live) and the static book's player (through boot.js).

import { stepperSteps } from "./engine.js";
import { createGrid, el } from "./grid.js";
import { mountPlayer, paramsOf } from "./player.js";

/** The step sequence and, for pointing, which output cells each padded-input cell feeds. */
function computeStepper(state) {
  const params = paramsOf(state);
  const steps = stepperSteps(state.X, state.K, params);
  const p = params.padding;
  const rows = state.X.length + 2 * p;
  const cols = state.X[0].length + 2 * p;
  const padded = Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => {
    const i = r - p;
    const j = c - p;
    return i >= 0 && i < state.X.length && j >= 0 && j < state.X[0].length ? state.X[i][j] : 0;
  }));
  const feeds = new Map();
  steps.forEach((step, t) => step.taps.forEach((tap) => {
    const k = tap.at.join(",");
    feeds.set(k, [...(feeds.get(k) || []), t]);
  }));
  return { steps, padded, padding: p, feeds, outShape: [steps.at(-1).output.length, steps.at(-1).output[0].length] };
}

/** Grids: padded input (its real cells editable), kernel, output. */
function buildStepperView(box, hooks) {
  const point = (grid) => (hooks.onPoint ? (i, j) => hooks.onPoint(i === undefined ? null : { grid, i, j }) : undefined);
  let padding = 0;
  const input = createGrid({
    title: "Input X (padded)", name: "X", editable: Boolean(hooks.onEdit), onPoint: point("input"),
    onEdit: hooks.onEdit && ((r, c, v) => hooks.onEdit("input", r - padding, c - padding, v)),
  });
  const kernel = createGrid({ title: "Kernel K", name: "K", editable: Boolean(hooks.onEdit), onPoint: point("kernel"), onEdit: hooks.onEdit && ((a, b, v) => hooks.onEdit("kernel", a, b, v)) });
  const output = createGrid({ title: "Output Y", name: "Y", onPoint: point("output"), scroll: true });
  box.append(input.root, el("span", { class: "tcv-op", text: "⋆" }), kernel.root, el("span", { class: "tcv-op", text: "=" }), output.root);

  const draw = (data, t, pointer) => {
    padding = data.padding;
    input.setTitle(padding ? `Input X (padding ${padding})` : "Input X");
    const step = data.steps[t];
    const cols = data.outShape[1];
    const window = new Set(step.taps.map((tap) => tap.at.join(",")));
    const lit = new Set();
    const litTaps = new Set();
    const litOut = new Set();
    if (pointer && pointer.grid === "output") {
      const pointed = data.steps[pointer.i * cols + pointer.j];
      for (const tap of pointed.taps) {
        if (tap.cell) {
          lit.add(tap.at.join(","));
          litTaps.add(tap.tap.join(","));
        }
      }
      litOut.add(`${pointer.i},${pointer.j}`);
    } else if (pointer && pointer.grid === "input") {
      for (const s of data.feeds.get(`${pointer.i},${pointer.j}`) || []) {
        litOut.add(data.steps[s].cell.join(","));
      }
      lit.add(`${pointer.i},${pointer.j}`);
    }
    const p = data.padding;
    const rows = data.padded.length;
    const wide = data.padded[0].length;
    input.update(data.padded, (r, c) => [
      r < p || c < p || r >= rows - p || c >= wide - p ? "pad" : "in",
      window.has(`${r},${c}`) ? "win" : "",
      lit.has(`${r},${c}`) ? "hl" : "",
    ].join(" "));
    kernel.update(data.state.K, (a, b) => `ker win ${litTaps.has(`${a},${b}`) ? "hl" : ""}`);
    output.update(step.output, (i, j) => [
      step.output[i][j] === null ? "empty" : "out",
      i === step.cell[0] && j === step.cell[1] ? "cur" : "",
      litOut.has(`${i},${j}`) ? "hl" : "",
    ].join(" "));
  };
  return { draw };
}

export default {
  render({ model, el: host }) {
    return mountPlayer({ model, el: host, compute: computeStepper, buildView: buildStepperView });
  },
};

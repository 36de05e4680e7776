// The convolution stepper: the window slides over the padded input, one output cell per step.
// anywidget module (live) and the static book's player (through boot.js).

import { lit, makeGrid, pointOf, shapeOf, stepperSteps, windowOf } from "./engine.js";
import { createGrid, el } from "./grid.js";
import { mount } from "./shell.js";

/** The step sequence on the convolution's table, and the padded input the view shows. */
function computeStepper(state) {
  const p = state.params.padding;
  const [h, w] = shapeOf(state.X);
  const padded = makeGrid(h + 2 * p, w + 2 * p, (r, c) => {
    const inside = r >= p && r < h + p && c >= p && c < w + p;
    return inside ? state.X[r - p][c - p] : 0;
  });
  return { ...stepperSteps(state.X, state.K, state.params), padded, padding: p };
}

/** The table's pointer for a pointed grid cell (a padding cell points at nothing). */
function tablePointer(data, pointer) {
  const [h, w] = shapeOf(data.state.X);
  if (pointer && pointer.grid === "output") {
    return { grid: "output", index: pointer.i * data.table.shape[1] + pointer.j };
  }
  const [i, j] = pointer ? [pointer.i - data.padding, pointer.j - data.padding] : [-1, -1];
  return pointer && pointer.grid === "input" && i >= 0 && i < h && j >= 0 && j < w
    ? { grid: "input", index: i * w + j } : null;
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
    const [w, kw, cols] = [data.state.X[0].length, data.state.K[0].length, data.table.shape[1]];
    const window = new Set(windowOf(shapeOf(data.state.K), data.state.params, step.cell).map((at) => at.join(",")));
    const pointed = tablePointer(data, pointer);
    const shown = lit(data.table, pointed);
    const rows = data.padded.length;
    const wide = data.padded[0].length;
    const real = (r, c) => r >= padding && c >= padding && r < rows - padding && c < wide - padding;
    input.update(data.padded, (r, c) => [
      real(r, c) ? "in" : "pad",
      window.has(`${r},${c}`) ? "win" : "",
      real(r, c) && shown.input.has((r - padding) * w + c - padding) ? "hl" : "",
    ].join(" "));
    kernel.update(data.state.K, (a, b) => `ker win ${shown.kernel.has(a * kw + b) ? "hl" : ""}`);
    output.update(step.output, (i, j) => [
      step.output[i][j] === null ? "empty" : "out",
      i === step.cell[0] && j === step.cell[1] ? "cur" : "",
      shown.output.has(i * cols + j) ? "hl" : "",
    ].join(" "));
    return pointed && pointed.grid === "output"
      ? { cell: `Y[${pointer.i}, ${pointer.j}]`, ...pointOf(data.table, data.state.X, data.state.K, pointed.index) } : null;
  };
  return { draw };
}

export default {
  render({ model, el: host }) {
    return mount({ model, el: host, compute: computeStepper, buildView: buildStepperView, steps: { label: "Step" } });
  },
};

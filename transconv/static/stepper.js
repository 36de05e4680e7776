// The convolution stepper: the window slides over the padded input, one output cell per step.
// anywidget module (live) and the static book's player (through boot.js).

import { badgesOf, cellOf, convTable, elementName, evaluate, fmt, landsAbout, landsPointOf, lit, makeGrid, maskAfter, pointOf, range, settings, shapeOf, span, sumAbout, termsOf, windowOf } from "./engine.js";
import { createGrid, el } from "./grid.js";
import { overlay, pairBadges } from "./overlay.js";
import { mount } from "./shell.js";

// ---------------------------------------------------------------------------
// The step sequence (pure): one output cell per step
// ---------------------------------------------------------------------------

/** "x·k + x·k + ..." over every tap of K in its order; a tap on the padding reads 0·k. */
function windowSum(table, X, K, t) {
  const byKernel = new Map();
  for (const { input, kernel } of termsOf(table, t)) {
    byKernel.set(kernel[0] * table.kernelShape[1] + kernel[1], X[input[0]][input[1]]);
  }
  return K.flat().map((k, q) => `${fmt(byKernel.get(q) ?? 0)}·${fmt(k)}`).join(" + ");
}

/**
 * The convolution stepper: one output cell per step, row-major.
 *
 * @returns {{table: Table, output: number[][], steps: object[]}} step t: {cell, output (cells
 *   after t are null), caption}; a step's output and caption are made when read
 */
export function stepperSteps(X, K, params) {
  const table = convTable(shapeOf(X), shapeOf(K), params);
  const out = evaluate(table, X, K);
  const { stride, dilation } = settings(params);
  const steps = range(0, table.shape[0] * table.shape[1]).map((t) => {
    const [i, j] = cellOf(t, table.shape[1]);
    const at = stride > 1 ? `window's top-left corner at (${i}·${stride}, ${j}·${stride}) = (${i * stride}, ${j * stride}) of the padded input` : "";
    const spread = dilation > 1 ? `taps ${dilation} cells apart` : "";
    const note = [at, spread].filter(Boolean).join("; ");
    return {
      cell: [i, j],
      get output() { return maskAfter(out, t + 1); },
      get caption() { return `Y[${i}, ${j}] = ${windowSum(table, X, K, t)} = ${fmt(out[i][j])}${note ? ` (${note})` : ""}`; },
    };
  });
  return { table, output: out, steps };
}

/** The step sequence on the convolution's table, and the padded input the view shows. */
export function computeStepper(state) {
  const p = state.params.padding;
  const [h, w] = shapeOf(state.X);
  const padded = makeGrid(h + 2 * p, w + 2 * p, (r, c) => {
    const inside = r >= p && r < h + p && c >= p && c < w + p;
    return inside ? state.X[r - p][c - p] : 0;
  });
  return { ...stepperSteps(state.X, state.K, state.params), padded, padding: p };
}

/** The table's pointer for a pointed grid cell (a padding cell points at nothing). */
function stepperPointer(data, pointer) {
  const [h, w] = shapeOf(data.state.X);
  if (pointer && pointer.grid === "output") {
    return { grid: "output", index: pointer.i * data.table.shape[1] + pointer.j };
  }
  const [i, j] = pointer ? [pointer.i - data.padding, pointer.j - data.padding] : [-1, -1];
  return pointer && pointer.grid === "input" && i >= 0 && i < h && j >= 0 && j < w
    ? { grid: "input", index: i * w + j } : null;
}

/**
 * What pointing at a cell of the stepper says: an output cell as its products, an input cell
 * (of X, not the padding) with the windows that read it.
 *
 * @param {object} data computeStepper's
 * @param {{grid: string, i: number, j: number}|null} pointer
 * @returns {{point: object, about: object}|null} data-state's point and the words
 */
export function stepperPoint(data, pointer) {
  const target = stepperPointer(data, pointer);
  const { X, K } = data.state;
  if (target && target.grid === "output") {
    const cell = elementName("Y", [pointer.i, pointer.j]);
    const point = { cell, ...pointOf(data.table, X, K, target.index) };
    return { point, about: sumAbout(cell, point, { input: "X", kernel: "K" }) };
  }
  if (target) {
    const cell = elementName("X", [pointer.i - data.padding, pointer.j - data.padding]);
    const point = { cell, ...landsPointOf(data.table, X, K, target.index) };
    return { point, about: landsAbout(cell, point, { output: (o) => elementName("Y", o), kernel: "K" }, "window") };
  }
  return null;
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
  const output = createGrid({ title: "Output Y", name: "Y", onPoint: point("output") });
  box.append(input.root, el("span", { class: "tcv-op", text: "⋆" }), kernel.root, el("span", { class: "tcv-op", text: "=" }), output.root);
  const layers = hooks.onPoint ? { input: overlay(input), kernel: overlay(kernel), output: overlay(output) } : null;

  const draw = (data, t, pointer) => {
    padding = data.padding;
    input.setTitle(padding ? `Input X (padding ${padding})` : "Input X");
    const step = data.steps[t];
    const [w, kw, cols] = [data.state.X[0].length, data.state.K[0].length, data.table.shape[1]];
    const { stride, dilation } = data.state.params;
    const windowCells = new Set(windowOf(shapeOf(data.state.K), data.state.params, step.cell).map((at) => at.join(",")));
    const shown = lit(data.table, stepperPointer(data, pointer));
    const rows = data.padded.length;
    const wide = data.padded[0].length;
    const real = (r, c) => r >= padding && c >= padding && r < rows - padding && c < wide - padding;
    input.update(data.padded, (r, c) => [
      real(r, c) ? "in" : "pad",
      windowCells.has(`${r},${c}`) ? "win" : "",
      real(r, c) && shown.input.has((r - padding) * w + c - padding) ? "hl" : "",
    ].join(" "));
    kernel.update(data.state.K, (a, b) => `ker win ${shown.kernel.has(a * kw + b) ? "hl" : ""}`);
    output.update(step.output, (i, j) => [
      step.output[i][j] === null ? "empty" : "out",
      i === step.cell[0] && j === step.cell[1] ? "cur" : "",
      shown.output.has(i * cols + j) ? "hl" : "",
    ].join(" "));
    const said = stepperPoint(data, pointer);
    if (layers) {
      const [kh, kw2] = shapeOf(data.state.K);
      const [top, left] = [step.cell[0] * stride, step.cell[1] * stride];
      layers.input.frame("window", [top, left, top + span(kh, dilation) - 1, left + span(kw2, dilation) - 1]);
      layers.output.frame("cell", [...step.cell, ...step.cell]);
      const numbers = badgesOf(said && said.point, w, kw, cols);
      layers.input.badges(pairBadges(numbers.input, w, (i, j) => [i + padding, j + padding]));
      layers.kernel.badges(pairBadges(numbers.kernel, kw));
      layers.output.badges(pairBadges(numbers.output, cols));
    }
    return said;
  };
  return { draw };
}

export default {
  render({ model, el: host }) {
    return mount({ model, el: host, compute: computeStepper, buildView: buildStepperView, steps: { label: "Step" } });
  },
};

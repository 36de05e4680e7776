// The scatter-add player: a transposed convolution as a sum of scaled kernel copies, one input
// element per step, then output_padding and the crop; and its second view, the equivalent
// direct convolution, one output cell per step, ending on the same output.

import { directSteps, lit, pointOf, scatterSteps, shapeOf } from "./engine.js";
import { createGrid, el } from "./grid.js";
import { mount } from "./shell.js";

function computeScatter(state) {
  const params = state.params;
  if (params.view === "direct") {
    return { view: "direct", ...directSteps(state.X, state.K, params) };
  }
  return { view: "scatter", ...scatterSteps(state.X, state.K, params) };
}

/** The step of the other view at the same point: first to first, last to last. */
function mapScatterStep(before, after, t) {
  const from = before ? before.steps.length - 1 : 0;
  const to = after.steps.length - 1;
  return from > 0 ? Math.round((t / from) * to) : 0;
}

/** [i, j] of row-major index t in a grid of `cols` columns, as "i,j". */
const key = (t, cols) => `${Math.floor(t / cols)},${t % cols}`;

/** Cells of a grid, as "i,j" keys, from row-major indices. */
const keys = (indices, cols) => new Set([...indices].map((t) => key(t, cols)));

/** The table's pointer for a pointed cell of the scatter view (the canvas's table: no crop). */
function scatterPointer(data, pointer, top, left) {
  const cols = data.table.shape[1];
  if (pointer && (pointer.grid === "output" || pointer.grid === "canvas")) {
    const [r, c] = pointer.grid === "output" ? [pointer.i + top, pointer.j + left] : [pointer.i, pointer.j];
    return { grid: "output", index: r * cols + c };
  }
  return pointer && pointer.grid === "input" ? { grid: "input", index: pointer.i * data.state.X[0].length + pointer.j } : null;
}

/** The table's pointer for a pointed cell of the direct view. */
function directPointer(data, pointer) {
  if (pointer && pointer.grid === "output") {
    return { grid: "output", index: pointer.i * data.table.shape[1] + pointer.j };
  }
  const source = pointer && (pointer.grid === "input" ? [pointer.i, pointer.j]
    : pointer.grid === "direct" && data.sources[pointer.i][pointer.j]);
  return source ? { grid: "input", index: source[0] * data.state.X[0].length + source[1] } : null;
}

/** data-state's point: the pointed output cell as its terms. */
function pointed(data, tablePointer, name, visited = Infinity) {
  return tablePointer && tablePointer.grid === "output"
    ? { cell: name, ...pointOf(data.table, data.state.X, data.state.K, tablePointer.index, visited) } : null;
}

/** Draw a step of the scatter-add view; returns the pointed sum (data-state's point) or null. */
function drawScatter(grids, data, t, pointer) {
  const { input, kernel, canvas, output } = grids;
  const step = data.steps[t];
  const X = data.state.X;
  const [w, kw, cols] = [X[0].length, data.state.K[0].length, data.table.shape[1]];
  const visited = step.kind === "add" ? t + 1 : X.length * w;
  const [top, left, keptRows, keptCols] = step.kept;
  const added = new Set(step.added.map((cell) => cell.join(",")));
  const target = scatterPointer(data, pointer, top, left);
  const shown = lit(data.table, target, visited);
  const litOut = keys(shown.output, cols);
  input.update(X, (i, j) => {
    const k = i * w + j;
    return ["in", step.kind === "add" && step.source[0] === i && step.source[1] === j ? "cur" : "",
      k < visited ? "" : "later", shown.input.has(k) ? "hl" : ""].join(" ");
  });
  kernel.update(data.state.K, (a, b) => `ker ${step.kind === "add" ? "win" : ""} ${shown.kernel.has(a * kw + b) ? "hl" : ""}`);
  const [full, wide] = shapeOf(step.canvas);
  const extra = data.state.params.output_padding;
  const extended = (r, c) => r >= full - extra || c >= wide - extra;
  const outClass = (r, c) => [
    "out", added.has(`${r},${c}`) ? "win" : "",
    step.kind !== "add" && extra && extended(r, c) ? "ext" : "",
    litOut.has(`${r},${c}`) ? "hl" : "",
  ].join(" ");
  canvas.root.hidden = step.kind !== "crop";
  if (step.kind === "crop") {
    const outside = (r, c) => r < top || c < left || r >= top + keptRows || c >= left + keptCols;
    canvas.update(step.canvas, (r, c) => `${outClass(r, c)} ${outside(r, c) ? "dim" : ""}`);
  }
  output.setTitle(step.kind === "add" && t < data.steps.length - 1 ? "Output Y (running sum)" : "Output Y");
  output.update(step.output, (i, j) => outClass(i + top, j + left));
  const name = pointer && pointer.grid === "canvas" ? `canvas[${pointer.i}, ${pointer.j}]` : pointer && `Y[${pointer.i}, ${pointer.j}]`;
  return pointed(data, target, name, visited);
}

/** Draw a step of the direct-convolution view; returns the pointed sum (data-state's point) or null. */
function drawDirect(grids, data, t, pointer) {
  const { input, kernel, canvas, direct, rotated, output } = grids;
  const step = data.steps[t];
  const [w, kw, cols] = [data.state.X[0].length, data.state.K[0].length, data.table.shape[1]];
  const window = new Set(step.window.map((at) => at.join(",")));
  const target = directPointer(data, pointer);
  const shown = lit(data.table, target);
  const litGrid = new Set([...shown.input].map((a) => data.at([Math.floor(a / w), a % w]).join(",")));
  const litTaps = new Set([...shown.kernel].map((k) => data.tap([Math.floor(k / kw), k % kw]).join(",")));
  input.update(data.state.X, (i, j) => `in ${shown.input.has(i * w + j) ? "hl" : ""}`);
  kernel.update(data.state.K, () => "ker");
  canvas.root.hidden = true;
  direct.update(data.grid, (r, c) => {
    const kind = data.kinds[r][c];
    return [kind === "input" ? "in" : kind, window.has(`${r},${c}`) ? "win" : "", litGrid.has(`${r},${c}`) ? "hl" : ""].join(" ");
  });
  rotated.update(data.kernel, (a, b) => `ker win ${litTaps.has(`${a},${b}`) ? "hl" : ""}`);
  output.setTitle("Output Y");
  output.update(step.output, (i, j) => [
    step.output[i][j] === null ? "empty" : "out",
    i === step.cell[0] && j === step.cell[1] ? "cur" : "", shown.output.has(i * cols + j) ? "hl" : "",
  ].join(" "));
  return pointed(data, target, pointer && `Y[${pointer.i}, ${pointer.j}]`);
}

/** The grids of both views: input and kernel; the canvas, the direct view's two grids, the output. */
function buildScatterView(box, hooks) {
  const point = (grid) => (hooks.onPoint ? (i, j) => hooks.onPoint(i === undefined ? null : { grid, i, j }) : undefined);
  const editable = Boolean(hooks.onEdit);
  const grids = {
    input: createGrid({ title: "Input X", name: "X", editable, onPoint: point("input"), onEdit: editable && ((i, j, v) => hooks.onEdit("input", i, j, v)) }),
    kernel: createGrid({ title: "Kernel K", name: "K", editable, onPoint: point("kernel"), onEdit: editable && ((i, j, v) => hooks.onEdit("kernel", i, j, v)) }),
    canvas: createGrid({ title: "Before the crop", name: "canvas", onPoint: point("canvas"), scroll: true }),
    direct: createGrid({ title: "Input with zeros and padding", name: "Z", onPoint: point("direct"), scroll: true }),
    rotated: createGrid({ title: "Kernel rotated by 180°", name: "K180", onPoint: point("rotated") }),
    output: createGrid({ title: "Output Y", name: "Y", onPoint: point("output"), scroll: true }),
  };
  box.append(el("div", { class: "tcv-row" }, [grids.input.root, grids.kernel.root]),
    el("div", { class: "tcv-row" }, [grids.canvas.root, grids.direct.root, grids.rotated.root, grids.output.root]));
  const draw = (data, t, pointer) => {
    const isDirect = data.view === "direct";
    grids.direct.root.hidden = !isDirect;
    grids.rotated.root.hidden = !isDirect;
    return (isDirect ? drawDirect : drawScatter)(grids, data, t, pointer);
  };
  return { draw };
}

export default {
  render({ model, el: host }) {
    return mount({
      model, el: host, compute: computeScatter, buildView: buildScatterView,
      steps: { label: "Step", map: mapScatterStep },
    });
  },
};

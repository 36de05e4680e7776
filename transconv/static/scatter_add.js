// The scatter-add player: a transposed convolution as a sum of scaled kernel copies, one input
// element per step, then output_padding and the crop; and its second view, the equivalent
// direct convolution, one output cell per step, ending on the same output. Its phases toggle
// colours each output cell by its phase and shows the sub-kernels that feed each phase.

import { badgesOf, cellOf, cropGrid, elementName, evaluate, feedsOf, fmt, landsAbout, landsPointOf, lit, makeGrid, maskAfter, plural, pointOf, range, settings, shapeOf, span, sumAbout, transposeTable, transposeTerms, windowOf } from "./engine.js";
import { createGrid, el } from "./grid.js";
import { overlay, pairBadges } from "./overlay.js";
import { phaseIndex, phasePanel, subKernels } from "./phases.js";
import { mount } from "./shell.js";

// ---------------------------------------------------------------------------
// The step sequences (pure): the scatter-add and the direct convolution
// ---------------------------------------------------------------------------

/**
 * The transposed convolution as a scatter-add on the uncropped output (the canvas): one step
 * per input element (row-major), its copy X[i, j] K placed at (i s, j s); then, only if
 * output_padding > 0, a step that adds its rows and columns at the bottom and right; then,
 * only if padding > 0, the crop. `table` is the canvas's (no crop).
 *
 * @returns {{table: Table, steps: object[]}} step: {kind: "add" | "extend" | "crop", source,
 *   canvas (an add step's made when read), added (canvas cells of this copy), kept: [top, left,
 *   rows, cols] of the output inside canvas, output, caption}
 */
export function scatterSteps(X, K, params) {
  const { stride, padding, dilation, output_padding: extra } = settings(params);
  const table = transposeTable(shapeOf(X), shapeOf(K), { stride, dilation, output_padding: extra });
  const [rows, cols] = table.shape;
  const [full, wide] = [rows - extra, cols - extra];
  const apart = dilation > 1 ? ` (its taps ${dilation} cells apart: dilation ${dilation})` : "";
  const feeds = feedsOf(table);
  const steps = X.flat().map((x, t) => {
    const [i, j] = cellOf(t, shapeOf(X)[1]);
    const [top, left] = [i * stride, j * stride];
    const at = stride > 1 ? `(${i}·${stride}, ${j}·${stride}) = (${top}, ${left})` : `(${top}, ${left})`;
    // the running sum, made when read
    let canvas = null;
    return {
      kind: "add", source: [i, j], added: feeds[t].map((c) => cellOf(c, cols)), kept: [0, 0, full, wide],
      get canvas() {
        canvas = canvas || cropGrid(evaluate(table, X, K, t + 1), 0, 0, full, wide);
        return canvas;
      },
      get output() { return this.canvas; },
      caption: `X[${i}, ${j}] = ${fmt(x)}: add ${fmt(x)} × K${apart} with its top-left corner at ${at}`,
    };
  });
  const canvas = evaluate(table, X, K);
  if (extra > 0) {
    steps.push({
      kind: "extend", source: null, added: [], canvas, kept: [0, 0, rows, cols], output: canvas,
      caption: `output_padding ${extra} adds ${plural(extra, "row")} of zeros at the bottom and ${plural(extra, "column")} at the right`,
    });
  }
  if (padding > 0) {
    const kept = [padding, padding, rows - 2 * padding, cols - 2 * padding];
    steps.push({
      kind: "crop", source: null, added: [], canvas, kept, output: cropGrid(canvas, ...kept),
      caption: `padding ${padding} removes ${plural(padding, "row")} at the top and bottom and ${plural(padding, "column")} at the left and right`,
    });
  }
  return { table, steps };
}

/**
 * The equivalent direct convolution of a transposed convolution, along one axis: the input
 * stretched by s - 1 zeros between elements, padded by q = d (k - 1) - p on each side (cropped
 * if q < 0) and by output_padding at the end.
 * Returns { lead: q, length, source(r) -> index of X or -1, kind(r) }.
 */
function directAxis(size, kernel, params) {
  const { stride, padding, dilation, output_padding: extra } = settings(params);
  const terms = transposeTerms(size, kernel, stride, padding, extra, dilation);
  const lead = terms.span - 1 - padding;
  const stretched = terms.stretched + 1;
  const kind = (r) => {
    const z = r - lead;
    if (z < 0 || z >= stretched) {
      return "pad";
    }
    return z % stride === 0 ? "input" : "zero";
  };
  const source = (r) => (kind(r) === "input" ? (r - lead) / stride : -1);
  // a stride-1 convolution with the kernel's span maps this length to the output's
  return { lead, length: terms.output + terms.span - 1, kind, source };
}

/** The kernel rotated by 180 degrees. */
export function rotate180(K) {
  return K.slice().reverse().map((row) => row.slice().reverse());
}

/**
 * The direct-convolution view of a transposed convolution: the stretched and padded input
 * (grid, with each cell's kind and source element of X), the rotated kernel, and one step
 * per output cell; its numbers are the transposed convolution's table.
 *
 * @returns {{table: Table, grid, kinds, sources, kernel, lead, steps: object[], at: function, tap: function}}
 *   at([a, b]) -> [r, c] of X[a, b] on grid; tap([u, v]) -> [a, b] of K[u, v] in the rotated kernel
 */
export function directSteps(X, K, params) {
  const { stride, dilation, output_padding: extra } = settings(params);
  const [h, w] = shapeOf(X);
  const [kh, kw] = shapeOf(K);
  const rowsAxis = directAxis(h, kh, params);
  const colsAxis = directAxis(w, kw, params);
  const sources = makeGrid(rowsAxis.length, colsAxis.length, (r, c) => {
    const a = rowsAxis.source(r);
    const b = colsAxis.source(c);
    return a >= 0 && b >= 0 ? [a, b] : null;
  });
  const grid = sources.map((row) => row.map((s) => (s ? X[s[0]][s[1]] : 0)));
  const kinds = makeGrid(rowsAxis.length, colsAxis.length, (r, c) => {
    const [kr, kc] = [rowsAxis.kind(r), colsAxis.kind(c)];
    if (kr === "pad" || kc === "pad") {
      return "pad";
    }
    return kr === "input" && kc === "input" ? "input" : "zero";
  });
  const table = transposeTable([h, w], [kh, kw], params);
  const out = evaluate(table, X, K);
  const q = rowsAxis.lead;
  const stretch = stride > 1 ? `${stride - 1} zero${stride > 2 ? "s" : ""} between input elements, ` : "";
  const pad = q >= 0 ? `padded by d(k−1)−p = ${q}` : `cut by p−d(k−1) = ${-q} on each side`;
  const tail = extra > 0 ? ` plus ${extra} at the bottom and right (output_padding)` : "";
  const setup = `${stretch}${pad}${tail}; kernel rotated by 180°`;
  const rotated = rotate180(K).flat();
  // every tap of the window, in the rotated kernel's order: zeros and padding read 0
  const products = (cell) => windowOf([kh, kw], { dilation }, cell)
    .map(([r, c], n) => `${fmt(grid[r][c])}·${fmt(rotated[n])}`).join(" + ");
  const steps = range(0, table.shape[0] * table.shape[1]).map((t) => {
    const [i, j] = cellOf(t, table.shape[1]);
    return {
      cell: [i, j],
      get window() { return windowOf([kh, kw], { dilation }, [i, j]); },
      get output() { return maskAfter(out, t + 1); },
      get caption() { return `Y[${i}, ${j}] = ${products([i, j])} = ${fmt(out[i][j])} (its window on the input with ${setup})`; },
    };
  });
  const at = ([a, b]) => [q + a * stride, colsAxis.lead + b * stride];
  const tap = ([u, v]) => [kh - 1 - u, kw - 1 - v];
  return { table, grid, kinds, sources, kernel: rotate180(K), lead: q, steps, at, tap };
}

export function computeScatter(state) {
  const params = state.params;
  const phases = params.phases === "on" ? subKernels(state.K, params) : null;
  if (params.view === "direct") {
    return { view: "direct", phases, ...directSteps(state.X, state.K, params) };
  }
  return { view: "scatter", phases, ...scatterSteps(state.X, state.K, params) };
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

/** [top, left] of step t's output inside the canvas (the crop), or [0, 0]. */
function keptOf(data, t) {
  return data.view === "scatter" ? data.steps[t].kept.slice(0, 2) : [0, 0];
}

/**
 * The table's pointer for a pointed cell, and the name of that cell. Scatter view (the canvas's
 * table, no crop): an output cell at the crop's offset, a canvas cell, a cell of the copy (where
 * it lands). Direct view: an output cell, an input cell, a cell of the stretched input that holds one.
 */
function scatterPointer(data, t, pointer) {
  if (!pointer) {
    return null;
  }
  const w = data.state.X[0].length;
  const cols = data.table.shape[1];
  if (pointer.grid === "input") {
    return { grid: "input", index: pointer.i * w + pointer.j, name: elementName("X", [pointer.i, pointer.j]) };
  }
  if (data.view === "direct") {
    const source = pointer.grid === "direct" && data.sources[pointer.i][pointer.j];
    if (source) {
      return { grid: "input", index: source[0] * w + source[1], name: elementName("X", source) };
    }
    return pointer.grid === "output" ? { grid: "output", index: pointer.i * cols + pointer.j, name: elementName("Y", [pointer.i, pointer.j]) } : null;
  }
  const [top, left] = keptOf(data, t);
  const step = data.steps[t];
  const { dilation, stride, padding } = data.state.params;
  const copy = pointer.grid === "copy" && step.kind === "add";
  const at = {
    output: [pointer.i + top, pointer.j + left],
    canvas: [pointer.i, pointer.j],
    copy: copy && [step.source[0] * stride + pointer.i * dilation, step.source[1] * stride + pointer.j * dilation],
  }[pointer.grid];
  if (!at) {
    return null;
  }
  // a copy's cell is its own product (it lands on `index`); the output grid holds Y once cropped,
  // or when no padding crops it, else the canvas
  const isY = pointer.grid === "output" && (step.kind === "crop" || !padding);
  const name = copy ? `copy[${pointer.i}, ${pointer.j}]` : isY ? elementName("Y", [pointer.i, pointer.j]) : `canvas[${at[0]}, ${at[1]}]`;
  return { grid: "output", index: at[0] * cols + at[1], name, copy: copy && { input: step.source, kernel: [pointer.i, pointer.j] } };
}

/** The inputs visited by step t: an add step's running sum holds the copies so far. */
function visitedOf(data, t) {
  const X = data.state.X;
  return data.view === "scatter" && data.steps[t].kind === "add" ? t + 1 : X.length * X[0].length;
}

/**
 * What pointing at a cell says: an output (or canvas) cell as its products so far (a running
 * sum lists the products still to come), an input cell with where its copy lands.
 *
 * @returns {{point: object, about: object}|null}
 */
export function scatterPoint(data, t, pointer) {
  const target = scatterPointer(data, t, pointer);
  const { X, K } = data.state;
  if (!target) {
    return null;
  }
  if (target.grid === "input") {
    const point = { cell: target.name, ...landsPointOf(data.table, X, K, target.index) };
    const [top, left] = keptOf(data, data.steps.length - 1);
    // the scatter view's uncropped output is the canvas only where padding crops it
    const outputName = data.view === "scatter" && data.state.params.padding ? ([r, c]) => `canvas[${r}, ${c}]` : (o) => elementName("Y", o);
    const about = landsAbout(target.name, point, { output: outputName, kernel: "K" }, "copy");
    if (data.view === "scatter" && (top || left)) {
      about.note = `canvas[r, c] is Y[r − ${top}, c − ${left}] once the padding crops the border.`;
    }
    return { point, about };
  }
  if (target.copy) {
    const { input: [a, b], kernel: [u, v] } = target.copy;
    const term = { ...target.copy, x: X[a][b], k: K[u][v] };
    const point = { cell: target.name, value: term.x * term.k, terms: [term] };
    return { point, about: sumAbout(target.name, point, { input: "X", kernel: "K" }) };
  }
  const visited = visitedOf(data, t);
  const point = { cell: target.name, ...pointOf(data.table, X, K, target.index, visited) };
  const later = pointOf(data.table, X, K, target.index).terms.filter((term) => term.input[0] * X[0].length + term.input[1] >= visited);
  const about = sumAbout(target.name, point, { input: "X", kernel: "K" }, later);
  if (data.phases) {
    const { stride, padding } = data.state.params;
    const cols = data.table.shape[1];
    const [r, c] = [Math.floor(target.index / cols), target.index % cols];
    const crop = data.view === "direct" ? padding : 0;
    const phase = [phaseIndex(r, stride, crop), phaseIndex(c, stride, crop)];
    about.note = `Phase (${phase.join(", ")}): it receives only the kernel elements of its sub-kernel (sum ${fmt(data.phases[phase[0] * stride + phase[1]].sum)}).`;
  }
  return { point, about };
}

/** The phase class of an output cell at canvas row r, column c (phases on), else "". */
function phaseClass(data, r, c) {
  if (!data.phases) {
    return "";
  }
  const { stride, padding } = data.state.params;
  const crop = data.view === "direct" ? padding : 0;
  return `ph ph${phaseIndex(r, stride, crop) * stride + phaseIndex(c, stride, crop)}`;
}

/** The phase class of kernel element (u, v): the phase its products reach (phases on), else "". */
function kernelPhase(data, u, v) {
  if (!data.phases) {
    return "";
  }
  const { stride, dilation } = data.state.params;
  return `ph ph${((u * dilation) % stride) * stride + ((v * dilation) % stride)}`;
}

/** Draw a step of the scatter-add view. */
function drawScatter(grids, data, t, pointer) {
  const { input, kernel, copy, canvas, output } = grids;
  const step = data.steps[t];
  const X = data.state.X;
  const [w, kw, cols] = [X[0].length, data.state.K[0].length, data.table.shape[1]];
  const visited = visitedOf(data, t);
  const [top, left, keptRows, keptCols] = step.kept;
  const added = new Set(step.added.map((cell) => cell.join(",")));
  const target = scatterPointer(data, t, pointer);
  // a copy's cell lights its one input and kernel element, and where it lands
  const shown = target && target.copy
    ? { input: new Set([step.source[0] * w + step.source[1]]), kernel: new Set([target.copy.kernel[0] * kw + target.copy.kernel[1]]), output: new Set([target.index]) }
    : lit(data.table, target, visited);
  const litOut = keys(shown.output, cols);
  input.update(X, (i, j) => {
    const k = i * w + j;
    return ["in", step.kind === "add" && step.source[0] === i && step.source[1] === j ? "cur" : "",
      k < visited ? "" : "later", shown.input.has(k) ? "hl" : ""].join(" ");
  });
  kernel.update(data.state.K, (a, b) => `ker ${kernelPhase(data, a, b)} ${step.kind === "add" ? "win" : ""} ${shown.kernel.has(a * kw + b) ? "hl" : ""}`);
  copy.root.hidden = step.kind !== "add";
  if (step.kind === "add") {
    const x = X[step.source[0]][step.source[1]];
    copy.setTitle(`Copy X[${step.source.join(", ")}]·K = ${fmt(x)}·K`);
    copy.update(data.state.K.map((row) => row.map((k) => x * k)), () => "ker win");
  }
  const [full, wide] = shapeOf(step.canvas);
  const extra = data.state.params.output_padding;
  const extended = (r, c) => r >= full - extra || c >= wide - extra;
  const outClass = (r, c) => [
    "out", added.has(`${r},${c}`) ? "win" : "", phaseClass(data, r, c),
    step.kind !== "add" && extra && extended(r, c) ? "ext" : "",
    litOut.has(`${r},${c}`) ? "hl" : "",
  ].join(" ");
  canvas.root.hidden = step.kind !== "crop";
  if (step.kind === "crop") {
    const outside = (r, c) => r < top || c < left || r >= top + keptRows || c >= left + keptCols;
    canvas.update(step.canvas, (r, c) => `${outClass(r, c)} ${outside(r, c) ? "dim" : ""}`);
  }
  const uncropped = data.state.params.padding && step.kind !== "crop";
  const title = uncropped ? "Canvas before the crop" : "Output Y";
  output.setTitle(step.kind === "add" && t < data.steps.length - 1 ? `${title} (running sum)` : title);
  output.update(step.output, (i, j) => outClass(i + top, j + left), uncropped ? "canvas" : "Y");
  const said = scatterPoint(data, t, pointer);
  if (grids.layers) {
    const { stride, dilation } = data.state.params;
    const [kh, kw2] = shapeOf(data.state.K);
    const source = step.kind === "add" ? step.source : null;
    grids.layers.input.frame("cell", source && [...source, ...source]);
    const land = source && [source[0] * stride, source[1] * stride];
    grids.layers.output.frame("land", land && [...land, land[0] + span(kh, dilation) - 1, land[1] + span(kw2, dilation) - 1]);
    grids.layers.canvas.frame("keep", step.kind === "crop" ? [top, left, top + keptRows - 1, left + keptCols - 1] : null);
    const numbers = badgesOf(said && said.point, w, kw, cols);
    grids.layers.input.badges(pairBadges(numbers.input, w));
    grids.layers.kernel.badges(pairBadges(numbers.kernel, kw));
    // a pointed input's copy: badges where it lands, on the canvas (the crop step) or the output
    const lands = pairBadges(numbers.output, cols);
    grids.layers.canvas.badges(step.kind === "crop" ? lands : []);
    grids.layers.output.badges(lands.map((b) => ({ ...b, i: b.i - top, j: b.j - left }))
      .filter((b) => b.i >= 0 && b.j >= 0 && b.i < step.output.length && b.j < step.output[0].length));
  }
  return said;
}

/** Draw a step of the direct-convolution view. */
function drawDirect(grids, data, t, pointer) {
  const { input, kernel, copy, canvas, direct, rotated, output } = grids;
  const step = data.steps[t];
  const [w, kw, cols] = [data.state.X[0].length, data.state.K[0].length, data.table.shape[1]];
  const window = new Set(step.window.map((at) => at.join(",")));
  const target = scatterPointer(data, t, pointer);
  const shown = lit(data.table, target);
  const litGrid = new Set([...shown.input].map((a) => data.at([Math.floor(a / w), a % w]).join(",")));
  const litTaps = new Set([...shown.kernel].map((k) => data.tap([Math.floor(k / kw), k % kw]).join(",")));
  input.update(data.state.X, (i, j) => `in ${shown.input.has(i * w + j) ? "hl" : ""}`);
  kernel.update(data.state.K, (a, b) => `ker ${kernelPhase(data, a, b)}`);
  canvas.root.hidden = true;
  copy.root.hidden = true;
  direct.update(data.grid, (r, c) => {
    const kind = data.kinds[r][c];
    return [kind === "input" ? "in" : kind, window.has(`${r},${c}`) ? "win" : "", litGrid.has(`${r},${c}`) ? "hl" : ""].join(" ");
  });
  rotated.update(data.kernel, (a, b) => `ker win ${litTaps.has(`${a},${b}`) ? "hl" : ""}`);
  output.setTitle("Output Y");
  output.update(step.output, (i, j) => [
    step.output[i][j] === null ? "empty" : "out", phaseClass(data, i, j),
    i === step.cell[0] && j === step.cell[1] ? "cur" : "", shown.output.has(i * cols + j) ? "hl" : "",
  ].join(" "), "Y");
  const said = scatterPoint(data, t, pointer);
  if (grids.layers) {
    const { dilation } = data.state.params;
    const [kh, kw2] = shapeOf(data.state.K);
    const [i, j] = step.cell;
    grids.layers.direct.frame("window", [i, j, i + span(kh, dilation) - 1, j + span(kw2, dilation) - 1]);
    grids.layers.output.frame("cell", [i, j, i, j]);
    grids.layers.input.frame("cell", null);
    grids.layers.output.frame("land", null);
    const numbers = badgesOf(said && said.point, w, kw, cols);
    grids.layers.input.badges(pairBadges(numbers.input, w));
    grids.layers.kernel.badges(pairBadges(numbers.kernel, kw));
    grids.layers.direct.badges(pairBadges(numbers.input, w, (a, b) => data.at([a, b])));
    grids.layers.rotated.badges(pairBadges(numbers.kernel, kw, (u, v) => data.tap([u, v])));
    grids.layers.output.badges(pairBadges(numbers.output, cols));
  }
  return said;
}

/** The grids of both views: input, kernel and the copy; the canvas, the direct view's two grids, the output; the phases. */
function buildScatterView(box, hooks) {
  const point = (grid) => (hooks.onPoint ? (i, j) => hooks.onPoint(i === undefined ? null : { grid, i, j }) : undefined);
  const editable = Boolean(hooks.onEdit);
  const grids = {
    input: createGrid({ title: "Input X", name: "X", editable, onPoint: point("input"), onEdit: editable && ((i, j, v) => hooks.onEdit("input", i, j, v)) }),
    kernel: createGrid({ title: "Kernel K", name: "K", editable, onPoint: point("kernel"), onEdit: editable && ((i, j, v) => hooks.onEdit("kernel", i, j, v)) }),
    copy: createGrid({ title: "Copy", name: "copy", onPoint: point("copy") }),
    canvas: createGrid({ title: "Canvas before the crop", name: "canvas", onPoint: point("canvas") }),
    direct: createGrid({ title: "Padded input (zeros and padding)", name: "padded input", onPoint: point("direct") }),
    rotated: createGrid({ title: "Kernel rotated by 180°", name: "rotated kernel", onPoint: point("rotated") }),
    output: createGrid({ title: "Output Y", name: "Y", onPoint: point("output") }),
  };
  const phases = el("div", { class: "tcv-phases" });
  box.append(el("div", { class: "tcv-row" }, [grids.input.root, grids.kernel.root]),
    el("div", { class: "tcv-row" }, [grids.copy.root, grids.canvas.root, grids.direct.root, grids.rotated.root, grids.output.root]),
    phases);
  if (hooks.onPoint) {
    grids.layers = Object.fromEntries(["input", "kernel", "canvas", "direct", "rotated", "output"].map((name) => [name, overlay(grids[name])]));
  }
  let phasesDrawn = null;
  const draw = (data, t, pointer) => {
    const isDirect = data.view === "direct";
    grids.direct.root.hidden = !isDirect;
    grids.rotated.root.hidden = !isDirect;
    if (phasesDrawn !== data) {
      phasesDrawn = data;
      phasePanel(phases, data.phases, data.state.params);
    }
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

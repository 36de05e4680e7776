// The matrix view: the convolution as y = W x (one row of W per output cell) and the
// transposed convolution as z = Wᵀ y (one column of W per cell of z), linked to the grids.
// x, y and z carry their flat indices (the captions' x5, y2), W its row and column numbers.

import { badgesOf, cellOf, convTable, convTransposeOutputSize, elementName, evaluate, feedsOf, fmt, landsAbout, landsPointOf, lit, maskAfter, pointOf, range, settings, shapeOf, sumAbout, termsOf, transposeTable } from "./engine.js";
import { createGrid } from "./grid.js";
import { overlay, pairBadges } from "./overlay.js";
import { mount } from "./shell.js";

// ---------------------------------------------------------------------------
// The matrix W and the steps (pure)
// ---------------------------------------------------------------------------

/**
 * The matrix of a convolution's table: one row per output element, one column per element
 * of X, holding the kernel element of their term (0 where there is none).
 */
function matrixOf(table, K) {
  const k = K.flat();
  const cells = table.inputShape[0] * table.inputShape[1];
  return range(0, table.shape[0] * table.shape[1]).map((t) => {
    const line = new Array(cells).fill(0);
    for (let q = table.offsets[t]; q < table.offsets[t + 1]; q += 1) {
      line[table.inputs[q]] += k[table.kernels[q]];
    }
    return line;
  });
}

/** W of a convolution: one row per output cell, one column per input cell, as transconv.ops.conv_matrix. */
export function convMatrix(K, inputShape, params) {
  return matrixOf(convTable(inputShape, shapeOf(K), params), K);
}

/**
 * The matrix view. "conv": y = W x, one step per output cell (row of W), on the
 * convolution's table; "transposed": z = Wᵀ y, one step per cell of z (column of W), on the
 * table of the transposed convolution of y with the output padding that gives z x's shape.
 *
 * @returns {{table: Table, zTable: Table, W, x, y, z, extra: number[], steps: object[]}}
 */
export function matrixView(X, K, params, mode) {
  const { stride, padding, dilation } = settings(params);
  const table = convTable(shapeOf(X), shapeOf(K), params);
  const y = evaluate(table, X, K);
  const extra = shapeOf(X).map((n, axis) => n - convTransposeOutputSize(table.shape[axis],
    shapeOf(K)[axis], stride, padding, 0, dilation));
  const zTable = transposeTable(table.shape, shapeOf(K), { stride, padding, dilation, output_padding: extra });
  const z = evaluate(zTable, y, K);
  const transposed = mode === "transposed";
  const [shown, target, other] = transposed ? [zTable, z, "y"] : [table, y, "x"];
  const terms = (t) => termsOf(shown, t).map((term) => [K[term.kernel[0]][term.kernel[1]], term.input])
    .filter(([k]) => k !== 0)
    .map(([k, input]) => `${fmt(k)}·${other}${input[0] * shown.inputShape[1] + input[1]}`).join(" + ") || "0";
  const steps = range(0, target.length * target[0].length).map((t) => {
    const [i, j] = cellOf(t, target[0].length);
    const name = transposed ? `column ${t} of W (row ${t} of Wᵀ)` : `row ${t} of W`;
    return {
      cell: [i, j], index: t,
      get output() { return maskAfter(target, t + 1); },
      get caption() { return `${transposed ? "z" : "y"}${t} = ${name} · ${other} = ${terms(t)} = ${fmt(target[i][j])}`; },
    };
  });
  return { table, zTable, W: matrixOf(table, K), x: X, y, z, extra, steps };
}

/** The matrix view, and for each row of W the elements of x in its terms (its taps). */
export function computeMatrix(state) {
  const mode = state.params.mode === "transposed" ? "transposed" : "conv";
  const view = matrixView(state.X, state.K, state.params, mode);
  const rowInputs = view.W.map((_, r) => lit(view.table, { grid: "output", index: r }).input);
  return { mode, rowInputs, ...view };
}

/** Keep the same cell index when the mode changes, within the other mode's range. */
function mapMatrixStep(before, after, t) {
  return Math.min(t, after.steps.length - 1);
}

/**
 * The rows and columns of W that pointing lights, from the convolution's table (a row of W is
 * an element of y, a column an element of x): pointing at y lights its row, at x or z a
 * column, at W both; a lit row lights its terms' elements of x, a lit column the elements of
 * y it feeds.
 */
function litLines(data, pointer) {
  const [xCols, yCols] = [data.x[0].length, data.y[0].length];
  const rows = new Set();
  const cols = new Set();
  if (pointer && pointer.grid === "y") {
    rows.add(pointer.i * yCols + pointer.j);
  } else if (pointer && (pointer.grid === "x" || pointer.grid === "z")) {
    cols.add(pointer.i * xCols + pointer.j);
  } else if (pointer && pointer.grid === "W") {
    rows.add(pointer.i);
    cols.add(pointer.j);
  }
  const x = new Set(cols);
  const y = new Set(rows);
  for (const r of rows) {
    data.rowInputs[r].forEach((c) => x.add(c));
  }
  for (const c of cols) {
    lit(data.table, { grid: "input", index: c }).output.forEach((r) => y.add(r));
  }
  return { rows, cols, x, y };
}

/** "x5": an element of a flattened vector, as the captions and the grids' corners name it. */
const flatName = (vector, [i, j], cols) => `${vector}${i * cols + j}`;

/**
 * What pointing at a cell says. The output of the mode (y = W x, or z = Wᵀ y) as its products;
 * x as the windows that read it (the convolution's table), y in the transposed mode as where its
 * copy lands on z; an element of W as the kernel element it holds.
 *
 * @returns {{point: object, about: object}|null}
 */
export function matrixPoint(data, pointer) {
  if (!pointer) {
    return null;
  }
  const K = data.state.K;
  const [xCols, yCols] = [data.x[0].length, data.y[0].length];
  const transposed = data.mode === "transposed";
  const names = {
    x: (index) => flatName("x", index, xCols), y: (index) => flatName("y", index, yCols), z: (index) => flatName("z", index, xCols),
  };
  const here = [pointer.i, pointer.j];
  if (pointer.grid === (transposed ? "z" : "y")) {
    const [table, input, inputName] = transposed ? [data.zTable, data.y, "y"] : [data.table, data.x, "x"];
    const cell = elementName(pointer.grid, here);
    const point = { cell, ...pointOf(table, input, K, pointer.i * table.shape[1] + pointer.j) };
    // the grids and W number the vectors' elements: x5 (x[1, 1] of the grid), as the captions do
    const about = sumAbout(names[pointer.grid](here), point, { input: names[inputName], kernel: "K" });
    about.sentence = `${cell}, ${about.sentence}`;
    return { point, about };
  }
  if (pointer.grid === "x" || (pointer.grid === "y" && transposed)) {
    const [table, input, outputName, kind] = pointer.grid === "x"
      ? [data.table, data.x, names.y, "window"] : [data.zTable, data.y, names.z, "copy"];
    const cell = elementName(pointer.grid, here);
    const point = { cell, ...landsPointOf(table, input, K, pointer.i * input[0].length + pointer.j) };
    const about = landsAbout(names[pointer.grid](here), point, { output: outputName, kernel: "K" }, kind);
    about.sentence = `${cell}, ${about.sentence}`;
    return { point, about };
  }
  if (pointer.grid === "W") {
    const [r, c] = here;
    const term = pointOf(data.table, data.x, K, r).terms.find((t) => t.input[0] * xCols + t.input[1] === c);
    const head = term ? `W[${r}, ${c}] = ${elementName("K", term.kernel)} = ${fmt(term.k)}: the weight of x${c} in y${r}`
      : `W[${r}, ${c}] = 0: x${c} is outside the window of y${r}`;
    return { point: null, about: { sentence: head, head, chips: [], total: "", joiner: "" } };
  }
  return null;
}

/** Corner labels of a vector's grid: each cell's flat index. */
function indexBadges(grid) {
  const cols = grid[0].length;
  return grid.flatMap((row, i) => row.map((_, j) => ({ i, j, text: String(i * cols + j), kind: "index" })));
}

/** [top, left, bottom, right] around the cells of a set of flat indices of a grid of `cols` columns. */
function around(indices, cols) {
  const cells = [...indices].map((t) => [Math.floor(t / cols), t % cols]);
  if (!cells.length) {
    return null;
  }
  const rows = cells.map((c) => c[0]);
  const colsOf = cells.map((c) => c[1]);
  return [Math.min(...rows), Math.min(...colsOf), Math.max(...rows), Math.max(...colsOf)];
}

function buildMatrixView(box, hooks) {
  const point = (grid) => (hooks.onPoint ? (i, j) => hooks.onPoint(i === undefined ? null : { grid, i, j }) : undefined);
  const editable = Boolean(hooks.onEdit);
  const x = createGrid({ title: "Input x", name: "x", editable, onPoint: point("x"), onEdit: editable && ((i, j, v) => hooks.onEdit("input", i, j, v)) });
  const k = createGrid({ title: "Kernel K", name: "K", editable, onPoint: point("K"), onEdit: editable && ((i, j, v) => hooks.onEdit("kernel", i, j, v)) });
  const w = createGrid({ title: "W", name: "W", onPoint: point("W") });
  const y = createGrid({ title: "y = W x", name: "y", onPoint: point("y") });
  const z = createGrid({ title: "z = Wᵀ y", name: "z", onPoint: point("z") });
  for (const grid of [x, y, z]) {
    grid.root.classList.add("tcv-indexed");
  }
  w.root.classList.add("tcv-headed");
  box.append(x.root, k.root, w.root, y.root, z.root);
  const layers = hooks.onPoint ? { x: overlay(x), k: overlay(k), w: overlay(w), y: overlay(y), z: overlay(z) } : null;

  const draw = (data, t, pointer) => {
    const step = data.steps[t];
    const transposed = data.mode === "transposed";
    const [xCols, yCols] = [data.x[0].length, data.y[0].length];
    const shown = litLines(data, pointer);
    // the terms of this step's row (conv) or column (transposed) of W
    const window = transposed ? new Set(feedsOf(data.table)[t]) : data.rowInputs[t];
    w.update(data.W, (r, c) => [
      data.rowInputs[r].has(c) ? "ker" : "zero",
      (transposed ? c === t : r === t) ? "win" : "",
      shown.rows.has(r) || shown.cols.has(c) ? "hl" : "",
    ].join(" "));
    x.update(data.x, (i, j) => {
      const c = i * xCols + j;
      return ["in", !transposed && window.has(c) ? "win" : "", shown.x.has(c) ? "hl" : ""].join(" ");
    });
    k.update(data.state.K, () => "ker");
    const yShown = transposed ? data.y : step.output;
    y.update(yShown, (i, j) => {
      const r = i * yCols + j;
      return [yShown[i][j] === null ? "empty" : "out",
        !transposed && r === t ? "cur" : "",
        transposed && window.has(r) ? "win" : "",
        shown.y.has(r) ? "hl" : ""].join(" ");
    });
    z.root.hidden = !transposed;
    if (transposed) {
      z.update(step.output, (i, j) => {
        const c = i * xCols + j;
        return [step.output[i][j] === null ? "empty" : "out", c === t ? "cur" : "", shown.cols.has(c) ? "hl" : ""].join(" ");
      });
      const extra = data.extra.some((e) => e > 0) ? ` (output_padding ${data.extra.join(", ")})` : "";
      z.setTitle(`z = Wᵀ y${extra}`);
    }
    const said = matrixPoint(data, pointer);
    if (layers) {
      const [rows, cols] = [data.W.length, data.W[0].length];
      layers.w.frame("window", transposed ? [0, t, rows - 1, t] : [t, 0, t, cols - 1]);
      layers.x.frame("window", transposed ? null : around(window, xCols));
      layers.y.frame(transposed ? "window" : "cell", transposed ? around(window, yCols) : [step.cell[0], step.cell[1], ...step.cell]);
      layers.z.frame("cell", transposed ? [...step.cell, ...step.cell] : null);
      const p = said && said.point;
      const numbers = badgesOf(p, transposed && pointer?.grid !== "x" ? yCols : xCols, data.state.K[0].length, transposed && pointer?.grid !== "x" ? xCols : yCols);
      const pairs = { x: [], y: [], z: [], w: [] };
      if (p && p.terms) { // a pointed y (conv) or z (transposed): its products
        const row = pointer.i * (transposed ? xCols : yCols) + pointer.j; // the element of the output vector
        pairs[transposed ? "y" : "x"] = pairBadges(numbers.input, transposed ? yCols : xCols);
        pairs.w = [...numbers.input].map(([index, n]) => ({ i: transposed ? index : row, j: transposed ? row : index, text: String(n), kind: "pair" }));
      } else if (p && p.lands) { // a pointed x (windows that read it) or y (transposed: where its copy lands)
        const from = pointer.i * (pointer.grid === "x" ? xCols : yCols) + pointer.j;
        const onto = pointer.grid === "x" ? yCols : xCols;
        pairs[pointer.grid === "x" ? "y" : "z"] = pairBadges(numbers.output, onto);
        pairs.w = [...numbers.output].map(([index, n]) => ({ i: pointer.grid === "x" ? index : from, j: pointer.grid === "x" ? from : index, text: String(n), kind: "pair" }));
      }
      layers.x.badges([...indexBadges(data.x), ...pairs.x]);
      layers.y.badges([...indexBadges(data.y), ...pairs.y]);
      layers.z.badges(transposed ? [...indexBadges(data.x), ...pairs.z] : []);
      layers.k.badges(pairBadges(numbers.kernel, data.state.K[0].length));
      const heads = [...data.W.map((_, r) => ({ i: r, j: 0, text: String(r), kind: "row" })),
        ...data.W[0].map((_, c) => ({ i: 0, j: c, text: String(c), kind: "col" }))];
      layers.w.badges([...heads, ...pairs.w]);
    }
    return said;
  };
  return { draw };
}

export default {
  render({ model, el: host }) {
    return mount({
      model, el: host, compute: computeMatrix, buildView: buildMatrixView,
      steps: { label: "Cell", map: mapMatrixStep },
    });
  },
};

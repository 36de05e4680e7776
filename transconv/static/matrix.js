// The matrix view: the convolution as y = W x (one row of W per output cell) and the
// transposed convolution as z = Wᵀ y (one column of W per cell of z), linked to the grids.

import { feedsOf, lit, matrixView, pointOf } from "./engine.js";
import { createGrid } from "./grid.js";
import { mount } from "./shell.js";

/** The matrix view, and for each row of W the elements of x in its terms (its taps). */
function computeMatrix(state) {
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

/** data-state's point: the pointed element of y (conv) or z (transposed) as its terms. */
function pointed(data, pointer) {
  const grid = data.mode === "transposed" ? "z" : "y";
  if (!pointer || pointer.grid !== grid) {
    return null;
  }
  const [table, input] = grid === "z" ? [data.zTable, data.y] : [data.table, data.x];
  const index = pointer.i * table.shape[1] + pointer.j;
  return { cell: `${grid}[${pointer.i}, ${pointer.j}]`, ...pointOf(table, input, data.state.K, index) };
}

function buildMatrixView(box, hooks) {
  const point = (grid) => (hooks.onPoint ? (i, j) => hooks.onPoint(i === undefined ? null : { grid, i, j }) : undefined);
  const editable = Boolean(hooks.onEdit);
  const x = createGrid({ title: "Input x", name: "x", editable, onPoint: point("x"), onEdit: editable && ((i, j, v) => hooks.onEdit("input", i, j, v)) });
  const k = createGrid({ title: "Kernel K", name: "K", editable, onEdit: editable && ((i, j, v) => hooks.onEdit("kernel", i, j, v)) });
  const w = createGrid({ title: "W", name: "W", onPoint: point("W"), scroll: true });
  const y = createGrid({ title: "y = W x", name: "y", onPoint: point("y"), scroll: true });
  const z = createGrid({ title: "z = Wᵀ y", name: "z", onPoint: point("z"), scroll: true });
  box.append(x.root, k.root, w.root, y.root, z.root);

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
    return pointed(data, pointer);
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

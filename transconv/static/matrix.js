// The matrix view: the convolution as y = W x (one row of W per output cell) and the
// transposed convolution as z = Wᵀ y (one column of W per cell of z), linked to the grids.

import { matrixView } from "./engine.js";
import { createGrid } from "./grid.js";
import { mountPlayer, paramsOf } from "./player.js";

const MODES = [["conv", "Convolution: rows of W"], ["transposed", "Transposed: columns of W"]];

function computeMatrix(state) {
  const mode = state.toggle === "transposed" ? "transposed" : "conv";
  return { mode, ...matrixView(state.X, state.K, paramsOf(state), mode) };
}

/** Keep the same cell index when the mode changes, within the other mode's range. */
function mapMatrixStep(before, after, t) {
  return Math.min(t, after.steps.length - 1);
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
    const xCols = data.x[0].length;
    const yCols = data.y[0].length;
    const rowsLit = new Set();
    const colsLit = new Set();
    if (pointer && pointer.grid === "y") {
      rowsLit.add(pointer.i * yCols + pointer.j);
    } else if (pointer && (pointer.grid === "x" || pointer.grid === "z")) {
      colsLit.add(pointer.i * xCols + pointer.j);
    } else if (pointer && pointer.grid === "W") {
      rowsLit.add(pointer.i);
      colsLit.add(pointer.j);
    }
    // a lit row of W lights its window on x; a lit column lights its footprint on y
    const xLit = new Set(colsLit);
    const yLit = new Set(rowsLit);
    for (const r of rowsLit) {
      data.W[r].forEach((v, c) => v !== 0 && xLit.add(c));
    }
    for (const c of colsLit) {
      data.W.forEach((row, r) => row[c] !== 0 && yLit.add(r));
    }
    const stepRow = transposed ? -1 : t;
    const stepCol = transposed ? t : -1;
    const band = (r, c) => (r === stepRow || c === stepCol);
    w.update(data.W, (r, c) => [
      data.W[r][c] === 0 ? "zero" : "ker",
      band(r, c) ? "win" : "",
      rowsLit.has(r) || colsLit.has(c) ? "hl" : "",
    ].join(" "));
    x.update(data.x, (i, j) => {
      const c = i * xCols + j;
      return ["in", !transposed && data.W[t][c] !== 0 ? "win" : "", xLit.has(c) ? "hl" : ""].join(" ");
    });
    k.update(data.state.K, () => "ker");
    const yShown = transposed ? data.y : step.output;
    y.update(yShown, (i, j) => {
      const r = i * yCols + j;
      return [yShown[i][j] === null ? "empty" : "out",
        !transposed && r === t ? "cur" : "",
        transposed && data.W[r][t] !== 0 ? "win" : "",
        yLit.has(r) ? "hl" : ""].join(" ");
    });
    z.root.hidden = !transposed;
    if (transposed) {
      z.update(step.output, (i, j) => {
        const c = i * xCols + j;
        return [step.output[i][j] === null ? "empty" : "out", c === t ? "cur" : "", colsLit.has(c) ? "hl" : ""].join(" ");
      });
      const extra = data.extra.some((e) => e > 0) ? ` (output_padding ${data.extra.join(", ")})` : "";
      z.setTitle(`z = Wᵀ y${extra}`);
    }
  };
  return { draw };
}

export default {
  render({ model, el: host }) {
    return mountPlayer({
      model, el: host, compute: computeMatrix, buildView: buildMatrixView, mapStep: mapMatrixStep,
      toggle: { name: "mode", label: "View", options: MODES }, stepLabel: "Cell",
    });
  },
};

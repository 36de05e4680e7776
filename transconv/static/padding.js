// The padding player: a transposed convolution's full output, and the crop that a padding p
// makes of it, one row and one column from each side per step. The frame of the cells that are
// kept glides inward; an input element whose whole copy falls into the border is marked lost.

import { badgesOf, cellOf, cropGrid, elementName, evaluate, feedsOf, landsAbout, landsPointOf, lit, plural, pointOf, range, settings, shapeOf, sumAbout, transposeTable } from "./engine.js";
import { createGrid, el } from "./grid.js";
import { overlay, pairBadges } from "./overlay.js";
import { mount } from "./shell.js";

// ---------------------------------------------------------------------------
// The step sequence (pure): the crop, one row and column per side per step
// ---------------------------------------------------------------------------

/**
 * The padding player: the full output of a transposed convolution (no crop, with its output
 * padding) and the crop of padding p, one row and one column from each side per step. Step r
 * (0 to p) shows the output of padding r: transconv.ops.conv_transpose2d with padding=r.
 *
 * @returns {{table: Table, full: number[][], steps: object[], lost: number[][]}} table: the full
 *   output's; step: {crop: r, kept: [top, left, rows, cols] inside full, output, caption}; lost:
 *   the input elements whose whole copy the padding p crops away
 */
function paddingSteps(X, K, params) {
  const { stride, padding, dilation, output_padding: extra } = settings(params);
  const table = transposeTable(shapeOf(X), shapeOf(K), { stride, dilation, output_padding: extra });
  const full = evaluate(table, X, K);
  const [rows, cols] = table.shape;
  const inside = (t, r) => {
    const [i, j] = cellOf(t, cols);
    return i >= r && j >= r && i < rows - r && j < cols - r;
  };
  const lost = feedsOf(table).map((feeds, a) => [a, feeds]).filter(([, feeds]) => feeds.length && !feeds.some((t) => inside(t, padding)))
    .map(([a]) => cellOf(a, shapeOf(X)[1]));
  const gone = lost.length ? `; the copies of ${lost.map((c) => elementName("X", c)).join(", ")} lie wholly in the border: `
    + `${lost.length === 1 ? "that input element no longer reaches" : "those input elements no longer reach"} the output` : "";
  const steps = range(0, padding + 1).map((r) => {
    const kept = [r, r, rows - 2 * r, cols - 2 * r];
    let caption = `The full output, ${rows} × ${cols}: every copy whole`
      + (padding ? `; padding ${padding} crops ${plural(padding, "row")} and ${plural(padding, "column")} from each side` : "");
    if (r > 0) {
      caption = `padding ${r}: row ${r - 1} and row ${rows - r}, column ${r - 1} and column ${cols - r} of the full output are cropped; `
        + `${kept[2]} × ${kept[3]} remain${r === padding ? `, the output${gone}` : ""}`;
    }
    return { crop: r, kept, get output() { return cropGrid(full, ...kept); }, caption };
  });
  return { table, full, steps, lost };
}

export function computePadding(state) {
  return paddingSteps(state.X, state.K, state.params);
}

/** True if cell t of the full output lies inside the crop of step `crop` (kept). */
function keeps(data, crop, t) {
  const [rows, cols] = data.table.shape;
  const [i, j] = [Math.floor(t / cols), t % cols];
  return i >= crop && j >= crop && i < rows - crop && j < cols - crop;
}

/** The full output's table pointer for a pointed cell (an output cell of padding `crop` sits crop rows and columns in). */
function paddingPointer(data, crop, pointer) {
  const cols = data.table.shape[1];
  const w = data.state.X[0].length;
  const at = pointer && { input: null, output: [pointer.i + crop, pointer.j + crop], full: [pointer.i, pointer.j] }[pointer.grid];
  if (pointer && pointer.grid === "input") {
    return { grid: "input", index: pointer.i * w + pointer.j };
  }
  return at ? { grid: "output", index: at[0] * cols + at[1] } : null;
}

/**
 * What pointing at a cell says: an output cell (of padding r, the step's) or a cell of the full
 * output as its products; an input cell with where its copy lands and how much of it is cropped.
 *
 * @returns {{point: object, about: object}|null}
 */
export function paddingPoint(data, t, pointer) {
  if (!pointer) {
    return null;
  }
  const { X, K } = data.state;
  const cols = data.table.shape[1];
  const crop = data.steps[t].crop;
  if (pointer.grid === "output" || pointer.grid === "full") {
    const [r, c] = pointer.grid === "output" ? [pointer.i + crop, pointer.j + crop] : [pointer.i, pointer.j];
    const cell = pointer.grid === "output" ? elementName("Y", [pointer.i, pointer.j]) : `full[${r}, ${c}]`;
    const point = { cell, ...pointOf(data.table, X, K, r * cols + c) };
    const about = sumAbout(cell, point, { input: "X", kernel: "K" });
    if (pointer.grid === "full") {
      about.note = keeps(data, crop, r * cols + c) ? `It is Y[${r - crop}, ${c - crop}] of padding ${crop}.` : `Padding ${crop} crops it away.`;
    }
    return { point, about };
  }
  if (pointer.grid === "input") {
    const cell = elementName("X", [pointer.i, pointer.j]);
    const point = { cell, ...landsPointOf(data.table, X, K, pointer.i * X[0].length + pointer.j) };
    const about = landsAbout(cell, point, { output: ([r, c]) => `full[${r}, ${c}]`, kernel: "K" }, "copy");
    const cropped = point.lands.filter((l) => !keeps(data, crop, l.output[0] * cols + l.output[1])).length;
    if (crop) {
      about.note = cropped === point.lands.length && cropped ? `Padding ${crop} crops its whole copy away: ${cell} no longer reaches the output.`
        : `Padding ${crop} crops ${cropped} of its ${point.lands.length} products away.`;
    }
    return { point, about };
  }
  return null;
}

function buildPaddingView(box, hooks) {
  const point = (grid) => (hooks.onPoint ? (i, j) => hooks.onPoint(i === undefined ? null : { grid, i, j }) : undefined);
  const editable = Boolean(hooks.onEdit);
  const input = createGrid({ title: "Input X", name: "X", editable, onPoint: point("input"), onEdit: editable && ((i, j, v) => hooks.onEdit("input", i, j, v)) });
  const kernel = createGrid({ title: "Kernel K", name: "K", editable, onPoint: point("kernel"), onEdit: editable && ((i, j, v) => hooks.onEdit("kernel", i, j, v)) });
  const full = createGrid({ title: "Full output", name: "full", onPoint: point("full") });
  const output = createGrid({ title: "Output Y", name: "Y", onPoint: point("output") });
  box.append(el("div", { class: "tcv-row" }, [input.root, kernel.root]),
    el("div", { class: "tcv-row" }, [full.root, el("span", { class: "tcv-op", text: "→" }), output.root]));
  const layers = hooks.onPoint ? { input: overlay(input), kernel: overlay(kernel), full: overlay(full), output: overlay(output) } : null;

  const draw = (data, t, pointer) => {
    const step = data.steps[t];
    const { X, K } = data.state;
    const [w, kw] = [X[0].length, K[0].length];
    const [rows, cols] = data.table.shape;
    const crop = step.crop;
    const said = paddingPoint(data, t, pointer);
    const shown = lit(data.table, paddingPointer(data, crop, pointer));
    const feeds = feedsOf(data.table);
    input.update(X, (i, j) => {
      const a = i * w + j;
      const lost = feeds[a].length && !feeds[a].some((o) => keeps(data, crop, o));
      return ["in", lost ? "lost" : "", shown.input.has(a) ? "hl" : ""].join(" ");
    });
    kernel.update(K, (u, v) => `ker ${shown.kernel.has(u * kw + v) ? "hl" : ""}`);
    full.setTitle(`Full output, ${rows} × ${cols}${crop ? `: padding ${crop} crops the shaded border` : ""}`);
    full.update(data.full, (i, j) => ["out", keeps(data, crop, i * cols + j) ? "" : "dim cropped", shown.output.has(i * cols + j) ? "hl" : ""].join(" "));
    output.setTitle(`Output Y, padding ${crop}: ${step.kept[2]} × ${step.kept[3]}`);
    output.update(step.output, (i, j) => ["out", shown.output.has((i + crop) * cols + j + crop) ? "hl" : ""].join(" "));
    if (layers) {
      layers.full.frame("keep", [crop, crop, rows - 1 - crop, cols - 1 - crop]);
      const numbers = badgesOf(said && said.point, w, kw, cols);
      layers.input.badges(pairBadges(numbers.input, w));
      layers.kernel.badges(pairBadges(numbers.kernel, kw));
      const lands = pairBadges(numbers.output, cols);
      layers.full.badges(lands);
      layers.output.badges(lands.map((b) => ({ ...b, i: b.i - crop, j: b.j - crop }))
        .filter((b) => b.i >= 0 && b.j >= 0 && b.i < step.kept[2] && b.j < step.kept[3]));
    }
    return said;
  };
  return { draw };
}

export default {
  render({ model, el: host }) {
    return mount({ model, el: host, compute: computePadding, buildView: buildPaddingView, steps: { label: "Step" } });
  },
};

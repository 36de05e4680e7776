// The checkerboard (overlap) explorer: how many kernel copies cover each output
// cell of stacked transposed convolutions with all-ones inputs and kernels.
//
// Pure functions (exported, checked against transconv.ops under Node by
// tests/test_explorers.py) compute the counts on engine.js's convTranspose2d; the
// default export draws the views for anywidget (live) and for the static book.
//
// data-state of the root element (JSON, updated on every change):
//   params   {size, kernel, stride, layers}
//   output   the 2-D counts grid that the view shows (the central rows and
//            columns of the last layer's output, at most spec.display.max_2d)
//   window   {row, col, rows, cols}: where the shown grid sits in the whole output
//   profile  the 1-D counts the bars show; profile_window {start, length}
//   interior [[lo1, hi1], ...] (1-D) and interior_2d per layer, far from the borders
//   verdict  "even", "holes" or "uneven"; summary: the one line announced

import { convTranspose2d, fmt, makeGrid, plural } from "./engine.js";
import { createGrid, el, scrollRegion } from "./grid.js";
import { mount } from "./shell.js";

/** The most multiply-adds of all layers' counts together (the largest spec'd setting needs 0.3 million). */
const MAX_WORK = 2_000_000;

/**
 * Copies of the kernel covering each output cell after each of `layers`
 * stacked transposed convolutions (engine.js's convTranspose2d, no padding) of
 * an all-ones input with all-ones kernels.
 *
 * @param {number[]} kernel [rows, cols] of every layer's kernel, each >= 1
 * @param {number} stride every layer's stride, >= 1
 * @param {number} layers number of layers, >= 1
 * @param {number[]} shape [rows, cols] of the input, each >= 1
 * @returns {number[][][]} the output grid of every layer
 */
export function overlapCounts(kernel, stride, layers, shape) {
  const ones = makeGrid(kernel[0], kernel[1], () => 1);
  let counts = makeGrid(shape[0], shape[1], () => 1);
  const out = [];
  let work = 0;
  for (let layer = 0; layer < layers; layer += 1) {
    work += counts.length * counts[0].length * kernel[0] * kernel[1];
    if (work > MAX_WORK) {
      throw new RangeError(`${layers} layers of kernel ${kernel.join("×")} are too many to count`);
    }
    counts = convTranspose2d(counts, ones, { stride });
    out.push(counts);
  }
  return out;
}

/**
 * The same counts along one axis: an input of `length` ones (one row), 1 x kernel kernels.
 *
 * @param {number} kernel
 * @param {number} stride
 * @param {number} layers
 * @param {number} length
 * @returns {number[][]} the output line of every layer
 */
export function lineCounts(kernel, stride, layers, length) {
  return overlapCounts([1, kernel], stride, layers, [1, length]).map((grid) => grid[0]);
}

/**
 * Start of the `keep` central cells of a line of `length` cells (0 if all fit).
 *
 * @param {number} length
 * @param {number} keep
 * @returns {number}
 */
function centre(length, keep) {
  return Math.max(0, Math.floor((length - keep) / 2));
}

/**
 * Smallest and largest count far from the borders, per layer, in 1-D.
 * The counts of layer L repeat every stride**L cells away from the borders:
 * one period at the centre of the output of a long input holds every value.
 * The 2-D counts are products of a row count and a column count, so the 2-D
 * interior is the square of the 1-D one.
 *
 * @param {number} kernel
 * @param {number} stride
 * @param {number} layers
 * @returns {number[][]} [[lo, hi] per layer]
 */
export function interiorCounts(kernel, stride, layers) {
  const long = 2 * layers * kernel + 4; // far more input cells than any border reaches
  return lineCounts(kernel, stride, layers, long).map((row, layer) => {
    const period = stride ** (layer + 1);
    const start = centre(row.length, period);
    const window = row.slice(start, start + period);
    return [Math.min(...window), Math.max(...window)];
  });
}

/**
 * Everything the overlap view shows, for one setting.
 *
 * @param {{size: number, kernel: number, stride: number, layers: number}} params
 * @param {{max_1d: number, max_2d: number}} view how many cells are shown at most
 * @returns {object} profile (1-D counts shown), profileStart, profileLength,
 *   grid (2-D counts shown), gridStart, gridLength, interior, interior2d,
 *   verdict ("even", "holes" or "uneven") and ratio (largest over smallest
 *   interior 2-D count, Infinity with holes)
 */
export function overlapView(params, view) {
  const { size, kernel, stride, layers } = params;
  const line = lineCounts(kernel, stride, layers, size)[layers - 1];
  const square = overlapCounts([kernel, kernel], stride, layers, [size, size])[layers - 1];
  const p0 = centre(line.length, view.max_1d);
  const g0 = centre(square.length, view.max_2d);
  const interior = interiorCounts(kernel, stride, layers);
  const interior2d = interior.map(([lo, hi]) => [lo * lo, hi * hi]);
  const [lo, hi] = interior2d[layers - 1];
  let verdict = "uneven";
  if (lo === hi) verdict = "even";
  else if (lo === 0) verdict = "holes";
  return {
    profile: line.slice(p0, p0 + view.max_1d),
    profileStart: p0,
    profileLength: line.length,
    grid: square.slice(g0, g0 + view.max_2d).map((row) => row.slice(g0, g0 + view.max_2d)),
    gridStart: g0,
    gridLength: square.length,
    interior,
    interior2d,
    verdict,
    ratio: lo === 0 ? Infinity : hi / lo,
  };
}

// ---------------------------------------------------------------------------
// The view
// ---------------------------------------------------------------------------

/** Shading levels of the 2-D map (classes tcv-l0 .. tcv-l8) and the tallest bar in pixels. */
const LEVELS = 8;
const BAR_PX = 44;

/**
 * value / largest in whole steps, rounded half up (0 if largest is 0).
 *
 * @param {number} value
 * @param {number} largest
 * @param {number} steps
 * @returns {number}
 */
export function share(value, largest, steps) {
  return largest ? Math.floor((steps * value) / largest + 0.5) : 0;
}

/**
 * The one line the explorer announces: the setting and what the overlap does far
 * from the borders (never the grids).
 *
 * @param {object} params
 * @param {object} v overlapView(params, ...)
 * @returns {string}
 */
export function overlapSummary(params, v) {
  const { size, kernel, stride, layers } = params;
  const [lo, hi] = v.interior2d[layers - 1];
  const head = `Kernel ${kernel}, stride ${stride}, ${plural(layers, "layer")}, ${size}×${size} input: far from the borders`;
  if (v.verdict === "even") {
    return `${head} every output cell is covered by the same number of kernel copies (${hi} in 2-D), an even overlap.`;
  }
  if (v.verdict === "holes") {
    return `${head} some output cells are covered by no kernel copy at all (0 to ${hi} in 2-D): the output has holes.`;
  }
  return `${head} output cells are covered by ${lo} to ${hi} kernel copies in 2-D, ${fmt(v.ratio)} times as many in some as in others: a checkerboard.`;
}

/**
 * What the explorer shows for one setting: the view, the summary and data-state's fields.
 *
 * @param {{params: object}} state {size, kernel, stride, layers}
 * @param {object} spec the overlap spec (spec.display: how many cells are shown at most)
 * @returns {{view: object, summary: string, fields: object}}
 */
function computeOverlap(state, spec) {
  const params = state.params;
  const v = overlapView(params, spec.display);
  const summary = overlapSummary(params, v);
  return {
    view: v,
    summary,
    fields: {
      output: v.grid,
      window: { row: v.gridStart, col: v.gridStart, rows: v.gridLength, cols: v.gridLength },
      profile: v.profile,
      profile_window: { start: v.profileStart, length: v.profileLength },
      interior: v.interior,
      interior_2d: v.interior2d,
      verdict: v.verdict,
      summary,
    },
  };
}

function cropNote(start, shown, length, what) {
  return start === 0 && shown === length ? "" : ` (${what} ${start}–${start + shown - 1} of ${length})`;
}

function buildOverlapView(stage) {
  const barsTitle = el("div", { class: "tcv-grid-title" });
  const bars = el("div", { class: "tcv-bars" });
  const barsBox = el("figure", { class: "tcv-grid tcv-profile" }, [barsTitle, scrollRegion("Copies per output cell in 1-D", bars)]);
  const grid = createGrid({ title: "", name: "copies", scroll: true });
  const interiorBody = el("tbody");
  const interior = el("figure", { class: "tcv-grid" }, [
    el("div", { class: "tcv-grid-title", text: "Far from the borders, per layer" }),
    el("table", { class: "tcv-table" }, [
      el("thead", {}, [el("tr", {}, ["layer", "1-D copies", "2-D copies"].map((t) => el("th", { scope: "col", text: t })))]),
      interiorBody,
    ]),
  ]);
  stage.replaceChildren(barsBox, el("div", { class: "tcv-panels" }, [grid.root, interior]));
  return {
    draw(data) {
      const params = data.state.params;
      const v = data.view;
      const n = params.size;
      barsTitle.textContent = `1-D: copies per output cell, input of length ${n}${cropNote(v.profileStart, v.profile.length, v.profileLength, "cells")}`;
      const top = Math.max(...v.profile);
      bars.replaceChildren(...v.profile.map((count) => el("div", { class: "tcv-bar" }, [
        el("i", { style: `height:${share(count, top, BAR_PX)}px` }), el("span", { text: String(count) })])));
      grid.setTitle(`2-D: copies per output cell, ${n}×${n} input${cropNote(v.gridStart, v.grid.length, v.gridLength, "rows and columns")}`);
      const peak = Math.max(...v.grid.map((row) => Math.max(...row)));
      grid.update(v.grid, (i, j) => `tcv-l${share(v.grid[i][j], peak, LEVELS)}`);
      interiorBody.replaceChildren(...v.interior.map(([lo, hi], layer) => {
        const [lo2, hi2] = v.interior2d[layer];
        return el("tr", {}, [el("th", { scope: "row", text: String(layer + 1) }),
          el("td", { text: `${lo}–${hi}` }), el("td", { text: `${lo2}–${hi2}` })]);
      }));
    },
  };
}

export default {
  render({ model, el: host }) {
    return mount({
      model,
      el: host,
      compute: computeOverlap,
      buildView: buildOverlapView,
    });
  },
};

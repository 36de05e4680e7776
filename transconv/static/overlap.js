// The checkerboard (overlap) explorer: what stacked transposed convolutions make of a flat
// (all-ones) input. With the uniform kernel, the values are the number of kernel copies that
// cover each output cell; with another kernel (a preset or typed: the row w, the 2-D kernel
// w wᵀ) they are the values a constant input gives, and its phases toggle shows the sub-kernels
// whose sums decide whether the output is flat.
//
// Pure functions (exported, checked against transconv.ops under Node by
// tests/test_explorers.py) compute the values on engine.js's convTranspose2d; the
// default export draws the views for anywidget (live) and for the static book.
//
// data-state of the root element (JSON, updated on every change):
//   params   {size, kernel, stride, layers, preset, phases}; w: the typed weights ([]: the preset's)
//   kernel_values  the row w in use; phase_sums: the s² sums of w wᵀ[φ::s, ψ::s] (one layer)
//   output   the 2-D counts grid that the view shows (the central rows and
//            columns of the last layer's output, at most spec.display.max_2d)
//   window   {row, col, rows, cols}: where the shown grid sits in the whole output
//   profile  the 1-D counts the bars show; profile_window {start, length}
//   interior [[lo1, hi1], ...] (1-D) and interior_2d per layer, far from the borders
//   verdict  "even", "holes" or "uneven"; summary: the one line announced

import { convTranspose2d, fmt, makeGrid, plural, range } from "./engine.js";
import { createGrid, el, scrollRegion } from "./grid.js";
import { allEqual, phasePanel, subKernels } from "./phases.js";
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
 * @param {number[][]} [weights] the kernel's values (default all ones: the counts of copies)
 * @returns {number[][][]} the output grid of every layer
 */
export function overlapCounts(kernel, stride, layers, shape, weights = null) {
  const ones = weights || makeGrid(kernel[0], kernel[1], () => 1);
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
 * @param {number[]} [w] the kernel's values (default all ones)
 * @returns {number[][]} the output line of every layer
 */
export function lineCounts(kernel, stride, layers, length, w = null) {
  return overlapCounts([1, kernel], stride, layers, [1, length], w && [w]).map((grid) => grid[0]);
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
 * @param {number[]} [w] the kernel's values (default all ones)
 * @returns {number[][]} [[lo, hi] per layer]
 */
export function interiorCounts(kernel, stride, layers, w = null) {
  return interiorWindows(kernel, stride, layers, w).map((window) => [Math.min(...window), Math.max(...window)]);
}

/** One period of each layer's 1-D values far from the borders (interiorCounts's windows). */
function interiorWindows(kernel, stride, layers, w) {
  const long = 2 * layers * kernel + 4; // far more input cells than any border reaches
  return lineCounts(kernel, stride, layers, long, w).map((row, layer) => {
    const period = stride ** (layer + 1);
    const start = centre(row.length, period);
    return row.slice(start, start + period);
  });
}

/**
 * The row of kernel values a preset names, for a kernel of `kernel` elements: "uniform" (ones:
 * the counts of copies), "alternating" (1, 0.2, 1, 0.2, …: the checkerboard page's kernel) or
 * "resize" (the resize-convolution's box_s ⊛ w of the alternating w of kernel − stride + 1
 * elements; null when the kernel is smaller than the stride).
 *
 * @param {string} preset
 * @param {number} kernel
 * @param {number} stride
 * @returns {number[]|null}
 */
export function presetWeights(preset, kernel, stride) {
  const alternating = (n) => range(0, n).map((u) => (u % 2 ? 0.2 : 1));
  if (preset === "alternating") {
    return alternating(kernel);
  }
  if (preset === "resize") {
    if (kernel < stride) {
      return null;
    }
    const w = alternating(kernel - stride + 1);
    // the full convolution of a box of `stride` ones with w: each element the sum of up to `stride` neighbours of w
    return range(0, kernel).map((m) => w.reduce((sum, v, j) => sum + (m - j >= 0 && m - j < stride ? v : 0), 0));
  }
  return range(0, kernel).map(() => 1);
}

/**
 * Everything the overlap view shows, for one setting.
 *
 * @param {{size: number, kernel: number, stride: number, layers: number}} params
 * @param {{max_1d: number, max_2d: number}} view how many cells are shown at most
 * @param {number[]} [w] the kernel's row of values (the 2-D kernel is w wᵀ); default all ones
 * @returns {object} profile (1-D values shown), profileStart, profileLength,
 *   grid (2-D values shown), gridStart, gridLength, interior, interior2d,
 *   verdict ("even", "holes" or "uneven") and ratio (largest over smallest
 *   interior 2-D value, Infinity with holes)
 */
export function overlapView(params, view, w = null) {
  const { size, kernel, stride, layers } = params;
  const line = lineCounts(kernel, stride, layers, size, w)[layers - 1];
  const square = overlapCounts([kernel, kernel], stride, layers, [size, size], w && w.map((a) => w.map((b) => a * b)))[layers - 1];
  const p0 = centre(line.length, view.max_1d);
  const g0 = centre(square.length, view.max_2d);
  const windows = interiorWindows(kernel, stride, layers, w);
  const interior = windows.map((window) => [Math.min(...window), Math.max(...window)]);
  // the 2-D values are products of a row's and a column's (a flat input and w wᵀ are separable)
  const interior2d = windows.map((window) => {
    const products = window.flatMap((a) => window.map((b) => a * b));
    return [Math.min(...products), Math.max(...products)];
  });
  const [lo, hi] = interior2d[layers - 1];
  let verdict = "uneven";
  if (kernel < stride) verdict = "holes"; // some cells no copy reaches, whatever the values
  else if (allEqual([lo, hi])) verdict = "even";
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
    ratio: lo <= 0 ? Infinity : hi / lo,
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
 * from the borders (never the grids). With a kernel other than the uniform one (w),
 * it speaks of the values a flat input gives instead of the copies.
 *
 * @param {object} params
 * @param {object} v overlapView(params, ..., w)
 * @param {number[]} [w] the row of kernel values, if not uniform
 * @returns {string}
 */
export function overlapSummary(params, v, w = null) {
  const { size, kernel, stride, layers } = params;
  const [lo, hi] = v.interior2d[layers - 1];
  const setting = w ? `Kernel w = (${w.map(fmt).join(", ")})` : `Kernel ${kernel}`;
  const head = `${setting}, stride ${stride}, ${plural(layers, "layer")}, ${size}×${size} input: far from the borders`;
  if (v.verdict === "holes") {
    return `${head} some output cells are covered by no kernel copy at all (0 to ${fmt(hi)} in 2-D): the output has holes.`;
  }
  if (w) {
    return v.verdict === "even"
      ? `${head} a flat input gives a flat output, ${fmt(hi)} everywhere in 2-D.`
      : `${head} a flat input gives ${fmt(lo)} to ${fmt(hi)} in 2-D${lo > 0 ? `, ${fmt(v.ratio)} times as much in some cells as in others` : ""}: a checkerboard.`;
  }
  if (v.verdict === "even") {
    return `${head} every output cell is covered by the same number of kernel copies (${hi} in 2-D), an even overlap.`;
  }
  return `${head} output cells are covered by ${lo} to ${hi} kernel copies in 2-D, ${fmt(v.ratio)} times as many in some as in others: a checkerboard.`;
}

/** The row of kernel values in use: the typed weights, else the preset's (null: the uniform counts). */
function weightsOf(state) {
  const { preset, kernel, stride } = state.params;
  if (state.w && state.w.length) {
    return state.w;
  }
  return preset && preset !== "uniform" ? presetWeights(preset, kernel, stride) : null;
}

/**
 * What the explorer shows for one setting: the view, the summary and data-state's fields.
 *
 * @param {{params: object, w: number[]}} state {size, kernel, stride, layers, preset, phases}; typed weights
 * @param {object} spec the overlap spec (spec.display: how many cells are shown at most)
 * @returns {{view: object, summary: string, fields: object, w: number[], phases: object[]}}
 */
function computeOverlap(state, spec) {
  const params = state.params;
  const w = weightsOf(state);
  const row = w || presetWeights("uniform", params.kernel, params.stride);
  const v = overlapView(params, spec.display, w);
  const unavailable = params.preset === "resize" && !w ? ` Resize-convolution needs a kernel of at least the stride (${params.stride}): the uniform kernel is shown.` : "";
  const summary = overlapSummary(params, v, w) + unavailable;
  const phases = subKernels(row.map((a) => row.map((b) => a * b)), { stride: params.stride });
  return {
    view: v,
    summary,
    w: row,
    phases,
    fields: {
      output: v.grid,
      window: { row: v.gridStart, col: v.gridStart, rows: v.gridLength, cols: v.gridLength },
      profile: v.profile,
      profile_window: { start: v.profileStart, length: v.profileLength },
      interior: v.interior,
      interior_2d: v.interior2d,
      verdict: v.verdict,
      kernel_values: row,
      phase_sums: phases.map((sub) => sub.sum),
      summary,
    },
  };
}

function cropNote(start, shown, length, what) {
  return start === 0 && shown === length ? "" : ` (${what} ${start}–${start + shown - 1} of ${length})`;
}

function buildOverlapView(stage, hooks) {
  const weights = createGrid({
    title: "Kernel w (each layer's 2-D kernel is w wᵀ)", name: "w", editable: Boolean(hooks.onEdit),
    onEdit: hooks.onEdit && ((i, j, v) => hooks.onEdit("w", i, j, v)),
  });
  const barsTitle = el("div", { class: "tcv-grid-title" });
  const bars = el("div", { class: "tcv-bars" });
  const barsBox = el("figure", { class: "tcv-grid tcv-profile" }, [barsTitle, scrollRegion("Values per output cell in 1-D", bars)]);
  const grid = createGrid({ title: "", name: "copies" });
  const interiorBody = el("tbody");
  const interiorHead = el("tr");
  const interior = el("figure", { class: "tcv-grid" }, [
    el("div", { class: "tcv-grid-title", text: "Far from the borders, per layer" }),
    el("table", { class: "tcv-table" }, [el("thead", {}, [interiorHead]), interiorBody]),
  ]);
  const phases = el("div", { class: "tcv-phases" });
  stage.replaceChildren(weights.root, barsBox, el("div", { class: "tcv-panels" }, [grid.root, interior]), phases);
  return {
    draw(data) {
      const params = data.state.params;
      const v = data.view;
      const n = params.size;
      const what = data.state.params.preset === "uniform" && !(data.state.w && data.state.w.length) ? "copies" : "values";
      weights.update([data.w], () => "ker");
      barsTitle.textContent = `1-D: ${what} per output cell, input of length ${n}${cropNote(v.profileStart, v.profile.length, v.profileLength, "cells")}`;
      const top = Math.max(...v.profile);
      bars.replaceChildren(...v.profile.map((count) => el("div", { class: "tcv-bar" }, [
        el("i", { style: `height:${Math.max(0, share(count, top, BAR_PX))}px` }), el("span", { text: fmt(count) })])));
      grid.setTitle(`2-D: ${what} per output cell, ${n}×${n} input${cropNote(v.gridStart, v.grid.length, v.gridLength, "rows and columns")}`);
      const peak = Math.max(...v.grid.map((row) => Math.max(...row)));
      const { stride } = params;
      const phase = (i, j) => ((v.gridStart + i) % stride) * stride + ((v.gridStart + j) % stride);
      grid.update(v.grid, (i, j) => (data.phases && params.phases === "on" ? `ph ph${phase(i, j)}`
        : `tcv-l${Math.min(LEVELS, Math.max(0, share(v.grid[i][j], peak, LEVELS)))}`));
      interiorHead.replaceChildren(...["layer", `1-D ${what}`, `2-D ${what}`].map((t) => el("th", { scope: "col", text: t })));
      interiorBody.replaceChildren(...v.interior.map(([lo, hi], layer) => {
        const [lo2, hi2] = v.interior2d[layer];
        return el("tr", {}, [el("th", { scope: "row", text: String(layer + 1) }),
          el("td", { text: `${fmt(lo)}–${fmt(hi)}` }), el("td", { text: `${fmt(lo2)}–${fmt(hi2)}` })]);
      }));
      phasePanel(phases, params.phases === "on" ? data.phases : null, { stride }, "(w wᵀ)");
      if (params.phases === "on" && params.layers > 1) {
        phases.prepend(el("p", { class: "tcv-note", text: `The phases of one layer (stride ${stride}); every layer uses the same kernel, so equal sums keep a flat input flat through all ${params.layers}.` }));
      }
      return null;
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

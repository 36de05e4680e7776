// The checkerboard (overlap) explorer: how many kernel copies cover each output
// cell of stacked transposed convolutions with all-ones inputs and kernels.
//
// Pure functions (exported, checked against transconv.ops under Node by
// tests/test_explorers.py) compute the counts; the default export draws the
// controls and the views for anywidget (live) and for the static book.
//
// data-state of the root element (JSON, updated on every change):
//   params   {size, kernel, stride, layers}
//   output   the 2-D counts grid that the view shows (the central rows and
//            columns of the last layer's output, at most spec.view.max_2d)
//   window   {row, col, rows, cols}: where the shown grid sits in the whole output
//   profile  the 1-D counts the bars show; profile_window {start, length}
//   interior [[lo1, hi1], ...] (1-D) and interior_2d per layer, far from the borders
//   verdict  "even", "holes" or "uneven"; summary: the one line announced

/**
 * Transposed convolution (no padding) of one 2-D grid with one 2-D kernel.
 *
 * @param {number[][]} x input grid
 * @param {number[][]} k kernel grid
 * @param {number[]} stride [rows, cols], each >= 1
 * @returns {number[][]} grid of (rows - 1) * sr + kh by (cols - 1) * sc + kw
 */
export function convTranspose2d(x, k, stride) {
  const [sr, sc] = stride;
  const kh = k.length;
  const kw = k[0].length;
  const oh = (x.length - 1) * sr + kh;
  const ow = (x[0].length - 1) * sc + kw;
  const out = Array.from({ length: oh }, () => new Array(ow).fill(0));
  x.forEach((row, i) => {
    row.forEach((v, j) => {
      if (v === 0) return;
      for (let a = 0; a < kh; a += 1) {
        const line = out[i * sr + a];
        const krow = k[a];
        for (let b = 0; b < kw; b += 1) line[j * sc + b] += v * krow[b];
      }
    });
  });
  return out;
}

/**
 * A rows x cols grid filled with one value.
 *
 * @param {number} rows
 * @param {number} cols
 * @param {number} value
 * @returns {number[][]}
 */
export function filled(rows, cols, value) {
  return Array.from({ length: rows }, () => new Array(cols).fill(value));
}

/**
 * Copies of the kernel covering each output cell after each of `layers`
 * stacked transposed convolutions of an all-ones input with all-ones kernels.
 *
 * @param {number[]} kernel [rows, cols] of every layer's kernel, each >= 1
 * @param {number[]} stride [rows, cols] of every layer's stride, each >= 1
 * @param {number} layers number of layers, >= 1
 * @param {number[]} shape [rows, cols] of the input, each >= 1
 * @returns {number[][][]} the output grid of every layer
 */
export function overlapCounts(kernel, stride, layers, shape) {
  const ones = filled(kernel[0], kernel[1], 1);
  let counts = filled(shape[0], shape[1], 1);
  const out = [];
  for (let layer = 0; layer < layers; layer += 1) {
    counts = convTranspose2d(counts, ones, stride);
    out.push(counts);
  }
  return out;
}

/**
 * The same counts along one axis: an input of `length` ones, 1 x kernel kernels.
 *
 * @param {number} kernel
 * @param {number} stride
 * @param {number} layers
 * @param {number} length
 * @returns {number[][]} the output line of every layer
 */
export function lineCounts(kernel, stride, layers, length) {
  return overlapCounts([1, kernel], [1, stride], layers, [1, length]).map((grid) => grid[0]);
}

/**
 * Start of the `keep` central cells of a line of `length` cells (0 if all fit).
 *
 * @param {number} length
 * @param {number} keep
 * @returns {number}
 */
export function centre(length, keep) {
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
  const square = overlapCounts([kernel, kernel], [stride, stride], layers, [size, size])[layers - 1];
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

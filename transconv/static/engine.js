// The view engine: pure functions on plain nested arrays, no DOM.
//
// Sizes, the one dependency table of a setting (which input and kernel elements make each
// output element), the step sequences of every view, the size explorer's searches, the rules
// of a spec, and the checks that make any model drawable. tests/test_engine_vs_ops.py and
// tests/test_explorers.py compare it with transconv.ops and transconv.shapes under Node.
// Hyper-parameters are one integer per setting, the same along both axes:
// { stride, padding, dilation, output_padding } (output_padding may also be a pair [rows, cols]).

// ---------------------------------------------------------------------------
// Grids and numbers
// ---------------------------------------------------------------------------

/** An integer range [lo, lo + 1, ..., hi - 1]. */
export function range(lo, hi) {
  const out = [];
  for (let v = lo; v < hi; v += 1) {
    out.push(v);
  }
  return out;
}

/** A rows x cols grid whose cell (i, j) is make(i, j). */
export function makeGrid(rows, cols, make) {
  return range(0, rows).map((i) => range(0, cols).map((j) => make(i, j)));
}

/** [rows, cols] of a grid. */
export function shapeOf(grid) {
  return [grid.length, grid.length ? grid[0].length : 0];
}

/** The seed-style counting grid start, start + 1, ... in row-major order. */
export function countingGrid(rows, cols, start) {
  return makeGrid(rows, cols, (i, j) => start + i * cols + j);
}

/** A small deterministic generator (mulberry32) of numbers in [0, 1). */
function randomSource(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A rows x cols grid of random integers low..high (inclusive) from seed. */
export function randomGrid(rows, cols, seed, low, high) {
  const next = randomSource(seed);
  return makeGrid(rows, cols, () => low + Math.floor(next() * (high - low + 1)));
}

/** "1 row" / "2 rows". */
export function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** A number for a cell or a caption: integers as is, others to 3 significant digits; "" for null. */
export function fmt(v) {
  if (v === null || v === undefined) {
    return "";
  }
  if (Number.isInteger(v)) {
    return String(v);
  }
  return String(Number(v.toPrecision(3)));
}

/** The first rows x cols cells of a grid. */
function cropGrid(grid, top, left, rows, cols) {
  return makeGrid(rows, cols, (i, j) => grid[top + i][left + j]);
}

/** The grid with only the first `count` cells (row-major) kept; the others are null. */
function maskAfter(grid, count) {
  const cols = shapeOf(grid)[1];
  return grid.map((row, i) => row.map((v, j) => (i * cols + j < count ? v : null)));
}

// ---------------------------------------------------------------------------
// Sizes: the output-size formulas, once
// ---------------------------------------------------------------------------

function settings(params) {
  return {
    stride: params.stride ?? 1,
    padding: params.padding ?? 0,
    dilation: params.dilation ?? 1,
    output_padding: params.output_padding ?? 0,
  };
}

/** [rows, cols] of a value given as one integer or a pair. */
function pairOf(value) {
  return Array.isArray(value) ? value : [value, value];
}

/** Cells the kernel spans along one axis: d (k - 1) + 1. */
export function span(kernel, dilation) {
  return dilation * (kernel - 1) + 1;
}

/** Convolution output length along one axis, or 0 if the kernel does not fit. */
export function convOutputSize(size, kernel, stride, padding, dilation) {
  const room = size + 2 * padding - span(kernel, dilation);
  return room < 0 ? 0 : Math.floor(room / stride) + 1;
}

/**
 * The terms of a transposed convolution's output length along one axis:
 * output = (n − 1)·s − 2p + d·(k − 1) + 1 + a = stretched − cropped + span + outputPadding.
 *
 * @param {number} size input length n
 * @param {number} kernel
 * @param {number} stride
 * @param {number} padding
 * @param {number} outputPadding
 * @param {number} dilation
 * @returns {{stretched: number, cropped: number, span: number, outputPadding: number, output: number}}
 *   output <= 0 when the padding removes the whole output
 */
export function transposeTerms(size, kernel, stride, padding, outputPadding, dilation) {
  const terms = { stretched: (size - 1) * stride, cropped: 2 * padding, span: span(kernel, dilation), outputPadding };
  return { ...terms, output: terms.stretched - terms.cropped + terms.span + terms.outputPadding };
}

/** Transposed-convolution output length along one axis (<= 0: padding empties it). */
export function convTransposeOutputSize(size, kernel, stride, padding, outputPadding, dilation) {
  return transposeTerms(size, kernel, stride, padding, outputPadding, dilation).output;
}

/**
 * Every input size that a convolution maps to sizeOut, with the output padding that
 * gives it back (transconv.shapes.conv_input_sizes).
 *
 * @returns {number[][]} [[size, outputPadding], ...] in increasing order of size
 */
export function convInputSizes(sizeOut, kernel, stride, padding, dilation) {
  const found = [];
  for (let extra = 0; extra < stride; extra += 1) {
    const size = convTransposeOutputSize(sizeOut, kernel, stride, padding, extra, dilation);
    if (size >= 1 && convOutputSize(size, kernel, stride, padding, dilation) === sizeOut) {
      found.push([size, extra]);
    }
  }
  return found;
}

/** How many of the uncropped output's cells 0 .. x-1 some copy reaches (dilation 1). */
function covered(x, sizeIn, kernel, stride) {
  if (kernel >= stride) {
    return Math.min(x, convTransposeOutputSize(sizeIn, kernel, stride, 0, 0, 1));
  }
  const whole = Math.floor(x / stride);
  if (whole >= sizeIn) {
    return sizeIn * kernel;
  }
  return whole * kernel + Math.min(x - whole * stride, kernel);
}

/**
 * One transposed convolution along one axis (dilation 1) with what makes it degenerate
 * (transconv.shapes.describe_setting).
 *
 * @returns {object} {kernel, stride, padding, output_padding, even_overlap (kernel divisible by
 *   stride), cropped_inputs (inputs whose whole copy lies in the cropped border), holes (output
 *   cells no tap reaches), degenerate}
 */
export function describeSetting(sizeIn, kernel, stride, padding, outputPadding) {
  const full = convTransposeOutputSize(sizeIn, kernel, stride, 0, outputPadding, 1);
  const top = Math.max(0, Math.floor((padding - kernel) / stride) + 1);
  const bottom = Math.max(0, sizeIn + Math.floor((padding - full) / stride));
  const reached = covered(full - padding, sizeIn, kernel, stride) - covered(padding, sizeIn, kernel, stride);
  const croppedInputs = top + bottom;
  const holes = full - 2 * padding - reached;
  return {
    kernel,
    stride,
    padding,
    output_padding: outputPadding,
    even_overlap: kernel % stride === 0,
    cropped_inputs: croppedInputs,
    holes,
    degenerate: croppedInputs > 0 || holes > 0,
  };
}

/** The most candidates a search tries (transconv.shapes.MAX_SEARCH). */
const MAX_SEARCH = 10_000;

/**
 * Every (kernel, stride, padding, output_padding) with dilation 1 that maps sizeIn to sizeOut
 * (transconv.shapes.transpose_settings_for): the non-degenerate settings first, then the
 * degenerate ones, each group by stride, kernel and output padding.
 *
 * @returns {object[]} the settings, as describeSetting gives them
 */
export function transposeSettingsFor(sizeIn, sizeOut, maxKernel, maxStride) {
  if ((maxKernel * maxStride * (maxStride + 1)) / 2 > MAX_SEARCH) {
    throw new RangeError(`a search of kernels up to ${maxKernel} and strides up to ${maxStride} is too long`);
  }
  const found = [];
  for (let stride = 1; stride <= maxStride; stride += 1) {
    for (let kernel = 1; kernel <= maxKernel; kernel += 1) {
      for (let extra = 0; extra < stride; extra += 1) {
        const excess = convTransposeOutputSize(sizeIn, kernel, stride, 0, extra, 1) - sizeOut;
        if (excess >= 0 && excess % 2 === 0) {
          found.push(describeSetting(sizeIn, kernel, stride, excess / 2, extra));
        }
      }
    }
  }
  // Array.prototype.sort is stable: within each group the search order stays
  return found.sort((a, b) => Number(a.degenerate) - Number(b.degenerate));
}

// ---------------------------------------------------------------------------
// The dependency table: which input and kernel elements make each output element
// ---------------------------------------------------------------------------

/** The most terms (and output cells) a table holds: far above any spec's largest setting. */
const MAX_TERMS = 2_000_000;

/**
 * Where a dilated kernel lies when its tap (0, 0) sits at (top, left): visit(u, v, r, c) for
 * every tap (u, v), row-major, at r = top + u·d, c = left + v·d. A convolution's window of
 * output (i, j) sits at (i·s − p, j·s − p) of the input; a transposed convolution's copy of
 * input (a, b) at (a·s − p, b·s − p) of the output. All index arithmetic starts here.
 */
function placeKernel(kernelShape, top, left, dilation, visit) {
  for (let u = 0; u < kernelShape[0]; u += 1) {
    for (let v = 0; v < kernelShape[1]; v += 1) {
      visit(u, v, top + u * dilation, left + v * dilation);
    }
  }
}

/**
 * @typedef {object} Table
 * Which elements of X and K make each output element: one entry per term x·k.
 * @property {number[]} shape [rows, cols] of the output
 * @property {number[]} inputShape [rows, cols] of X
 * @property {number[]} kernelShape [rows, cols] of K
 * @property {Int32Array} offsets output element t (row-major) has the terms offsets[t] .. offsets[t + 1] - 1
 * @property {Int32Array} inputs each term's element of X (row-major index); padding never appears
 * @property {Int32Array} kernels each term's element of K (row-major index)
 */

/** A Table from emit(add), which calls add(output, input, kernel) for every term in any order. */
function collectTable(shape, inputShape, kernelShape, most, emit) {
  const cells = shape[0] * shape[1];
  if (most > MAX_TERMS || cells > MAX_TERMS) {
    throw new RangeError(`a setting of ${cells} output cells and up to ${most} terms is too large to draw`);
  }
  const outs = new Int32Array(most);
  const ins = new Int32Array(most);
  const ks = new Int32Array(most);
  let n = 0;
  emit((o, i, k) => {
    outs[n] = o;
    ins[n] = i;
    ks[n] = k;
    n += 1;
  });
  const offsets = new Int32Array(cells + 1);
  for (let q = 0; q < n; q += 1) {
    offsets[outs[q] + 1] += 1;
  }
  for (let t = 0; t < cells; t += 1) {
    offsets[t + 1] += offsets[t];
  }
  const next = offsets.slice(0, cells);
  const inputs = new Int32Array(n);
  const kernels = new Int32Array(n);
  for (let q = 0; q < n; q += 1) { // stable: each cell keeps the order of emission
    const at = next[outs[q]];
    next[outs[q]] += 1;
    inputs[at] = ins[q];
    kernels[at] = ks[q];
  }
  return { shape, inputShape, kernelShape, offsets, inputs, kernels };
}

/**
 * The table of a convolution (cross-correlation) Y = X ⋆ K, as transconv.ops.conv2d:
 * Y[i, j] = Σ X[i·s + u·d − p, j·s + v·d − p] K[u, v] over the taps inside X, in K's order.
 *
 * @param {number[]} inputShape
 * @param {number[]} kernelShape
 * @param {object} params {stride, padding, dilation}
 * @returns {Table}
 */
export function convTable(inputShape, kernelShape, params) {
  const { stride, padding, dilation } = settings(params);
  const [h, w] = inputShape;
  const [kh, kw] = kernelShape;
  const rows = convOutputSize(h, kh, stride, padding, dilation);
  const cols = convOutputSize(w, kw, stride, padding, dilation);
  return collectTable([rows, cols], inputShape, kernelShape, rows * cols * kh * kw, (add) => {
    for (let t = 0; t < rows * cols; t += 1) {
      const top = Math.floor(t / cols) * stride - padding;
      placeKernel(kernelShape, top, (t % cols) * stride - padding, dilation, (u, v, r, c) => {
        if (r >= 0 && r < h && c >= 0 && c < w) {
          add(t, r * w + c, u * kw + v);
        }
      });
    }
  });
}

/**
 * The table of a transposed convolution, as transconv.ops.conv_transpose2d: the copy X[a, b]·K
 * placed at (a·s − p, b·s − p), the cells outside the output (the padding's crop) dropped;
 * output_padding adds rows and columns at the bottom and right. Terms in X's, then K's order.
 *
 * @param {number[]} inputShape
 * @param {number[]} kernelShape
 * @param {object} params {stride, padding, dilation, output_padding (an integer or [rows, cols])}
 * @returns {Table}
 */
export function transposeTable(inputShape, kernelShape, params) {
  const { stride, padding, dilation, output_padding: extra } = settings(params);
  const [h, w] = inputShape;
  const [kh, kw] = kernelShape;
  const [extraRows, extraCols] = pairOf(extra);
  const rows = Math.max(0, convTransposeOutputSize(h, kh, stride, padding, extraRows, dilation));
  const cols = Math.max(0, convTransposeOutputSize(w, kw, stride, padding, extraCols, dilation));
  return collectTable([rows, cols], inputShape, kernelShape, h * w * kh * kw, (add) => {
    for (let a = 0; a < h * w; a += 1) {
      const top = Math.floor(a / w) * stride - padding;
      placeKernel(kernelShape, top, (a % w) * stride - padding, dilation, (u, v, r, c) => {
        if (r >= 0 && r < rows && c >= 0 && c < cols) {
          add(r * cols + c, a, u * kw + v);
        }
      });
    }
  });
}

/** [i, j] of row-major index t in a grid of `cols` columns. */
function cellOf(t, cols) {
  return [Math.floor(t / cols), t % cols];
}

/**
 * The terms of output element t (row-major): [{input: [i, j], kernel: [u, v]}, ...].
 *
 * @param {Table} table
 * @param {number} t
 * @param {number} [visited] only terms whose input (row-major) is below (a running sum)
 * @returns {object[]}
 */
export function termsOf(table, t, visited = Infinity) {
  const found = [];
  for (let q = table.offsets[t]; q < table.offsets[t + 1]; q += 1) {
    if (table.inputs[q] < visited) {
      found.push({ input: cellOf(table.inputs[q], table.inputShape[1]), kernel: cellOf(table.kernels[q], table.kernelShape[1]) });
    }
  }
  return found;
}

/**
 * Every output element's value: the sum of its terms' products, in the table's order.
 *
 * @param {Table} table
 * @param {number[][]} X
 * @param {number[][]} K
 * @param {number} [visited] only terms whose input (row-major) is below (a running sum)
 * @returns {number[][]}
 */
export function evaluate(table, X, K, visited = Infinity) {
  const x = X.flat();
  const k = K.flat();
  return makeGrid(table.shape[0], table.shape[1], (i, j) => {
    const t = i * table.shape[1] + j;
    let sum = 0;
    for (let q = table.offsets[t]; q < table.offsets[t + 1]; q += 1) {
      if (table.inputs[q] < visited) {
        sum += x[table.inputs[q]] * k[table.kernels[q]];
      }
    }
    return sum;
  });
}

/**
 * For each element of X (row-major), the output elements it feeds, in increasing order.
 * Computed once per table.
 *
 * @param {Table} table
 * @returns {number[][]}
 */
export function feedsOf(table) {
  if (!table.feeds) {
    table.feeds = range(0, table.inputShape[0] * table.inputShape[1]).map(() => []);
    for (let t = 0; t < table.shape[0] * table.shape[1]; t += 1) {
      for (let q = table.offsets[t]; q < table.offsets[t + 1]; q += 1) {
        const feeds = table.feeds[table.inputs[q]];
        if (feeds[feeds.length - 1] !== t) {
          feeds.push(t);
        }
      }
    }
  }
  return table.feeds;
}

/**
 * Output element t as its terms, with their numbers: the contract of data-state's `point`
 * (without `cell`, which the view names).
 *
 * @param {Table} table
 * @param {number[][]} X
 * @param {number[][]} K
 * @param {number} t
 * @param {number} [visited] only terms whose input (row-major) is below (a running sum)
 * @returns {{value: number, terms: {input: number[], kernel: number[], x: number, k: number}[]}}
 */
export function pointOf(table, X, K, t, visited = Infinity) {
  const terms = termsOf(table, t, visited).map(({ input, kernel }) => ({
    input, kernel, x: X[input[0]][input[1]], k: K[kernel[0]][kernel[1]],
  }));
  return { value: terms.reduce((sum, term) => sum + term.x * term.k, 0), terms };
}

/**
 * What pointing at one element lights, read from the table: an output element lights itself
 * and the input and kernel elements of its terms; an input element lights itself and the
 * output elements it feeds. Sets of row-major indices.
 *
 * @param {Table} table
 * @param {{grid: "output"|"input", index: number}|null} pointer
 * @param {number} [visited] only terms whose input is below (a running sum)
 * @returns {{output: Set<number>, input: Set<number>, kernel: Set<number>}}
 */
export function lit(table, pointer, visited = Infinity) {
  const found = { output: new Set(), input: new Set(), kernel: new Set() };
  if (pointer && pointer.grid === "output") {
    found.output.add(pointer.index);
    for (let q = table.offsets[pointer.index]; q < table.offsets[pointer.index + 1]; q += 1) {
      if (table.inputs[q] < visited) {
        found.input.add(table.inputs[q]);
        found.kernel.add(table.kernels[q]);
      }
    }
  } else if (pointer && pointer.grid === "input") {
    found.input.add(pointer.index);
    for (const t of feedsOf(table)[pointer.index]) {
      found.output.add(t);
    }
  }
  return found;
}

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

/** Single-channel 2-D convolution (cross-correlation), as transconv.ops.conv2d. */
export function conv2d(X, K, params) {
  return evaluate(convTable(shapeOf(X), shapeOf(K), params), X, K);
}

/**
 * Single-channel 2-D transposed convolution, as transconv.ops.conv_transpose2d: its table's sums
 * (the same terms in the same order), added up copy by copy without building the table (the
 * overlap explorer's largest outputs have a quarter of a million terms).
 */
export function convTranspose2d(X, K, params) {
  const { stride, padding, dilation, output_padding: extra } = settings(params);
  const [[h, w], [kh, kw]] = [shapeOf(X), shapeOf(K)];
  const [extraRows, extraCols] = pairOf(extra);
  const rows = Math.max(0, convTransposeOutputSize(h, kh, stride, padding, extraRows, dilation));
  const cols = Math.max(0, convTransposeOutputSize(w, kw, stride, padding, extraCols, dilation));
  if (h * w * kh * kw > MAX_TERMS || rows * cols > MAX_TERMS) {
    throw new RangeError(`a transposed convolution of ${h * w * kh * kw} terms is too large to draw`);
  }
  const out = makeGrid(rows, cols, () => 0);
  X.forEach((row, a) => row.forEach((x, b) => {
    placeKernel([kh, kw], a * stride - padding, b * stride - padding, dilation, (u, v, r, c) => {
      if (r >= 0 && r < rows && c >= 0 && c < cols) {
        out[r][c] += x * K[u][v];
      }
    });
  }));
  return out;
}

/** W of a convolution: one row per output cell, one column per input cell, as transconv.ops.conv_matrix. */
export function convMatrix(K, inputShape, params) {
  return matrixOf(convTable(inputShape, shapeOf(K), params), K);
}

// ---------------------------------------------------------------------------
// The views' step sequences, each on its table
// ---------------------------------------------------------------------------

/**
 * Where the window of output element `cell` lies on the padded input: [r, c] of every tap,
 * in K's order (padding taps included).
 */
export function windowOf(kernelShape, params, cell) {
  const { stride, dilation } = settings(params);
  const at = [];
  placeKernel(kernelShape, cell[0] * stride, cell[1] * stride, dilation, (u, v, r, c) => at.push([r, c]));
  return at;
}

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
    const at = stride > 1 ? `window at row ${i}·${stride}, column ${j}·${stride} of the padded input` : "";
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
    let canvas = null; // the running sum, made when read
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
  const steps = range(0, table.shape[0] * table.shape[1]).map((t) => {
    const [i, j] = cellOf(t, table.shape[1]);
    return {
      cell: [i, j],
      get window() { return windowOf([kh, kw], { dilation }, [i, j]); },
      get output() { return maskAfter(out, t + 1); },
      caption: `Y[${i}, ${j}] = ${fmt(out[i][j])} from its window on the input with ${setup}`,
    };
  });
  const at = ([a, b]) => [q + a * stride, colsAxis.lead + b * stride];
  const tap = ([u, v]) => [kh - 1 - u, kw - 1 - v];
  return { table, grid, kinds, sources, kernel: rotate180(K), lead: q, steps, at, tap };
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

// ---------------------------------------------------------------------------
// The rules of a spec, and what each parameter may take
// ---------------------------------------------------------------------------

/**
 * The rules a spec may name (transconv.specs checks the same with transconv.shapes). A setting
 * is { inputShape: [h, w], kernelShape: [kh, kw], stride, padding, dilation, output_padding };
 * `params` are the parameters a rule reads (its text is shown while one of them is).
 */
export const RULES = {
  kernel_fits_padded_input: {
    text: "the dilated kernel fits inside the padded input",
    params: ["input_size", "kernel_size", "padding", "dilation"],
    holds: (s) => [0, 1].every((a) => convOutputSize(s.inputShape[a], s.kernelShape[a],
      s.stride, s.padding, s.dilation) >= 1),
  },
  padding_keeps_output: {
    text: "padding never empties the output",
    params: ["input_size", "kernel_size", "stride", "padding", "output_padding", "dilation"],
    holds: (s) => [0, 1].every((a) => convTransposeOutputSize(s.inputShape[a], s.kernelShape[a],
      s.stride, s.padding, s.output_padding, s.dilation) >= 1),
  },
  output_padding_below_stride: {
    text: "output padding below the stride (MXNet's rule)",
    params: ["stride", "output_padding"],
    holds: (s) => s.output_padding < s.stride,
  },
  output_padding_below_stride_or_dilation: {
    text: "output padding below max(stride, dilation) (PyTorch's rule; MXNet asks for below the stride)",
    params: ["stride", "dilation", "output_padding"],
    holds: (s) => s.output_padding < Math.max(s.stride, s.dilation),
  },
};

/** The name the rules know parameter `name` by (spec.aliases: the size explorer's size is input_size). */
function ruleName(spec, name) {
  return (spec.aliases && spec.aliases[name]) || name;
}

/**
 * The setting the rules check, from a spec's values and, if given, the arrays' shapes
 * (otherwise square, of the size parameters).
 */
export function settingOf(spec, values, inputShape = null, kernelShape = null) {
  const named = {};
  for (const [name, value] of Object.entries(values)) {
    named[ruleName(spec, name)] = value;
  }
  return {
    inputShape: inputShape || [named.input_size, named.input_size],
    kernelShape: kernelShape || [named.kernel_size, named.kernel_size],
    ...settings(named),
  };
}

/** True if the setting follows every rule the spec names. */
export function isValid(spec, setting) {
  return spec.rules.every((name) => RULES[name].holds(setting));
}

/** The setting with parameter `name` set to `value` (sizes make square shapes). */
function withValue(spec, setting, name, value) {
  const known = ruleName(spec, name);
  if (known === "input_size") {
    return { ...setting, inputShape: [value, value] };
  }
  if (known === "kernel_size") {
    return { ...setting, kernelShape: [value, value] };
  }
  return { ...setting, [known]: value };
}

/**
 * [lo, hi]: the values of numeric parameter `name` within the spec's [min, max] that keep the
 * setting valid, the others fixed (the rules make it one interval); [null, null] if none.
 */
export function allowedRange(spec, setting, name) {
  const param = spec.params.find((p) => p.name === name);
  const ok = range(param.min, param.max + 1).filter((v) => isValid(spec, withValue(spec, setting, name, v)));
  return ok.length ? [ok[0], ok[ok.length - 1]] : [null, null];
}

/** The texts of the rules that refuse the values just outside [lo, hi] (within the spec's range). */
function limitsText(spec, setting, param, lo, hi) {
  const outside = [lo - 1, hi + 1].filter((v) => v >= param.min && v <= param.max);
  const texts = spec.rules.filter((name) => outside.some((v) => !RULES[name].holds(withValue(spec, setting, param.name, v))))
    .map((name) => RULES[name].text);
  return texts.join("; ");
}

/** True if parameter p is shown (a parameter with a `mode` only while the choice mode has it). */
export function isShown(p, values) {
  return !p.mode || p.mode === values.mode;
}

/**
 * What each numeric control offers now: {name: {min, max, hint}}. Without spec.adjusts,
 * the values the rules allow with the others fixed; with it, the listed parameters follow
 * the others (each with the later ones at their minimum) and the others offer their whole
 * range. `hint` names the rules that narrow the range.
 *
 * @param {object} spec
 * @param {object} values every parameter's value (valid)
 * @param {object} [shapes] {X: [h, w], K: [kh, kw]} of custom arrays
 * @returns {object}
 */
export function rangesOf(spec, values, shapes = {}) {
  const out = {};
  for (const p of spec.params.filter((q) => !q.options)) {
    const follows = spec.adjusts ? spec.adjusts.indexOf(p.name) : spec.params.indexOf(p);
    if (follows < 0) {
      out[p.name] = { min: p.min, max: p.max, hint: "" };
      continue;
    }
    const later = spec.adjusts ? Object.fromEntries(spec.adjusts.slice(follows + 1)
      .map((name) => [name, spec.params.find((q) => q.name === name).min])) : {};
    const setting = settingOf(spec, { ...values, ...later }, shapes.X, shapes.K);
    const [lo, hi] = allowedRange(spec, setting, p.name);
    out[p.name] = lo === null ? { min: values[p.name], max: values[p.name], hint: "" }
      : { min: lo, max: hi, hint: limitsText(spec, setting, p, lo, hi) };
  }
  return out;
}

/** The texts of the spec's rules that read a parameter shown now ("Limits: ..."). */
export function rulesShown(spec, values) {
  const shown = new Set(spec.params.filter((p) => isShown(p, values)).map((p) => ruleName(spec, p.name)));
  return spec.rules.filter((name) => RULES[name].params.some((p) => shown.has(p))).map((name) => RULES[name].text);
}

// ---------------------------------------------------------------------------
// Trust nothing: any model, slider or hand-written page becomes a setting the spec allows
// ---------------------------------------------------------------------------

const isInt = (v) => Number.isInteger(v);

/** The most values a parameter's range may hold (the controls and the rules try each). */
const MAX_RANGE = 1000;

/**
 * Why a spec cannot drive a player, or null if it can: it must name known rules and list
 * parameters that are integers with min <= default <= max (at most MAX_RANGE values) or choices
 * with their default among the options.
 *
 * @param {*} spec
 * @returns {string|null}
 */
export function checkSpec(spec) {
  if (!spec || typeof spec !== "object" || typeof spec.player !== "string" || typeof spec.title !== "string") {
    return "its spec has no player and title";
  }
  if (!Array.isArray(spec.rules) || !spec.rules.every((name) => Object.hasOwn(RULES, name))) {
    return "its spec names unknown rules";
  }
  const entries = Array.isArray(spec.params) ? [...spec.params, ...(spec.views ? [spec.views] : [])] : [null];
  const bad = entries.find((p) => !p || typeof p.name !== "string" || (p.options
    ? !Array.isArray(p.options) || !p.options.some((o) => Array.isArray(o) && o[0] === p.default)
    : !isInt(p.min) || !isInt(p.max) || !isInt(p.default) || p.min > p.default || p.default > p.max
      || p.max - p.min > MAX_RANGE));
  if (bad !== undefined) {
    return `its spec has a malformed parameter (${bad && typeof bad.name === "string" ? bad.name : "?"})`;
  }
  const example = spec.example;
  if (example && ![example.input_start, example.kernel_start, example.random_low, example.random_high, example.max_seed].every(isInt)) {
    return "its spec has a malformed example";
  }
  return null;
}

/** A number the spec allows: an integer clamped into [min, max]; anything else the default. */
function settleNumber(p, value) {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    return p.default;
  }
  return Math.min(Math.max(Math.round(value), p.min), p.max);
}

/** A choice the spec allows: one of its options, else its default. */
function settleChoice(p, value) {
  return p.options.some((o) => o[0] === value) ? value : p.default;
}

/**
 * A grid the player may show: rows of equal length of finite numbers, 1 to `most` rows and
 * columns; anything else is [] (the example's grid).
 */
export function settleGrid(value, most) {
  const fine = Array.isArray(value) && value.length >= 1 && value.length <= most
    && value.every((row) => Array.isArray(row) && row.length === value[0].length && row.length >= 1
      && row.length <= most && row.every((v) => typeof v === "number" && Number.isFinite(v)));
  return fine ? value : [];
}

/** The size parameters of a player's arrays. */
const ARRAY_SIZES = { X: "input_size", K: "kernel_size" };

/** The setting of settled values (the arrays' own shapes where they are given). */
function settingOfSettled(spec, settled) {
  const shape = (name) => (settled[name] && settled[name].length ? shapeOf(settled[name]) : null);
  return settingOf(spec, settled, shape("X"), shape("K"));
}

/**
 * Values that follow the rules: while the setting breaks one, the parameters that may move
 * (spec.adjusts, or every numeric parameter in the spec's order) are moved into their allowed
 * range; a size that moves drops its custom array; the spec's defaults if nothing helps.
 */
function settleRules(spec, settled) {
  const movable = spec.adjusts || spec.params.filter((p) => !p.options).map((p) => p.name);
  for (const name of movable) {
    if (isValid(spec, settingOfSettled(spec, settled))) {
      return settled;
    }
    const later = spec.adjusts ? Object.fromEntries(spec.adjusts.slice(spec.adjusts.indexOf(name) + 1)
      .map((n) => [n, spec.params.find((q) => q.name === n).min])) : {};
    const [lo, hi] = allowedRange(spec, settingOfSettled(spec, { ...settled, ...later }), name);
    if (lo !== null) {
      const value = Math.min(Math.max(settled[name], lo), hi);
      const array = Object.keys(ARRAY_SIZES).find((a) => ARRAY_SIZES[a] === ruleName(spec, name));
      if (array && value !== settled[name]) {
        settled[array] = [];
      }
      settled[name] = value;
    }
  }
  if (isValid(spec, settingOfSettled(spec, settled))) {
    return settled;
  }
  const defaults = Object.fromEntries(spec.params.map((p) => [p.name, p.default]));
  return { ...settled, ...defaults, ...(spec.example ? { X: [], K: [] } : {}) };
}

/**
 * The values a spec allows, from anything a model may hold: every parameter, view switch and
 * (for a player) the arrays, example, seed and step, each settled on its own (a number clamped,
 * anything else its default) and then together (settleRules). Never throws; an array of the
 * wrong shape is dropped (the example's grid is shown), a custom array sets its size.
 *
 * @param {object} spec a spec that checkSpec accepts
 * @param {object} raw the model's values by name
 * @returns {object} the settled values by name; step is an integer >= 0 (the shell bounds it)
 */
export function settle(spec, raw) {
  const settled = {};
  for (const p of [...spec.params, ...(spec.views ? [spec.views] : [])]) {
    settled[p.name] = p.options ? settleChoice(p, raw[p.name]) : settleNumber(p, raw[p.name]);
  }
  if (spec.example) {
    for (const [array, size] of Object.entries(ARRAY_SIZES)) {
      const most = spec.params.find((p) => p.name === size).max;
      settled[array] = settleGrid(raw[array], most);
      if (settled[array].length) {
        settled[size] = settled[array].length;
      }
    }
    settled.example = raw.example === "random" ? "random" : "seed";
    settled.seed = settleNumber({ min: 0, max: spec.example.max_seed, default: 0 }, raw.seed);
    settled.step = settleNumber({ min: 0, max: Number.MAX_SAFE_INTEGER, default: 0 }, raw.step);
  }
  return settleRules(spec, settled);
}

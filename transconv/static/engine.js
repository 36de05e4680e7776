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
export function cropGrid(grid, top, left, rows, cols) {
  return makeGrid(rows, cols, (i, j) => grid[top + i][left + j]);
}

/** The grid with only the first `count` cells (row-major) kept; the others are null. */
export function maskAfter(grid, count) {
  const cols = shapeOf(grid)[1];
  return grid.map((row, i) => row.map((v, j) => (i * cols + j < count ? v : null)));
}

// ---------------------------------------------------------------------------
// Sizes: the output-size formulas, once
// ---------------------------------------------------------------------------

export function settings(params) {
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
  // stable: each cell keeps the order of emission
  for (let q = 0; q < n; q += 1) {
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
export function cellOf(t, cols) {
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

// ---------------------------------------------------------------------------
// Pointing: an output element as its products, an input element as where its copy lands
// ---------------------------------------------------------------------------

/**
 * The name of an element of an array: X[1, 2]; with channels the leading indices first,
 * X[0][1, 2] for index [0, 1, 2] and W[0, 1][1, 2] for [0, 1, 1, 2] (NumPy reads both).
 *
 * @param {string} name
 * @param {number[]} index
 * @returns {string}
 */
export function elementName(name, index) {
  const lead = index.slice(0, -2);
  return `${name}${lead.length ? `[${lead.join(", ")}]` : ""}[${index.slice(-2).join(", ")}]`;
}

/**
 * Where the copy of input element a lands: for every output element it feeds, the kernel
 * element it meets there, read from the table.
 *
 * @param {Table} table
 * @param {number} a row-major index of the input element
 * @returns {{output: number[], kernel: number[]}[]} in increasing order of the output element
 */
export function landsOf(table, a) {
  const found = [];
  for (const t of feedsOf(table)[a]) {
    for (let q = table.offsets[t]; q < table.offsets[t + 1]; q += 1) {
      if (table.inputs[q] === a) {
        found.push({ output: cellOf(t, table.shape[1]), kernel: cellOf(table.kernels[q], table.kernelShape[1]) });
      }
    }
  }
  return found;
}

/**
 * Input element a as data-state's `point`: its value and where its copy lands.
 *
 * @returns {{value: number, lands: {output: number[], kernel: number[], x: number, k: number}[]}}
 */
export function landsPointOf(table, X, K, a) {
  const [i, j] = cellOf(a, table.inputShape[1]);
  const x = X[i][j];
  return { value: x, lands: landsOf(table, a).map(({ output, kernel }) => ({ output, kernel, x, k: K[kernel[0]][kernel[1]] })) };
}

/** An element's name: `name` is an array's name, or a function of the index (the matrix view's x5). */
const nameIn = (name, index) => (typeof name === "function" ? name(index) : elementName(name, index));

/** "x·k" of a term or a landing. */
const productText = (p) => `${fmt(p.x)}·${fmt(p.k)}`;

/**
 * What a view says about a pointed output element: the sentence for the live region, and the
 * products for the sum panel, each with its badge (badge n marks the input element and the
 * kernel element of the n-th product, in every grid that shows them).
 *
 * @param {string} cell the element's name, e.g. "Y[1, 1]"
 * @param {{value: number, terms: object[]}} point pointOf's (indices into the arrays named)
 * @param {{input: string|function, kernel: string}} names the arrays' names, e.g. {input: "X", kernel: "K"}
 *   (a function of the index names the elements itself)
 * @param {object[]} [later] products still to come (a running sum), as pointOf's terms
 * @returns {{sentence: string, head: string, chips: object[], total: string, joiner: string}} chips:
 *   {badge, label (the elements), text (their numbers), later}; joiner: "+" between chips
 */
export function sumAbout(cell, point, names, later = []) {
  const label = (t) => `${nameIn(names.input, t.input)}·${nameIn(names.kernel, t.kernel)}`;
  const chips = [
    ...point.terms.map((t, n) => ({ badge: n + 1, label: label(t), text: productText(t), later: false })),
    ...later.map((t) => ({ badge: null, label: label(t), text: productText(t), later: true })),
  ];
  const value = fmt(point.value);
  let sentence = `${cell} = ${value}: ${later.length ? "no copy has reached it yet" : "no product reaches it"}`;
  if (point.terms.length) {
    sentence = `${cell} = ${point.terms.map(label).join(" + ")} = ${point.terms.map(productText).join(" + ")} = ${value}`;
  }
  if (later.length) {
    sentence += `; ${plural(later.length, "more product")} to come`;
  }
  return { sentence, head: `${cell} =`, chips, total: value, joiner: "+" };
}

/**
 * What a view says about a pointed input element: where its copy lands (a transposed
 * convolution) or which windows read it (a convolution). Badge n marks the n-th output
 * element and the kernel element it meets there.
 *
 * @param {string} cell the input element's name, e.g. "X[0, 1]"
 * @param {{value: number, lands: object[]}} point landsPointOf's, with `output` already named
 *   by `outputName(output)`
 * @param {{output: function, kernel: string}} names outputName(index) -> "Y[i, j]"; the kernel's name
 * @param {"copy"|"window"} kind
 * @returns {{sentence: string, head: string, chips: object[], total: string, joiner: string}}
 */
export function landsAbout(cell, point, names, kind) {
  const x = fmt(point.value);
  const item = (l) => `${names.output(l.output)} ${kind === "copy" ? "gets" : "reads it with"} ${elementName(names.kernel, l.kernel)}: ${productText(l)}`;
  const chips = point.lands.map((l, n) => ({
    badge: n + 1, label: `${names.output(l.output)} ← ${elementName(names.kernel, l.kernel)}`, text: productText(l), later: false,
  }));
  const head = kind === "copy" ? `${cell} = ${x}: its copy ${x}·${names.kernel} lands on` : `${cell} = ${x} is read by`;
  const sentence = point.lands.length
    ? `${head} ${plural(point.lands.length, "element")}: ${point.lands.map(item).join("; ")}`
    : `${cell} = ${x}: ${kind === "copy" ? "its whole copy is cropped away" : "no window reads it"}`;
  return { sentence, head, chips, total: "", joiner: "" };
}

/**
 * Badge numbers of a pointed element's products, by grid: `input` and `kernel` map a row-major
 * index (into X and K) to its badge; `output` for a pointed input element.
 *
 * @param {object} point data-state's point (terms or lands), or null
 * @param {number} inputCols columns of the input
 * @param {number} kernelCols columns of the kernel
 * @param {number} outputCols columns of the output
 * @returns {{input: Map, kernel: Map, output: Map}}
 */
export function badgesOf(point, inputCols, kernelCols, outputCols) {
  const found = { input: new Map(), kernel: new Map(), output: new Map() };
  const flat = (index, cols) => index[index.length - 2] * cols + index[index.length - 1];
  (point?.terms || []).forEach((t, n) => {
    found.input.set(flat(t.input, inputCols), n + 1);
    found.kernel.set(flat(t.kernel, kernelCols), n + 1);
  });
  (point?.lands || []).forEach((l, n) => {
    found.output.set(flat(l.output, outputCols), n + 1);
    found.kernel.set(flat(l.kernel, kernelCols), n + 1);
  });
  return found;
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

// ---------------------------------------------------------------------------
// Windows: where a convolution's window lies (the views' step sequences are in their modules)
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

// ---------------------------------------------------------------------------
// Playing: a speed that fits any setting into 30 seconds
// ---------------------------------------------------------------------------

/** Speeds of Play: the factor of each on the time per step. */
const SPEEDS = { slow: 2, normal: 1, fast: 1 / 3 };

/**
 * Milliseconds per step of Play: 900 ms at the normal speed, or less for a setting of many
 * steps, so that Play shows every step within 30 seconds; twice as long when slow, a third
 * when fast (but not under 16 ms, a frame, unless the normal speed already is).
 *
 * @param {number} steps how many steps the player has
 * @param {string} speed a key of SPEEDS
 * @returns {number}
 */
export function playInterval(steps, speed = "normal") {
  const base = Math.floor(Math.min(900, 30_000 / Math.max(1, steps)));
  const factor = SPEEDS[speed] ?? 1;
  return factor < 1 ? Math.min(base, Math.max(16, Math.floor(base * factor))) : base * factor;
}

/** A duration in words: "900 ms", "1.8 s", "30 s". */
function durationText(ms) {
  if (ms < 1000) {
    return `${ms} ms`;
  }
  const s = ms / 1000;
  return `${s < 10 ? Number(s.toFixed(1)) : Math.round(s)} s`;
}

/**
 * What Play's speed means for a setting, in words: "900 ms a step, 7.2 s in all": each step is
 * shown for one interval, so Play runs steps × interval (one step: "900 ms a step, 900 ms in all").
 *
 * @param {number} steps how many steps the player has
 * @param {string} speed a key of SPEEDS
 * @returns {string}
 */
export function paceText(steps, speed = "normal") {
  const ms = playInterval(steps, speed);
  return `${durationText(ms)} a step, ${durationText(ms * steps)} in all`;
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
 * An array the player may show: nested lists of equal lengths, as many levels as `most` has
 * entries, 1 to most[axis] elements along each axis, of finite numbers; anything else is []
 * (the example's array).
 *
 * @param {*} value
 * @param {number[]} most the largest length along each axis
 * @returns {Array}
 */
export function settleArray(value, most) {
  const fine = (v, axis, length) => (axis === most.length ? typeof v === "number" && Number.isFinite(v)
    : Array.isArray(v) && v.length >= 1 && v.length <= most[axis] && (length[axis] ??= v.length) === v.length
      && v.every((x) => fine(x, axis + 1, length)));
  return fine(value, 0, []) ? value : [];
}

/** A grid (rows of equal length, 1 to `most` rows and columns) or []: settleArray in 2-D. */
export function settleGrid(value, most) {
  return settleArray(value, [most, most]);
}

/** [length along each axis] of a nested array. */
function shapeOfArray(value) {
  const shape = [];
  for (let v = value; Array.isArray(v); v = v[0]) {
    shape.push(v.length);
  }
  return shape;
}

/**
 * The parameter that sets each axis of a player's arrays (null: the columns, free up to the
 * size before them): X is (input_size, ·) and K (kernel_size, ·); with channels (spec.example.channels)
 * X is (in_channels, input_size, ·) and K (in_channels, out_channels, kernel_size, ·).
 */
export function arrayAxes(spec) {
  return spec.example.channels
    ? { X: ["in_channels", "input_size", null], K: ["in_channels", "out_channels", "kernel_size", null] }
    : { X: ["input_size", null], K: ["kernel_size", null] };
}

/** The names of the arrays that parameter `name` sizes. */
function arraysSizedBy(spec, name) {
  return spec.example ? Object.entries(arrayAxes(spec)).filter(([, axes]) => axes.includes(name)).map(([array]) => array) : [];
}

/** The most counting starts a player's example may have (their magnitude). */
const MAX_START = 1000;

/** A player's counting starts [input, kernel]: two integers up to MAX_START in magnitude, else the spec's. */
function settleStarts(spec, value) {
  const fine = Array.isArray(value) && value.length === 2 && value.every((v) => isInt(v) && Math.abs(v) <= MAX_START);
  return fine ? value : [spec.example.input_start, spec.example.kernel_start];
}

/**
 * The example's array `which` ("X" or "K") of `shape`: counting from `start` in row-major
 * order (NumPy's arange(...).reshape(shape)), or random integers from seed.
 */
export function exampleArray(spec, which, shape, values) {
  const ex = spec.example;
  const total = shape.reduce((a, b) => a * b, 1);
  const flat = values.example === "random"
    ? randomGrid(1, total, 2 * values.seed + (which === "K" ? 1 : 0), ex.random_low, ex.random_high)[0]
    : range(0, total).map((n) => n + values.starts[which === "K" ? 1 : 0]);
  const build = (axis, offset) => (axis === shape.length - 1 ? flat.slice(offset, offset + shape[axis])
    : range(0, shape[axis]).map((n) => build(axis + 1, offset + n * shape.slice(axis + 1).reduce((a, b) => a * b, 1))));
  return build(0, 0);
}

/** The last two lengths of an array's shape: a grid's rows and columns (of each channel). */
export function gridShapeOf(array) {
  return shapeOfArray(array).slice(-2);
}

/** The setting of settled values (the arrays' own shapes where they are given). */
function settingOfSettled(spec, settled) {
  const shape = (name) => (settled[name] && settled[name].length ? gridShapeOf(settled[name]) : null);
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
      if (value !== settled[name]) {
        arraysSizedBy(spec, ruleName(spec, name)).forEach((array) => { settled[array] = []; });
      }
      settled[name] = value;
    }
  }
  if (isValid(spec, settingOfSettled(spec, settled))) {
    return settled;
  }
  const defaults = Object.fromEntries(spec.params.map((p) => [p.name, p.default]));
  return { ...settled, ...defaults, ...(spec.example ? { X: [], K: [] } : {}), ...(spec.weights ? { [spec.weights.name]: [] } : {}) };
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
    // the sizes a given array has set (X's input channels bind K's)
    const sized = {};
    for (const [array, axes] of Object.entries(arrayAxes(spec))) {
      const most = axes.map((name, axis) => spec.params.find((p) => p.name === (name ?? axes[axis - 1])).max);
      settled[array] = settleArray(raw[array], most);
      const shape = shapeOfArray(settled[array]);
      if (axes.some((name, axis) => name && name in sized && sized[name] !== shape[axis])) {
        // K's input channels differ from X's: the example's kernel
        settled[array] = [];
      }
      axes.forEach((name, axis) => {
        if (name && settled[array].length) {
          settled[name] = shape[axis];
          sized[name] = shape[axis];
        }
      });
    }
    settled.example = raw.example === "random" ? "random" : "seed";
    settled.seed = settleNumber({ min: 0, max: spec.example.max_seed, default: 0 }, raw.seed);
    settled.starts = settleStarts(spec, raw.starts);
    settled.step = settleNumber({ min: 0, max: Number.MAX_SAFE_INTEGER, default: 0 }, raw.step);
  }
  if (spec.weights) {
    const { name, size } = spec.weights;
    const row = settleArray(raw[name], [settled[size]]);
    settled[name] = row.length === settled[size] ? row : [];
  }
  return settleRules(spec, settled);
}

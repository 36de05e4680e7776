// The view engine's arithmetic: pure functions on plain nested arrays, no DOM.
//
// Every player computes its grids and step sequences here, in the browser;
// tests/test_engine_vs_ops.py checks them against transconv.ops under Node.
// Parameters are one integer per setting, the same along both axes:
// { stride, padding, dilation, output_padding }.

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
export function randomSource(seed) {
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

/** Cells the kernel spans along one axis: d (k - 1) + 1. */
export function span(kernel, dilation) {
  return dilation * (kernel - 1) + 1;
}

/** Convolution output length along one axis, or 0 if the kernel does not fit. */
export function convOutputSize(size, kernel, stride, padding, dilation) {
  const room = size + 2 * padding - span(kernel, dilation);
  return room < 0 ? 0 : Math.floor(room / stride) + 1;
}

/** Length of the uncropped transposed-convolution canvas along one axis. */
export function fullCanvasSize(size, kernel, stride, dilation) {
  return (size - 1) * stride + span(kernel, dilation);
}

/** Transposed-convolution output length along one axis (<= 0: padding empties it). */
export function convTransposeOutputSize(size, kernel, stride, padding, outputPadding, dilation) {
  return fullCanvasSize(size, kernel, stride, dilation) + outputPadding - 2 * padding;
}

function settings(params) {
  return {
    stride: params.stride ?? 1,
    padding: params.padding ?? 0,
    dilation: params.dilation ?? 1,
    output_padding: params.output_padding ?? 0,
  };
}

/** Cell (r, c) of the zero-padded input, or 0 outside X. */
function paddedValue(X, r, c, padding) {
  const i = r - padding;
  const j = c - padding;
  return i >= 0 && i < X.length && j >= 0 && j < X[0].length ? X[i][j] : 0;
}

/**
 * The taps of output cell (i, j) of a convolution: one per kernel cell,
 * { tap: [a, b], at: [r, c] in the padded input, cell: [r - p, c - p] or null
 * on the padding, value }.
 */
export function convTaps(X, K, params, i, j) {
  const { stride, padding, dilation } = settings(params);
  const taps = [];
  K.forEach((row, a) => row.forEach((w, b) => {
    const r = i * stride + a * dilation;
    const c = j * stride + b * dilation;
    const inside = r - padding >= 0 && r - padding < X.length
      && c - padding >= 0 && c - padding < X[0].length;
    taps.push({
      tap: [a, b], at: [r, c], cell: inside ? [r - padding, c - padding] : null,
      value: paddedValue(X, r, c, padding), weight: w,
    });
  }));
  return taps;
}

/** Single-channel 2-D convolution (cross-correlation), as transconv.ops.conv2d. */
export function conv2d(X, K, params) {
  const { stride, padding, dilation } = settings(params);
  const [h, w] = shapeOf(X);
  const [kh, kw] = shapeOf(K);
  const rows = convOutputSize(h, kh, stride, padding, dilation);
  const cols = convOutputSize(w, kw, stride, padding, dilation);
  return makeGrid(rows, cols, (i, j) => convTaps(X, K, params, i, j)
    .reduce((sum, t) => sum + t.value * t.weight, 0));
}

/**
 * The contributions to output cell (i, j) of a transposed convolution:
 * { cell: [a, b] of X, tap: [u, v] of K } with a s + u d - p = i (and columns).
 */
export function transposeTaps(X, K, params, i, j) {
  const { stride, padding, dilation } = settings(params);
  const found = [];
  X.forEach((row, a) => row.forEach((x, b) => K.forEach((krow, u) => krow.forEach((w, v) => {
    if (a * stride + u * dilation - padding === i && b * stride + v * dilation - padding === j) {
      found.push({ cell: [a, b], tap: [u, v], value: x, weight: w });
    }
  }))));
  return found;
}

/** Add x K, dilated, onto canvas with its top-left at (top, left); cells outside are dropped. */
function addCopy(canvas, K, x, top, left, dilation) {
  K.forEach((row, u) => row.forEach((w, v) => {
    const r = top + u * dilation;
    const c = left + v * dilation;
    if (r >= 0 && r < canvas.length && c >= 0 && c < canvas[0].length) {
      canvas[r][c] += x * w;
    }
  }));
}

/**
 * Single-channel 2-D transposed convolution, as transconv.ops.conv_transpose2d.
 * output_padding may be one integer or a pair [rows, columns].
 */
export function convTranspose2d(X, K, params) {
  const { stride, padding, dilation, output_padding: extra } = settings(params);
  const [extraRows, extraCols] = Array.isArray(extra) ? extra : [extra, extra];
  const [h, w] = shapeOf(X);
  const [kh, kw] = shapeOf(K);
  const rows = convTransposeOutputSize(h, kh, stride, padding, extraRows, dilation);
  const cols = convTransposeOutputSize(w, kw, stride, padding, extraCols, dilation);
  const out = makeGrid(Math.max(rows, 0), Math.max(cols, 0), () => 0);
  X.forEach((row, a) => row.forEach((x, b) => {
    addCopy(out, K, x, a * stride - padding, b * stride - padding, dilation);
  }));
  return out;
}

/**
 * W of a convolution: one row per output cell, one column per input cell
 * (row-major), as transconv.ops.conv_matrix.
 */
export function convMatrix(K, inputShape, params) {
  const [h, w] = inputShape;
  const X = makeGrid(h, w, () => 0);
  const { stride, padding, dilation } = settings(params);
  const rows = convOutputSize(h, K.length, stride, padding, dilation);
  const cols = convOutputSize(w, K[0].length, stride, padding, dilation);
  const W = [];
  for (let i = 0; i < rows; i += 1) {
    for (let j = 0; j < cols; j += 1) {
      const line = new Array(h * w).fill(0);
      for (const t of convTaps(X, K, params, i, j)) {
        if (t.cell) {
          line[t.cell[0] * w + t.cell[1]] += t.weight;
        }
      }
      W.push(line);
    }
  }
  return W;
}

/** The grid with only the first `count` cells (row-major) kept; the others are null. */
export function maskAfter(grid, count) {
  const cols = shapeOf(grid)[1];
  return grid.map((row, i) => row.map((v, j) => (i * cols + j < count ? v : null)));
}

/** X with only its first `count` elements (row-major) kept; the others are 0. */
export function keepFirst(X, count) {
  const cols = shapeOf(X)[1];
  return X.map((row, i) => row.map((v, j) => (i * cols + j < count ? v : 0)));
}

/** "1 row" / "2 rows". */
export function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Format a number for a cell or a caption: integers as is, others to 3 significant digits. */
export function fmt(v) {
  if (v === null || v === undefined) {
    return "";
  }
  if (Number.isInteger(v)) {
    return String(v);
  }
  return String(Number(v.toPrecision(3)));
}

// ---------------------------------------------------------------------------
// Step sequences
// ---------------------------------------------------------------------------

/**
 * The convolution stepper: one output cell per step, row-major.
 * Step t: { cell, taps (see convTaps), value, output (cells after t are null), caption }.
 * A step's output is made when it is read (a player reads one step at a time).
 */
export function stepperSteps(X, K, params) {
  const out = conv2d(X, K, params);
  const [rows, cols] = shapeOf(out);
  const { stride, dilation } = settings(params);
  return range(0, rows * cols).map((t) => {
    const i = Math.floor(t / cols);
    const j = t % cols;
    const taps = convTaps(X, K, params, i, j);
    const terms = taps.map((x) => `${fmt(x.value)}·${fmt(x.weight)}`).join(" + ");
    const at = stride > 1 ? `window at row ${i}·${stride}, column ${j}·${stride} of the padded input` : "";
    const spread = dilation > 1 ? `taps ${dilation} cells apart` : "";
    const note = [at, spread].filter(Boolean).join("; ");
    const where = note ? ` (${note})` : "";
    return {
      cell: [i, j], taps, value: out[i][j],
      get output() { return maskAfter(out, t + 1); },
      caption: `Y[${i}, ${j}] = ${terms} = ${fmt(out[i][j])}${where}`,
    };
  });
}

/**
 * The transposed convolution as a scatter-add on the full canvas.
 * One step per input element (row-major): its copy X[i, j] K placed at
 * (i s, j s); then, only if output_padding > 0, a step that adds its rows and
 * columns at the bottom and right; then, only if padding > 0, the crop.
 * Step: { kind: "add" | "extend" | "crop", source, offset, canvas, added,
 * kept: [top, left, rows, cols] of the output inside canvas, output, caption }.
 */
export function scatterSteps(X, K, params) {
  const { stride, padding, dilation, output_padding: extra } = settings(params);
  const [h, w] = shapeOf(X);
  const [kh, kw] = shapeOf(K);
  const fullRows = fullCanvasSize(h, kh, stride, dilation);
  const fullCols = fullCanvasSize(w, kw, stride, dilation);
  const canvas = makeGrid(fullRows, fullCols, () => 0);
  const apart = dilation > 1 ? ` (its taps ${dilation} cells apart: dilation ${dilation})` : "";
  const steps = [];
  X.forEach((row, i) => row.forEach((x, j) => {
    const top = i * stride;
    const left = j * stride;
    addCopy(canvas, K, x, top, left, dilation);
    const added = [];
    K.forEach((krow, u) => krow.forEach((wv, v) => {
      added.push([top + u * dilation, left + v * dilation]);
    }));
    const at = stride > 1 ? `(${i}·${stride}, ${j}·${stride}) = (${top}, ${left})` : `(${top}, ${left})`;
    const snapshot = canvas.map((r) => r.slice());
    steps.push({
      kind: "add", source: [i, j], offset: [top, left], added, canvas: snapshot,
      kept: [0, 0, fullRows, fullCols], output: snapshot,
      caption: `X[${i}, ${j}] = ${fmt(x)}: add ${fmt(x)} × K${apart} with its top-left corner at ${at}`,
    });
  }));
  let current = canvas;
  if (extra > 0) {
    current = makeGrid(fullRows + extra, fullCols + extra,
      (r, c) => (r < fullRows && c < fullCols ? canvas[r][c] : 0));
    steps.push({
      kind: "extend", source: null, offset: null, added: [], canvas: current,
      kept: [0, 0, fullRows + extra, fullCols + extra], output: current,
      caption: `output_padding ${extra} adds ${plural(extra, "row")} of zeros at the bottom and ${plural(extra, "column")} at the right`,
    });
  }
  if (padding > 0) {
    const rows = fullRows + extra - 2 * padding;
    const cols = fullCols + extra - 2 * padding;
    const output = makeGrid(rows, cols, (r, c) => current[r + padding][c + padding]);
    steps.push({
      kind: "crop", source: null, offset: null, added: [], canvas: current,
      kept: [padding, padding, rows, cols], output,
      caption: `padding ${padding} removes ${plural(padding, "row")} at the top and bottom and ${plural(padding, "column")} at the left and right`,
    });
  }
  return steps;
}

/**
 * The equivalent direct convolution of a transposed convolution, along one axis:
 * the input stretched by s - 1 zeros between elements, padded by
 * q = d (k - 1) - p on each side (cropped if q < 0) and by output_padding at the end.
 * Returns { lead: q, length, source(r) -> index of X or -1, kind(r) }.
 */
export function directAxis(size, kernel, params) {
  const { stride, padding, dilation, output_padding: extra } = settings(params);
  const lead = dilation * (kernel - 1) - padding;
  const stretched = (size - 1) * stride + 1;
  const length = stretched + 2 * lead + extra;
  const kind = (r) => {
    const z = r - lead;
    if (z < 0 || z >= stretched) {
      return "pad";
    }
    return z % stride === 0 ? "input" : "zero";
  };
  const source = (r) => (kind(r) === "input" ? (r - lead) / stride : -1);
  return { lead, length, kind, source };
}

/** The kernel rotated by 180 degrees. */
export function rotate180(K) {
  return K.slice().reverse().map((row) => row.slice().reverse());
}

/**
 * The direct-convolution view: { grid, kinds, sources, kernel (rotated), steps },
 * one step per output cell with its window, like stepperSteps, ending on
 * convTranspose2d(X, K, params).
 */
export function directSteps(X, K, params) {
  const { stride, padding, dilation, output_padding: extra } = settings(params);
  const [h, w] = shapeOf(X);
  const rowsAxis = directAxis(h, K.length, params);
  const colsAxis = directAxis(w, K[0].length, params);
  const grid = makeGrid(rowsAxis.length, colsAxis.length, (r, c) => {
    const a = rowsAxis.source(r);
    const b = colsAxis.source(c);
    return a >= 0 && b >= 0 ? X[a][b] : 0;
  });
  const kinds = makeGrid(rowsAxis.length, colsAxis.length, (r, c) => {
    const kr = rowsAxis.kind(r);
    const kc = colsAxis.kind(c);
    if (kr === "pad" || kc === "pad") {
      return "pad";
    }
    return kr === "input" && kc === "input" ? "input" : "zero";
  });
  const sources = makeGrid(rowsAxis.length, colsAxis.length, (r, c) => {
    const a = rowsAxis.source(r);
    const b = colsAxis.source(c);
    return a >= 0 && b >= 0 ? [a, b] : null;
  });
  const kernel = rotate180(K);
  const conv = { stride: 1, padding: 0, dilation };
  const out = conv2d(grid, kernel, conv);
  const [rows, cols] = shapeOf(out);
  const q = rowsAxis.lead;
  const stretch = stride > 1 ? `${stride - 1} zero${stride > 2 ? "s" : ""} between input elements, ` : "";
  const pad = q >= 0 ? `padded by d(k−1)−p = ${q}` : `cut by p−d(k−1) = ${-q} on each side`;
  const tail = extra > 0 ? ` plus ${extra} at the bottom and right (output_padding)` : "";
  const setup = `${stretch}${pad}${tail}; kernel rotated by 180°`;
  const steps = range(0, rows * cols).map((t) => {
    const i = Math.floor(t / cols);
    const j = t % cols;
    const taps = convTaps(grid, kernel, conv, i, j).map((tap) => ({
      ...tap, source: sources[tap.at[0]][tap.at[1]],
    }));
    return {
      cell: [i, j], taps, value: out[i][j],
      get output() { return maskAfter(out, t + 1); },
      caption: `Y[${i}, ${j}] = ${fmt(out[i][j])} from its window on the input with ${setup}`,
    };
  });
  return { grid, kinds, sources, kernel, steps, lead: q, padding, stride };
}

/**
 * The matrix view. "conv": y = W x, one step per output cell (row of W);
 * "transposed": z = Wᵀ y, one step per input cell (column of W), with the
 * output_padding that gives z the shape of x.
 */
export function matrixView(X, K, params, mode) {
  const { stride, padding, dilation } = settings(params);
  const [h, w] = shapeOf(X);
  const W = convMatrix(K, [h, w], params);
  const y = conv2d(X, K, params);
  const [yr, yc] = shapeOf(y);
  const extra = [h, w].map((n, axis) => n + 2 * padding - span(shapeOf(K)[axis], dilation)
    - stride * ((axis === 0 ? yr : yc) - 1));
  const z = convTranspose2d(y, K, { stride, padding, dilation, output_padding: extra });
  const target = mode === "transposed" ? z : y;
  const [rows, cols] = shapeOf(target);
  const steps = range(0, rows * cols).map((t) => {
    const i = Math.floor(t / cols);
    const j = t % cols;
    const line = mode === "transposed" ? W.map((r) => r[t]) : W[t];
    const name = mode === "transposed" ? `column ${t} of W (row ${t} of Wᵀ)` : `row ${t} of W`;
    const other = mode === "transposed" ? "y" : "x";
    const terms = line.map((v, k) => [v, k]).filter(([v]) => v !== 0)
      .map(([v, k]) => `${fmt(v)}·${other}${k}`).join(" + ") || "0";
    return {
      cell: [i, j], index: t, line, value: target[i][j],
      get output() { return maskAfter(target, t + 1); },
      caption: `${mode === "transposed" ? "z" : "y"}${t} = ${name} · ${other} = ${terms} = ${fmt(target[i][j])}`,
    };
  });
  return { W, x: X, y, z, extra, steps };
}

// ---------------------------------------------------------------------------
// The rules that limit each parameter given the others
// ---------------------------------------------------------------------------

/**
 * The rules a player's setting must follow. A setting is
 * { inputShape: [h, w], kernelShape: [kh, kw], stride, padding, dilation, output_padding }.
 * They are transconv.shapes' rules, except output_padding_below_stride:
 * the players follow MXNet (output_padding < stride), stricter than PyTorch's
 * output_padding < max(stride, dilation) that transconv.shapes accepts.
 */
export const RULES = {
  kernel_fits_padded_input: {
    text: "the dilated kernel fits inside the padded input",
    holds: (s) => [0, 1].every((a) => convOutputSize(s.inputShape[a], s.kernelShape[a],
      s.stride, s.padding, s.dilation) >= 1),
  },
  padding_keeps_output: {
    text: "padding never empties the output",
    holds: (s) => [0, 1].every((a) => convTransposeOutputSize(s.inputShape[a], s.kernelShape[a],
      s.stride, s.padding, s.output_padding, s.dilation) >= 1),
  },
  output_padding_below_stride: {
    text: "output padding below the stride (MXNet's rule)",
    holds: (s) => s.output_padding < s.stride,
  },
};

/** True if setting follows every rule the spec names. */
export function isValid(spec, setting) {
  return spec.rules.every((name) => RULES[name].holds(setting));
}

/** The setting with parameter `name` set to `value` (sizes make square shapes). */
export function withValue(setting, name, value) {
  if (name === "input_size") {
    return { ...setting, inputShape: [value, value] };
  }
  if (name === "kernel_size") {
    return { ...setting, kernelShape: [value, value] };
  }
  return { ...setting, [name]: value };
}

/**
 * [lo, hi]: the values of parameter `name` within the spec's [min, max] that
 * keep the setting valid, the others fixed (the rules make it one interval).
 * [null, null] if there is none.
 */
export function allowedRange(spec, setting, name) {
  const param = spec.params.find((p) => p.name === name);
  const ok = range(param.min, param.max + 1)
    .filter((v) => isValid(spec, withValue(setting, name, v)));
  return ok.length ? [ok[0], ok[ok.length - 1]] : [null, null];
}

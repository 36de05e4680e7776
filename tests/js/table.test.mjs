// node --test: the dependency table of every view against independent loops, on 2,000 random
// settings per view, and the checks that make any model drawable (settle, checkSpec).
// tests/test_engine_vs_ops.py checks the same tables against transconv.ops.
import test from "node:test";
import assert from "node:assert/strict";
import { checkSpec, convOutputSize, convTable, convTransposeOutputSize, evaluate, lit, pointOf, rangesOf, settle, settleArray, settleGrid, termsOf, transposeTable } from "../../transconv/static/engine.js";
import { matrixView } from "../../transconv/static/matrix.js";
import { directSteps, scatterSteps } from "../../transconv/static/scatter_add.js";
import { stepperSteps } from "../../transconv/static/stepper.js";

const SETTINGS = 2000;

/** A deterministic generator of integers lo..hi (a linear congruential generator). */
function integers(seed) {
  let state = seed;
  return (lo, hi) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return lo + (state % (hi - lo + 1));
  };
}

function grid(next, rows, cols) {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => next(-4, 4)));
}

/** Random settings whose operation (conv or transposed) has an output. */
function settings(kind, seed) {
  const next = integers(seed);
  const found = [];
  while (found.length < SETTINGS) {
    const [h, w, kh, kw] = [next(1, 5), next(1, 5), next(1, 4), next(1, 4)];
    const stride = next(1, 4);
    const params = { stride, padding: next(0, 3), dilation: next(1, 3), output_padding: next(0, stride - 1) };
    const rows = kind === "conv" ? convOutputSize(h, kh, stride, params.padding, params.dilation)
      : convTransposeOutputSize(h, kh, stride, params.padding, params.output_padding, params.dilation);
    const cols = kind === "conv" ? convOutputSize(w, kw, stride, params.padding, params.dilation)
      : convTransposeOutputSize(w, kw, stride, params.padding, params.output_padding, params.dilation);
    if (rows >= 1 && cols >= 1) {
      found.push({ X: grid(next, h, w), K: grid(next, kh, kw), params });
    }
  }
  return found;
}

/** Every (input, kernel) pair whose index equation puts it on output cell (i, j): a search. */
function searched(X, K, equation) {
  const found = [];
  X.forEach((row, a) => row.forEach((_, b) => K.forEach((krow, u) => krow.forEach((__, v) => {
    if (equation(a, u, 0) && equation(b, v, 1)) {
      found.push({ input: [a, b], kernel: [u, v] });
    }
  }))));
  return found;
}

const byKey = (terms) => terms.map((t) => `${t.input}|${t.kernel}`).sort();

function assertTableIsTheSearch(table, X, K, equationOf) {
  for (let t = 0; t < table.shape[0] * table.shape[1]; t += 1) {
    const [i, j] = [Math.floor(t / table.shape[1]), t % table.shape[1]];
    assert.deepEqual(byKey(termsOf(table, t)), byKey(searched(X, K, equationOf(i, j))));
  }
}

test("convolution: each output element's terms are the taps X[i s + u d - p] inside X", () => {
  for (const { X, K, params: { stride: s, padding: p, dilation: d } } of settings("conv", 1)) {
    const table = convTable([X.length, X[0].length], [K.length, K[0].length], { stride: s, padding: p, dilation: d });
    assertTableIsTheSearch(table, X, K, (i, j) => (a, u, axis) => a === (axis ? j : i) * s + u * d - p);
  }
});

test("transposed convolution: each output element's terms are the copies a s + u d - p on it", () => {
  for (const { X, K, params } of settings("transposed", 2)) {
    const { stride: s, padding: p, dilation: d } = params;
    const table = transposeTable([X.length, X[0].length], [K.length, K[0].length], params);
    assertTableIsTheSearch(table, X, K, (i, j) => (a, u, axis) => a * s + u * d - p === (axis ? j : i));
  }
});

test("every view's pointed sums add up to the value it shows", () => {
  for (const { X, K, params } of settings("conv", 3).slice(0, 500)) {
    const { table, output } = stepperSteps(X, K, params);
    output.flat().forEach((value, t) => assert.equal(pointOf(table, X, K, t).value, value));
    for (const mode of ["conv", "transposed"]) {
      const view = matrixView(X, K, params, mode);
      const [shown, input] = mode === "conv" ? [view.table, X] : [view.zTable, view.y];
      view.steps.forEach((step, t) => assert.equal(pointOf(shown, input, K, t).value, step.output.flat()[t]));
    }
  }
  for (const { X, K, params } of settings("transposed", 4).slice(0, 500)) {
    const direct = directSteps(X, K, params);
    direct.steps.at(-1).output.flat().forEach((value, t) => assert.equal(pointOf(direct.table, X, K, t).value, value));
  }
});

test("the matrix view's transposed table is the convolution's, transposed: z = Wᵀ y", () => {
  for (const { X, K, params } of settings("conv", 5)) {
    const view = matrixView(X, K, params, "transposed");
    const forward = [];
    for (let r = 0; r < view.table.shape[0] * view.table.shape[1]; r += 1) {
      termsOf(view.table, r).forEach((t) => forward.push(`${r}|${t.input[0] * X[0].length + t.input[1]}|${t.kernel}`));
    }
    const backward = [];
    for (let c = 0; c < X.length * X[0].length; c += 1) {
      termsOf(view.zTable, c).forEach((t) => backward.push(`${t.input[0] * view.y[0].length + t.input[1]}|${c}|${t.kernel}`));
    }
    assert.deepEqual(backward.sort(), forward.sort());
    assert.deepEqual(view.zTable.shape, [X.length, X[0].length]);
  }
});

test("the direct view's window holds exactly the table's terms, at the rotated kernel's taps", () => {
  for (const { X, K, params } of settings("transposed", 6)) {
    const view = directSteps(X, K, params);
    const kw = K[0].length;
    view.steps.forEach((step, t) => {
      const terms = termsOf(view.table, t);
      const onTerms = new Set();
      for (const term of terms) {
        const at = view.at(term.input);
        const [a, b] = view.tap(term.kernel);
        assert.deepEqual(step.window[a * kw + b], at); // the tap of the rotated kernel lies on the term's input
        assert.equal(view.grid[at[0]][at[1]], X[term.input[0]][term.input[1]]);
        assert.equal(view.kernel[a][b], K[term.kernel[0]][term.kernel[1]]);
        onTerms.add(at.join(","));
      }
      for (const [r, c] of step.window) {
        const inside = r >= 0 && c >= 0 && r < view.grid.length && c < view.grid[0].length;
        assert.ok(onTerms.has(`${r},${c}`) || !inside || view.sources[r][c] === null, "a window cell off the terms holds an input");
      }
    });
  }
});

test("a scatter-add step's canvas is the running sum of the copies so far", () => {
  for (const { X, K, params } of settings("transposed", 7).slice(0, 500)) {
    const { table, steps } = scatterSteps(X, K, params);
    const adds = steps.filter((s) => s.kind === "add");
    const extra = params.output_padding;
    adds.forEach((step, t) => {
      const full = evaluate(table, X, K, t + 1);
      assert.deepEqual(step.canvas, full.slice(0, full.length - extra).map((row) => row.slice(0, row.length - extra)));
    });
  }
});

test("pointing lights what the table says, and nothing for nothing", () => {
  const table = convTable([4, 4], [3, 3], {});
  const out = lit(table, { grid: "output", index: 3 });
  assert.deepEqual([...out.input].sort((a, b) => a - b), [5, 6, 7, 9, 10, 11, 13, 14, 15]);
  assert.equal(out.kernel.size, 9);
  assert.deepEqual([...lit(table, { grid: "input", index: 5 }).output], [0, 1, 2, 3]);
  assert.deepEqual([...lit(table, { grid: "input", index: 0 }).output], [0]);
  const none = lit(table, null);
  assert.equal(none.input.size + none.kernel.size + none.output.size, 0);
  const padded = convTable([2, 2], [3, 3], { padding: 1 });
  assert.equal(termsOf(padded, 0).length, 4); // the padding's taps are no terms
});

// ---------------------------------------------------------------------------
// Trust nothing
// ---------------------------------------------------------------------------

const PLAYER = {
  player: "scatter-add",
  title: "Scatter-add",
  rules: ["output_padding_below_stride", "padding_keeps_output"],
  params: [
    { name: "input_size", label: "Input size", min: 1, max: 6, default: 2 },
    { name: "kernel_size", label: "Kernel size", min: 1, max: 4, default: 2 },
    { name: "stride", label: "Stride", min: 1, max: 4, default: 1 },
    { name: "padding", label: "Padding", min: 0, max: 4, default: 0 },
    { name: "output_padding", label: "Output padding", min: 0, max: 3, default: 0 },
    { name: "dilation", label: "Dilation", min: 1, max: 3, default: 1 },
  ],
  views: { name: "view", label: "View", options: [["scatter", "S"], ["direct", "D"]], default: "scatter" },
  example: { input_start: 0, kernel_start: 0, random_low: 0, random_high: 3, max_seed: 999 },
};

test("any model settles to values the spec allows", () => {
  const hostile = {
    input_size: 1000, kernel_size: -3, stride: 0, padding: null, output_padding: 2.6, dilation: "2",
    view: "matrix", X: "abc", K: [[1, [2]]], example: "mine", seed: 1e9, step: -5,
  };
  const settled = settle(PLAYER, hostile);
  assert.deepEqual(settled, {
    input_size: 6, kernel_size: 1, stride: 4, padding: 0, output_padding: 3, dilation: 1, view: "scatter",
    X: [], K: [], example: "seed", seed: 999, starts: [0, 0], step: 0,
  });
  // output padding 3 needs stride 4: the rules moved the stride (the first parameter that helps)
  assert.equal(settle(PLAYER, { ...settled, stride: 1 }).stride, 4);
  // a custom array sets its size; a ragged one or one beyond the spec is dropped
  assert.equal(settle(PLAYER, { ...settled, X: [[1, 2, 3], [4, 5, 6]] }).input_size, 2);
  assert.deepEqual(settleGrid([[1, 2], [3]], 6), []);
  assert.deepEqual(settleGrid([[1, Infinity]], 6), []);
  assert.deepEqual(settleGrid(Array(7).fill([1]), 6), []);
  // padding that empties the output: the size grows until it does not
  const emptied = settle(PLAYER, { ...settled, output_padding: 0, stride: 1, input_size: 1, kernel_size: 1, padding: 4 });
  assert.ok(emptied.input_size >= 1 && emptied.padding <= 4);
  assert.deepEqual(settle(PLAYER, emptied), emptied);
});

test("settled values draw: every view of random hostile models has an output", () => {
  const next = integers(8);
  const wild = () => [next(-5, 50), null, "x", 1.5, true, [], {}][next(0, 6)];
  for (let n = 0; n < 500; n += 1) {
    const raw = Object.fromEntries(PLAYER.params.map((p) => [p.name, wild()]));
    const s = settle(PLAYER, { ...raw, X: [], K: [] });
    for (const p of PLAYER.params) {
      assert.ok(Number.isInteger(s[p.name]) && s[p.name] >= p.min && s[p.name] <= p.max, p.name);
    }
    const ranges = rangesOf(PLAYER, s);
    for (const p of PLAYER.params) {
      assert.ok(ranges[p.name].min <= s[p.name] && s[p.name] <= ranges[p.name].max, p.name);
    }
    const X = Array.from({ length: s.input_size }, () => Array(s.input_size).fill(1));
    const K = Array.from({ length: s.kernel_size }, () => Array(s.kernel_size).fill(1));
    assert.ok(scatterSteps(X, K, s).steps.length >= 1);
    assert.ok(directSteps(X, K, s).steps.length >= 1);
  }
});

test("a spec that cannot drive a player is named, not thrown", () => {
  assert.equal(checkSpec(PLAYER), null);
  for (const bad of [null, {}, { ...PLAYER, rules: ["no_such_rule"] }, { ...PLAYER, params: "x" },
    { ...PLAYER, params: [{ name: "stride", min: 3, max: 1, default: 2 }] },
    { ...PLAYER, params: [{ name: "stride", min: 1, max: 1e9, default: 2 }] },
    { ...PLAYER, views: { name: "view", options: [["a", "A"]], default: "b" } },
    { ...PLAYER, example: { input_start: "0" } }]) {
    assert.equal(typeof checkSpec(bad), "string");
  }
  assert.throws(() => transposeTable([1000, 1000], [50, 50], {}), RangeError);
});

const CHANNELS = {
  player: "channels",
  title: "Channels",
  rules: ["output_padding_below_stride", "padding_keeps_output"],
  params: [
    { name: "in_channels", min: 1, max: 3, default: 2 },
    { name: "out_channels", min: 1, max: 3, default: 3 },
    { name: "input_size", min: 1, max: 4, default: 2 },
    { name: "kernel_size", min: 1, max: 3, default: 2 },
    { name: "stride", min: 1, max: 3, default: 1 },
    { name: "padding", min: 0, max: 2, default: 0 },
    { name: "output_padding", min: 0, max: 2, default: 0 },
  ],
  example: { channels: true, input_start: 0, kernel_start: 0, random_low: 0, random_high: 3, max_seed: 999 },
};

test("arrays with channels settle: their sizes from their shapes, the kernel's input channels bound to X's", () => {
  assert.deepEqual(settleArray([[[1, 2]], [[3]]], [3, 4, 4]), []); // ragged inside a channel
  assert.deepEqual(settleArray([[[1]]], [3, 4, 4]), [[[1]]]);
  assert.deepEqual(settleArray([[1, 2]], [3, 4, 4]), []); // too few axes
  const X = [[[1, 2], [3, 4]], [[5, 6], [7, 8]], [[0, 0], [0, 0]]];
  const ok = settle(CHANNELS, { X, K: [[[[1]], [[2]]], [[[1]], [[2]]], [[[1]], [[2]]]] });
  assert.deepEqual([ok.in_channels, ok.out_channels, ok.input_size, ok.kernel_size], [3, 2, 2, 1]);
  const bad = settle(CHANNELS, { X, K: [[[[1]], [[2]]]] }); // K has 1 input channel, X 3
  assert.deepEqual([bad.in_channels, bad.K], [3, []]);
  assert.deepEqual(settle(CHANNELS, { X: [], starts: [5, 2000] }).starts, [0, 0]); // a start beyond 1000: the spec's
  assert.deepEqual(settle(CHANNELS, { starts: [5, -7] }).starts, [5, -7]);
});

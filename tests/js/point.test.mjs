// node --test: the sum under the pointer in every view. For 2,000 random settings per view,
// every output cell pointed at (as each view's own point function answers it) has products that
// multiply and add to the value the view shows, and that name exactly the input and kernel
// elements an independent loop finds; every input cell pointed at lands exactly where the loop
// says. tests/test_engine_vs_ops.py checks the same points against transconv.ops.
import test from "node:test";
import assert from "node:assert/strict";
import { channelsPoint, computeChannels } from "../../transconv/static/channels.js";
import { computeMatrix, matrixPoint } from "../../transconv/static/matrix.js";
import { computePadding, paddingPoint } from "../../transconv/static/padding.js";
import { computeScatter, scatterPoint } from "../../transconv/static/scatter_add.js";
import { computeStepper, stepperPoint, stepperSteps } from "../../transconv/static/stepper.js";
import { convOutputSize, convTransposeOutputSize, evaluate, paceText, playInterval, transposeTable } from "../../transconv/static/engine.js";
import { phaseIndex, subKernels } from "../../transconv/static/phases.js";

const SETTINGS = 2000;

/** A view's data as the shell hands it to the view: with the state it was computed from. */
const withState = (compute, state) => ({ ...compute(state), state });

function integers(seed) {
  let state = seed;
  return (lo, hi) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return lo + (state % (hi - lo + 1));
  };
}

const grid = (next, rows, cols) => Array.from({ length: rows }, () => Array.from({ length: cols }, () => next(-4, 5)));

/** Random settings of a convolution or a transposed convolution that have an output. */
function settings(kind, seed, count = SETTINGS) {
  const next = integers(seed);
  const found = [];
  while (found.length < count) {
    const [h, w, kh, kw] = [next(1, 5), next(1, 5), next(1, 4), next(1, 4)];
    const stride = next(1, 4);
    const params = { stride, padding: next(0, 3), dilation: next(1, 3), output_padding: next(0, stride - 1) };
    const size = kind === "conv" ? (n, k) => convOutputSize(n, k, stride, params.padding, params.dilation)
      : (n, k) => convTransposeOutputSize(n, k, stride, params.padding, params.output_padding, params.dilation);
    if (size(h, kh) >= 1 && size(w, kw) >= 1) {
      found.push({ X: grid(next, h, w), K: grid(next, kh, kw), params });
    }
  }
  return found;
}

/** Every (input, kernel) pair that meets on output (i, j): a search over X × K. */
function search(X, K, meets) {
  const found = [];
  X.forEach((row, a) => row.forEach((x, b) => K.forEach((krow, u) => krow.forEach((k, v) => {
    if (meets(a, u, 0) && meets(b, v, 1)) {
      found.push({ input: [a, b], kernel: [u, v], x, k });
    }
  }))));
  return found;
}

const conv = ({ stride: s, padding: p, dilation: d }, i, j) => (a, u, axis) => a === (axis ? j : i) * s + u * d - p;
const transposed = ({ stride: s, padding: p, dilation: d }, i, j) => (a, u, axis) => a * s + u * d - p === (axis ? j : i);
const sorted = (terms) => terms.map((t) => JSON.stringify([t.input, t.kernel, t.x, t.k])).sort();

/** The point's products add up to its value and to `shown`, and are exactly `expected`. */
function assertPoint(said, shown, expected, where) {
  assert.ok(said && said.point, where);
  const { value, terms } = said.point;
  assert.equal(terms.reduce((sum, t) => sum + t.x * t.k, 0), value, where);
  assert.equal(value, shown, where);
  assert.deepEqual(sorted(terms), sorted(expected), where);
  // badges pair the n-th input with the n-th kernel element: one chip per product, numbered in order
  assert.deepEqual(said.about.chips.filter((c) => !c.later).map((c) => c.badge), terms.map((_, n) => n + 1), where);
  assert.ok(said.about.sentence.startsWith(`${said.point.cell} = `) || said.about.sentence.includes(`= ${said.about.total}`), where);
}

const cellsOf = (output) => output.flatMap((row, i) => row.map((v, j) => [i, j, v]));

test("the stepper: every output cell's products are its window's taps inside X", () => {
  for (const { X, K, params } of settings("conv", 11)) {
    const data = withState(computeStepper, { params, X, K });
    for (const [i, j, v] of cellsOf(data.output)) {
      assertPoint(stepperPoint(data, { grid: "output", i, j }), v, search(X, K, conv(params, i, j)), JSON.stringify({ params, i, j }));
    }
    // an input cell (padded coordinates): the windows that read it
    const [a, b] = [X.length - 1, 0];
    const lands = stepperPoint(data, { grid: "input", i: a + params.padding, j: b + params.padding }).point.lands;
    const expected = cellsOf(data.output).flatMap(([i, j]) => search(X, K, conv(params, i, j))
      .filter((t) => t.input[0] === a && t.input[1] === b).map((t) => ({ output: [i, j], kernel: t.kernel })));
    assert.deepEqual(lands.map((l) => JSON.stringify([l.output, l.kernel])).sort(), expected.map((l) => JSON.stringify([l.output, l.kernel])).sort());
  }
});

test("the scatter-add view: the final output's products, and a running sum's so far and to come", () => {
  for (const [n, { X, K, params }] of settings("transposed", 12).entries()) {
    const data = withState(computeScatter, { params: { ...params, view: "scatter" }, X, K });
    const last = data.steps.length - 1;
    for (const [i, j, v] of cellsOf(data.steps[last].output)) {
      assertPoint(scatterPoint(data, last, { grid: "output", i, j }), v, search(X, K, transposed(params, i, j)), JSON.stringify({ params, i, j }));
    }
    if (n < 300) { // a running sum: the copies of the first t + 1 inputs, the others to come
      const t = Math.floor(X.length * X[0].length / 2);
      const canvas = { ...params, padding: 0 };
      for (const [i, j, v] of cellsOf(data.steps[t].output)) {
        const all = search(X, K, transposed(canvas, i, j));
        const said = scatterPoint(data, t, { grid: "output", i, j });
        const so = all.filter((term) => term.input[0] * X[0].length + term.input[1] <= t);
        assertPoint(said, v, so, JSON.stringify({ params, t, i, j }));
        assert.equal(said.about.chips.filter((c) => c.later).length, all.length - so.length);
      }
    }
  }
});

test("the direct view: every output cell's products, and the stretched input's cells point at X", () => {
  for (const { X, K, params } of settings("transposed", 13)) {
    const data = withState(computeScatter, { params: { ...params, view: "direct" }, X, K });
    const last = data.steps.length - 1;
    for (const [i, j, v] of cellsOf(data.steps[last].output)) {
      assertPoint(scatterPoint(data, last, { grid: "output", i, j }), v, search(X, K, transposed(params, i, j)), JSON.stringify({ params, i, j }));
    }
    data.sources.forEach((row, r) => row.forEach((source, c) => {
      const said = scatterPoint(data, 0, { grid: "direct", i: r, j: c });
      assert.equal(said ? said.point.cell : null, source ? `X[${source[0]}, ${source[1]}]` : null);
    }));
  }
});

test("the matrix view: y = W x and z = Wᵀ y, every element as its products", () => {
  for (const { X, K, params } of settings("conv", 14)) {
    const y = withState(computeMatrix, { params: { ...params, mode: "conv" }, X, K });
    for (const [i, j, v] of cellsOf(y.y)) {
      assertPoint(matrixPoint(y, { grid: "y", i, j }), v, search(X, K, conv(params, i, j)), JSON.stringify({ params, i, j }));
    }
    const z = withState(computeMatrix, { params: { ...params, mode: "transposed" }, X, K });
    const extra = { ...params, output_padding: 0 };
    for (const [i, j, v] of cellsOf(z.z)) {
      // z = Wᵀ y: the transposed convolution of y (the output padding only adds cells at the end)
      assertPoint(matrixPoint(z, { grid: "z", i, j }), v, search(z.y, K, transposed(extra, i, j)), JSON.stringify({ params, i, j }));
    }
    const w = matrixPoint(y, { grid: "W", i: 0, j: 0 });
    assert.equal(w.point, null);
    assert.match(w.about.sentence, /^W\[0, 0\] = /);
  }
});

test("the padding view: every step is the output of its padding, as its products", () => {
  for (const { X, K, params } of settings("transposed", 15)) {
    const data = withState(computePadding, { params, X, K });
    assert.equal(data.steps.length, params.padding + 1);
    data.steps.forEach((step, r) => {
      for (const [i, j, v] of cellsOf(step.output)) {
        assertPoint(paddingPoint(data, r, { grid: "output", i, j }), v, search(X, K, transposed({ ...params, padding: r }, i, j)), JSON.stringify({ params, r, i, j }));
      }
    });
    // the elements whose copies padding p crops away are the ones no output element reads
    const out = data.steps.at(-1).output;
    const read = new Set(cellsOf(out).flatMap(([i, j]) => search(X, K, transposed(params, i, j)).map((t) => t.input.join(","))));
    const fed = new Set(cellsOf(data.full).flatMap(([i, j]) => search(X, K, transposed({ ...params, padding: 0 }, i, j)).map((t) => t.input.join(","))));
    assert.deepEqual(data.lost.map((c) => c.join(",")).sort(), [...fed].filter((c) => !read.has(c)).sort());
  }
});

test("the channels view: an output element is the sum over input channels of their products", () => {
  const next = integers(16);
  let checked = 0;
  while (checked < SETTINGS) {
    const [inputs, outputs, n, k, stride] = [next(1, 3), next(1, 3), next(1, 4), next(1, 3), next(1, 3)];
    const params = { stride, padding: next(0, 2), output_padding: next(0, stride - 1) };
    if (convTransposeOutputSize(n, k, stride, params.padding, params.output_padding, 1) < 1) {
      continue;
    }
    checked += 1;
    const X = Array.from({ length: inputs }, () => grid(next, n, n));
    const K = Array.from({ length: inputs }, () => Array.from({ length: outputs }, () => grid(next, k, k)));
    const data = withState(computeChannels, { params, X, K });
    const last = data.steps.length - 1;
    assert.equal(data.steps.length, inputs * outputs);
    data.steps[last].output.forEach((channel, o) => {
      for (const [i, j, v] of cellsOf(channel)) {
        const expected = X.flatMap((x, c) => search(x, K[c][o], transposed({ ...params, dilation: 1 }, i, j))
          .map((t) => ({ ...t, input: [c, ...t.input], kernel: [c, o, ...t.kernel] })));
        const said = channelsPoint(data, last, { grid: "output", i, j, at: [o] });
        assert.equal(said.point.cell, `Y[${o}][${i}, ${j}]`);
        // sums in another order than the table's may round differently: integers here, exact
        assertPoint(said, v, expected, JSON.stringify({ params, o, i, j }));
      }
    });
  }
});

test("Play covers any setting within 30 s at its normal speed; slow and fast scale it", () => {
  for (const steps of [1, 2, 4, 9, 34, 35, 324, 1089, 5000]) {
    assert.ok(steps * playInterval(steps) <= 30_000, String(steps)); // every step shown for one interval
    assert.ok(playInterval(steps, "slow") >= playInterval(steps) && playInterval(steps, "fast") <= playInterval(steps));
    assert.ok(playInterval(steps, "fast") >= Math.min(16, playInterval(steps)));
  }
  assert.equal(playInterval(4), 900);
});

test("Play's pace in words: per step and in all (every step shown for one interval)", () => {
  // each step shows for one interval: Play runs steps × interval
  assert.equal(paceText(4), "900 ms a step, 3.6 s in all");
  assert.equal(paceText(4, "slow"), "1.8 s a step, 7.2 s in all");
  assert.equal(paceText(4, "fast"), "300 ms a step, 1.2 s in all");
  assert.equal(paceText(324), "92 ms a step, 30 s in all"); // 324 steps of 92 ms: 29.8 s
  assert.equal(paceText(324, "slow"), "184 ms a step, 60 s in all");
  // one step (not "900 ms a step, 0 ms in all")
  assert.equal(paceText(1), "900 ms a step, 900 ms in all");
  assert.equal(paceText(2, "fast"), "300 ms a step, 600 ms in all");
});

test("each phase's output elements receive exactly the kernel elements of its sub-kernel", () => {
  for (const { X, K, params } of settings("transposed", 17).slice(0, 1000)) {
    const table = transposeTable([X.length, X[0].length], [K.length, K[0].length], params);
    const subs = subKernels(K, params);
    const { stride: s, padding: p } = params;
    for (let t = 0; t < table.shape[0] * table.shape[1]; t += 1) {
      const [i, j] = [Math.floor(t / table.shape[1]), t % table.shape[1]];
      const sub = subs[phaseIndex(i, s, p) * s + phaseIndex(j, s, p)];
      for (let q = table.offsets[t]; q < table.offsets[t + 1]; q += 1) {
        const [u, v] = [Math.floor(table.kernels[q] / K[0].length), table.kernels[q] % K[0].length];
        assert.ok(sub.rows.includes(u) && sub.cols.includes(v), JSON.stringify({ params, i, j, u, v }));
      }
    }
    // a constant input: far from the borders (the centre of 20 × 20 inputs) each phase gets its sub-kernel's sum
    const ones = Array.from({ length: 20 }, () => Array(20).fill(1));
    const flat = evaluate(transposeTable([20, 20], [K.length, K[0].length], { ...params, padding: 0, output_padding: 0 }), ones, K);
    const c = Math.floor(flat.length / 2);
    for (const [i, j] of [[c, c], [c + 1, c], [c, c + 1], [c + 1, c + 1]]) {
      assert.equal(flat[i][j], subs[(i % s) * s + (j % s)].sum);
    }
  }
});

test("the stepper's caption works out where the window sits (not 'row 0·4')", () => {
  const X = Array.from({ length: 8 }, (_, i) => Array.from({ length: 8 }, (_, j) => i * 8 + j));
  const K = Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => i * 5 + j));
  const { steps } = stepperSteps(X, K, { stride: 4, padding: 3, dilation: 3 });
  assert.equal(steps.length, 1);
  assert.match(steps[0].caption, /\(window's top-left corner at \(0·4, 0·4\) = \(0, 0\) of the padded input; taps 3 cells apart\)$/);
  const two = stepperSteps(X, [[1, 2], [3, 4]], { stride: 2, padding: 0, dilation: 1 }).steps;
  assert.match(two[5].caption, /window's top-left corner at \(1·2, 1·2\) = \(2, 2\) of the padded input/);
});

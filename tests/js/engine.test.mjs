// Unit tests of the view engine's arithmetic and captions (values from the seed chapter).
import test from "node:test";
import assert from "node:assert/strict";
import { allowedRange, conv2d, convTranspose2d, makeGrid, randomGrid } from "../../transconv/static/engine.js";
import { convMatrix, matrixView } from "../../transconv/static/matrix.js";
import { directSteps, rotate180, scatterSteps } from "../../transconv/static/scatter_add.js";
import { stepperSteps } from "../../transconv/static/stepper.js";

const SEED = [[0, 1], [2, 3]];
/** The seed-style counting grid start, start + 1, ... in row-major order. */
const countingGrid = (rows, cols, start) => makeGrid(rows, cols, (i, j) => start + i * cols + j);
const X4 = countingGrid(4, 4, 1);
const K3 = countingGrid(3, 3, 1);

test("the seed's convolution of a 4x4 input with a 3x3 kernel", () => {
  assert.deepEqual(conv2d(X4, K3, {}), [[348, 393], [528, 573]]);
});

test("the seed's transposed convolution, plain and with stride 2", () => {
  assert.deepEqual(convTranspose2d(SEED, SEED, {}), [[0, 0, 1], [0, 4, 6], [4, 12, 9]]);
  assert.deepEqual(convTranspose2d(SEED, SEED, { stride: 2 }),
    [[0, 0, 0, 1], [0, 0, 2, 3], [0, 2, 0, 3], [4, 6, 6, 9]]);
});

test("padding crops the transposed output; output_padding adds at the bottom and right", () => {
  assert.deepEqual(convTranspose2d(SEED, SEED, { padding: 1 }), [[4]]);
  assert.deepEqual(convTranspose2d(SEED, SEED, { stride: 2, output_padding: 1 }).map((r) => r.length),
    [5, 5, 5, 5, 5]);
});

test("W of the seed's 4x4 input and 3x3 kernel is 4x16 and gives the convolution", () => {
  const W = convMatrix(K3, [4, 4], {});
  assert.equal(W.length, 4);
  assert.deepEqual(W[0], [1, 2, 3, 0, 4, 5, 6, 0, 7, 8, 9, 0, 0, 0, 0, 0]);
  const x = X4.flat();
  assert.deepEqual(W.map((row) => row.reduce((s, w, k) => s + w * x[k], 0)), [348, 393, 528, 573]);
});

test("the stepper has one step per output cell, and fills the output in order", () => {
  const { steps } = stepperSteps(X4, K3, {});
  assert.equal(steps.length, 4);
  assert.deepEqual(steps[1].output, [[348, 393], [null, null]]);
  assert.equal(steps[0].caption, "Y[0, 0] = 1·1 + 2·2 + 3·3 + 5·4 + 6·5 + 7·6 + 9·7 + 10·8 + 11·9 = 348");
});

test("captions mention the stride only when it is above 1", () => {
  for (const step of stepperSteps(X4, K3, {}).steps) {
    assert.doesNotMatch(step.caption, /stride|·1,/);
  }
  assert.match(stepperSteps(X4, [[1]], { stride: 2 }).steps[1].caption, /corner at \(0·2, 1·2\) = \(0, 2\)/);
  assert.match(scatterSteps(SEED, SEED, { stride: 2 }).steps[1].caption, /\(0·2, 1·2\) = \(0, 2\)/);
  assert.doesNotMatch(scatterSteps(SEED, SEED, {}).steps[1].caption, /·|dilation/);
  assert.match(scatterSteps(SEED, SEED, { dilation: 2 }).steps[0].caption, /taps 2 cells apart: dilation 2/);
  assert.equal(stepperSteps(X4, [[1, 1]], { dilation: 3 }).steps[0].caption, "Y[0, 0] = 1·1 + 4·1 = 5 (taps 3 cells apart)");
});

test("scatter-add: a crop step only with padding, an output_padding step only with it", () => {
  const kinds = (params) => scatterSteps(SEED, SEED, params).steps.map((s) => s.kind);
  assert.deepEqual(kinds({}), ["add", "add", "add", "add"]);
  assert.deepEqual(kinds({ padding: 1 }), ["add", "add", "add", "add", "crop"]);
  assert.deepEqual(kinds({ stride: 2, output_padding: 1 }), ["add", "add", "add", "add", "extend"]);
  const both = scatterSteps(SEED, SEED, { stride: 2, padding: 1, output_padding: 1 }).steps;
  assert.equal(both.at(-2).caption, "output_padding 1 adds 1 row of zeros at the bottom and 1 column at the right");
  assert.equal(both.at(-1).caption, "padding 1 removes 1 row at the top and bottom and 1 column at the left and right");
  assert.deepEqual(both.at(-1).output, [[0, 2, 3], [2, 0, 3], [6, 6, 9]]);
});

test("scatter-add running sums: after the first copies only they are on the canvas", () => {
  const { steps } = scatterSteps(SEED, SEED, {});
  assert.deepEqual(steps[1].output, [[0, 0, 1], [0, 2, 3], [0, 0, 0]]);
  assert.deepEqual(steps[1].added, [[0, 1], [0, 2], [1, 1], [1, 2]]);
});

test("the direct convolution: zeros between elements, padding d(k-1)-p, kernel rotated", () => {
  const view = directSteps(SEED, SEED, { stride: 2 });
  assert.deepEqual(view.kernel, [[3, 2], [1, 0]]);
  assert.deepEqual(view.grid, [
    [0, 0, 0, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 0], [0, 2, 0, 3, 0], [0, 0, 0, 0, 0]]);
  assert.deepEqual(view.kinds[1], ["pad", "input", "zero", "input", "pad"]);
  assert.deepEqual(view.steps.at(-1).output, convTranspose2d(SEED, SEED, { stride: 2 }));
  assert.match(view.steps[0].caption, /1 zero between input elements, padded by d\(k−1\)−p = 1/);
  const cut = directSteps(countingGrid(3, 3, 1), [[1]], { stride: 2, padding: 1 });
  assert.equal(cut.lead, -1);
  assert.deepEqual(cut.grid, [[0, 0, 0], [0, 5, 0], [0, 0, 0]]);
  assert.match(cut.steps[0].caption, /cut by p−d\(k−1\) = 1 on each side/);
  assert.doesNotMatch(directSteps(SEED, SEED, {}).steps[0].caption, /zero/);
});

test("rotate180 reverses rows and columns", () => {
  assert.deepEqual(rotate180([[1, 2, 3], [4, 5, 6]]), [[6, 5, 4], [3, 2, 1]]);
});

test("the matrix view's transposed mode ends on W transposed times y, shaped like x", () => {
  const view = matrixView(X4, K3, { stride: 2, padding: 1 }, "transposed");
  assert.deepEqual(view.extra, [1, 1]);
  const y = view.y.flat();
  const z = view.W[0].map((_, c) => view.W.reduce((s, row, r) => s + row[c] * y[r], 0));
  assert.deepEqual(view.steps.at(-1).output.flat(), z);
  assert.equal(view.steps.length, 16);
});

test("allowed ranges: the kernel must fit; padding never empties the output", () => {
  const spec = (rules, params) => ({ rules, params });
  const conv = spec(["kernel_fits_padded_input"], [
    { name: "kernel_size", min: 1, max: 5 }, { name: "padding", min: 0, max: 3 }]);
  const setting = { inputShape: [3, 3], kernelShape: [3, 3], stride: 1, padding: 0, dilation: 2, output_padding: 0 };
  assert.deepEqual(allowedRange(conv, setting, "kernel_size"), [1, 2]);
  assert.deepEqual(allowedRange(conv, setting, "padding"), [1, 3]);
  const transposed = spec(["output_padding_below_stride", "padding_keeps_output"], [
    { name: "padding", min: 0, max: 4 }, { name: "output_padding", min: 0, max: 3 },
    { name: "stride", min: 1, max: 4 }]);
  const t = { inputShape: [2, 2], kernelShape: [2, 2], stride: 2, padding: 0, dilation: 1, output_padding: 1 };
  assert.deepEqual(allowedRange(transposed, t, "padding"), [0, 2]);
  assert.deepEqual(allowedRange(transposed, t, "output_padding"), [0, 1]);
  assert.deepEqual(allowedRange(transposed, t, "stride"), [2, 4]);
});

test("random grids repeat with their seed and stay in range", () => {
  const a = randomGrid(3, 4, 7, 0, 3);
  assert.deepEqual(a, randomGrid(3, 4, 7, 0, 3));
  assert.notDeepEqual(a, randomGrid(3, 4, 8, 0, 3));
  assert.ok(a.flat().every((v) => Number.isInteger(v) && v >= 0 && v <= 3));
});

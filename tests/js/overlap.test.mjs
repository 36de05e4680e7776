// node --test: the overlap explorer's counts on small cases worked out by hand.
import { test } from "node:test";
import assert from "node:assert/strict";

import {
  interiorCounts, lineCounts, overlapCounts, overlapSummary, overlapView, presetWeights, share,
} from "../../transconv/static/overlap.js";

const VIEW = { max_1d: 36, max_2d: 13 };

test("one layer, kernel 3, stride 2: counts alternate between 1 and 2 along a line", () => {
  assert.deepEqual(lineCounts(3, 2, 1, 4), [[1, 1, 2, 1, 2, 1, 2, 1, 1]]);
  const [plane] = overlapCounts([3, 3], 2, 1, [2, 2]);
  assert.deepEqual(plane[2], [2, 2, 4, 2, 2]);
});

test("stacked layers multiply the unevenness; a divisible kernel stays even", () => {
  // k = 3, s = 2: 1 to 2 copies per axis after one layer, 1 to 5 after three (25 in 2-D)
  assert.deepEqual(interiorCounts(3, 2, 3), [[1, 2], [1, 3], [1, 5]]);
  assert.deepEqual(interiorCounts(4, 2, 2), [[2, 2], [4, 4]]);
  assert.deepEqual(interiorCounts(1, 2, 1), [[0, 1]]);
});

test("the view crops large outputs to their centre and names the verdict", () => {
  const v = overlapView({ size: 8, kernel: 6, stride: 3, layers: 3 }, VIEW);
  assert.equal(v.gridLength, 255); // 8 -> 27 -> 84 -> 255
  assert.equal(v.gridStart, 121);
  assert.equal(v.grid.length, 13);
  assert.equal(v.grid[0].length, 13);
  assert.equal(v.profile.length, 36);
  assert.equal(v.verdict, "even");
  assert.equal(v.ratio, 1);
  const holes = overlapView({ size: 4, kernel: 1, stride: 2, layers: 1 }, VIEW);
  assert.equal(holes.verdict, "holes");
  assert.equal(holes.ratio, Infinity);
  const board = overlapView({ size: 4, kernel: 3, stride: 2, layers: 2 }, VIEW);
  assert.equal(board.verdict, "uneven");
  assert.deepEqual(board.interior2d, [[1, 4], [1, 9]]);
  assert.equal(board.ratio, 9);
});

test("a one-cell input is still a square input, not a line", () => {
  const v = overlapView({ size: 1, kernel: 2, stride: 2, layers: 1 }, VIEW);
  assert.deepEqual(v.grid, [[1, 1], [1, 1]]);
  assert.deepEqual(v.profile, [1, 1]);
});

test("the summary is one sentence about the interior, with the setting", () => {
  const params = { size: 4, kernel: 3, stride: 2, layers: 3 };
  const line = overlapSummary(params, overlapView(params, VIEW));
  assert.equal(line, "Kernel 3, stride 2, 3 layers, 4×4 input: far from the borders output cells are covered "
    + "by 1 to 25 kernel copies in 2-D, 25 times as many in some as in others: a checkerboard.");
  const even = { size: 2, kernel: 2, stride: 2, layers: 1 };
  assert.match(overlapSummary(even, overlapView(even, VIEW)), /same number of kernel copies \(1 in 2-D\)/);
});

test("shading levels round half up and stay 0 for an all-zero grid", () => {
  assert.equal(share(1, 4, 8), 2);
  assert.equal(share(3, 16, 8), 2); // 1.5 rounds up
  assert.equal(share(4, 4, 8), 8);
  assert.equal(share(0, 0, 8), 0);
});

test("kernel presets: the page's alternating kernel, and resize-convolution's box ⊛ w with equal phase sums", () => {
  assert.deepEqual(presetWeights("uniform", 3, 2), [1, 1, 1]);
  assert.deepEqual(presetWeights("alternating", 4, 2), [1, 0.2, 1, 0.2]);
  assert.deepEqual(presetWeights("resize", 3, 2), [1, 1.2, 0.2]); // box of 2 ones ⊛ (1, 0.2)
  assert.equal(presetWeights("resize", 2, 3), null); // a kernel smaller than the stride
  for (let stride = 1; stride <= 3; stride += 1) {
    for (let kernel = stride; kernel <= 6; kernel += 1) {
      const w = presetWeights("resize", kernel, stride);
      const sums = [...Array(stride).keys()].map((phase) => w.filter((_, u) => u % stride === phase).reduce((a, b) => a + b, 0));
      assert.ok(sums.every((v) => Math.abs(v - sums[0]) < 1e-12), `${kernel} ${stride}: ${sums}`);
    }
  }
});

test("a typed kernel: the output of a flat input, flat exactly when its phase sums are equal", () => {
  const flat = overlapView({ size: 6, kernel: 3, stride: 2, layers: 2 }, VIEW, [1, 1.2, 0.2]);
  assert.equal(flat.verdict, "even");
  const board = overlapView({ size: 6, kernel: 4, stride: 2, layers: 1 }, VIEW, [1, 0.2, 1, 0.2]);
  assert.equal(board.verdict, "uneven");
  assert.deepEqual(board.interior, [[0.4, 2]]);
  assert.match(overlapSummary({ size: 6, kernel: 4, stride: 2, layers: 1 }, board, [1, 0.2, 1, 0.2]),
    /^Kernel w = \(1, 0.2, 1, 0.2\), stride 2, 1 layer, 6×6 input: far from the borders a flat input gives 0.16 to 4 in 2-D, 25 times/);
  // with the uniform weights the values are the counts
  assert.deepEqual(overlapView({ size: 4, kernel: 3, stride: 2, layers: 2 }, VIEW, [1, 1, 1]).grid,
    overlapView({ size: 4, kernel: 3, stride: 2, layers: 2 }, VIEW).grid);
});

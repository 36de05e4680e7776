// node --test: the overlap explorer's counts on small cases worked out by hand.
import { test } from "node:test";
import assert from "node:assert/strict";

import {
  convTranspose2d, interiorCounts, lineCounts, overlapCounts, overlapView,
} from "../../transconv/static/overlap.js";

const VIEW = { max_1d: 36, max_2d: 13 };

test("a transposed convolution adds one scaled kernel copy per input cell", () => {
  // the seed chapter's example: X = K = [[0, 1], [2, 3]], stride 1
  const y = convTranspose2d([[0, 1], [2, 3]], [[0, 1], [2, 3]], [1, 1]);
  assert.deepEqual(y, [[0, 0, 1], [0, 4, 6], [4, 12, 9]]);
  // stride 2 puts the copies two cells apart: a gap column and row between them
  assert.deepEqual(convTranspose2d([[1, 1]], [[1]], [2, 2]), [[1, 0, 1]]);
});

test("one layer, kernel 3, stride 2: counts alternate between 1 and 2 along a line", () => {
  assert.deepEqual(lineCounts(3, 2, 1, 4), [[1, 1, 2, 1, 2, 1, 2, 1, 1]]);
  const [plane] = overlapCounts([3, 3], [2, 2], 1, [2, 2]);
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

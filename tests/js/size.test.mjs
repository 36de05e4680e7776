// node --test: the output-size explorer's arithmetic on cases worked out by hand.
import { test } from "node:test";
import assert from "node:assert/strict";

import { convOutputSize } from "../../transconv/static/engine.js";
import { clampParams } from "../../transconv/static/explorer.js";
import {
  convInputSizes, describeSetting, forwardView, sizeLabel, sizeLimits, transposeSettingsFor,
  transposeTerms,
} from "../../transconv/static/size.js";

test("the forward terms add up to the output size", () => {
  // (7 - 1) * 2 - 2 * 1 + 1 * (4 - 1) + 0 + 1 = 12 - 2 + 4 + 0 = 14
  assert.deepEqual(transposeTerms(7, 4, 2, 1, 0, 1), [12, 2, 4, 0, 14]);
  // (7 - 1) * 2 - 2 + 2 * (3 - 1) + 1 + 1 = 16
  assert.deepEqual(transposeTerms(7, 3, 2, 1, 1, 2), [12, 2, 5, 1, 16]);
});

test("settings the rules refuse give no output", () => {
  assert.equal(transposeTerms(4, 3, 2, 1, 2, 1), null); // output_padding 2 >= max(2, 1)
  assert.equal(transposeTerms(1, 2, 1, 1, 0, 1), null); // padding 1 removes the whole output
  assert.notEqual(transposeTerms(3, 2, 1, 0, 1, 2), null); // 1 < max(1, 2): PyTorch allows it
});

test("a strided convolution maps several sizes to one; output padding picks one", () => {
  assert.equal(convOutputSize(14, 4, 2, 1, 1), 7);
  assert.equal(convOutputSize(15, 4, 2, 1, 1), 7);
  assert.deepEqual(convInputSizes(7, 4, 2, 1, 1), [[14, 0], [15, 1]]);
  assert.deepEqual(convInputSizes(4, 3, 1, 0, 1), [[6, 0]]);
});

test("output padding at or above the stride no longer maps back", () => {
  // stride 1, dilation 2, output_padding 1: (3 - 1) + 2 * (2 - 1) + 1 + 1 = 6, mapped to 4, not 3
  const v = forwardView({ size: 3, kernel: 2, stride: 1, padding: 0, output_padding: 1, dilation: 2 });
  assert.equal(v.output, 6);
  assert.equal(v.back, 4);
});

test("the inverse search lists the usual settings first and flags degenerate ones", () => {
  const found = transposeSettingsFor(7, 14, 7, 4);
  const key = (s) => [s.kernel, s.stride, s.padding, s.output_padding].join(",");
  const keys = found.map(key);
  for (const usual of ["4,2,1,0", "3,2,1,1", "2,2,0,0"]) assert.ok(keys.includes(usual), usual);
  const firstDegenerate = found.findIndex((s) => s.degenerate);
  assert.ok(firstDegenerate > 0);
  assert.ok(found.slice(firstDegenerate).every((s) => s.degenerate));
  assert.deepEqual(found.map((s) => s.stride).slice(0, 3), [2, 2, 2]);
  assert.equal(transposeSettingsFor(1, 100, 7, 4).length, 0);
});

test("degenerate settings: holes between copies, inputs cropped away", () => {
  // kernel 1, stride 2: a gap after each of the 7 copies (output 14 = 7 copies + 7 gaps)
  assert.equal(describeSetting(7, 1, 2, 0, 1).holes, 7);
  // kernel 2, stride 2, padding 3: the first and the last copy lie inside the cropped border
  assert.equal(describeSetting(7, 2, 2, 3, 1).cropped_inputs, 2);
  const usual = describeSetting(7, 4, 2, 1, 0);
  assert.deepEqual([usual.even_overlap, usual.cropped_inputs, usual.holes, usual.degenerate],
    [true, 0, 0, false]);
});

const SPEC = {
  params: [
    { name: "mode", options: [["forward", "f"], ["inverse", "i"]] },
    { name: "size", min: 1, max: 64, mode: "forward" },
    { name: "kernel", min: 1, max: 8, mode: "forward" },
    { name: "stride", min: 1, max: 4, mode: "forward" },
    { name: "padding", min: 0, max: 8, mode: "forward" },
    { name: "output_padding", min: 0, max: 3, mode: "forward" },
    { name: "dilation", min: 1, max: 3, mode: "forward" },
    { name: "size_in", min: 1, max: 64, mode: "inverse" },
  ],
};

test("the controls offer only settings with an output, and hide the other mode's", () => {
  const base = { mode: "forward", size: 1, kernel: 1, stride: 1, padding: 0, output_padding: 0, dilation: 1 };
  let limits = sizeLimits(base, SPEC);
  assert.deepEqual([limits.output_padding.max, limits.padding.max], [0, 0]);
  assert.equal(limits.size_in.hidden, true);
  assert.equal(limits.size.hidden, false);
  // stride 3: output padding up to 2; dilation 3 with stride 1: up to 2 as well (PyTorch)
  limits = sizeLimits({ ...base, stride: 3 }, SPEC);
  assert.equal(limits.output_padding.max, 2);
  limits = sizeLimits({ ...base, dilation: 3 }, SPEC);
  assert.equal(limits.output_padding.max, 2);
  assert.match(limits.output_padding.hint, /PyTorch/);
  // 7, kernel 4, stride 2: full output 16 (+ a), so padding up to 7 keeps 2 cells
  limits = sizeLimits({ ...base, size: 7, kernel: 4, stride: 2 }, SPEC);
  assert.equal(limits.padding.max, 7);
  assert.equal(sizeLimits({ ...base, mode: "inverse" }, SPEC).size.hidden, true);
});

test("a smaller stride pulls the output padding and then the padding into range", () => {
  // stride 3 -> 1 with output padding 2: the output padding drops to 0; size 1, kernel 1
  // then leave a full output of 1, so padding 1 drops to 0 as well
  const raw = { mode: "forward", size: 1, kernel: 1, stride: 1, padding: 1, output_padding: 2, dilation: 1, size_in: 7 };
  const { params } = clampParams(SPEC, raw, sizeLimits);
  assert.deepEqual([params.output_padding, params.padding], [0, 0]);
  assert.equal(params.mode, "forward");
  const kept = { ...raw, stride: 3, padding: 0 };
  assert.deepEqual(clampParams(SPEC, kept, sizeLimits).params, kept);
});

test("the landmark's name follows the mode", () => {
  const spec = { title: "Output-size explorer", params: [{ name: "mode", options: [["forward", "Output size of given settings"], ["inverse", "Settings for a wanted output size"]] }] };
  assert.equal(sizeLabel({ mode: "inverse" }, spec), "Output-size explorer: settings for a wanted output size");
});

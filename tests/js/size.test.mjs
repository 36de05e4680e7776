// node --test: the output-size explorer's arithmetic on cases worked out by hand.
import { test } from "node:test";
import assert from "node:assert/strict";

import { convOutputSize, rangesOf, settle, transposeTerms } from "../../transconv/static/engine.js";
import { convInputSizes, describeSetting, forwardEquations, forwardView, sizeLabel, transposeSettingsFor } from "../../transconv/static/size.js";

const SPEC = {
  player: "size",
  title: "Output-size explorer",
  rules: ["output_padding_below_stride_or_dilation", "padding_keeps_output"],
  params: [
    { name: "mode", label: "Mode", options: [["forward", "f"], ["inverse", "i"]], default: "forward" },
    { name: "size", min: 1, max: 64, default: 7, mode: "forward" },
    { name: "kernel", min: 1, max: 8, default: 4, mode: "forward" },
    { name: "stride", min: 1, max: 4, default: 2, mode: "forward" },
    { name: "padding", min: 0, max: 8, default: 1, mode: "forward" },
    { name: "output_padding", min: 0, max: 3, default: 0, mode: "forward" },
    { name: "dilation", min: 1, max: 3, default: 1, mode: "forward" },
    { name: "size_in", min: 1, max: 64, default: 7, mode: "inverse" },
  ],
  aliases: { size: "input_size", kernel: "kernel_size" },
  adjusts: ["output_padding", "padding"],
};

const terms = (...args) => Object.values(transposeTerms(...args));

test("the forward terms add up to the output size", () => {
  // (7 - 1) * 2 - 2 * 1 + 1 * (4 - 1) + 0 + 1 = 12 - 2 + 4 + 0 = 14
  assert.deepEqual(terms(7, 4, 2, 1, 0, 1), [12, 2, 4, 0, 14]);
  // (7 - 1) * 2 - 2 + 2 * (3 - 1) + 1 + 1 = 16
  assert.deepEqual(terms(7, 3, 2, 1, 1, 2), [12, 2, 5, 1, 16]);
});

test("settings the rules refuse give no output", () => {
  const view = (size, kernel, stride, padding, a, dilation) => forwardView(
    { size, kernel, stride, padding, output_padding: a, dilation }, SPEC);
  assert.equal(view(4, 3, 2, 1, 2, 1), null); // output_padding 2 >= max(2, 1)
  assert.equal(view(1, 2, 1, 1, 0, 1), null); // padding 1 removes the whole output
  assert.notEqual(view(3, 2, 1, 0, 1, 2), null); // 1 < max(1, 2): PyTorch allows it
});

test("a strided convolution maps several sizes to one; output padding picks one", () => {
  assert.equal(convOutputSize(14, 4, 2, 1, 1), 7);
  assert.equal(convOutputSize(15, 4, 2, 1, 1), 7);
  assert.deepEqual(convInputSizes(7, 4, 2, 1, 1), [[14, 0], [15, 1]]);
  assert.deepEqual(convInputSizes(4, 3, 1, 0, 1), [[6, 0]]);
});

test("output padding at or above the stride no longer maps back", () => {
  // stride 1, dilation 2, output_padding 1: (3 - 1) + 2 * (2 - 1) + 1 + 1 = 6, mapped to 4, not 3
  const v = forwardView({ size: 3, kernel: 2, stride: 1, padding: 0, output_padding: 1, dilation: 2 }, SPEC);
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
  assert.deepEqual([usual.even_overlap, usual.cropped_inputs, usual.holes, usual.scale_mismatch, usual.degenerate],
    [true, 0, 0, false, false]);
});

test("degenerate settings: a stride that is not the scale factor", () => {
  // 7 -> 14 with stride 3: the input stretched to 21 cells, cropped by 5 at each end; no input is
  // cropped away and no cell is a hole, but the output covers input positions 0.83 to 5.17 only
  const stretched = describeSetting(7, 6, 3, 5, 0);
  assert.deepEqual([stretched.cropped_inputs, stretched.holes, stretched.scale_mismatch, stretched.degenerate],
    [0, 0, true, true]);
  // stride 2 doubles: 3, 2, 1, 1 maps 7 to 14 (within one stride of 7 * 2) and is sound
  assert.equal(describeSetting(7, 3, 2, 1, 1).scale_mismatch, false);
  // 7 -> 15: stride 2 is the scale (15 is within 2 of 14), stride 3 is not (21)
  assert.equal(describeSetting(7, 3, 2, 0, 0).scale_mismatch, false);
  assert.equal(describeSetting(7, 5, 3, 4, 0).scale_mismatch, true);
  const sound = transposeSettingsFor(7, 14, 7, 4).filter((s) => !s.degenerate);
  assert.deepEqual(sound.map((s) => [s.kernel, s.stride, s.padding, s.output_padding]),
    [[2, 2, 0, 0], [3, 2, 1, 1], [4, 2, 1, 0], [5, 2, 2, 1], [6, 2, 2, 0], [7, 2, 3, 1]]);
});

const BASE = { mode: "forward", size: 1, kernel: 1, stride: 1, padding: 0, output_padding: 0, dilation: 1, size_in: 7 };

test("the controls offer only settings with an output; the others their whole range", () => {
  let ranges = rangesOf(SPEC, BASE);
  assert.deepEqual([ranges.output_padding.max, ranges.padding.max], [0, 0]);
  assert.deepEqual([ranges.stride.min, ranges.stride.max, ranges.size.max], [1, 4, 64]);
  // stride 3: output padding up to 2; dilation 3 with stride 1: up to 2 as well (PyTorch)
  assert.equal(rangesOf(SPEC, { ...BASE, stride: 3 }).output_padding.max, 2);
  ranges = rangesOf(SPEC, { ...BASE, dilation: 3 });
  assert.equal(ranges.output_padding.max, 2);
  assert.match(ranges.output_padding.hint, /PyTorch/);
  // 7, kernel 4, stride 2: full output 16 (+ a), so padding up to 7 keeps 2 cells
  ranges = rangesOf(SPEC, { ...BASE, size: 7, kernel: 4, stride: 2 });
  assert.equal(ranges.padding.max, 7);
  assert.equal(ranges.padding.hint, "padding never empties the output");
  // the output padding's range does not depend on the padding (which follows it)
  assert.equal(rangesOf(SPEC, { ...BASE, size: 7, kernel: 4, stride: 2, padding: 7, output_padding: 1 }).output_padding.max, 1);
});

test("a smaller stride pulls the output padding and then the padding into range", () => {
  // stride 3 -> 1 with output padding 2: the output padding drops to 0; size 1, kernel 1
  // then leave a full output of 1, so padding 1 drops to 0 as well
  const raw = { ...BASE, padding: 1, output_padding: 2 };
  const settled = settle(SPEC, raw);
  assert.deepEqual([settled.output_padding, settled.padding], [0, 0]);
  assert.equal(settled.mode, "forward");
  const kept = { ...raw, stride: 3, padding: 0 };
  assert.deepEqual(settle(SPEC, kept), kept);
});

test("the landmark's name follows the mode", () => {
  const spec = { title: "Output-size explorer", params: [{ name: "mode", options: [["forward", "Output size of given settings"], ["inverse", "Settings for a wanted output size"]] }] };
  assert.equal(sizeLabel({ mode: "inverse" }, spec), "Output-size explorer: settings for a wanted output size");
});

/**
 * The value of a displayed expression: integers, + and − (the minus sign), · and /, parentheses
 * and the floor brackets ⌊ ⌋. A small parser of its own, so that the test reads what a reader reads.
 */
function evaluateShown(text) {
  const tokens = text.replace(/\s+/g, "").match(/\d+|[+−·/()⌊⌋]/g);
  assert.equal(tokens.join(""), text.replace(/\s+/g, ""), `unexpected characters in ${text}`);
  let at = 0;
  const peek = () => tokens[at];
  const take = (want) => {
    assert.equal(tokens[at], want, `${text}: expected ${want} at token ${at}`);
    at += 1;
  };
  function atom() {
    const token = tokens[at];
    at += 1;
    if (token === "(" || token === "⌊") {
      const value = sum();
      take(token === "(" ? ")" : "⌋");
      return token === "(" ? value : Math.floor(value);
    }
    assert.match(token, /^\d+$/, text);
    return Number(token);
  }
  function product() {
    let value = atom();
    while (peek() === "·" || peek() === "/") {
      value = tokens[at++] === "·" ? value * atom() : value / atom();
    }
    return value;
  }
  function sum() {
    let value = product();
    while (peek() === "+" || peek() === "−") {
      value = tokens[at++] === "+" ? value + product() : value - product();
    }
    return value;
  }
  const value = sum();
  assert.equal(at, tokens.length, `${text}: tokens left over`);
  return value;
}

test("the worked equation keeps every term: the issue's example, in the chapter's notation", () => {
  const eq = forwardEquations({ size: 7, kernel: 4, stride: 3, padding: 3, output_padding: 2, dilation: 3 });
  assert.equal(eq.transposed.join(" = "), "o = (n − 1)·s − 2p + d·(k − 1) + a + 1 = (7 − 1)·3 − 2·3 + 3·(4 − 1) + 2 + 1 = 18 − 6 + 9 + 2 + 1 = 24");
  assert.equal(eq.back.join(" = "), "⌊(o + 2p − d·(k − 1) − 1) / s⌋ + 1 = ⌊(24 + 2·3 − 3·(4 − 1) − 1) / 3⌋ + 1 = "
    + "⌊(24 + 6 − 9 − 1) / 3⌋ + 1 = ⌊20 / 3⌋ + 1 = 6 + 1 = 7");
});

test("every stage of every displayed equation equals its result, for 2,000 settings and more", () => {
  const next = (() => {
    let state = 2026;
    return (lo, hi) => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return lo + (state % (hi - lo + 1));
    };
  })();
  let checked = 0;
  while (checked < 3000) {
    const p = { mode: "forward", size: next(1, 64), kernel: next(1, 8), stride: next(1, 4), padding: next(0, 8), output_padding: next(0, 3), dilation: next(1, 3) };
    const view = forwardView(p, SPEC);
    if (!view) {
      continue; // a setting the explorer never shows
    }
    checked += 1;
    const eq = forwardEquations(p);
    for (const [stages, result] of [[eq.transposed, view.output], [eq.back, view.back]]) {
      assert.equal(Number(stages.at(-1)), result, JSON.stringify(p));
      for (const stage of stages.slice(1)) {
        assert.equal(evaluateShown(stage), result, `${stage} (${JSON.stringify(p)})`);
      }
    }
    // each term of the formula is in the substituted stage and in the evaluated one
    assert.match(eq.transposed[1], /^\(\d+ − 1\)·\d+ − 2·\d+ \+ \d+·\(\d+ − 1\) \+ \d+ \+ 1$/);
    assert.equal(eq.transposed[2].split(/ [+−] /).length, 5);
  }
});

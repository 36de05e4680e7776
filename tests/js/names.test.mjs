// node --test: what pointing says names only what the player shows. A cell of the scatter-add's
// "Copy" grid is that copy's element, X[a, b]·K[u, v]; the uncropped output is called "canvas"
// only where padding crops it (its grid is then titled "Canvas ..."), else it is Y.
import test from "node:test";
import assert from "node:assert/strict";
import { computeScatter, scatterPoint } from "../../transconv/static/scatter_add.js";

const withState = (compute, state) => ({ ...compute(state), state });
const X = [[0, 1], [2, 3]];
const K = [[0, 1], [2, 3]];
const params = (padding) => ({ stride: 1, padding, dilation: 1, output_padding: 0, view: "scatter", phases: "off" });

test("pointing at a cell of the Copy grid says that copy's element, product and value", () => {
  const data = withState(computeScatter, { params: params(0), X, K });
  const said = scatterPoint(data, 0, { grid: "copy", i: 0, j: 1 });
  assert.equal(said.about.sentence, "copy[0, 1] = X[0, 0]·K[0, 1] = 0·1 = 0");
  assert.deepEqual(said.point, { cell: "copy[0, 1]", value: 0, terms: [{ input: [0, 0], kernel: [0, 1], x: 0, k: 1 }] });
  assert.equal(said.about.head, "copy[0, 1] =");
  const later = scatterPoint(data, 3, { grid: "copy", i: 1, j: 1 });
  assert.equal(later.about.sentence, "copy[1, 1] = X[1, 1]·K[1, 1] = 3·3 = 9");
  assert.deepEqual(later.about.chips.map((c) => c.later), [false]);
});

test("without padding no sentence names a canvas; with padding the uncropped cells are canvas cells", () => {
  for (const padding of [0, 1]) {
    const data = withState(computeScatter, { params: params(padding), X, K });
    const sentences = [];
    data.steps.forEach((step, t) => {
      const grids = { input: X, copy: step.kind === "add" ? K : [], output: step.output };
      for (const [grid, cells] of Object.entries(grids)) {
        cells.forEach((row, i) => row.forEach((_, j) => sentences.push(scatterPoint(data, t, { grid, i, j }).about.sentence)));
      }
    });
    const named = sentences.filter((s) => s.includes("canvas[")).length;
    if (padding) {
      assert.ok(named > 0);
    } else {
      assert.equal(named, 0, sentences.find((s) => s.includes("canvas[")));
    }
  }
});

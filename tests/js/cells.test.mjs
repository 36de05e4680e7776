// node --test: how a grid cell shows a number (grid.js's cellText): compact, and never wrong.
import { test } from "node:test";
import assert from "node:assert/strict";

import { cellText } from "../../transconv/static/grid.js";

test("small integers as they are, larger numbers compact (issue 18's examples)", () => {
  for (const [v, shown] of [[0, "0"], [-12, "-12"], [1089, "1089"], [-999, "-999"], [12345, "1.2e4"],
    [7123456.789, "7.1e6"], [-0.33333, "-0.33"], [2.5, "2.5"], [Number("1e-400"), "0"], [0.000012, "1e-5"],
    [Infinity, "∞"], [-Infinity, "-∞"], [NaN, "NaN"], [null, ""]]) {
    assert.equal(cellText(v), shown, String(v));
  }
});

test("every shown number is at most five characters and within rounding of the value", () => {
  let state = 12345;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  for (let k = 0; k < 20000; k += 1) {
    const v = (random() < 0.5 ? -1 : 1) * 10 ** (random() * 60 - 30) * (random() < 0.2 ? Math.round(random() * 100) : 1);
    const shown = cellText(v);
    assert.ok(shown.length <= 5 || Math.abs(v) >= 1e100 || (Math.abs(v) < 1e-9 && shown.length <= 6), `${v} -> ${shown}`);
    const back = Number(shown);
    // one significant digit at the least: within half a unit of the first digit
    const unit = 10 ** Math.floor(Math.log10(Math.abs(v)));
    assert.ok(Math.abs(back - v) <= unit / 2 + 1e-12 * Math.abs(v), `${v} -> ${shown}`);
    if (Number.isInteger(v) && String(v).length <= 4) {
      assert.equal(shown, String(v));
    }
  }
});

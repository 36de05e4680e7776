// The scatter-add player: a transposed convolution as a sum of scaled kernel copies, one input
// element per step, then output_padding and the crop; and its second view, the equivalent
// direct convolution, one output cell per step, ending on the same output.

import { directSteps, scatterSteps, transposeTaps } from "./engine.js";
import { createGrid, el } from "./grid.js";
import { mountPlayer, paramsOf } from "./player.js";

const VIEWS = [["scatter", "Scatter-add"], ["direct", "Direct convolution"]];

function computeScatter(state) {
  const params = paramsOf(state);
  if (state.toggle === "direct") {
    return { view: "direct", params, ...directSteps(state.X, state.K, params) };
  }
  return { view: "scatter", params, steps: scatterSteps(state.X, state.K, params) };
}

/** The step of the other view at the same point: first to first, last to last. */
function mapScatterStep(before, after, t) {
  const from = before ? before.steps.length - 1 : 0;
  const to = after.steps.length - 1;
  return from > 0 ? Math.round((t / from) * to) : 0;
}

/** Which input elements (visited so far) and kernel taps give canvas cell (r, c). */
function canvasTaps(data, r, c, visited) {
  const cols = data.state.X[0].length;
  const canvasParams = { ...data.params, padding: 0 };
  return transposeTaps(data.state.X, data.state.K, canvasParams, r, c)
    .filter((tap) => tap.cell[0] * cols + tap.cell[1] < visited);
}

function buildScatterView(box, hooks) {
  const point = (grid) => (hooks.onPoint ? (i, j) => hooks.onPoint(i === undefined ? null : { grid, i, j }) : undefined);
  const editable = Boolean(hooks.onEdit);
  const input = createGrid({ title: "Input X", name: "X", editable, onPoint: point("input"), onEdit: editable && ((i, j, v) => hooks.onEdit("input", i, j, v)) });
  const kernel = createGrid({ title: "Kernel K", name: "K", editable, onPoint: point("kernel"), onEdit: editable && ((i, j, v) => hooks.onEdit("kernel", i, j, v)) });
  const canvas = createGrid({ title: "Before the crop", name: "canvas", onPoint: point("canvas"), scroll: true });
  const direct = createGrid({ title: "Input with zeros and padding", name: "Z", onPoint: point("direct"), scroll: true });
  const rotated = createGrid({ title: "Kernel rotated by 180°", name: "K180", onPoint: point("rotated") });
  const output = createGrid({ title: "Output Y", name: "Y", onPoint: point("output"), scroll: true });
  const sources = el("div", { class: "tcv-row" }, [input.root, kernel.root]);
  const result = el("div", { class: "tcv-row" }, [canvas.root, direct.root, rotated.root, output.root]);
  box.append(sources, result);

  const drawScatter = (data, t, pointer) => {
    const step = data.steps[t];
    const X = data.state.X;
    const cols = X[0].length;
    const adds = X.length * cols;
    const visited = step.kind === "add" ? t + 1 : adds;
    const [top, left] = step.kept;
    const added = new Set(step.added.map((cell) => cell.join(",")));
    const litIn = new Set();
    const litTaps = new Set();
    const litOut = new Set();
    if (pointer && (pointer.grid === "output" || pointer.grid === "canvas")) {
      const [r, c] = pointer.grid === "output" ? [pointer.i + top, pointer.j + left] : [pointer.i, pointer.j];
      for (const tap of canvasTaps(data, r, c, visited)) {
        litIn.add(tap.cell.join(","));
        litTaps.add(tap.tap.join(","));
      }
      litOut.add(`${r},${c}`);
    } else if (pointer && pointer.grid === "input") {
      const { stride, dilation } = data.params;
      litIn.add(`${pointer.i},${pointer.j}`);
      data.state.K.forEach((row, u) => row.forEach((_, v) => {
        litOut.add(`${pointer.i * stride + u * dilation},${pointer.j * stride + v * dilation}`);
      }));
    }
    input.update(X, (i, j) => {
      const k = i * cols + j;
      return ["in", step.kind === "add" && step.source[0] === i && step.source[1] === j ? "cur" : "",
        k < visited ? "" : "later", litIn.has(`${i},${j}`) ? "hl" : ""].join(" ");
    });
    kernel.update(data.state.K, (a, b) => `ker ${step.kind === "add" ? "win" : ""} ${litTaps.has(`${a},${b}`) ? "hl" : ""}`);
    const full = step.canvas.length;
    const wide = step.canvas[0].length;
    const extended = (r, c) => r >= full - data.params.output_padding || c >= wide - data.params.output_padding;
    const outClass = (r, c) => [
      "out", added.has(`${r},${c}`) ? "win" : "",
      step.kind !== "add" && data.params.output_padding && extended(r, c) ? "ext" : "",
      litOut.has(`${r},${c}`) ? "hl" : "",
    ].join(" ");
    canvas.root.hidden = step.kind !== "crop";
    if (step.kind === "crop") {
      const [, , rows, wideKept] = step.kept;
      canvas.update(step.canvas, (r, c) => `${outClass(r, c)} ${r < top || c < left || r >= top + rows || c >= left + wideKept ? "dim" : ""}`);
    }
    output.setTitle(step.kind === "add" && t < data.steps.length - 1 ? "Output Y (running sum)" : "Output Y");
    output.update(step.output, (i, j) => outClass(i + top, j + left));
  };

  const drawDirect = (data, t, pointer) => {
    const step = data.steps[t];
    const window = new Set(step.taps.map((tap) => tap.at.join(",")));
    const lit = new Set();
    const litIn = new Set();
    const litTaps = new Set();
    const litOut = new Set();
    const cols = step.output[0].length;
    const pointedTaps = (i, j) => data.steps[i * cols + j].taps;
    if (pointer && pointer.grid === "output") {
      for (const tap of pointedTaps(pointer.i, pointer.j)) {
        lit.add(tap.at.join(","));
        litTaps.add(tap.tap.join(","));
        if (tap.source) {
          litIn.add(tap.source.join(","));
        }
      }
      litOut.add(`${pointer.i},${pointer.j}`);
    } else if (pointer && (pointer.grid === "input" || pointer.grid === "direct")) {
      const source = pointer.grid === "input" ? [pointer.i, pointer.j] : data.sources[pointer.i][pointer.j];
      if (source) {
        litIn.add(source.join(","));
        data.steps.forEach((s) => {
          if (s.taps.some((tap) => tap.source && tap.source[0] === source[0] && tap.source[1] === source[1])) {
            litOut.add(s.cell.join(","));
          }
        });
        data.sources.forEach((row, r) => row.forEach((src, c) => {
          if (src && src[0] === source[0] && src[1] === source[1]) {
            lit.add(`${r},${c}`);
          }
        }));
      }
    }
    input.update(data.state.X, (i, j) => `in ${litIn.has(`${i},${j}`) ? "hl" : ""}`);
    kernel.update(data.state.K, () => "ker");
    canvas.root.hidden = true;
    direct.update(data.grid, (r, c) => {
      const kind = data.kinds[r][c];
      return [kind === "input" ? "in" : kind, window.has(`${r},${c}`) ? "win" : "", lit.has(`${r},${c}`) ? "hl" : ""].join(" ");
    });
    rotated.update(data.kernel, (a, b) => `ker win ${litTaps.has(`${a},${b}`) ? "hl" : ""}`);
    output.setTitle("Output Y");
    output.update(step.output, (i, j) => [
      step.output[i][j] === null ? "empty" : "out",
      i === step.cell[0] && j === step.cell[1] ? "cur" : "", litOut.has(`${i},${j}`) ? "hl" : "",
    ].join(" "));
  };

  const draw = (data, t, pointer) => {
    const isDirect = data.view === "direct";
    direct.root.hidden = !isDirect;
    rotated.root.hidden = !isDirect;
    (isDirect ? drawDirect : drawScatter)(data, t, pointer);
  };
  return { draw };
}

export default {
  render({ model, el: host }) {
    return mountPlayer({
      model, el: host, compute: computeScatter, buildView: buildScatterView, mapStep: mapScatterStep,
      toggle: { name: "view", label: "View", options: VIEWS },
    });
  },
};

// The output-size explorer of a transposed convolution: forward (settings ->
// size, with the terms of the formula and the convolution that maps back) and
// inverse (input size and wanted output -> every setting that gives it).
//
// The size arithmetic and the search are engine.js's (checked against transconv.shapes
// under Node by tests/test_explorers.py); this module says what they mean and draws them
// for anywidget (live) and the static book.
//
// data-state of the root element (JSON, updated on every change):
//   params  every parameter of the spec (mode, the forward setting, the inverse question)
//   forward mode:
//     output  [[o]]: the output size
//     terms   [stretched, cropped, span, output_padding, output]
//     back    what the convolution with the same settings maps o to
//     inputs  [[size, output_padding], ...]: every size that convolution maps to the input size
//   inverse mode:
//     output  the rows of the settings table:
//             [kernel, stride, padding, output_padding, even_overlap (0/1), cropped_inputs, holes]
//             in the order of transconv.shapes.transpose_settings_for (non-degenerate first)
//   summary the one line announced

import { convInputSizes, convOutputSize, isValid, plural, settingOf, transposeSettingsFor, transposeTerms } from "./engine.js";
import { el, scrollRegion } from "./grid.js";
import { mount } from "./shell.js";

/**
 * Everything the forward view shows for one setting.
 *
 * @param {{size: number, kernel: number, stride: number, padding: number,
 *   output_padding: number, dilation: number}} p
 * @param {object} spec the size explorer's spec (its rules)
 * @returns {{terms: number[], output: number, back: number, inputs: number[][]}|null}
 *   null for a setting the rules refuse
 */
export function forwardView(p, spec) {
  if (!isValid(spec, settingOf(spec, p))) return null;
  const t = transposeTerms(p.size, p.kernel, p.stride, p.padding, p.output_padding, p.dilation);
  return {
    terms: [t.stretched, t.cropped, t.span, t.outputPadding, t.output],
    output: t.output,
    back: convOutputSize(t.output, p.kernel, p.stride, p.padding, p.dilation),
    inputs: convInputSizes(p.size, p.kernel, p.stride, p.padding, p.dilation),
  };
}

/**
 * The sentence on the convolution with the same settings: does it map the output back?
 * With output_padding >= stride (which PyTorch allows below the dilation) it does not:
 * it maps o to size + floor(output_padding / stride).
 *
 * @param {object} p forward params
 * @param {object} f forwardView(p)
 * @returns {string}
 */
function backSentence(p, f) {
  const conv = `A convolution with kernel ${p.kernel}, stride ${p.stride}, padding ${p.padding} and dilation ${p.dilation}`;
  if (f.back === p.size) {
    return `${conv} maps ${f.output} back to ${p.size}.`;
  }
  return `${conv} maps ${f.output} to ${f.back}, not back to ${p.size}: output padding ${p.output_padding} is not below the stride ${p.stride}. `
    + `PyTorch allows it (it is below the dilation ${p.dilation}), MXNet does not, and the transposed convolution is then no longer the size inverse of the convolution.`;
}

/**
 * What the explorer shows for one setting: summary, data-state's fields and what the view draws.
 *
 * @param {{params: object}} state every parameter of the spec
 * @param {object} spec
 * @returns {{summary: string, fields: object, forward?: object, settings?: object[]}}
 */
function computeSize(state, spec) {
  const params = state.params;
  if (params.mode === "inverse") {
    const { size_in: i, size_out: o, max_kernel: mk, max_stride: ms } = params;
    const settings = transposeSettingsFor(i, o, mk, ms);
    const usable = settings.filter((s) => !s.degenerate).length;
    const summary = settings.length
      ? `${plural(settings.length, "setting")} with kernel up to ${mk} and stride up to ${ms} map ${i} to ${o}; ${usable} of them ${usable === 1 ? "is" : "are"} not degenerate.`
      : `No setting with kernel up to ${mk} and stride up to ${ms} maps ${i} to ${o}.`;
    return {
      summary,
      settings,
      fields: {
        output: settings.map((s) => [s.kernel, s.stride, s.padding, s.output_padding,
          Number(s.even_overlap), s.cropped_inputs, s.holes]),
        summary,
      },
    };
  }
  const f = forwardView(params, spec);
  const summary = `Input ${params.size}, kernel ${params.kernel}, stride ${params.stride}, padding ${params.padding}, `
    + `output padding ${params.output_padding}, dilation ${params.dilation}: output size ${f.output}, `
    + (f.back === params.size ? `mapped back to ${params.size} by the convolution.` : `which the convolution maps to ${f.back}, not back to ${params.size}.`);
  return {
    summary,
    forward: f,
    fields: { output: [[f.output]], terms: f.terms, back: f.back, inputs: f.inputs, summary },
  };
}

/**
 * The explorer's accessible name: its title and its mode (a page may show both modes).
 *
 * @param {object} params
 * @param {object} spec
 * @returns {string}
 */
export function sizeLabel(params, spec) {
  const mode = spec.params.find((p) => p.name === "mode").options.find(([value]) => value === params.mode);
  return `${spec.title}: ${mode[1].toLowerCase()}`;
}

const COLUMNS = ["kernel", "stride", "padding", "output_padding", "even overlap", "inputs cropped away", "holes"];

function settingRow(s) {
  const cells = [s.kernel, s.stride, s.padding, s.output_padding].map((v) => el("td", { text: String(v) }));
  cells.push(el("td", { text: s.even_overlap ? "yes" : "no" }));
  cells.push(el("td", { text: String(s.cropped_inputs) }));
  cells.push(el("td", { text: String(s.holes) }));
  const classes = [s.even_overlap ? "tcv-even" : "", s.degenerate ? "tcv-degenerate" : ""].join(" ").trim();
  return el("tr", { class: classes || null }, cells);
}

function groupRow(text) {
  // the text stays in view while a narrow screen scrolls the wide table sideways
  return el("tr", { class: "tcv-group" }, [el("th", { scope: "rowgroup", colspan: COLUMNS.length }, [el("span", { text })])]);
}

/** What the convolution maps to the input size: the sizes and their output paddings. */
function inputSizes(p, sizes, out) {
  if (!sizes.length) {
    return el("p", { class: "tcv-text", text: `The convolution maps no input size to ${p.size}: padding ${p.padding} removes everything unless the output padding is large.` });
  }
  if (p.stride === 1) {
    return el("p", { class: "tcv-text", text: `With stride 1 only ${sizes[0][0]} is mapped to ${p.size}: the output padding stays 0.` });
  }
  return el("figure", { class: "tcv-grid" }, [
    el("div", { class: "tcv-grid-title", text: `The ${sizes.length} sizes this convolution maps to ${p.size}, and the output padding that gives each back` }),
    el("table", { class: "tcv-table" }, [
      el("thead", {}, [el("tr", {}, [el("th", { scope: "col", text: "size" }), el("th", { scope: "col", text: "output_padding" })])]),
      el("tbody", {}, sizes.map(([n, a]) => el("tr", { class: n === out ? "tcv-current" : null }, [
        el("td", { text: n === out ? `${n} (this output)` : String(n) }), el("td", { text: String(a) })]))),
    ]),
  ]);
}

/** The forward view: the formula with its terms, the output size, the sizes mapped back. */
function drawForward(parts, data, p) {
  const [stretched, cropped, span, extra, out] = data.forward.terms;
  parts.formula.textContent = "o = (i − 1)·s − 2p + d·(k − 1) + a + 1 = "
    + `(${p.size} − 1)·${p.stride} − 2·${p.padding} + ${p.dilation}·(${p.kernel} − 1) + ${p.output_padding} + 1 = `
    + `${stretched} − ${cropped} + ${span} + ${extra} = ${out}`;
  parts.result.replaceChildren("Output size: ", el("b", { text: String(out) }), `. ${backSentence(p, data.forward)}`);
  parts.inputs.replaceChildren(inputSizes(p, data.forward.inputs, out));
}

/** The inverse view: the table of settings, usable ones first. */
function drawInverse(parts, data, params) {
  const settings = data.settings;
  parts.count.textContent = settings.length
    ? `Each row maps ${params.size_in} to ${params.size_out} with dilation 1; the usable settings come first, and framed bold rows have an even overlap.`
    : data.summary;
  const degenerate = settings.filter((s) => s.degenerate);
  const rows = settings.filter((s) => !s.degenerate).map(settingRow);
  if (degenerate.length) {
    rows.push(groupRow(`Degenerate (${degenerate.length}): padding ≥ kernel crops whole input elements away, or some output cells get no kernel copy (holes, e.g. kernel < stride)`));
    rows.push(...degenerate.map(settingRow));
  }
  parts.body.replaceChildren(...rows);
  parts.table.hidden = !settings.length;
  parts.tag.textContent = settings.length
    ? "Even overlap: the kernel size is divisible by the stride, so every output cell away from the border gets the same number of kernel taps. "
      + "That is necessary for an even result, not a guarantee: a learned kernel can still weight its taps unevenly and paint a checkerboard."
    : "";
}

function buildSizeView(stage) {
  const parts = {
    formula: el("p", { class: "tcv-eq" }), result: el("p", { class: "tcv-text" }), inputs: el("div"),
    count: el("p", { class: "tcv-text" }), body: el("tbody"), tag: el("p", { class: "tcv-note" }),
  };
  parts.table = el("table", { class: "tcv-table tcv-settings" }, [
    el("thead", {}, [el("tr", {}, COLUMNS.map((t) => el("th", { scope: "col", text: t })))]), parts.body]);
  const forward = el("div", { class: "tcv-forward" }, [parts.formula, parts.result, parts.inputs]);
  const inverse = el("div", { class: "tcv-inverse" }, [parts.count, scrollRegion("Settings that give this size", parts.table), parts.tag]);
  stage.replaceChildren(forward, inverse);
  return {
    draw(data) {
      const params = data.state.params;
      forward.hidden = params.mode === "inverse";
      inverse.hidden = params.mode !== "inverse";
      (params.mode === "inverse" ? drawInverse : drawForward)(parts, data, params);
    },
  };
}

export default {
  render({ model, el: host }) {
    return mount({
      model,
      el: host,
      compute: computeSize,
      buildView: buildSizeView,
      label: sizeLabel,
    });
  },
};

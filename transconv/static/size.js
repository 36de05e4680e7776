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
//             [kernel, stride, padding, output_padding, even_overlap (0/1), cropped_inputs, holes,
//              scale_mismatch (0/1)]
//             in the order of transconv.shapes.transpose_settings_for (non-degenerate first)
//   summary the one line announced

import { convOutputSize, convTransposeOutputSize, isValid, plural, settingOf, transposeTerms } from "./engine.js";
import { el, scrollRegion } from "./grid.js";
import { mount } from "./shell.js";

// ---------------------------------------------------------------------------
// The size arithmetic's searches (pure; transconv.shapes does the same)
// ---------------------------------------------------------------------------

/**
 * Every input size that a convolution maps to sizeOut, with the output padding that
 * gives it back (transconv.shapes.conv_input_sizes).
 *
 * @returns {number[][]} [[size, outputPadding], ...] in increasing order of size
 */
export function convInputSizes(sizeOut, kernel, stride, padding, dilation) {
  const found = [];
  for (let extra = 0; extra < stride; extra += 1) {
    const size = convTransposeOutputSize(sizeOut, kernel, stride, padding, extra, dilation);
    if (size >= 1 && convOutputSize(size, kernel, stride, padding, dilation) === sizeOut) {
      found.push([size, extra]);
    }
  }
  return found;
}

/** How many of the uncropped output's cells 0 .. x-1 some copy reaches (dilation 1). */
function covered(x, sizeIn, kernel, stride) {
  if (kernel >= stride) {
    return Math.min(x, convTransposeOutputSize(sizeIn, kernel, stride, 0, 0, 1));
  }
  const whole = Math.floor(x / stride);
  if (whole >= sizeIn) {
    return sizeIn * kernel;
  }
  return whole * kernel + Math.min(x - whole * stride, kernel);
}

/**
 * One transposed convolution along one axis (dilation 1) with what makes it degenerate
 * (transconv.shapes.describe_setting).
 *
 * @returns {object} {kernel, stride, padding, output_padding, even_overlap (kernel divisible by
 *   stride), cropped_inputs (inputs whose whole copy lies in the cropped border), holes (output
 *   cells no tap reaches), scale_mismatch (the stride is not the scale factor), degenerate}
 */
export function describeSetting(sizeIn, kernel, stride, padding, outputPadding) {
  const full = convTransposeOutputSize(sizeIn, kernel, stride, 0, outputPadding, 1);
  const top = Math.max(0, Math.floor((padding - kernel) / stride) + 1);
  const bottom = Math.max(0, sizeIn + Math.floor((padding - full) / stride));
  const reached = covered(full - padding, sizeIn, kernel, stride) - covered(padding, sizeIn, kernel, stride);
  const croppedInputs = top + bottom;
  const holes = full - 2 * padding - reached;
  // the stride is not the scale factor: the output is a whole stride or more away from sizeIn * stride
  const scaleMismatch = Math.abs(full - 2 * padding - sizeIn * stride) >= stride;
  return {
    kernel,
    stride,
    padding,
    output_padding: outputPadding,
    even_overlap: kernel % stride === 0,
    cropped_inputs: croppedInputs,
    holes,
    scale_mismatch: scaleMismatch,
    degenerate: croppedInputs > 0 || holes > 0 || scaleMismatch,
  };
}

/** The most candidates a search tries (transconv.shapes.MAX_SEARCH). */
const MAX_SEARCH = 10_000;

/**
 * Every (kernel, stride, padding, output_padding) with dilation 1 that maps sizeIn to sizeOut
 * (transconv.shapes.transpose_settings_for): the non-degenerate settings first, then the
 * degenerate ones, each group by stride, kernel and output padding.
 *
 * @returns {object[]} the settings, as describeSetting gives them
 */
export function transposeSettingsFor(sizeIn, sizeOut, maxKernel, maxStride) {
  if ((maxKernel * maxStride * (maxStride + 1)) / 2 > MAX_SEARCH) {
    throw new RangeError(`a search of kernels up to ${maxKernel} and strides up to ${maxStride} is too long`);
  }
  const found = [];
  for (let stride = 1; stride <= maxStride; stride += 1) {
    for (let kernel = 1; kernel <= maxKernel; kernel += 1) {
      for (let extra = 0; extra < stride; extra += 1) {
        const excess = convTransposeOutputSize(sizeIn, kernel, stride, 0, extra, 1) - sizeOut;
        if (excess >= 0 && excess % 2 === 0) {
          found.push(describeSetting(sizeIn, kernel, stride, excess / 2, extra));
        }
      }
    }
  }
  // Array.prototype.sort is stable: within each group the search order stays
  return found.sort((a, b) => Number(a.degenerate) - Number(b.degenerate));
}

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
 * The worked equations of a forward setting, each as its stages (joined by " = " when shown),
 * every term of the formula kept, in the chapter's notation (n: the input size):
 * the transposed output size o = (n − 1)·s − 2p + d·(k − 1) + a + 1, and what the convolution
 * with the same settings maps o to, ⌊(o + 2p − d·(k − 1) − 1) / s⌋ + 1.
 * tests/js/size.test.mjs evaluates every stage after the first for thousands of settings.
 *
 * @param {object} p forward params {size, kernel, stride, padding, output_padding, dilation}
 * @returns {{transposed: string[], back: string[]}}
 */
export function forwardEquations(p) {
  const { size: n, kernel: k, stride: s, padding: pad, output_padding: a, dilation: d } = p;
  const t = transposeTerms(n, k, s, pad, a, d);
  const o = t.output;
  const reach = d * (k - 1);
  const top = o + 2 * pad - reach - 1;
  const back = Math.floor(top / s);
  return {
    transposed: [
      "o = (n − 1)·s − 2p + d·(k − 1) + a + 1",
      `(${n} − 1)·${s} − 2·${pad} + ${d}·(${k} − 1) + ${a} + 1`,
      `${t.stretched} − ${t.cropped} + ${reach} + ${a} + 1`,
      String(o),
    ],
    back: [
      "⌊(o + 2p − d·(k − 1) − 1) / s⌋ + 1",
      `⌊(${o} + 2·${pad} − ${d}·(${k} − 1) − 1) / ${s}⌋ + 1`,
      `⌊(${o} + ${2 * pad} − ${reach} − 1) / ${s}⌋ + 1`,
      `⌊${top} / ${s}⌋ + 1`,
      `${back} + 1`,
      String(back + 1),
    ],
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
          Number(s.even_overlap), s.cropped_inputs, s.holes, Number(s.scale_mismatch)]),
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

const COLUMNS = ["kernel", "stride", "padding", "output_padding", "even overlap", "inputs cropped away", "holes",
  "stride ≠ scale"];

function settingRow(s) {
  const cells = [s.kernel, s.stride, s.padding, s.output_padding].map((v) => el("td", { text: String(v) }));
  cells.push(el("td", { text: s.even_overlap ? "yes" : "no" }));
  cells.push(el("td", { text: String(s.cropped_inputs) }));
  cells.push(el("td", { text: String(s.holes) }));
  cells.push(el("td", { text: s.scale_mismatch ? "yes" : "no" }));
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
  const out = data.forward.output;
  const equations = forwardEquations(p);
  parts.formula.textContent = equations.transposed.join(" = ");
  parts.result.replaceChildren("Output size: ", el("b", { text: String(out) }), `. ${backSentence(p, data.forward)}`);
  parts.back.textContent = `The convolution maps o = ${out} to ${equations.back.join(" = ")}.`;
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
    rows.push(groupRow(`Degenerate (${degenerate.length}): padding ≥ kernel crops whole input elements away, some output cells get no kernel copy (holes, e.g. kernel < stride), or the stride is not the scale factor (the output does not line up with the input)`));
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
    formula: el("p", { class: "tcv-eq" }), result: el("p", { class: "tcv-text" }), back: el("p", { class: "tcv-eq" }), inputs: el("div"),
    count: el("p", { class: "tcv-text" }), body: el("tbody"), tag: el("p", { class: "tcv-note" }),
  };
  parts.table = el("table", { class: "tcv-table tcv-settings" }, [
    // a heading may wrap between its words and after an underscore (output_<wbr>padding), never inside a word
    el("thead", {}, [el("tr", {}, COLUMNS.map((t) => el("th", { scope: "col" }, t.split(/(?<=_)/).flatMap((w, n) => (n ? [el("wbr"), w] : [w])))))]),
    parts.body]);
  const forward = el("div", { class: "tcv-forward" }, [parts.formula, parts.result, parts.back, parts.inputs]);
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

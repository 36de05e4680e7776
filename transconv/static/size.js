// The output-size explorer of a transposed convolution: forward (settings ->
// size, with the terms of the formula and the convolution that maps back) and
// inverse (input size and wanted output -> every setting that gives it).
//
// Pure functions (exported, checked against transconv.shapes under Node by
// tests/test_explorers.py) do the size arithmetic; the default export draws
// the controls and the views for anywidget (live) and the static book.
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

import { convOutputSize, convTransposeOutputSize, plural } from "./engine.js";
import { el, scrollRegion } from "./grid.js";
import { mountExplorer } from "./explorer.js";

/**
 * Largest output padding plus one that the rule allows: output_padding <
 * max(stride, dilation) (PyTorch's rule, transconv.shapes.check_output_padding).
 *
 * @param {number} stride
 * @param {number} dilation
 * @returns {number}
 */
export function outputPaddingLimit(stride, dilation) {
  return Math.max(stride, dilation);
}

/**
 * The terms of a transposed convolution's output length along one axis
 * (transconv.shapes.transpose_terms): output = stretched - cropped + span + output_padding.
 *
 * @param {number} size input length, >= 1
 * @param {number} kernel
 * @param {number} stride
 * @param {number} padding
 * @param {number} outputPadding
 * @param {number} dilation
 * @returns {number[]|null} [stretched, cropped, span, outputPadding, output],
 *   or null if the output padding is not allowed or the padding removes the whole output
 */
export function transposeTerms(size, kernel, stride, padding, outputPadding, dilation) {
  if (outputPadding < 0 || outputPadding >= outputPaddingLimit(stride, dilation)) return null;
  const output = convTransposeOutputSize(size, kernel, stride, padding, outputPadding, dilation);
  if (output < 1) return null;
  return [(size - 1) * stride, 2 * padding, dilation * (kernel - 1) + 1, outputPadding, output];
}

/**
 * Every input size that a convolution maps to sizeOut, with the output
 * padding that gives it back (transconv.shapes.conv_input_sizes).
 *
 * @param {number} sizeOut
 * @param {number} kernel
 * @param {number} stride
 * @param {number} padding
 * @param {number} dilation
 * @returns {number[][]} [[size, outputPadding], ...] in increasing order of size
 */
export function convInputSizes(sizeOut, kernel, stride, padding, dilation) {
  const found = [];
  for (let extra = 0; extra < stride; extra += 1) {
    // extra < stride <= max(stride, dilation): only an empty output is left to refuse
    const size = convTransposeOutputSize(sizeOut, kernel, stride, padding, extra, dilation);
    if (size >= 1 && convOutputSize(size, kernel, stride, padding, dilation) === sizeOut) {
      found.push([size, extra]);
    }
  }
  return found;
}

/**
 * Everything the forward view shows for one setting.
 *
 * @param {{size: number, kernel: number, stride: number, padding: number,
 *   output_padding: number, dilation: number}} p
 * @returns {{terms: number[], output: number, back: number, inputs: number[][]}|null}
 *   null for a setting the rules refuse
 */
export function forwardView(p) {
  const terms = transposeTerms(p.size, p.kernel, p.stride, p.padding, p.output_padding, p.dilation);
  if (terms === null) return null;
  const output = terms[4];
  return {
    terms,
    output,
    back: convOutputSize(output, p.kernel, p.stride, p.padding, p.dilation),
    inputs: convInputSizes(p.size, p.kernel, p.stride, p.padding, p.dilation),
  };
}

/**
 * How many of the full output's cells 0 .. x-1 some kernel copy reaches
 * (dilation 1): copy i covers cells i*stride .. i*stride + kernel - 1.
 *
 * @param {number} x
 * @param {number} sizeIn
 * @param {number} kernel
 * @param {number} stride
 * @returns {number}
 */
export function covered(x, sizeIn, kernel, stride) {
  if (kernel >= stride) return Math.min(x, (sizeIn - 1) * stride + kernel);
  const whole = Math.floor(x / stride);
  if (whole >= sizeIn) return sizeIn * kernel;
  return whole * kernel + Math.min(x - whole * stride, kernel);
}

/**
 * One transposed convolution along one axis (dilation 1) with what makes it
 * degenerate (transconv.shapes.describe_setting).
 *
 * @param {number} sizeIn
 * @param {number} kernel
 * @param {number} stride
 * @param {number} padding
 * @param {number} outputPadding
 * @returns {object} {kernel, stride, padding, output_padding, even_overlap
 *   (kernel divisible by stride: the same number of taps reach every cell away
 *   from the border, which a learned kernel can still weight unevenly),
 *   cropped_inputs (inputs whose whole copy lies in the cropped border),
 *   holes (output cells no tap reaches), degenerate}
 */
export function describeSetting(sizeIn, kernel, stride, padding, outputPadding) {
  const full = (sizeIn - 1) * stride + kernel + outputPadding;
  const sizeOut = full - 2 * padding;
  const top = Math.max(0, Math.floor((padding - kernel) / stride) + 1);
  const bottom = Math.max(0, sizeIn + Math.floor((padding - full) / stride));
  const reached = covered(full - padding, sizeIn, kernel, stride) - covered(padding, sizeIn, kernel, stride);
  const croppedInputs = top + bottom;
  const holes = sizeOut - reached;
  return {
    kernel,
    stride,
    padding,
    output_padding: outputPadding,
    even_overlap: kernel % stride === 0,
    cropped_inputs: croppedInputs,
    holes,
    degenerate: croppedInputs > 0 || holes > 0,
  };
}

/**
 * Every (kernel, stride, padding, output_padding) with dilation 1 that maps
 * sizeIn to sizeOut (transconv.shapes.transpose_settings_for): the
 * non-degenerate settings first, then the degenerate ones, each group by
 * stride, kernel and output padding.
 *
 * @param {number} sizeIn
 * @param {number} sizeOut
 * @param {number} maxKernel largest kernel tried
 * @param {number} maxStride largest stride tried
 * @returns {object[]} the settings, as describeSetting gives them
 */
export function transposeSettingsFor(sizeIn, sizeOut, maxKernel, maxStride) {
  const found = [];
  for (let stride = 1; stride <= maxStride; stride += 1) {
    for (let kernel = 1; kernel <= maxKernel; kernel += 1) {
      for (let extra = 0; extra < stride; extra += 1) {
        const excess = (sizeIn - 1) * stride + kernel + extra - sizeOut;
        if (excess >= 0 && excess % 2 === 0) {
          found.push(describeSetting(sizeIn, kernel, stride, excess / 2, extra));
        }
      }
    }
  }
  // Array.prototype.sort is stable: within each group the search order stays
  return found.sort((a, b) => Number(a.degenerate) - Number(b.degenerate));
}

// ---------------------------------------------------------------------------
// Limits, summary and view
// ---------------------------------------------------------------------------

/** The rules that limit a control given the others (texts shown beside the controls). */
export const SIZE_RULES = {
  output_padding_below_stride_or_dilation:
    "output padding below max(stride, dilation) (PyTorch's rule; MXNet asks for below the stride)",
  padding_keeps_output: "padding never empties the output",
};

/**
 * What each control of the size explorer offers now: the spec's range narrowed by
 * the rules, and the controls of the other mode hidden.
 *
 * @param {object} params the current values
 * @param {object} spec the size explorer's spec (each parameter's `mode` says where it belongs)
 * @returns {object} name -> {min, max, hint, hidden}
 */
export function sizeLimits(params, spec) {
  const out = {};
  for (const p of spec.params) {
    out[p.name] = { min: p.min, max: p.max, hint: "", hidden: Boolean(p.mode) && p.mode !== params.mode };
  }
  const { size, kernel, stride, dilation } = params;
  const a = out.output_padding;
  const aTop = outputPaddingLimit(stride, dilation) - 1;
  if (aTop < a.max) {
    a.max = Math.max(a.min, aTop);
    a.hint = SIZE_RULES.output_padding_below_stride_or_dilation;
  }
  const extra = Math.min(Math.max(params.output_padding, a.min), a.max);
  const full = (size - 1) * stride + dilation * (kernel - 1) + extra + 1;
  const p = out.padding;
  const pTop = Math.floor((full - 1) / 2);
  if (pTop < p.max) {
    p.max = Math.max(p.min, pTop);
    p.hint = SIZE_RULES.padding_keeps_output;
  }
  return out;
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
export function backSentence(p, f) {
  const conv = `A convolution with kernel ${p.kernel}, stride ${p.stride}, padding ${p.padding} and dilation ${p.dilation}`;
  if (f.back === p.size) {
    return `${conv} maps ${f.output} back to ${p.size}.`;
  }
  return `${conv} maps ${f.output} to ${f.back}, not back to ${p.size}: output padding ${p.output_padding} is not below the stride ${p.stride}. `
    + `PyTorch allows it (it is below the dilation ${p.dilation}), MXNet does not, and the transposed convolution is then no longer the size inverse of the convolution.`;
}

/**
 * What the explorer shows for one setting: summary, data-state and what the view draws.
 *
 * @param {object} params every parameter of the spec
 * @returns {{summary: string, state: object, forward?: object, settings?: object[]}}
 */
export function computeSize(params) {
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
      state: {
        output: settings.map((s) => [s.kernel, s.stride, s.padding, s.output_padding,
          Number(s.even_overlap), s.cropped_inputs, s.holes]),
        summary,
      },
    };
  }
  const f = forwardView(params);
  const summary = `Input ${params.size}, kernel ${params.kernel}, stride ${params.stride}, padding ${params.padding}, `
    + `output padding ${params.output_padding}, dilation ${params.dilation}: output size ${f.output}, `
    + (f.back === params.size ? `mapped back to ${params.size} by the convolution.` : `which the convolution maps to ${f.back}, not back to ${params.size}.`);
  return {
    summary,
    forward: f,
    state: { output: [[f.output]], terms: f.terms, back: f.back, inputs: f.inputs, summary },
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

function buildSizeView(stage) {
  const formula = el("p", { class: "tcv-eq" });
  const result = el("p", { class: "tcv-text" });
  const inputs = el("div");
  const forward = el("div", { class: "tcv-forward" }, [formula, result, inputs]);
  const count = el("p", { class: "tcv-text" });
  const body = el("tbody");
  const table = el("table", { class: "tcv-table tcv-settings" }, [
    el("thead", {}, [el("tr", {}, COLUMNS.map((t) => el("th", { scope: "col", text: t })))]), body]);
  const tag = el("p", { class: "tcv-note" });
  const inverse = el("div", { class: "tcv-inverse" }, [count, scrollRegion("Settings that give this size", table), tag]);
  stage.replaceChildren(forward, inverse);
  return {
    draw(data, params) {
      const isForward = params.mode !== "inverse";
      forward.hidden = !isForward;
      inverse.hidden = isForward;
      if (isForward) {
        const p = params;
        const [stretched, cropped, span, extra, out] = data.forward.terms;
        formula.textContent = "o = (i − 1)·s − 2p + d·(k − 1) + a + 1 = "
          + `(${p.size} − 1)·${p.stride} − 2·${p.padding} + ${p.dilation}·(${p.kernel} − 1) + ${p.output_padding} + 1 = `
          + `${stretched} − ${cropped} + ${span} + ${extra} = ${out}`;
        result.replaceChildren("Output size: ", el("b", { text: String(out) }), `. ${backSentence(p, data.forward)}`);
        const sizes = data.forward.inputs;
        if (!sizes.length) {
          inputs.replaceChildren(el("p", { class: "tcv-text", text: `The convolution maps no input size to ${p.size}: padding ${p.padding} removes everything unless the output padding is large.` }));
        } else if (p.stride === 1) {
          inputs.replaceChildren(el("p", { class: "tcv-text", text: `With stride 1 only ${sizes[0][0]} is mapped to ${p.size}: the output padding stays 0.` }));
        } else {
          inputs.replaceChildren(el("figure", { class: "tcv-grid" }, [
            el("div", { class: "tcv-grid-title", text: `The ${sizes.length} sizes this convolution maps to ${p.size}, and the output padding that gives each back` }),
            el("table", { class: "tcv-table" }, [
              el("thead", {}, [el("tr", {}, [el("th", { scope: "col", text: "size" }), el("th", { scope: "col", text: "output_padding" })])]),
              el("tbody", {}, sizes.map(([n, a]) => el("tr", { class: n === out ? "tcv-current" : null }, [
                el("td", { text: n === out ? `${n} (this output)` : String(n) }), el("td", { text: String(a) })]))),
            ]),
          ]));
        }
        return;
      }
      const settings = data.settings;
      count.textContent = settings.length
        ? `Each row maps ${params.size_in} to ${params.size_out} with dilation 1; the usable settings come first, and framed bold rows have an even overlap.`
        : data.summary;
      const usable = settings.filter((s) => !s.degenerate);
      const degenerate = settings.filter((s) => s.degenerate);
      const rows = usable.map(settingRow);
      if (degenerate.length) {
        rows.push(groupRow(`Degenerate (${degenerate.length}): padding ≥ kernel crops whole input elements away, or some output cells get no kernel copy (holes, e.g. kernel < stride)`));
        rows.push(...degenerate.map(settingRow));
      }
      body.replaceChildren(...rows);
      table.hidden = !settings.length;
      tag.textContent = settings.length
        ? "Even overlap: the kernel size is divisible by the stride, so every output cell away from the border gets the same number of kernel taps. "
          + "That is necessary for an even result, not a guarantee: a learned kernel can still weight its taps unevenly and paint a checkerboard."
        : "";
    },
  };
}

export default {
  render({ model, el: host }) {
    return mountExplorer({
      model,
      el: host,
      limits: sizeLimits,
      compute: computeSize,
      buildView: buildSizeView,
      label: sizeLabel,
    });
  },
};

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

/**
 * Output length of a convolution along one axis (transconv.shapes.conv_output_size).
 *
 * @param {number} size input length, >= 1
 * @param {number} kernel
 * @param {number} stride
 * @param {number} padding
 * @param {number} dilation
 * @returns {number|null} the output length, or null if the dilated kernel is
 *   longer than the padded input (no output)
 */
export function convOutputSize(size, kernel, stride, padding, dilation) {
  const span = dilation * (kernel - 1) + 1;
  const padded = size + 2 * padding;
  if (span > padded) return null;
  return Math.floor((padded - span) / stride) + 1;
}

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
  const stretched = (size - 1) * stride;
  const span = dilation * (kernel - 1) + 1;
  const output = stretched - 2 * padding + span + outputPadding;
  if (output < 1) return null;
  return [stretched, 2 * padding, span, outputPadding, output];
}

/**
 * Output length of a transposed convolution (transconv.shapes.conv_transpose_output_size).
 *
 * @param {number} size
 * @param {number} kernel
 * @param {number} stride
 * @param {number} padding
 * @param {number} outputPadding
 * @param {number} dilation
 * @returns {number|null} null where shapes raises a ValueError
 */
export function convTransposeOutputSize(size, kernel, stride, padding, outputPadding, dilation) {
  const terms = transposeTerms(size, kernel, stride, padding, outputPadding, dilation);
  return terms === null ? null : terms[4];
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
    const size = convTransposeOutputSize(sizeOut, kernel, stride, padding, extra, dilation);
    if (size !== null && convOutputSize(size, kernel, stride, padding, dilation) === sizeOut) {
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

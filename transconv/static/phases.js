// The polyphase panel: the s² sub-kernels of a transposed convolution's kernel, each in the
// colour of the phase it feeds (players.css: .ph0 ... .ph15), with its sum, and what the sums
// say about a constant input (engine.js: subKernels, phaseVerdict).

import { fmt, range, settings, shapeOf } from "./engine.js";
import { createGrid, el } from "./grid.js";

// ---------------------------------------------------------------------------
// The phases (pure): which kernel elements reach which output elements
// ---------------------------------------------------------------------------

/** The phase of element o of an output along one axis: (o + p) mod s (the crop p shifts it). */
export function phaseIndex(o, stride, padding) {
  return (o + padding) % stride;
}

/**
 * The s² sub-kernels of a transposed convolution: the elements of phase (φ, ψ) of the full
 * output receive exactly the kernel elements K[u, v] with u·d ≡ φ and v·d ≡ ψ (mod s), which is
 * K[φ::s, ψ::s] for dilation 1. A constant input c gives, far from the borders, phase (φ, ψ)
 * the value c times its sub-kernel's sum.
 *
 * @param {number[][]} K
 * @param {object} params {stride, dilation}
 * @returns {{phase: number[], rows: number[], cols: number[], values: number[][], sum: number}[]}
 *   row-major in (φ, ψ); rows and cols: the indices of K the sub-kernel takes
 */
export function subKernels(K, params) {
  const { stride, dilation } = settings(params);
  const [kh, kw] = shapeOf(K);
  const taps = (n, phase) => range(0, n).filter((u) => (u * dilation) % stride === phase);
  const found = [];
  for (let phi = 0; phi < stride; phi += 1) {
    for (let psi = 0; psi < stride; psi += 1) {
      const [rows, cols] = [taps(kh, phi), taps(kw, psi)];
      const values = rows.map((u) => cols.map((v) => K[u][v]));
      found.push({ phase: [phi, psi], rows, cols, values, sum: values.flat().reduce((a, b) => a + b, 0) });
    }
  }
  return found;
}

/** True if every sum is equal (up to rounding: 1e-9 of the largest magnitude). */
export function allEqual(sums) {
  const scale = Math.max(1, ...sums.map(Math.abs));
  return sums.every((v) => Math.abs(v - sums[0]) <= 1e-9 * scale);
}

/**
 * What the sub-kernel sums say about a constant input, in one sentence.
 *
 * @param {number[]} sums the s² (or s) sub-kernel sums
 * @returns {string}
 */
function phaseVerdict(sums) {
  if (sums.length === 1) {
    return `Stride 1: one phase, the whole kernel (sum ${fmt(sums[0])}): a constant input gives a constant output away from the borders.`;
  }
  if (allEqual(sums)) {
    return `Every phase's sum is ${fmt(sums[0])}: a constant input gives a flat output away from the borders.`;
  }
  return `The phase sums differ (${sums.map(fmt).join(", ")}): a constant input gives an output that cycles through them, a checkerboard.`;
}

/**
 * Draw the sub-kernels into `panel` (hidden when `phases` is null).
 *
 * @param {HTMLElement} panel
 * @param {object[]|null} phases engine.js's subKernels
 * @param {{stride: number, dilation: number}} params
 * @param {string} [name] the kernel's name in the titles ("K")
 */
export function phasePanel(panel, phases, params, name = "K") {
  panel.hidden = !phases;
  if (!phases) {
    return;
  }
  const { stride } = params;
  const dilation = params.dilation ?? 1;
  const slice = (phase) => (dilation === 1 ? `${name}[${phase[0]}::${stride}, ${phase[1]}::${stride}]`
    : `${name}[u, v] with u·${dilation} ≡ ${phase[0]}, v·${dilation} ≡ ${phase[1]} (mod ${stride})`);
  const grids = phases.map((sub, q) => {
    const title = `Phase (${sub.phase.join(", ")}): ${slice(sub.phase)}, sum ${fmt(sub.sum)}`;
    if (!sub.values.length || !sub.values[0].length) {
      return el("figure", { class: "tcv-grid" }, [el("div", { class: "tcv-grid-title", text: `Phase (${sub.phase.join(", ")}): no kernel element, sum 0` })]);
    }
    const grid = createGrid({ title, name: `${name}${sub.phase.join("")}` });
    grid.update(sub.values, () => `ker ph ph${q}`);
    return grid.root;
  });
  const longest = Math.max(1, ...phases.flatMap((sub) => sub.values.flat().map((v) => fmt(v).length)));
  panel.style.setProperty("--tcv-cell", `${Math.max(2.4, 0.7 * longest + 0.8).toFixed(1)}em`);
  panel.replaceChildren(el("p", { class: "tcv-note", text: phaseVerdict(phases.map((sub) => sub.sum)) }), el("div", { class: "tcv-row" }, grids));
}

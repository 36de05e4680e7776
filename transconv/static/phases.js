// The polyphase panel: the s² sub-kernels of a transposed convolution's kernel, each in the
// colour of the phase it feeds (players.css: .ph0 ... .ph15), with its sum, and what the sums
// say about a constant input (engine.js: subKernels, phaseVerdict).

import { fmt, phaseVerdict } from "./engine.js";
import { createGrid, el } from "./grid.js";

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

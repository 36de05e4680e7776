// The channels player: a transposed convolution from c_i input channels to c_o output channels.
// Every (input channel, output channel) pair has its kernel K[c, o]; output channel o is the sum
// over input channels c of X[c] transposed-convolved with K[c, o], one pair per step. Pointing at
// an output element shows its products channel by channel.

import { elementName, evaluate, landsAbout, landsOf, lit, makeGrid, pointOf, range, shapeOf, sumAbout, termsOf, transposeTable } from "./engine.js";
import { createGrid, el } from "./grid.js";
import { overlay } from "./overlay.js";
import { mount } from "./shell.js";

// ---------------------------------------------------------------------------
// The step sequence (pure): one pair of channels per step
// ---------------------------------------------------------------------------

/**
 * The channels player: a transposed convolution from c_i input channels to c_o output channels,
 * X of shape (c_i, n, n) and the weight K of shape (c_i, c_o, k, k) (MXNet's layout). Output
 * channel o is the sum over input channels c of the single-channel transposed convolutions of
 * X[c] with K[c, o]: one step per pair (o, c), output channel by output channel.
 *
 * @returns {{table: Table, parts: number[][][][], output: number[][][], steps: object[]}} table:
 *   the one table of every pair (same shapes); parts[c][o]: X[c] with K[c, o]; step: {pair: [c, o],
 *   part, output (channels not reached yet are null), caption}
 */
function channelSteps(X, K, params) {
  const [inputs, outputs] = [K.length, K[0].length];
  const table = transposeTable(shapeOf(X[0]), shapeOf(K[0][0]), params);
  const parts = X.map((x, c) => K[c].map((k) => evaluate(table, x, k)));
  const running = range(0, outputs).map((o) => {
    const sums = [];
    parts.forEach((byOutput, c) => sums.push(c ? sums[c - 1].map((row, i) => row.map((v, j) => v + byOutput[o][i][j])) : byOutput[o]));
    return sums;
  });
  const empty = table.shape[0] && makeGrid(table.shape[0], table.shape[1], () => null);
  const steps = [];
  for (let o = 0; o < outputs; o += 1) {
    for (let c = 0; c < inputs; c += 1) {
      const sum = inputs > 1 ? (c === inputs - 1 ? `; Y[${o}] is now the sum over all ${inputs} input channels`
        : `; ${c + 1} of ${inputs} input channels so far`) : "";
      steps.push({
        pair: [c, o], part: parts[c][o],
        get output() { return range(0, outputs).map((q) => (q < o ? running[q][inputs - 1] : q === o ? running[q][c] : empty)); },
        caption: `Y[${o}] += the transposed convolution of X[${c}] with K[${c}, ${o}] (input channel ${c} into output channel ${o})${sum}`,
      });
    }
  }
  return { table, parts, output: running.map((sums) => sums[inputs - 1]), steps };
}

/**
 * Output element t of output channel o as data-state's `point`: its products over every input
 * channel, input [c, i, j] and kernel [c, o, u, v].
 *
 * @returns {{value: number, terms: {input: number[], kernel: number[], x: number, k: number}[]}}
 */
function channelPointOf(table, X, K, o, t) {
  const terms = [];
  X.forEach((x, c) => termsOf(table, t).forEach(({ input, kernel }) => terms.push({
    input: [c, ...input], kernel: [c, o, ...kernel], x: x[input[0]][input[1]], k: K[c][o][kernel[0]][kernel[1]],
  })));
  return { value: terms.reduce((sum, term) => sum + term.x * term.k, 0), terms };
}

export function computeChannels(state) {
  return channelSteps(state.X, state.K, state.params);
}

/**
 * What pointing at a cell says: an element of an output channel as its products over every
 * input channel; an element of the step's part (X[c] with K[c, o]) as its products in that pair;
 * an input element with where its copy lands in every output channel.
 *
 * @param {object} data computeChannels's
 * @param {number} t the step
 * @param {{grid: string, i: number, j: number, at: number[]}|null} pointer at: the channel(s) of the grid
 * @returns {{point: object, about: object}|null}
 */
export function channelsPoint(data, t, pointer) {
  if (!pointer) {
    return null;
  }
  const { X, K } = data.state;
  const cols = data.table.shape[1];
  const index = pointer.i * (pointer.grid === "input" ? X[0][0].length : cols) + pointer.j;
  if (pointer.grid === "output") {
    const [o] = pointer.at;
    const cell = elementName("Y", [o, pointer.i, pointer.j]);
    const point = { cell, ...channelPointOf(data.table, X, K, o, index) };
    return { point, about: sumAbout(cell, point, { input: "X", kernel: "K" }) };
  }
  if (pointer.grid === "part") {
    const [c, o] = data.steps[t].pair;
    const single = pointOf(data.table, X[c], K[c][o], index);
    const terms = single.terms.map((term) => ({ ...term, input: [c, ...term.input], kernel: [c, o, ...term.kernel] }));
    const cell = `(X[${c}] with K[${c}, ${o}])[${pointer.i}, ${pointer.j}]`;
    const point = { cell, value: single.value, terms };
    return { point, about: sumAbout(cell, point, { input: "X", kernel: "K" }) };
  }
  if (pointer.grid === "input") {
    const [c] = pointer.at;
    const x = X[c][pointer.i][pointer.j];
    const lands = [];
    K[c].forEach((kernel, o) => landsOf(data.table, index).forEach(({ output, kernel: [u, v] }) => lands.push({
      output: [o, ...output], kernel: [c, o, u, v], x, k: kernel[u][v],
    })));
    const cell = elementName("X", [c, pointer.i, pointer.j]);
    const point = { cell, value: x, lands };
    return { point, about: landsAbout(cell, point, { output: (index3) => elementName("Y", index3), kernel: "K" }, "copy") };
  }
  return null;
}

/** The grids of one setting's channel counts: X[c], K[c, o], the step's part and Y[o]. */
function buildGrids(box, hooks, inputs, outputs) {
  const point = (grid, at) => (hooks.onPoint ? (i, j) => hooks.onPoint(i === undefined ? null : { grid, i, j, at }) : undefined);
  const editable = Boolean(hooks.onEdit);
  const X = range(0, inputs).map((c) => createGrid({ title: `X[${c}]`, name: `X[${c}]`, editable, onPoint: point("input", [c]),
    onEdit: editable && ((i, j, v) => hooks.onEdit("input", i, j, v, [c])) }));
  const K = range(0, inputs).map((c) => range(0, outputs).map((o) => createGrid({ title: `K[${c}, ${o}]`, name: `K[${c}, ${o}]`, editable,
    onPoint: point("kernel", [c, o]), onEdit: editable && ((u, v, value) => hooks.onEdit("kernel", u, v, value, [c, o])) })));
  const Y = range(0, outputs).map((o) => createGrid({ title: `Y[${o}]`, name: `Y[${o}]`, onPoint: point("output", [o]) }));
  const part = createGrid({ title: "This step", name: "part", onPoint: point("part", []) });
  const table = el("div", { class: "tcv-kernels", style: `grid-template-columns: auto repeat(${outputs}, auto); --tcv-outputs: ${outputs}` }, [
    el("span"), ...range(0, outputs).map((o) => el("span", { class: "tcv-grid-title", text: `to Y[${o}]` })),
    ...K.flatMap((row, c) => [el("span", { class: "tcv-grid-title", text: `from X[${c}]` }), ...row.map((g) => g.root)]),
  ]);
  const section = (title, children) => el("div", { class: "tcv-section" }, [el("div", { class: "tcv-section-title", text: title }), el("div", { class: "tcv-row" }, children)]);
  box.replaceChildren(
    section(`Input X: ${inputs} channel${inputs > 1 ? "s" : ""}`, X.map((g) => g.root)),
    section(`Kernel K: one kernel per input channel and output channel (${inputs} × ${outputs})`, [table]),
    section("This step, and the output channels", [part.root, el("span", { class: "tcv-op", text: "→" }), ...Y.map((g) => g.root)]),
  );
  const layers = hooks.onPoint ? { X: X.map(overlay), K: K.map((row) => row.map(overlay)), Y: Y.map(overlay) } : null;
  return { X, K, Y, part, layers, counts: `${inputs},${outputs}` };
}

/** Badges of the pointed products on their grids: X[c], K[c, o], Y[o] (by their channel indices). */
function channelBadges(grids, point) {
  const on = { X: new Map(), K: new Map(), Y: new Map() };
  const add = (map, key, badge) => map.set(key, [...(map.get(key) || []), badge]);
  (point?.terms || []).forEach((term, n) => {
    const [c, i, j] = term.input;
    const [, o, u, v] = term.kernel;
    add(on.X, c, { i, j, text: String(n + 1), kind: "pair" });
    add(on.K, `${c},${o}`, { i: u, j: v, text: String(n + 1), kind: "pair" });
  });
  (point?.lands || []).forEach((land, n) => {
    const [o, i, j] = land.output;
    const [c, , u, v] = land.kernel;
    add(on.Y, o, { i, j, text: String(n + 1), kind: "pair" });
    add(on.K, `${c},${o}`, { i: u, j: v, text: String(n + 1), kind: "pair" });
  });
  grids.layers.X.forEach((layer, c) => layer.badges(on.X.get(c) || []));
  grids.layers.K.forEach((row, c) => row.forEach((layer, o) => layer.badges(on.K.get(`${c},${o}`) || [])));
  grids.layers.Y.forEach((layer, o) => layer.badges(on.Y.get(o) || []));
}

function buildChannelsView(box, hooks) {
  let grids = null;
  const draw = (data, t, pointer) => {
    const { X, K } = data.state;
    const [inputs, outputs] = [K.length, K[0].length];
    if (!grids || grids.counts !== `${inputs},${outputs}`) {
      grids = buildGrids(box, hooks, inputs, outputs);
    }
    const step = data.steps[t];
    const [c, o] = step.pair;
    const cols = data.table.shape[1];
    const said = channelsPoint(data, t, pointer);
    const terms = said?.point?.terms || [];
    const litIn = new Set(terms.map((term) => term.input.join(",")));
    const litK = new Set(terms.map((term) => term.kernel.join(",")));
    const lands = said?.point?.lands || [];
    const litOut = new Set([...lands.map((l) => l.output.join(",")), ...(pointer && pointer.grid === "output" ? [[pointer.at[0], pointer.i, pointer.j].join(",")] : [])]);
    lands.forEach((l) => litK.add(l.kernel.join(",")));
    grids.X.forEach((grid, q) => {
      grid.root.classList.toggle("tcv-on", q === c);
      grid.update(X[q], (i, j) => `in ${litIn.has(`${q},${i},${j}`) || (pointer?.grid === "input" && pointer.at[0] === q && pointer.i === i && pointer.j === j) ? "hl" : ""}`);
    });
    grids.K.forEach((row, q) => row.forEach((grid, r) => {
      grid.root.classList.toggle("tcv-on", q === c && r === o);
      grid.update(K[q][r], (u, v) => `ker ${litK.has(`${q},${r},${u},${v}`) ? "hl" : ""}`);
    }));
    grids.part.setTitle(`This step: X[${c}] with K[${c}, ${o}]`);
    const partLit = pointer && pointer.grid === "part" ? lit(data.table, { grid: "output", index: pointer.i * cols + pointer.j }).output : new Set();
    grids.part.update(step.part, (i, j) => `out win ${partLit.has(i * cols + j) ? "hl" : ""}`, `(X[${c}] with K[${c}, ${o}])`);
    grids.Y.forEach((grid, q) => {
      grid.root.classList.toggle("tcv-on", q === o);
      grid.setTitle(q < o ? `Y[${q}]: done` : q === o ? `Y[${q}]: running sum` : `Y[${q}]`);
      grid.update(step.output[q], (i, j) => `${step.output[q][i][j] === null ? "empty" : "out"} ${litOut.has(`${q},${i},${j}`) ? "hl" : ""}`);
    });
    if (grids.layers) {
      channelBadges(grids, said && said.point);
    }
    return said;
  };
  return { draw };
}

export default {
  render({ model, el: host }) {
    return mount({ model, el: host, compute: computeChannels, buildView: buildChannelsView, steps: { label: "Step" } });
  },
};

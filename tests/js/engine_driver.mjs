// Runs the view engine on settings read as JSON from stdin and writes what it computes as JSON.
// Used by tests/test_engine_vs_ops.py, which compares every number, every term of every
// dependency table and every pointed sum of every view with transconv.ops.
import { readFileSync } from "node:fs";
import { allowedRange, conv2d, convTranspose2d, evaluate } from "../../transconv/static/engine.js";
import { channelsPoint, computeChannels } from "../../transconv/static/channels.js";
import { computeMatrix, convMatrix, matrixPoint, matrixView } from "../../transconv/static/matrix.js";
import { computePadding, paddingPoint } from "../../transconv/static/padding.js";
import { computeScatter, directSteps, scatterPoint, scatterSteps } from "../../transconv/static/scatter_add.js";
import { computeStepper, stepperPoint, stepperSteps } from "../../transconv/static/stepper.js";

const cases = JSON.parse(readFileSync(0, "utf8"));

/** A table's terms as three flat lists (output, input, kernel: row-major indices), and its outputs' sums. */
function termsAndSums(table, X, K) {
  const outputs = [];
  for (let t = 0; t < table.shape[0] * table.shape[1]; t += 1) {
    for (let q = table.offsets[t]; q < table.offsets[t + 1]; q += 1) {
      outputs.push(t);
    }
  }
  return { outputs, inputs: [...table.inputs], kernels: [...table.kernels], sums: evaluate(table, X, K).flat() };
}

/** True if two tables hold the same terms in the same order. */
function sameTable(a, b) {
  const same = (x, y) => x.length === y.length && x.every((v, i) => v === y[i]);
  return same(a.shape, b.shape) && same(a.offsets, b.offsets) && same(a.inputs, b.inputs) && same(a.kernels, b.kernels);
}

// Each case: { X, K, params, conv, transposed, everyStep, tables, specs?, setting }; conv and transposed
// say which operations the setting allows; everyStep asks for the one-cell-per-step sequences
// (a step's partial output per output cell: their size grows as the square of the output's);
// tables asks for the dependency tables of every view.
const convParts = (X, K, params, everyStep, tables) => {
  const stepper = stepperSteps(X, K, params);
  const conv = matrixView(X, K, params, "conv");
  const transposed = matrixView(X, K, params, "transposed");
  return {
    conv2d: conv2d(X, K, params),
    stepperCount: stepper.steps.length,
    W: convMatrix(K, [X.length, X[0].length], params),
    ...(everyStep ? {
      stepper: stepper.steps.map((s) => s.output),
      matrixConv: conv.steps.map((s) => s.output),
      matrixTransposed: transposed.steps.map((s) => s.output),
    } : {}),
    ...(tables ? {
      // the stepper's and the matrix view's (y = W x) are one table: convTable of the same setting
      convTable: termsAndSums(stepper.table, X, K),
      sameTable: sameTable(stepper.table, conv.table),
      zTable: termsAndSums(transposed.zTable, transposed.y, K),
      y: transposed.y,
    } : {}),
  };
};
const transposedParts = (X, K, params, everyStep, tables) => {
  const direct = directSteps(X, K, params);
  const scatter = scatterSteps(X, K, params);
  return {
    convTranspose2d: convTranspose2d(X, K, params),
    scatter: scatter.steps.map((s) => ({ kind: s.kind, output: s.output })),
    directFinal: direct.steps.at(-1).output,
    ...(everyStep ? { direct: direct.steps.map((s) => s.output) } : {}),
    ...(tables ? {
      directTable: termsAndSums(direct.table, X, K),
      canvasTable: termsAndSums(scatter.table, X, K),
    } : {}),
  };
};
/**
 * What pointing at every cell of `output` says, as a table's terms: the output cell (row-major),
 * each product's input and kernel element (row-major over the whole array, channels first) and
 * the value the point gives; ask(i, j, o) is the view's point function (o: an output channel).
 */
function pointedTerms(output, ask, flatIn, flatK) {
  const found = { outputs: [], inputs: [], kernels: [], values: [], products: [] };
  output.forEach((row, i) => row.forEach((_, j) => {
    const { value, terms } = ask(i, j).point;
    terms.forEach((term) => {
      found.outputs.push(i * row.length + j);
      found.inputs.push(flatIn(term.input));
      found.kernels.push(flatK(term.kernel));
    });
    found.values.push(value);
    found.products.push(terms.reduce((sum, term) => sum + term.x * term.k, 0));
  }));
  return found;
}

/** Row-major index of `index` in an array of `shape`. */
const flat = (shape) => (index) => index.reduce((at, n, axis) => at * shape[axis] + n, 0);

/** The pointed sums of every view (the views' own point functions, as the browser calls them). */
const pointedParts = (X, K, params, conv, transposed) => {
  const shapes = [[X.length, X[0].length], [K.length, K[0].length]];
  const [inX, inK] = shapes.map(flat);
  const withState = (compute, state) => ({ ...compute(state), state });
  const out = {};
  if (conv) {
    const stepper = withState(computeStepper, { params, X, K });
    out.stepper = pointedTerms(stepper.output, (i, j) => stepperPoint(stepper, { grid: "output", i, j }), inX, inK);
    const y = withState(computeMatrix, { params: { ...params, mode: "conv" }, X, K });
    out.matrixY = pointedTerms(y.y, (i, j) => matrixPoint(y, { grid: "y", i, j }), inX, inK);
    const z = withState(computeMatrix, { params: { ...params, mode: "transposed" }, X, K });
    out.matrixZ = pointedTerms(z.z, (i, j) => matrixPoint(z, { grid: "z", i, j }), flat([z.y.length, z.y[0].length]), inK);
  }
  if (transposed) {
    for (const view of ["scatter", "direct"]) {
      const data = withState(computeScatter, { params: { ...params, view }, X, K });
      const last = data.steps.length - 1;
      out[view] = pointedTerms(data.steps[last].output, (i, j) => scatterPoint(data, last, { grid: "output", i, j }), inX, inK);
    }
    const padding = withState(computePadding, { params, X, K });
    out.padding = padding.steps.map((step, r) => pointedTerms(step.output, (i, j) => paddingPoint(padding, r, { grid: "output", i, j }), inX, inK));
    // two input channels and two output channels made from X and K (dilation 1: the channels player has none)
    if (params.dilation === 1) {
      const X2 = [X, X.map((row) => row.map((v) => 2 * v - 1))];
      const K2 = [[K, K.map((row) => row.map((v) => -v))], [K.map((row) => row.map((v) => 3 * v)), K]];
      const channels = withState(computeChannels, { params, X: X2, K: K2 });
      const last = channels.steps.length - 1;
      out.channels = { X: X2, K: K2, byOutput: channels.steps[last].output.map((plane, o) => pointedTerms(plane,
        (i, j) => channelsPoint(channels, last, { grid: "output", i, j, at: [o] }), flat([2, ...shapes[0]]), flat([2, 2, ...shapes[1]]))) };
    }
  }
  return out;
};

/** The parameters the rules read (the size explorer's inverse question is not among them). */
const RULED = new Set(["input_size", "kernel_size", "stride", "padding", "dilation", "output_padding"]);
const ruled = (spec) => spec.params.filter((p) => !p.options && RULED.has(spec.aliases?.[p.name] ?? p.name));

// A case with `specs` asks for the allowed range of every parameter of each spec.
const results = cases.map(({ X, K, params, conv, transposed, everyStep, tables, specs, setting }) => ({
  ...(tables ? { points: pointedParts(X, K, params, conv, transposed) } : {}),
  ...(conv ? convParts(X, K, params, everyStep, tables) : {}),
  ...(transposed ? transposedParts(X, K, params, everyStep, tables) : {}),
  ...(specs ? {
    limits: Object.fromEntries(specs.map((spec) => [spec.player, Object.fromEntries(
      ruled(spec).map((p) => [p.name, allowedRange(spec, setting, p.name)]))])),
  } : {}),
}));
process.stdout.write(JSON.stringify(results));

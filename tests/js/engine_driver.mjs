// Runs the view engine on settings read as JSON from stdin and writes what it computes as JSON.
// Used by tests/test_engine_vs_ops.py, which compares every number, and every term of every
// dependency table, with transconv.ops.
import { readFileSync } from "node:fs";
import {
  allowedRange, conv2d, convMatrix, convTranspose2d, directSteps, evaluate, matrixView, scatterSteps,
  stepperSteps,
} from "../../transconv/static/engine.js";

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
/** The parameters the rules read (the size explorer's inverse question is not among them). */
const RULED = new Set(["input_size", "kernel_size", "stride", "padding", "dilation", "output_padding"]);
const ruled = (spec) => spec.params.filter((p) => !p.options && RULED.has(spec.aliases?.[p.name] ?? p.name));

// A case with `specs` asks for the allowed range of every parameter of each spec.
const results = cases.map(({ X, K, params, conv, transposed, everyStep, tables, specs, setting }) => ({
  ...(conv ? convParts(X, K, params, everyStep, tables) : {}),
  ...(transposed ? transposedParts(X, K, params, everyStep, tables) : {}),
  ...(specs ? {
    limits: Object.fromEntries(specs.map((spec) => [spec.player, Object.fromEntries(
      ruled(spec).map((p) => [p.name, allowedRange(spec, setting, p.name)]))])),
  } : {}),
}));
process.stdout.write(JSON.stringify(results));

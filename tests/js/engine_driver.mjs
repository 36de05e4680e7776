// Runs the view engine on settings read as JSON from stdin and writes what it computes as JSON.
// Used by tests/test_engine_vs_ops.py, which compares every number with transconv.ops.
import { readFileSync } from "node:fs";
import {
  allowedRange, conv2d, convMatrix, convTranspose2d, directSteps, matrixView, scatterSteps,
  stepperSteps,
} from "../../transconv/static/engine.js";

const cases = JSON.parse(readFileSync(0, "utf8"));
// Each case: { X, K, params, conv, transposed, everyStep, specs, setting }; conv and transposed
// say which operations the setting allows; everyStep asks for the one-cell-per-step sequences
// (a step's partial output per output cell: their size grows as the square of the output's).
const convParts = (X, K, params, everyStep) => {
  const stepper = stepperSteps(X, K, params);
  return {
    conv2d: conv2d(X, K, params),
    stepperCount: stepper.length,
    W: convMatrix(K, [X.length, X[0].length], params),
    ...(everyStep ? {
      stepper: stepper.map((s) => s.output),
      matrixConv: matrixView(X, K, params, "conv").steps.map((s) => s.output),
      matrixTransposed: matrixView(X, K, params, "transposed").steps.map((s) => s.output),
    } : {}),
  };
};
const transposedParts = (X, K, params, everyStep) => {
  const direct = directSteps(X, K, params).steps;
  return {
    convTranspose2d: convTranspose2d(X, K, params),
    scatter: scatterSteps(X, K, params).map((s) => ({ kind: s.kind, output: s.output })),
    directFinal: direct.at(-1).output,
    ...(everyStep ? { direct: direct.map((s) => s.output) } : {}),
  };
};
const results = cases.map(({ X, K, params, conv, transposed, everyStep, specs, setting }) => ({
  ...(conv ? convParts(X, K, params, everyStep) : {}),
  ...(transposed ? transposedParts(X, K, params, everyStep) : {}),
  limits: Object.fromEntries(specs.map((spec) => [spec.player, Object.fromEntries(
    spec.params.map((p) => [p.name, allowedRange(spec, setting, p.name)]))])),
}));
process.stdout.write(JSON.stringify(results));

// Runs the explorers' pure functions for tests/test_explorers.py: reads one JSON
// document from stdin, {"calls": [[module, function, [args...]], ...]}, and
// writes {"results": [...]} to stdout, one result per call ({"error": message}
// if the call threw). One Node process answers every call of a test run.
//
//   node tests/js/run_explorers.mjs < calls.json

import * as engine from "../../transconv/static/engine.js";
import * as overlap from "../../transconv/static/overlap.js";
import * as size from "../../transconv/static/size.js";

const MODULES = { engine, overlap, size };

function run([module, name, args]) {
  const fn = MODULES[module]?.[name];
  if (typeof fn !== "function") return { error: `no function ${module}.${name}` };
  try {
    return { value: fn(...args) };
  } catch (err) {
    return { error: String(err && err.message ? err.message : err) };
  }
}

let text = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { text += chunk; });
process.stdin.on("end", () => {
  const { calls } = JSON.parse(text);
  process.stdout.write(JSON.stringify({ results: calls.map(run) }));
});

// Typesets formulas with KaTeX (node_modules/katex, pinned in package-lock.json) for _ext/book_math.py.
// Reads a JSON array of {tex, display} from stdin; writes a JSON array of {html} or {error}, in order.
// Each formula becomes KaTeX's HTML (drawn) beside MathML with its TeX (read by screen readers).
import katex from "katex";

const chunks = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk);
}
const formulas = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const results = formulas.map(({ tex, display }) => {
  try {
    return { html: katex.renderToString(tex, { displayMode: display, output: "htmlAndMathml", throwOnError: true, strict: "error" }) };
  } catch (error) {
    return { error: error.message };
  }
});
process.stdout.write(JSON.stringify(results));

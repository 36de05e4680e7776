"""The two explorers' static faces: latency of a key press and HTML size.

For each case, opens the explorer's static face (``widget.static_html()``, what
the book shows) in headless Chromium, focuses one slider and presses
ArrowRight/ArrowLeft alternately. The page records, with ``performance.now()``,
the keydown, the moment the root's ``data-state`` changes (the view has been
redrawn in the DOM) and the next animation frame after it (the change is on
screen). Prints the median and 95th percentile of both, and the HTML size of
each explorer's output at its largest settings. Target (issue 10): median <= 16 ms,
p95 <= 33 ms; HTML < 100 kB. It prints figures; it never asserts.

Run: ``.venv/bin/python benchmarks/explorers.py [--presses 200]``
"""

import argparse
import statistics
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from transconv import specs
from transconv.widgets import overlap_explorer, size_explorer

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

RECORD = """() => {
  const root = document.querySelector('[data-player]');
  window.__marks = { down: [], state: [], frame: [] };
  document.addEventListener('keydown', () => window.__marks.down.push(performance.now()), true);
  new MutationObserver(() => {
    window.__marks.state.push(performance.now());
    requestAnimationFrame(() => window.__marks.frame.push(performance.now()));
  }).observe(root, { attributes: true, attributeFilter: ['data-state'] });
}"""


def largest(spec):
    """Every numeric parameter of ``spec`` at its maximum, where the rules allow it."""
    return {p["name"]: p["max"] for p in spec["params"] if "max" in p}


CASES = [
    ("overlap, default", lambda: overlap_explorer(), "kernel"),
    ("overlap, largest output (8, k 5<->6, s 3, 3 layers)",
     lambda: overlap_explorer(size=8, kernel=5, stride=3, layers=3), "kernel"),
    ("size forward, default", lambda: size_explorer(), "kernel"),
    ("size inverse, largest search", lambda: size_explorer(
        mode="inverse", size_in=64, size_out=127, max_kernel=9, max_stride=5), "size_out"),
]


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(browser, html, param, presses, folder):
    """Milliseconds from keydown to data-state and to the next frame, per press."""
    path = Path(folder) / "explorer.html"
    path.write_text(f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>b</title>'
                    f"</head><body>{html}</body></html>", encoding="utf-8")
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(path.as_uri())
    page.wait_for_selector("[data-player][data-state]")
    page.evaluate(RECORD)
    page.locator(f'[data-param="{param}"]').focus()
    for i in range(presses):
        page.keyboard.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
        page.wait_for_function("n => window.__marks.frame.length >= n", arg=i + 1)
    marks = page.evaluate("() => window.__marks")
    page.close()
    to_state = [s - d for d, s in zip(marks["down"], marks["state"])]
    to_frame = [f - d for d, f in zip(marks["down"], marks["frame"])]
    return to_state, to_frame


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=200)
    args = parser.parse_args()
    with sync_playwright() as p, tempfile.TemporaryDirectory() as folder:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        print(f"{'case':<50}{'presses':>8}{'state med':>11}{'p95':>7}{'frame med':>11}{'p95':>7}")
        for name, make, param in CASES:
            to_state, to_frame = measure(browser, make().static_html(), param, args.presses, folder)
            print(f"{name:<50}{len(to_state):>8}{statistics.median(to_state):>11.1f}"
                  f"{percentile(to_state, 0.95):>7.1f}{statistics.median(to_frame):>11.1f}"
                  f"{percentile(to_frame, 0.95):>7.1f}")
        browser.close()
    print("target: median <= 16 ms, p95 <= 33 ms (key press to updated view, static page)")
    print()
    print("HTML of each explorer's output (text/html), at its largest settings:")
    overlap = overlap_explorer(**largest(specs.OVERLAP))
    size = size_explorer(**largest(specs.SIZE), mode="inverse")
    for widget in (overlap, size):
        print(f"  {type(widget).__name__:<16}{len(widget.static_html().encode()) / 1000:>8.1f} kB"
              "  (target < 100 kB)")


if __name__ == "__main__":
    main()

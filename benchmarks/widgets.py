"""The players' static face: size of the HTML at its largest, and key press to updated view.

1. Bytes of each player's ``text/html`` at its largest arrays (every cell a long
   number): the target is < 100 kB. Nothing is pre-rendered, so the size does not
   grow with the number of steps.
2. In headless Chromium, on a standalone page of the players' static faces at
   their largest settings: from a key press (ArrowRight on the step slider,
   and on a parameter slider) to the player's ``data-state`` being rewritten,
   which happens after the view's DOM is updated (the keydown's timestamp to a
   MutationObserver callback), and to the next frame painted after it
   (``performance.now()`` in the next ``requestAnimationFrame`` callback: the
   frame that paints it, just before its style, layout and paint). Median and 95th percentile; target <= 16 ms median, <= 33 ms p95.

3. The worst accepted settings of every player and explorer (the most cells and terms
   their specs allow): from the page's start to the first ``data-state`` (the bundle
   parsed, the setting computed and drawn), median of ``--loads`` page loads
   (target: <= 100 ms, issue 22).

JupyterLab's and Notebook 7's figures (the same measure in the live widget) are
printed by ``tests/test_lab.py`` into ``_build/lab-latency.txt``; ``--lab``
runs that test and prints them too. It prints figures; it never asserts.

Run: ``.venv/bin/python benchmarks/widgets.py [--samples 200] [--lab]``
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from playwright.sync_api import sync_playwright

from transconv.widgets import (
    ChannelsPlayer,
    ConvStepper,
    MatrixView,
    OverlapExplorer,
    PaddingPlayer,
    ScatterAddPlayer,
    SizeExplorer,
)

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking"]

PROBE = """([i, selector]) => { window.__probe = new Promise((resolve) => {
  const root = document.querySelectorAll('[data-player]')[i];
  let t0 = null;
  const onKey = (e) => { t0 = e.timeStamp; };
  document.addEventListener('keydown', onKey, true);
  const observer = new MutationObserver(() => {
    const t1 = performance.now();
    observer.disconnect();
    document.removeEventListener('keydown', onKey, true);
    requestAnimationFrame(() => resolve([t1 - t0, performance.now() - t0]));
  });
  observer.observe(root, {attributes: true, attributeFilter: ['data-state']});
}); }"""


def largest(cls, **params):
    """The player at its largest arrays (or the sizes given), with long numbers in every cell."""
    sizes = {p["name"]: p["max"] for p in cls.SPEC["params"] if "max" in p}
    n, k = params.pop("input_size", sizes["input_size"]), params.pop("kernel_size", sizes["kernel_size"])
    channels = (sizes["in_channels"],) if "in_channels" in sizes else ()
    rng = np.random.default_rng(0)
    kernel = channels + ((sizes["out_channels"],) if channels else ()) + (k, k)
    return cls(rng.normal(size=channels + (n, n)), rng.normal(size=kernel), **params)


def sizes():
    rows = []
    for cls, params in ((ConvStepper, {"padding": 3}), (ScatterAddPlayer, {"stride": 4, "padding": 0}),
                        (ScatterAddPlayer, {"stride": 4, "view": "direct", "phases": "on"}),
                        (PaddingPlayer, {"stride": 4, "padding": 4}), (ChannelsPlayer, {"stride": 3}),
                        (MatrixView, {"padding": 2}), (MatrixView, {"mode": "transposed"})):
        w = largest(cls, **params)
        rows.append((f"{cls.__name__}({', '.join(f'{k}={v!r}' for k, v in params.items())})",
                     len(w.static_html().encode())))
    return rows


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(page, i, selector, key, samples):
    """Latencies (to data-state, to the next paint) of ``key`` on the control ``selector``."""
    control = page.locator("[data-player]").nth(i).locator(selector)
    dom, paint = [], []
    for n in range(samples):
        control.focus()
        at_end = control.input_value() == control.get_attribute("max")
        at_start = control.input_value() == control.get_attribute("min")
        press = "Home" if at_end and key == "ArrowRight" else key
        if press == "ArrowLeft" and at_start:
            press = "ArrowRight"
        page.evaluate(PROBE, [i, selector])
        page.keyboard.press(press)
        to_dom, to_paint = page.evaluate("window.__probe")
        if n >= 3:  # the first presses warm up the page's code
            dom.append(to_dom)
            paint.append(to_paint)
    return dom, paint


def static_latency(samples):
    players = [largest(ConvStepper, padding=3), largest(ScatterAddPlayer, stride=4, phases="on"),
               largest(PaddingPlayer, stride=4, padding=4), largest(ChannelsPlayer, stride=3),
               largest(MatrixView, padding=2)]
    body = "".join(p.static_html() for p in players)
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        path = Path(tmp) / "players.html"
        path.write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>b</title>'
                        f"</head><body>{body}</body></html>", encoding="utf-8")
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(path.as_uri())
        page.wait_for_function(f"document.querySelectorAll('[data-player]').length === {len(players)}")
        for i, player in enumerate(players):
            name = type(player).__name__
            for selector, key, what in (('input[data-role="step"]', "ArrowRight", "step"),
                                        ('input[data-param="stride"]', "ArrowLeft", "stride")):
                dom, paint = measure(page, i, selector, key, samples)
                rows.append((f"{name} {what}", dom, paint))
        browser.close()
    return rows


#: The settings with the most cells and terms each spec allows.
WORST = [
    ("ConvStepper(kernel_size=5, padding=3)", lambda: largest(ConvStepper, kernel_size=5, padding=3)),
    ("ConvStepper(kernel_size=1, padding=3)", lambda: largest(ConvStepper, kernel_size=1, padding=3)),
    ("ScatterAddPlayer(stride=4, output_padding=3, dilation=3)",
     lambda: largest(ScatterAddPlayer, stride=4, output_padding=3, dilation=3)),
    ("ScatterAddPlayer(..., view='direct')",
     lambda: largest(ScatterAddPlayer, stride=4, output_padding=3, dilation=3, view="direct")),
    ("PaddingPlayer(stride=4, output_padding=3, dilation=3, padding=4)",
     lambda: largest(PaddingPlayer, stride=4, output_padding=3, dilation=3, padding=4)),
    ("ChannelsPlayer(stride=3, output_padding=2)", lambda: largest(ChannelsPlayer, stride=3, output_padding=2)),
    ("MatrixView(kernel_size=1, mode='transposed')",
     lambda: largest(MatrixView, kernel_size=1, mode="transposed")),
    ("MatrixView(padding=2)", lambda: largest(MatrixView, padding=2)),
    ("OverlapExplorer(size=8, kernel=6, stride=3, layers=3)",
     lambda: OverlapExplorer(size=8, kernel=6, stride=3, layers=3)),
    ("SizeExplorer(mode='inverse', 64 -> 127, 9, 5)",
     lambda: SizeExplorer(mode="inverse", size_in=64, size_out=127, max_kernel=9, max_stride=5)),
]

FIRST_DRAW = """<script>window.__t0 = performance.now();
new MutationObserver((records, observer) => { window.__drawn = performance.now(); observer.disconnect(); })
  .observe(document.documentElement, {subtree: true, attributes: true, attributeFilter: ['data-state']});
</script>"""


def worst_draws(loads):
    """Milliseconds from the page's start to the first data-state, per worst setting."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for name, make in WORST:
            path = Path(tmp) / "worst.html"
            path.write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>w</title>'
                            f"</head><body>{FIRST_DRAW}{make().static_html()}</body></html>", encoding="utf-8")
            times = []
            for _ in range(loads):
                page.goto(path.as_uri())
                page.wait_for_function("window.__drawn !== undefined")
                times.append(page.evaluate("window.__drawn - window.__t0"))
            rows.append((name, times))
        browser.close()
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--loads", type=int, default=20, help="page loads per worst setting")
    parser.add_argument("--lab", action="store_true", help="also run tests/test_lab.py and print its figures")
    args = parser.parse_args()
    print("Static face at its largest settings (target < 100 kB):", flush=True)
    for name, size in sizes():
        print(f"  {name:50s} {size / 1000:6.1f} kB")
    print(f"\nKey press to updated view, static page, largest settings, {args.samples} presses each"
          " (target: median <= 16 ms, p95 <= 33 ms):")
    print(f"  {'player, key':28s} {'to DOM + data-state':>26s}   {'to the frame that paints it':>30s}")
    for name, dom, paint in static_latency(args.samples):
        print(f"  {name:28s} median {statistics.median(dom):5.1f} ms, p95 {percentile(dom, 0.95):5.1f} ms"
              f"   median {statistics.median(paint):5.1f} ms, p95 {percentile(paint, 0.95):5.1f} ms")
    print(f"\nWorst accepted settings, page start to the first drawn data-state, {args.loads} loads (target <= 100 ms):")
    for name, times in worst_draws(args.loads):
        print(f"  {name:58s} median {statistics.median(times):6.1f} ms, max {max(times):6.1f} ms")
    if args.lab:
        subprocess.run([sys.executable, "-m", "pytest", "-q", str(ROOT / "tests" / "test_lab.py"),
                        "-k", "players_step", "-p", "no:nbval"], cwd=ROOT, check=False,
                       capture_output=True)
    report = ROOT / "_build" / "lab-latency.txt"
    if report.exists():
        print(f"\nJupyterLab and Notebook 7 (from {report.relative_to(ROOT)}, written by tests/test_lab.py):")
        print(report.read_text().rstrip())


if __name__ == "__main__":
    main()

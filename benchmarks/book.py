"""Figures for the built book, printed in one run; nothing here passes or fails.

Run from the repository root, with the project's environment::

    .venv/bin/python benchmarks/book.py            # builds the book into a temporary folder
    .venv/bin/python benchmarks/book.py --no-build # measures the pages already in _build/html

It prints

1. the clean build time of the whole book beside the time of a bare
   ``python -c "import mxnet, matplotlib.pyplot, ipywidgets"`` (the floor);
2. each page's transferred size (the HTML and everything a first visit loads,
   served over HTTP on 127.0.0.1) and its first-contentful-paint time in
   headless Chromium;
3. the time to execute every chapter notebook: each in a fresh kernel (as the
   build does) and all in one kernel (as a reader working through the chapter).
"""

import argparse
import functools
import http.server
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import jupytext
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from record_notebooks import chapter_notebooks  # noqa: E402  (the chapter's notebooks: one definition)

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PAGE_TARGET_BYTES = 1.5e6
FIRST_VISIT_TARGET_BYTES = 6e6


def timed(command, **kwargs):
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
    return time.perf_counter() - start


def import_floor(repeats=3):
    """Median seconds of a bare import of the chapter's heavy libraries."""
    command = [sys.executable, "-c", "import mxnet, matplotlib.pyplot, ipywidgets"]
    return statistics.median(timed(command) for _ in range(repeats))


def clean_build_seconds(out_dir):
    """Seconds of a clean, strict build of the whole book into ``out_dir``."""
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT),
               "-W", "--keep-going", "--all", "--path-output", str(out_dir)]
    return timed(command, cwd=ROOT)


def execute_each_in_fresh_kernel(notebooks):
    start = time.perf_counter()
    for md in notebooks:
        NotebookClient(jupytext.read(md), timeout=300, resources={"metadata": {"path": str(md.parent)}}).execute()
    return time.perf_counter() - start


def execute_all_in_one_kernel(notebooks):
    """Run every notebook's cells, in order, in a single kernel."""
    start = time.perf_counter()
    client = NotebookClient(jupytext.read(notebooks[0]), timeout=300,
                            resources={"metadata": {"path": str(notebooks[0].parent)}})
    with client.setup_kernel():
        for md in notebooks:
            client.nb = jupytext.read(md)
            for index, cell in enumerate(client.nb.cells):
                client.execute_cell(cell, index)
    return time.perf_counter() - start


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory):
    """Serve ``directory`` on a free port of 127.0.0.1; returns (server, base URL)."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def measure_pages(html_dir):
    """Rows of (page, HTML bytes, first-visit bytes, first contentful paint in ms)."""
    from playwright.sync_api import sync_playwright

    pages = sorted(p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html")
                   if "_static" not in p.parts)
    server, base = serve(html_dir)
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for page_path in pages:
                context = browser.new_context()  # empty cache: a first visit
                page = context.new_page()
                loaded = []
                page.on("response", loaded.append)
                page.goto(base + page_path, wait_until="networkidle")
                total = sum(len(r.body()) for r in loaded if r.ok)
                fcp = page.evaluate(
                    "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null")
                rows.append((page_path, (html_dir / page_path).stat().st_size, total, fcp))
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return rows


def print_pages(rows):
    print(f"\n{'page':40s} {'HTML':>10s} {'first visit':>12s} {'FCP':>8s}")
    for page, html_bytes, total, fcp in rows:
        fcp_text = f"{fcp:.0f} ms" if fcp is not None else "n/a"
        print(f"{page:40s} {html_bytes / 1e3:8.0f} kB {total / 1e6:9.2f} MB {fcp_text:>8s}")
    largest = max(rows, key=lambda row: row[1])
    heaviest = max(rows, key=lambda row: row[2])
    slowest = max(rows, key=lambda row: row[3] or 0)
    print(f"largest page HTML: {largest[0]} {largest[1] / 1e6:.2f} MB (target <= {PAGE_TARGET_BYTES / 1e6} MB)")
    print(f"heaviest first visit: {heaviest[0]} {heaviest[2] / 1e6:.2f} MB "
          f"(target <= {FIRST_VISIT_TARGET_BYTES / 1e6:.0f} MB)")
    print(f"slowest first contentful paint: {slowest[0]} {slowest[3]:.0f} ms (target <= 1000 ms)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="measure _build/html as it is")
    args = parser.parse_args()

    floor = import_floor()
    print(f"import floor (mxnet, matplotlib.pyplot, ipywidgets): {floor:.2f} s")
    if args.no_build:
        html_dir = ROOT / "_build" / "html"
    else:
        out_dir = Path(tempfile.mkdtemp(prefix="book-bench-"))
        build = clean_build_seconds(out_dir)
        print(f"clean build of the whole book: {build:.1f} s = {build / floor:.1f} x the import floor")
        html_dir = out_dir / "_build" / "html"

    notebooks = chapter_notebooks()
    fresh = execute_each_in_fresh_kernel(notebooks)
    shared = execute_all_in_one_kernel(notebooks)
    print(f"executing all {len(notebooks)} notebooks, a fresh kernel each: {fresh:.1f} s "
          f"= {fresh / floor:.1f} x the floor")
    print(f"executing all {len(notebooks)} notebooks in one kernel: {shared:.1f} s "
          f"= {shared / floor:.1f} x the floor (target <= 2 x)")

    print_pages(measure_pages(html_dir))
    if not args.no_build:
        shutil.rmtree(out_dir, ignore_errors=True)


if __name__ == "__main__":
    main()

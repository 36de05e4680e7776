"""What each page of the built book costs a reader, before and after: prints a table, asserts nothing.

Run from the repository root, with the project's environment, after ``make book``::

    .venv/bin/python benchmarks/book.py                  # "before": main's HEAD, built in a temporary clone
    .venv/bin/python benchmarks/book.py --before DIR     # "before": a book already built in DIR (its html folder)
    .venv/bin/python benchmarks/book.py --runs 7

Both books are served over HTTP on 127.0.0.1 (as a static host serves them, with
``Cache-Control: max-age=600``) and opened in headless Chromium at 1280 x 800,
pages in reading order (the book's own "next" links from ``index.html``). Per page:

- **cold**: the bytes a first visit transfers (an empty cache), the page read to its
  end, so that images that load lazily count; and its requests;
- **new**: the bytes transferred on arriving from the previous page in reading order
  (the cache holding what the pages before it loaded): what a reader following the
  book downloads for this page; and the same from a host that compresses text with
  gzip, as most static hosts do (``new, gzip``);
- **FCP**: first contentful paint, and **players**: the time until every player of
  the page shows its view (its ``[data-player]`` root has ``data-state``), both from
  the navigation's start on a cold visit.

Times are medians of ``--runs`` cold visits, alternating the two books so that both
meet the same load on the machine; bytes and requests do not vary from run to run.
The targets (issue 21): the first page at most 1.0 MB, each next page at most 150 kB
new, FCP and players ready at most half of before.
"""

import argparse
import functools
import gzip
import http.server
import io
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}
FIRST_PAGE_TARGET = 1.0e6
NEXT_PAGE_TARGET = 150e3

# Every player host (.tcv-host, in both books) is ready once its view has set data-state.
READY_WATCH = """
window.__playersReady = null;
const check = () => {
  const hosts = document.querySelectorAll('.tcv-host');
  if (window.__playersReady === null && hosts.length
      && [...hosts].every(host => host.querySelector('[data-player][data-state]'))) {
    window.__playersReady = performance.now();
  }
};
new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true,
                                               attributeFilter: ['data-state']});
"""


class CachingHandler(http.server.SimpleHTTPRequestHandler):
    """A static host: files with Cache-Control, as GitHub Pages serves them; no log."""

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def log_message(self, *args):
        pass


class GzipHandler(CachingHandler):
    """The same host compressing text (HTML, CSS, JavaScript, SVG, JSON) with gzip, as most static hosts do."""

    TEXT = (".html", ".css", ".js", ".svg", ".json")

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.suffix not in self.TEXT or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class Server:
    """A static host for ``directory`` on a free port of 127.0.0.1, in a process of its own (not competing
    with the browser's driver in this one); ``gzip`` compresses text."""

    def __init__(self, directory, gzip=False):
        command = [sys.executable, __file__, "--serve", str(directory), *(["--gzip"] if gzip else [])]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        self.base = self.process.stdout.readline().strip()

    def shutdown(self):
        self.process.terminate()
        self.process.wait()


def serve_forever(directory, gzip):
    handler = functools.partial(GzipHandler if gzip else CachingHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    print(f"http://127.0.0.1:{server.server_address[1]}/", flush=True)
    server.serve_forever()


def build_before(ref, folder):
    """Clone ``ref`` of this repository into ``folder`` and build its book with its own Makefile and venv."""
    subprocess.run(["git", "clone", "--quiet", "--branch", ref, str(ROOT), str(folder)], check=True)
    print(f"building {ref} ({subprocess.run(['git', '-C', str(folder), 'log', '--oneline', '-1'], capture_output=True, text=True).stdout.strip()}) "
          f"in {folder} ...", flush=True)
    build = subprocess.run(["make", "--no-print-directory", "-C", str(folder), "book-fresh"],
                           capture_output=True, text=True)
    if build.returncode != 0:
        sys.exit(f"the build of {ref} failed:\n{build.stdout[-3000:]}{build.stderr[-3000:]}")
    return folder / "_build" / "html"


def reading_order(html_dir):
    """The book's pages from index.html, following each page's "next" link."""
    pages, page = [], "index.html"
    while page and page not in pages:
        pages.append(page)
        text = (html_dir / page).read_text(encoding="utf-8")
        start = text.find('class="right-next"')
        if start < 0:
            break
        href = text[text.rfind("<a", 0, start):].split('href="', 1)[1].split('"', 1)[0]
        page = urlsplit(urljoin(page, href)).path.lstrip("/")
    return pages


class Traffic:
    """Bytes and requests over the network (Chrome's own counts: a page's cached files cost nothing)."""

    def __init__(self, context, page):
        self.bytes, self.requests = 0, 0
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.loadingFinished", self._finished)

    def _sent(self, event):
        if event["request"]["url"].startswith("http"):
            self.requests += 1

    def _finished(self, event):
        self.bytes += event["encodedDataLength"]

    def reset(self):
        self.bytes, self.requests = 0, 0


def read_to_the_end(page):
    """Open what a reader reading the whole page would: scroll down, let lazy images arrive."""
    page.evaluate("async () => { for (let y = 0; y < document.body.scrollHeight; y += 600) {"
                  " window.scrollTo(0, y); await new Promise(r => requestAnimationFrame(r)); } }")
    page.wait_for_load_state("networkidle")


def visit(page, url):
    """Load ``url`` and wait until its players are ready and the network is quiet: (FCP ms, players ms)."""
    page.goto(url, wait_until="load")
    page.wait_for_function("() => window.__playersReady !== null || !document.querySelector('.tcv-host')",
                           timeout=30000)
    page.wait_for_load_state("networkidle")
    return page.evaluate("""() => [performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
                                   window.__playersReady]""")


def cold_visit(browser, url):
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(READY_WATCH)
    page = context.new_page()
    traffic = Traffic(context, page)
    fcp, ready = visit(page, url)
    read_to_the_end(page)
    result = {"cold": traffic.bytes, "requests": traffic.requests, "fcp": fcp, "ready": ready}
    context.close()
    return result


def reading_walk(browser, base, pages):
    """Bytes new on each page when the pages are read one after the other, in one browser."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(READY_WATCH)
    page = context.new_page()
    traffic = Traffic(context, page)
    new = {}
    for path in pages:
        traffic.reset()
        visit(page, base + path)
        read_to_the_end(page)
        new[path] = traffic.bytes
    context.close()
    return new


def measure(books, runs):
    """``{name: {page: figures}}`` for each ``name: html_dir``, the cold visits interleaved."""
    found = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        servers = {name: Server(html_dir) for name, html_dir in books.items()}
        orders = {name: reading_order(html_dir) for name, html_dir in books.items()}
        cold = {name: {path: [] for path in orders[name]} for name in books}
        for _ in range(runs):
            for name in books:
                for path in orders[name]:
                    cold[name][path].append(cold_visit(browser, servers[name].base + path))
        for name in books:
            new = reading_walk(browser, servers[name].base, orders[name])
            compressed = Server(books[name], gzip=True)
            new_gzip = reading_walk(browser, compressed.base, orders[name])
            compressed.shutdown()
            found[name] = {}
            for path in orders[name]:
                visits = cold[name][path]
                times = {key: [v[key] for v in visits if v[key] is not None] for key in ("fcp", "ready")}
                found[name][path] = {
                    "cold": statistics.median(v["cold"] for v in visits),
                    "requests": statistics.median(v["requests"] for v in visits),
                    "new": new[path],
                    "new_gzip": new_gzip[path],
                    "fcp": statistics.median(times["fcp"]) if times["fcp"] else None,
                    "ready": statistics.median(times["ready"]) if times["ready"] else None,
                }
        for server in servers.values():
            server.shutdown()
        browser.close()
    return found


def kb(value):
    return f"{value / 1e3:,.0f}"


def ms(value):
    return "—" if value is None else f"{value:,.0f}"


def pair(before, after, unit):
    return f"{unit(before)} → {unit(after)}" if before is not None or after is not None else "—"


def print_table(found):
    before, after = found["before"], found["after"]
    print("\n| page | cold kB | new kB | new kB, gzip | requests | FCP ms | players ready ms |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for path in after:
        b, a = before.get(path, {}), after[path]
        print(f"| {path.removesuffix('.html')} | {pair(b.get('cold'), a['cold'], kb)} | {pair(b.get('new'), a['new'], kb)} "
              f"| {pair(b.get('new_gzip'), a['new_gzip'], kb)} "
              f"| {pair(b.get('requests'), a['requests'], lambda v: f'{v:.0f}')} | {pair(b.get('fcp'), a['fcp'], ms)} "
              f"| {pair(b.get('ready'), a['ready'], ms) if a['ready'] or b.get('ready') else '—'} |")
    first, *rest = after
    print(f"\nfirst page ({first}): {after[first]['cold'] / 1e6:.2f} MB cold (target <= {FIRST_PAGE_TARGET / 1e6:.1f} MB)")
    heaviest = max(rest, key=lambda path: after[path]["new"])
    print(f"heaviest next page: {heaviest} {after[heaviest]['new'] / 1e3:.0f} kB new (target <= {NEXT_PAGE_TARGET / 1e3:.0f} kB); "
          f"over the target: {[p for p in rest if after[p]['new'] > NEXT_PAGE_TARGET] or 'none'}")
    for key, label in (("fcp", "first contentful paint"), ("ready", "players ready")):
        pairs = [(before[p][key], after[p][key]) for p in after if p in before and before[p][key] and after[p][key]]
        if pairs:
            ratios = [a / b for b, a in pairs]
            print(f"{label}: after / before, median {statistics.median(ratios):.2f}, worst {max(ratios):.2f} "
                  f"over {len(pairs)} pages (target <= 0.5)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="a built book (html folder) to compare with, instead of main's")
    parser.add_argument("--ref", default="main", help="the branch built for 'before' (default main)")
    parser.add_argument("--after", type=Path, default=ROOT / "_build" / "html", help="the book measured (default _build/html)")
    parser.add_argument("--runs", type=int, default=5, help="cold visits per page and book (default 5)")
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)  # the host process (Server)
    parser.add_argument("--gzip", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve_forever(args.serve, args.gzip)
    if not (args.after / "index.html").exists():
        sys.exit(f"no built book in {args.after}: run `make book` first")
    with tempfile.TemporaryDirectory(prefix="book-before-") as tmp:
        before = args.before or build_before(args.ref, Path(tmp) / "clone")
        print(f"before: {before}\nafter:  {args.after}\n{args.runs} cold visits per page, 1280 x 800, HTTP on 127.0.0.1")
        print_table(measure({"before": before, "after": args.after}, args.runs))


if __name__ == "__main__":
    main()

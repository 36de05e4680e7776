"""The live players as a Binder user meets them: JupyterLab and Notebook 7 in a real browser.

One Jupyter server (127.0.0.1, a free port, a random token) serves the
repository for the whole run, to every test that needs it on every xdist
worker (the first one starts it, under a file lock; the main process stops it
at the end, see ``tests/suite.py``), and both front ends from it: JupyterLab
(``/lab/workspaces/<one per test>/tree/...``) and Notebook 7
(``/notebooks/...``, the ``notebook`` package). It runs with the project's
environment as it is, with no ``JUPYTER_CONFIG_PATH``: the setting that makes
jupytext's "Jupytext Notebook" the default viewer of ``.md`` files comes from
the environment's ``etc/jupyter`` (``make`` and Binder's ``postBuild`` install
it there), so that ``jupyter lab`` started anywhere, and the book's launch
button (``urlpath=lab/tree/chapters/X.md``), open a chapter as a notebook.
What only the test needs (no autosave: a test run must never write a chapter;
every cell rendered, not only those in view; no news or update checks) is in a
temporary ``JUPYTER_CONFIG_DIR``, with temporary settings, workspaces and
runtime directories.

For every chapter, in JupyterLab and in Notebook 7, the test runs all cells and
fails on any error output or traceback. Every markdown cell must then render as
the book does (jupyterlab-myst): no raw role or directive syntax, and every
``{eval}`` shown as its computed value. Every player on the page (an anywidget
view whose root carries ``data-player`` and ``data-state``) must then step
(ArrowRight on its step slider, timed from the key press to the change of
``data-state``), play, and take a parameter change from its own controls.
Finally, cells added to an open chapter (never saved) set ``w.stride`` and
``w.step`` from Python, and the view follows; a click in the view reaches
Python. There are no fixed sleeps: every wait is for a condition.

The server and its kernels are stopped in every case, and no process is left.
"""

import fcntl
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import jupytext
import psutil
import pytest
from conftest import ROOT, SCREENSHOTS
from record_notebooks import chapter_notebooks

JUPYTER = ROOT / ".venv" / "bin" / "jupyter"
if not JUPYTER.exists():
    JUPYTER = Path(sys.executable).with_name("jupyter")
LAB_SHOTS = SCREENSHOTS / "lab"
LATENCY_REPORT = ROOT / "_build" / "lab-latency.txt"
FACTORY = "Jupytext Notebook"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

START_TIMEOUT = 60      # seconds for the server to answer /api/status
RUN_ALL_TIMEOUT = 180   # seconds for one chapter's cells
STOP_TIMEOUT = 15       # seconds for a graceful shutdown before SIGTERM, then SIGKILL
SAMPLES = 20            # latency samples per player
# Notebook 7's own front end raises these on its pages (its settings and file browser plugins,
# not a widget); any other script error fails the test.
KNOWN_PAGE_ERRORS = ("Cannot read properties of undefined (reading 'schema')",
                     "Command 'filebrowser:open-path' not registered.")

# Test-only settings (never the repository's): a test run must not save a chapter.
TEST_OVERRIDES = {
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    "@jupyterlab/apputils-extension:notification": {"checkForUpdates": False,
                                                    "fetchNews": "false"},
    # Render every cell, not only those in view, so that the rendered prose can be read back.
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}
# What must never appear in a rendered markdown cell: MyST that Jupyter did not render.
RAW_SYNTAX = ("{glue", "{doc}", "{ref}", "{cite", "{eval}", "{numref}", "{literalinclude", "```{", ":::")


CHAPTERS = [md.relative_to(ROOT).as_posix() for md in chapter_notebooks()]

# Every test here needs the Jupyter server or a browser: part of `make test`, not `make check`.
pytestmark = pytest.mark.full


# -- the server ---------------------------------------------------------------------------------

@dataclass
class Lab:
    url: str
    token: str
    pid: int
    log: Path

    def api(self, method, path, timeout=10):
        request = urllib.request.Request(f"{self.url}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, lines=40):
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def running(self):
        try:
            return psutil.Process(self.pid).status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_ready(lab):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if not lab.running():
            pytest.fail(f"jupyter lab exited before it answered:\n{lab.log_tail()}")
        try:
            lab.api("GET", "/api/status", timeout=2)
            return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.25)
    pytest.fail(f"jupyter lab did not answer {lab.url}/api/status within {START_TIMEOUT} s:\n"
                f"{lab.log_tail()}")


def _stop(lab):
    """Shut down the kernels and the server; return the processes that survived everything."""
    try:
        server = psutil.Process(lab.pid)
        family = [server] + server.children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    try:
        for kernel in lab.api("GET", "/api/kernels", timeout=5):
            lab.api("DELETE", f"/api/kernels/{kernel['id']}", timeout=STOP_TIMEOUT)
        lab.api("POST", "/api/shutdown", timeout=5)
    except (urllib.error.URLError, ConnectionError, OSError):
        pass  # the server is going or gone: the signals below finish the job
    _, alive = psutil.wait_procs([server], timeout=STOP_TIMEOUT)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if not alive:
            break
        try:
            os.killpg(lab.pid, sig)
        except ProcessLookupError:
            break
        _, alive = psutil.wait_procs(alive, timeout=5)
    # Kernels run in sessions of their own: anything the server left is killed by its pid.
    _, alive = psutil.wait_procs(family, timeout=5)
    for process in alive:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(alive, timeout=5)
    return [p for p in alive if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


def _start(scratch):
    """Start the server in a session of its own (it outlives the test process that starts it)."""
    config = scratch / "config"
    (config / "labconfig").mkdir(parents=True)
    (config / "labconfig" / "default_setting_overrides.json").write_text(json.dumps(TEST_OVERRIDES))
    env = {k: v for k, v in os.environ.items() if k not in ("JUPYTER_CONFIG_PATH", "JUPYTER_PATH")}
    env.update(JUPYTER_CONFIG_DIR=str(config),
               JUPYTERLAB_SETTINGS_DIR=str(scratch / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(scratch / "workspaces"),
               JUPYTER_RUNTIME_DIR=str(scratch / "runtime"))
    port, token = _free_port(), secrets.token_hex(24)
    command = [str(JUPYTER), "lab", "--no-browser",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={ROOT}",
               "--LabApp.expose_app_in_browser=True",
               "--JupyterNotebookApp.expose_app_in_browser=True",
               # Lab checkpoints a file when it opens it: keep those copies out of the repository.
               f"--FileCheckpoints.checkpoint_dir={scratch / 'checkpoints'}",
               f"--AsyncFileCheckpoints.checkpoint_dir={scratch / 'checkpoints'}",
               # Safety nets if the run is killed before the main process stops the server.
               "--ServerApp.shutdown_no_activity_timeout=900",
               "--MappingKernelManager.cull_idle_timeout=900",
               "--MappingKernelManager.cull_interval=60"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = scratch / "server.log"
    with open(log, "wb") as sink:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    return {"url": f"http://127.0.0.1:{port}", "token": token, "pid": process.pid, "log": str(log),
            "scratch": str(scratch)}


def _shared_dir(tmp_path_factory):
    """The run's base temporary folder: the main process's, which every xdist worker's lies in."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


SERVER_INFO = "jupyter-server.json"


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """The run's one Jupyter server on the repository (started here by the first test that needs it)."""
    if not CHAPTERS:
        pytest.fail("no chapters/*.md with a kernelspec: nothing to open in JupyterLab")
    shared = _shared_dir(tmp_path_factory)
    with open(shared / (SERVER_INFO + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        info = shared / SERVER_INFO
        if not info.exists():
            LATENCY_REPORT.parent.mkdir(parents=True, exist_ok=True)
            LATENCY_REPORT.write_text("")
            info.write_text(json.dumps(_start(Path(tempfile.mkdtemp(prefix="transconv-lab-")))))
        data = json.loads(info.read_text())
        server = Lab(data["url"], data["token"], data["pid"], Path(data["log"]))
        _wait_until_ready(server)
    yield server


def stop_shared_server(base):
    """Stop the run's Jupyter server, if one was started (``tests/suite.py`` calls this at the end).

    Returns what went wrong, or None.
    """
    info = Path(base) / SERVER_INFO
    if not info.exists():
        return None
    data = json.loads(info.read_text())
    server = Lab(data["url"], data["token"], data["pid"], Path(data["log"]))
    survivors = _stop(server)
    log_text = server.log_tail(200)
    shutil.rmtree(data["scratch"], ignore_errors=True)
    info.unlink()
    if server.running():
        return f"the Jupyter server (pid {server.pid}) is still running"
    if survivors:
        return (f"processes left behind by the Jupyter server: {[(p.pid, p.name()) for p in survivors]}\n"
                f"{log_text}")
    return None


# -- the page -----------------------------------------------------------------------------------

HELPERS = r"""
() => {
  const t = window.__t = {
    iopub: [],
    panel: () => window.jupyterapp.shell.currentWidget,
    kernel: () => { const p = t.panel(); return p && p.sessionContext.session && p.sessionContext.session.kernel; },
    watch() {
      const k = t.kernel();
      if (t.watched === k) return;
      t.watched = k;
      k.iopubMessage.connect((_, m) => {
        const type = m.header.msg_type, c = m.content;
        if (type === 'error') t.iopub.push(`${c.ename}: ${c.evalue} (kernel error message)`);
        if (type === 'stream' && c.name === 'stderr' && /Traceback/.test(c.text))
          t.iopub.push(`traceback on stderr: ${c.text.slice(0, 400)}`);
      });
    },
    idle: () => { const k = t.kernel(); return !!k && k.status === 'idle'; },
    errors() {
      const out = [...t.iopub];
      const cells = t.panel().content.model.cells;
      for (let i = 0; i < cells.length; i++) {
        const cell = cells.get(i);
        if (cell.type !== 'code') continue;
        for (const o of cell.outputs.toJSON()) {
          const text = Array.isArray(o.text) ? o.text.join('') : (o.text || '');
          if (o.output_type === 'error') out.push(`cell ${i + 1}: ${o.ename}: ${o.evalue}`);
          if (o.output_type === 'stream' && o.name === 'stderr' && /Traceback/.test(text))
            out.push(`cell ${i + 1}: traceback on stderr: ${text.slice(0, 400)}`);
        }
      }
      return out;
    },
    unexecuted() {
      const cells = t.panel().content.model.cells, missing = [];
      for (let i = 0; i < cells.length; i++) {
        const cell = cells.get(i);
        if (cell.type === 'code' && cell.sharedModel.getSource().trim() && cell.executionCount == null)
          missing.push(i + 1);
      }
      return missing;
    },
    widgetOutputs() {
      const cells = t.panel().content.model.cells;
      let n = 0;
      for (let i = 0; i < cells.length; i++)
        for (const o of (cells.get(i).type === 'code' ? cells.get(i).outputs.toJSON() : []))
          if (o.data && o.data['""" + WIDGET_VIEW + r"""']) n++;
      return n;
    },
    players: () => [...document.querySelectorAll('.jp-OutputArea-output [data-player]')],
    state: (i) => JSON.parse(t.players()[i].getAttribute('data-state')),
    // Latency: the key's keydown timestamp to the first change of the player's data-state.
    arm(i) {
      const root = t.players()[i];
      const probe = t.probe = {t0: null, t1: null};
      const onKey = (e) => { if (probe.t0 === null) probe.t0 = e.timeStamp; };
      document.addEventListener('keydown', onKey, true);
      const observer = new MutationObserver(() => {
        if (probe.t0 !== null && probe.t1 === null) {
          probe.t1 = performance.now();
          observer.disconnect();
          document.removeEventListener('keydown', onKey, true);
        }
      });
      observer.observe(root, {attributes: true, attributeFilter: ['data-state']});
    },
    measured: () => t.probe.t1 !== null,
    latency: () => t.probe.t1 - t.probe.t0,
    // Add a code cell at the end (never saved: autosave is off) and run it.
    async run(source) {
      const panel = t.panel(), model = panel.content.model;
      model.sharedModel.insertCell(model.cells.length, {cell_type: 'code', source});
      panel.content.activeCellIndex = model.cells.length - 1;
      await window.jupyterapp.commands.execute('notebook:run-cell');
    },
    lastText() {
      const cells = t.panel().content.model.cells;
      const outputs = cells.get(cells.length - 1).outputs.toJSON();
      return outputs.map(o => Array.isArray(o.text) ? o.text.join('') : (o.text || '')).join('');
    },
  };
  return true;
}
"""

OPENED = """p => { try { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  return !!w && !!w.context && w.context.path === p && w.context.isReady; } catch (e) { return false; } }"""


def _printed(page, code):
    """Run ``code`` in the notebook's scratch cell once the kernel is idle; what it printed, stripped."""
    page.wait_for_function("window.__t.idle()")
    page.evaluate(f"window.__t.run({code!r})")
    page.wait_for_function("window.__t.idle() && window.__t.lastText().trim() !== ''")
    return page.evaluate("window.__t.lastText()").strip()


def _refused(page, code):
    """Run ``code``, which Python must refuse; the error text the notebook shows."""
    page.evaluate(f"window.__t.run({code!r})")
    page.wait_for_function("window.__t.errors().length > 0")
    return "\n".join(_errors(page))


def _errors(page):
    return page.evaluate("window.__t.errors()")


def _percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _summary(values):
    return (f"median {statistics.median(values):5.1f} ms, p95 {_percentile(values, 0.95):5.1f} ms "
            f"(n={len(values)})")


def _end_sessions(lab, chapter):
    """End every session (and its kernel) on ``chapter``, and wait until the server lists none.

    A chapter has one kernel on the server, shared by every page that opens it: each test starts
    with a fresh one, whatever an earlier test (perhaps one that failed) left behind.
    """
    deadline = time.monotonic() + 60
    while True:
        sessions = [s for s in lab.api("GET", "/api/sessions") if s.get("path") == chapter]
        if not sessions:
            return
        if time.monotonic() > deadline:
            pytest.fail(f"the server still has a session on {chapter} after 60 s: {sessions}")
        for session in sessions:
            try:
                lab.api("DELETE", f"/api/sessions/{session['id']}", timeout=STOP_TIMEOUT)
            except (urllib.error.URLError, ConnectionError, OSError):
                pass  # listed again on the next round
        time.sleep(0.25)


def _open(chromium, lab, app, chapter):
    """A page with ``chapter`` open as a notebook in ``app`` ("lab" or "notebook"), all cells run."""
    _end_sessions(lab, chapter)
    context = chromium.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.page_errors = []
    page.on("pageerror", lambda exc: str(exc) not in KNOWN_PAGE_ERRORS
            and page.page_errors.append(str(exc)))
    page.writes = []
    page.on("request", lambda r: r.method in ("PUT", "PATCH", "POST", "DELETE")
            and "/api/contents" in r.url and not r.url.split("?")[0].endswith("/checkpoints")
            and page.writes.append(f"{r.method} {r.url.split('?')[0]}"))
    page.chapter = chapter
    page.workspace = f"test-{secrets.token_hex(6)}"  # tests on other workers share the server
    path = f"lab/workspaces/{page.workspace}/tree" if app == "lab" else "notebooks"
    page.goto(f"{lab.url}/{path}/{chapter}?token={lab.token}", wait_until="domcontentloaded")
    page.wait_for_function(OPENED, arg=chapter, timeout=60_000)
    page.evaluate(HELPERS)
    opened = page.evaluate("""() => { const w = window.__t.panel();
        return {notebook: w.hasClass('jp-NotebookPanel'), cells: w.content.model.cells.length,
                factory: window.jupyterapp.docRegistry.defaultWidgetFactory(w.context.path).name}; }""")
    assert opened["notebook"] and opened["factory"] == FACTORY, (
        f"{chapter} did not open as a notebook in {app}: {opened}; is .jupyter/labconfig read?")
    assert opened["cells"] == len(jupytext.read(ROOT / chapter).cells)
    page.wait_for_function("window.__t.idle()", timeout=60_000)
    page.evaluate("window.__t.watch()")
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function("window.__t.idle() && window.__t.unexecuted().length === 0 || "
                           "window.__t.errors().length > 0", timeout=RUN_ALL_TIMEOUT * 1000)
    errors = _errors(page)
    assert not errors, f"{chapter} in {app}: running all cells raised:\n" + "\n".join(errors)
    return context, page


def _close(lab, context, chapter=None):
    """Close the page and end what it started (its kernel, its workspace), nothing of other tests."""
    pages = context.pages
    workspace = getattr(pages[0], "workspace", None) if pages else None
    chapter = chapter or (getattr(pages[0], "chapter", None) if pages else None)
    context.close()
    if chapter:
        _end_sessions(lab, chapter)
    if workspace:
        try:
            lab.api("DELETE", f"/lab/api/workspaces/{workspace}")
        except urllib.error.HTTPError:
            pass  # Notebook 7 saves no workspace


def _wait_state(page, i, condition):
    """Wait until ``condition`` (a JS expression of ``s``, player i's state) holds; return the state."""
    page.wait_for_function(f"(() => {{ const s = window.__t.state({i}); return {condition}; }})()",
                           timeout=30_000)  # the two cores are shared with the other workers' browsers
    return page.evaluate(f"window.__t.state({i})")


def _exercise(page, i, where):
    """Step (timed), play and change a parameter of player i; return report lines."""
    root = page.locator(".jp-OutputArea-output [data-player]").nth(i)
    root.scroll_into_view_if_needed()
    lines = []
    step = root.locator('input[data-role="step"]')
    if step.count():
        latencies = []
        step.focus()
        page.keyboard.press("Home")
        _wait_state(page, i, "s.step === 0")
        while len(latencies) < SAMPLES:
            st = page.evaluate(f"window.__t.state({i})")
            if st["step"] >= st["steps"] - 1:
                page.keyboard.press("Home")
                _wait_state(page, i, "s.step === 0")
                continue
            if not step.evaluate("el => el === document.activeElement"):
                step.focus()  # Notebook 7 moves the focus to its active cell after a run
            page.evaluate(f"window.__t.arm({i})")
            page.keyboard.press("ArrowRight")
            page.wait_for_function("window.__t.measured()", timeout=10_000)
            latencies.append(page.evaluate("window.__t.latency()"))
            _wait_state(page, i, f"s.step === {st['step'] + 1}")
        lines.append(f"  {where}: step ArrowRight to data-state: {_summary(latencies)}")
        page.keyboard.press("Home")
        _wait_state(page, i, "s.step === 0")
        play = root.locator('[data-role="play"]')
        play.click()
        _wait_state(page, i, "s.step >= 1")
        play.click()
        assert play.get_attribute("aria-pressed") == "false"
    for k in range(root.locator("input[data-param]").count()):
        slider = root.locator("input[data-param]").nth(k)
        if slider.get_attribute("min") != slider.get_attribute("max") and slider.is_visible():
            before = root.get_attribute("data-state")
            slider.focus()
            at_max = slider.input_value() == slider.get_attribute("max")
            page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
            page.wait_for_function("([el, old]) => el.getAttribute('data-state') !== old",
                                   arg=[root.element_handle(), before], timeout=10_000)
            lines.append(f"  {where}: {slider.get_attribute('data-param')} changed by its slider")
            break
    else:
        raise AssertionError(f"{where}: no parameter slider with more than one value")
    errors = _errors(page)
    assert not errors, f"{where}: " + "\n".join(errors)
    return lines


def _report(capsys, lines):
    LATENCY_REPORT.parent.mkdir(parents=True, exist_ok=True)
    with open(LATENCY_REPORT, "a") as out:
        out.write("\n".join(lines) + "\n")
    with capsys.disabled():
        print("\n" + "\n".join(lines))


def _chapters_with_players():
    return [c for c in CHAPTERS if re.search(r"widgets\.(conv_stepper|scatter_add_player|padding_player|channels_player|matrix_view)\(",
                                             (ROOT / c).read_text())]


# -- tests --------------------------------------------------------------------------------------

def test_repository_config_makes_md_open_as_notebook(lab):
    """The environment's setting (etc/jupyter, from make or Binder's postBuild) reaches Lab, with no JUPYTER_CONFIG_PATH."""
    settings = lab.api("GET", "/lab/api/settings/@jupyterlab/docmanager-extension:plugin")
    viewers = settings["schema"]["properties"]["defaultViewers"]["default"]
    assert viewers.get("markdown") == FACTORY, viewers
    assert settings["schema"]["properties"]["autosave"]["default"] is False, "test-only: no autosave"


def test_some_chapters_have_players():
    assert len(_chapters_with_players()) >= 3


PROSE = r"""
() => {
  const cells = window.__t.panel().content.widgets;
  return cells.filter(c => c.model.type === 'markdown').map(c => {
    const out = c.node.querySelector('.myst, .jp-MarkdownOutput');
    const results = (c.model.getMetadata('user_expressions') || []).map(e => ({
      expression: e.expression, status: e.result.status,
      text: e.result.data ? String(e.result.data['text/plain']).replace(/^(["'])(.*)\1$/, '$2') : null}));
    return {index: cells.indexOf(c), source: c.model.sharedModel.getSource(), rendered: c.rendered,
            text: out ? out.textContent : null, results,
            errors: out ? out.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]').length : 0};
  });
}
"""


def _prose_problems(page):
    """What the rendered markdown cells show that the book does not: raw MyST, or an {eval} without its value."""
    problems = []
    for cell in page.evaluate(PROSE):
        where = f"markdown cell {cell['index'] + 1} ({cell['source'][:50]!r})"
        if not cell["rendered"] or cell["text"] is None:
            problems.append(f"{where}: not rendered")
            continue
        problems += [f"{where} shows {raw!r}" for raw in RAW_SYNTAX if raw in cell["text"]]
        expressions = re.findall(r"\{eval\}`([^`]+)`", cell["source"])
        values = {r["expression"]: r for r in cell["results"]}
        for expression in expressions:
            result = values.get(expression)
            if result is None or result["status"] != "ok":
                problems.append(f"{where}: {{eval}}`{expression}` was not evaluated: {result}")
            elif result["text"] not in cell["text"]:
                problems.append(f"{where}: the value {result['text']!r} of {expression} is not shown")
        if cell["errors"]:
            problems.append(f"{where}: shows an error in place of a value")
    return problems


@pytest.mark.parametrize("app, chapter",
                         [("lab", c) for c in CHAPTERS] + [("notebook", c) for c in CHAPTERS],
                         ids=[f"lab-{Path(c).stem}" for c in CHAPTERS]
                         + [f"notebook7-{Path(c).stem}" for c in CHAPTERS])
def test_chapter_runs_live_and_its_players_step_play_and_change(lab, chromium, capsys, app, chapter):
    """Run All, then the prose renders as in the book (no raw MyST, every computed number shown), then
    every player steps, plays and takes a parameter change."""
    name = Path(chapter).stem
    context, page = _open(chromium, lab, app, chapter)
    lines = [f"{app} {chapter}:"]
    try:
        expected = sum(1 for cell in jupytext.read(ROOT / chapter).cells
                       if cell.cell_type == "markdown" and "{eval}" in cell.source)
        page.wait_for_function(f"""() => {{ const md = window.__t.panel().content.widgets.filter(c => c.model.type === 'markdown');
            return md.every(c => c.rendered && c.node.querySelector('.myst, .jp-MarkdownOutput')
                                 && c.node.querySelector('.myst, .jp-MarkdownOutput').innerText.trim() !== '')
              && md.filter(c => (c.model.getMetadata('user_expressions') || []).length > 0).length >= {expected}; }}""",
                               timeout=30_000)
        problems = _prose_problems(page)
        assert problems == [], f"{chapter} in {app}: the prose does not render as in the book:\n" + "\n".join(problems)
        lines.append(f"  prose: every markdown cell rendered, {expected} with computed values")
        outputs = page.evaluate("window.__t.widgetOutputs()")
        page.wait_for_function(f"document.querySelectorAll('.jp-OutputArea-output .jupyter-widgets,"
                               f" .jp-OutputArea-output [data-player]').length >= {outputs}")
        players = page.locator(".jp-OutputArea-output [data-player]")
        if chapter in _chapters_with_players():
            assert players.count() >= 1, f"{chapter} in {app}: no player rendered"
        for i in range(players.count()):
            where = f"{name} player {i + 1} ({players.nth(i).get_attribute('data-player')})"
            lines += _exercise(page, i, where)
            LAB_SHOTS.mkdir(parents=True, exist_ok=True)
            players.nth(i).screenshot(path=str(LAB_SHOTS / f"{app}-{name}-{i + 1}.png"))
        assert page.page_errors == [], page.page_errors
        assert page.writes == [], f"the test saved, renamed or deleted files: {page.writes}"
    finally:
        _close(lab, context, chapter)
        _report(capsys, lines)


@pytest.mark.parametrize("app", ["lab", "notebook"])
def test_python_drives_the_view_and_the_view_drives_python(lab, chromium, app):
    context, page = _open(chromium, lab, app, "chapters/basic_operation.md")
    try:
        before = page.locator(".jp-OutputArea-output [data-player]").count()
        page.evaluate("window.__t.run('w = transconv.widgets.scatter_add_player([[1, 2], [3, 4]], "
                      "[[1, 0], [0, 1]])\\nw')")
        page.wait_for_function(f"window.__t.players().length === {before + 1}")
        i = before
        st = _wait_state(page, i, "s.input[1][0] === 3")
        assert (st["params"]["stride"], st["step"]) == (1, 0)
        page.evaluate("window.__t.run('w.stride = 2\\nw.step = 3')")
        st = _wait_state(page, i, "s.params.stride === 2 && s.step === 3")
        assert st["steps"] == 4 and st["output"][0][2] == 2  # X[0, 1] * K[0, 0] at (0, 2)
        root = page.locator(".jp-OutputArea-output [data-player]").nth(i)
        root.get_by_role("button", name="Previous").click()
        _wait_state(page, i, "s.step === 2")
        assert _printed(page, "print(w.step, w.stride)") == "2 2"
        # refused in Python, with a clear error
        assert "stride must be between 1 and 4" in _refused(page, "w.stride = 9")
        assert page.evaluate(f"window.__t.state({i})")["params"]["stride"] == 2
        assert page.page_errors == [], page.page_errors
        assert page.writes == []
    finally:
        _close(lab, context)

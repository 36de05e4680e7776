"""The live chapters as a Binder user meets them: JupyterLab in a real browser.

One JupyterLab server (127.0.0.1, a free port, a random token) serves the
repository for the whole module. Its configuration is the repository's
``.jupyter/`` directory: Binder copies the repository into ``$HOME``, so there
it *is* ``~/.jupyter``; here it is put on ``JUPYTER_CONFIG_PATH``. Its one file,
``.jupyter/labconfig/default_setting_overrides.json``, makes jupytext's
"Jupytext Notebook" the default viewer of ``.md`` files, so that the book's
launch button (``urlpath=lab/tree/chapters/X.md``) opens a chapter as a
notebook rather than as Markdown text. Everything else the test needs (no
autosave: a test run must never write a chapter; no news or update checks) is
in a temporary ``JUPYTER_CONFIG_DIR``, with temporary settings, workspaces and
runtime directories, so that the user's own ``~/.jupyter`` plays no part.

For every chapter with a kernelspec the test opens ``/lab/tree/chapters/X.md``
in headless Chromium, runs all cells, and fails on any error output, any
traceback on stderr, or any ``error`` message from the kernel (a widget
callback's traceback goes to Lab's log console, not to a cell). Then, for every
live widget on the page, it

* presses ArrowRight on its step slider (a widget without a Play button: its
  first slider) and its Play button, checks that the widget's HTML view changes
  and times each input event to the first mutation of the view (a
  MutationObserver in the page), printing the median and the 95th percentile;
* saves a screenshot under ``_build/screenshots/lab/``;
* types ``999``, ``abc`` and ``-999`` into every numeric control (the
  editable readouts of the sliders; controls hidden or disabled in one mode are
  tried in the modes that show them) and checks that the value is clamped or
  left alone, and that nothing raised.

The server and its kernels are stopped in every case, and no process is left.
"""

import json
import os
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
REPO_CONFIG = ROOT / ".jupyter"
LAB_SHOTS = SCREENSHOTS / "lab"
LATENCY_REPORT = ROOT / "_build" / "lab-latency.txt"
FACTORY = "Jupytext Notebook"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

START_TIMEOUT = 60      # seconds for the server to answer /api/status
RUN_ALL_TIMEOUT = 180   # seconds for one chapter's cells
STOP_TIMEOUT = 15       # seconds for a graceful shutdown before SIGTERM, then SIGKILL
SAMPLES = 20            # latency samples per widget and input kind
BAD_INPUTS = ("999", "abc", "-999")

# Test-only settings (never the repository's): a test run must not save a chapter.
TEST_OVERRIDES = {
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    "@jupyterlab/apputils-extension:notification": {"checkForUpdates": False,
                                                    "fetchNews": "false"},
}


CHAPTERS = [md.relative_to(ROOT).as_posix() for md in chapter_notebooks()]


# -- the server ---------------------------------------------------------------------------------

@dataclass
class Lab:
    url: str
    token: str
    process: subprocess.Popen
    log: Path

    def api(self, method, path, timeout=10):
        request = urllib.request.Request(f"{self.url}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, lines=40):
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_ready(lab):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if lab.process.poll() is not None:
            pytest.fail(f"jupyter lab exited with code {lab.process.returncode} before it "
                        f"answered:\n{lab.log_tail()}")
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
        family = psutil.Process(lab.process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        family = []
    if lab.process.poll() is None:
        try:
            for kernel in lab.api("GET", "/api/kernels", timeout=5):
                lab.api("DELETE", f"/api/kernels/{kernel['id']}", timeout=STOP_TIMEOUT)
            lab.api("POST", "/api/shutdown", timeout=5)
        except (urllib.error.URLError, ConnectionError, OSError):
            pass  # the server is going or gone: the signals below finish the job
        try:
            lab.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
                try:
                    os.killpg(lab.process.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    lab.process.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
    # Kernels run in sessions of their own: anything the server left is killed by its pid.
    _, alive = psutil.wait_procs(family, timeout=5)
    for process in alive:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(alive, timeout=5)
    return [p for p in alive if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


@pytest.fixture(scope="module")
def lab():
    """A JupyterLab server on the repository, stopped (kernels too) whatever happens."""
    if not CHAPTERS:
        pytest.fail("no chapters/*.md with a kernelspec: nothing to open in JupyterLab")
    LATENCY_REPORT.parent.mkdir(parents=True, exist_ok=True)
    LATENCY_REPORT.write_text("")
    scratch = Path(tempfile.mkdtemp(prefix="transconv-lab-"))
    config = scratch / "config"
    (config / "labconfig").mkdir(parents=True)
    (config / "labconfig" / "default_setting_overrides.json").write_text(json.dumps(TEST_OVERRIDES))
    env = dict(os.environ,
               JUPYTER_CONFIG_DIR=str(config),
               JUPYTER_CONFIG_PATH=str(REPO_CONFIG),
               JUPYTERLAB_SETTINGS_DIR=str(scratch / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(scratch / "workspaces"),
               JUPYTER_RUNTIME_DIR=str(scratch / "runtime"))
    port, token = _free_port(), secrets.token_hex(24)
    command = [str(JUPYTER), "lab", "--no-browser",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={ROOT}",
               "--LabApp.expose_app_in_browser=True",
               # Lab checkpoints a file when it opens it: keep those copies out of the repository.
               f"--FileCheckpoints.checkpoint_dir={scratch / 'checkpoints'}",
               f"--AsyncFileCheckpoints.checkpoint_dir={scratch / 'checkpoints'}",
               # Safety nets if this process is killed before its finally runs.
               "--ServerApp.shutdown_no_activity_timeout=900",
               "--MappingKernelManager.cull_idle_timeout=900",
               "--MappingKernelManager.cull_interval=60"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = scratch / "server.log"
    with open(log, "wb") as sink:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sink,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True)
    server = Lab(f"http://127.0.0.1:{port}", token, process, log)
    survivors = []
    try:
        _wait_until_ready(server)
        yield server
    finally:
        survivors = _stop(server)
        log_text = server.log_tail(200)
        shutil.rmtree(scratch, ignore_errors=True)
    assert process.returncode is not None, "the Lab server is still running"
    assert not survivors, (f"processes left behind by the Lab server: "
                           f"{[(p.pid, p.name()) for p in survivors]}\n{log_text}")


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
        if (type === 'error')
          t.iopub.push(`${c.ename}: ${c.evalue} (kernel error message, reply to ${m.parent_header.msg_type})`);
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
      const shown = document.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"],' +
        '.jp-OutputArea-output[data-mime-type*="error"], .jp-RenderedText[data-mime-type*="error"]');
      for (const el of shown)
        if (/error/.test(el.dataset.mimeType) || /Traceback/.test(el.textContent))
          out.push(`shown in the page: ${el.textContent.slice(0, 400)}`);
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
    // Tag the live widgets: data-lab-widget on the widget, -view on its HTML view, -main on
    // the slider that steps it, -play on its Play button, -control on its sliders.
    tagWidgets() {
      const roots = [...document.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets')];
      return roots.map((root, i) => {
        root.dataset.labWidget = String(i);
        const cells = [...document.querySelectorAll('.jp-Notebook .jp-Cell')];
        const views = [...root.querySelectorAll(':scope > .widget-html')];
        const view = views.length ? views[views.length - 1] : null;
        if (view) view.dataset.labView = String(i);
        const play = root.querySelector('.widget-play');
        const sliders = [...root.querySelectorAll('.widget-slider')];
        sliders.forEach((s, j) => { s.dataset.labControl = `${i}-${j}`; });
        let main = play ? play.parentElement.querySelector(':scope > .widget-slider') : null;
        if (!main) main = sliders.find(s => s.offsetParent !== null && !s.querySelector('[disabled]'));
        if (main) main.dataset.labMain = String(i);
        if (play) play.querySelector('button').dataset.labPlay = String(i);
        const label = el => el.querySelector('.widget-label') ? el.querySelector('.widget-label').textContent : '?';
        return {index: i, cell: cells.indexOf(root.closest('.jp-Cell')) + 1, hasView: !!view,
                viewText: view ? view.textContent.trim().length : 0, hasPlay: !!play,
                main: main ? label(main) : null, controls: sliders.map(label),
                numericInputs: root.querySelectorAll('input[type=number], .widget-text input').length};
      });
    },
    // Latency: the input event's timestamp to the first mutation of the widget's view.
    arm(i, eventType) {
      const view = document.querySelector(`[data-lab-view="${i}"]`);
      const probe = t.probe = {t0: null, t1: null, before: view.innerHTML};
      const onEvent = e => { if (probe.t0 === null) probe.t0 = e.timeStamp; };
      document.addEventListener(eventType, onEvent, true);
      const observer = new MutationObserver(() => {
        if (probe.t0 !== null && probe.t1 === null) {
          probe.t1 = performance.now();
          observer.disconnect();
          document.removeEventListener(eventType, onEvent, true);
        }
      });
      observer.observe(view, {subtree: true, childList: true, characterData: true, attributes: true});
      probe.cancel = () => { observer.disconnect(); document.removeEventListener(eventType, onEvent, true); };
    },
    measured: () => t.probe.t1 !== null,
    result(i) {
      const view = document.querySelector(`[data-lab-view="${i}"]`);
      return {ms: t.probe.t1 - t.probe.t0, changed: view.innerHTML !== t.probe.before};
    },
    slider(sel) {
      const el = document.querySelector(sel), handle = el.querySelector('.noUi-handle');
      const readout = el.querySelector('.widget-readout');
      return {value: Number(handle.getAttribute('aria-valuenow')), min: Number(handle.getAttribute('aria-valuemin')),
              max: Number(handle.getAttribute('aria-valuemax')), readout: readout ? readout.textContent.trim() : null,
              label: el.querySelector('.widget-label').textContent,
              editable: !!readout && readout.isContentEditable,
              visible: el.offsetParent !== null,
              disabled: !!el.querySelector('.slider[disabled]') || !(readout && readout.isContentEditable)};
    },
  };
  return true;
}
"""


def _settle(page, timeout=10_000):
    """Wait for the kernel to be idle, then for the front end's echo of the last update."""
    page.wait_for_function("window.__t.idle()", timeout=timeout)
    page.wait_for_timeout(40)
    page.wait_for_function("window.__t.idle()", timeout=timeout)


def _errors(page):
    return page.evaluate("window.__t.errors()")


def _percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _measure(page, i, event_type, act):
    """Arm the probe, act, wait for the view to change; return the latency in ms."""
    page.evaluate(f"window.__t.arm({i}, '{event_type}')")
    act()
    try:
        page.wait_for_function("window.__t.measured() || window.__t.errors().length > 0",
                               timeout=10_000)
    except Exception:
        page.evaluate("window.__t.probe.cancel()")
        raise AssertionError(f"widget {i}: the view did not change within 10 s of the {event_type}")
    errors = _errors(page)
    assert not errors, f"widget {i}: a {event_type} raised:\n" + "\n".join(errors)
    result = page.evaluate(f"window.__t.result({i})")
    assert result["changed"], f"widget {i}: the view mutated but shows the same HTML after the {event_type}"
    return result["ms"]


def _step_latencies(page, i):
    """ArrowRight on the main slider's handle: SAMPLES latencies."""
    main = f'[data-lab-main="{i}"]'
    handle = page.locator(f"{main} .noUi-handle")
    latencies = []
    while len(latencies) < SAMPLES:
        state = page.evaluate(f"window.__t.slider('{main}')")
        assert state["max"] > state["min"], f"widget {i}: its slider {state['label']!r} has a single value"
        if state["value"] >= state["max"]:
            handle.focus()
            page.keyboard.press("Home")
            page.wait_for_function(f"window.__t.slider('{main}').value === {state['min']}", timeout=5000)
            _settle(page)
        before = page.evaluate(f"window.__t.slider('{main}')")["value"]
        handle.focus()
        latencies.append(_measure(page, i, "keydown", lambda: page.keyboard.press("ArrowRight")))
        assert page.evaluate(f"window.__t.slider('{main}')")["value"] == before + 1, \
            f"widget {i}: ArrowRight did not move the slider one step"
        _settle(page)
    return latencies


def _play_latencies(page, i):
    """Play (then pause): SAMPLES latencies from the click to the view's change."""
    button = page.locator(f'[data-lab-play="{i}"]')
    latencies = []
    for _ in range(SAMPLES):
        latencies.append(_measure(page, i, "click", button.click))
        button.click()  # pause: the same button toggles
        _settle(page)
        page.wait_for_timeout(30)
    return latencies


def _type_into_readout(page, selector, text):
    readout = page.locator(f"{selector} .widget-readout")
    readout.click()
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    _settle(page)


def _try_bad_input(page, i, selector, tried):
    """Type each of BAD_INPUTS into one slider's readout; return what happened."""
    state = page.evaluate(f"window.__t.slider('{selector}')")
    original = state["value"]
    results = []
    for text in BAD_INPUTS:
        before = page.evaluate(f"window.__t.slider('{selector}')")
        _type_into_readout(page, selector, text)
        after = page.evaluate(f"window.__t.slider('{selector}')")
        try:
            number = float(text)
        except ValueError:
            expected = before["value"]                       # not a number: left alone
        else:
            expected = min(max(number, before["min"]), before["max"])  # clamped into the range
        assert after["value"] == expected and after["readout"] == str(int(expected)), (
            f"widget {i}, {state['label']!r}: typed {text!r} into the readout of a slider at "
            f"{before['value']} in [{before['min']}, {before['max']}]; expected {expected}, "
            f"got value {after['value']}, readout {after['readout']!r}")
        errors = _errors(page)
        assert not errors, f"widget {i}, {state['label']!r}: typing {text!r} raised:\n" + "\n".join(errors)
        results.append(f"{text}->{after['readout']}")
    _type_into_readout(page, selector, str(int(original)))  # restore
    tried.add(selector)
    return f"{state['label']}: " + ", ".join(results)


def _bad_input(page, i, info):
    """Bad input into every numeric control, in every mode of the widget's toggle buttons."""
    tried, report = set(), []
    controls = [f'[data-lab-control="{i}-{j}"]' for j in range(len(info["controls"]))]

    def try_available():
        for selector in controls:
            if selector in tried:
                continue
            state = page.evaluate(f"window.__t.slider('{selector}')")
            if state["visible"] and not state["disabled"]:
                report.append(_try_bad_input(page, i, selector, tried))

    try_available()
    root = f'[data-lab-widget="{i}"]'
    groups = page.locator(f"{root} .widget-toggle-buttons")
    for g in range(groups.count()):
        buttons = groups.nth(g).locator("button")
        active = [b for b in range(buttons.count()) if "mod-active" in buttons.nth(b).get_attribute("class")]
        for b in range(buttons.count()):
            if b in active:
                continue
            buttons.nth(b).click()
            _settle(page)
            try_available()
        if active:
            buttons.nth(active[0]).click()
            _settle(page)
    never = []
    for selector in controls:
        if selector not in tried:
            state = page.evaluate(f"window.__t.slider('{selector}')")
            assert state["disabled"] or not state["visible"], selector
            never.append(state["label"])
    inputs = page.locator(f"{root} input[type=number], {root} .widget-text input")
    for n in range(inputs.count()):
        box = inputs.nth(n)
        if not box.is_visible() or not box.is_enabled():
            continue
        for text in BAD_INPUTS:
            box.fill("")
            box.press_sequentially(text)
            box.press("Enter")
            _settle(page)
            value = box.input_value()
            low, high = box.get_attribute("min"), box.get_attribute("max")
            assert value == "" or (
                (low is None or float(value) >= float(low)) and (high is None or float(value) <= float(high))), \
                f"widget {i}: numeric box {n} holds {value!r} after {text!r}"
            errors = _errors(page)
            assert not errors, f"widget {i}: typing {text!r} into numeric box {n} raised:\n" + "\n".join(errors)
        report.append(f"numeric box {n}: {BAD_INPUTS} accepted without error")
    return report, never


def _summary(values):
    return f"median {statistics.median(values):6.1f} ms, p95 {_percentile(values, 0.95):6.1f} ms (n={len(values)})"


# -- tests --------------------------------------------------------------------------------------

def test_repository_config_makes_md_open_as_notebook(lab):
    """The setting Binder reads from ~/.jupyter (the repo's .jupyter) reaches the Lab front end."""
    settings = lab.api("GET", "/lab/api/settings/@jupyterlab/docmanager-extension:plugin")
    viewers = settings["schema"]["properties"]["defaultViewers"]["default"]
    assert viewers.get("markdown") == FACTORY, viewers
    assert settings["schema"]["properties"]["autosave"]["default"] is False, "test-only: no autosave"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[Path(c).stem for c in CHAPTERS])
def test_chapter_runs_live_in_lab(lab, chromium, capsys, chapter):
    name = Path(chapter).stem
    cell_count = len(jupytext.read(ROOT / chapter).cells)
    LAB_SHOTS.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    writes = []
    page.on("request", lambda r: r.method in ("PUT", "PATCH", "POST", "DELETE")
            and "/api/contents" in r.url and not r.url.split("?")[0].endswith("/checkpoints")
            and writes.append(f"{r.method} {r.url.split('?')[0]}"))
    lines = []
    try:
        # 1. What the launch button opens: urlpath=lab/tree/chapters/X.md.
        page.goto(f"{lab.url}/lab/tree/{chapter}?token={lab.token}", wait_until="domcontentloaded")
        page.wait_for_function(
            "p => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
            " return !!w && !!w.context && w.context.path === p && w.context.isReady; }",
            arg=chapter, timeout=60_000)
        page.evaluate(HELPERS)
        opened = page.evaluate("""() => { const w = window.__t.panel();
            const notebook = w.hasClass('jp-NotebookPanel');
            return {notebook, cells: notebook ? w.content.model.cells.length : null,
                    classes: w.node.className,
                    factory: window.jupyterapp.docRegistry.defaultWidgetFactory(w.context.path).name,
                    panels: document.querySelectorAll('.jp-NotebookPanel').length}; }""")
        assert opened["notebook"] and opened["factory"] == FACTORY, (
            f"{chapter} did not open as a notebook: default viewer {opened['factory']!r} "
            f"(widget classes {opened['classes']!r}); is .jupyter/labconfig read?")
        assert opened["cells"] == cell_count, f"{chapter}: {opened['cells']} cells in Lab, {cell_count} in the file"
        assert opened["panels"] == 1, f"{opened['panels']} notebooks open instead of one"

        # 2. Run all cells on a fresh kernel; nothing may raise.
        page.wait_for_function("window.__t.idle()", timeout=60_000)
        page.evaluate("window.__t.watch()")
        page.evaluate(f"""() => Promise.race([
            window.jupyterapp.commands.execute('notebook:run-all-cells'),
            new Promise(r => setTimeout(r, {RUN_ALL_TIMEOUT * 1000}))])""")
        page.wait_for_function("window.__t.idle() && window.__t.unexecuted().length === 0 || "
                               "window.__t.errors().length > 0", timeout=RUN_ALL_TIMEOUT * 1000)
        errors = _errors(page)
        assert not errors, f"{chapter}: running all cells raised:\n" + "\n".join(errors)
        assert page.evaluate("window.__t.unexecuted()") == []

        # 3.-5. Every live widget.
        expected = page.evaluate("window.__t.widgetOutputs()")
        page.wait_for_function(f"document.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets').length >= {expected}")
        widgets = page.evaluate("window.__t.tagWidgets()")
        assert len(widgets) == expected, f"{chapter}: {expected} widget outputs but {len(widgets)} rendered"
        lines.append(f"{chapter}: {len(widgets)} live widget(s)")
        for info in widgets:
            i = info["index"]
            where = f"{name} widget {i + 1} (cell {info['cell']})"
            assert info["hasView"], f"{where} has no HTML view"
            page.wait_for_function(f"document.querySelector('[data-lab-view=\"{i}\"]').textContent.trim().length > 0")
            assert info["main"], f"{where} has no slider to move"
            shot = LAB_SHOTS / f"{name}-{i + 1}.png"
            page.locator(f'[data-lab-widget="{i}"]').screenshot(path=str(shot))
            steps = _step_latencies(page, i)
            lines.append(f"  {where}, {info['main']!r} ArrowRight: {_summary(steps)}")
            if info["hasPlay"]:
                plays = _play_latencies(page, i)
                lines.append(f"  {where}, Play:{' ' * (len(info['main']) + 11)}{_summary(plays)}")
            else:
                lines.append(f"  {where}: no Play button (an explorer without steps)")
            errors = _errors(page)
            assert not errors, f"{where}: moving the slider or playing raised:\n" + "\n".join(errors)
            report, never = _bad_input(page, i, info)
            lines.append(f"  {where}, bad input: " + "; ".join(report))
            if never:
                lines.append(f"  {where}, never enabled (not editable): {', '.join(never)}")
            lines.append(f"  {where}, screenshot: {shot.relative_to(ROOT)}")
        errors = _errors(page)
        assert not errors, f"{chapter}: " + "\n".join(errors)
        assert writes == [], f"the test saved, renamed or deleted files: {writes}"
    finally:
        context.close()
        # A fresh start for the next chapter: no kernel, no saved workspace.
        for session in lab.api("GET", "/api/sessions"):
            lab.api("DELETE", f"/api/sessions/{session['id']}", timeout=STOP_TIMEOUT)
        for workspace in lab.api("GET", "/lab/api/workspaces").get("workspaces", {}).get("ids", []):
            lab.api("DELETE", f"/lab/api/workspaces/{workspace}")
        if lines:
            LATENCY_REPORT.parent.mkdir(parents=True, exist_ok=True)
            with open(LATENCY_REPORT, "a") as out:
                out.write("\n".join(lines) + "\n")
            with capsys.disabled():
                print("\n" + "\n".join(lines))

"""How the suite is split and timed (loaded by pytest as the plugin ``-p suite``).

- ``full``: a test that needs the built book, a browser, a fresh virtual environment, the
  Jupyter server or a copy of the repository (any test whose fixtures include one of
  ``FULL_FIXTURES``). ``make check`` deselects them with ``-m "not full"``; ``make test`` runs
  everything.
- Parallel runs (``make test``: pytest-xdist ``--dist loadgroup``): the tests of a file stay on
  one worker (its module fixtures, such as a fresh venv or a browser survey, are made once),
  except the live chapter tests of ``test_lab.py``, which share the one Jupyter server of the
  run and spread over the workers.
- The one Jupyter server (started by the first test that needs it, see ``test_lab.lab``) is
  stopped when the whole run ends, by the main process.
- Case counts: ``make check`` sets ``TRANSCONV_CASES=quick``, and the property and differential
  tests then run a sample of their cases (``cases(n)``: an eighth, at least 20); ``make test``
  and CI run every case.
- At the end of a run, the time spent in each test file (set-up, call and tear-down),
  slowest first, so that the suite's budget can be watched file by file.
"""

import os
from collections import defaultdict

import pytest

#: The inner loop's sample of cases (make check); unset: every case.
QUICK = os.environ.get("TRANSCONV_CASES") == "quick"


def cases(n):
    """How many cases a property or differential test runs: n, or a sample of it in ``make check``.

    >>> cases(2000) in (2000, 250)
    True
    """
    return max(20, n // 8) if QUICK else n


FULL_FIXTURES = {"chromium", "built_book", "runtime_env", "fresh_clone", "lab"}
#: Live tests that open a chapter on the shared Jupyter server, where a chapter has one kernel: they are
#: grouped by chapter (two tests of one chapter never run at once), not by file.
LIVE_CHAPTER = {
    "tests/test_lab.py::test_python_drives_the_view_and_the_view_drives_python": "chapters/basic_operation.md",
    "tests/test_explorers_browser.py::test_live_explorers_follow_python_and_python_follows_them":
        "chapters/checkerboard.md",
    "tests/test_explorers_browser.py::test_live_the_new_controls_of_issue_17_reach_python": "chapters/padding.md",
}


def _group(item):
    name = item.nodeid.split("[")[0]
    params = getattr(getattr(item, "callspec", None), "params", {})
    if name == "tests/test_lab.py::test_chapter_runs_live_and_its_players_step_play_and_change":
        return f"live:{params['chapter']}"
    if name in LIVE_CHAPTER:
        return f"live:{LIVE_CHAPTER[name]}"
    return item.nodeid.split("::")[0]

_seconds = defaultdict(float)


def pytest_configure(config):
    config.addinivalue_line("markers", "full: needs the built book, a browser, a fresh venv or a repo copy")


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(items):
    for item in items:
        if FULL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.full)
        item.add_marker(pytest.mark.xdist_group(_group(item)))


def pytest_sessionfinish(session):
    """The main process (not an xdist worker) stops the shared Jupyter server, if a test started one."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is None:
        return
    from test_lab import stop_shared_server  # only now: it imports the browser tooling

    problem = stop_shared_server(factory.getbasetemp())
    if problem:
        session.config.get_terminal_writer().line(f"error: {problem}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_runtest_logreport(report):
    _seconds[report.nodeid.split("::")[0]] += report.duration


def pytest_terminal_summary(terminalreporter):
    if not _seconds:
        return
    terminalreporter.section("time per test file")
    for path, seconds in sorted(_seconds.items(), key=lambda item: -item[1]):
        terminalreporter.write_line(f"{seconds:8.1f} s  {path}")
    terminalreporter.write_line(f"{sum(_seconds.values()):8.1f} s  in all")

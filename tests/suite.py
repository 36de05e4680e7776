"""How the suite is split and timed (loaded by pytest as the plugin ``-p suite``).

- ``full``: a test that needs the built book, a browser, a fresh virtual environment or
  a copy of the repository (any test whose fixtures include one of ``FULL_FIXTURES``).
  ``make check`` deselects them with ``-m "not full"``; ``make test`` runs everything.
- At the end of a run, the time spent in each test file (set-up, call and tear-down),
  slowest first, so that the suite's budget can be watched file by file.
"""

from collections import defaultdict

import pytest

FULL_FIXTURES = {"chromium", "built_book", "binder_env", "fresh_clone"}

_seconds = defaultdict(float)


def pytest_configure(config):
    config.addinivalue_line("markers", "full: needs the built book, a browser, a fresh venv or a repo copy")


def pytest_collection_modifyitems(items):
    for item in items:
        if FULL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.full)


def pytest_runtest_logreport(report):
    _seconds[report.nodeid.split("::")[0]] += report.duration


def pytest_terminal_summary(terminalreporter):
    if not _seconds:
        return
    terminalreporter.section("time per test file")
    for path, seconds in sorted(_seconds.items(), key=lambda item: -item[1]):
        terminalreporter.write_line(f"{seconds:8.1f} s  {path}")
    terminalreporter.write_line(f"{sum(_seconds.values()):8.1f} s  in all")

"""The suite's own machinery: pytest-xdist keeps each group of tests on one worker.

tests/suite.py groups every file's tests (its module fixtures, such as a fresh venv or a
browser survey, are made once) and every live chapter's tests (a chapter has one kernel on
the shared Jupyter server). pytest 9.2 silently stopped pytest-xdist 3.8 from honouring the
groups (pytest-dev/pytest-xdist#1386): two workers then opened one chapter at once.
"""

import subprocess
import sys
import textwrap
from pathlib import Path

GROUPED = textwrap.dedent("""
    import os

    import pytest


    @pytest.mark.parametrize("i", range(6))
    def test_where(i):
        with open(os.environ["WHERE"], "a") as log:
            log.write(f"{__name__} {os.environ['PYTEST_XDIST_WORKER']}\\n")
""")


def test_each_group_runs_on_one_worker(tmp_path):
    """Two files of six tests on two workers: with loadgroup and suite's groups, each file on one worker."""
    for name in ("test_one.py", "test_two.py"):
        (tmp_path / name).write_text(GROUPED)
    where = tmp_path / "where.txt"
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "suite", "-n", "2", "--dist", "loadgroup", "-q",
                          "-p", "no:cacheprovider", "-o", "addopts=", "-W", "ignore", str(tmp_path)],
                         capture_output=True, text=True, timeout=120, cwd=tmp_path,
                         env={"PYTHONPATH": str(Path(__file__).parent), "PATH": "/usr/bin:/bin", "WHERE": str(where)})
    assert run.returncode == 0, run.stdout + run.stderr
    workers = {}
    for line in where.read_text().splitlines():
        module, worker = line.split()
        workers.setdefault(module, set()).add(worker)
    assert set(workers) == {"test_one", "test_two"}, where.read_text()
    assert all(len(found) == 1 for found in workers.values()), workers

"""The budget per call, measured: the worst calls that transconv.ops accepts stay within MAX_BYTES.

The cases are those of ``benchmarks/budget.py``: for each op and each way it can be expensive
(memory, element-wise work, Python steps, BLAS), the largest setting ``k`` it accepts. Each runs
in its own process whose address space is capped (``RLIMIT_AS``) at what it held before the call
plus ``MAX_BYTES`` and the allocator's slack; the call fails with a MemoryError if it needs more.
Its peak resident memory (``VmHWM``, reset before the call) must stay within ``MAX_BYTES`` and
within the op's own estimate, both plus that slack. One step larger (``k + 1``) must be refused.
A CPU-time limit (``CPU_SECONDS``) stops a case that would run on (these tests time nothing).
"""

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from strategies import MAX_BYTES, refused_without_allocating

BUDGET = Path(__file__).resolve().parent.parent / "benchmarks" / "budget.py"
_spec = importlib.util.spec_from_file_location("budget", BUDGET)
budget = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(budget)


@pytest.mark.parametrize("name", list(budget.CASES))
def test_one_step_beyond_the_worst_accepted_call_is_refused(name):
    function, args, kwargs = budget.one_step_larger(name)
    message = refused_without_allocating(function, *args, **kwargs)
    assert re.search(r"MAX_BYTES|MAX_MULTIPLY_ADDS|MAX_LOOP_STEPS|MAX_ELEMENTS", message)


@pytest.mark.full  # a GiB and a few seconds each: make test runs them, make check does not
@pytest.mark.parametrize("name", list(budget.CASES))
def test_the_worst_accepted_call_stays_within_max_bytes(name):
    figures = budget.run_in_process(name, cap=True, python=sys.executable)
    assert "error" not in figures, figures  # a MemoryError under the cap, or any other failure
    slack = budget.SLACK
    assert figures["estimate_bytes"] <= MAX_BYTES
    assert figures["peak_bytes"] <= MAX_BYTES + slack, figures
    assert figures["peak_bytes"] <= figures["estimate_bytes"] + slack, figures

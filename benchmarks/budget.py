"""The worst calls that transconv.ops accepts: peak memory and time of each, in its own process.

Every op refuses a call whose arrays would hold more than ``MAX_BYTES`` (1 GiB)
at once, or whose work exceeds ``MAX_MULTIPLY_ADDS`` multiply-adds or
``MAX_LOOP_STEPS`` Python steps (``transconv.shapes``). The cases below sit
just inside those limits, each where one op is at its most expensive: the most
memory (a large padding, stride or output), the most element-wise work on one
channel (no BLAS to speed it up), the most Python steps, the float64 path that
float32 inputs take when their values could overflow float32.

For each case a fresh process builds the inputs, warms the op up on a tiny
input, resets the kernel's peak-RSS mark (``/proc/self/clear_refs``), runs the
call once and prints: wall and CPU seconds, the peak resident memory above
what the process held before the call, and the op's own estimate (the sum
that ``transconv.shapes.check_memory`` compared with ``MAX_BYTES``).
``--cap`` also limits the process's address space to what it held before the
call plus ``MAX_BYTES`` and ``SLACK`` (``RLIMIT_AS``), and its CPU time to
``CPU_SECONDS``: ``tests/test_budget.py`` runs every case so and fails when one
needs more. The script prints figures; it never asserts.

Run: ``.venv/bin/python benchmarks/budget.py [--case NAME] [--cap]``
"""

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from transconv import ops, shapes

#: What the process may map beyond ``MAX_BYTES`` under ``--cap``: small arrays, Python
#: objects, the glibc arenas of BLAS's threads.
SLACK = 64 * 2**20

#: Under ``--cap``, the CPU seconds after which the kernel stops a case that runs on.
CPU_SECONDS = 60


def filled(shape, value=1.0, dtype=np.float64):
    """A new array of ``shape`` holding ``value`` (what the cases run on)."""
    return np.full(shape, value, dtype)


def broadcast(shape, value=1.0, dtype=np.float64):
    """An array of ``shape`` that takes no memory (for the calls one step larger, which are refused)."""
    return np.broadcast_to(np.asarray(value, dtype), shape)


#: name -> (op, make, k): ``make(k, array)`` gives the arguments and keyword arguments; ``k`` is
#: the largest value the op accepts (``tests/test_budget.py`` checks that ``k + 1`` is refused).
CASES = {
    "conv2d, 1x1 input, padding k (memory)":
        ("conv2d", lambda k, a: ((a((1, 1, 1, 1)), a((1, 1, 1, 1))), {"padding": k}), 3343),
    "conv2d, one channel kxk, kernel 10x10 (element-wise work)":
        ("conv2d", lambda k, a: ((a((1, 1, k, k)), a((1, 1, 10, 10))), {}), 3171),
    "conv2d, one channel kxk, kernel 177x177 (most steps, taps in groups)":
        ("conv2d", lambda k, a: ((a((1, 1, k, k)), a((1, 1, 177, 177))), {}), 354),
    "conv2d, kxk, kernel 200x200 (a loop over output pixels)":
        ("conv2d", lambda k, a: ((a((1, 1, k, k)), a((1, 1, 200, 200))), {}), 357),
    "conv2d, 64 channels kxk, kernel 7x7 (BLAS)":
        ("conv2d", lambda k, a: ((a((1, 64, k, k)), a((64, 64, 7, 7))), {}), 76),
    "conv2d, float32 1e20 (summed in float64), kxk, kernel 4x4 (memory)":
        ("conv2d", lambda k, a: ((a((1, 1, k, k), 1e20, np.float32), a((1, 1, 4, 4), 1e20, np.float32)), {}),
         6690),
    "conv2d, int8, 2x4 channels kxk, kernel 3x3 (converted to float64)":
        ("conv2d", lambda k, a: ((a((2, 4, k, k), 1, np.int8), a((4, 4, 3, 3), 1, np.int8)), {}), 1865),
    "conv_transpose2d, 100x100, kernel 100x100, stride k (memory)":
        ("conv_transpose2d", lambda k, a: ((a((1, 1, 100, 100)), a((1, 1, 100, 100))), {"stride": k}), 114),
    "conv_transpose2d, one channel kxk, kernel 31x31 (element-wise work)":
        ("conv_transpose2d", lambda k, a: ((a((1, 1, k, k)), a((1, 1, 31, 31))), {}), 1020),
    "conv_transpose2d, kxk, kernel 210x210 (a loop over input pixels)":
        ("conv_transpose2d", lambda k, a: ((a((1, 1, k, k)), a((1, 1, 210, 210))), {}), 150),
    "conv_transpose2d, 64 channels kxk, kernel 7x7, stride 2 (BLAS)":
        ("conv_transpose2d", lambda k, a: ((a((1, 64, k, k)), a((64, 64, 7, 7))), {"stride": 2}), 70),
    "conv_matrix, kernel 1x1, input kxk (memory)":
        ("conv_matrix", lambda k, a: ((a((1, 1)), (k, k)), {}), 107),
    "corr2d, kxk, kernel 31x31 (most steps)":
        ("corr2d", lambda k, a: ((a((k, k)), a((31, 31))), {}), 346),
    "trans_conv, kxk, kernel 31x31 (most steps)":
        ("trans_conv", lambda k, a: ((a((k, k)), a((31, 31))), {}), 316),
    "trans_conv, 1x1, kernel kxk (memory)":
        ("trans_conv", lambda k, a: ((a((1, 1)), a((k, k))), {}), 8192),
}


def one_step_larger(name):
    """The call of ``name`` with ``k + 1`` (inputs that take no memory): the op must refuse it."""
    op, make, k = CASES[name]
    args, kwargs = make(k + 1, broadcast)
    return getattr(ops, op), args, kwargs


def _status(field):
    """A field of /proc/self/status in bytes (VmRSS, VmHWM, VmSize)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field)


def _warm_up(function, args):
    """Run ``function`` once on small inputs of the same types (numpy and BLAS set themselves up)."""
    small = [np.ones((2,) * a.ndim, a.dtype) if isinstance(a, np.ndarray) else (2, 2) for a in args]
    function(*small)


def run_case(name, cap):
    """Run one case in this process; return its figures as a dict."""
    op, make, k = CASES[name]
    function = getattr(ops, op)
    args, kwargs = make(k, filled)
    _warm_up(function, args)
    estimates = []
    check_memory = shapes.check_memory

    def recording(parts, operation):
        estimates.append(check_memory(parts, operation))
        return estimates[-1]

    ops.check_memory = shapes.check_memory = recording  # the ops' estimate is what it returns
    if cap:
        resource.setrlimit(resource.RLIMIT_AS, (_status("VmSize") + shapes.MAX_BYTES + SLACK,
                                                resource.RLIM_INFINITY))
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, resource.RLIM_INFINITY))
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak RSS mark (VmHWM)
    before = _status("VmRSS")
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"case": name, "k": k, "seconds": wall, "cpu_seconds": cpu, "peak_bytes": _status("VmHWM") - before,
            "estimate_bytes": estimates[0] if estimates else None, "shape": list(result.shape)}


def run_in_process(name, cap=False, python=sys.executable):
    """Run one case in a fresh process; return its figures, or its error output."""
    done = subprocess.run([python, __file__, "--case", name] + (["--cap"] if cap else []),
                          capture_output=True, text=True)
    if done.returncode != 0:
        return {"case": name, "error": (done.stderr or done.stdout).strip().splitlines()[-1:],
                "returncode": done.returncode}
    return json.loads(done.stdout.strip().splitlines()[-1])


def refusal_seconds(function, args, kwargs, repeats=200):
    """Median wall time of a call that is refused (a ValueError before anything large is allocated)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        try:
            function(*args, **kwargs)
        except ValueError:
            pass
        times.append(time.perf_counter() - start)
    return statistics.median(times)


#: issue 22's two calls: 2.3 GB and 1.6 GB resident before (the second is accepted now, at 763 MiB)
ISSUE = [("conv2d(ones((1,1,1,1)), ones((1,1,1,1)), padding=4999)",
          lambda: (ops.conv2d, (np.ones((1, 1, 1, 1)), np.ones((1, 1, 1, 1))), {"padding": 4999}))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--case", choices=list(CASES), help="run this case in this process, print JSON")
    parser.add_argument("--cap", action="store_true", help="limit the address space to MAX_BYTES + SLACK more")
    options = parser.parse_args()
    if options.case:
        print(json.dumps(run_case(options.case, options.cap)))
        return
    mib = 2**20
    print(f"MAX_BYTES = {shapes.MAX_BYTES / mib:.0f} MiB, MAX_MULTIPLY_ADDS = {shapes.MAX_MULTIPLY_ADDS:.0e}; "
          f"each case in its own process{', address space capped' if options.cap else ''}")
    print(f"{'case (k: the largest accepted)':72s} {'k':>5s} {'wall s':>7s} {'cpu s':>6s} {'peak MiB':>9s} "
          f"{'estimate':>9s} {'refuse k+1':>11s}")
    for name in CASES:
        figures = run_in_process(name, options.cap)
        refuse = refusal_seconds(*one_step_larger(name))
        if "error" in figures:
            print(f"{name:72s} failed: {figures['error']}")
            continue
        print(f"{name:72s} {figures['k']:5d} {figures['seconds']:7.2f} {figures['cpu_seconds']:6.2f} "
              f"{figures['peak_bytes'] / mib:9.0f} {figures['estimate_bytes'] / mib:9.0f} "
              f"{refuse * 1e3:8.3f} ms")
    for label, make in ISSUE:
        print(f"refusing {label}: {refusal_seconds(*make()) * 1e3:.3f} ms")


if __name__ == "__main__":
    main()

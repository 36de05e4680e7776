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
call plus ``MAX_BYTES`` and ``SLACK`` (``RLIMIT_AS``): ``tests/test_budget.py``
runs every case so and fails when one needs more. The script prints figures;
it never asserts.

Run: ``.venv/bin/python benchmarks/budget.py [--case NAME] [--cap]``
"""

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from transconv import ops, shapes

#: What the process may map beyond ``MAX_BYTES`` under ``--cap``: small arrays, Python
#: objects, the glibc arenas of BLAS's threads.
SLACK = 64 * 2**20


def ones(*shape, dtype=np.float64):
    return np.ones(shape, dtype)


#: name -> (op, a function that makes the arguments and keyword arguments)
CASES = {
    "conv2d, padding 3340 (memory)":
        ("conv2d", lambda: ((ones(1, 1, 1, 1), ones(1, 1, 1, 1)), {"padding": 3340})),
    "conv2d, one channel 3000x3000, kernel 10x10 (element-wise work)":
        ("conv2d", lambda: ((ones(1, 1, 3000, 3000), ones(1, 1, 10, 10)), {})),
    "conv2d, one channel 354x354, kernel 177x177 (most steps)":
        ("conv2d", lambda: ((ones(1, 1, 354, 354), ones(1, 1, 177, 177)), {})),
    "conv2d, 350x350, kernel 200x200 (loop over output pixels)":
        ("conv2d", lambda: ((ones(1, 1, 350, 350), ones(1, 1, 200, 200)), {})),
    "conv2d, 64 channels 64x64, kernel 7x7 (BLAS)":
        ("conv2d", lambda: ((ones(1, 64, 64, 64), ones(64, 64, 7, 7)), {})),
    "conv2d, float32 1e20 (summed in float64), 3000x3000, kernel 4x4":
        ("conv2d", lambda: ((np.full((1, 1, 3000, 3000), 1e20, np.float32), np.full((1, 1, 4, 4), 1e20, np.float32)),
                            {})),
    "conv2d, int8, 4 channels 1000x1000, kernel 3x3":
        ("conv2d", lambda: ((ones(2, 4, 1000, 1000, dtype=np.int8), ones(4, 4, 3, 3, dtype=np.int8)), {})),
    "conv_transpose2d, 100x100, kernel 100x100, stride 115 (memory)":
        ("conv_transpose2d", lambda: ((ones(1, 1, 100, 100), ones(1, 1, 100, 100)), {"stride": 115})),
    "conv_transpose2d, one channel 1000x1000, kernel 31x31 (element-wise work)":
        ("conv_transpose2d", lambda: ((ones(1, 1, 1000, 1000), ones(1, 1, 31, 31)), {})),
    "conv_transpose2d, 150x150, kernel 210x210 (loop over input pixels)":
        ("conv_transpose2d", lambda: ((ones(1, 1, 150, 150), ones(1, 1, 210, 210)), {})),
    "conv_transpose2d, 64 channels 64x64, kernel 7x7, stride 2 (BLAS)":
        ("conv_transpose2d", lambda: ((ones(1, 64, 64, 64), ones(64, 64, 7, 7)), {"stride": 2})),
    "conv_matrix, kernel 1x1, input 107x107 (memory)":
        ("conv_matrix", lambda: ((ones(1, 1), (107, 107)), {})),
    "corr2d, 346x346, kernel 31x31 (most steps)":
        ("corr2d", lambda: ((ones(346, 346), ones(31, 31)), {})),
    "trans_conv, 316x316, kernel 31x31 (most steps)":
        ("trans_conv", lambda: ((ones(316, 316), ones(31, 31)), {})),
    "trans_conv, 1x1, kernel 8190x8190 (memory)":
        ("trans_conv", lambda: ((ones(1, 1), ones(8190, 8190)), {})),
}


def _status(field):
    """A field of /proc/self/status in bytes (VmRSS, VmHWM, VmSize)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field)


def _warm_up(function, args):
    """Run ``function`` once on tiny inputs of the same types (BLAS starts its threads)."""
    tiny = [np.ones((1,) * np.ndim(a), np.asarray(a).dtype) if isinstance(a, np.ndarray) else (1, 1) for a in args]
    function(*tiny)


def run_case(name, cap):
    """Run one case in this process; return its figures as a dict."""
    op, make = CASES[name]
    function = getattr(ops, op)
    args, kwargs = make()
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
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak RSS mark (VmHWM)
    before = _status("VmRSS")
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"case": name, "seconds": wall, "cpu_seconds": cpu, "peak_bytes": _status("VmHWM") - before,
            "estimate_bytes": estimates[0] if estimates else None, "shape": list(result.shape)}


def run_in_process(name, cap=False, python=sys.executable):
    """Run one case in a fresh process; return its figures, or its error output."""
    done = subprocess.run([python, __file__, "--case", name] + (["--cap"] if cap else []),
                          capture_output=True, text=True)
    if done.returncode != 0:
        return {"case": name, "error": (done.stderr or done.stdout).strip().splitlines()[-1:],
                "returncode": done.returncode}
    return json.loads(done.stdout.strip().splitlines()[-1])


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
          "each case in its own process")
    print(f"{'case':78s} {'wall s':>7s} {'cpu s':>7s} {'peak MiB':>9s} {'estimate':>9s}")
    for name in CASES:
        figures = run_in_process(name, options.cap)
        if "error" in figures:
            print(f"{name:78s} failed: {figures['error']}")
            continue
        print(f"{name:78s} {figures['seconds']:7.2f} {figures['cpu_seconds']:7.2f} "
              f"{figures['peak_bytes'] / mib:9.0f} {figures['estimate_bytes'] / mib:9.0f}")


if __name__ == "__main__":
    main()

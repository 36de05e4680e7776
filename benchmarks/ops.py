"""Time transconv.ops.conv_transpose2d and conv2d against MXNet's native layers.

Run as ``python benchmarks/ops.py``. It prints median times and their ratio;
it never fails on time. The single-channel cases take the element-wise path
that keeps NaN and inf (``transconv.ops._matmul``); the others go through BLAS.

``--before REV`` times the same cases with ``transconv/ops.py`` and
``shapes.py`` of the git revision ``REV`` against today's, taking turns in one
process (a load that comes and goes slows both alike), and prints the median
and the fastest run of each.
"""
import argparse
import functools
import importlib
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import mxnet as mx
import numpy as np
from mxnet.gluon import nn

from transconv.ops import conv2d, conv_transpose2d

CASES = {
    "seed: (1, 10, 32, 32) -> 3 channels": {"shape": (1, 10, 32, 32), "channels": 3},
    "batch: (8, 64, 32, 32) -> 32 channels": {"shape": (8, 64, 32, 32), "channels": 32},
    "one channel: (1, 1, 128, 128) -> 1": {"shape": (1, 1, 128, 128), "channels": 1},
}
KERNEL, STRIDE, PADDING = 4, 2, 1
WARMUP, REPEATS = 5, 50


def median_seconds(runs, warmup=WARMUP, repeats=REPEATS):
    """Median wall time of each function in ``runs``, after ``warmup`` calls.

    The functions take turns, so a load that comes and goes on the machine
    slows them alike and their ratio stays fair.
    """
    for run in runs:
        for _ in range(warmup):
            run()
    times = [[] for _ in runs]
    for _ in range(repeats):
        for run, spent in zip(runs, times):
            start = time.perf_counter()
            run()
            spent.append(time.perf_counter() - start)
    return [statistics.median(spent) for spent in times]


def mxnet_layer(layer_class, in_channels, channels):
    """A gluon Conv2DTranspose or Conv2D without bias, initialized at random."""
    layer = layer_class(channels, kernel_size=KERNEL, strides=STRIDE, padding=PADDING,
                        in_channels=in_channels, use_bias=False)
    layer.initialize(mx.init.Normal())
    return layer


def bench(ours_function, layer_class, shape, channels):
    """Return (numpy seconds, MXNet seconds, max abs difference) for one case."""
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    layer = mxnet_layer(layer_class, shape[1], channels)
    weight = layer.weight.data().asnumpy()  # float32, in the layer's own layout
    x_nd = mx.nd.array(x)

    def ours():
        return ours_function(x, weight, stride=STRIDE, padding=PADDING)

    def theirs():
        out = layer(x_nd)
        out.wait_to_read()
        return out

    difference = np.abs(ours() - theirs().asnumpy()).max()
    ours_seconds, theirs_seconds = median_seconds([ours, theirs])
    return ours_seconds, theirs_seconds, difference


def ops_of(revision):
    """transconv.ops as it was at ``revision``, imported as the package ``transconv_before``."""
    root = Path(tempfile.mkdtemp()) / "transconv_before"
    root.mkdir()
    (root / "__init__.py").write_text("")
    for name in ("ops", "shapes"):
        source = subprocess.run(["git", "show", f"{revision}:transconv/{name}.py"], capture_output=True,
                                text=True, check=True, cwd=Path(__file__).parent).stdout
        (root / f"{name}.py").write_text(source.replace("from transconv.shapes", "from transconv_before.shapes"))
    sys.path.insert(0, str(root.parent))
    return importlib.import_module("transconv_before.ops")


def before_and_after(revision, repeats=4 * REPEATS):
    """Print the median and fastest run of each case with the ops of ``revision`` and today's."""
    from transconv import ops
    before = ops_of(revision)
    print(f"float32, kernel {KERNEL}, stride {STRIDE}, padding {PADDING}; {revision} and today's taking "
          f"turns, {repeats} runs each after {WARMUP} warm-up; median (fastest) in ms")
    rng = np.random.default_rng(0)
    for name, case in CASES.items():
        x = rng.standard_normal(case["shape"]).astype(np.float32)
        for op, layout in (("conv_transpose2d", (case["shape"][1], case["channels"])),
                           ("conv2d", (case["channels"], case["shape"][1]))):
            weight = rng.standard_normal((*layout, KERNEL, KERNEL)).astype(np.float32)
            runs = [functools.partial(getattr(module, op), x, weight, stride=STRIDE, padding=PADDING)
                    for module in (before, ops)]
            times = [[] for _ in runs]
            for run in runs:
                for _ in range(WARMUP):
                    run()
            for _ in range(repeats):
                for run, spent in zip(runs, times):
                    start = time.perf_counter()
                    run()
                    spent.append(time.perf_counter() - start)
            shown = [f"{statistics.median(t) * 1e3:7.3f} ({min(t) * 1e3:.3f})" for t in times]
            print(f"{op + ' ' + name:56s} {shown[0]:>18s} -> {shown[1]:>18s}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", metavar="REV", help="time the ops of this git revision against today's")
    options = parser.parse_args()
    if options.before:
        before_and_after(options.before)
        return
    print(f"float32, kernel {KERNEL}, stride {STRIDE}, padding {PADDING}; "
          f"median of {REPEATS} runs after {WARMUP} warm-up")
    print(f"{'case':56s} {'numpy ms':>10s} {'mxnet ms':>10s} {'ratio':>7s} {'max |diff|':>11s}")
    for label, ours_function, layer_class in [("conv_transpose2d", conv_transpose2d, nn.Conv2DTranspose),
                                              ("conv2d", conv2d, nn.Conv2D)]:
        for name, case in CASES.items():
            ours, theirs, difference = bench(ours_function, layer_class, **case)
            print(f"{label + ' ' + name:56s} {ours * 1e3:10.3f} {theirs * 1e3:10.3f} {ours / theirs:7.2f} "
                  f"{difference:11.2e}")


if __name__ == "__main__":
    main()

"""Time transconv.ops.conv_transpose2d against MXNet's native Conv2DTranspose.

Run as ``python benchmarks/ops.py``. It prints median times and their ratio;
it never fails on time.
"""
import statistics
import time

import mxnet as mx
import numpy as np
from mxnet.gluon import nn

from transconv.ops import conv_transpose2d

CASES = {
    "seed: (1, 10, 32, 32) -> 3 channels": dict(shape=(1, 10, 32, 32), channels=3),
    "batch: (8, 64, 32, 32) -> 32 channels": dict(shape=(8, 64, 32, 32), channels=32),
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


def mxnet_layer(in_channels, channels):
    """A gluon Conv2DTranspose without bias, initialized at random."""
    layer = nn.Conv2DTranspose(channels, kernel_size=KERNEL, strides=STRIDE, padding=PADDING,
                               in_channels=in_channels, use_bias=False)
    layer.initialize(mx.init.Normal())
    return layer


def bench(shape, channels):
    """Return (numpy seconds, MXNet seconds, max abs difference) for one case."""
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    layer = mxnet_layer(shape[1], channels)
    weight = layer.weight.data().asnumpy()  # (C_in, C_out, kh, kw), float32
    x_nd = mx.nd.array(x)

    def ours():
        return conv_transpose2d(x, weight, stride=STRIDE, padding=PADDING)

    def theirs():
        out = layer(x_nd)
        out.wait_to_read()
        return out

    difference = np.abs(ours() - theirs().asnumpy()).max()
    ours_seconds, theirs_seconds = median_seconds([ours, theirs])
    return ours_seconds, theirs_seconds, difference


def main():
    print(f"conv_transpose2d vs mxnet.gluon.nn.Conv2DTranspose (float32, kernel {KERNEL}, "
          f"stride {STRIDE}, padding {PADDING}); median of {REPEATS} runs after {WARMUP} warm-up")
    print(f"{'case':40s} {'numpy ms':>10s} {'mxnet ms':>10s} {'ratio':>7s} {'max |diff|':>11s}")
    for name, case in CASES.items():
        ours, theirs, difference = bench(**case)
        print(f"{name:40s} {ours * 1e3:10.3f} {theirs * 1e3:10.3f} {ours / theirs:7.2f} {difference:11.2e}")


if __name__ == "__main__":
    main()

"""Latency of the live widgets: from setting a control to the view's HTML being updated.

For each widget, runs a seeded mix of step changes (about three in four) and
parameter changes, times each trait set with ``time.perf_counter`` (the
observers run synchronously, so when the set returns the view's ``value`` is
updated) and prints the median and 95th percentile. Target: median <= 16 ms,
p95 <= 40 ms. It prints figures; it never asserts.

Run: ``.venv/bin/python benchmarks/widgets.py [--updates 400] [--seed 0]``
"""

import argparse
import random
import statistics
import time

from transconv.widgets import (ConvStepper, MatrixView, OverlapExplorer, ScatterAddPlayer,
                               SizeExplorer)


def parameter_controls(widget):
    """The widget's controls other than the step slider and Play."""
    return [c for c in widget.controls if c not in (widget.step, widget.play)]


def choose_value(control, rng):
    """A value the control offers now, different from its current one if possible."""
    if hasattr(control, "options") and control.options:
        values = [option[1] if isinstance(option, tuple) else option
                  for option in control.options]
    elif isinstance(control.value, bool):
        values = [True, False]
    else:
        values = list(range(control.min, control.max + 1))
    others = [v for v in values if v != control.value]
    return rng.choice(others or values)


def measure(widget, updates, rng):
    """Seconds per update, and which updates were step changes."""
    times, steps = [], []
    for _ in range(updates):
        if rng.random() < 0.75 and widget.step.max > 0:  # explorers have no steps
            control = widget.step
            value = choose_value(control, rng)
        else:
            candidates = [c for c in parameter_controls(widget) if not c.disabled]
            control = rng.choice(candidates)
            value = choose_value(control, rng)
        start = time.perf_counter()
        control.value = value
        elapsed = time.perf_counter() - start
        times.append(elapsed)
        steps.append(control is widget.step)
    return times, steps


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=400, help="updates per widget (>= 200)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(f"{'widget':<18}{'updates':>8}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}"
          f"{'param changes':>15}{'median':>8}{'p95':>8}")
    for cls, kwargs in ((ConvStepper, {}), (ScatterAddPlayer, {"example": "random"}),
                        (MatrixView, {}), (OverlapExplorer, {}), (SizeExplorer, {})):
        rng = random.Random(args.seed)
        widget = cls(**kwargs)
        times, steps = measure(widget, args.updates, rng)
        ms = [t * 1e3 for t in times]
        params = [t for t, step in zip(ms, steps) if not step]
        print(f"{cls.__name__:<18}{len(ms):>8}{statistics.median(ms):>11.2f}"
              f"{percentile(ms, 0.95):>9.2f}{max(ms):>9.2f}{len(params):>15}"
              f"{statistics.median(params):>8.2f}{percentile(params, 0.95):>8.2f}")
    print("target: median <= 16 ms, p95 <= 40 ms (Python side, observers synchronous)")


if __name__ == "__main__":
    main()

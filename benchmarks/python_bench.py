#!/usr/bin/env python3
"""opswheel from Python, against baselines, side by side (ratios).

1. Wheel.suggest + accept with the aws policy (one pick a week, the AWS Ops Wheel's spin +
   proceed) against a pure-Python transcription of the AWS v1 rule, at N = 100 and N = 10,000.
   Target: >= 200x at N = 10,000, where the rule's O(N) cost shows; at N = 100 the Python call
   overhead dominates, and each call should stay under 1 us.
2. simulate() of 2,000 weeks of lottery (k = 7, N = 100) against a loop of numpy's
   Generator.choice(N, 7, replace=False, p=...) per week. Target: >= 50x.
3. simulate() throughput per policy from Python, in picks/s, against the C++ benchmark
   (benchmarks/simulate.cpp) when its release build is found: the cost of the Python layer.

Run it against an optimised module: after `pip install .`, or with the release preset built
(cmake --preset release && cmake --build --preset release --target opswheel_python simulate)
and PYTHONPATH=build/release/python. Each figure is the best of several repeats (the least
disturbed by other work on the machine). Takes about 30 s; --quick takes a few.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import time
from pathlib import Path

# Every figure here is one thread's. OpenBLAS (loaded with numpy) otherwise starts a thread per
# core that spins for a while, which on a small machine takes a core from the calls measured.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402  (after the setting above)

import opswheel as ow

REPO = Path(__file__).resolve().parents[1]


def best_time(fn, repeats: int) -> float:
    """The fastest of `repeats` calls of fn(), in seconds."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


class PythonAwsWheel:
    """The AWS Ops Wheel v1 rule, transcribed as plainly as the original: O(N) a spin."""

    def __init__(self, n: int, seed: int) -> None:
        self.weights = [1.0] * n
        self.rng = random.Random(seed)

    def spin(self) -> int:
        total = sum(self.weights)
        target = self.rng.random() * total
        running = 0.0
        for i, w in enumerate(self.weights):
            running += w
            if target < running and w > 0:
                return i
        return max(i for i, w in enumerate(self.weights) if w > 0)

    def proceed(self, picked: int) -> None:
        n = len(self.weights)
        total = sum(self.weights)
        share = self.weights[picked] / (n - 1)
        scale = n / total
        self.weights = [0.0 if i == picked else (w + share) * scale for i, w in enumerate(self.weights)]


def aws_pick_accept(n: int, weeks: int, repeats: int) -> dict:
    wheel = ow.Wheel("aws", seed=1)
    for i in range(n):
        wheel.add(f"team-{i}")
    baseline = PythonAwsWheel(n, seed=1)

    def ours():
        for _ in range(weeks):
            wheel.accept(wheel.suggest(1))

    def theirs():
        for _ in range(weeks):
            baseline.proceed(baseline.spin())

    s = wheel.suggest(1)
    suggest_only = best_time(lambda: [wheel.suggest(1) for _ in range(weeks)], repeats) / weeks
    probe = wheel.copy()

    picks = s.picks

    def accepts():  # explicit picks: accept alone, without a spin
        for _ in range(weeks):
            probe.accept(picks)

    accept_only = best_time(accepts, repeats) / weeks
    return {"ours": best_time(ours, repeats) / weeks, "python": best_time(theirs, repeats) / weeks,
            "suggest": suggest_only, "accept": accept_only}


def lottery_simulate(repeats: int) -> dict:
    n, k, weeks = 100, 7, 2000
    weights = np.array([1.0 + i % 5 for i in range(n)])
    p = weights / weights.sum()
    gen = np.random.default_rng(1)

    def numpy_loop():
        picks = np.empty((weeks, k), dtype=np.int64)
        for t in range(weeks):
            picks[t] = gen.choice(n, k, replace=False, p=p)

    ours = best_time(lambda: ow.simulate("lottery", weights, k=k, weeks=weeks, chance_weeks=0), repeats)
    return {"ours": ours / weeks, "numpy": best_time(numpy_loop, repeats) / weeks}


def python_throughput(repeats: int) -> dict:
    rates = {}
    for policy in ow.POLICIES:
        seconds = best_time(lambda: ow.simulate(policy, [1.0] * 100, k=7, weeks=2000, chance_weeks=0), repeats)
        rates[policy] = 2000 * 7 / seconds
    return rates


def cpp_throughput(binary: Path, quick: bool) -> dict:
    """picks/s per policy (equal weights) from the C++ simulate benchmark's JSON output."""
    out = subprocess.run([str(binary), "--benchmark_filter=Simulate/.*/equal", "--benchmark_format=json",
                          f"--benchmark_min_time={0.05 if quick else 0.3}"],
                         capture_output=True, text=True, check=True).stdout
    rates = {}
    for b in json.loads(out)["benchmarks"]:
        policy = b["name"].split("/")[1]
        rates[policy] = b["picks"]
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats and weeks: a smoke run")
    parser.add_argument("--cpp-benchmark", type=Path, default=REPO / "build" / "release" / "benchmarks" / "simulate",
                        help="the release build of benchmarks/simulate.cpp (default: %(default)s)")
    args = parser.parse_args()
    repeats = 2 if args.quick else 5

    print(f"opswheel {ow.__version__} from {Path(ow.__file__).parent}")
    print(f"Python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}, "
          f"{os.cpu_count()} CPUs, {platform.processor() or platform.platform()}")

    print("\n1. Wheel.suggest(1) + accept, aws policy, per week (pure Python: the AWS v1 rule transcribed)")
    print(f"{'N':>7} {'opswheel':>11} {'pure Python':>12} {'ratio':>8} {'target':>8}   {'suggest':>9} {'accept':>9}")
    per_call = []
    for n, weeks, target in ((100, 2000, None), (10_000, 200 if args.quick else 1000, 200)):
        r = aws_pick_accept(n, weeks, repeats)
        ratio = r["python"] / r["ours"]
        verdict = "" if target is None else (f">= {target}x" + ("" if ratio >= target else " NOT MET"))
        print(f"{n:>7} {r['ours'] * 1e6:>9.2f}us {r['python'] * 1e6:>10.1f}us {ratio:>7.0f}x {verdict:>8}   "
              f"{r['suggest'] * 1e6:>7.2f}us {r['accept'] * 1e6:>7.2f}us")
        if n == 100:
            slowest = max(r["suggest"], r["accept"])
            per_call.append(f"   one call at N=100: suggest {r['suggest'] * 1e6:.2f} us, accept {r['accept'] * 1e6:.2f} us "
                            f"(target < 1 us{'' if slowest < 1e-6 else ', NOT MET'})")
    print("\n".join(per_call))

    print("\n2. simulate('lottery', N=100, k=7, 2000 weeks) against numpy Generator.choice(replace=False, p) a week")
    r = lottery_simulate(repeats)
    ratio = r["numpy"] / r["ours"]
    print(f"   opswheel {r['ours'] * 1e6:.2f} us/week   numpy {r['numpy'] * 1e6:.1f} us/week   "
          f"ratio {ratio:.0f}x (target >= 50x{'' if ratio >= 50 else ', NOT MET'})")

    print("\n3. simulate throughput, N=100, k=7, 2000 weeks, equal weights, chances off (M picks/s)")
    ours = python_throughput(repeats)
    cpp = cpp_throughput(args.cpp_benchmark, args.quick) if args.cpp_benchmark.is_file() else {}
    print(f"   {'policy':<12} {'Python':>8} {'C++':>8} {'Python/C++':>11}")
    for policy, rate in ours.items():
        theirs = cpp.get(policy)
        side = f"{theirs / 1e6:>8.2f} {rate / theirs:>10.0%}" if theirs else f"{'n/a':>8} {'':>11}"
        print(f"   {policy:<12} {rate / 1e6:>8.2f} {side}")
    if not cpp:
        print(f"   (C++ figures: build {args.cpp_benchmark} with the release preset)")


if __name__ == "__main__":
    sys.exit(main())

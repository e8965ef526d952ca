#!/usr/bin/env python3
"""What it costs a user to compile against opswheel, side by side with the standard library alone.

Measures the CPU time (user + system, of the compiler processes) of:
  - parse:    `-fsyntax-only` of a file that includes <opswheel/opswheel.hpp> and nothing else;
  - std parse: the same for the nine standard headers below alone, for scale: the umbrella
              header cannot parse faster than the standard headers its declarations need;
  - std:      `-O2 -c` of a small program using only nine standard headers (string, vector, map,
              memory, optional, variant, functional, chrono, algorithm), doing about as much work
              as the next one;
  - wheel:    `-O2 -c` of a program that includes <opswheel/opswheel.hpp>, adds teams, spins the
              wheel and accepts, printing the picks;
  - header-only: the same program with OPSWHEEL_HEADER_ONLY defined (everything compiled in).
Each is compiled `--repeat` times (default 3) and the median is printed, with the ratio
wheel / std and the targets (parse <= 1.5 s, wheel <= 2 x std). Object sizes are printed too.

Usage: benchmarks/compile_cost.py [--cxx g++] [--repeat 3] [--include DIR]
"""

from __future__ import annotations

import argparse
import os
import pathlib
import resource
import statistics
import subprocess
import sys
import tempfile

STD_PROGRAM = r"""
#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>
#include <cstdio>

int main() {
  std::map<std::string, double> teams{{"ec2-api", 3.0}, {"s3-frontend", 2.0}, {"sqs-core", 1.0}};
  std::vector<std::pair<double, std::string>> order;
  for (const auto& [id, w] : teams) order.emplace_back(-w, id);
  std::sort(order.begin(), order.end());
  std::optional<std::string> first = order.empty() ? std::nullopt : std::optional(order.front().second);
  std::variant<int, std::string> pick = *first;
  std::function<void(const std::string&)> print = [](const std::string& s) { std::printf("%s\n", s.c_str()); };
  auto owner = std::make_unique<std::string>(std::get<std::string>(pick));
  const std::chrono::year_month_day day{std::chrono::year{2026}, std::chrono::month{12}, std::chrono::day{2}};
  print(*owner);
  std::printf("%d\n", static_cast<int>(day.year()));
}
"""

WHEEL_PROGRAM = r"""
#include <opswheel/opswheel.hpp>
#include <cstdio>

int main() {
  opswheel::Wheel wheel("quota", 2026);
  wheel.add("ec2-api", 3.0);
  wheel.add("s3-frontend", 2.0);
  wheel.add("sqs-core");
  const opswheel::Suggestion s = wheel.suggest(2);
  wheel.accept(s, opswheel::parse_date("2026-12-02"));
  for (const auto& id : s.picks) std::printf("%s\n", id.c_str());
}
"""

PARSE_PROGRAM = "#include <opswheel/opswheel.hpp>\n"
STD_PARSE_PROGRAM = "".join(line + "\n" for line in STD_PROGRAM.splitlines() if line.startswith("#include"))


def cpu_of(command: list[str]) -> float:
    """CPU seconds the child processes of `command` used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_cpu(command: list[str], repeat: int) -> float:
    return statistics.median(cpu_of(command) for _ in range(repeat))


def main() -> int:
    repo = pathlib.Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cxx", default=os.environ.get("CXX", "g++"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--include", default=str(repo / "include"), help="opswheel's include directory")
    args = parser.parse_args()

    base = [args.cxx, "-std=c++20", "-I", args.include]
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        files = {}
        for name, text in (("std.cpp", STD_PROGRAM), ("wheel.cpp", WHEEL_PROGRAM), ("parse.cpp", PARSE_PROGRAM),
                           ("std_parse.cpp", STD_PARSE_PROGRAM)):
            files[name] = work / name
            files[name].write_text(text)
        rows = [
            ("parse", base + ["-fsyntax-only", str(files["parse.cpp"])], None),
            ("std parse", base + ["-fsyntax-only", str(files["std_parse.cpp"])], None),
            ("std", base + ["-O2", "-c", str(files["std.cpp"]), "-o", str(work / "std.o")], work / "std.o"),
            ("wheel", base + ["-O2", "-c", str(files["wheel.cpp"]), "-o", str(work / "wheel.o")], work / "wheel.o"),
            ("header-only", base + ["-DOPSWHEEL_HEADER_ONLY", "-O2", "-c", str(files["wheel.cpp"]), "-o",
                                    str(work / "ho.o")], work / "ho.o"),
        ]
        times = {}
        for name, command, obj in rows:
            try:
                times[name] = median_cpu(command, args.repeat)
            except subprocess.CalledProcessError as e:
                print(f"{name}: the compiler failed ({e.returncode})", file=sys.stderr)
                return 1
            size = f", object {obj.stat().st_size / 1024:.0f} KB" if obj else ""
            print(f"{name:12s} {times[name]:6.2f} s CPU (median of {args.repeat}){size}")
    ratio = times["wheel"] / times["std"]
    print(f"\nwheel / std: {ratio:.2f}x  (target <= 2x: {'met' if ratio <= 2 else 'NOT MET'})")
    print(f"parse of <opswheel/opswheel.hpp>: {times['parse']:.2f} s  (target <= 1.5 s: "
          f"{'met' if times['parse'] <= 1.5 else 'NOT MET'}; "
          f"{times['parse'] / times['std parse']:.2f}x the standard headers' {times['std parse']:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

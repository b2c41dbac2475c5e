"""Bake-time benchmark: this template against a one-file template, in one run.

Each bake is a fresh `python -m cookiecutter --no-input` process, as a user
runs it, so interpreter and cookiecutter start-up count for both. Runs are
interleaved so that machine noise hits both sides alike. Prints the medians
and their ratio (goal: at most 1.5), then the same for the CPU time the bake
and its hooks used: wall time on a shared machine also waits for the disk and
for other processes, CPU time much less so.

    python scripts/bench_bake.py [--runs 25]
"""

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEMPLATE_DIR = Path(__file__).resolve().parent.parent


def one_file_template(root):
    template = root / "one-file-template"
    (template / "{{cookiecutter.project_slug}}").mkdir(parents=True)
    (template / "cookiecutter.json").write_text(json.dumps({"project_slug": "demo"}))
    (template / "{{cookiecutter.project_slug}}" / "README.md").write_text(
        "# {{ cookiecutter.project_slug }}\n"
    )
    return template


def children_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bake_seconds(template, output_dir):
    """Wall and CPU seconds of one bake (the hooks' processes included)."""
    cpu_before = children_cpu_seconds()
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "cookiecutter", "--no-input", "-f", str(template), "-o", output_dir],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started, children_cpu_seconds() - cpu_before


def medians(bakes):
    """The median wall time and the median CPU time of (wall, cpu) pairs."""
    return [statistics.median(times) for times in zip(*bakes, strict=True)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as root:
        baseline_template = one_file_template(Path(root))
        ours, baseline = [], []
        for run in range(args.runs + 1):
            ours_time = bake_seconds(TEMPLATE_DIR, f"{root}/ours-{run}")
            baseline_time = bake_seconds(baseline_template, f"{root}/baseline-{run}")
            if run:  # the first pair warms the file cache and is not counted
                ours.append(ours_time)
                baseline.append(baseline_time)

    ours_wall, ours_cpu = medians(ours)
    baseline_wall, baseline_cpu = medians(baseline)
    print(f"runs per side:          {args.runs}")
    print(f"this template, median:  {ours_wall * 1000:.0f} ms")
    print(f"one-file template:      {baseline_wall * 1000:.0f} ms")
    print(f"ratio:                  {ours_wall / baseline_wall:.2f} (goal <= 1.50)")
    print(
        f"CPU time, medians:      {ours_cpu * 1000:.0f} ms / {baseline_cpu * 1000:.0f} ms, "
        f"ratio {ours_cpu / baseline_cpu:.2f}"
    )


if __name__ == "__main__":
    main()

"""Bake-time benchmark: this template against a one-file template, in one run.

Each bake is a fresh `python -m cookiecutter --no-input` process, as a user
runs it, so interpreter and cookiecutter start-up count for both. Runs are
interleaved so that machine noise hits both sides alike. Prints the medians
and their ratio (goal: at most 1.5).

    python scripts/bench_bake.py [--runs 25]
"""

import argparse
import json
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


def bake_seconds(template, output_dir):
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "cookiecutter", "--no-input", "-f", str(template), "-o", output_dir],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


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

    ours_median = statistics.median(ours)
    baseline_median = statistics.median(baseline)
    ratio = ours_median / baseline_median
    print(f"runs per side:          {args.runs}")
    print(f"this template, median:  {ours_median * 1000:.0f} ms")
    print(f"one-file template:      {baseline_median * 1000:.0f} ms")
    print(f"ratio:                  {ratio:.2f} (goal <= 1.50)")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Build benchmark: generated corpora of 10 000 and 100 000 paragraphs.

    python3 bench/build.py                 # both sizes, 3 builds each
    python3 bench/build.py --sizes 10000 --runs 5

Generates each corpus once with ../shared/tools/gen-corpus.py (kept in
bench/corpora/, git-ignored), builds Insyn in release mode, and reports for
each size: the wall time of a first build into an empty output folder, the
median wall time of the rebuilds that follow (unchanged content; the build
recycles the previous generation, as in CI after each commit), pages per
second of the first build, and the peak memory (max RSS) of any build. Run
it on an otherwise idle machine.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT.parent / "shared" / "tools" / "gen-corpus.py"
CORPORA = ROOT / "bench" / "corpora"
# INSYN_BINARY compares another build (another commit's) on the same corpora.
BINARY = Path(os.environ.get("INSYN_BINARY", ROOT / "target" / "release" / "insyn"))


def corpus(size):
    path = CORPORA / f"p{size}"
    if not (path / "site.yaml").exists():
        CORPORA.mkdir(parents=True, exist_ok=True)
        print(f"generating {size} paragraphs …", file=sys.stderr)
        subprocess.run([sys.executable, str(GEN), "--out", str(path), "--paragraphs", str(size)],
                       check=True, stdout=subprocess.DEVNULL)
    return path


def build_once(content, output):
    """One build; returns (seconds, peak RSS in MiB, pages and data files written)."""
    start = time.perf_counter()
    proc = subprocess.Popen([str(BINARY), "build", "--content", str(content), "--output", str(output)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ, "CI": "1"})
    out = proc.stdout.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        sys.exit(f"build failed: {out}")
    built = re.search(r"Built (\d+) pages and (\d+) data files", out)
    return seconds, usage.ru_maxrss / 1024, (int(built.group(1)), int(built.group(2)))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    p.add_argument("--runs", type=int, default=3)
    a = p.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    print(f"{'paragraphs':>10} {'pages':>8} {'data':>8} {'first s':>8} {'files/s':>8} {'rebuild s':>10} {'peak MiB':>9}")
    for size in a.sizes:
        content = corpus(size)
        output = CORPORA / f"p{size}-output"
        for stale in [output, output.with_name(f".{output.name}.insyn-old"), output.with_name(f".{output.name}.insyn-new")]:
            shutil.rmtree(stale, ignore_errors=True)
        first = build_once(content, output)
        rebuilds = [build_once(content, output) for _ in range(a.runs)]
        median = statistics.median(r[0] for r in rebuilds)
        pages, data = first[2]
        peak = max(r[1] for r in [first, *rebuilds])
        print(f"{size:>10} {pages:>8} {data:>8} {first[0]:>8.2f} {(pages + data) / first[0]:>8.0f} {median:>10.2f} {peak:>9.0f}", flush=True)


if __name__ == "__main__":
    main()

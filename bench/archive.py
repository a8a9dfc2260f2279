#!/usr/bin/env python3
"""Archive benchmark: `insyn archive` against `insyn build` on generated corpora.

    python3 bench/archive.py                    # 100 000 paragraphs, 3 rounds
    python3 bench/archive.py --sizes 10000 --runs 5

For each size (the corpus made once with ../shared/tools/gen-corpus.py, kept
in bench/corpora/ as bench/build.py keeps it), each round runs, one after
the other and each into an empty folder on the same disk, each timed until
what it wrote is on disk (sync): a first build;
the whole portal's archive (`insyn archive`: the same build, the source
copied, every file hashed, METS, PREMIS and the bag written); and one
year's archive (`--year`, the corpus's middle year). It prints each run's
wall and CPU time (user + system) and, over the rounds, the median of each
archive's time as a share of the build's in the same round: the goals are
at most 1.3 for the whole portal and 0.10 for a year. Alternating the runs
keeps the disk's slow spells (large on a virtual machine) from landing on
one kind only, and every other round archives before it builds.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import BINARY, corpus  # noqa: E402

WORK = Path(__file__).resolve().parent / "corpora" / "archive-runs"


def remove(path):
    """rm -rf: much quicker than shutil.rmtree on 350 000 files."""
    subprocess.run(["rm", "-rf", str(path)], check=True)


def timed(args):
    """Run insyn with `args`; (wall seconds, CPU seconds), or exit on failure.
    What earlier runs wrote is on disk before it starts, and what it writes
    is on disk before its time stops (sync), so no run pays for another's."""
    os.sync()
    start = time.perf_counter()
    proc = subprocess.Popen([str(BINARY), *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env={**os.environ, "CI": "1"})
    out = proc.stdout.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    os.sync()
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"insyn {' '.join(args)} failed: {out}")
    return wall, usage.ru_utime + usage.ru_stime


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], check=True, cwd=Path(__file__).resolve().parent.parent)
    for size in args.sizes:
        content = corpus(size)
        years = sorted(d.name for d in (content / "meetings").iterdir() if d.is_dir())
        year = years[len(years) // 2]
        whole_ratios, year_ratios = [], []
        for run in range(args.runs):
            remove(WORK)
            WORK.mkdir(parents=True)
            # Every other round archives first.
            runs = {
                "build": ["build", "--content", str(content), "--output", str(WORK / "output")],
                "whole": ["archive", "--content", str(content), "--out", str(WORK / "whole")],
            }
            times = {}
            for kind in (("build", "whole") if run % 2 == 0 else ("whole", "build")):
                times[kind] = timed(runs[kind])
                remove(WORK / ("output" if kind == "build" else "whole"))
            build, whole = times["build"], times["whole"]
            one = timed(["archive", "--content", str(content), "--year", year, "--out", str(WORK / year)])
            remove(WORK)
            whole_ratios.append(whole[0] / build[0])
            year_ratios.append(one[0] / build[0])
            print(f"{size} paragraphs, round {run + 1}: build {build[0]:.1f} s (CPU {build[1]:.1f} s), "
                  f"whole archive {whole[0]:.1f} s (CPU {whole[1]:.1f} s), "
                  f"{year} archive {one[0]:.2f} s (CPU {one[1]:.2f} s)", flush=True)
        print(f"{size} paragraphs: whole archive / build, median {statistics.median(whole_ratios):.2f} "
              f"(goal ≤ 1.3); one year / build, median {statistics.median(year_ratios):.3f} (goal ≤ 0.10)")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Build benchmark: generated corpora of 10 000 and 100 000 paragraphs.

    python3 bench/build.py                 # both sizes, 3 builds each
    python3 bench/build.py --sizes 10000 --runs 5
    python3 bench/build.py --people       # with people and votes, against without
    python3 bench/build.py --notices      # the notice board's share of a build

Generates each corpus once with ../shared/tools/gen-corpus.py (kept in
bench/corpora/, git-ignored), builds Insyn in release mode, and reports for
each size: the wall time of a first build into an empty output folder, the
median wall time of the rebuilds that follow (unchanged content; the build
recycles the previous generation, as in CI after each commit), pages per
second of the first build, and the peak memory (max RSS) of any build. Run
it on an otherwise idle machine.

Beside the first build it gives the copy floor: the output's files and
bytes, and how long `cp -r` takes to copy that output into an empty folder
on the same disk (what writing those files costs at least), and the first
build's time as a multiple of it. Nothing is deleted while the bench
runs (what it replaces is moved aside and deleted at the end), and the
first timed run waits until the bench's last deletions are five minutes
old (`settle`): ext4 without a journal makes every new file pay for
recent deletions.

With --people the corpus is generated with people, attendance, proposals,
votes and reservations (contract, section 9), and built beside a copy of
it with all of that taken out (people.yaml and every people key removed),
so that the two differ in nothing else: the last line gives how much longer
the rebuild with people takes, in wall time and in CPU time (user and
system, which the disk's slow spells, large on a virtual machine, do not
inflate as much).

With --notices every meeting of the corpus is announced on the notice
board (`announced:` the day after certification, `agenda_announced:` ten
days ahead), in a copy of it, and each build prints how long the notice
board, its feed and its calendar took to render (`INSYN_TIMINGS`): the last
line gives their median as a share of the build's wall time.
"""
import argparse
import datetime
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT.parent / "shared" / "tools" / "gen-corpus.py"
CORPORA = ROOT / "bench" / "corpora"
# INSYN_BINARY compares another build (another commit's) on the same corpora.
BINARY = Path(os.environ.get("INSYN_BINARY", ROOT / "target" / "release" / "insyn"))


def corpus(size, people=False):
    path = CORPORA / (f"p{size}-people" if people else f"p{size}")
    if not (path / "site.yaml").exists():
        CORPORA.mkdir(parents=True, exist_ok=True)
        print(f"generating {size} paragraphs …", file=sys.stderr)
        extra = ["--people"] if people else []
        subprocess.run([sys.executable, str(GEN), "--out", str(path), "--paragraphs", str(size), *extra],
                       check=True, stdout=subprocess.DEVNULL)
    return path


PEOPLE_KEYS = ("present:", "chair:", "adjusters:", "raised_by:", "proposals:", "vote:", "reservations:")


def without_people(content):
    """A copy of a corpus with people.yaml and every people key taken out."""
    path = content.with_name(content.name + "-without")
    if (path / "site.yaml").exists():
        return path
    discard(path)
    shutil.copytree(content, path, symlinks=True)
    (path / "people.yaml").unlink()
    for f in (path / "meetings").rglob("*.md"):
        text = f.read_text()
        _, front, body = text.split("---\n", 2)
        kept, skipping = [], False
        for line in front.splitlines(keepends=True):
            if line.startswith(PEOPLE_KEYS):
                skipping = True
            elif not (skipping and line.startswith((" ", "-"))):
                skipping = False
                kept.append(line)
        f.write_text("---\n" + "".join(kept) + "---\n" + body)
    return path


def announced(content):
    """A copy of a corpus whose every meeting is announced: minutes the day
    after certification, agendas ten days ahead."""
    path = content.with_name(content.name + "-announced")
    if (path / "site.yaml").exists():
        return path
    discard(path)
    shutil.copytree(content, path, symlinks=True)
    for index in (path / "meetings").rglob("index.md"):
        text = index.read_text()
        date = re.search(r"^date: (\S+)$", text, re.M).group(1)
        certified = re.search(r"^certified: (\S+)$", text, re.M)
        lines = [f"agenda_announced: {datetime.date.fromisoformat(date) - datetime.timedelta(days=10)}\n"]
        if certified and re.search(r"^status: minutes$", text, re.M):
            day = datetime.date.fromisoformat(certified.group(1)) + datetime.timedelta(days=1)
            lines.append(f"announced: {day}\n")
        index.write_text(text.replace("\n---\n", "\n" + "".join(lines) + "---\n", 1))
    return path


def build_once(content, output, notices=None):
    """One build; returns (seconds, peak RSS in MiB, pages and data files
    written, CPU seconds: user and system). With `notices` (a list), the
    notice board's render time in ms is added to it."""
    start = time.perf_counter()
    env = {**os.environ, "CI": "1", **({"INSYN_TIMINGS": "1"} if notices is not None else {})}
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([str(BINARY), "build", "--content", str(content), "--output", str(output)],
                                stdout=subprocess.PIPE, stderr=err, env=env)
        out = proc.stdout.read().decode()
        _, status, usage = os.wait4(proc.pid, 0)
        err.seek(0)
        timings = err.read().decode()
    if notices is not None:
        board = re.search(r"timing: notice board, its feed and calendar ([\d.]+) ms", timings)
        notices.append(float(board.group(1)))
    seconds = time.perf_counter() - start
    if status != 0:
        sys.exit(f"build failed: {out}")
    built = re.search(r"Built (\d+) pages and (\d+) data files", out)
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, usage.ru_maxrss / 1024, (int(built.group(1)), int(built.group(2))), cpu


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--people", action="store_true", help="with people and votes, against the same corpus without")
    p.add_argument("--notices", action="store_true", help="every meeting announced: the notice board's share of a build")
    a = p.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    print(f"{'paragraphs':>10} {'pages':>8} {'data':>8} {'first s':>8} {'files/s':>8} {'rebuild s':>10} {'peak MiB':>9}"
          f" {'files':>8} {'MB':>6} {'cp -r s':>8} {'x floor':>8}")
    try:
        for size in a.sizes:
            run_size(size, a)
    finally:
        empty_trash()


def run_size(size, a):
    """The figures of one corpus size, as `a` (the arguments) asks."""
    if a.notices:
        content = announced(corpus(size))
        output = CORPORA / f"{content.name}-output"
        discard(output)
        settle()
        board = []
        first = build_once(content, output, []) + (copy_floor(output),)
        rebuilds = [build_once(content, output, board) for _ in range(a.runs)]
        wall = statistics.median(b[0] for b in rebuilds)
        show(size, first, rebuilds, wall, "announced")
        print(f"the notice board, its feed and calendar: median {statistics.median(board):.1f} ms, "
              f"{100 * statistics.median(board) / 1000 / wall:.2f} % of the rebuild's {wall:.1f} s", flush=True)
        return
    if not a.people:
        show(size, *measure({"": corpus(size)}, a.runs)[""])
        return
    with_people = corpus(size, people=True)
    figures = measure({"without": without_people(with_people), "people": with_people}, a.runs)
    for label, figure in figures.items():
        show(size, *figure, label)
    ratio = figures["people"][2] / figures["without"][2]
    cpu = lambda label: statistics.median(r[3] for r in figures[label][1])
    print(f"with people the rebuild takes {ratio:.2f} x as long (medians), "
          f"and {cpu('people') / cpu('without'):.2f} x the CPU time ({cpu('people'):.1f} s against {cpu('without'):.1f} s)",
          flush=True)


# ext4 without a journal (this machine's disk) gives no new file the number
# of an inode deleted in the last minute, or the last five minutes while its
# block of the inode table is being written to (as it is while files are
# created beside it), and to know, it reads each such inode's deletion time
# in turn (fs/ext4/ialloc.c, `recently_deleted`). A build or a copy that
# starts soon after a large output was deleted pays for that on every file
# it creates: 30 % of a first build's time, measured with perf. So the
# bench deletes nothing while it measures: what it replaces is moved into
# TRASH and deleted at the end, and the timed runs start once the last
# deletion (the time of DELETED) is five minutes old.
RECENTLY_DELETED_SECONDS = 300
TRASH = CORPORA / ".trash"
DELETED = CORPORA / ".deleted"


def discard(path):
    """Move `path` into the trash, deleted when the bench ends."""
    if not path.exists():
        return
    TRASH.mkdir(parents=True, exist_ok=True)
    path.rename(TRASH / f"{len(list(TRASH.iterdir()))}-{path.name}")


def empty_trash():
    """Delete what was discarded, and note when."""
    if TRASH.exists():
        shutil.rmtree(TRASH, ignore_errors=True)
        DELETED.touch()


def settle():
    """Wait until what the bench last deleted is written out and no longer
    recent to the file system."""
    subprocess.run(["sync"], check=True)
    if DELETED.exists():
        wait = DELETED.stat().st_mtime + RECENTLY_DELETED_SECONDS + 1 - time.time()
        if wait > 0:
            print(f"waiting {wait:.0f} s for the last deletions to settle …", file=sys.stderr, flush=True)
            time.sleep(wait)


def copy_floor(output):
    """The output's files and bytes, and the seconds `cp -r` takes to copy
    it into an empty folder beside it."""
    files = [p for p in output.rglob("*") if p.is_file() and not p.is_symlink()]
    size = sum(p.stat().st_size for p in files)
    copy = output.with_name(output.name + "-copy")
    discard(copy)
    # The build's writes go to the disk first, so that the copy's closing
    # `sync` waits for the copy's own writes only.
    settle()
    start = time.perf_counter()
    subprocess.run(["cp", "-r", str(output), str(copy)], check=True)
    subprocess.run(["sync"], check=True)
    seconds = time.perf_counter() - start
    discard(copy)
    return len(files), size, seconds


def measure(contents, runs):
    """Build each content once into an empty folder and `runs` times again,
    taking turns so that the disk's slow spells fall on each alike; for
    each, its first build, its rebuilds and their median."""
    outputs = {}
    for label, content in contents.items():
        output = CORPORA / f"{content.name}-output"
        for stale in [output, output.with_name(f".{output.name}.insyn-old"), output.with_name(f".{output.name}.insyn-new")]:
            discard(stale)
        outputs[label] = output
    first = {}
    for label, content in contents.items():
        settle()
        first[label] = build_once(content, outputs[label]) + (copy_floor(outputs[label]),)
    rebuilds = {label: [] for label in contents}
    for _ in range(runs):
        for label, content in contents.items():
            rebuilds[label].append(build_once(content, outputs[label]))
    return {label: (first[label], rebuilds[label], statistics.median(r[0] for r in rebuilds[label]))
            for label in contents}


def show(size, first, rebuilds, median, label=""):
    pages, data = first[2]
    peak = max(r[1] for r in [first, *rebuilds])
    floor = ""
    if len(first) > 4:
        files, size_bytes, copy = first[4]
        floor = f" {files:>8} {size_bytes / 1e6:>6.0f} {copy:>8.2f} {first[0] / copy:>8.2f}"
    print(f"{size:>10} {pages:>8} {data:>8} {first[0]:>8.2f} {(pages + data) / first[0]:>8.0f} {median:>10.2f} {peak:>9.0f}{floor} {label}", flush=True)


if __name__ == "__main__":
    main()

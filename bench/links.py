#!/usr/bin/env python3
"""What checking the content's links costs: a generated corpus with links
added to every published paragraph, checked and built by two binaries.

    python3 bench/links.py --baseline /path/to/an/older/insyn
    python3 bench/links.py --sizes 10000 --runs 5 --baseline …

Takes the corpus of bench/build.py (bench/corpora/p<size>, generated once)
and copies it to p<size>-links, where every paragraph that is not
confidential gets a link to § before it on its meeting's page (`#p<N>`),
to its first published document (when it has one), to its case's page by
address (`/arenden/<id>/`) and to a law on the web. Reports how many links
each kind the corpus holds, and the median wall time of `insyn check` and
of a rebuild (`insyn build` over the previous output) for the current
release binary and for the baseline, with their ratio. The generated
corpus has no links of its own, so the baseline reads the same text.
"""
import argparse
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import CORPORA, ROOT, corpus  # noqa: E402

LAW = "https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/kommunallag-2017725_sfs-2017-725/"


def with_links(size):
    """The corpus with links added, and how many of each kind."""
    path = CORPORA / f"p{size}-links"
    counts = {"paragraph anchors": 0, "documents": 0, "case pages": 0, "external": 0}
    if not (path / "site.yaml").exists():
        shutil.rmtree(path, ignore_errors=True)
        shutil.copytree(corpus(size), path)
    for meeting in sorted((path / "meetings").glob("*/*")):
        published = []
        for file in sorted(meeting.glob("[0-9]*.md")):
            text = file.read_text(encoding="utf-8")
            front, body = text.split("\n---\n", 1)
            number = int(re.search(r"^paragraph: (\d+)", front, re.M).group(1))
            if re.search(r"^confidential: true", front, re.M):
                continue
            links = []
            if published:
                links.append(f"[§ {published[-1]}](#p{published[-1]})")
                counts["paragraph anchors"] += 1
            document = re.search(r"^  - file: (.+)$", front, re.M)
            if document:
                name = document.group(1).strip().strip('"')
                links.append(f"[handlingen](<{name}>)")
                counts["documents"] += 1
            case = re.search(r'^case: "(?:([A-Za-z]+) )?(\d{4})/(\d+)', front, re.M)
            if case:
                registry = f"{case.group(1).lower()}-" if case.group(1) else ""
                links.append(f"[ärendet](/arenden/{registry}{case.group(2)}-{case.group(3)}/)")
                counts["case pages"] += 1
            links.append(f"[kommunallagen]({LAW})")
            counts["external"] += 1
            published.append(number)
            if "<!-- länkar -->" not in body:
                file.write_text(f"{front}\n---\n{body.rstrip()}\n\n<!-- länkar --> Se {', '.join(links)}.\n",
                                encoding="utf-8")
    return path, counts


def timed(args):
    start = time.perf_counter()
    proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={"CI": "1", "PATH": "/usr/bin:/bin"})
    if proc.returncode != 0:
        sys.exit(f"{' '.join(map(str, args))} failed:\n{proc.stderr.decode()[-3000:]}")
    return time.perf_counter() - start


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--baseline", required=True, help="an insyn binary without the link checks")
    a = p.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    binaries = {"current": ROOT / "target" / "release" / "insyn", "baseline": Path(a.baseline)}
    for size in a.sizes:
        content, counts = with_links(size)
        print(f"{size} paragraphs: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()), flush=True)
        medians = {}
        for name, binary in binaries.items():
            output = CORPORA / f"p{size}-links-output-{name}"
            timed([binary, "build", "--content", content, "--output", output])
            checks = [timed([binary, "check", "--content", content]) for _ in range(a.runs)]
            builds = [timed([binary, "build", "--content", content, "--output", output]) for _ in range(a.runs)]
            medians[name] = (statistics.median(checks), statistics.median(builds))
            print(f"  {name:>8}: check {medians[name][0]:6.2f} s, rebuild {medians[name][1]:6.2f} s", flush=True)
        check_ratio = medians["current"][0] / medians["baseline"][0]
        build_ratio = medians["current"][1] / medians["baseline"][1]
        print(f"  current / baseline: check {check_ratio:.3f}, rebuild {build_ratio:.3f}", flush=True)


if __name__ == "__main__":
    main()

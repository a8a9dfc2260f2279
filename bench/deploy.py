#!/usr/bin/env python3
"""Deploy benchmark: how many files `rsync -a` sends after a small edit.

    python3 bench/deploy.py                  # 20 000 paragraphs
    python3 bench/deploy.py --size 10000

Generates the corpus once with ../shared/tools/gen-corpus.py (kept in
bench/corpora/), copies it, builds it, and deploys the output with
`rsync -a` (which, like `aws s3 sync`, sends a file whose size or
modification time differs). Then it changes one paragraph's title, builds
again and deploys again, and reports: the files whose bytes changed
(`rsync --checksum --dry-run`), the files `rsync -a` sent, and the output's
files and bytes. Needs rsync.
"""
import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import build  # noqa: E402  (the corpus and binary of bench/build.py)


def sent(args, source, target):
    """The regular files `rsync <args>` sends (or would) from source to target."""
    out = subprocess.run(["rsync", *args, "--stats", f"{source}/", f"{target}/"],
                         check=True, capture_output=True, text=True).stdout
    return int(re.search(r"Number of regular files transferred: ([\d,]+)", out).group(1).replace(",", ""))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--size", type=int, default=20_000)
    a = p.parse_args()
    if shutil.which("rsync") is None:
        sys.exit("rsync is needed (apt install rsync)")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory(dir=build.CORPORA) as tmp:
        tmp = Path(tmp)
        content = tmp / "content"
        shutil.copytree(build.corpus(a.size), content)
        output, deployed = tmp / "output", tmp / "deployed"
        build.build_once(content, output)
        build.build_once(content, output)  # as after any earlier commit
        sent(["-a"], output, deployed)
        paragraph = sorted((content / "meetings").rglob("0*.md"))[-1]
        text = paragraph.read_text()
        paragraph.write_text(re.sub(r'^title: "?', 'title: "Ändrad: ', text, count=1, flags=re.M))
        build.build_once(content, output)
        changed = sent(["-a", "--checksum", "--dry-run"], output, deployed)
        sent_a = sent(["-a"], output, deployed)
        files = [f for f in output.rglob("*") if f.is_file()]
        size = sum(f.stat().st_size for f in files)
        print(f"{a.size} paragraphs: {len(files)} files, {size / 1e6:.0f} MB; after one title edit "
              f"{changed} files differ in content and rsync -a sends {sent_a}")


if __name__ == "__main__":
    main()

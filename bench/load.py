#!/usr/bin/env python3
"""Load on the live preview: many clients while a clerk keeps saving.

    python3 bench/load.py                        # 1 000 clients, 30 s, 2 000 paragraphs
    python3 bench/load.py --clients 200 --seconds 10 --paragraphs 500

Generates a corpus (../shared/tools/gen-corpus.py), starts the release
binary's `insyn serve` on it and then, for `--seconds`:

- `--clients` clients, each on its own keep-alive connection, ask for the
  pages, data files and PDFs of the site one after another;
- one editor saves a paragraph's text every half second;
- one reader reads the output folder's files straight from disk, as a web
  server or rsync would, and counts HTML files that do not end with
  `</html>` and JSON files that do not parse (torn files).

It prints the requests made, the errors (no answer, or a status other than
200), the median and 99th percentile of the answers' times, the rebuilds
seen and the torn files read. Run it on an otherwise idle machine.
"""
import argparse
import http.client
import json
import multiprocessing
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def editor(paragraph, original, seconds):
    """Save the paragraph every half second, as editors save: a new file
    renamed over the old."""
    stop = time.monotonic() + seconds
    n = 0
    while time.monotonic() < stop:
        n += 1
        saved = paragraph.with_name(".saving")
        saved.write_text(original + f"\nÄndring {n}.\n", encoding="utf-8")
        saved.rename(paragraph)
        time.sleep(0.5)


def disk_reader(files, seconds, torn):
    """Read the output's files from disk as a web server would; count the
    HTML files not ending with </html> and the JSON files that do not
    parse."""
    stop = time.monotonic() + seconds
    rng = random.Random(7)
    while time.monotonic() < stop:
        f = rng.choice(files)
        try:
            data = f.read_bytes()
        except FileNotFoundError:
            continue
        torn[0] += 1
        if f.suffix == ".html" and not data.rstrip().endswith(b"</html>"):
            torn[1] += 1
        if f.suffix == ".json":
            try:
                json.loads(data)
            except ValueError:
                torn[2] += 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=1000)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--paragraphs", type=int, default=2000)
    args = ap.parse_args()

    binary = os.environ.get("INSYN_BINARY", str(ROOT / "target/release/insyn"))
    if "INSYN_BINARY" not in os.environ:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    work = Path(tempfile.mkdtemp(prefix="insyn-load-"))
    subprocess.run(
        [sys.executable, str(SHARED / "tools/gen-corpus.py"), "--out", str(work / "content"),
         "--paragraphs", str(args.paragraphs)],
        check=True, stdout=subprocess.DEVNULL,
    )
    port = free_port()
    server = subprocess.Popen(
        [binary, "serve", "--port", str(port)], cwd=work,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    rebuilds = [0]

    def read_server():
        for line in server.stdout:
            if line.startswith(("fel", "error", "varning")):
                print("server:", line.rstrip())
            if "Rebuilt" in line or "Patched" in line or "Updated" in line:
                rebuilds[0] += 1
            if "Serving" in line:
                ready.set()

    ready = threading.Event()
    threading.Thread(target=read_server, daemon=True).start()
    if not ready.wait(600):
        sys.exit("insyn serve did not start")

    output = work / "output"
    paths = []
    for f in output.rglob("*"):
        if f.is_file() and not f.name.startswith("."):
            rel = f.relative_to(output).as_posix()
            if rel.endswith("index.html"):
                rel = rel[: -len("index.html")]
            paths.append("/" + rel)
    paragraph = sorted((work / "content/meetings").rglob("0*.md"))[0]
    original = paragraph.read_text(encoding="utf-8")

    stop = time.monotonic() + args.seconds
    times, errors, lock = [], [0], threading.Lock()
    kinds = {}

    def client(seed):
        rng = random.Random(seed)
        conn = None
        local_times, local_errors = [], 0
        while time.monotonic() < stop:
            path = rng.choice(paths)
            started = time.monotonic()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    local_errors += 1
                    with lock:
                        kinds[f"{response.status} {path}"] = kinds.get(f"{response.status} {path}", 0) + 1
                local_times.append(time.monotonic() - started)
            except Exception as e:
                local_errors += 1
                conn = None
                with lock:
                    kinds[type(e).__name__] = kinds.get(type(e).__name__, 0) + 1
        with lock:
            times.extend(local_times)
            errors[0] += local_errors

    on_disk = sorted(output.rglob("*.html"))[:2000] + sorted(output.rglob("*.json"))[:200]
    torn = multiprocessing.Array("l", 3)
    # The editor and the disk reader are processes of their own, so that
    # the clients' threads cannot starve them.
    helpers = [
        multiprocessing.Process(target=editor, args=(paragraph, original, args.seconds)),
        multiprocessing.Process(target=disk_reader, args=(on_disk, args.seconds, torn)),
    ]
    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    for t in helpers + threads:
        t.start()
    for t in helpers + threads:
        t.join()
    torn = {"reads": torn[0], "html": torn[1], "json": torn[2]}
    server.terminate()
    server.wait()
    times.sort()
    if kinds:
        print("errors:", sorted(kinds.items(), key=lambda kv: -kv[1])[:5])
    p = lambda q: times[min(len(times) - 1, int(q * len(times)))] * 1000 if times else float("nan")
    print(
        f"{args.clients} clients, {args.seconds:.0f} s, {args.paragraphs} paragraphs: "
        f"{len(times) + errors[0]} requests, {errors[0]} errors, "
        f"p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms, {rebuilds[0]} rebuilds; "
        f"{torn['reads']} reads from disk, {torn['html']} torn HTML, {torn['json']} torn JSON"
    )


if __name__ == "__main__":
    main()

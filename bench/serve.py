#!/usr/bin/env python3
"""Live-preview benchmark: `insyn serve` on generated corpora.

    python3 bench/serve.py                          # 10 000 and 100 000 paragraphs
    python3 bench/serve.py --sizes 10000 --edits 10 --memory-edits 100
    python3 bench/serve.py --sizes 100000 --kinds case title --memory-edits 0

For each size: copies the corpus (bench/corpora/p<N>, generated once by
bench/build.py's rules) into a working portal, starts the release binary's
`insyn serve` on a free port, listens to its reload events, and then edits
one paragraph's text, title, case (to a new case of its meeting's year) and
confidentiality in turn (`--edits` rounds of the four), adds § files to the
newest meeting (as a clerk writing minutes does) and removes them again,
moves the paragraph's meeting to another room (its `index.md`), adds
meetings (a folder with its `index.md` and one §) after the newest one and
deletes them again, retitles a case in its case file, saves a paragraph
with an unknown key and then its fix (the fix is measured), then edits the
theme's page template (the free pages' only) and its base template (every
page's). For each kind of edit
it reports the median and worst time from the save (the moment the edit's
own write into the portal begins, after the bench has found what to edit)
to the rebuild's last file written (the "Rebuilt" line, printed after the last write) and to the
browser's reload event, and the CPU time the server's threads used from the
save to the reload event (on two cores the wall time is at least half of
it); then the resident memory (VmRSS) of the server
before and after `--memory-edits` more text edits. Run it on an otherwise
idle machine. `--kinds` measures only the kinds of edit named (the templates too); `INSYN_BINARY=path` runs another build
of insyn, to compare two commits on the same corpus; `SERVE_LOG=path` keeps
what the server printed (with `INSYN_TIMINGS=1`, each rebuild's steps).
"""
import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
import queue
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import BINARY, ROOT, corpus  # noqa: E402


class Server:
    """`insyn serve` with its printed lines and reload events, timestamped."""

    def __init__(self, portal):
        self.proc = subprocess.Popen(
            [str(BINARY), "serve", "--port", "0"], cwd=portal,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "CI": "1"})
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        line = self.wait_for("Serving", 3600)
        self.port = int(re.search(r"http://[^:]+:(\d+)/", line).group(1))
        self.events = queue.Queue()
        threading.Thread(target=self._listen, daemon=True).start()
        time.sleep(0.5)

    def _read(self):
        # SERVE_LOG=path keeps what the server printed (its INSYN_TIMINGS too).
        log = open(os.environ["SERVE_LOG"], "w") if os.environ.get("SERVE_LOG") else None
        for line in self.proc.stdout:
            self.lines.put((time.perf_counter(), line.rstrip("\n")))
            if log:
                log.write(line)
                log.flush()

    def _listen(self):
        s = socket.create_connection(("127.0.0.1", self.port))
        s.sendall(b"GET /__insyn/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        for line in s.makefile("r", encoding="utf-8"):
            if line.startswith("event: reload"):
                self.events.put(time.perf_counter())

    def wait_for(self, text, timeout):
        deadline = time.perf_counter() + timeout
        printed = []
        while True:
            at, line = self.lines.get(timeout=max(0.1, deadline - time.perf_counter()))
            printed.append(line)
            if "still served" in line and text != "still served":
                sys.exit("a rebuild failed:\n" + "\n".join(printed))
            if text in line:
                return (at, line) if text == "Rebuilt" else line

    def rss_mib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            kb = int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))
        return kb / 1024

    def cpu_seconds(self):
        """The CPU time all the server's threads have had, in seconds
        (each thread's `schedstat`, in nanoseconds)."""
        total = 0
        for task in Path(f"/proc/{self.proc.pid}/task").iterdir():
            try:
                total += int((task / "schedstat").read_text().split()[0])
            except (FileNotFoundError, ProcessLookupError):
                pass  # a thread that ended meanwhile
        return total / 1e9

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=60)


def drain(q):
    while not q.empty():
        q.get_nowait()


def candidates(content):
    """The published paragraph files that name a case, in a stable order."""
    files = sorted(p for p in (content / "meetings").rglob("*.md") if p.name != "index.md")
    return [p for p in files if "confidential:" not in (t := p.read_text(encoding="utf-8")) and "\ncase:" in t]


# When each edit's own write began: the clock starts there, not at the
# bench's preparation (finding the newest meeting lists 4 600 folders, 28 ms
# at 100 000 paragraphs, which the figures once included).
LANDED = []


def landing():
    """Note that the edit's write into the portal begins now."""
    LANDED.append(time.perf_counter())


def set_key(path, key, value):
    text = path.read_text(encoding="utf-8")
    head, body = text[4:].split("\n---\n", 1)
    lines = [l for l in head.splitlines() if not l.startswith(key + ":")]
    if value is not None:
        lines.append(f"{key}: {value}")
    landing()
    path.write_text("---\n" + "\n".join(lines) + "\n---\n" + body, encoding="utf-8")


def newest_meeting(content):
    """The meeting folder with the latest date, where minutes are written."""
    return max((d for d in (content / "meetings").glob("*/*") if d.is_dir()), key=lambda d: d.name[:10])


KINDS = ["text", "title", "case", "confidential", "new §", "removed §", "meeting", "new meeting", "removed meeting",
         "case file", "error fix"]
# Measured half as often as the others (a base template renders every page).
TEMPLATE_KINDS = ["template", "base template"]
ADDED = []
MEETINGS = []
# How many edits of each kind the server built whole, not patched, and
# how many of the patched ones built the search index again.
WHOLE_BUILDS = {}
SEARCH_REBUILDS = {}
# The CPU time of each edit of a kind, in seconds (Server.cpu_seconds).
CPU = {}


def edit(kind, p, portal, n):
    if kind == "new §":
        # A § naming the edited paragraph's case, in the newest meeting.
        number = 9000 + n
        case = next(l for l in p.read_text(encoding="utf-8").splitlines() if l.startswith("case:"))
        f = newest_meeting(portal / "content") / f"{number}-ny.md"
        landing()
        f.write_text(f'---\nparagraph: {number}\ntitle: "Ny paragraf {n}"\n{case}\ndecision: approved\n---\nText {n}.\n', encoding="utf-8")
        ADDED.append(f)
    elif kind == "removed §":
        added = ADDED.pop(0)
        landing()
        added.unlink()
    elif kind == "new meeting":
        # A meeting of the newest meeting's body some days after it, with
        # one § naming the edited paragraph's case.
        newest = newest_meeting(portal / "content")
        day = date.fromisoformat(newest.name[:10]) + timedelta(days=1)
        body = newest.name[11:]
        # Written beside the content folder and moved in, as one change.
        folder = portal / f"{day.isoformat()}-{body}"
        folder.mkdir()
        (folder / "index.md").write_text(
            f'---\nbody: {body}\ndate: {day.isoformat()}\ntime: "13:00"\nlocation: Stadshuset\nstatus: minutes\n---\n', encoding="utf-8")
        case = next(l for l in p.read_text(encoding="utf-8").splitlines() if l.startswith("case:"))
        (folder / f"{8000 + n}-ny.md").write_text(
            f'---\nparagraph: {8000 + n}\ntitle: "Nytt sammanträde {n}"\n{case}\ndecision: approved\n---\nText {n}.\n', encoding="utf-8")
        landing()
        MEETINGS.append(folder.rename(newest.parent / folder.name))
    elif kind == "removed meeting":
        # The newest added meeting goes first, as a meeting made by mistake.
        folder = MEETINGS.pop()
        landing()
        shutil.rmtree(folder)
    elif kind == "error fix":
        set_key(p, "nyckel", None)
    elif kind == "text":
        text = p.read_text(encoding="utf-8") + f"\nTillägg {n}.\n"
        landing()
        p.write_text(text, encoding="utf-8")
    elif kind == "title":
        set_key(p, "title", f'"Ändrad rubrik {n}"')
    elif kind == "case":
        # A new case, registered in the year of its meeting (a case in a
        # year no case has yet adds a filter to every case list page).
        set_key(p, "case", f'"{p.parent.name[:4]}/{90000 + n}"')
    elif kind == "confidential":
        set_key(p, "confidential", "true")
    elif kind == "meeting":
        # The paragraph's meeting moves to another room.
        set_key(p.parent / "index.md", "location", f'"Sal {n}"')
    elif kind == "case file":
        # A clerk retitles a case in its case file.
        files = sorted((portal / "content" / "cases").glob("*.md"))
        set_key(files[(n * 7919) % len(files)], "title", f'"Ändrat ärende {n}"')
    elif kind == "template":
        # The free pages' template: those pages alone.
        t = portal / "themes" / "default" / "templates" / "page.html"
        text = t.read_text(encoding="utf-8").replace("<h1", f"<h1 data-v='{n}'", 1)
        landing()
        t.write_text(text, encoding="utf-8")
    elif kind == "base template":
        # The template every page extends: every page.
        t = portal / "themes" / "default" / "templates" / "base.html"
        if not t.exists():
            shutil.copy(ROOT / "themes" / "default" / "templates" / "base.html", t)
        text = t.read_text(encoding="utf-8").replace("<body", f"<body data-v='{n}'", 1)
        landing()
        t.write_text(text, encoding="utf-8")


def measure(server, kind, files, portal, n):
    drain(server.lines)
    drain(server.events)
    p = files[(n * 7919) % len(files)]
    if kind == "error fix":
        # A key the format does not know; the fix, measured, removes it.
        set_key(p, "nyckel", f'"{n}"')
        server.wait_for("still served", 3600)
        server.events.get(timeout=60)
        drain(server.lines)
        drain(server.events)
    LANDED.clear()
    cpu = server.cpu_seconds()
    before = time.perf_counter()
    edit(kind, p, portal, n)
    saved = LANDED[-1] if LANDED else before
    written, line = server.wait_for("Rebuilt", 3600)
    reload = server.events.get(timeout=60)
    CPU.setdefault(kind, []).append(server.cpu_seconds() - cpu)
    WHOLE_BUILDS[kind] = WHOLE_BUILDS.get(kind, 0) + ("pages rendered" not in line)
    SEARCH_REBUILDS[kind] = SEARCH_REBUILDS.get(kind, 0) + ("search index built again" in line)
    return written - saved, reload - saved


def ms(values):
    return f"median {statistics.median(values) * 1000:.0f} ms, worst {max(values) * 1000:.0f} ms"


def cpu_ms(kind):
    """The median CPU time of the server's threads from an edit's write to
    its reload event."""
    return f"CPU median {statistics.median(CPU[kind]) * 1000:.0f} ms"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    p.add_argument("--edits", type=int, default=5, help="rounds of each paragraph edit")
    p.add_argument("--memory-edits", type=int, default=1000)
    p.add_argument("--kinds", nargs="+", choices=KINDS + TEMPLATE_KINDS, help="only these kinds of edit")
    a = p.parse_args()
    for removed, added in [("removed §", "new §"), ("removed meeting", "new meeting")]:
        if a.kinds and removed in a.kinds and added not in a.kinds:
            p.error(f"--kinds: {removed!r} removes what {added!r} adds; name both")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    for size in a.sizes:
        source = corpus(size)
        with tempfile.TemporaryDirectory(dir=ROOT / "bench" / "corpora") as work:
            portal = Path(work)
            content = portal / "content"
            print(f"copying the {size}-paragraph corpus …", file=sys.stderr)
            shutil.copytree(source, content)
            templates = portal / "themes" / "default" / "templates"
            templates.mkdir(parents=True)
            shutil.copy(ROOT / "themes" / "default" / "templates" / "page.html", templates / "page.html")
            files = candidates(content)
            started = time.perf_counter()
            server = Server(portal)
            print(f"{size} paragraphs: first build and start {time.perf_counter() - started:.1f} s")
            # The first build's output goes to disk first (gigabytes at
            # 100 000 §), so that the edits are not timed against it.
            os.sync()
            time.sleep(5)
            try:
                n = 0
                for kind in [k for k in KINDS if not a.kinds or k in a.kinds]:
                    written, reloaded = [], []
                    for _ in range(a.edits):
                        n += 1
                        w, r = measure(server, kind, files, portal, n)
                        written.append(w)
                        reloaded.append(r)
                    whole = WHOLE_BUILDS.get(kind, 0)
                    search = SEARCH_REBUILDS.get(kind, 0)
                    print(f"  {kind:>15}: to last file written {ms(written)}; to reload event {ms(reloaded)}; {cpu_ms(kind)}"
                          + (f" ({whole} of {a.edits} built whole)" if whole else "")
                          + (f" ({search} of {a.edits} built the search index again)" if search else ""))
                for kind in [k for k in TEMPLATE_KINDS if not a.kinds or k in a.kinds]:
                    written, reloaded = [], []
                    for _ in range(max(1, a.edits // 2)):
                        n += 1
                        w, r = measure(server, kind, files, portal, n)
                        written.append(w)
                        reloaded.append(r)
                    whole = WHOLE_BUILDS.get(kind, 0)
                    print(f"  {kind:>15}: to last file written {ms(written)}; to reload event {ms(reloaded)}; {cpu_ms(kind)}"
                          + (f" ({whole} built whole)" if whole else ""))
                if a.memory_edits:
                    before = server.rss_mib()
                    for _ in range(a.memory_edits):
                        n += 1
                        measure(server, "text", files, portal, n)
                    after = server.rss_mib()
                    print(f"  resident memory: {before:.0f} MiB before, {after:.0f} MiB after {a.memory_edits} more edits")
            finally:
                server.stop()


if __name__ == "__main__":
    main()

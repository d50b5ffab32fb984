"""Benchmark: `dyad export` in every format over synthetic knowledge bases of N events.

Builds (once, cached under bench/results/) SQLite knowledge bases of N synthetic events with
`bench_web.build` (articles of 1,000 events; half of them about one dyad, Aland–Borduria, the
rest about one further dyad each), then runs each export format as its own process:

    dyad export --format F --db sqlite:///... -o OUT      (timelinejs: --dyad Aland Borduria)

and prints, per format: wall seconds, the process's peak RSS (`os.wait4`), the output size,
and both as a ratio to the CSV export (the four tables, events streamed) of the same run.
A format whose memory grows with N while CSV's stays flat holds the knowledge base in memory.

    .venv/bin/python bench/bench_export.py [--events 10000 100000] [--formats csv turtle ...]
                                           [--rebuild]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
FORMATS = ("csv", "parquet", "jsonl", "jsonld", "turtle", "timeml", "timelinejs")
PER_ARTICLE = 1000
FOLDER_FORMATS = ("csv", "parquet", "timeml")  # -o is a folder


def knowledge_base(events: int, rebuild: bool) -> Path:
    sys.path.insert(0, str(HERE))
    from bench_web import build  # the synthetic articles of the web benchmark

    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"export-{events // 1000}k.db"
    if rebuild or not path.exists():
        build(path, articles=max(2, events // PER_ARTICLE), per_article=PER_ARTICLE)
    return path


def size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size if path.exists() else 0


def run(fmt: str, db: Path, out: Path) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit status) of one export process."""
    dyad = str(Path(sys.executable).with_name("dyad"))
    cmd = [dyad, "export", "--format", fmt, "--db", f"sqlite:///{db}", "-o", str(out)]
    if fmt == "timelinejs":
        cmd += ["--dyad", "Aland", "Borduria"]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - t, usage.ru_maxrss / 1024, proc.returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    ap.add_argument("--rebuild", action="store_true", help="rebuild the synthetic databases")
    args = ap.parse_args()
    formats = ["csv"] + [f for f in args.formats if f != "csv"]  # the baseline first
    for n in args.events:
        db = knowledge_base(n, args.rebuild)
        print(f"\n{n:,} events ({db.name}, {size(db) / 1e6:.0f} MB)")
        print(f"{'format':<11} {'seconds':>8} {'peak RSS MB':>11} {'output MB':>9} "
              f"{'time/csv':>8} {'RSS/csv':>7}")
        base = None
        tmp = Path(tempfile.mkdtemp(prefix="dyad-bench-export-"))
        try:
            for fmt in formats:
                out = tmp / (fmt if fmt in FOLDER_FORMATS else f"out.{fmt}")
                seconds, rss, status = run(fmt, db, out)
                mb = size(out) / 1e6
                if base is None:
                    base = (seconds, rss)
                note = "" if status == 0 else f"  (exit {status})"
                print(f"{fmt:<11} {seconds:>8.1f} {rss:>11.0f} {mb:>9.1f} "
                      f"{seconds / base[0]:>8.1f} {rss / base[1]:>7.1f}{note}", flush=True)
                shutil.rmtree(out, ignore_errors=True) if out.is_dir() else out.unlink(missing_ok=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    print("\ntimelinejs exports one dyad (Aland–Borduria, half of the events); the others the "
          f"whole knowledge base. {os.cpu_count()} CPUs; load average "
          f"{os.getloadavg()[0]:.1f} at the end.")


if __name__ == "__main__":
    main()

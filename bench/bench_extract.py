"""Benchmark of `dyad extract` throughput, one process (= one core), with the per-stage split.

Inputs: every shared article (../shared/data/articles/*.txt and excerpts, the seed) and every
wikitext page (../shared/data/wikitext/*.wiki). For each input the work `dyad extract` does is
timed stage by stage: read (decode + detect + parse), the five analysis stages, and the JSON
encoding of the Document. Times are CPU seconds of this process (time.process_time), so the
figure is per core and stays meaningful on a shared machine. Throughput is input bytes / total
CPU seconds. Target: >= 0.5 MB/s.
Prints a table (not a test). Usage:

    .venv/bin/python bench/bench_extract.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "src"))

from dyad.analysis.pipeline import STAGES  # noqa: E402
from dyad.model import Document  # noqa: E402
from dyad.readers import read_path  # noqa: E402


def inputs() -> dict[str, list[Path]]:
    return {
        "articles (plain text)": sorted((DATA / "articles").glob("*.txt"))
        + sorted((DATA / "articles" / "excerpts").glob("*.txt")) + [DATA / "seed" / "armenia-artsakh-relations.txt"],
        "wikitext pages": sorted((DATA / "wikitext").glob("*.wiki")),
    }


def run(paths: list[Path]) -> dict[str, float]:
    times = {"read": 0.0, **{name: 0.0 for name, _ in STAGES}, "json": 0.0}
    for path in paths:
        t = time.process_time()
        articles = list(read_path(str(path)))
        times["read"] += time.process_time() - t
        for article in articles:
            doc = Document(article=article)
            for name, stage in STAGES:
                t = time.process_time()
                stage(doc)
                times[name] += time.process_time() - t
            t = time.process_time()
            json.dumps(doc.to_json(), ensure_ascii=False)
            times["json"] += time.process_time() - t
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per corpus; the fastest counts")
    args = parser.parse_args()
    # Warm up: rule files are loaded and compiled once per process.
    run([DATA / "seed" / "armenia-artsakh-relations.txt"])
    rows = []
    for corpus, paths in inputs().items():
        size = sum(p.stat().st_size for p in paths)
        best = min((run(paths) for _ in range(args.repeat)), key=lambda t: sum(t.values()))
        total = sum(best.values())
        rows.append((corpus, len(paths), size, total, best))
    stages = ["read", *[n for n, _ in STAGES], "json"]
    print(f"{'corpus':24} {'files':>5} {'MB':>7} {'cpu s':>8} {'MB/s':>6}  " + " ".join(f"{s:>9}" for s in stages))
    for corpus, n, size, total, best in rows:
        split = " ".join(f"{100 * best[s] / total:8.1f}%" for s in stages)
        print(f"{corpus:24} {n:5d} {size / 1e6:7.3f} {total:8.3f} {size / 1e6 / total:6.2f}  {split}")
    size = sum(r[2] for r in rows)
    total = sum(r[3] for r in rows)
    print(f"{'all':24} {sum(r[1] for r in rows):5d} {size / 1e6:7.3f} {total:8.3f} {size / 1e6 / total:6.2f}  "
          f"(target >= 0.50 MB/s per core)")


if __name__ == "__main__":
    main()

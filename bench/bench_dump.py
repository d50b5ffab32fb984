"""Benchmark of the dump reader and the engines (prints tables; not a test).

1. Scan speed: decompress + parse + relations filter of a dump, against bare bz2
   decompression of the same file, in the same run (target: ratio >= 0.8, where ratio =
   decompression time / scan time).
2. Peak memory of a scan (VmHWM of a fresh subprocess, and tracemalloc's peak of Python
   allocations) for a dump of ~200 real pages and for one of ~200k pages built by repeating
   real pages (target: <= 300 MB and flat).
3. Ingest of the same dump by the local engine and by the Dask engine (LocalCluster of 2
   worker processes): wall time and speed-up, cluster start-up reported apart.

Inputs are built from the real pages of ../shared/data/dumps (CC BY-SA, Wikipedia) into a
temporary folder. Usage:

    .venv/bin/python bench/bench_dump.py [--large-pages 200000] [--dask-pages 48] [--skip-dask]
"""

from __future__ import annotations

import argparse
import bz2
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
ENWIKI = DATA / "dumps" / "gensim_enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
WIKITEXT = DATA / "wikitext"

sys.path.insert(0, str(ROOT / "src"))

from dyad.engine.multistream import write_multistream  # noqa: E402
from dyad.readers.dump import DumpPage, is_article, iter_pages, select_pages  # noqa: E402


def table(title: str, header: list[str], rows: list[list]) -> None:
    widths = [max(len(str(x)) for x in [h] + [r[i] for r in rows]) for i, h in enumerate(header)]
    print(f"\n{title}")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(str(x).ljust(w) for x, w in zip(r, widths)))


def bare_decompress(path: Path) -> tuple[float, int]:
    started = time.perf_counter()
    n = 0
    with bz2.open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            n += len(chunk)
    return time.perf_counter() - started, n


def scan(path: Path) -> tuple[float, int, int]:
    started = time.perf_counter()
    pages = kept = 0

    def counted():
        nonlocal pages
        for p in iter_pages(str(path)):
            pages += 1
            yield p

    for _ in select_pages(counted()):
        kept += 1
    return time.perf_counter() - started, pages, kept


def repeated_pages(source: list[DumpPage], count: int):
    """`count` pages cycling through `source` with fresh page ids (the text is real)."""
    for i in range(count):
        p = source[i % len(source)]
        yield DumpPage(i, p.title if i < len(source) else f"{p.title} ({i // len(source)})",
                       p.ns, 1_000_000 + i, p.revision_id, p.timestamp, p.text, p.redirect)


MEMORY_PROBE = r"""
import json, sys, tracemalloc
sys.path.insert(0, sys.argv[2])
from dyad.readers.dump import iter_pages, select_pages
tracemalloc.start()
pages = kept = 0
for p in iter_pages(sys.argv[1]):
    pages += 1
    kept += bool(list(select_pages([p])))
peak = tracemalloc.get_traced_memory()[1]
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
print(json.dumps({"pages": pages, "kept": kept, "tracemalloc_peak": peak, "vmhwm_kb": hwm}))
"""


def memory(path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", MEMORY_PROBE, str(path), str(ROOT / "src")],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _warm_up() -> None:
    """Analyse one short real article, so that every rule file is loaded."""
    from dyad import analyze
    from dyad.readers import read_path

    for article in read_path(str(DATA / "articles" / "Albania-Brazil_relations.txt")):
        analyze(article)


def ingest_times(dump: Path, workers: int) -> list[list]:
    from dyad.engine.distributed import ingest_distributed, make_client
    from dyad.engine.local import ingest_dump
    from dyad.store import open_store

    rows = []
    _warm_up()  # rule files load once per process: time the work, not the loading
    with tempfile.TemporaryDirectory() as tmp:
        with open_store(f"sqlite:///{tmp}/local.db") as store:
            t = time.perf_counter()
            s = ingest_dump(str(dump), store, relations_only=False, on_error=lambda e: None)
            local = time.perf_counter() - t
        rows.append(["local (1 process)", s.pages_selected, s.written, s.failed, f"{local:.1f}",
                     "-", "1.00"])
        t = time.perf_counter()
        client = make_client(None, workers)
        client.run(_warm_up)  # each worker loads the rule files before the clock starts
        startup = time.perf_counter() - t
        try:
            with open_store(f"sqlite:///{tmp}/dask.db") as store:
                t = time.perf_counter()
                s = ingest_distributed([str(dump)], store, relations_only=False, client=client,
                                       pages_per_chunk=2,
                                       on_error=lambda e: None)
                dask = time.perf_counter() - t
        finally:
            cluster = client.cluster
            client.close()
            cluster.close()
        rows.append([f"dask ({workers} workers)", s.pages_selected, s.written, s.failed,
                     f"{dask:.1f}", f"{startup:.1f}", f"{local / dask:.2f}"])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large-pages", type=int, default=200_000)
    parser.add_argument("--dask-pages", type=int, default=48)
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--only-dask", action="store_true")
    args = parser.parse_args()

    real = list(iter_pages(str(ENWIKI)))
    small_real = [p for p in real if not is_article(p) or len(p.text) < 5000
                  or "relations" in p.title]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if not args.only_dask:
            scan_and_memory(tmp, real, small_real, args.large_pages)
        if not args.skip_dask:
            dask_speedup(tmp, real, args.dask_pages)


def scan_and_memory(tmp: Path, real: list[DumpPage], small_real: list[DumpPage],
                large_pages: int) -> None:
    small = tmp / "small-multistream.xml.bz2"
    write_multistream(real, str(small), str(tmp / "small-multistream-index.txt"))
    large = tmp / "large-multistream.xml.bz2"
    t = time.perf_counter()
    write_multistream(repeated_pages(small_real, large_pages), str(large),
                      str(tmp / "large-multistream-index.txt"))
    build = time.perf_counter() - t
    print(f"built {large.name}: {large_pages} pages cycling {len(small_real)} real pages "
          f"(redirects, short articles, relations pages), {large.stat().st_size / 1e6:.1f} MB "
          f"compressed, in {build:.0f} s")

    rows = []
    for name, path in (("real 2016 dump (206 pages)", ENWIKI), ("small multistream", small),
                       (f"large multistream ({large_pages} pages)", large)):
        best_bare = best_scan = float("inf")
        for _ in range(3 if path != large else 1):
            bare, size = bare_decompress(path)
            elapsed, pages, kept = scan(path)
            best_bare, best_scan = min(best_bare, bare), min(best_scan, elapsed)
        rows.append([name, pages, kept, f"{size / 1e6:.1f}", f"{best_bare:.2f}",
                     f"{best_scan:.2f}", f"{size / 1e6 / best_scan:.1f}",
                     f"{best_bare / best_scan:.2f}"])
    table("1. Scan (decompress + parse + filter) vs bare bz2 decompression",
          ["input", "pages", "kept", "MB xml", "bz2 s", "scan s", "scan MB/s", "ratio"], rows)

    rows = []
    for name, path in (("real 2016 dump", ENWIKI), ("large multistream", large)):
        m = memory(path)
        rows.append([name, m["pages"], m["kept"], f"{m['vmhwm_kb'] / 1024:.0f}",
                     f"{m['tracemalloc_peak'] / 1e6:.1f}"])
    table("2. Peak memory of a scan (fresh subprocess)",
          ["input", "pages", "kept", "VmHWM MB", "tracemalloc peak MB"], rows)


def dask_speedup(tmp: Path, real: list[DumpPage], dask_pages: int) -> None:
    articles = [p for p in real if is_article(p) and len(p.text) < 20000]
    extra = [DumpPage(0, f.stem.replace("_", " "), 0, 90_000_000 + i, 1,
                      "2025-11-01T00:00:00Z", f.read_text(encoding="utf-8"))
             for i, f in enumerate(sorted(WIKITEXT.glob("*.wiki"))[:6])]
    pool = extra + articles
    chosen = [pool[i % len(pool)] for i in range(dask_pages)]
    pages = [DumpPage(i, p.title if i < len(pool) else f"{p.title} ({i})", 0, 2_000_000 + i,
                      p.revision_id, p.timestamp, p.text) for i, p in enumerate(chosen)]
    dump = tmp / "dask-multistream.xml.bz2"
    write_multistream(pages, str(dump), str(tmp / "dask-multistream-index.txt"),
                      pages_per_stream=2)
    load = os.getloadavg()[0]
    table(f"3. Ingest of {len(pages)} article pages (every stage + SQLite), "
          f"{os.cpu_count()} CPUs on this machine, load average {load:.1f} before the run",
          ["engine", "pages", "written", "failed", "wall s", "start-up s", "speed-up"],
          ingest_times(dump, 2))


if __name__ == "__main__":
    main()

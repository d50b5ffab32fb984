"""What the overview pages "Foreign relations of X" yield: their dyads, and the events whose two
sides are known, with and without the 'regions' stage (analysis/regions.py).

    .venv/bin/python bench/foreign_relations_report.py [PAGE.wiki ...] [--sample N]

Per page: dyads found; table rows whose country cell carries a flag template; the share of
those rows that yield a dyad (their flag names a polity or organisation the gazetteer knows,
other than the subject); country sections; dyads with a `began`; events, and events with both
sides filled (a source and a target, or two sources of a mutual event) before (the pipeline
without the 'regions' stage: the behaviour before overview pages had regions) and after.
`--sample N` also prints N random (page, partner, began) triples with the row or section they
come from, for checking by hand against the wikitext. Default pages:
../shared/data/wikitext/*.wiki.
"""

from __future__ import annotations

import argparse
import glob
import random
import sys
import time
from pathlib import Path

from dyad.analysis.pipeline import STAGES, analyze
from dyad.readers.wikitext import parse_wikitext, title_from_filename

DEFAULT = str(Path(__file__).resolve().parents[2] / "shared" / "data" / "wikitext" / "*.wiki")


def both_sides(events) -> int:
    return sum(1 for e in events if (e.source and e.target) or len(set(e.source)) > 1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pages", nargs="*")
    ap.add_argument("--sample", type=int, default=0, help="print N random (page, partner) pairs")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    pages = args.pages or sorted(glob.glob(DEFAULT))
    without = tuple(name for name, _ in STAGES if name != "regions")
    head = (f"{'page':<42} {'dyads':>5} {'flag rows':>9} {'->dyad':>7} {'sections':>8} "
            f"{'began':>5} {'events before':>13} {'both before':>11} {'events after':>12} "
            f"{'both after':>10}")
    print(head)
    print("-" * len(head))
    totals = [0] * 9
    pool = []
    seconds = [0.0, 0.0]
    for path in pages:
        raw = Path(path).read_text(encoding="utf-8")
        t0 = time.perf_counter()
        before = analyze(parse_wikitext(raw, path, title_from_filename(path)), stages=without)
        t1 = time.perf_counter()
        doc = analyze(parse_wikitext(raw, path, title_from_filename(path)))
        t2 = time.perf_counter()
        seconds[0] += t1 - t0
        seconds[1] += t2 - t1
        flag_rows = [r for t in doc.article.tables for r in t.rows if any(c.flag for c in r.cells)]
        row_regions = {r.start for d in doc.dyads for r in d.regions if r.kind == "row"}
        yielded = sum(1 for r in flag_rows if r.start in row_regions)
        sections = sum(1 for d in doc.dyads for r in d.regions if r.kind == "section")
        began = sum(1 for d in doc.dyads if d.began)
        row = [len(doc.dyads), len(flag_rows), yielded, sections, began,
               len(before.events), both_sides(before.events), len(doc.events), both_sides(doc.events)]
        share = f"{100 * yielded / len(flag_rows):.0f}%" if flag_rows else "-"
        print(f"{(doc.title or path)[:42]:<42} {row[0]:>5} {row[1]:>9} {share:>7} {row[3]:>8} "
              f"{row[4]:>5} {row[5]:>13} {row[6]:>11} {row[7]:>12} {row[8]:>10}")
        totals = [a + b for a, b in zip(totals, row)]
        pool += [(doc, d) for d in doc.dyads]
    share = f"{100 * totals[2] / totals[1]:.1f}%" if totals[1] else "-"
    print("-" * len(head))
    print(f"{'total':<42} {totals[0]:>5} {totals[1]:>9} {share:>7} {totals[3]:>8} {totals[4]:>5} "
          f"{totals[5]:>13} {totals[6]:>11} {totals[7]:>12} {totals[8]:>10}")
    print(f"\nflag rows yielding a dyad: {totals[2]} of {totals[1]}; events with both sides: "
          f"{totals[6]} of {totals[5]} before, {totals[8]} of {totals[7]} after")
    print(f"\nanalysis seconds: {seconds[0]:.2f} without the regions stage, {seconds[1]:.2f} with it",
          file=sys.stderr)
    if args.sample:
        rng = random.Random(args.seed)
        print(f"\n{args.sample} random (page, partner) pairs:")
        for doc, d in rng.sample(pool, min(args.sample, len(pool))):
            r = next((r for r in d.regions if r.began == d.began), d.regions[0])
            at = doc.article.source_map and _source_line(doc, r.start)
            print(f"- {doc.title} | {d.party2} | began {d.began} | {r.kind} {r.rule} | "
                  f"{' '.join(doc.text[r.start:r.end].split())[:90]!r} | wikitext line {at}")
    return 0


def _source_line(doc, offset: int) -> int | None:
    from dyad.readers.render import source_offset

    raw = doc.article.raw or ""
    at = source_offset(doc.article.source_map or [], offset)
    return raw.count("\n", 0, at) + 1 if at is not None else None


if __name__ == "__main__":
    sys.exit(main())

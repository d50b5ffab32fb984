"""Check: the temporal scanner gives exactly the output of a reference scanner on every text
of the shared data.

    .venv/bin/python bench/check_scanner_equivalence.py [--old /tmp/scanner_old.py] [--combined]
        [--only CORPUS ...]

The reference is an older copy of `dyad/analysis/temporal/scanner.py` (default
/tmp/scanner_old.py), loaded as a module of the same package and run on the same rules, so the
check stays valid while the rule data changes. With `--combined` the reference is instead the
one big alternation of all rules (`RuleSet.regex`, what the scanner must reproduce; slow).

Texts: articles/*.txt and articles/excerpts/*.txt, seed/*.txt, the TBAQ-cleaned and
te3-platinum .tml texts, wikitext2/wiki.test.raw, and every wikitext/*.wiki as raw markup, plus
the `examples` of every rule. Each is tagged in news mode (DCT 2013-03-20) and in encyclopedia
mode (no DCT); the timex lists (start, end, type, value, mod, rule) must be identical, and so
must the scanners' raw matches (rule and span, negatives included).

Prints one line per corpus and a total; exits 1 on the first difference, naming the text, the
mode and the first timex that differs. Not a test: it reads the shared data (tens of MB of
work) and takes about a minute.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dyad.analysis.temporal import default_rules  # noqa: E402
from dyad.analysis.temporal.rules import RuleSet  # noqa: E402
from dyad.analysis.temporal.tagger import tag_text  # noqa: E402
from dyad.evaluation.corpora import default_data_dir  # noqa: E402
from dyad.readers.timeml import read_timeml  # noqa: E402

DCT = "2013-03-20"


def load_old_scanner(path: Path):
    """The module at `path`, as a sibling of the scanner (its relative imports then work)."""
    name = "dyad.analysis.temporal._scanner_reference"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"Error: {path}: cannot load it as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def corpora(data: Path, rules: RuleSet) -> dict[str, list[tuple[str, str]]]:
    """corpus -> [(name, text)]."""
    def read(paths):
        return [(p.name, p.read_text(encoding="utf-8")) for p in paths]

    out: dict[str, list[tuple[str, str]]] = {}
    out["articles"] = read(sorted((data / "articles").glob("*.txt")))
    out["excerpts"] = read(sorted((data / "articles" / "excerpts").glob("*.txt")))
    out["seed"] = read(sorted((data / "seed").glob("*.txt")))
    for corpus, folder in (("tbaq", "TBAQ-cleaned"), ("te3-platinum", "te3-platinum")):
        paths = sorted((data / "tempeval3" / folder).rglob("*.tml"))
        out[corpus] = [(p.name, read_timeml(p.read_text(encoding="utf-8"), str(p)).text)
                       for p in paths]
    out["wikitext2"] = read([data / "wikitext2" / "wiki.test.raw"])
    out["wikitext"] = read(sorted((data / "wikitext").glob("*.wiki")))
    out["rule-examples"] = [(f"{r.id}#{n}", ex["text"]) for r in rules.rules
                            for n, ex in enumerate(r.examples)]
    return out


def timexes(text: str, dct: str | None, rules: RuleSet):
    return [(t.start, t.end, t.type, t.value, t.mod, t.rule)
            for t in tag_text(text, dct, rules=rules)]


def raw_matches(text: str, rules: RuleSet):
    if rules.scanner is None:
        found = ((int(m.lastgroup[1:]), m) for m in rules.regex.finditer(text))
        return [(i, m.span()) for i, m in found]
    return [(i, m.span()) for i, m in rules.scanner.finditer(text)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--old", type=Path, default=Path("/tmp/scanner_old.py"),
                    help="the reference scanner module (default: %(default)s)")
    ap.add_argument("--combined", action="store_true",
                    help="compare with the combined alternation instead (slow)")
    ap.add_argument("--only", nargs="+", metavar="CORPUS",
                    help="check only these corpora (articles, excerpts, seed, tbaq, "
                         "te3-platinum, wikitext2, wikitext, rule-examples)")
    args = ap.parse_args()

    new = default_rules()
    if args.combined:
        ref = RuleSet(**{**new.__dict__, "scanner": None})
        label = "the combined alternation"
    else:
        if not args.old.is_file():
            print(f"Error: {args.old}: no such file; copy the scanner to compare with there",
                  file=sys.stderr)
            return 2
        old = load_old_scanner(args.old)
        ref = RuleSet(**{**new.__dict__, "scanner": old.Scanner(new)})
        label = str(args.old)
    texts = corpora(default_data_dir(), new)
    if args.only:
        unknown = set(args.only) - texts.keys()
        if unknown:
            print(f"Error: unknown corpus {', '.join(sorted(unknown))}; one of "
                  f"{', '.join(texts)}", file=sys.stderr)
            return 2
        texts = {k: v for k, v in texts.items() if k in args.only}
    total_docs = total_timex = total_raw = total_chars = 0
    started = time.perf_counter()
    for corpus, docs in texts.items():
        n_timex = n_raw = n_chars = 0
        for name, text in docs:
            a, b = raw_matches(text, new), raw_matches(text, ref)
            if a != b:
                diff = next(i for i, (x, y) in enumerate(zip(a + [None], b + [None])) if x != y)
                print(f"DIFFERENT raw matches in {corpus}/{name} at #{diff}: "
                      f"new {a[diff:diff + 1]} reference {b[diff:diff + 1]}")
                return 1
            n_raw += len(a)
            for dct in (DCT, None):
                a, b = timexes(text, dct, new), timexes(text, dct, ref)
                if a != b:
                    mode = "news" if dct else "encyclopedia"
                    diff = next(i for i, (x, y) in enumerate(zip(a + [None], b + [None]))
                                if x != y)
                    print(f"DIFFERENT timexes in {corpus}/{name} ({mode}) at #{diff}: "
                          f"new {a[diff:diff + 1]} reference {b[diff:diff + 1]}")
                    return 1
                n_timex += len(a)
            n_chars += len(text)
        print(f"{corpus:14s} {len(docs):5d} texts {n_chars:10,d} chars {n_raw:7,d} raw matches "
              f"{n_timex:7,d} timexes (news + encyclopedia): identical")
        total_docs += len(docs)
        total_timex += n_timex
        total_raw += n_raw
        total_chars += n_chars
    print(f"{'total':14s} {total_docs:5d} texts {total_chars:10,d} chars {total_raw:7,d} raw "
          f"matches {total_timex:7,d} timexes: identical to {label} "
          f"({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

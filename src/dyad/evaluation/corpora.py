"""The corpora `dyad eval timex` scores on, and running the tagger over them.

- `te3-platinum`, `tbaq`: TempEval-3 TimeML files (news mode, each file's DCT); gold = the
  file's own TIMEX3 tags (the DCT's excluded).
- `gold`: the project's hand golds (`*.gold.json` beside `articles/*.txt` and the seed),
  encyclopedia mode (no DCT); a gold scores against the article file's text offsets.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..readers.timeml import gold_timexes, read_timeml

CORPORA = ("te3-platinum", "tbaq", "gold")


@dataclass
class GoldSpan:
    start: int
    end: int
    type: str
    value: str
    mod: str | None = None


def default_data_dir() -> Path:
    """../shared/data next to the working tree, or $DYAD_DATA."""
    import os

    env = os.environ.get("DYAD_DATA")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        cand = parent.parent / "shared" / "data"
        if cand.is_dir():
            return cand
    return Path("../shared/data")


def corpus_files(name: str, data: Path) -> list[Path]:
    if name == "te3-platinum":
        files = sorted((data / "tempeval3" / "te3-platinum").glob("*.tml"))
    elif name == "tbaq":
        files = sorted((data / "tempeval3" / "TBAQ-cleaned").glob("*/*.tml"))
    elif name == "gold":
        files = sorted((data / "articles" / "gold").glob("*.gold.json"))
        files += sorted((data / "seed").glob("*.gold.json"))
    else:
        raise InputError(name, f"unknown corpus (choose from {', '.join(CORPORA)})")
    if not files:
        raise InputError(str(data), f"no files for corpus {name}",
                         "set --data or $DYAD_DATA to the shared data folder")
    return files


def load_document(path: Path) -> tuple[str, str, str | None, list[GoldSpan]]:
    """(name, text, dct, gold spans) for a TimeML file or a *.gold.json hand gold."""
    if path.suffix == ".tml":
        raw = path.read_text(encoding="utf-8")
        article = read_timeml(raw, str(path))
        gold = [GoldSpan(g.start, g.end, g.type, g.value, g.mod)
                for g in gold_timexes(raw, str(path))]
        return path.name, article.text, article.dct, gold
    data = json.loads(path.read_text(encoding="utf-8"))
    article_path = path.parent.parent / data["document"]
    if not article_path.exists():
        article_path = path.parent / data["document"]
    text = article_path.read_text(encoding="utf-8")
    gold = [GoldSpan(t["start"], t["end"], t["type"], t["value"], t.get("mod"))
            for t in data["timexes"]]
    return path.name, text, None, gold


def tagged(name: str, data: Path) -> Iterator[tuple[str, str, list[GoldSpan], list]]:
    """(doc name, text, gold, system timexes) for every document of a corpus."""
    from ..analysis.temporal import tag

    for path in corpus_files(name, data):
        doc, text, dct, gold = load_document(path)
        yield doc, text, gold, tag(text, dct)

"""Temporal tagging and TIMEX3 normalisation (pipeline stage 'temporal').

Reads `doc.sentences` (tense cues), `doc.article.sections`, `doc.article.dct` (news mode when
set; encyclopedia mode otherwise) and `doc.article.excluded` (spans no timex may come from);
writes `doc.timexes`.

    from dyad.analysis.temporal import tag, interval
    tag("On 10 March 1988, Gorbachev said ...")        # -> [Timex(value='1988-03-10', ...)]
    interval("198", "END")                             # -> ('1987-01-01', '1989-12-31')

The rules are data (`dyad/rules/en/temporal/`); see `rules.py` for their format.
"""

from __future__ import annotations

from ...model import Document, Section, Sentence, Timex
from .intervals import interval
from .rules import RuleSet, default_rules, load_rules
from .tagger import tag_text

__all__ = ["tag", "run", "interval", "load_rules", "default_rules", "RuleSet"]


def tag(text: str, dct: str | None = None, *, sentences: list[Sentence] | None = None,
        sections: list[Section] | None = None,
        excluded: list[tuple[int, int]] | None = None) -> list[Timex]:
    """Find and normalise the temporal expressions of `text`.

    With `dct` (YYYY-MM-DD) deictic expressions ("yesterday", "last year", "Friday") resolve
    against it (news mode); without, every relative expression resolves from the narrative's
    reference time (encyclopedia mode). Timex ids are t1, t2, ... (t0 is the DCT).

    `sentences` bound the clauses whose tense decides between a past and a future reading
    (without them a simple splitter is used). `sections` is accepted for the pipeline's sake:
    the reference time deliberately runs on across headings, since a dated heading
    ("=== 2005 ===") is exactly what the dates below it are anchored to."""
    return tag_text(text, dct, sentences=sentences, sections=sections, excluded=excluded)


def run(doc: Document) -> None:
    a = doc.article
    doc.timexes = tag(a.text, a.dct, sentences=doc.sentences or None, sections=a.sections,
                      excluded=a.excluded)

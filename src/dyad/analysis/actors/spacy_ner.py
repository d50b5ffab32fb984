"""Optional spaCy pipeline for the actors stage: adds the people, organisations and groups the
rules missed.

Opt-in only. The user names an installed spaCy pipeline (a package name such as
`en_core_web_sm`, or a pipeline folder) in `DYAD_SPACY_MODEL`. When the variable is unset this
module imports nothing from spaCy and does nothing, so the stage's output is exactly the
rules' output. Nothing is downloaded: `spacy.load` only loads what is installed or on disk.

Reads: the Finder's text, claims (spans the rules took, and excluded/non-prose spans), the
gazetteer and the title list. Writes: new `Mention`s, each with rule `actors.spacy.<LABEL>`.
The rules always win: an entity overlapping a span the rules claimed is dropped (except an
organisation that wholly contains polity names, as "Hong Kong Police Force"), so no rule-based
actor loses a mention or changes its id, name, kind or rule; it may gain a mention the rules
left free ("HONG KONG" in capitals, a lone "Tsang" after "Ken Tsang"). Lines wholly inside
excluded spans or reference sections are not even sent to spaCy. Labels used: PERSON -> person, ORG -> organisation, NORP ->
group (plurals only: "Uyghurs" acts, "Uyghur" modifies), GPE -> a polity of the gazetteer or
nothing (places that are not polities are not actors). Statistical NER's usual errors here
(wars, treaties and laws as ORG, portfolios of a title, common words, one-word guesses) are
filtered; the word list is rule data (`rules/en/actors/spacy_not_actors.txt`).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterator

from ...errors import RuleError
from .find import Mention, _title_patterns, slug
from .rules import _words

if TYPE_CHECKING:
    from .find import Finder

ENV = "DYAD_SPACY_MODEL"
LABELS = ("PERSON", "ORG", "NORP", "GPE")
# Components that do not write entities: disabled so that a full pipeline (en_core_web_*)
# costs only its NER. A shared tok2vec/transformer stays while the NER listens to it.
NON_NER_FACTORIES = frozenset({
    "tagger", "parser", "morphologizer", "lemmatizer", "trainable_lemmatizer", "senter",
    "sentencizer", "attribute_ruler", "textcat", "textcat_multilabel", "spancat",
    "spancat_singlelabel", "entity_linker", "coref", "span_resolver",
})
BATCH_SIZE = 64  # paragraphs per nlp.pipe batch

_LEADING = re.compile(r"^(?:[Tt]he|[Aa]n?)\s+")
_POSSESSIVE = re.compile(r"['’]s?$")
_NAME_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*")
# Same cue as the rules' gazetteer finder: a polity name before these names a war, not an actor.
_WAR_NAME = re.compile(r"\s(?:War|war|conflict|Conflict|Revolution)\b")

_loaded: dict[str, Any] = {}  # DYAD_SPACY_MODEL value -> loaded Language, once per process


def configured() -> str | None:
    """The pipeline the user named, or None (the default: rules only)."""
    value = os.environ.get(ENV, "").strip()
    return value or None


def load(name: str) -> Any:
    """Load (once) the named spaCy pipeline with its non-NER components disabled.

    Raises RuleError, naming the value, when spaCy is missing or the pipeline cannot be
    loaded or has no entity recogniser."""
    nlp = _loaded.get(name)
    if nlp is not None:
        return nlp
    if os.sep in name or name.startswith("."):
        hint = f"point {ENV} at a folder saved with nlp.to_disk, or unset it to use the rules alone"
    else:
        hint = (f"install the pipeline yourself (python -m spacy download {name}) or set {ENV} "
                f"to a pipeline folder; unset it to use the rules alone")
    try:
        import spacy
    except ImportError:
        raise RuleError(name, f"{ENV} is set but spaCy is not installed",
                        hint=f"pip install 'dyad[spacy]', or unset {ENV}") from None
    if name.startswith("blank:"):
        raise RuleError(name, f"{ENV} names a blank language, not a pipeline with an entity recogniser",
                        hint=hint)
    try:
        # spacy.load reads an installed package or a folder; it never downloads.
        nlp = spacy.load(name)
    except Exception as error:  # noqa: BLE001 - any load failure is the user's setting
        raise RuleError(name, f"{ENV} names no spaCy pipeline that can be loaded "
                        f"({_one_line(error)})", hint=hint) from None
    writers = [p for p in nlp.pipe_names if "doc.ents" in nlp.get_pipe_meta(p).assigns]
    if not writers:
        raise RuleError(name, f"the spaCy pipeline named by {ENV} has no entity recogniser "
                        f"(components: {', '.join(nlp.pipe_names) or 'none'})", hint=hint)
    for p in nlp.pipe_names:
        if p not in writers and nlp.get_pipe_meta(p).factory in NON_NER_FACTORIES:
            nlp.disable_pipe(p)
    # A shared tok2vec/transformer is needed only while an enabled component listens to it
    # (en_core_web_sm's NER has its own embedding: its tok2vec only feeds tagger and parser).
    for p in nlp.pipe_names:
        listeners = getattr(nlp.get_pipe(p), "listening_components", None)
        if listeners is not None and p not in writers and not set(listeners) & set(nlp.pipe_names):
            nlp.disable_pipe(p)
    _loaded[name] = nlp
    return nlp


def _one_line(error: Exception) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def _paragraphs(finder: Finder) -> Iterator[tuple[str, int]]:
    """(paragraph, offset) for each line with prose in it: spaCy's input, one batch item each.
    Lines wholly inside excluded or reference sections are not sent at all."""
    text, blocked = finder.text, finder.claims.blocked
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if line.strip() and blocked.find(0, start, end) >= 0:
            yield line, start


def entities(finder: Finder, nlp: Any) -> Iterator[tuple[int, int, str]]:
    """(start, end, label) of all the pipeline's entities, as offsets into the whole text."""
    items = list(_paragraphs(finder))
    limit = nlp.max_length
    pieces = [(p[i:i + limit], off + i) for p, off in items for i in range(0, len(p), limit)]
    docs = nlp.pipe((p for p, _ in pieces), batch_size=BATCH_SIZE)
    for (_, off), sdoc in zip(pieces, docs):
        for ent in sdoc.ents:
            yield off + ent.start_char, off + ent.end_char, ent.label_


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Drop a leading article and a trailing possessive or punctuation from an entity span."""
    surface = text[s:e]
    m = _LEADING.match(surface)
    if m:
        s += m.end()
    while e > s and text[e - 1] in " ,.;:)(\"'’":
        if text[e - 1] in "'’" or text[e - 2:e] in ("'s", "’s"):
            break
        e -= 1
    pm = _POSSESSIVE.search(text[s:e])
    if pm and pm.start() > 0:
        e = s + pm.start()
    return s, e


def add_mentions(finder: Finder) -> None:
    """The hook of the actors stage: when DYAD_SPACY_MODEL is set, add the entities of the
    user's spaCy pipeline that the rules did not find. Runs once per document."""
    name = configured()
    if name is None:
        return
    nlp = load(name)
    text = finder.text
    found = sorted(entities(finder, nlp))
    # A one-word name the pipeline labels two ways in one article ("Karabakh" as PERSON here,
    # ORG there) is a guess, not a finding.
    labels: dict[str, set[str]] = {}
    for s, e, label in found:
        labels.setdefault(text[s:e], set()).add(label)
    for s, e, label in found:
        if label not in LABELS:
            continue
        s, e = _trim(text, s, e)
        if s >= e or (label in ("PERSON", "ORG") and not _plausible(finder, s, e, labels)):
            continue
        if label == "PERSON":
            _person(finder, s, e)
        elif label == "ORG":
            _organisation(finder, s, e)
        elif label == "NORP":
            _group(finder, s, e)
        else:
            _polity(finder, s, e)


@lru_cache(maxsize=1)
def _not_actor_words() -> frozenset[str]:
    return frozenset(_words("spacy_not_actors.txt"))


def _plausible(finder: Finder, s: int, e: int, labels: dict[str, set[str]]) -> bool:
    """Filters for the errors statistical NER makes most in these articles."""
    surface = finder.text[s:e]
    tokens = surface.split()
    if _not_actor_words().intersection(tokens):
        return False  # "Rio Treaty", "First Nagorno-Karabakh War": a thing, not an actor
    if surface.isupper() and (len(tokens) > 1 or len(surface) > 5 or _heading(finder.text, s, e)) \
            and _gazetteer_name(finder.g, surface) is None:
        return False  # "COAT OF ARMS", "POPULATION DENSITY": a heading or a table's header cell
    if len(tokens) == 1:
        if len(labels.get(surface, ())) > 1:
            return False
        # "Supply", "Guest", "Post-Soviet": a common word the article also writes in lower case.
        if any(part in finder.g.by_adjective for part in surface.split("-")[1:]):
            return False  # "Post-Soviet", "Anti-Armenian": an adjective, not a name
        lower = surface[0].lower() + surface[1:]
        if re.search(rf"(?<![\w-]){re.escape(lower)}(?![\w-])", finder.text):
            return False
    return True


_folded: dict[int, tuple[Any, dict[str, str]]] = {}  # id(gazetteer) -> (it, casefolded names)


def _gazetteer_name(g: Any, surface: str) -> str | None:
    """The gazetteer actor a name denotes, in any case ("ARMENIA", "UNITED STATES"). Not ISO
    codes or demonyms: "CAF" is the Canadian Armed Forces before it is a country code."""
    pid = g.by_name.get(surface)
    if pid is None:
        cached = _folded.get(id(g))
        if cached is None or cached[0] is not g:
            folded: dict[str, str] = {}
            for name, value in g.by_name.items():
                folded.setdefault(name.casefold(), value)
            cached = _folded[id(g)] = (g, folded)
        pid = cached[1].get(surface.casefold())
    return pid if pid is not None and g.get(pid) is not None else None


def _heading(text: str, s: int, e: int) -> bool:
    """Is s..e in an all-capitals line ("ROYAL VISITS FROM JORDAN TO MEXICO") or in an
    all-capitals cell of an ASCII table row ("| GDP (NOMINAL) |")?"""
    ls = text.rfind("\n", 0, s) + 1
    le = text.find("\n", e)
    line = text[ls:len(text) if le < 0 else le]
    if line.lstrip().startswith(("|", "+")):
        cs = text.rfind("|", ls, s) + 1
        ce = text.find("|", e, ls + len(line))
        line = text[cs:ls + len(line) if ce < 0 else ce]
    return line.isupper()


def _person(finder: Finder, s: int, e: int) -> None:
    text, r = finder.text, finder.r
    # "Prime Minister Ken Tsang": the title is a role, not part of the name.
    tm = _title_start(finder).match(text[s:e])
    role = None
    if tm:
        role = tm.group(1)
        s += tm.end()
        while s < e and text[s] == " ":
            s += 1
    tokens = text[s:e].split()
    if not 1 <= len(tokens) <= 5 or not finder.claims.free(s, e):
        return
    if not all(_NAME_TOKEN.fullmatch(t) for t in tokens) or not tokens[0][0].isupper() \
            or not tokens[-1][0].isupper() or any(t in r.stopwords for t in (tokens[0], tokens[-1])):
        return  # lower-case words, digits or a title alone: not a name
    name = " ".join(tokens)
    ids = [f"person:{slug(name)}"]
    full = None
    if len(tokens) == 1:
        # "Tsang" after "Ken Tsang": the full name already found (by the rules or here).
        full = next((m for m in finder.mentions if m.kind == "person" and " " in m.name
                     and m.name.split()[-1] == name), None)
        if full is not None:
            ids, name = list(full.ids), full.name
    before_role, affiliation = finder._role_before(s)
    if len(tokens) == 1 and full is None and not (role or before_role):
        return  # as in the rules: a lone name is a person only with a title or a full name
    _add(finder, Mention(s, e, ids, "person", "actors.spacy.PERSON", name,
                         role=role or before_role, affiliation=affiliation))


def _add(finder: Finder, m: Mention) -> None:
    """Add a mention. One of an actor the rules already found keeps that actor's rule: the
    stage names an actor after its first mention, and a rule-based actor must stay one."""
    known = min((k for k in finder.mentions if k.ids == m.ids), key=lambda k: k.start, default=None)
    if known is not None:
        m.rule, m.name = known.rule, known.name
        m.role, m.affiliation = known.role or m.role, known.affiliation or m.affiliation
    finder.add(m)


def _title_start(finder: Finder) -> re.Pattern[str]:
    return _title_patterns(finder.r.titles)[1]


def _title_end(finder: Finder) -> re.Pattern[str]:
    return _title_patterns(finder.r.titles)[0]


def _organisation(finder: Finder, s: int, e: int) -> None:
    text, g = finder.text, finder.g
    surface = text[s:e]
    if not finder.claims.ok(s, e) or not surface[:1].isupper():
        return
    if re.search(r"\b(?:of|for)\s+(?:the\s+)?$", text[max(0, s - 10):s]) and (
            _title_end(finder).search(text[max(0, s - 70):e])
            or _title_end(finder).search(re.sub(r"\s+(?:of|for)\s+(?:the\s+)?$", "", text[max(0, s - 70):s]))):
        return  # "Secretary for Commerce and Economic Development": a portfolio, not a body
    known = _gazetteer_name(g, surface)
    if known is not None:
        # An organisation or polity of the gazetteer under one of its names, in any case
        # ("UNITED STATES" labelled ORG): the gazetteer's actor, never a new one.
        if finder.claims.free(s, e) and not _WAR_NAME.match(text, e):
            entry = g.entries[known]
            finder.add(Mention(s, e, [known], entry.kind, "actors.spacy.ORG", entry.name))
        return
    inside = [m for m in finder.mentions if m.start < e and m.end > s]
    # The rules win: only whole polity names may sit inside ("Hong Kong Police Force").
    if any(m.kind != "polity" or m.start < s or m.end > e for m in inside):
        return
    covered = bytearray(e - s)
    for m in inside:
        covered[m.start - s:m.end - s] = b"\x01" * (m.end - m.start)
    if any(finder.claims.taken[i] and not covered[i - s] for i in range(s, e)):
        return  # a place the rules claimed (a city) is in it
    last = surface.split()[-1]
    rest = list(surface[:len(surface) - len(last)])
    for m in inside:
        rest[m.start - s:m.end - s] = " " * (m.end - m.start)
    if inside and finder.r.institutions.get(last.lower()) and not "".join(rest).strip():
        return  # "British Government": the state acting, which the rules have already
    for m in inside:
        m.inner = True
    affiliation = inside[0].ids[0] if inside else None
    _add(finder, Mention(s, e, [f"org:{slug(surface)}"], "organization", "actors.spacy.ORG",
                         surface, affiliation=affiliation))


def _group(finder: Finder, s: int, e: int) -> None:
    surface = finder.text[s:e]
    if not finder.claims.free(s, e) or not surface[:1].isupper() or not surface.endswith("s") \
            or surface in finder.g.by_adjective:
        return
    _add(finder, Mention(s, e, [f"group:{slug(surface)}"], "group", "actors.spacy.NORP", surface,
                         affiliation=finder.g.by_people.get(surface)))


def _polity(finder: Finder, s: int, e: int) -> None:
    g, surface = finder.g, finder.text[s:e]
    if not finder.claims.free(s, e) or surface in g.by_adjective or surface in g.by_people:
        return
    if _WAR_NAME.match(finder.text, e):
        return  # "Nagorno-Karabakh conflict": the rules skip war names on purpose
    pid = _gazetteer_name(g, surface)
    entry = g.get(pid) if pid else None
    if entry is None or entry.kind != "polity":
        return  # not a polity of the gazetteer (a region, a city): not an actor
    finder.add(Mention(s, e, [pid], "polity", "actors.spacy.GPE", entry.name))

"""The knowledge base's tables (SQLAlchemy Core), shared by SQLite and PostgreSQL.

Readers of the store (query, exports, web) import the `Table` objects from here rather than
writing table names by hand. The layout is normalised: one row per fact, with the article it
came from, so that re-ingesting an article can delete exactly its facts and nothing else.

Conventions:
- Character offsets into `articles.text` are `start_offset`/`end_offset` (end exclusive),
  never `start`/`end` (`END` is reserved in PostgreSQL and would need quoting in raw SQL).
- Dates are ISO `YYYY-MM-DD` strings (`earliest`/`latest` bound the interval a TIMEX3 value
  denotes), so that range queries compare strings and work the same on both back ends.
- Actor ids are global strings (`polity:ARM`, `person:nikol-pashinyan`); everything else
  references articles and events by integer surrogate keys.
- A fact's `rule` names the rule that produced it (provenance for `dyad explain`).
- Strings are TEXT, never VARCHAR(n): a length limit would fail on PostgreSQL only, for
  data SQLite accepts (v6 turned the early VARCHARs into TEXT).

Changing a table means adding a migration step in `migrations.py` and bumping
`SCHEMA_VERSION`; never edit a released step.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
)

# The version `migrations.migrate` brings every database to.
SCHEMA_VERSION = 8

metadata = MetaData()

# One row per applied migration step; the highest `version` is the database's version.
schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("description", Text, nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    # Identity for idempotent ingest: "title:<normalised title>" or "source:<source>".
    Column("key", Text, nullable=False, unique=True),
    Column("source", Text, nullable=False),
    Column("title", Text),
    Column("format", Text, nullable=False),
    Column("page_id", BigInteger),  # 64-bit (v5): revision ids pass 2**31 within years
    Column("revision_id", BigInteger),
    Column("timestamp", Text),  # revision timestamp as the dump gives it (ISO 8601)
    Column("dct", Text),  # document creation time YYYY-MM-DD (TimeML / news mode)
    Column("content_hash", Text, nullable=False),  # sha256 of `text`
    Column("text", Text, nullable=False),
    Column("raw", Text),  # the original input when it differs from `text` (wikitext, TimeML)
    # Structure that is read back whole, never queried by field: infobox, sections, see also,
    # bibliography, excluded spans, source map, reader warnings (JSON object).
    Column("structure", Text, nullable=False, default="{}"),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)
Index("ix_articles_title", articles.c.title)
Index("ix_articles_source", articles.c.source)

# Sentences, with their text, for full-text search and for showing an event's context.
sentences = Table(
    "sentences",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),  # index into the Document's sentences
    Column("start_offset", Integer, nullable=False),
    Column("end_offset", Integer, nullable=False),
    Column("text", Text, nullable=False),
    UniqueConstraint("article_id", "idx", name="uq_sentences_article_idx"),
)

timexes = Table(
    "timexes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),  # order in the Document
    Column("tid", Text, nullable=False),  # "t1", unique within the article
    Column("start_offset", Integer, nullable=False),
    Column("end_offset", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("value", Text, nullable=False),
    Column("mod", Text),
    Column("earliest", Text),
    Column("latest", Text),
    Column("rule", Text),
    Column("anchor", Text),
    UniqueConstraint("article_id", "tid", name="uq_timexes_article_tid"),
)
Index("ix_timexes_range", timexes.c.earliest, timexes.c.latest)

# Actors are global: polities merge by id across articles (`polity:ARM` is one row however
# many articles mention Armenia). Fields an article leaves empty never erase known ones.
actors = Table(
    "actors",
    metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("name_norm", Text),  # normalise_alias(name): names resolve like aliases (v4)
    Column("kind", Text, nullable=False),  # polity | person | organization | group
    Column("iso3", Text),
    Column("wikidata", Text),
    Column("status", Text),
    Column("founded", Text),
    Column("dissolved", Text),
    Column("role", Text),
    Column("affiliation", Text),  # actor id of the polity a person/organisation belongs to
    Column("rule", Text),
)
Index("ix_actors_kind", actors.c.kind)
Index("ix_actors_name_norm", actors.c.name_norm)
Index("ix_actors_iso3", actors.c.iso3)

# Which actors each article names, in the Document's order (the actor list of a Document).
article_actors = Table(
    "article_actors",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("actor_id", Text, ForeignKey("actors.id"), primary_key=True),
    Column("position", Integer, nullable=False),
)
Index("ix_article_actors_actor", article_actors.c.actor_id)

# Aliases accumulate across articles: each row says which article contributed it
# (`article_id` NULL = from a gazetteer or added by hand), so re-ingesting an article
# replaces only its own. `norm` is the lookup key (see store.normalise_alias).
aliases = Table(
    "aliases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("actor_id", Text, ForeignKey("actors.id"), nullable=False),
    Column("alias", Text, nullable=False),
    Column("norm", Text, nullable=False),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE")),
    Column("position", Integer, nullable=False, default=0),
)
Index("ix_aliases_norm", aliases.c.norm)
Index("ix_aliases_actor", aliases.c.actor_id)
Index("ix_aliases_article", aliases.c.article_id)

actor_mentions = Table(
    "actor_mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("actor_id", Text, ForeignKey("actors.id"), nullable=False),
    Column("start_offset", Integer, nullable=False),
    Column("end_offset", Integer, nullable=False),
)
Index("ix_actor_mentions_actor", actor_mentions.c.actor_id)
Index("ix_actor_mentions_article", actor_mentions.c.article_id)

# A dyad is an unordered pair stored in canonical order (party1 < party2). Its status is
# derived from what its articles say (dyad_articles): historical as soon as one says so.
dyads = Table(
    "dyads",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("party1", Text, ForeignKey("actors.id"), nullable=False),
    Column("party2", Text, ForeignKey("actors.id"), nullable=False),
    Column("status", Text, nullable=False, default="current"),  # current | historical
    Column("ended", Text),  # YYYY-MM-DD
    Column("ended_because", Text),
    Column("began", Text),  # v8: TIMEX3 value, the earliest any article gives
    UniqueConstraint("party1", "party2", name="uq_dyads_pair"),
)
Index("ix_dyads_party2", dyads.c.party2)

# The article(s) about a dyad and what each says about it, in the article's party order.
dyad_articles = Table(
    "dyad_articles",
    metadata,
    Column("dyad_id", Integer, ForeignKey("dyads.id", ondelete="CASCADE"), primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("party1", Text, nullable=False),
    Column("party2", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("ended", Text),
    Column("ended_because", Text),
    Column("rule", Text),
    # v8: an overview page ("Foreign relations of X") covers many dyads, each in some of its
    # rows and sections: scope "region" (NULL or "article": the article is about the dyad),
    # when relations began by the page, the regions (JSON list of model.Region) and the
    # dyad's place in the page's list.
    Column("scope", Text),
    Column("began", Text),
    Column("regions", Text),
    Column("position", Integer),
)
Index("ix_dyad_articles_article", dyad_articles.c.article_id)

missions = Table(
    "missions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("dyad_id", Integer, ForeignKey("dyads.id", ondelete="SET NULL")),
    Column("position", Integer, nullable=False),
    Column("sender", Text, nullable=False),  # actor id
    Column("host", Text, nullable=False),  # actor id
    Column("name", Text),
    Column("city", Text),
    Column("kind", Text, nullable=False),
    Column("start_offset", Integer),
    Column("end_offset", Integer),
    Column("rule", Text),
    # v7: when the text says it opened / closed (TIMEX3 value) and the event ("e12") that says so
    Column("opened", Text),
    Column("opened_event", Text),
    Column("closed", Text),
    Column("closed_event", Text),
)
Index("ix_missions_article", missions.c.article_id)
Index("ix_missions_dyad", missions.c.dyad_id)
Index("ix_missions_sender_host", missions.c.sender, missions.c.host)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("eid", Text, nullable=False),  # "e1", unique within the article
    Column("type", Text, nullable=False),
    Column("plover", Text),
    Column("quad", Text),  # PLOVER quad class, derived from `plover`
    Column("date_value", Text),
    Column("date_mod", Text),
    Column("earliest", Text),
    Column("latest", Text),
    Column("timex_tid", Text),
    Column("inherited", Boolean, nullable=False, default=False),
    Column("trigger_start", Integer, nullable=False),
    Column("trigger_end", Integer, nullable=False),
    Column("trigger_text", Text, nullable=False),
    Column("sentence_idx", Integer, nullable=False),
    Column("sentence_start", Integer),
    Column("sentence_end", Integer),
    Column("same_as", Text),  # eid of an earlier mention in the same article
    Column("negated", Boolean, nullable=False, default=False),
    Column("hypothetical", Boolean, nullable=False, default=False),
    Column("future", Boolean, nullable=False, default=False),
    Column("rule", Text),
    UniqueConstraint("article_id", "eid", name="uq_events_article_eid"),
)
Index("ix_events_range", events.c.earliest, events.c.latest)
Index("ix_events_plover", events.c.plover)
Index("ix_events_type", events.c.type)

event_actors = Table(
    "event_actors",
    metadata,
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("role", Text, primary_key=True),  # source | target
    Column("actor_id", Text, ForeignKey("actors.id"), primary_key=True),
    Column("position", Integer, nullable=False),
)
Index("ix_event_actors_actor", event_actors.c.actor_id, event_actors.c.role)

# Resume points for long ingests (dumps): `position` is opaque to the store.
checkpoints = Table(
    "checkpoints",
    metadata,
    Column("source", Text, primary_key=True),
    Column("position", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Tables in dependency order (parents first): what migrations create and deletes respect.
TABLES = tuple(metadata.sorted_tables)

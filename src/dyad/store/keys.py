"""Normalised keys: how the store decides that two titles or two aliases are the same.

Article key: "title:<normalised title>" when the article has a title (so the bundled copy of
an article and the shared copy replace each other), else "source:<source>".
Alias key: case, accents, dashes, dots and a leading "the" do not matter, so that
"Nagorno-Karabakh Republic", "nagorno karabakh republic" and "The Nagorno–Karabakh Republic"
all find the same actor.
"""

from __future__ import annotations

import re
import unicodedata

from ..model import Article

# Hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus sign.
_DASHES = re.compile("[\u002d\u2010\u2011\u2012\u2013\u2014\u2212_]+")
_PUNCT = re.compile(r"[.,'\u2019\u2018\"()]")
_SPACE = re.compile(r"\s+")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold()


def normalise_title(title: str) -> str:
    text = _fold(title).replace("_", " ")
    text = re.sub("[\u2010\u2011\u2012\u2013\u2014\u2212-]+", "-", text)
    return _SPACE.sub(" ", text).strip()


def article_key(article: Article) -> str:
    if article.title and article.title.strip():
        return "title:" + normalise_title(article.title)
    return "source:" + article.source


def normalise_alias(alias: str) -> str:
    text = _fold(alias)
    text = _PUNCT.sub("", text)
    text = _DASHES.sub(" ", text)
    text = _SPACE.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text

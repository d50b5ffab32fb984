"""A regex for a large set of literal strings, built as a trie ("Armenia", "Armenian SSR",
"Armenian Soviet Socialist Republic" share their prefix), so that the engine follows one branch
per character instead of trying hundreds of alternatives at every position. Same matches as
the plain longest-first alternation."""

from __future__ import annotations

import re


def trie_pattern(words: list[str]) -> str:
    trie: dict = {}
    for w in set(words):
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True
    return _node(trie)


def _node(node: dict) -> str:
    end = "" in node
    branches = []
    for ch in sorted(k for k in node if k):
        branches.append(re.escape(ch) + _node(node[ch]))
    if not branches:
        return ""
    if len(branches) == 1 and not end:
        return branches[0]
    # Longer continuations are tried first (alternation order); the empty branch last, so the
    # longest name wins as with a longest-first alternation.
    body = "(?:" + "|".join(branches) + ")"
    return body + "?" if end else body

"""Evaluation: the TempEval-3 style timex scorer and scoring against the project's hand golds."""

from .tempeval import Counts, Scores, match_timexes, score_corpus

__all__ = ["Counts", "Scores", "match_timexes", "score_corpus"]

"""The scanner's lower-casing that keeps offsets, for texts where str.lower() changes length."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dyad.analysis.temporal.rules import default_rules
from dyad.analysis.temporal.scanner import _lower_same_length


def one_by_one(text: str) -> str:
    return "".join(c.lower()[:1] or c for c in text)


@given(st.text(alphabet=st.sampled_from("aZ İΣσßẞﬀǅ.1\u0130\u03a3"), max_size=40) | st.text(max_size=40))
def test_lowering_is_character_by_character(text):
    assert _lower_same_length(text) == one_by_one(text)
    assert len(_lower_same_length(text)) == len(text)


def test_final_sigma_is_lowered_as_a_single_character():
    assert _lower_same_length("İSTANBUL ΟΔΟΣ") == "istanbul οδοσ"  # not the word-final "ς"


def test_dates_after_a_dotted_capital_i_keep_their_offsets():
    text = "İzmir was taken on 9 September 1922."
    assert len(text.lower()) != len(text)
    spans = [(m.start(), m.end()) for _, m in default_rules().scanner.finditer(text)]
    assert (text.index("9 September"), text.index(".")) in spans

"""Property-based: random and mutated input never raises anything but InputError."""
from __future__ import annotations

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from govnlp import InputError, parse  # noqa: E402
from govnlp.parsing.lawrefbook import parse_lawrefbook_text  # noqa: E402
from govnlp.parsing import SAMPLE_PATH  # noqa: E402
from govnlp.readers.text import decode_bytes  # noqa: E402
from govnlp.text.sentences import split_sentences  # noqa: E402

SAMPLE_LINES = SAMPLE_PATH.read_text(encoding="utf-8").splitlines()[:1200]
ALPHABET = st.sampled_from(list("第一二十百条章节（）()。.,，;；:：“”‘’«»‹›—　 \n附件关于条例报告决定公告号年月日0123456789２０\U001001b0#<!-->"))
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _only_input_error(fn, arg):
    try:
        fn(arg)
    except InputError:
        pass


@SETTINGS
@given(st.text(max_size=400))
def test_random_text(text):
    _only_input_error(parse, text)  # a one-line text may be taken for a path: still InputError


@SETTINGS
@given(st.text(alphabet=ALPHABET, max_size=600))
def test_gazette_alphabet(text):
    _only_input_error(parse, text)
    _only_input_error(lambda t: parse_lawrefbook_text(t, "<t>"), text)
    split_sentences(text)


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes(data):
    _only_input_error(parse, data)
    _only_input_error(decode_bytes, data)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(SAMPLE_LINES) - 1),
                          st.sampled_from(["drop", "dup", "cut", "swap"])), max_size=30),
       st.integers(0, len(SAMPLE_LINES) - 200))
def test_mutated_sample(mutations, offset):
    lines = list(SAMPLE_LINES)
    for i, op in mutations:
        if op == "drop":
            lines[i] = ""
        elif op == "dup":
            lines[i] = lines[i] * 2
        elif op == "cut":
            lines[i] = lines[i][: len(lines[i]) // 2]
        else:
            j = (i * 7919) % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
    _only_input_error(parse, "\n".join(lines[offset:]) + "\n")

"""Traditional ↔ simplified characters through OpenCC, the maintained converter (Apache-2.0).

Gazettes of Hong Kong and Macao mirrors, and older web copies, are in traditional characters; the
parser and the models read simplified text, so traditional text is converted line by line (line
numbers keep pointing at the source) and the conversion is recorded on the result.
"""
from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["to_simplified", "to_traditional", "is_traditional"]

_CJK = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=2)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    return _converter("s2t").convert(text)


def is_traditional(text: str, sample_chars: int = 20000, min_share: float = 0.03) -> bool:
    """Whether at least ``min_share`` of the Chinese characters of a sample change under t2s."""
    sample = text[:sample_chars]
    converted = to_simplified(sample)
    if len(converted) != len(sample):
        return True
    cjk = len(_CJK.findall(sample))
    changed = sum(a != b for a, b in zip(sample, converted))
    return cjk > 0 and changed / cjk >= min_share

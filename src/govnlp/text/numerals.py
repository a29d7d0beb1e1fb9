"""Chinese numerals as printed in gazettes (第十二条, （三）, 二十一、): one character set, one converter."""
from __future__ import annotations

#: Every character that appears in a printed Chinese numeral, 千 and the 〇/两 variants included.
CN_DIGITS = "一二三四五六七八九十百千零〇两"
#: A regular-expression class matching one numeral character.
CN_CLASS = f"[{CN_DIGITS}]"

_VALUES = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def cn_to_int(numeral: str) -> int:
    """Integer value of a Chinese (or Arabic) numeral as used in 第…条: 二十三 → 23."""
    if numeral.isdigit():
        return int(numeral)
    total, cur = 0, 0
    for ch in numeral:
        if ch in _VALUES:
            cur = _VALUES[ch]
        elif ch in _UNITS:
            total += (cur or 1) * _UNITS[ch]
            cur = 0
    return total + cur

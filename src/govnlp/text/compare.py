"""The comparison key of GUIDELINES §3: how gold and predicted text are compared."""
from __future__ import annotations

import re
import unicodedata

_EQUIV = str.maketrans({
    "，": ",", "。": ".", "：": ":", "；": ";", "（": "(", "）": ")",
    "《": "«", "》": "»", "〈": "‹", "〉": "›",
})
_WS = re.compile(r"\s+")


def comparison_key(text: str) -> str:
    """Remove whitespace, NFKC, and fold the punctuation pairs the guideline treats as equal."""
    text = unicodedata.normalize("NFKC", _WS.sub("", text))
    # NFKC already maps full-width ，：；（） to ASCII; the table covers the rest and is idempotent.
    return _WS.sub("", text.translate(_EQUIV))

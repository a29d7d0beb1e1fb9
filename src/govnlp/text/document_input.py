"""What the document-type classifier reads: one definition, so training and inference agree."""
from __future__ import annotations

import re

#: Characters of the body after title and issuer.
BODY_CHARS = 400


def document_text(title: str, issuer: str = "", body: str = "", body_chars: int = BODY_CHARS) -> str:
    """Title + issuer + beginning of the body, blank lines dropped: training and inference agree."""
    body = re.sub(r"\n\s*\n", "\n", body or "").strip()
    return "\n".join(x for x in (title, issuer, body[:body_chars]) if x)

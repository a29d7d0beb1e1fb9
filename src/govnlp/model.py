"""govnlp's data model: Gazette → Document → Chapter → Article → Paragraph (款) → Item (项) → Sentence.

Every unit keeps ``start_line``/``end_line``: 1-based, inclusive line numbers of the *source file*
it was parsed from, so a researcher can always go back to the printed gazette.  Labels predicted
by the pipeline stages (document type, modality, key modifications) are stored on the units they
describe; they are ``None``/empty until a stage has run.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Iterator, NamedTuple

SCHEMA_VERSION = "1.0"


@dataclass
class Sentence:
    text: str
    start_line: int
    end_line: int


@dataclass
class Item:
    """A numbered item (项), e.g. ``(一)…``; ``label`` is as written, ``number`` its integer."""

    label: str
    number: int
    text: str
    start_line: int
    end_line: int
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Paragraph:
    """A paragraph (款) of an article, or a paragraph of a non-article document body."""

    text: str
    start_line: int
    end_line: int
    sentences: list[Sentence] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)


@dataclass
class Modality:
    """Normative modality of one article (multi-label), with the sentence supporting each label."""

    labels: list[str]
    scores: dict[str, float] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)


@dataclass
class Article:
    """An article (条): ``number`` as written (``第十二条``), ``index`` its integer (12)."""

    number: str
    index: int
    text: str
    start_line: int
    end_line: int
    paragraphs: list[Paragraph] = field(default_factory=list)
    chapter: str | None = None
    section: str | None = None
    modality: Modality | None = None

    @property
    def sentences(self) -> list[Sentence]:
        out: list[Sentence] = []
        for p in self.paragraphs:
            out.extend(p.sentences)
            for it in p.items:
                out.extend(it.sentences)
        return out


@dataclass
class Section:
    """A section (节) inside a chapter."""

    number: str
    title: str
    start_line: int
    end_line: int
    articles: list[Article] = field(default_factory=list)


@dataclass
class Chapter:
    """A chapter (章); ``number`` as written (``第一章``), ``title`` e.g. ``总则``."""

    number: str
    title: str
    start_line: int
    end_line: int
    sections: list[Section] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)


@dataclass
class KeyModification:
    """One change a review report proposes or records (GUIDELINES §3)."""

    topic: str
    action: str
    draft_articles: list[str] = field(default_factory=list)
    revised_articles: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    score: float | None = None


@dataclass
class Document:
    """One titled item of an issue: announcement, regulation, report, attachment, list, minutes…"""

    index: int
    title: str
    start_line: int
    end_line: int
    issuer: str = ""
    date_line: str = ""
    body: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    doc_type: str | None = None
    doc_type_score: float | None = None
    key_modifications: list[KeyModification] | None = None

    @property
    def sentences(self) -> list[Sentence]:
        if self.articles:
            return [s for a in self.articles for s in a.sentences]
        return [s for p in self.paragraphs for s in p.sentences]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Gazette:
    """A parsed gazette issue (or a single regulation file read through the same model)."""

    source: str
    documents: list[Document] = field(default_factory=list)
    encoding: str = "utf-8"
    schema_version: str = SCHEMA_VERSION

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    @property
    def articles(self) -> list[Article]:
        return [a for d in self.documents for a in d.articles]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": self.schema_version,
            "source": self.source,
            "encoding": self.encoding,
            "documents": [d.to_dict() for d in self.documents],
        }

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent, sort_keys=False)

    def to_pandas(self):
        """Three DataFrames (documents, articles, modifications): the shape analysts want."""
        import pandas as pd

        from .serialize import gazette_tables

        return Tables(**{name: pd.DataFrame(rows) for name, rows in gazette_tables(self.to_dict()).items()})


class Tables(NamedTuple):
    documents: Any
    articles: Any
    modifications: Any

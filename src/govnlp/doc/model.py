"""govnlp's data model: Gazette → Document → Chapter → Article → Paragraph (款) → Item (项) → Sentence.

Every unit keeps ``start_line``/``end_line``: 1-based, inclusive line numbers of the *source file*
it was parsed from, so a researcher can always go back to the printed gazette.  Every text a unit
returns is cut from the source: its own characters and punctuation as printed (traditional stays
traditional), wrapped lines joined, page furniture left out.  The models read a normalized view;
the parser keeps the view it made of each unit in ``view`` (``Document.body_view``), which is not
part of the output: :func:`govnlp.text.view.view_of` gives it, or makes it again for a unit read
back from JSON.  Labels predicted
by the pipeline stages (document type, modality, key modifications) are stored on the units they
describe; they are ``None``/empty until a stage has run.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Iterator, NamedTuple

SCHEMA_VERSION = "1.2"

#: Fields kept for the models, never written out: the normalized view of a unit's text.
VIEW_FIELDS = ("view", "body_view")


def _view():
    return field(default="", repr=False, compare=False)


@dataclass
class Sentence:
    text: str
    start_line: int
    end_line: int
    start_page: int | None = None
    end_page: int | None = None
    view: str = _view()


@dataclass
class Item:
    """A numbered item (项), e.g. ``(一)…``; ``label`` is as written, ``number`` its integer."""

    label: str
    number: int
    text: str
    start_line: int
    end_line: int
    sentences: list[Sentence] = field(default_factory=list)
    start_page: int | None = None
    end_page: int | None = None
    view: str = _view()


@dataclass
class Paragraph:
    """A paragraph (款) of an article, or a paragraph of a non-article document body."""

    text: str
    start_line: int
    end_line: int
    sentences: list[Sentence] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    start_page: int | None = None
    end_page: int | None = None
    view: str = _view()


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
    start_page: int | None = None
    end_page: int | None = None
    view: str = _view()

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
    start_page: int | None = None
    end_page: int | None = None


@dataclass
class Chapter:
    """A chapter (章); ``number`` as written (``第一章``), ``title`` e.g. ``总则``."""

    number: str
    title: str
    start_line: int
    end_line: int
    sections: list[Section] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    start_page: int | None = None
    end_page: int | None = None


@dataclass
class KeyModification:
    """One change a review report proposes or records (GUIDELINES §3)."""

    topic: str
    action: str
    draft_articles: list[str] = field(default_factory=list)
    revised_articles: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    score: float | None = None
    #: ``[start, end)`` of each sentence in the report's ``Document.text``: the report's own characters.
    spans: list[list[int]] = field(default_factory=list)
    #: Title of the enacted regulation the change landed in, and its article numbers there.
    enacted_document: str | None = None
    enacted_articles: list[str] = field(default_factory=list)


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
    start_page: int | None = None
    end_page: int | None = None
    #: What reading a bare text changed (page chrome set aside, script converted); empty for issues.
    provenance: list[str] = field(default_factory=list)
    #: The document's source text as given (its lines ``start_line``..``end_line``): the characters a
    #: user quotes. ``body`` and the units are cut from it (one body paragraph a line, no furniture).
    text: str = ""
    #: the normalized view of ``body`` the models read (not written out)
    body_view: str = _view()

    @property
    def sentences(self) -> list[Sentence]:
        if self.articles:
            return [s for a in self.articles for s in a.sentences]
        return [s for p in self.paragraphs for s in p.sentences]

    def to_dict(self) -> dict[str, Any]:
        return _for_output(asdict(self))


@dataclass
class Gazette:
    """A parsed gazette issue (or a single regulation file read through the same model)."""

    source: str
    documents: list[Document] = field(default_factory=list)
    encoding: str = "utf-8"
    schema_version: str = SCHEMA_VERSION
    #: What reading changed on the way (a script conversion, dropped bytes): provenance.
    notes: list[str] = field(default_factory=list)
    #: ``text``, or the format it was read from: ``pdf``, ``html``, ``image`` (a scan, by OCR).
    format: str = "text"
    #: For paged formats, ``[page, line on that page]`` of every line the units' line numbers count.
    line_pages: list[list[int]] | None = None

    def page_of_line(self, line: int) -> tuple[int, int] | None:
        """``(page, line on page)`` of a line number of this gazette, for paged formats."""
        if not self.line_pages or not 1 <= line <= len(self.line_pages):
            return None
        page, on_page = self.line_pages[line - 1]
        return page, on_page

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
            **({"notes": list(self.notes)} if self.notes else {}),
            **({"format": self.format} if self.format != "text" else {}),
            **({"line_pages": [list(x) for x in self.line_pages]} if self.line_pages else {}),
        }

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent, sort_keys=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Gazette":
        """The Gazette that :meth:`to_dict` described (a result file of ``govnlp label``, say)."""
        return cls(source=data["source"], encoding=data.get("encoding", "utf-8"),
                   schema_version=data.get("schema_version", SCHEMA_VERSION), notes=list(data.get("notes", [])),
                   format=data.get("format", "text"), line_pages=data.get("line_pages"),
                   documents=[_document(d) for d in data.get("documents", [])])

    @classmethod
    def from_json(cls, text: str) -> "Gazette":
        return cls.from_dict(json.loads(text))

    def __repr__(self) -> str:
        return f"Gazette({self.source!r}: {len(self.documents)} documents, {len(self.articles)} articles)"

    def to_html(self) -> str:
        """One self-contained HTML page showing this issue (:mod:`govnlp.doc.html`)."""
        from govnlp.doc.html import issue_html
        return issue_html(self)

    def _repr_html_(self) -> str:
        from govnlp.doc.html import issue_frame
        return issue_frame(self)

    def to_pandas(self):
        """Three DataFrames (documents, articles, modifications): the shape analysts want."""
        import pandas as pd

        from govnlp.doc.tables import gazette_tables

        return Tables(**{name: pd.DataFrame(rows) for name, rows in gazette_tables(self.to_dict()).items()})


_PAGE_KEYS = ("start_page", "end_page")


def _for_output(x):
    """Drop the models' views, page fields that are None and empty provenance: text sources have no
    pages, issues no provenance of their own, and their output stays as it was."""
    if isinstance(x, dict):
        return {k: _for_output(v) for k, v in x.items()
                if not ((k in _PAGE_KEYS and v is None) or (k == "provenance" and not v) or k in VIEW_FIELDS)}
    if isinstance(x, list):
        return [_for_output(v) for v in x]
    return x


def _sentences(rows) -> list[Sentence]:
    return [Sentence(**r) for r in rows or []]


def _pages(d: dict) -> dict:
    return {k: d.get(k) for k in _PAGE_KEYS}


def _paragraph(d: dict) -> Paragraph:
    return Paragraph(text=d["text"], start_line=d["start_line"], end_line=d["end_line"], **_pages(d),
                     sentences=_sentences(d.get("sentences")),
                     items=[Item(**{**it, "sentences": _sentences(it.get("sentences"))}) for it in d.get("items") or []])


def _article(d: dict) -> Article:
    m = d.get("modality")
    return Article(number=d["number"], index=d["index"], text=d["text"], start_line=d["start_line"],
                   end_line=d["end_line"], paragraphs=[_paragraph(p) for p in d.get("paragraphs") or []],
                   chapter=d.get("chapter"), section=d.get("section"), **_pages(d),
                   modality=Modality(**m) if m is not None else None)


def _document(d: dict) -> Document:
    articles = [_article(a) for a in d.get("articles") or []]
    by_number = {(a.number, a.start_line): a for a in articles}

    def same(rows):
        return [by_number.get((r["number"], r["start_line"])) or _article(r) for r in rows or []]

    chapters = [Chapter(number=c["number"], title=c["title"], start_line=c["start_line"], end_line=c["end_line"],
                        articles=same(c.get("articles")), **_pages(c),
                        sections=[Section(number=x["number"], title=x["title"], start_line=x["start_line"],
                                          end_line=x["end_line"], articles=same(x.get("articles")), **_pages(x))
                                  for x in c.get("sections") or []])
                for c in d.get("chapters") or []]
    mods = d.get("key_modifications")
    return Document(index=d["index"], title=d["title"], start_line=d["start_line"], end_line=d["end_line"],
                    issuer=d.get("issuer", ""), date_line=d.get("date_line", ""), body=d.get("body", ""),
                    paragraphs=[_paragraph(p) for p in d.get("paragraphs") or []], chapters=chapters,
                    articles=articles, doc_type=d.get("doc_type"), doc_type_score=d.get("doc_type_score"), **_pages(d),
                    provenance=list(d.get("provenance", [])), text=d.get("text", ""),
                    key_modifications=[KeyModification(**k) for k in mods] if mods is not None else None)


class Tables(NamedTuple):
    documents: Any
    articles: Any
    modifications: Any

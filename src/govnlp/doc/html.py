"""Views of labelled output as self-contained HTML pages (inline CSS, script and SVG; no network).

* :func:`issue_html` — one issue: its documents by type and confidence, each regulation's articles
  with their modality labels (colour and text) and evidence clauses marked, each review report's
  key modifications with action, article numbers and links to the enacted articles, and the source
  lines (and pages) of everything. Elements scripts can read: every document carries
  ``data-doc-type``, every article ``data-modality`` (labels separated by spaces) and the id that
  links point at (:func:`article_id`).
* :func:`archive_html` / :func:`write_archive` — a labelled store (``govnlp label --out``): its
  issues and documents by type, the modality mix per issue and per jurisdiction as SVG charts,
  each issue linked to its own view.

``Gazette.to_html()`` and ``_repr_html_`` (Jupyter) call :func:`issue_html`.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from html import escape
from pathlib import Path
from typing import Iterable

from govnlp.doc.model import Article, Document, Gazette, KeyModification
from govnlp.labels import DOC_TYPES, MODALITY_LABELS

__all__ = ["issue_html", "issue_frame", "archive_html", "write_archive", "article_id", "document_id", "jurisdiction_of"]

MODALITY_COLOURS = {
    "obligation": "#1f77b4", "prohibition": "#d62728", "permission": "#2ca02c", "encouragement": "#9467bd",
    "liability": "#ff7f0e", "definition": "#17becf", "declarative": "#7f7f7f",
}
DOC_COLOURS = {
    "announcement": "#8c564b", "regulation": "#1f77b4", "amendment_decision": "#aec7e8",
    "draft_explanation": "#98df8a", "review_report": "#ff7f0e", "review_opinion": "#ffbb78",
    "approval_decision": "#2ca02c", "personnel": "#c5b0d5", "work_report": "#9467bd",
    "session_record": "#7f7f7f", None: "#cccccc",
}

_CSS = """
body{font-family:system-ui,-apple-system,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#223;color:#fff;padding:12px 20px}header h1{font-size:20px;margin:0 0 4px}header p{margin:2px 0;font-size:13px;opacity:.85}
main{padding:12px 20px;max-width:1200px}
.chip{display:inline-block;border-radius:10px;padding:1px 8px;margin:1px 2px;font-size:12px;color:#fff;white-space:nowrap}
.lab{display:inline-block;border-radius:3px;padding:0 5px;margin:0 2px;font-size:11px;color:#fff}
.src{color:#777;font-size:12px}
nav.filter button{margin:2px;border:1px solid #bbb;background:#fff;border-radius:10px;padding:2px 10px;cursor:pointer}
nav.filter button.on{background:#223;color:#fff}
table{border-collapse:collapse;font-size:13px;margin:6px 0}td,th{border:1px solid #ddd;padding:3px 6px;vertical-align:top;text-align:left}
section.doc{background:#fff;border:1px solid #ddd;border-left:6px solid #ccc;margin:12px 0;padding:8px 12px}
section.doc h2{font-size:16px;margin:4px 0}
.bar{display:inline-block;height:8px;background:#223;vertical-align:middle;margin-right:4px}
article.art{border-top:1px solid #eee;padding:4px 0;font-size:14px;line-height:1.6}
article.art:target,article.art.hit{background:#fff6bf}
article.art .num{font-weight:bold;margin-right:6px}
mark.ev{background:none;border-bottom:3px solid;padding-bottom:1px}
details>summary{cursor:pointer;color:#335}
.body{white-space:pre-wrap;font-size:13px;color:#444}
.hidden{display:none}
.legend span{margin-right:10px;font-size:12px}
.charts svg{background:#fff;border:1px solid #ddd;margin:6px 0}
"""

_JS = """
(function(){
  var buttons=document.querySelectorAll('nav.filter button');
  function show(type){
    buttons.forEach(function(b){b.classList.toggle('on',b.getAttribute('data-type')===type);});
    document.querySelectorAll('[data-doc-type]').forEach(function(s){
      var t=s.getAttribute('data-doc-type');
      s.classList.toggle('hidden',type!=='*'&&t!==type);
      var row=document.querySelector('tr[data-row="'+s.id+'"]');
      if(row){row.classList.toggle('hidden',type!=='*'&&t!==type);}
    });
  }
  buttons.forEach(function(b){b.addEventListener('click',function(){show(b.getAttribute('data-type'));});});
  function reveal(){
    var id=decodeURIComponent(location.hash.slice(1));
    if(!id){return;}
    var el=document.getElementById(id);
    if(!el){return;}
    var doc=el.closest('[data-doc-type]');
    if(doc&&doc.classList.contains('hidden')){show('*');}
    var box=el.closest('details');
    if(box){box.open=true;}
  }
  window.addEventListener('hashchange',reveal);
  reveal();
})();
"""


def document_id(doc: Document) -> str:
    return f"doc-{doc.index}"


def article_id(doc: Document, position: int) -> str:
    """The element id of the ``position``-th (0-based) article of ``doc``."""
    return f"doc-{doc.index}-art-{position + 1}"


def _lines(unit) -> str:
    where = f"lines {unit.start_line}–{unit.end_line}" if unit.end_line != unit.start_line else f"line {unit.start_line}"
    if getattr(unit, "start_page", None):
        pages = unit.start_page if unit.start_page == unit.end_page else f"{unit.start_page}–{unit.end_page}"
        where = f"p. {pages}, {where}"
    return where


def _chip(doc_type: str | None) -> str:
    return f'<span class="chip" style="background:{DOC_COLOURS.get(doc_type, "#ccc")}">{escape(str(doc_type))}</span>'


def _label(label: str) -> str:
    return f'<span class="lab" style="background:{MODALITY_COLOURS.get(label, "#999")}">{escape(label)}</span>'


def _marked(article: Article) -> str:
    """The article's text with each evidence clause underlined in its label's colour."""
    text = article.text
    owners: list[list[str]] = [[] for _ in text]
    for label, clause in (article.modality.evidence if article.modality else {}).items():
        clause = (clause or "").strip()
        at = text.find(clause) if clause else -1
        if at < 0 and clause:
            at = text.find(clause[:12])
            clause = clause[:12] if at >= 0 else clause
        if at >= 0:
            for i in range(at, at + len(clause)):
                owners[i].append(label)
    out, i = [], 0
    while i < len(text):
        j = i
        while j < len(text) and owners[j] == owners[i]:
            j += 1
        piece = escape(text[i:j])
        if owners[i]:
            labs = " ".join(owners[i])
            colour = MODALITY_COLOURS.get(owners[i][0], "#999")
            out.append(f'<mark class="ev" data-evidence="{escape(labs)}" style="border-color:{colour}" '
                       f'title="evidence: {escape(labs)}">{piece}</mark>')
        else:
            out.append(piece)
        i = j
    return "".join(out)


def _article(doc: Document, pos: int, art: Article) -> str:
    labels = list(art.modality.labels) if art.modality else []
    chips = "".join(_label(x) for x in labels)
    where = f'<span class="src">{escape(_lines(art))}{" · " + escape(art.chapter) if art.chapter else ""}</span>'
    body = _marked(art)
    return (f'<article class="art" id="{article_id(doc, pos)}" data-article="{escape(art.number)}" '
            f'data-modality="{escape(" ".join(labels))}">{chips} {where}<br>{body}</article>')


def _line_of(doc: Document, mod: KeyModification) -> str:
    if mod.spans and doc.text:
        first = doc.start_line + doc.text[:mod.spans[0][0]].count("\n")
        last = doc.start_line + doc.text[:mod.spans[-1][1]].count("\n")
        return f"line {first}" if first == last else f"lines {first}–{last}"
    return _lines(doc)


def _modifications(doc: Document, targets: dict) -> str:
    rows = []
    for n, mod in enumerate(doc.key_modifications or [], 1):
        target = targets.get(mod.enacted_document)
        links = []
        for number in mod.enacted_articles:
            el = target[1].get(number) if target else None
            links.append(f'<a class="link" href="#{el}">{escape(number)}</a>' if el else escape(number))
        enacted = (escape(mod.enacted_document) + ": " + (", ".join(links) or "—")) if mod.enacted_document else "—"
        sentences = "".join(f"<div>{escape(s)}</div>" for s in mod.sentences)
        rows.append(f"<tr><td>{n}</td><td>{escape(mod.topic)}</td><td>{escape(mod.action)}</td>"
                    f"<td>{escape('、'.join(mod.draft_articles))}</td><td>{escape('、'.join(mod.revised_articles))}</td>"
                    f"<td>{enacted}</td><td>{sentences}<span class='src'>{escape(_line_of(doc, mod))}</span></td></tr>")
    if not rows:
        return "<p class='src'>No key modification recorded.</p>"
    return ("<table class='mods'><tr><th>#</th><th>topic</th><th>action</th><th>draft</th><th>revised</th>"
            "<th>enacted</th><th>sentences</th></tr>" + "".join(rows) + "</table>")


def _targets(gazette: Gazette) -> dict:
    """title → (document, {article number → element id}) of every document with articles (first wins)."""
    out: dict = {}
    for doc in gazette.documents:
        if doc.articles and doc.title not in out:
            ids: dict[str, str] = {}
            for pos, art in enumerate(doc.articles):
                ids.setdefault(art.number, article_id(doc, pos))
            out[doc.title] = (doc, ids)
    return out


def _document(doc: Document, targets: dict) -> str:
    score = doc.doc_type_score
    conf = (f'<span class="bar" style="width:{int(60 * score)}px"></span>{score:.2f}' if score is not None else "")
    head = (f'<h2>{doc.index}. {escape(doc.title)}</h2><div>{_chip(doc.doc_type)} {conf} '
            f'<span class="src">{escape(doc.issuer)} · {escape(_lines(doc))}</span></div>')
    parts = [head]
    if doc.provenance:
        parts.append("<div class='src'>" + escape("; ".join(doc.provenance)) + "</div>")
    if doc.key_modifications is not None:
        parts.append(_modifications(doc, targets))
    if doc.articles:
        arts = "".join(_article(doc, pos, a) for pos, a in enumerate(doc.articles))
        parts.append(f"<details open><summary>{len(doc.articles)} articles</summary>{arts}</details>")
    elif doc.body:
        parts.append(f"<details><summary>text ({len(doc.body)} characters)</summary>"
                     f"<div class='body'>{escape(doc.body)}</div></details>")
    colour = DOC_COLOURS.get(doc.doc_type, "#ccc")
    return (f'<section class="doc" id="{document_id(doc)}" data-doc-type="{escape(str(doc.doc_type))}" '
            f'data-doc-score="{"" if score is None else f"{score:.4f}"}" style="border-left-color:{colour}">'
            + "".join(parts) + "</section>")


def _page(title: str, header: str, body: str) -> str:
    return ("<!DOCTYPE html><html lang='zh'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
            f"<header>{header}</header><main>{body}</main><script>{_JS}</script></body></html>")


def issue_html(gazette: Gazette | dict, back: str | None = None) -> str:
    """One self-contained page showing a labelled issue (see the module's description)."""
    if isinstance(gazette, dict):
        gazette = Gazette.from_dict(gazette)
    docs = gazette.documents
    targets = _targets(gazette)
    by_type = Counter(d.doc_type for d in docs)
    labelled = sum(1 for a in gazette.articles if a.modality and a.modality.labels)
    n_mods = sum(len(d.key_modifications or []) for d in docs)
    linked = sum(1 for d in docs for m in d.key_modifications or [] if m.enacted_articles)
    header = (f"<h1>{escape(Path(gazette.source).name or gazette.source)}</h1>"
              f"<p><b id='n-documents'>{len(docs)}</b> documents · <b id='n-articles'>{labelled}</b> labelled articles "
              f"of {len(gazette.articles)} · {n_mods} key modifications ({linked} linked to enacted articles) · "
              f"read as {escape(gazette.format)}, schema {escape(gazette.schema_version)}</p>"
              + (f"<p>{escape('; '.join(gazette.notes))}</p>" if gazette.notes else "")
              + (f"<p><a style='color:#fff' href='{escape(back)}'>← archive</a></p>" if back else ""))
    order = [t for t in DOC_TYPES if t in by_type] + [t for t in by_type if t not in DOC_TYPES]
    filt = ("<nav class='filter'><button class='on' data-type='*'>all " + str(len(docs)) + "</button>"
            + "".join(f"<button data-type='{escape(str(t))}'>{escape(str(t))} {by_type[t]}</button>" for t in order)
            + "</nav>")
    legend = "<div class='legend'>modality: " + "".join(_label(x) for x in MODALITY_LABELS) + \
             " <span class='src'>underlined: the clause that is each label's evidence</span></div>"
    toc = ["<table class='toc'><tr><th>#</th><th>type</th><th>confidence</th><th>title</th><th>articles</th>"
           "<th>changes</th><th>source</th></tr>"]
    for d in sorted(docs, key=lambda d: (order.index(d.doc_type) if d.doc_type in order else 99, -(d.doc_type_score or 0))):
        score = "" if d.doc_type_score is None else f"{d.doc_type_score:.2f}"
        toc.append(f"<tr data-row='{document_id(d)}'><td>{d.index}</td><td>{_chip(d.doc_type)}</td><td>{score}</td>"
                   f"<td><a href='#{document_id(d)}'>{escape(d.title)}</a></td><td>{len(d.articles) or ''}</td>"
                   f"<td>{len(d.key_modifications or []) or ''}</td><td class='src'>{escape(_lines(d))}</td></tr>")
    toc.append("</table>")
    body = (filt + legend + "<details open><summary>documents by type and confidence</summary>" + "".join(toc)
            + "</details>" + "".join(_document(d, targets) for d in docs))
    return _page(Path(gazette.source).name or "govnlp issue", header, body)


def issue_frame(gazette: Gazette, height: int = 640) -> str:
    """The issue's page inside an iframe (``srcdoc``), so that a notebook's own styles and the page's
    stay apart: what Jupyter shows for a Gazette."""
    return (f'<iframe title="govnlp issue view" srcdoc="{escape(issue_html(gazette), quote=True)}" '
            f'style="width:100%;height:{height}px;border:1px solid #ddd"></iframe>')


# ------------------------------------------------------------------ archive
def jurisdiction_of(data: dict) -> str:
    """The issuing jurisdiction of an issue: its documents' most common issuer, without the
    standing committee's name (山西省人民代表大会常务委员会 → 山西省)."""
    issuers = Counter(re.sub(r"人民代表大会.*$|人大常委会.*$", "", d.get("issuer") or "")
                      for d in data.get("documents", []))
    issuers.pop("", None)
    return issuers.most_common(1)[0][0] if issuers else "(unknown)"


def _stacked(rows: list[tuple[str, str | None, Counter]], keys: Iterable, colours: dict, title: str,
             share: bool = True) -> str:
    """Horizontal stacked bars, one per row (name, link, counts): shares of each key, or counts."""
    keys = list(keys)
    width, left, bar_h, gap = 760, 220, 16, 6
    top = 28
    widths = [16 + 7 * len(str(k)) + 6 * sum(ord(c) > 0x2e80 for c in str(k)) for k in keys]
    legend_rows, x = 1, 8
    for w in widths:
        if x + w > width - 8:
            legend_rows, x = legend_rows + 1, 8
        x += w
    height = top + len(rows) * (bar_h + gap) + 16 + 18 * legend_rows
    biggest = max((sum(c.values()) for _, _, c in rows), default=1) or 1
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}"><title>{escape(title)}</title>'
           f'<text x="8" y="18" font-size="13" font-weight="bold">{escape(title)}</text>']
    span = width - left - 60
    for r, (name, href, counts) in enumerate(rows):
        y = top + r * (bar_h + gap)
        total = sum(counts.values())
        label = escape(name if len(name) <= 16 else name[:15] + "…")
        text = f'<text x="{left - 6}" y="{y + bar_h - 3}" font-size="12" text-anchor="end">{label}</text>'
        out.append(f'<a href="{escape(href)}">{text}</a>' if href else text)
        x = float(left)
        for k in keys:
            n = counts.get(k, 0)
            if not n:
                continue
            w = span * n / (total if share else biggest)
            out.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colours.get(k, "#999")}">'
                       f'<title>{escape(name)} · {escape(str(k))}: {n}'
                       f'{f" ({n / total:.0%})" if total else ""}</title></rect>')
            x += w
        out.append(f'<text x="{x + 4:.1f}" y="{y + bar_h - 3}" font-size="11" fill="#555">{total}</text>')
    ly = top + len(rows) * (bar_h + gap) + 14
    lx = 8
    for k, w in zip(keys, widths):
        if lx + w > width - 8:
            lx, ly = 8, ly + 18
        out.append(f'<rect x="{lx}" y="{ly - 9}" width="10" height="10" fill="{colours.get(k, "#999")}"/>'
                   f'<text x="{lx + 13}" y="{ly}" font-size="11">{escape(str(k))}</text>')
        lx += w
    out.append("</svg>")
    return "".join(out)


def _issue_summaries(results: list[tuple[str, dict]]) -> list[dict]:
    rows = []
    for key, data in results:
        docs = data.get("documents", [])
        modality = Counter(lab for d in docs for a in d.get("articles") or []
                           for lab in ((a.get("modality") or {}).get("labels") or []))
        rows.append({"key": key, "source": data.get("source", key), "jurisdiction": jurisdiction_of(data),
                     "types": Counter(d.get("doc_type") for d in docs), "modality": modality,
                     "documents": len(docs), "articles": sum(len(d.get("articles") or []) for d in docs),
                     "modifications": sum(len(d.get("key_modifications") or []) for d in docs)})
    return rows


def archive_html(results: list[tuple[str, dict]], link=lambda key: f"issues/{key}.html", title: str = "") -> str:
    """The archive's page from ``(key, result)`` pairs; ``link(key)`` is each issue's own page."""
    rows = _issue_summaries(results)
    types = Counter()
    for r in rows:
        types.update(r["types"])
    juris: dict[str, Counter] = {}
    for r in rows:
        juris.setdefault(r["jurisdiction"], Counter()).update(r["modality"])
    order = [t for t in DOC_TYPES if t in types] + [t for t in types if t not in DOC_TYPES]
    name = lambda r: Path(r["source"]).name  # noqa: E731
    charts = [
        _stacked([("all issues", None, types)], order, DOC_COLOURS, "documents by type", share=False),
        _stacked([(name(r), link(r["key"]), r["types"]) for r in rows], order, DOC_COLOURS,
                 "documents by type, per issue", share=False),
        _stacked([(name(r), link(r["key"]), r["modality"]) for r in rows], MODALITY_LABELS, MODALITY_COLOURS,
                 "modality mix per issue (share of article labels)"),
        _stacked([(j, None, c) for j, c in sorted(juris.items())], MODALITY_LABELS, MODALITY_COLOURS,
                 "modality mix per jurisdiction (share of article labels)"),
    ]
    table = ["<table><tr><th>issue</th><th>jurisdiction</th><th>documents</th><th>articles</th>"
             "<th>key modifications</th><th>types</th></tr>"]
    for r in rows:
        kinds = " ".join(f"{_chip(t)}{n}" for t, n in sorted(r["types"].items(), key=lambda kv: -kv[1]))
        table.append(f"<tr data-issue='{escape(r['key'])}'><td><a class='issue' href='{escape(link(r['key']))}'>"
                     f"{escape(name(r))}</a></td><td>{escape(r['jurisdiction'])}</td><td>{r['documents']}</td>"
                     f"<td>{r['articles']}</td><td>{r['modifications']}</td><td>{kinds}</td></tr>")
    table.append("</table>")
    header = (f"<h1>{escape(title or 'govnlp archive')}</h1><p><b id='n-issues'>{len(rows)}</b> issues · "
              f"<b id='n-documents'>{sum(r['documents'] for r in rows)}</b> documents · "
              f"{sum(r['articles'] for r in rows)} articles · {sum(r['modifications'] for r in rows)} key modifications · "
              f"{len(juris)} jurisdictions</p>")
    return _page(title or "govnlp archive", header, "<div class='charts'>" + "".join(charts) + "</div>" + "".join(table))


def write_archive(store: str | Path, out: str | Path | None = None) -> Path:
    """Write the archive page of a labelled store and one page per issue beside it.

    ``out`` defaults to ``STORE/view/index.html``; issue pages go to ``<out's folder>/issues/``.
    Returns the archive page's path.
    """
    from govnlp.doc.io import atomic_write_text

    store = Path(store)
    out = Path(out) if out else store / "view" / "index.html"
    pages = out.parent / "issues"
    pages.mkdir(parents=True, exist_ok=True)
    results = []
    for path in sorted((store / "issues").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        results.append((path.stem, data))
        atomic_write_text(pages / f"{path.stem}.html", issue_html(data, back=f"../{out.name}"))
    atomic_write_text(out, archive_html(results, link=lambda key: f"issues/{key}.html", title=store.name))
    return out

"""The sample issue as users also receive it, made here from the text: a two-column PDF, a web page,
a scanned page. Shared by the format tests and the reading benchmark."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import govnlp
from govnlp.text.normalize import is_artifact, normalize_chars

RUNNING_HEAD = "山西省人民代表大会常务委员会公报　2021年第6号"


def pdf_from_objects(objects: dict[int, bytes] | list[bytes]) -> bytes:
    """A PDF file of numbered object bodies (a list is numbered from 1), with its cross-reference table;
    numbers left out of a dict are free entries. Object 1 is the catalog."""
    if isinstance(objects, list):
        objects = dict(enumerate(objects, 1))
    out, offsets = bytearray(b"%PDF-1.4\n"), {}
    for n in sorted(objects):
        offsets[n] = len(out)
        out += b"%d 0 obj\n" % n + objects[n] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[i] if i in offsets else b"0000000000 65535 f \n"
                    for i in range(1, size))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def printed_pages() -> list[list[str]]:
    """The sample's printed lines page by page (a page starts where its extraction starts a line with
    a space), without its own page furniture, punctuation as printed in Chinese."""
    pages: list[list[str]] = [[]]
    for line in govnlp.SAMPLE_PATH.read_text(encoding="utf-8").splitlines():
        if not line.strip() or is_artifact(line):
            continue
        if line.startswith(" ") and pages[-1]:
            pages.append([])
        pages[-1].append(normalize_chars(line.strip(" ")))
    return pages


def printed_lines() -> list[str]:
    return [line for page in printed_pages() for line in page]


def title_lines() -> set[int]:
    """Indices in :func:`printed_lines` of each document's first line (where a web page has a heading)."""
    raw = govnlp.SAMPLE_PATH.read_text(encoding="utf-8").splitlines()
    kept = [no for no, line in enumerate(raw, 1) if line.strip() and not is_artifact(line)]
    starts = {d.start_line for d in govnlp.parse(govnlp.SAMPLE_PATH).documents}
    return {i for i, no in enumerate(kept) if no in starts}


def two_column_pdf(path: Path, pages: list[list[str]], size: float | None = None) -> int:
    """Render each page's lines down the left column then the right, with a running head and a
    folio; the content stream draws the columns interleaved row by row. Returns the pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    width, height = A4
    if size is None:   # the longest line fits its column
        widest = max(pdfmetrics.stringWidth(line, "STSong-Light", 1) for page in pages for line in page)
        size = min(6.0, (width / 2 - 44) / widest)
    c = canvas.Canvas(str(path), pagesize=A4)
    for number, lines in enumerate(pages, 1):
        c.setFont("STSong-Light", 8)
        c.drawCentredString(width / 2, height - 30, RUNNING_HEAD)
        c.drawCentredString(width / 2, 22, f"—{number}—")
        c.setFont("STSong-Light", size)
        rows_per_column = (len(lines) + 1) // 2
        left, right = lines[:rows_per_column], lines[rows_per_column:]
        for row in range(rows_per_column):       # interleaved: left row, right row, next row …
            y = height - 50 - row * (size + 4)
            if row < len(left):
                c.drawString(24, y, left[row])
            if row < len(right):
                c.drawString(width / 2 + 10, y, right[row])
        c.showPage()
    c.save()
    return len(pages)


def web_page(path: Path, lines: list[str], headings: set[int] = frozenset()) -> None:
    """The issue as one web page: navigation, breadcrumbs and a footer around one block per line,
    the lines in ``headings`` (each document's first line) as headings."""
    import html

    body = "\n".join(f"<h2>{html.escape(line)}</h2>" if i in headings else f"<p>{html.escape(line)}</p>"
                     for i, line in enumerate(lines))
    path.write_text(f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>常委会公报</title>
<script>var nav = "首页";</script><style>.x{{color:red}}</style></head><body>
<div class="top-nav"><a href="/">首页</a> | <a href="/gb">公报</a> | <a href="/lf">立法工作</a></div>
<nav><ul><li>新闻中心</li><li>代表工作</li></ul></nav>
<div class="breadcrumb">当前位置：首页 &gt; 常委会公报 &gt; 正文</div>
<div id="content">{body}</div>
<div class="share">分享到：微信 微博</div>
<footer>版权所有 山西省人大常委会办公厅　ICP备案号 晋ICP备00000000号</footer>
</body></html>""", encoding="utf-8")


def scanned_page(path: Path, lines: list[str], pdf: bool = False) -> None:
    """One page of text as an image only (PNG, or a PDF holding just that image)."""
    from PIL import Image, ImageDraw, ImageFont

    font = None
    for candidate in ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                      "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/truetype/arphic/uming.ttc"):
        if Path(candidate).is_file():
            font = ImageFont.truetype(candidate, 36)
            break
    image = Image.new("RGB", (1700, 120 + 60 * len(lines)), "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((60, 60 + 60 * i), line, fill="black", font=font)
    if pdf:
        image.save(path, "PDF", resolution=150)
    else:
        image.save(path, "PNG")


# ---------------------------------------------------------------------------------------------------
# The sample as a typesetter sets it: paragraphs rewrapped at a column's measure, titles over several
# lines, and as web pages of paragraphs. Built from the sample's own paragraphs (the text route's), so
# every fixture holds the same documents and articles as the text.


@dataclass
class Block:
    """A block of the issue: ``kind`` is ``title`` (an issuer, a title or an announcement's number, each
    its own block), ``attach`` (附件１), ``date`` (the ``（…通过）`` or ``———…会议上`` line), ``heading``
    (a chapter or section) or ``para``; ``doc`` the index of its document in the text route."""

    kind: str
    text: str
    doc: int


def sample_blocks() -> list[Block]:
    """The sample's documents as blocks: the headers the text route finds, its date lines, and its body
    paragraphs (printed lines joined as the text route joins them)."""
    from govnlp.parsing.gazette import _ANNOUNCEMENT, _ATTACH, _segment, _take_date_line
    from govnlp.text.normalize import join_lines, physical_lines

    text = govnlp.SAMPLE_PATH.read_text(encoding="utf-8")
    lines = physical_lines(text)
    blocks: list[Block] = []
    for index, (header, stop) in enumerate(_segment(lines)):
        texts = [p.text for p in lines[header.start:header.end]]
        if _ATTACH.match(texts[0]):
            blocks.append(Block("attach", texts.pop(0), index))
        joined, issuer = "".join(texts), header.issuer
        announcement = _ANNOUNCEMENT.match(joined)
        if announcement:
            cut = joined.rindex("（第")
            parts = [joined[:cut], joined[cut:]]
        elif issuer and joined.startswith(issuer) and joined != issuer:
            parts = [issuer, joined[len(issuer):]]
        elif issuer and joined.endswith(issuer) and joined != issuer:
            parts = [joined[:-len(issuer)], issuer]
        else:
            parts = [joined]
        blocks += [Block("title", part, index) for part in parts]
        date, k = _take_date_line(lines, header.end, stop)
        if date:
            blocks.append(Block("date", date, index))
        for para in join_lines(lines[k:stop]):
            kind = "heading" if re.match(r"^第[一二三四五六七八九十]+[章节](?:\u3000|$)", para.text) else "para"
            blocks.append(Block(kind, para.text, index))
    return blocks


def _break_at(text: str, fits) -> int:
    """Where to end the first line of ``text``: as many characters as ``fits`` allows, never at a space
    (a reader drops a space at either end of a line, and the words would run together)."""
    n = 1
    while n < len(text) and fits(text[:n + 1]):
        n += 1
    while 1 < n < len(text) and (text[n - 1] in " \u3000" or text[n] in " \u3000"):
        n -= 1
    # as typesetters do: no line begins with closing punctuation (it hangs past the measure) and none
    # ends with an opening one
    while n < len(text) and text[n] in _CLOSING:
        n += 1
    while 1 < n < len(text) and text[n - 1] in _OPENING:
        n -= 1
    return n


_CLOSING = "，。、；：？！）》〉”’」』"
_OPENING = "（《〈“‘「『"


def wrap(text: str, fits, first_fits=None) -> list[str]:
    """``text`` in lines: each as long as ``fits`` (the first line: ``first_fits``) allows."""
    out, first = [], first_fits or fits
    while text:
        n = _break_at(text, first if not out else fits)
        out.append(text[:n])
        text = text[n:]
    # nor does a paragraph end on a line of one character: the line above gives it one or two more
    # (PDFium also reads nothing of a one-character string in the predefined-CMap fonts used here)
    while len(out) > 1 and len(out[-1]) < 2 or len(out) > 1 and out[-1][0] in _CLOSING + " \u3000":
        if len(out[-2]) <= 2:
            break
        out[-2], out[-1] = out[-2][:-1], out[-2][-1] + out[-1]
    return out


#: Page sizes in points: 16K (184 × 260 mm), the gazette's, and A4 landscape.
PAGE_16K = (521.6, 737.0)
PAGE_A4_LANDSCAPE = (841.9, 595.3)


@dataclass
class Typeset:
    """A rendered fixture: every printed line in reading order with its page, its line on that page and
    its block, and where each document's first line is."""

    lines: list[tuple[str, int, int, int]] = field(default_factory=list)     # text, page, line, block

    def doc_starts(self, blocks: list[Block]) -> dict[int, tuple[int, int]]:
        starts: dict[int, tuple[int, int]] = {}
        for text, page, line, block in self.lines:
            starts.setdefault(blocks[block].doc, (page, line))
        return starts


def typeset_pdf(path: Path, blocks: list[Block], columns: int = 2, chars: int = 22, titles: str = "body",
                page: tuple[float, float] = PAGE_16K) -> Typeset:
    """The issue typeset as a gazette: ``columns`` columns of ``chars`` characters a line, each paragraph's
    first line indented two characters and its lines filling the measure, a running head and a folio,
    and the content stream drawing the columns' rows interleaved (row by row across the page).

    ``titles="body"``: titles, date lines and headings in the body face and size, set flush left and
    wrapped at the measure like any line; ``titles="centered"``: titles set larger (1.3×) and centered,
    date lines and headings centered in the body size."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    width, height = page
    margin, gutter, top, bottom = 42.0, 18.0, 60.0, 50.0
    measure = (width - 2 * margin - (columns - 1) * gutter) / columns
    size = measure / chars                    # a Chinese character is as wide as the font's size
    lead = 1.55
    column_lines = []                         # (text, x offset in the column, size, block, justified)
    for b, block in enumerate(blocks):
        big = titles == "centered" and block.kind in ("title", "attach")
        s = size * 1.3 if big else size
        fits = lambda t, s=s: pdfmetrics.stringWidth(t, font, s) <= measure + 0.01  # noqa: E731
        if block.kind == "para":
            rows = wrap(block.text, fits, lambda t: pdfmetrics.stringWidth(t, font, size) <= measure - 2 * size + 0.01)
            column_lines += [(row, 2 * size if i == 0 else 0.0, s, b, i + 1 < len(rows)) for i, row in enumerate(rows)]
            continue
        rows = wrap(block.text, fits)
        centered = titles == "centered" and block.kind != "attach"
        for i, row in enumerate(rows):
            x = (measure - pdfmetrics.stringWidth(row, font, s)) / 2 if centered else 0.0
            column_lines.append((row, x, s, b, not centered and i + 1 < len(rows)))
    out = Typeset()
    c = canvas.Canvas(str(path), pagesize=page)
    i, number = 0, 0
    while i < len(column_lines):
        number += 1
        c.setFont(font, 8)
        c.drawCentredString(width / 2, height - 36, RUNNING_HEAD)
        c.drawCentredString(width / 2, 24, f"—{number}—")
        draws, on_page = [], 0
        for k in range(columns):
            y = height - top
            x0 = margin + k * (measure + gutter)
            while i < len(column_lines):
                text, dx, s, b, justified = column_lines[i]
                if y - s * lead < bottom:
                    break
                y -= s * lead
                # a line inside a paragraph is justified to the measure: its characters spaced out, or
                # pressed together where closing punctuation was kept on it
                natural = pdfmetrics.stringWidth(text, font, s)
                spacing = (measure - dx - natural) / max(1, len(text) - 1) \
                    if justified or natural > measure - dx else 0.0
                draws.append((y, x0 + dx, s, text, spacing))
                on_page += 1
                out.lines.append((text, number, on_page, b))
                i += 1
        for y, x, s, text, spacing in sorted(draws, key=lambda d: (-d[0], d[1])):      # rows across the columns
            line = c.beginText(x, y)
            line.setFont(font, s)
            line.setCharSpace(spacing)
            line.textOut(text)
            c.drawText(line)
        c.showPage()
    c.save()
    return out


_CHROME_TOP = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>常委会公报</title>
<script>var nav = "首页";</script><style>.x{{color:red}}</style></head><body>
<div class="top-nav"><a href="/">首页</a> | <a href="/gb">公报</a> | <a href="/lf">立法工作</a></div>
<nav><ul><li>新闻中心</li><li>代表工作</li></ul></nav>
<div class="breadcrumb">当前位置：首页 &gt; 常委会公报 &gt; 正文</div>
<div id="content">"""
_CHROME_BOTTOM = """</div>
<div class="share">分享到：微信 微博</div>
<footer>版权所有 山西省人大常委会办公厅　ICP备案号 晋ICP备00000000号</footer>
</body></html>"""


def paragraph_page(path: Path, blocks: list[Block]) -> None:
    """The issue as one web page of ``<p>`` paragraphs: a ``<p>`` a block, titles as plain ``<p>``, no
    headings; navigation, breadcrumbs and a footer around it."""
    import html

    body = "\n".join(f"<p>{html.escape(b.text)}</p>" for b in blocks)
    path.write_text(_CHROME_TOP.replace("{{", "{").replace("}}", "}") + body + _CHROME_BOTTOM, encoding="utf-8")


def line_break_page(path: Path, blocks: list[Block], chars: int = 22) -> None:
    """The issue as a web page that keeps the printed lines: a paragraph's lines separated by ``<br>``
    (wrapped at ``chars``), titles in ``<strong>`` in centered paragraphs (issuers centered only, an
    announcement's number in ``<b>``), date lines centered."""
    import html

    fits = lambda t: len(t) <= chars  # noqa: E731
    out = []
    for b in blocks:
        text = html.escape(b.text)
        if b.kind == "title" and b.text.startswith("（第"):
            out.append(f'<p align="center"><b>{text}</b></p>')
        elif b.kind == "title" and not b.text.startswith("关于") and blocks.index(b) + 1 < len(blocks) and \
                blocks[blocks.index(b) + 1].kind == "title":
            out.append(f'<p style="text-align: center">{text}</p>')          # an issuer above its title
        elif b.kind == "title":
            out.append(f'<p style="text-align:center;"><strong>{"<br>".join(map(html.escape, wrap(b.text, fits)))}'
                       "</strong></p>")
        elif b.kind in ("date", "heading"):
            out.append(f'<p style="text-align:center">{text}</p>')
        else:
            rows = wrap(b.text, fits, lambda t: len(t) <= chars - 2)
            out.append("<p>\u3000\u3000" + "<br>\n".join(map(html.escape, rows)) + "</p>")
    path.write_text(_CHROME_TOP.replace("{{", "{").replace("}}", "}") + "\n".join(out) + _CHROME_BOTTOM,
                    encoding="utf-8")


def tally(gazette, reference) -> dict[str, int]:
    """How much of ``reference`` (the text route) ``gazette`` finds: documents by title (compared by the
    guideline's comparison key), articles with identical text as the models read it (the renderings
    print the sample's paragraphs in Chinese punctuation, the text file in its own), and what it finds
    that is not there."""
    from collections import Counter

    from govnlp.text.compare import comparison_key as key
    from govnlp.text.view import view_of

    want = Counter(key(d.title) for d in reference.documents)
    got = Counter(key(d.title) for d in gazette.documents)
    arts_want = Counter((a.number, view_of(a)) for a in reference.articles)
    arts_got = Counter((a.number, view_of(a)) for a in gazette.articles)
    return {"documents": len(gazette.documents), "titles_found": sum((want & got).values()),
            "articles": len(gazette.articles), "articles_identical": sum((arts_want & arts_got).values())}

"""The sample issue as users also receive it, made here from the text: a two-column PDF, a web page,
a scanned page. Shared by the format tests and the reading benchmark."""
from __future__ import annotations

from pathlib import Path

import govnlp
from govnlp.text.normalize import is_artifact, normalize_chars

RUNNING_HEAD = "山西省人民代表大会常务委员会公报　2021年第6号"


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

"""Find a document's own title and where its body begins, on a noisy page.

A page saved from a congress site, a news portal or a converter holds more than the document:
breadcrumbs, metadata blocks (【发布部门】, 索引号, 发文日期), a dateline (新华社北京…电), other
documents' titles in a header or a sidebar, newspaper page navigation. The document's title is the
title-shaped line (or two or three lines, joined) that is *followed by what follows a title* in
print: a date line ``（…通过）``, a speech line ``——…会议上``, a salutation ``…委员：``, an issuer,
a chapter or the first article, or a body paragraph. A title-shaped line followed by another
title-shaped line is a list of titles, not this document's title.

Lines are matched on their :func:`~govnlp.text.view.model_view`; the title returned is cut from
the source lines, in the page's own characters.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from govnlp.text.numerals import CN_DIGITS
from govnlp.text.view import model_view, strip_pinyin_glosses

__all__ = ["TitleFinding", "find_title", "opening_view", "read_page", "is_page_noise", "follows_title"]

_DOC_WORD = (r"(?:条例|办法|规定|规则|细则|实施细则|准则|章程|报告|汇报|说明|决定|决议|名单|议程|纪要|函|意见|"
             r"答复|公告|通知|批复|建议|审查报告|修正案|议案|日程|(?<!方)法)")
_TITLE_END = re.compile(rf"{_DOC_WORD}(?:[（(][^（）()]*[)）])?$")
_ANNOUNCEMENT = re.compile(r"(?:公告|主席令)$|(?:公告|主席令)\s*[（(]?[^（）()]{0,8}第.{1,8}号[)）]?$")
_NUMBER_LINE = re.compile(r"^[（(]?(?:〔[^〕]{1,8}〕)?第[\d" + CN_DIGITS + r"]+号[)）]?$")
_SENTENCE_PUNCT = re.compile(r"[。；！？!?]|[，,：:](?!$)")
_NOISE = re.compile(
    r"^(?:首页|当前位置|您现在的位置|您的位置|位置[:：]|主页|导航|搜索|登录|注册)"
    r"|(?:发布(?:日期|时间|部门|机关)|成文日期|发文(?:日期|字号|机关)|实施日期|施行日期|时效性|效力级别|"
    r"来源|作者|浏览(?:次数)?|点击(?:数|率)?|阅读(?:次数)?|访问(?:量|次数)|责任编辑|编辑|索\s*引\s*号|"
    r"主题分类|信息来源|文\s*号|字号|分享|打印|关闭|收藏)\s*[:：]"
    r"|^【[^】]{1,8}】"
    r"|新华[社网].{0,12}[0-9一二三四五六七八九十]+月[0-9一二三四五六七八九十]+日电|^[（(]?受权发布[)）]?$"
    r"|^第\d+版|上一版|下一版|上一篇|下一篇|版面导航|论文部分内容阅读|由会员分享|可在线阅读"
    r"|创建同名条目|历史版本|^编辑$|^条目$|维基文库|自由的图书馆|^目录$|^返回|版权所有|ICP备|联系我们|网站地图"
    r"|扫一扫|分享到|【?\s*(?:打印|关闭|收藏)(?:本页|窗口)?\s*】?\s*$|^[\s|｜>＞»/·]+$"
    r"|(?:\s[>＞»]\s|\s\|\s).*(?:\s[>＞»]\s|\s\|\s)|[>＞»]\s*正文"
)
_DATE_PAREN = re.compile(r"^[（(]\d{4}年")
_SPEECH = re.compile(r"^[—－-]{2,}")
_SALUTATION = re.compile(r"^[^，。；]{2,40}[:：]$")
_ORGAN = re.compile(r"(?:委员会|常委会|人民政府|办公厅|工作委员会|工委|检查组|主席团|代表团|人民法院|人民检察院)$")
_STRUCTURE = re.compile(rf"^第[{CN_DIGITS}\d]+[章节条]")
#: How a title that stands on its own line begins (not the tail of a wrapped title).
_TITLE_START = re.compile(r"^(?:关于|中华人民共和国|全国人民代表大会|全国人大|国务院|最高人民)"
                          r"|^.{1,12}(?:省|市|自治区|自治州|县|区)(?:人民代表大会|人大)")
_DATE_ONLY = re.compile(r"^\d{4}年\d{1,2}月(?:\d{1,2}日)?$")
_MAX_LINES = 80


@dataclass
class TitleFinding:
    """Where a document begins on a page: its title (source characters) and body, as line indexes."""

    title: str = ""
    title_view: str = ""
    issuer: str = ""
    title_lines: tuple[int, int] = (0, 0)     # [first, last) line indexes of the title (issuer included)
    body_line: int = 0                         # index of the first line after the title
    followed: bool = False                     # True when what follows the title confirms it

    @property
    def found(self) -> bool:
        return bool(self.title)


def is_page_noise(view: str) -> bool:
    """A line that is page furniture or metadata, not part of any document."""
    return len(view) <= 160 and bool(_NOISE.search(view))


def _title_shaped(view: str) -> bool:
    if view in ("公告", "主席令"):                 # the heading, its number on the next line
        return True
    return (4 <= len(view) <= 100 and not _SENTENCE_PUNCT.search(view) and not _DATE_ONLY.match(view)
            and not _DATE_PAREN.match(view) and not _SPEECH.match(view) and not _STRUCTURE.match(view))


def _is_body(view: str) -> bool:
    """A paragraph of running text."""
    return len(view) >= 30 and "。" in view[10:]


def _bare(view: str) -> str:
    """A title or paragraph without brackets and spaces, to find a title cited in a paragraph."""
    return re.sub(r"[\s《》〈〉<>«»‹›]", "", view)


def _complete(view: str) -> bool:
    return bool(_TITLE_END.search(view) or _ANNOUNCEMENT.search(view))


def follows_title(view: str) -> bool:
    """A line (in the model view) that may follow a title: what the gazette parser asks too."""
    return bool(_DATE_PAREN.match(view) or _SPEECH.match(view) or _SALUTATION.match(view)
                or _STRUCTURE.match(view) or _ORGAN.search(view) and len(view) <= 40
                or len(view) >= 16 and bool(re.search(r"[，。；]", view)))


# A title printed on one line with what follows it: "标题——1997年3月6日在…会议上", "标题 | 作者…",
# "新华社北京3月13日电 标题": the title is the segment, the rest another line.
_SEGMENT = re.compile(r"[—－]{2}|\s*[|｜]\s*|\s{3,}|(?<=电)\s+")


#: A gazette text extracted without line breaks: "…公告（第96号）《…条例》于…通过，现予公布…".
_NUMBERED_HEADING = re.compile(r"^.{0,40}?(?:公告|主席令)\s*[（(]第[^（）()]{1,8}号[)）](?=\S.{11,})")


def _segments(line: str) -> list[str]:
    heading = _NUMBERED_HEADING.match(line)
    if heading:
        return [heading.group()] + _segments(line[heading.end():])
    parts, pos = [], 0
    for m in _SEGMENT.finditer(line):
        if m.start() > pos:
            parts.append(line[pos:m.start()])
        pos = m.end() if not m.group().startswith(("—", "－")) else m.start()
        if m.group().startswith(("—", "－")):
            break
    parts.append(line[pos:])
    return [p for p in parts if p.strip()] or [line]


def _page_lines(text: str) -> tuple[list[str], list[str]]:
    """The page's first lines cut into segments, and the model view of each."""
    raw = [seg for line in text.split("\n")[:_MAX_LINES * 4] for seg in _segments(line)]
    return raw, [model_view(line).strip() for line in raw]


def find_title(text: str) -> TitleFinding:
    """The document's own title on a page (``TitleFinding()`` when the page shows none)."""
    return _find(*_page_lines(text))


def read_page(text: str, chars: int = 300) -> tuple[TitleFinding, str]:
    """The title finding and the opening of a page (:func:`opening_view`), its lines read once."""
    raw, views = _page_lines(text)
    finding = _find(raw, views)
    return finding, _opening(views, finding, chars)


def _find(raw: list[str], views: list[str]) -> TitleFinding:
    idx = [i for i, v in enumerate(views) if v and not is_page_noise(v)][:_MAX_LINES]
    fallback: TitleFinding | None = None
    body_before: list[str] = []
    for pos, i in enumerate(idx):
        if _is_body(views[i]):
            body_before.append(_bare(views[i]))
        for width in (1, 2, 3):
            group = idx[pos:pos + width]
            if len(group) < width or any(not _title_shaped(views[j]) for j in group):
                break
            # A title runs on only while its lines are incomplete: "…关于批准" / "《…》的决定".
            if width > 1 and _complete(views[group[-2]]):
                break
            # Lines of chrome before a title that stands on its own ("站内搜索" / "关于…的说明"):
            # the title is found alone, from its own line.
            if width > 1 and _complete(views[group[-1]]) and _TITLE_START.match(views[group[-1]]) \
                    and not _ORGAN.search(views[group[-2]]):
                break
            joined = "".join(views[j] for j in group)
            if len(joined) > 120 or not (_TITLE_END.search(joined) or _ANNOUNCEMENT.search(joined)):
                continue
            nxt = idx[pos + width] if pos + width < len(idx) else None
            if nxt is not None and _NUMBER_LINE.match(views[nxt]):       # 公告 / （第九十八号）
                group = group + [nxt]
                nxt = idx[pos + width + 1] if pos + width + 1 < len(idx) else None
            if width > 1 and views[group[0]] == views[group[1]]:      # a title printed twice
                break
            if any(_bare(joined) in b for b in body_before):
                # a paragraph above cites this title (a promulgation notice printed without its
                # heading): the page opens with that paragraph's document, untitled
                return fallback or TitleFinding()
            followed = nxt is not None and follows_title(views[nxt]) and not (
                _title_shaped(views[nxt]) and _TITLE_END.search(views[nxt]))
            finding = _finding(raw, views, group, nxt if nxt is not None else len(raw), followed)
            if followed:
                return finding
            if fallback is None:
                fallback = finding
            break
    return fallback or TitleFinding()


def _finding(raw: list[str], views: list[str], group: list[int], body: int, followed: bool) -> TitleFinding:
    issuer = ""
    first = group[0]
    if len(group) > 1 and _ORGAN.search(views[group[0]]) and views[group[1]].startswith("关于"):
        issuer = raw[group[0]].strip()
    title = strip_pinyin_glosses("".join(raw[j].strip() for j in group))
    view = "".join(views[j] for j in group)
    return TitleFinding(title=title, title_view=view, issuer=issuer, title_lines=(first, group[-1] + 1),
                        body_line=body, followed=followed)


def opening_view(text: str, finding: TitleFinding | None = None, chars: int = 300) -> str:
    """What follows the title, page noise left out, in the model view: the document's opening."""
    raw, views = _page_lines(text)
    return _opening(views, finding or _find(raw, views), chars)


def _opening(views: list[str], finding: TitleFinding, chars: int) -> str:
    out, size = [], 0
    for view in views[finding.body_line if finding.found else 0:]:
        if not view or is_page_noise(view) or (finding.found and view == finding.title_view):
            continue
        out.append(view)
        size += len(view)
        if size >= chars:
            break
    return "\n".join(out)[:chars]

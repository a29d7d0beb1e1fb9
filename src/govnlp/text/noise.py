"""The page around a document: navigation, metadata and tool lines of a web page, found and set aside.

A document copied from a people's-congress site comes with lines that are not the document:
breadcrumbs (首页 > 公报 > 正文), metadata (发布日期：… 来源：… 浏览次数：…), tools (字号：大 中 小,
【打印】【关闭】, 分享到) and footers (版权所有, ICP备). They are recognised line by line by what
they say, never by position, and returned beside the kept lines so that nothing dropped is lost.
"""
from __future__ import annotations

import re

__all__ = ["split_page_chrome", "first_title_line"]

_CHROME = re.compile(
    r"^(?:首页|当前位置|您现在的位置|您的位置|位置[:：]|主页)"
    r"|(?:发布(?:日期|时间)|来源|作者|浏览(?:次数)?|点击(?:数|率)?|阅读(?:次数)?|访问量|责任编辑|编辑)[:：]"
    r"|字号[:：]?\s*[【\[]?大|【?\s*(?:打印|关闭|收藏|返回顶部)(?:本页|窗口)?\s*】?\s*$"
    r"|分享到|扫一扫|版权所有|ICP备|网站(?:地图|声明)|联系我们|上一篇|下一篇|相关(?:链接|文章|阅读)"
    r"|^[\s|｜>＞»/]+$"
    r"|(?:\s[>＞»]\s|\s\|\s).*(?:\s[>＞»]\s|\s\|\s)"        # a breadcrumb or menu row: a > b > c, a | b | c
)


def split_page_chrome(lines: list[str]) -> tuple[list[str], list[str]]:
    """``(kept, dropped)``: the lines of a document and the page chrome around it."""
    kept, dropped = [], []
    for line in lines:
        stripped = line.strip()
        if stripped and len(stripped) <= 120 and _CHROME.search(stripped):
            dropped.append(line)
        else:
            kept.append(line)
    return kept, dropped


def first_title_line(lines: list[str]) -> str:
    """The first kept line that reads like a title: short, no sentence punctuation at its end."""
    for line in split_page_chrome(lines)[0]:
        t = line.strip()
        if t and len(t) <= 80 and not re.search(r"[。；！？.]$", t):
            return t
    return ""

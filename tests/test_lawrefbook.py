"""LawRefBook Markdown read into the same data model; every DLC file parses."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from govnlp import parse, parse_lawrefbook

DLC = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "lawrefbook" / "DLC"
OPENS_ARTICLE = re.compile(r"^第[一二三四五六七八九十百零〇两]+条")

MD = """# 某市测试条例

2022年11月25日 某市第十五届人民代表大会常务委员会第四十五次会议通过

<!-- INFO END -->

## 第一章 总 则

## 第二章 附 则

## 第一章 总 则

第一条 为了测试，制定本条例。

第二条 本条例适用于：

（一）甲；

（二）乙。

违反本条例的，依法处理。

## 第二章 附 则

第三条 本条例自2023年1月1日起施行。
"""


def test_markdown_model(tmp_path):
    path = tmp_path / "某市测试条例.md"
    path.write_text(MD, encoding="utf-8")
    g = parse_lawrefbook(path)
    (doc,) = g.documents
    assert doc.title == "某市测试条例" and "通过" in doc.date_line
    assert [c.number for c in doc.chapters] == ["第一章", "第二章"]  # table of contents dropped
    assert [a.index for a in doc.articles] == [1, 2, 3]
    a2 = doc.articles[1]
    assert a2.start_line == 15 and a2.chapter == "第一章"
    assert [it.label for it in a2.paragraphs[0].items] == ["（一）", "（二）"]
    assert len(a2.paragraphs) == 2
    assert len(parse(path).documents[0].articles) == 3  # parse() recognises Markdown too


def _opening_lines(path: Path) -> int:
    # Whitespace is removed inside the line too: two files print "第七十五 条…" (a stray space).
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines()
               if OPENS_ARTICLE.match(re.sub(r"\s", "", line)))


@pytest.mark.skipif(not DLC.is_dir(), reason="../shared/corpus/lawrefbook/DLC is not beside the checkout")
def test_every_dlc_file_parses():
    files = sorted(DLC.rglob("*.md"))
    assert len(files) > 1000
    wrong = []
    for f in files:
        doc = parse_lawrefbook(f).documents[0]
        if len(doc.articles) != _opening_lines(f):
            wrong.append(f.name)
    assert wrong == []

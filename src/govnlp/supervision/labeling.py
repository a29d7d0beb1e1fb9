"""Weak supervision for govnlp: labelling functions written from GUIDELINES §1–2, and dataset builders.

The labelling functions (LFs) encode the guideline's rules, not the gold files: the gold in
``shared/gold/seed`` is only used by ``training/eval_weak_labels.py`` to *measure* them.

* :func:`label_modality` — clause-aware modality of one article, with the clause that triggered
  each label as evidence (GUIDELINES §2).
* :func:`label_doc_type` — document type from title, issuer and body cues (GUIDELINES §1).
* :func:`build_modality_dataset` / :func:`build_doctype_dataset` — ``datasets.Dataset``s for
  fine-tuning, from LawRefBook regulations and the sample gazette issue (+ augmentation).

The builders read only the paths they are given; the project's scripts say where the corpus is.
"""
from __future__ import annotations

import json
import random
import re
from collections import Counter
from pathlib import Path
from typing import Iterable

from govnlp.labels import MODALITY_LABELS
from govnlp.inference.doctype_cues import doc_type_from_body as _doc_type_from_body
from govnlp.inference.doctype_cues import doc_type_from_title as _doc_type_from_title
from govnlp.text.normalize import normalize_chars
from govnlp.text.numerals import CN_DIGITS
from govnlp.text.document_input import document_text
from govnlp.text.script import to_traditional
from govnlp.text.sentences import split_sentences
from govnlp.text.view import body_view, model_view, view_of

CN_NUM = CN_DIGITS
ARTICLE_RE = re.compile(rf"^\s*(第[{CN_NUM}]+条)[\s\u3000]*")

# --------------------------------------------------------------------------------------------
# Modality
# --------------------------------------------------------------------------------------------

# Item markers (一)/（一）/(1); not a cross-reference like 第(一)项 / 前款(二).
_ITEM_RE = re.compile(rf"(?<![第款])[(（][{CN_NUM}\d]+[)）]")

_OBLIGATION = [
    ("应当", re.compile(r"(?<!不)应当")),
    ("必须", re.compile(r"(?<!不)必须")),
    ("应", re.compile(r"(?<![相供适响对反效答呼感回理不])应(?![当急用对届诉聘收付纳税征变激])")),
    ("须", re.compile(r"(?<![必无毋])须(?!知)")),
    ("负责", re.compile(r"负责(?!人|同志)")),
    ("做好", re.compile(r"做好")),
    ("有义务", re.compile(r"有义务|承担.{0,6}义务")),
    ("履行职责", re.compile(r"履行.{0,8}职责")),
    # allocation of a task to a body (由…负责/承担/组织…): the guideline's 负责… cue, other verbs
    ("由…承担", re.compile(r"由[^,，;；]{1,25}(承担|组织|给予|审查|确定|制定|办理)")),
]
# Not main clauses (GUIDELINES §2 labels main clauses): the purpose clause 为了…制定本条例 and
# temporal adverbials 在…期间/之前/之后 (在国家提倡…期间 is no encouragement).
_SUBORDINATE = re.compile(r"^为了?[^。.]*?(制定|根据)[^。.]*?(本条例|本办法|本规定|本细则)|"
                          r"在[^,，;；。.]{0,40}?(期间|之前|之后|以前|以后)")
_PROHIBITION = [("不得", re.compile(r"不得")), ("禁止", re.compile(r"禁止")),
                ("严禁", re.compile(r"严禁")), ("不准", re.compile(r"不准|不许")),
                ("不应", re.compile(r"不应当|不应|不可以|不能"))]
_PERMISSION = [("可以", re.compile(r"(?<!不)可以")), ("有权", re.compile(r"有权")),
               ("享有权", re.compile(r"享有.{0,15}权|(?<!不得)(?<!不再)享受")), ("方可", re.compile(r"方可")),
               ("可", re.compile(r"(?<![许认不])可(?=[依向在对按根由申将予要请])"))]
_ENCOURAGEMENT = re.compile(r"鼓励|提倡|倡导|支持(?![。.,，;；:：、)）]|$)")
_DEFINITION = re.compile(r"(本(条例|办法|规定|细则|规则|决定|法)|前款|上款|本条)所称|所称.{1,40}?是指|"
                         r"下列用语的含义|用语含义|含义如下|是指")
# Sanctions (GUIDELINES §2 liability cues) and the conditional that makes a clause a penalty.
_SANCTION = re.compile(r"罚款|处分|刑事责任|予以处罚|依法处罚|给予处罚|行政处罚|没收|吊销|"
                       r"责令.{0,12}(改正|停止|整改|退还|赔偿)|给予警告|通报批评|"
                       r"(追究|承担).{0,8}(法律|民事|赔偿|行政)?责任|法律责任|取消.{0,20}资格")
_PENALTY_COND = re.compile(r"违反|有下列(行为|情形)之一|滥用职权|玩忽职守|徇私舞弊|"
                           r"[的]([,，]|$)|造成.{0,10}(损失|损害)")


def strip_article_number(text: str) -> str:
    return ARTICLE_RE.sub("", text, count=1)


def _sentences(text: str) -> list[str]:
    return [s for line in text.splitlines() for s in split_sentences(line)]


def split_clauses(text: str) -> list[dict]:
    """Main clauses of an article, each with its items: [{'text': sentence, 'items': [..]}].

    Items (一)(二)… are attached to the sentence that introduces them (they inherit its modality,
    GUIDELINES §2); a sentence after the last item is a new main clause.
    """
    text = strip_article_number(text)
    cuts = [m.start() for m in _ITEM_RE.finditer(text)
            if m.start() > 0 and (text[:m.start()].rstrip()[-1:] in set(":：;；。.!！?？")
                                  or text[m.start() - 1] in "\n \u3000")]
    chunks = [text[a:b] for a, b in zip([0] + cuts, cuts + [len(text)])]
    clauses: list[dict] = [{"text": s, "items": []} for s in _sentences(chunks[0])]
    for chunk in chunks[1:]:
        sents = _sentences(chunk)
        if not sents:
            continue
        if clauses:
            # the item is its first sentence (items close with ; or .), the rest are main clauses
            clauses[-1]["items"].append(sents[0])
            clauses.extend({"text": s, "items": []} for s in sents[1:])
        else:
            clauses.extend({"text": s, "items": []} for s in sents)
    return clauses


def _clause_labels(s: str) -> dict[str, str]:
    """Labels expressed by one main clause (its items inherit them). Returns label → cue."""
    out: dict[str, str] = {}
    s = _SUBORDINATE.sub(lambda m: "×" * len(m.group(0)), s)
    if _DEFINITION.search(s):
        out["definition"] = "定义"
    for cue, rx in _PROHIBITION:
        if rx.search(s):
            out.setdefault("prohibition", cue)
    # negated modals were counted above; mask them before looking for positive ones
    masked = re.sub(r"不应当|不应|不可以|不必|无须|不须", "××", s)
    first_oblig = None
    for cue, rx in _OBLIGATION:
        m = rx.search(masked)
        if m:
            out.setdefault("obligation", cue)
            first_oblig = m.start() if first_oblig is None else min(first_oblig, m.start())
    for cue, rx in _PERMISSION:
        if rx.search(masked):
            out.setdefault("permission", cue)
            break
    for m in _ENCOURAGEMENT.finditer(masked):
        # 应当鼓励/应当支持…: the subject must act → obligation, not encouragement
        if first_oblig is None or m.start() < first_oblig:
            out.setdefault("encouragement", m.group(0))
    return out


def _is_penalty_clause(s: str) -> bool:
    if not _SANCTION.search(s):
        return False
    if _PENALTY_COND.search(s):
        return True
    # reference to other law that states a sanction
    return bool(re.search(r"依照.{0,20}(规定|法律|法规).{0,6}(处罚|处理|追究)", s))


def label_modality(article_text: str) -> dict[str, str]:
    """Modality labels of one article → {label: evidence clause} (GUIDELINES §2).

    * A penalty article (a clause with a sanction: 处…罚款, 依法给予处分, 追究刑事责任… under a
      violation condition) is ``liability`` only: 可以处/不得 inside it belong to the sanction.
    * Otherwise each main clause contributes its cues; items inherit their introducing clause.
    * ``declarative`` only when no other label applies (evidence: the first clause).
    """
    clauses = split_clauses(article_text)
    if not clauses:
        return {"declarative": ""}
    for c in clauses:
        whole = c["text"] + "".join(c["items"])
        if _is_penalty_clause(c["text"]) or (c["items"] and _SANCTION.search(whole)
                                            and _PENALTY_COND.search(whole)):
            return {"liability": c["text"]}
    out: dict[str, str] = {}
    for c in clauses:
        labs = _clause_labels(c["text"])
        if not labs and c["items"] and not c["text"].rstrip().endswith((":", "：")):
            labs = _clause_labels("".join(c["items"]))
        for lab in labs:
            out.setdefault(lab, c["text"])
    if not out:
        out["declarative"] = clauses[0]["text"]
    return out


def weak_modality_labels(article_text: str) -> list[str]:
    """The labelling functions' labels of one article as a list in guideline order (never empty)."""
    return [lab for lab in MODALITY_LABELS if lab in label_modality(article_text)] or ["declarative"]


# --------------------------------------------------------------------------------------------
# Document type
# --------------------------------------------------------------------------------------------

def label_doc_type(title: str, issuer: str = "", body: str = "") -> str | None:
    """Document type from title, issuer and body cues (GUIDELINES §1); None when no rule fires.

    Decides by function: ``审议意见`` on a work report → work_report, ``审议意见的报告`` on a
    draft → review_opinion, ``关于批准«…关于修改…的决定»的决定`` → approval_decision.  When the
    title gives nothing (bare web text, excerpt), the first lines of the body are tried as a
    title, then body cues. The cues are written in the model view (simplified characters, Chinese
    punctuation), which is taken here: texts may be given in their source characters or viewed.
    """
    title, issuer, body = model_view(title or ""), model_view(issuer or ""), model_view(body or "")
    lab = _doc_type_from_title(title)
    if lab == "announcement" or (lab is None and "公告" in title and "常务委员会" in issuer):
        return "announcement"
    if lab:
        return lab
    if not title:
        lines = [ln.strip() for ln in body.splitlines() if ln.strip()][:8]
        for i in range(len(lines)):
            for j in (1, 2):
                if i + j <= len(lines):
                    cand = "".join(lines[i:i + j])
                    if 4 <= len(cand) <= 120:
                        lab = _doc_type_from_title(cand)
                        if lab and lab != "work_report":
                            return lab
    return _doc_type_from_body(body)


# --------------------------------------------------------------------------------------------
# Readers
# --------------------------------------------------------------------------------------------

def read_lawrefbook_articles(path: str | Path) -> tuple[str, list[tuple[str, str]]]:
    """(title, [(article number, article text)]) of one LawRefBook Markdown file."""
    from govnlp.parsing.lawrefbook import parse_lawrefbook

    g = parse_lawrefbook(path)
    return g.documents[0].title, [(a.number, view_of(a)) for a in g.articles]


def regulation_files(roots: Iterable[str | Path]) -> list[Path]:
    """The Markdown regulation files under ``roots`` (files or folders), in a stable order."""
    roots = [Path(r) for r in roots]
    files: list[Path] = []
    for r in roots:
        files.extend([r] if r.is_file() else sorted(r.rglob("*.md")))
    return files


def corpus_relative(path: Path) -> str:
    """A LawRefBook file named from the corpus root (``DLC/北京地方法规/…``), else as given."""
    parts = path.parts
    if "lawrefbook" in parts:
        return str(Path(*parts[parts.index("lawrefbook") + 1:]))
    return str(path)


def province_of(path: Path) -> str:
    for part in path.parts:
        if part.endswith("地方法规"):
            return part[: -len("地方法规")]
    return "national"


def build_modality_dataset(paths: Iterable[str | Path], max_files: int | None = None,
                           seed: int = 0):
    """Articles of LawRefBook regulations labelled by :func:`label_modality`.

    ``paths``: LawRefBook Markdown files or folders of them.
    Columns: text, labels (list[str]), evidence (json: label → clause), source, province.
    """
    from datasets import Dataset

    files = regulation_files(paths)
    if max_files is not None:
        files = random.Random(seed).sample(files, min(max_files, len(files)))
    rows = {"text": [], "labels": [], "evidence": [], "source": [], "province": []}
    for f in files:
        try:
            _, arts = read_lawrefbook_articles(f)
        except (OSError, UnicodeDecodeError):
            continue
        for _, text in arts:
            if len(text) < 8:
                continue
            lab = label_modality(text)
            rows["text"].append(text)
            rows["labels"].append([lbl for lbl in MODALITY_LABELS if lbl in lab])   # lab also gives the evidence
            rows["evidence"].append(json.dumps(lab, ensure_ascii=False))
            rows["source"].append(corpus_relative(f))
            rows["province"].append(province_of(f))
    return Dataset.from_dict(rows)


# ---- document type --------------------------------------------------------------------------

def read_issue_documents(path: str | Path) -> list[dict]:
    """Documents of a gazette issue as dicts (title, issuer, body, start_line, end_line)."""
    from govnlp.parsing import parse

    g = parse(Path(path))
    return [{"title": d.title, "issuer": d.issuer, "body": body_view(d),
             "start_line": d.start_line, "end_line": d.end_line} for d in g.documents]


_NAV = [["首页 > 公报 > 正文", "当前位置：首页 > 常委会公报", "您现在的位置: 首页 >> 人大公报 >> 正文",
         "首页 | 新闻中心 | 立法工作 | 监督工作 | 代表工作 | 公报"],
        ["字号：大 中 小", "【字体：大 中 小】", "发布时间：2021-10-12 来源：省人大常委会办公厅",
         "浏览次数：1024", "分享到：微信 微博"],
        ["打印本页 关闭窗口", "【打印】【关闭】", "上一篇 下一篇", "版权所有 人大常委会办公厅 ICP备案号",
         "相关链接", "【返回顶部】"]]


def _to_traditional(text: str) -> str:
    return to_traditional(text)


def augment_document(title: str, issuer: str, body: str, rng: random.Random) -> list[tuple[str, str]]:
    """(variant, text) views of one document, so a classifier also works without a clean title."""
    clean = document_text(title, issuer, body)
    flat = re.sub(r"\n\s*\n", "\n", body).strip()
    out = [("clean", clean)]
    nav = "\n".join([rng.choice(_NAV[0]), rng.choice(_NAV[1])])
    out.append(("web", f"{nav}\n{title}\n{flat[:360]}\n{rng.choice(_NAV[2])}"))
    # excerpt that starts after the heading: skip the title/issuer/date lines
    body_lines = [ln for ln in flat.splitlines() if ln.strip()]
    skip = min(len(body_lines) - 1, rng.randint(2, 6)) if len(body_lines) > 3 else 0
    out.append(("excerpt", "\n".join(body_lines[skip:])[:400]))
    trad = _to_traditional(clean)
    if trad:
        out.append(("traditional", trad))
    return out


_PASSED = re.compile(r"(\d{4}年\d{1,2}月\d{1,2}日).{0,6}(.{2,10}第.{2,8}届人民代表大会常务委员会第.{1,8}次会议)(通过|批准)")


def _synth_from_regulation(f: Path, rng: random.Random) -> list[tuple[str, str, str, str]]:
    """(label, title, issuer, body) documents synthesized from one LawRefBook regulation."""
    try:
        text = f.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    title, arts = read_lawrefbook_articles(f)
    if not title or len(arts) < 3:
        return []
    title = re.sub(r"\(\d{4}-\d{2}-\d{2}\)$", "", title)
    m = _PASSED.search(text)
    date, meeting = (m.group(1), m.group(2)) if m else ("2021年9月29日", "省人民代表大会常务委员会第三十一次会议")
    prov = province_of(f)
    sc = f"{prov}省人民代表大会常务委员会" if prov in ("山东", "河南", "浙江") else f"{prov}市人民代表大会常务委员会"
    passed = f"({date}{meeting}通过)"
    art_text = "\n".join(t for _, t in arts[:6])
    docs = [("regulation", title, "", f"{passed}\n第一章 总则\n{art_text}")]
    num = rng.choice(["第十二号", "第三十五号", "第九十八号", "第一百零三号", "第七号"])
    docs.append(("announcement", f"{sc}公告({num})", sc,
                 f"«{title}»已由{meeting}于{date}通过,现予公布,自{rng.choice(['2022年1月1日', '2021年12月1日', '公布之日'])}起施行.\n{sc}\n{date}"))
    n, a = rng.choice(arts[1:])
    new = strip_article_number(a)
    items = [f"一、将{n}修改为:“{new}”", f"二、删去{rng.choice(arts)[0]}.",
             f"三、将{rng.choice(arts)[0]}中的“有关部门”修改为“有关主管部门”."]
    docs.append(("amendment_decision", f"关于修改«{title}»的决定", sc,
                 f"{passed}\n{meeting}决定对«{title}»作如下修改:\n" + "\n".join(items[: rng.randint(1, 3)])
                 + f"\n本决定自公布之日起施行.\n«{title}»根据本决定作相应修改,重新公布."))
    draft = f"«{title}(草案)»"
    docs.append(("draft_explanation", f"关于{draft}的说明", "",
                 f"受省人民政府委托,现就{draft}作如下说明:\n一、制定条例的必要性\n"
                 f"为了{title[:-2]}工作有法可依,制定本条例十分必要.\n二、起草过程\n"
                 f"草案共{len(arts)}条,主要内容如下:{strip_article_number(arts[1][1])[:120]}"))
    na, aa = rng.choice(arts[1:])
    committee = rng.choice(["教育科学文化工作委员会", "监察和司法委员会", "农业与农村委员会", "财政经济委员会"])
    docs.append(("review_opinion", f"关于{draft}{rng.choice(['审议意见', '研究意见'])}的报告",
                 f"{prov}人大常委会{committee}",
                 f"{committee}召开会议,对{draft}进行了审议,提出如下意见:\n"
                 f"一、建议将草案{na}修改为:“{strip_article_number(aa)[:100]}”\n二、建议增加有关内容."))
    docs.append(("review_report", f"关于{draft}审议结果的报告", f"{prov}人大法制委员会",
                 f"常务委员会第{rng.choice(['二十', '二十五', '三十'])}次会议对{draft}进行了初审.法制委员会"
                 f"根据常委会组成人员的审议意见进行了统一审议,提出了修改意见:\n"
                 f"一、关于{na}.有的常委委员提出,建议修改.法制委员会经研究,建议将该条修改为:“{strip_article_number(aa)[:80]}”"))
    if "市" in title[:6]:
        docs.append(("approval_decision", f"关于批准«{title}»的决定", sc,
                     f"{passed}\n{meeting}审议了{title[:3]}人民代表大会常务委员会通过的«{title}»,决定予以批准."))
    return docs


_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
_GIVEN = "建国华明军伟芳丽强磊洋艳勇杰娟涛超秀英敏静红林平海东志刚文斌宏晓春玉兰云峰斌辉鹏宁飞凯"
_ORDINALS = ["二十", "二十一", "二十五", "二十八", "三十", "三十一", "三十二", "三十五"]
_POSTS = ["人民政府副省长", "高级人民法院副院长", "人民检察院副检察长", "人大常委会办公厅副主任",
          "人大常委会法制工作委员会主任", "中级人民法院审判员", "人民政府秘书长", "监察委员会副主任"]


def _person(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.randint(1, 2)))


def _synth_personnel_and_session(rng: random.Random, n_each: int = 12) -> list[tuple[str, str, str, str]]:
    """(label, title, issuer, body) for the two types LawRefBook has no examples of.

    Written from GUIDELINES §1's cue column (任免名单, 代理…的决定, 罢免, 代表资格的报告,
    人事任免议案的审查报告; 会议议程, 会议纪要, 出席…名单), in the gazette's ASCII punctuation,
    so that these types are not learnt from a single issue's handful of documents.
    """
    out = []
    for _ in range(n_each):
        prov = rng.choice(["山西", "浙江", "山东", "河南", "河北", "湖南", "江西", "安徽"])
        sc = f"{prov}省人民代表大会常务委员会"
        term, sess = rng.choice(["十三", "十四"]), rng.choice(_ORDINALS)
        date = f"20{rng.randint(18, 24)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
        meeting = f"{prov}省第{term}届人民代表大会常务委员会第{sess}次会议"
        passed = f"({date}{meeting}通过)"
        a, b, c = _person(rng), _person(rng), _person(rng)
        post = rng.choice(_POSTS)
        personnel = [
            (f"{sc}任免名单", f"{passed}\n任命{a}为{prov}省{post};\n免去{b}的{prov}省{rng.choice(_POSTS)}职务;\n任命{c}为{prov}省{rng.choice(_POSTS)}."),
            (f"关于{a}代理{prov}省{rng.choice(['人民检察院检察长', '高级人民法院院长', '人民政府省长'])}的决定",
             f"{passed}\n根据«中华人民共和国地方各级人民代表大会和地方各级人民政府组织法»的有关规定,{meeting}决定:"
             f"接受{b}辞去职务的请求,任命{a}为副职,代理职务."),
            (f"关于罢免{a}的{prov}省第{term}届人民代表大会代表职务的决定",
             f"{passed}\n{prov}省{rng.choice(['太原市', '杭州市', '济南市', '郑州市'])}人民代表大会常务委员会报告,"
             f"罢免了{a}的省人民代表大会代表职务.依照代表法的有关规定,{a}的代表资格终止."),
            (f"{sc}代表资格审查委员会关于个别代表的代表资格的报告",
             f"{sc}:\n{rng.choice(['补选', '依法选举'])}{b}为{prov}省第{term}届人民代表大会代表.代表资格审查委员会依法对其代表资格进行了审查,"
             f"确认{b}的代表资格有效.{a}因调离本行政区域,其代表资格终止.现省第{term}届人民代表大会实有代表{rng.randint(500, 700)}名.\n以上报告,请审议."),
            (f"{sc}关于人事任免议案的审查报告",
             f"{sc}:\n省人民政府省长提请任命{a}为{prov}省{post}的议案,经审查,{a}符合任职条件,任免程序合法,建议本次会议审议通过."),
            (f"关于接受{a}辞去{prov}省{post}职务的决定", f"{passed}\n{meeting}决定:接受{a}辞去{prov}省{post}职务的请求."),
        ]
        t, body = rng.choice(personnel)
        out.append(("personnel", t, sc, body))
        chair = _person(rng)
        topics = [f"审议«{prov}省{rng.choice(['水污染防治', '农村公路', '物业管理', '消防', '湿地保护'])}条例(草案)»",
                  f"审议省人民政府关于{rng.choice(['国有资产管理', '生态环境状况', '预算执行'])}情况的报告",
                  "审议有关人事任免事项", f"审议关于批准«{rng.choice(['太原市', '大同市', '长治市'])}城市绿化条例»的议案"]
        rng.shuffle(topics)
        session = [
            (f"{meeting}议程", f"({date}{sc}第{rng.randint(60, 120)}次主任会议通过)\n"
             + "\n".join(f"{'一二三四'[i]}、{t}" for i, t in enumerate(topics))),
            (f"{prov}省{term}届人大常委会第{sess}次会议纪要",
             f"{meeting}于{date}在{rng.choice(['太原', '杭州', '济南', '郑州'])}举行.会议由常委会主任{chair}主持."
             f"常委会组成人员{rng.randint(40, 60)}人出席会议.副省长{a}、省高级人民法院院长{b}等列席会议.\n"
             f"会议{topics[0]}.会议经表决,通过了上述事项.会议闭幕时,{chair}作了讲话."),
            (f"{meeting}出席人员名单", f"主任:{chair}\n副主任:{a} {b} {c}\n秘书长:{_person(rng)}\n委员(按姓氏笔画排序):"
             + " ".join(_person(rng) for _ in range(rng.randint(12, 24)))),
            (f"{meeting}列席人员名单", "列席:" + " ".join(_person(rng) for _ in range(rng.randint(8, 16)))),
            (f"{meeting}日程", f"{date}上午 全体会议\n{topics[0]}\n下午 分组会议\n{topics[1]}"),
        ]
        t, body = rng.choice(session)
        out.append(("session_record", t, "", body))
    return out


def _corpus_amendment_decisions(roots: Iterable[str | Path]) -> list[tuple[str, str, str, str]]:
    """Amendment decisions that exist as such in LawRefBook (关于修改…的决定 with 作如下修改)."""
    out = []
    files = sorted({f for r in map(Path, roots) for f in ([r] if r.is_file() else r.rglob("*.md"))
                    if re.search(r"关于修改.*决定", f.name)})
    for f in files:
        text = f.read_text(encoding="utf-8")
        if "作如下修改" not in text:
            continue
        title = re.sub(r"\(\d{4}-\d{2}-\d{2}\)$", "", f.stem)
        body = re.sub(r"<!--.*?-->|^#.*$", "", text, flags=re.M).strip()
        out.append(("amendment_decision", title, "", body[:1200]))
    return out


def _as_parsed(*texts: str) -> tuple[str, ...]:
    """Texts punctuated as parsed documents reach the classifier (《》（），。).

    Synthesized documents are written in the PDF's ASCII/«» punctuation; left so, the punctuation
    style alone would tell synthetic from real and the real rare types would be underfitted.
    """
    return tuple("\n".join(normalize_chars(line) for line in t.split("\n")) for t in texts)


def build_doctype_dataset(issue_paths: Iterable[str | Path], regulation_roots: Iterable[str | Path],
                          amendment_roots: Iterable[str | Path] = (), n_synth_files: int = 60,
                          min_per_type: int = 80, seed: int = 0):
    """Document-type training set: issue documents labelled by :func:`label_doc_type` (never gold)
    in four views (clean / web noise / excerpt / traditional), plus documents synthesized from
    LawRefBook, with small types oversampled by extra random excerpts up to ``min_per_type``.

    Columns: text, label, title, variant, source.
    """
    from datasets import Dataset

    rng = random.Random(seed)
    base: list[tuple[str, str, str, str, str]] = []   # (label, title, issuer, body, source)
    for p in issue_paths:
        for d in read_issue_documents(p):
            lab = label_doc_type(d["title"], d["issuer"], d["body"])
            if lab is not None:
                base.append((lab, d["title"], d["issuer"], d["body"], f"{Path(p).name}:{d['start_line']}"))
    files = regulation_files(regulation_roots)
    for f in rng.sample(files, min(n_synth_files, len(files))):
        for lab, t, i, b in _synth_from_regulation(f, rng):
            base.append((lab, *_as_parsed(t, i, b), f"synth:{f.name}"))
    for lab, t, i, b in _corpus_amendment_decisions(amendment_roots):
        base.append((lab, *_as_parsed(t, i, b), "lawrefbook"))
    for lab, t, i, b in _synth_personnel_and_session(rng):
        base.append((lab, *_as_parsed(t, i, b), "synth:guideline-templates"))

    rows = {"text": [], "label": [], "title": [], "variant": [], "source": []}

    def add(lab, title, variant, text, src):
        rows["text"].append(text)
        rows["label"].append(lab)
        rows["title"].append(title)
        rows["variant"].append(variant)
        rows["source"].append(src)

    for lab, t, i, b, src in base:
        for variant, text in augment_document(t, i, b, rng):
            add(lab, t, variant, text, src)
    counts = Counter(rows["label"])
    by_label: dict[str, list] = {}
    for rec in base:
        by_label.setdefault(rec[0], []).append(rec)
    for lab, recs in by_label.items():
        while counts[lab] < min_per_type:
            _, t, i, b, src = rng.choice(recs)
            lines = [ln for ln in b.splitlines() if ln.strip()]
            start = rng.randrange(0, max(1, len(lines) - 3))
            view = rng.choice(["excerpt", "web", "traditional"])
            text = "\n".join(lines[start:])[:400]
            if view == "web":
                text = f"{rng.choice(_NAV[0])}\n{rng.choice(_NAV[1])}\n{t}\n{text}\n{rng.choice(_NAV[2])}"
            elif view == "traditional":
                text = _to_traditional(f"{t}\n{text}") or f"{t}\n{text}"
            add(lab, t, f"extra-{view}", text, src)
            counts[lab] += 1
    return Dataset.from_dict(rows)



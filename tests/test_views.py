"""The labelled sample's output: schema 1.1, tables with the links, and its HTML views, checked as
markup and in a real browser (headless Chromium through Playwright, skipped where either is absent)."""
import json
import os
import re
import shutil
from pathlib import Path

import pytest

import govnlp
from conftest import MODELS
from govnlp.cli import main as cli

SHIPPED = all((MODELS / t / "checksums.json").is_file() for t in ("doctype", "modality", "keymods"))
CHROMIUM = os.environ.get("GOVNLP_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def labelled(tiny_models_dir):
    """The sample labelled by the shipped models (the tiny ones where none are shipped)."""
    if SHIPPED:
        return govnlp.load()(govnlp.SAMPLE_PATH)
    return govnlp.load(**{t: tiny_models_dir / t for t in ("doctype", "modality", "keymods")})(govnlp.SAMPLE_PATH)


@pytest.fixture(scope="module")
def views(labelled, tmp_path_factory):
    """The sample's page, and a store of three issues (the sample under three names) with its view."""
    root = tmp_path_factory.mktemp("views")
    result = root / "sample.json"
    result.write_text(labelled.to_json(), encoding="utf-8")
    assert cli(["show", str(result), "--out", str(root / "sample.html")]) == 0
    store = root / "store"
    (store / "issues").mkdir(parents=True)
    for name in ("a", "b", "c"):
        data = json.loads(labelled.to_json())
        data["source"] = f"{name}-{data['source']}"
        (store / "issues" / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert cli(["show", str(store)]) == 0
    return root / "sample.html", store / "view" / "index.html"


def test_the_labelled_sample_validates_against_the_schema(labelled):
    import jsonschema

    from govnlp.doc.model import SCHEMA_VERSION
    from govnlp.doc.tables import output_schema

    data = json.loads(labelled.to_json())
    assert data["schema_version"] == SCHEMA_VERSION == "1.2"
    jsonschema.validate(data, output_schema())
    mods = [k for d in data["documents"] for k in d.get("key_modifications") or []]
    assert all({"spans", "enacted_document", "enacted_articles"} <= set(k) for k in mods)
    assert all("text" in d for d in data["documents"])
    data["documents"][0]["undescribed"] = 1            # every field the output has is described
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, output_schema())


def test_every_field_of_the_data_model_is_in_the_schema():
    from dataclasses import fields

    from govnlp.doc import model
    from govnlp.doc.tables import output_schema

    defs = output_schema()["$defs"]
    for cls, name in [(model.Sentence, "sentence"), (model.Item, "item"), (model.Paragraph, "paragraph"),
                      (model.Article, "article"), (model.Section, "section"), (model.Chapter, "chapter"),
                      (model.KeyModification, "keymod"), (model.Document, "document"), (model.Modality, "modality")]:
        missing = {f.name for f in fields(cls)} - set(defs[name]["properties"]) - set(model.VIEW_FIELDS)  # not output
        assert not missing, (name, missing)
    top = set(output_schema()["properties"])
    assert {f.name for f in fields(model.Gazette)} <= top


def test_the_modifications_table_has_the_links(labelled):
    import pyarrow as pa

    from govnlp.doc.tables import arrow_schemas, gazette_tables

    rows = gazette_tables(labelled.to_dict())["modifications"]
    assert rows and all("enacted_document" in r and "enacted_articles" in r for r in rows)
    pa.Table.from_pylist(rows, schema=arrow_schemas()["modifications"])
    frame = labelled.to_pandas().modifications
    assert {"enacted_document", "enacted_articles"} <= set(frame.columns)
    if SHIPPED:
        assert frame["enacted_articles"].map(len).sum() >= 20


def test_the_issue_page_as_markup(views, labelled):
    page = views[0].read_text(encoding="utf-8")
    assert len(re.findall(r'<section class="doc"[^>]* data-doc-type="', page)) == len(labelled.documents) == 79
    assert len(re.findall(r'data-modality="[a-z][a-z ]*"', page)) == 199
    ids = set(re.findall(r' id="([^"]+)"', page))
    targets = re.findall(r'href="#([^"]+)"', page)
    assert targets and all(t in ids for t in targets)
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in page
    assert page == labelled.to_html()
    assert labelled._repr_html_().startswith("<iframe")


def test_the_archive_page_links_every_issue(views):
    index = views[1]
    page = index.read_text(encoding="utf-8")
    links = re.findall(r"<a class='issue' href='([^']+)'", page)
    assert len(links) == 3 and all((index.parent / link).is_file() for link in links)
    assert page.count("<svg") >= 4 and "modality mix per jurisdiction" in page and "山西省" in page


def test_show_refuses_a_folder_that_is_not_a_store(tmp_path, capsys):
    assert cli(["show", str(tmp_path)]) == 2
    assert "not a labelled store" in capsys.readouterr().err


# ------------------------------------------------------------------ in a browser
@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium; or set GOVNLP_CHROMIUM)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-extensions", "--no-first-run"])
        yield chromium
        chromium.close()


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems, requests = [], []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:", "about:")) else None)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, problems, requests


def test_the_issue_view_in_a_browser(browser, views, tmp_path):
    page, problems, requests = _open(browser, views[0])
    assert page.locator("[data-doc-type]").count() == 79
    assert page.locator('article[data-modality]:not([data-modality=""])').count() == 199
    assert page.locator("#n-documents").inner_text() == "79" and page.locator("#n-articles").inner_text() == "199"
    broken = page.evaluate("""() => Array.from(document.querySelectorAll('a[href^="#"]'))
        .map(a => a.getAttribute('href').slice(1)).filter(id => !document.getElementById(decodeURIComponent(id)))""")
    assert broken == []
    links = page.locator("a.link")
    if SHIPPED:
        assert links.count() >= 20
    if links.count():                              # following a link shows the enacted article
        target = links.first.get_attribute("href")[1:]
        page.locator("button[data-type='review_report']").click()      # the article's document is hidden now
        assert page.locator(f"#{target}").is_hidden()
        links.first.click()
        page.wait_for_function(f"location.hash === '#{target}'")
        assert page.locator(f"#{target}").is_visible()
        assert page.locator(f"#{target}").get_attribute("data-article")
    shot = page.screenshot(path=str(tmp_path / "issue.png"), full_page=False)
    assert problems == [] and requests == []
    _assert_not_blank(shot)
    page.close()


def test_the_archive_view_in_a_browser(browser, views, tmp_path):
    page, problems, requests = _open(browser, views[1])
    assert page.locator("svg").count() >= 4
    assert page.locator("svg rect").count() > 10
    page.locator("a.issue").first.click()
    page.wait_for_load_state("load")
    assert page.locator("[data-doc-type]").count() == 79
    shot = page.screenshot(path=str(tmp_path / "archive.png"))
    assert problems == [] and requests == []
    _assert_not_blank(shot)
    page.close()


def _assert_not_blank(png: bytes) -> None:
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 20, "the screenshot is (nearly) one colour"
    background = max(colours)[0] / (image.width * image.height)
    assert background < 0.97, f"{background:.0%} of the screenshot is one colour"

"""The pipeline's wiring, on tiny models: every stage writes where users look for it."""
import json

import govnlp
from govnlp.pipeline import load


def test_pipeline_labels_every_document_and_article(tiny_models_dir):
    nlp = load(**{t: tiny_models_dir / t for t in ("doctype", "modality", "keymods")})
    assert nlp.pipe_names == ["doctype", "modality", "keymods", "links"]
    result = nlp(govnlp.SAMPLE_PATH)
    assert len(result.documents) > 50
    assert all(d.doc_type is not None and 0 <= d.doc_type_score <= 1 for d in result.documents)
    assert result.articles and all(a.modality and a.modality.labels for a in result.articles)
    tables = result.to_pandas()
    assert len(tables.documents) == len(result.documents)
    assert len(tables.articles) == len(result.articles)
    json.loads(result.to_json())


def test_output_validates_against_the_published_schema(tiny_models_dir):
    import jsonschema

    from govnlp.doc.tables import output_schema

    nlp = load(**{t: tiny_models_dir / t for t in ("doctype", "modality", "keymods")})
    data = json.loads(nlp(govnlp.SAMPLE_PATH).to_json())
    jsonschema.validate(data, output_schema())
    data["documents"][0]["doc_type"] = "not-a-type"
    try:
        jsonschema.validate(data, output_schema())
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError("schema accepted an unknown document type")

"""Key modifications of review reports (GUIDELINES §3): what a report changed, in its own words.

Where things are:

* :mod:`.segment`: a report cut into regions, topics and sentences, each with ``[start, end)``
  offsets into ``Document.text`` (the report as given) and a normalized view for the models;
* :mod:`.cues`: named labelling functions, each with the origin it was written from;
* :mod:`.fields`: chosen sentences grouped into items; action and draft/revised article numbers;
* :mod:`.estimator`: :class:`KeyModificationExtractor` (``fit``/``predict``) and its default
  sentence scorer :class:`CueScorer`;
* :mod:`.component`: the pipeline component and :func:`load_extractor`.
"""
from govnlp.components.keymods.component import KeyModsComponent, load_extractor
from govnlp.components.keymods.cues import CUES, Cue, weak_sentence_labels
from govnlp.components.keymods.estimator import CueScorer, KeyModificationExtractor, gold_sentence_labels
from govnlp.components.keymods.fields import extract_articles, item_action
from govnlp.components.keymods.segment import Unit, align, report_units

__all__ = [
    "KeyModificationExtractor", "KeyModsComponent", "load_extractor", "weak_sentence_labels",
    "report_units", "extract_articles", "item_action", "CueScorer", "CUES", "Cue", "Unit", "align",
    "gold_sentence_labels",
]

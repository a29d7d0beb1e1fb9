"""A wheel installed anywhere (not the checkout) finds its models and labels the sample."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_wheel_installed_elsewhere_labels_the_sample(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", str(REPO),
                    "-w", str(dist)], check=True, capture_output=True, timeout=600)
    (wheel,) = dist.glob("govnlp-*.whl")
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
                   check=True, capture_output=True, timeout=600)
    env = {k: v for k, v in os.environ.items() if k != "GOVNLP_MODELS"}
    env.update(PYTHONPATH=str(site), HF_HUB_OFFLINE="1")
    code = ("import json, govnlp, govnlp.inference.models as m; g = govnlp.load()(govnlp.SAMPLE_PATH); "
            "print(json.dumps([govnlp.__file__, str(m.models_dir()), len(g.documents), len(g.articles)]))")
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    where, models, documents, articles = json.loads(run.stdout.strip().splitlines()[-1])
    assert where.startswith(str(site)) and models.startswith(str(site)), (where, models)
    assert (documents, articles) == (79, 199)

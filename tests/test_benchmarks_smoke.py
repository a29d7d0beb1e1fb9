"""Smoke tests of the benchmark scripts: they run and print their figures (never a timing assertion)."""
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _run(script: str, *args: str, env_extra: dict | None = None, timeout: int = 300) -> str:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", **(env_extra or {})}
    proc = subprocess.run([sys.executable, str(REPO / "benchmarks" / script), *args], capture_output=True,
                          text=True, timeout=timeout, env=env, cwd=str(REPO))
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def test_bench_encoder_prints_both_throughputs_and_the_ratio(tiny_models_dir):
    out = _run("bench_encoder.py", "--models", str(tiny_models_dir), "--repeats", "1", "--batch", "2", "--seq-len", "16")
    mini = re.search(r"^govbert-mini\s+([\d.]+)\s+([\d.]+)$", out, re.M)
    base = re.search(r"^bert-base-sized\s+([\d.]+)\s+([\d.]+)$", out, re.M)
    assert mini and base, out
    assert float(mini.group(1)) > 0 and float(base.group(1)) > 0
    assert re.search(r"ratio govbert-mini / bert-base-sized: [\d.]+x", out), out
    assert "weights from" in out  # the given models folder's govbert-mini was used, and said so


def test_bench_pipeline_runs_every_part_and_writes_json(tiny_models_dir, tmp_path):
    import json

    out_json = tmp_path / "pipeline.json"
    out = _run("bench_pipeline.py", "--models", str(tiny_models_dir), "--quick", "--articles", "2", "--copies", "1",
               "--json", str(out_json), timeout=600)
    for part in "abcde":
        assert re.search(rf"^\({part}\) ", out, re.M), f"part ({part}) missing from the table:\n{out}"
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["models"] == str(tiny_models_dir.resolve())
    assert data["end_to_end"]["documents"] > 50 and data["load"]["peak_rss_bytes"] > 0
    assert set(data["modality"]["articles_per_s"]) == {"modality model", "bert-base-sized"}
    assert set(data["batch"]["wall_s"]) == {"1", "2"}  # JSON keys: worker counts


def test_bench_readers_times_both_readers_on_one_pdf_and_compares_their_lines(tmp_path):
    import json

    out = _run("bench_readers.py", "--runs", "1", "--no-layout-analysis", "--objects", "500",
               "--json", str(tmp_path / "r.json"), "--txt", str(tmp_path / "r.txt"), timeout=600)
    assert re.search(r"^pdfium\s+[\d.]+", out, re.M) and re.search(r"^pdfminer\s+[\d.]+", out, re.M), out
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["same_output"] is True and data["pdf"]["pages"] > 100
    assert {"pdfium", "pdfminer", "govnlp.parse, pdfium"} <= set(data["seconds"])
    assert data["objects_scaling"][0]["objects"] == 500

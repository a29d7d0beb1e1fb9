"""An archive labelled with Ray gives the local engine's records, and goes on after a stop.

These run Ray on this machine (``ray.init`` with its CPUs), with the tiny test models.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from govnlp.cli import main
from conftest import tiny_args, sample_excerpt

ray = pytest.importorskip("ray")

TABLES = ("documents.jsonl", "articles.jsonl", "modifications.jsonl", "errors.jsonl",
          "documents.parquet", "articles.parquet", "modifications.parquet")


def _outputs(out: Path) -> dict[str, bytes]:
    files = {name: (out / name).read_bytes() for name in TABLES}
    files.update({f"issues/{p.name}": p.read_bytes() for p in sorted((out / "issues").glob("*"))})
    return files


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """Four small issues and a broken PDF."""
    folder = tmp_path_factory.mktemp("archive")
    for i, (first, last) in enumerate([(0, 3), (4, 9), (10, 12), (13, 20)]):
        (folder / f"issue-{i}.txt").write_text(sample_excerpt(first, last), encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")
    return folder


def test_an_address_where_no_cluster_answers_is_a_clear_error_in_seconds(archive, tmp_path, capsys):
    # Runs before the module's Ray instance exists: with one running, no address is looked up.
    assert not ray.is_initialized()
    code = main(["label", str(archive / "issue-0.txt"), "--out", str(tmp_path / "o"), "--engine", "ray",
                 "--address", "127.0.0.1:1", "--quiet"])
    assert code == 2
    assert "no Ray cluster answers at this address" in capsys.readouterr().err


@pytest.fixture(scope="module")
def local_ray():
    """One Ray instance for the module: starting Ray takes seconds."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    yield
    ray.shutdown()


def test_ray_engine_writes_the_same_records_as_the_local_engine(archive, tiny_models_dir, tmp_path, local_ray):
    local_out, ray_out = tmp_path / "local", tmp_path / "ray"
    assert main(["label", str(archive), "--out", str(local_out), "--quiet", *tiny_args(tiny_models_dir)]) == 1
    assert main(["label", str(archive), "--out", str(ray_out), "--engine", "ray", "--workers", "2", "--quiet",
                 *tiny_args(tiny_models_dir)]) == 1      # 1: the broken PDF failed, the batch went on
    expected = _outputs(local_out)
    assert len([k for k in expected if k.endswith(".json")]) == 4
    assert _outputs(ray_out) == expected
    assert "broken.pdf" in (ray_out / "errors.jsonl").read_text(encoding="utf-8")


def test_ray_engine_resumes_where_a_run_stopped(archive, tiny_models_dir, tmp_path, local_ray, capsys):
    partial = tmp_path / "partial"
    partial.mkdir()
    for name in ("issue-0.txt", "issue-1.txt"):
        (partial / name).write_bytes((archive / name).read_bytes())
    out = tmp_path / "out"
    args = ["--out", str(out), "--engine", "ray", "--resume", "--quiet", *tiny_args(tiny_models_dir)]
    assert main(["label", str(partial), *args]) == 0
    for name in ("issue-2.txt", "issue-3.txt"):
        (partial / name).write_bytes((archive / name).read_bytes())
    capsys.readouterr()
    assert main(["label", str(partial), *args]) == 0
    assert "issues labelled: 2, skipped (--resume): 2" in capsys.readouterr().out
    reference = tmp_path / "reference"
    assert main(["label", str(partial), "--out", str(reference), "--quiet", *tiny_args(tiny_models_dir)]) == 0
    assert _outputs(out) == _outputs(reference)   # every issue once, as one local run writes it


def test_ray_engine_reports_a_damaged_model_once(archive, tiny_models_dir, tmp_path, local_ray, capsys):
    broken = tmp_path / "models"
    for task in ("doctype", "modality", "keymods"):
        (broken / task).mkdir(parents=True)
    (broken / "modality" / "config.json").write_text("{", encoding="utf-8")
    code = main(["label", str(archive / "issue-0.txt"), "--out", str(tmp_path / "o"), "--engine", "ray",
                 "--quiet", *[a for t in ("doctype", "modality", "keymods")
                              for a in (f"--{t}", str((tiny_models_dir if t != "modality" else broken) / t))]])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("govnlp: error:") and "config.json" in err[-1]
    assert not (tmp_path / "o" / "issues" / "issue-0.json").exists()

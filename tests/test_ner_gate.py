"""Quality gate for the shipped NER model: entity-level micro F1 (exact span + type, CoNLL) on
the ANERcorp test split (CAMeL split, rebuilt; never trained on), on AQMAR test and on the
public Wojood sample (modern text, PER/ORG/LOC).

The floors pin what the shipped model reaches (see src/rasd/models/ner/README.md). Lowering
one is a deliberate, visible change."""

from __future__ import annotations

import pytest

from rasd.ner.evaluate import evaluate

# 2026-12-06: 76.0 / 43.0 -> 77.0 / 42.5 with the document steps and 196 knowledge-base names (77.24 / 42.71);
# AQMAR lowered by 0.5 deliberately: the model with 122 KB names scored 78.03 / 43.29 / 69.92, the
# rebuild with the extended list trades that for Iraqi actors (see the model card, experiment 46)
FLOORS = {"anercorp-test": 77.0, "aqmar-test": 42.5, "wojood-sample": 69.0}  # Wojood added (69.56)


@pytest.fixture(scope="module")
def report(shared_data):
    return evaluate(shared_data)


@pytest.mark.parametrize("bench", sorted(FLOORS))
def test_micro_f1_floor(report, bench):
    f1 = report[bench]["micro"]["f1"]
    assert f1 >= FLOORS[bench], f"{bench}: micro F1 {f1:.2f} fell below the floor {FLOORS[bench]}"


def test_every_type_is_found(report):
    per = report["anercorp-test"]["per_type"]
    assert set(per) == {"PER", "ORG", "LOC", "MISC"}
    assert all(v["f1"] > 30 for v in per.values()), per


def test_shipped_model_files_are_small():
    from rasd.ner.model import default_model_dir

    files = [p for p in default_model_dir().iterdir() if p.is_file()]
    assert files
    for p in files:
        assert p.stat().st_size <= 30 * 1024 * 1024, p


def test_cli_eval_prints_scores(shared_data, capsys):
    import json

    from rasd.cli import main

    assert main(["eval", "ner", "--data", str(shared_data), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["anercorp-test"]["micro"]["f1"] >= FLOORS["anercorp-test"]
    assert out["anercorp-test"]["tokens_per_second"] > 0


def test_cli_eval_bad_data_folder_is_a_user_error(tmp_path, capsys):
    from rasd.cli import main

    assert main(["eval", "ner", "--data", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("rasd: error:") and "Traceback" not in err

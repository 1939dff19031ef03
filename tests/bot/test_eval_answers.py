"""`vanthu eval answers` end to end on a tiny BEIR set: a library made of what is kept, every
question asked through the chat's answering code, both halves reported."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from bot.cli import app

runner = CliRunner()
ARTICLES = {
    "L1||1": "Điều 1. Lệ phí đăng ký tạm trú\nLệ phí đăng ký tạm trú là 15.000 đồng.",
    "L1||2": "Điều 2. Thời hạn thường trú\nThời hạn giải quyết đăng ký thường trú là 07 ngày.",
    "L1||3": "Điều 3. Con dấu\nCon dấu do văn thư cơ quan quản lý, cất trong tủ có khóa.",
    "L2||1": "Điều 1. Nghỉ phép năm\nCông chức được nghỉ phép năm 12 ngày làm việc.",
    "L2||2": "Điều 2. Kết hôn\nHai bên nam nữ nộp tờ khai đăng ký kết hôn tại xã.",
}
QUESTIONS = {
    "q1": ("lệ phí đăng ký tạm trú bao nhiêu", "L1||1"),
    "q2": ("thời hạn giải quyết đăng ký thường trú", "L1||2"),
    "q3": ("ai quản lý con dấu cơ quan", "L1||3"),
    "q4": ("công chức nghỉ phép năm bao nhiêu ngày", "L2||1"),
    "q5": ("đăng ký kết hôn nộp tờ khai ở đâu", "L2||2"),
    "q6": ("ko có sổ hộ khẩu thì đăng ký tạm trú đc ko", "L1||1"),
}


def write_set(folder: Path) -> Path:
    (folder / "qrels").mkdir(parents=True)
    (folder / "corpus.jsonl").write_text(
        "\n".join(
            json.dumps({"_id": k, "title": "", "text": v}, ensure_ascii=False)
            for k, v in ARTICLES.items()
        ),
        encoding="utf-8",
    )
    (folder / "queries.jsonl").write_text(
        "\n".join(
            json.dumps({"_id": q, "text": t}, ensure_ascii=False) for q, (t, _) in QUESTIONS.items()
        ),
        encoding="utf-8",
    )
    rows = "".join(f"{q}\t{cid}\t1\n" for q, (_, cid) in QUESTIONS.items())
    (folder / "qrels" / "test.tsv").write_text(f"query-id\tcorpus-id\tscore\n{rows}")
    return folder


def test_eval_answers_reports_both_halves(tmp_path: Path) -> None:
    folder = write_set(tmp_path / "tiny")
    env = {"VANTHU_DATA_DIR": str(tmp_path / "data"), "VANTHU_EMBEDDER": "none"}
    args = ["eval", "answers", str(folder), "--remove", "article", "--seed", "2", "--json"]
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    rows = figures["questions"]
    halves = {r["half"] for r in rows}
    assert halves == {"answerable", "unanswerable"}
    assert figures["answerable"]["questions"] + figures["unanswerable"]["questions"] == len(rows)
    kept = {r["id"] for r in rows if r["half"] == "answerable"}
    for row in rows:
        assert row["outcome"] in {"right", "wrong", "partial", "not_covered"}
        if row["half"] == "unanswerable":
            assert row["outcome"] != "right" and row["top_passage"] != "right"
        if row["features"]:  # empty when the search found nothing at all
            assert set(row["features"]) >= {"coverage", "bm25", "library"}
    assert any(row["features"] for row in rows)
    assert kept and figures["articles_kept"] < len(ARTICLES)
    # The "always answer" baseline is never right where the library lost the article.
    assert figures["unanswerable"]["top_passage"]["right"] == 0.0
    text = runner.invoke(app, args[:-1], env=env)
    assert text.exit_code == 0 and "answered wrong, of all questions" in text.output
    bad = runner.invoke(app, ["eval", "answers", str(folder), "--remove", "page"], env=env)
    assert bad.exit_code == 2

"""The `vanthu` command line, run in-process with BM25-only settings for speed."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.documents import DECREE_LINES, SEAL_LINES, write_pdf

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """Settings for one test: its own data folder, no dense model."""
    return {"VANTHU_DATA_DIR": str(tmp_path / "data"), "VANTHU_EMBEDDER": "none"}


def test_ingest_list_remove(tmp_path: Path, env: dict[str, str]) -> None:
    """A folder with a good PDF and a broken file: reported, listed, removed."""
    folder = tmp_path / "in"
    folder.mkdir()
    write_pdf(folder / "nd30.pdf", [DECREE_LINES, SEAL_LINES])
    (folder / "hong.docx").write_bytes(b"PK\x03\x04 not really a docx")
    result = runner.invoke(app, ["ingest", str(folder), "-C", "van-thu"], env=env)
    assert result.exit_code == 1
    assert "cannot read" in result.output and "hong.docx: corrupt" in result.output
    assert "2 file(s): 1 added, 1 failed" in result.output

    again = runner.invoke(app, ["ingest", str(folder / "nd30.pdf"), "-C", "van-thu"], env=env)
    assert again.exit_code == 0
    assert "1 file(s): 1 unchanged" in again.output

    listed = runner.invoke(app, ["docs", "list", "--json"], env=env)
    docs = json.loads(listed.output)
    assert [(d["number"], d["collection"], d["chunks"]) for d in docs] == [
        ("30/2020/NĐ-CP", "van-thu", 3)
    ]
    removed = runner.invoke(app, ["docs", "remove", "30/2020/NĐ-CP"], env=env)
    assert removed.exit_code == 0 and "removed" in removed.output
    missing = runner.invoke(app, ["docs", "remove", "30/2020/NĐ-CP"], env=env)
    assert missing.exit_code == 1
    assert "no document matches 30/2020/NĐ-CP" in missing.output


def test_ask_on_a_fresh_install_uses_the_samples(env: dict[str, str]) -> None:
    """With no library yet, ask loads the bundled samples and answers with a citation."""
    result = runner.invoke(
        app, ["ask", "--json", "Lệ phí chứng thực bản sao là bao nhiêu một trang?"], env=env
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["covered"] is True
    assert answer["language"] == "vi"
    citation = answer["quotes"][0]["citation"]
    assert citation["article"] == "Điều 6"
    assert citation["number"] == "87/QĐ-UBND"
    plain = runner.invoke(app, ["ask", "Who won the football match yesterday?"], env=env)
    assert "The documents in the library do not cover this question." in plain.output


def test_chat_reads_until_quit(env: dict[str, str]) -> None:
    """The REPL answers each line and stops at /quit."""
    result = runner.invoke(
        app, ["chat"], env=env, input="/help\nthu tuc dang ky ket hon can giay to gi\n/quit\n"
    )
    assert result.exit_code == 0
    assert "Trợ lý văn thư vanthu" in result.output
    assert "(05/HD-UBND), Điều 3. Giấy tờ cần nộp khi đăng ký kết hôn" in result.output


def test_settings_file_and_errors(tmp_path: Path) -> None:
    """--config names a TOML file; a missing one is a clear error, not a traceback."""
    config = tmp_path / "vanthu.toml"
    config.write_text(f'data_dir = "{tmp_path / "from-toml"}"\nembedder = "none"\n')
    result = runner.invoke(app, ["--config", str(config), "docs", "list"], env={})
    assert result.exit_code == 0
    assert (tmp_path / "from-toml" / "vanthu.db").exists()
    missing = runner.invoke(app, ["--config", str(tmp_path / "nope.toml"), "docs", "list"])
    assert missing.exit_code == 2
    assert "settings file not found" in missing.output
    wrong = tmp_path / "wrong.toml"
    wrong.write_text('embedder = "gpt"\n')
    bad = runner.invoke(app, ["--config", str(wrong), "docs", "list"])
    assert bad.exit_code == 2
    assert "Settings error" in bad.output


def test_eval_retrieval_prints_both_systems(tmp_path: Path, env: dict[str, str]) -> None:
    """`eval retrieval --json` reports the hybrid and the baseline side by side."""
    beir = tmp_path / "beir"
    (beir / "qrels").mkdir(parents=True)
    articles = {
        "d1": "Lệ phí đăng ký tạm trú là 15.000 đồng.",
        "d2": "Thời hạn giải quyết đăng ký thường trú là 07 ngày làm việc.",
        "d3": "Con dấu do văn thư cơ quan quản lý.",
    }
    (beir / "corpus.jsonl").write_text(
        "\n".join(json.dumps({"_id": k, "title": "", "text": v}) for k, v in articles.items())
    )
    (beir / "queries.jsonl").write_text(
        json.dumps({"_id": "q1", "text": "lệ phí tạm trú"})
        + "\n"
        + json.dumps({"_id": "q2", "text": "ai quản lý con dấu"})
    )
    (beir / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td3\t1\n")
    result = runner.invoke(app, ["eval", "retrieval", str(beir), "--json", "--no-accents"], env=env)
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["no_accents"] is True
    assert figures["hybrid"]["mrr@10"] == 1.0
    assert set(figures["bm25_syllables"]) >= {"recall@1", "recall@5", "mrr@10", "query_ms_p95"}
    text = runner.invoke(app, ["eval", "retrieval", str(beir)], env=env)
    assert "MRR@10 ratio hybrid / BM25 syllables" in text.output


def test_setup_errors_and_unknown_collections(tmp_path: Path, env: dict[str, str]) -> None:
    """A misconfigured embedder or an unknown collection is a message and an exit code."""
    broken = {**env, "VANTHU_EMBEDDER": "sentence-transformers"}
    result = runner.invoke(app, ["ask", "lệ phí"], env=broken)
    assert result.exit_code == 2
    assert "Setup error: embedding_model must name" in result.output
    unknown = runner.invoke(app, ["ask", "-C", "khong-co", "lệ phí"], env=env)
    assert unknown.exit_code == 1
    assert "no collection named khong-co" in unknown.output


def test_samples_load_only_into_a_new_library(tmp_path: Path, env: dict[str, str]) -> None:
    """After the office removes every document, ask does not bring the samples back."""
    doc = tmp_path / "a.txt"
    doc.write_text("Điều 1. Con dấu\nVăn thư giữ con dấu của cơ quan.", encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(doc)], env=env).exit_code == 0
    assert runner.invoke(app, ["docs", "remove", str(doc)], env=env).exit_code == 0
    result = runner.invoke(app, ["ask", "--json", "ai giữ con dấu"], env=env)
    assert "loading the bundled sample documents" not in result.output
    assert json.loads(result.stdout)["covered"] is False
    listed = runner.invoke(app, ["docs", "list", "--json"], env=env)
    assert json.loads(listed.stdout) == []


def test_run_refuses_unknown_platforms_and_missing_tokens(env: dict[str, str]) -> None:
    """`vanthu run` names what is wrong instead of starting half-configured."""
    unknown = runner.invoke(app, ["run", "viber"], env=env)
    assert unknown.exit_code == 2 and "unknown platform viber" in unknown.output
    no_zalo = runner.invoke(app, ["run", "zalo"], env=env)
    assert no_zalo.exit_code == 2 and "zalo_token is not set" in no_zalo.output
    both = runner.invoke(app, ["run", "both"], env=env)
    assert both.exit_code == 2 and "telegram_token is not set" in both.output
    no_token = runner.invoke(app, ["run", "telegram"], env=env)
    assert no_token.exit_code == 2
    assert "Setup error: telegram_token is not set" in no_token.output
    webhook = {**env, "VANTHU_TELEGRAM_TOKEN": "1:x", "VANTHU_TELEGRAM_MODE": "webhook"}
    no_secret = runner.invoke(app, ["run", "telegram"], env=webhook)
    assert no_secret.exit_code == 2 and "telegram_webhook_secret" in no_secret.output
    http = {**env, "VANTHU_SLACK_BOT_TOKEN": "xoxb-1", "VANTHU_SLACK_MODE": "http"}
    no_signing = runner.invoke(app, ["run", "slack"], env=http)
    assert no_signing.exit_code == 2 and "slack_signing_secret" in no_signing.output


def test_digest_commands(tmp_path: Path, env: dict[str, str]) -> None:
    """Library changes reach the digest; subscriptions are managed from the command line."""
    doc = tmp_path / "quy-che.txt"
    doc.write_text("QUY CHẾ\nVề công tác văn thư\nĐiều 1. Văn thư giữ con dấu.", encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(doc), "-C", "noi-bo"], env=env).exit_code == 0
    preview = runner.invoke(app, ["digest", "preview"], env=env)
    assert preview.exit_code == 0, preview.output
    assert "Thêm mới" in preview.output and "noi-bo" in preview.output
    # Telegram group ids are negative: `--` ends the options before them.
    bad = runner.invoke(app, ["digest", "subscribe", "--", "telegram", "-100", "25:00"], env=env)
    assert bad.exit_code == 2 and "Bad schedule" in bad.output
    good = ["digest", "subscribe", "--weekdays", "-l", "en", "--", "telegram", "-100", "17:00"]
    assert runner.invoke(app, good, env=env).exit_code == 0
    listed = runner.invoke(app, ["digest", "list"], env=env)
    assert "telegram:-100 17:00" in listed.output and "1 subscription(s)" in listed.output
    # The channel's own preview, by its scope: a chat digest of a group cleared for nothing
    # names no noi-bo document, in the channel's language.
    channel = runner.invoke(app, ["digest", "preview", "--channel", "telegram:-100"], env=env)
    assert channel.exit_code == 0, channel.output
    assert "noi-bo" not in channel.output and "Nothing new" in channel.output
    unknown = runner.invoke(app, ["digest", "preview", "--channel", "telegram:-999"], env=env)
    assert unknown.exit_code == 1 and "no subscription for telegram:-999" in unknown.output
    gone = runner.invoke(app, ["digest", "unsubscribe", "--", "telegram", "-100"], env=env)
    assert gone.exit_code == 0
    again = runner.invoke(app, ["digest", "unsubscribe", "--", "telegram", "-100"], env=env)
    assert again.exit_code == 1


def test_audit_trail(tmp_path: Path, env: dict[str, str]) -> None:
    """Ingest, a question (personal data masked) and a removal appear, filterable, as CSV."""
    doc = tmp_path / "con-dau.txt"
    doc.write_text("QUY CHẾ\nVề con dấu\nĐiều 1. Văn thư giữ con dấu.", encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(doc)], env=env).exit_code == 0
    question = "Tôi là 0912345678, CCCD 001203004567: ai giữ con dấu?"
    assert runner.invoke(app, ["ask", question], env=env).exit_code == 0
    assert runner.invoke(app, ["docs", "remove", str(doc)], env=env).exit_code == 0
    trail = runner.invoke(app, ["audit", "--document", "con-dau.txt"], env=env)
    assert trail.exit_code == 0
    actions = [line.split()[4] for line in trail.stdout.splitlines()]
    assert actions == ["ingest:", "question:", "remove:"]
    assert "0912345678" not in trail.stdout and "001203004567" not in trail.stdout
    assert "[số điện thoại]" in trail.stdout
    person = runner.invoke(app, ["audit", "--person", "console:console", "--csv"], env=env)
    assert person.stdout.splitlines()[0].startswith("time_utc,actor")
    assert len(person.stdout.splitlines()) == 2
    bad = runner.invoke(app, ["audit", "--since", "hôm qua"], env=env)
    assert bad.exit_code == 2 and "Bad date" in bad.output


def test_access_commands(tmp_path: Path, env: dict[str, str]) -> None:
    """Grants, links and labels from the command line, listed, audited, errors with exit 1."""
    doc = tmp_path / "noi-quy.txt"
    doc.write_text("NỘI QUY\nĐiều 1. Giờ làm việc từ 7 giờ 30.", encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(doc), "-C", "noi-bo"], env=env).exit_code == 0
    for words in (
        ["grant", "telegram:5", "staff"],
        ["grant", "role:staff", "noi-bo"],
        ["link", "telegram:5", "slack:U5"],
        ["label", "noi-bo", "confidential"],
    ):
        result = runner.invoke(app, ["access", *words], env=env)
        assert result.exit_code == 0 and "Đã cập nhật" in result.output, (words, result.output)
    listing = runner.invoke(app, ["access", "list"], env=env)
    assert "#1 slack:U5, telegram:5 (staff)" in listing.output
    assert "noi-bo · Mật: role:staff" in listing.output
    assert "staff" in runner.invoke(app, ["access", "list", "slack:U5"], env=env).output
    bad = runner.invoke(app, ["access", "grant", "telegram:5", "king"], env=env)
    assert bad.exit_code == 1 and "neither a role" in bad.output
    trail = runner.invoke(app, ["audit", "--person", "cli:" + getpass.getuser()], env=env)
    assert trail.stdout.count(" access: ") == 4
    revoked = runner.invoke(app, ["access", "revoke", "#1", "staff"], env=env)
    assert revoked.exit_code == 0
    listed = runner.invoke(app, ["access", "list", "#1"], env=env)
    assert "vai trò: (không có)" in listed.output


def _one_clear_line(output: str) -> str:
    """The message of a refused start: one line, no traceback."""
    assert "Traceback" not in output and "Error:" not in output.replace("Setup error:", "")
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    return lines[0]


def test_an_unsupported_database_url_is_one_line(env: dict[str, str]) -> None:
    mysql = {**env, "VANTHU_DATABASE_URL": "mysql://vanthu:secret@db/vanthu"}
    result = runner.invoke(app, ["docs", "list"], env=mysql)
    assert result.exit_code == 2
    line = _one_clear_line(result.output)
    assert "mysql" in line and "postgresql+psycopg://" in line and "secret" not in line


def test_a_toml_syntax_error_names_the_file(tmp_path: Path) -> None:
    config = tmp_path / "office.toml"
    config.write_text('data_dir = "/tmp/x"\nembedder = \n')
    result = runner.invoke(app, ["--config", str(config), "docs", "list"])
    assert result.exit_code == 2
    line = _one_clear_line(result.output)
    assert str(config) in line and "line 2" in line


def test_a_data_folder_where_nothing_can_be_written_is_named(env: dict[str, str]) -> None:
    """/proc/self is a folder in which no file can be made, whoever runs the test (root too)."""
    unwritable = {**env, "VANTHU_DATA_DIR": "/proc/self"}
    result = runner.invoke(app, ["docs", "list"], env=unwritable)
    assert result.exit_code == 2
    line = _one_clear_line(result.output)
    assert "/proc/self/vanthu.db" in line and "data_dir" in line

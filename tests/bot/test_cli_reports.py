"""`vanthu reports consolidate`: real files read in sandboxed children, a workbook written."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.retrieval.reports.forms import Form
from tests.scans import needs_tesseract
from tests.security.bad_files import bad_files

runner = CliRunner()
AN_PHU = {"Hộ tịch": (10, 2, 8, 2), "Chứng thực": (5, 5, 5, 0), "Đất đai": (20, 1, 15, 5)}


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"VANTHU_DATA_DIR": str(tmp_path / "data"), "VANTHU_EMBEDDER": "none"}


@pytest.fixture
def forms(tmp_path: Path) -> dict[str, Path]:
    files = {
        "mau.xlsx": Form().xlsx(),
        "an_phu.xlsx": Form("UBND XÃ AN PHÚ", AN_PHU).xlsx(),
        "binh_minh.docx": Form("UBND XÃ BÌNH MINH", AN_PHU).docx(),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = tmp_path / name
        paths[name].write_bytes(data)
    units = tmp_path / "units.txt"
    units.write_text("UBND xã An Phú\nUBND xã Bình Minh\nUBND xã Cát Lái\n", encoding="utf-8")
    paths["units"] = units
    return paths


def test_consolidate_writes_the_workbook_and_tells_the_story(
    tmp_path: Path, env: dict[str, str], forms: dict[str, Path]
) -> None:
    out = tmp_path / "tong_hop.xlsx"
    args = ["reports", "consolidate", str(forms["an_phu.xlsx"]), str(forms["binh_minh.docx"])]
    args += ["--template", str(forms["mau.xlsx"]), "-o", str(out), "--units", str(forms["units"])]
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    assert "Đã tổng hợp 2/3 đơn vị." in result.output
    assert "Chưa nộp: UBND xã Cát Lái." in result.output
    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    total = next(r for r in book["Tổng hợp"].iter_rows(values_only=True) if r[1] == "Tổng cộng")
    assert total[2] == 70

    as_json = runner.invoke(app, [*args[:-4], "--json"], env=env)
    data = json.loads(as_json.stdout)
    assert [u["unit"] for u in data["units"]] == ["UBND XÃ AN PHÚ", "UBND XÃ BÌNH MINH"]
    previous = tmp_path / "truoc.json"
    previous.write_text(as_json.stdout, encoding="utf-8")
    again = runner.invoke(app, [*args, "--previous", str(previous), "-l", "en"], env=env)
    assert again.exit_code == 0 and "Consolidated 2 of 3 units." in again.output
    corrected = runner.invoke(
        app, [*args[:-4], "--json", "--unit", "binh_minh.docx=UBND xã Cát Lái"], env=env
    )
    units = [(u["unit"], u["unit_source"]) for u in json.loads(corrected.stdout)["units"]]
    assert units == [("UBND XÃ AN PHÚ", "header"), ("UBND xã Cát Lái", "given")]
    wrong = runner.invoke(app, [*args, "--same", "no sign"], env=env)
    assert wrong.exit_code == 2 and "--same takes LEFT=RIGHT" in wrong.output


def test_hostile_and_unsupported_files_are_named_and_the_rest_is_consolidated(
    tmp_path: Path, env: dict[str, str], forms: dict[str, Path]
) -> None:
    folder = tmp_path / "xau"
    folder.mkdir()
    hostile = [b for b in bad_files() if b.name.rsplit(".", 1)[-1] in {"xlsx", "docx", "pdf"}]
    assert len(hostile) > 20
    for bad in hostile:
        (folder / bad.name).write_bytes(bad.data)
    (folder / "macro.xlsm").write_bytes(forms["an_phu.xlsx"].read_bytes())
    external = openpyxl.load_workbook(forms["mau.xlsx"])
    sheet = external.active
    assert sheet is not None
    sheet["C8"] = "=[1]Sheet1!C8+'http://example.invalid/[x.xlsx]S'!A1"
    external.save(folder / "mau_lien_ket.xlsx")
    files = [str(forms["an_phu.xlsx"]), *sorted(str(p) for p in folder.iterdir())]
    result = runner.invoke(
        app,
        [
            "reports",
            "consolidate",
            *files,
            "--template",
            str(folder / "mau_lien_ket.xlsx"),
            "--json",
        ],
        env=env,
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert "UBND XÃ AN PHÚ" in [u["unit"] for u in data["units"]]
    named = {f["where"] for f in data["findings"] if f["kind"] == "unreadable"}
    refused = {
        line.split(": ")[0].removeprefix("cannot read ") for line in result.stderr.splitlines()
    }
    for name in [*(bad.name for bad in hostile), "macro.xlsm"]:
        assert name in named or str(folder / name) in refused, name
    # A formula reaching outside the workbook is neither followed nor summed: said once.
    assert any(f["kind"] == "unchecked" for f in data["findings"])


def test_a_registered_template_is_used_by_name(
    tmp_path: Path, env: dict[str, str], forms: dict[str, Path]
) -> None:
    added = runner.invoke(
        app, ["reports", "template", "add", str(forms["mau.xlsx"]), "--name", "TTHC quý"], env=env
    )
    assert added.exit_code == 0, added.output
    files = [str(forms["an_phu.xlsx"]), str(forms["binh_minh.docx"])]
    by_name = runner.invoke(
        app, ["reports", "consolidate", *files, "--template", "TTHC quý", "--json"], env=env
    )
    assert by_name.exit_code == 0, by_name.output
    data = json.loads(by_name.stdout)
    assert [u["unit"] for u in data["units"]] == ["UBND XÃ AN PHÚ", "UBND XÃ BÌNH MINH"]
    unknown = runner.invoke(app, ["reports", "consolidate", *files, "-t", "không có"], env=env)
    assert unknown.exit_code == 2 and "no file or registered template" in unknown.output


@needs_tesseract
def test_a_scanned_report_among_workbooks_is_read_by_ocr(
    tmp_path: Path, env: dict[str, str], forms: dict[str, Path]
) -> None:
    """A picture among the files: read again alone, with OCR and its ruled table."""
    scan = tmp_path / "cat_lai.png"
    scan.write_bytes(Form("UBND XÃ CÁT LÁI", AN_PHU).scan())
    result = runner.invoke(
        app,
        [
            "reports",
            "consolidate",
            str(forms["an_phu.xlsx"]),
            str(scan),
            "-t",
            str(forms["mau.xlsx"]),
            "--json",
        ],
        env=env,
    )
    assert result.exit_code == 0, result.output
    units = {u["unit"]: u for u in json.loads(result.stdout)["units"]}
    assert set(units) == {"UBND XÃ AN PHÚ", "UBND XÃ CÁT LÁI"}
    received = {
        v["row"]: v["value"]
        for v in units["UBND XÃ CÁT LÁI"]["values"]
        if v["column"] == "Số hồ sơ nhận / Tổng số"
    }
    assert received == {"Hộ tịch": 10, "Chứng thực": 5, "Đất đai": 20, "Tổng cộng": 35}

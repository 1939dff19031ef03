"""Reading text from pictures of pages (scans, phone photos) with Tesseract.

`Ocr` is the small interface the readers use; `TesseractOcr` calls Tesseract 5's library in
process through tesserocr (its wheel bundles libtesseract, built without OpenMP) with the language
data of Debian's `tesseract-ocr` and `tesseract-ocr-vie` packages, whose `tesseract` binary also
tells whether OCR can run. The model is loaded once per file, not once per page as a process per
page did (measured on the clean pages of benchmarks.ocr, recognition alone: 0.68 s per page
instead of 0.92 s with pytesseract and one OpenMP thread, 3.6 s with Tesseract's OpenMP threads
fighting over two cores). Each page's recognition has its own time limit (Tesseract's own
deadline, checked word by word: the page is then a timeout); the readers call it inside the
sandboxed child (`sandbox.py`), whose wall clock bounds the rest (layout analysis, orientation
detection), so a page that hangs or crashes Tesseract costs that file, never the bot.
"""

from __future__ import annotations

import glob
import math
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from retrieval.documents.grid import cells_of, find_grid, without_rules
from retrieval.documents.perspective import flattened
from retrieval.errors import UnreadableFile
from retrieval.text import normalize

if TYPE_CHECKING:
    from PIL.Image import Image
    from tesserocr import PyTessBaseAPI

# What an IT officer installs on a Debian or Ubuntu server for OCR.
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"
# Tesseract's OSD pass is run again only on pages read this badly (it costs about a second).
RETRY_BELOW_CONFIDENCE = 60.0
# Skew is looked for on a copy this size (pixels, longest side) and undone from this angle.
SKEW_SIZE = 800
MIN_SKEW_DEGREES = 0.5
# A pixel is red ink (a seal) when its red channel exceeds both others by this much.
RED_INK = 60
# Ink is darker than this (0-255, on the page with its light made even and contrast stretched).
INK_LEVEL = 128
# A rule is at least this share of the page's width long (1/30: 83 pixels at 300 dpi, two
# thirds of the three dashes under an issuer's name), with paper an eighth of that above and
# below it.
RULE_SHARE = 30
# The share of a rule's length that is ink (dashes drawn as a rule leave a tenth between them).
RULE_INK = 0.85
# Words further apart than this many line heights are in two columns, not one line.
COLUMN_GAP = 3
# A column's next line is at most this many line heights below the one before it; further
# down starts what follows the columns (a paragraph, the title).
LINE_GAP = 1.5
# Two lines far apart across the page are one row when the lower starts at most this many
# line heights below the upper's foot (table cells centre their text at different heights).
ROW_OVERLAP = 0.25
# The paper's brightness is estimated on a copy this size (pixels, longest side).
LIGHT_SIZE = 200
# The folder of the language data, in the first line `tesseract --list-langs` prints.
_DATA_DIR = re.compile(r'"(.+)"')
# Where Tesseract says a word is: its block, paragraph and line, and its box.
_BOX = ("block_num", "par_num", "line_num", "left", "top", "width", "height")
# The columns of Tesseract's TSV output, one row per page, block, paragraph, line and word.
_TSV = "level page_num block_num par_num line_num word_num left top width height conf text".split()
# The number and symbol of a document ("Số: 45/2024/NĐ-CP"): its symbol's parts.
_NUMBER_SYMBOL = re.compile(r"\b(\d{1,5}/(?:\d{4}/)?)([A-ZĐ]{1,10}(?:-[A-ZĐ]{1,10}){0,3})\b")
# Parts of symbols that Tesseract often reads without the bar of Đ; none of the misread forms
# is a symbol of its own (HD, Hướng dẫn, is left alone).
_SYMBOL_PARTS = {"ND": "NĐ", "QD": "QĐ", "HDND": "HĐND", "BGDDT": "BGDĐT", "BLDTBXH": "BLĐTBXH"}

# The Icelandic eth (Ð, ð), no Vietnamese letter, is Tesseract's look-alike of Đ, đ; a Đ read
# twice over, once so ("QĐÐ-SNV"), is one Đ.
_ETH = re.compile("Đ?Ð")
# The signing authority under Decree 30 (KT., TM., TL., TUQ.) at a line's start, its full stop
# read as a colon ("KT: CHỦ TỊCH").
_AUTHORITY_COLON = re.compile(r"^(KT|TM|TL|TUQ):(?= \S)", re.MULTILINE)

# A line that begins with a tilde: a blurred or JPEG-smudged dash of a list item ("- Như trên;"),
# as no line of an official text begins with a tilde.
_TILDE_DASH = re.compile(r"^[~-]*~[~-]*(?= )", re.MULTILINE)
# Spaces read before the mark that closes a document's text ("thi hành./.").
_SPACED_END = re.compile(r"(?<=\w)[ \t]+(?=\./\.)")
# Abbreviations with a slash are lower case throughout ("để b/c", "v/v", "đ/c"); a small c, v
# or s is told from its capital only by its size.
_SLASHED = re.compile(r"\b[a-zđ]/[A-ZĐ]\b")


@dataclass(frozen=True)
class OcrOptions:
    """How pages are read: the Tesseract binary, languages, resolution and limits."""

    enabled: bool = True
    tesseract_cmd: str = "tesseract"
    languages: str = "vie"
    dpi: int = 300
    page_timeout_s: float = 30.0
    max_pages: int = 100
    total_timeout_s: float = 300.0


@dataclass(frozen=True)
class PageText:
    """What OCR read on one page: its text and the mean confidence of its words (0-100)."""

    text: str
    confidence: float


class Ocr(Protocol):
    """Reads the text of one picture of a page."""

    def read(self, image: Image) -> PageText:
        """The page's text and mean word confidence; UnreadableFile when it cannot be read."""
        ...

    def read_table(self, image: Image) -> list[list[str]] | None:
        """The rows of cell texts of the page's ruled table, or None when it has none."""
        ...


def missing_reason(options: OcrOptions) -> str | None:
    """Why OCR cannot run with these options (what to install), or None when it can."""
    if not options.enabled:
        return "OCR is turned off (setting ocr = false)"
    command = shutil.which(options.tesseract_cmd)
    if command is None:
        return f"Tesseract is not installed ({options.tesseract_cmd!r} not found): {INSTALL_HINT}"
    try:
        _folder, have = installed_languages(command)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"Tesseract does not run ({type(exc).__name__}): {INSTALL_HINT}"
    lacking = [lang for lang in options.languages.split("+") if lang not in have]
    if lacking:
        packages = " ".join(f"tesseract-ocr-{lang}" for lang in lacking)
        return f"Tesseract lacks the language data {'+'.join(lacking)}: apt-get install {packages}"
    return None


def installed_languages(command: str) -> tuple[str, frozenset[str]]:
    """The folder of Tesseract's language data and the languages in it, as the installed
    `tesseract` binary lists them (it knows where its distribution put them)."""
    listed = subprocess.run([command, "--list-langs"], capture_output=True, timeout=10, check=False)
    lines = listed.stdout.decode("utf-8", "replace").splitlines()
    folder = _DATA_DIR.search(lines[0]) if lines else None
    return (folder.group(1) if folder else _data_folder()), frozenset(" ".join(lines[1:]).split())


def _data_folder() -> str:
    """Where the language data is when the binary does not say (Tesseract 4 prints no folder):
    TESSDATA_PREFIX, else the folder Debian's and Ubuntu's packages use."""
    if prefix := os.environ.get("TESSDATA_PREFIX"):
        return prefix
    found = [
        *sorted(glob.glob("/usr/share/tesseract-ocr/*/tessdata"), reverse=True),
        "/usr/share/tessdata",
    ]
    return next((f for f in found if Path(f).is_dir()), "")


class TesseractOcr:
    """Tesseract through tesserocr: grayscale and autocontrast first, orientation (OSD) checked
    on a page read badly, text NFC-normalised. One model for all the pages it reads."""

    def __init__(self, options: OcrOptions) -> None:
        self.options = options
        self._engines: dict[str, PyTessBaseAPI] = {}

    def read(self, image: Image) -> PageText:
        """The page's text and mean word confidence; a timeout is UnreadableFile."""
        page = without_rule_lines(prepare(image))
        found = self._recognize(page)
        if found.confidence < RETRY_BELOW_CONFIDENCE:
            turned = self._upright(page)
            if turned is not None:
                again = self._recognize(turned)
                if again.confidence > found.confidence:
                    found = again
        return found

    def read_table(self, image: Image) -> list[list[str]] | None:
        """The rows of cell texts of the page's ruled table, or None when it has none: the
        grid from the printed rules, the rules painted out, the words put in their cells."""
        import numpy as np  # noqa: PLC0415
        from PIL import Image as PILImage  # noqa: PLC0415

        page = np.asarray(prepare(image))
        grid = find_grid(page)
        if grid is None:
            return None
        data = self._data(PILImage.fromarray(without_rules(page, grid)), one_block=True)
        words: list[tuple[str, float, float, tuple[int, int, int, int]]] = []
        for i, item in enumerate(data["text"]):
            word = str(item).strip()
            if not word or float(str(data["conf"][i])) < 0:
                continue
            number = [int(str(data[key][i])) for key in _BOX]
            block, par, line, left, top, width, height = number
            words.append(
                (normalize(word), left + width / 2, top + height / 2, (block, par, line, left))
            )
        return cells_of(grid, words)

    def _recognize(self, image: Image) -> PageText:
        return words_to_text(self._data(image))

    def _engine(self, languages: str) -> PyTessBaseAPI:
        """Tesseract with these languages loaded, made on first use and kept for the pages."""
        import tesserocr  # noqa: PLC0415 - only when a page needs OCR

        if languages not in self._engines:
            command = shutil.which(self.options.tesseract_cmd) or self.options.tesseract_cmd
            folder, _have = installed_languages(command)
            try:
                self._engines[languages] = tesserocr.PyTessBaseAPI(path=folder, lang=languages)
            except RuntimeError as exc:  # the language data is missing or damaged
                raise UnreadableFile("ocr_failed", f"OCR: {exc}"[:300]) from None
        return self._engines[languages]

    def _data(self, image: Image, *, one_block: bool = False) -> dict[str, list[object]]:
        """Tesseract's table of words (block, paragraph, line, box, confidence, text), as
        columns, for the page laid out by Tesseract or read as one block of text."""
        from tesserocr import PSM  # noqa: PLC0415

        engine = self._engine(self.options.languages)
        engine.SetPageSegMode(PSM.SINGLE_BLOCK if one_block else PSM.AUTO)
        engine.SetImage(image)
        engine.SetSourceResolution(self.options.dpi)
        if not engine.Recognize(timeout=max(1, round(self.options.page_timeout_s * 1000))):
            raise UnreadableFile(
                "timeout", f"OCR: no text within {self.options.page_timeout_s:g} s"
            )
        rows = [line.split("\t") for line in engine.GetTSVText(0).splitlines()]
        columns: dict[str, list[object]] = {name: [] for name in _TSV}
        for row in rows:
            if len(row) == len(_TSV):
                for name, value in zip(_TSV, row, strict=True):
                    columns[name].append(value)
        return columns

    def _upright(self, image: Image) -> Image | None:
        """The page turned upright by Tesseract's orientation detection, or None when it is
        upright already or the page has too little text to tell."""
        from tesserocr import PSM  # noqa: PLC0415

        try:
            engine = self._engine("osd")
        except UnreadableFile:  # no orientation data (tesseract-ocr-osd): read as it lies
            return None
        engine.SetPageSegMode(PSM.OSD_ONLY)
        engine.SetImage(image)
        found = engine.DetectOrientationScript()
        turned = int(found["orient_deg"]) if found else 0  # clockwise, as the picture lies
        return image.rotate(turned, expand=True) if turned else None


def prepare(image: Image) -> Image:
    """A page photographed at an angle drawn flat, grayscale, the contrast stretched, lines
    made level: what Tesseract reads best from scans and photos."""
    from PIL import Image as PILImage  # noqa: PLC0415
    from PIL import ImageOps  # noqa: PLC0415

    gray = even_light(without_red_ink(flattened(ImageOps.exif_transpose(image))))
    # No percentile cut: on a page with two lines of text the darkest 0.5% of pixels is the
    # text itself, and cutting it washes the letters out (measured: confidence 96 -> 46).
    gray = ImageOps.autocontrast(gray)
    angle = skew_angle(gray)
    if abs(angle) < MIN_SKEW_DEGREES:
        return gray
    return gray.rotate(angle, resample=PILImage.Resampling.BICUBIC, expand=True, fillcolor=255)


def without_red_ink(image: Image) -> Image:
    """The page in grayscale with red ink (the seal stamped over the signature and the text
    beside it) made as light as the paper: a red pixel takes its red channel, which is bright,
    so the black letters under a stamp are all that stays dark."""
    import numpy as np  # noqa: PLC0415
    from PIL import Image as PILImage  # noqa: PLC0415

    if image.mode in {"1", "L", "LA", "I", "I;16", "F"}:
        return image.convert("L")
    rgb = np.asarray(image.convert("RGB"), dtype=np.int16)
    red, green, blue = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    gray = np.asarray(image.convert("L"), dtype=np.int16)
    stamp = (red - np.maximum(green, blue)) > RED_INK
    return PILImage.fromarray(np.where(stamp, red, gray).astype(np.uint8))


def without_rule_lines(gray: Image) -> Image:
    """The page with its thin horizontal rules painted out: the short rules under the issuer
    and the motto, fill-in lines, the rules of a table. They are no text; left in, Tesseract
    reads them as dashes or, where a rule lies on the baseline of a line beside it, takes them
    into that line and garbles it ("Số: 27/2026/TT-BTC" read as "Số27/2026TTBTJC -——-_—")."""
    import numpy as np  # noqa: PLC0415
    from PIL import Image as PILImage  # noqa: PLC0415

    pixels = np.asarray(gray)
    length = max(8, gray.width // RULE_SHARE)
    gap = max(3, length // 8)
    ink = np.pad(np.cumsum(pixels < INK_LEVEL, axis=1, dtype=np.int32), ((0, 0), (1, 0)))
    window = ink[:, length:] - ink[:, :-length]  # the ink in each window, at its left end
    # A rule's window is nearly all ink (a row of dashes has small gaps) and the same window
    # a little above and below it nearly all paper (unlike the tops of bold letters or a
    # solid block of black).
    dense = window >= RULE_INK * length
    blank = window <= (1 - RULE_INK) * length
    starts = np.zeros_like(dense)
    starts[gap:-gap] = dense[gap:-gap] & blank[: -2 * gap] & blank[2 * gap :]
    rows = np.flatnonzero(starts.any(axis=1))
    if rows.size == 0:
        return gray
    cleaned = pixels.copy()
    for row in rows:
        covered = np.convolve(starts[row], np.ones(length, dtype=np.int32)) > 0
        cleaned[max(0, row - 1) : row + 2, covered] = 255  # with its grey edges
    return PILImage.fromarray(cleaned)


def even_light(gray: Image) -> Image:
    """The page with the light made even: each pixel divided by the paper's brightness around
    it (the page with its text closed over, on a small copy), so a shadow or a lamp's falloff
    across a phone photo does not hide the text where the paper is darker."""
    import numpy as np  # noqa: PLC0415
    from PIL import Image as PILImage  # noqa: PLC0415
    from PIL import ImageFilter  # noqa: PLC0415

    small = gray.copy()
    small.thumbnail((LIGHT_SIZE, LIGHT_SIZE))
    paper = small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(4))
    paper = paper.resize(gray.size, PILImage.Resampling.BILINEAR)
    pixels = np.asarray(gray, dtype=np.float32)
    light = np.maximum(np.asarray(paper, dtype=np.float32), 1.0)
    return PILImage.fromarray(np.clip(pixels * 255.0 / light, 0, 255).astype(np.uint8))


def skew_angle(gray: Image, *, limit: float = 6.0, step: float = 0.25) -> float:
    """The turn (degrees, counter-clockwise) that makes the text lines level: the one whose
    ink rows change most sharply from line to gap, searched on a small copy of the page."""
    import numpy as np  # noqa: PLC0415
    from PIL import Image as PILImage  # noqa: PLC0415

    small = gray.copy()
    small.thumbnail((SKEW_SIZE, SKEW_SIZE))
    pixels = np.asarray(small, dtype=np.float32)
    ink = PILImage.fromarray(((pixels < pixels.mean() - 2 * pixels.std()) * 255).astype(np.uint8))

    def sharpness(angle: float) -> float:
        turned = ink.rotate(angle, resample=PILImage.Resampling.NEAREST)
        rows = np.asarray(turned, dtype=np.float32).sum(axis=1)
        return float((np.diff(rows) ** 2).sum())

    # Level unless another angle is strictly better: a blank page stays as it is.
    best, best_score = 0.0, sharpness(0.0)
    for angle in np.arange(-limit, limit + step / 2, step):
        score = sharpness(float(angle))
        if score > best_score:
            best, best_score = float(angle), score
    return best


def words_to_text(data: dict[str, list[object]]) -> PageText:
    """Tesseract's word table as lines of text (blocks apart by a blank line, two columns side
    by side one after the other) and the mean confidence of its words."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    confidences: list[float] = []
    for i, item in enumerate(data["text"]):
        word = str(item).strip()
        confidence = float(str(data["conf"][i]))
        if not word or confidence < 0:
            continue
        block, par, line, left, top, width, height = (int(str(data[key][i])) for key in _BOX)
        lines.setdefault((block, par, line), []).append(Word(word, left, top, width, height))
        confidences.append(confidence)
    text = column_by_column([(block, words) for (block, _, _), words in lines.items()])
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return PageText(correct(text), round(mean, 1))


@dataclass(frozen=True)
class Word:
    """A word Tesseract read and its box on the page (pixels)."""

    text: str
    left: int
    top: int
    width: int
    height: int


def column_by_column(lines: list[tuple[int, list[Word]]]) -> str:
    """Lines (each with its block) as text, blocks apart by a blank line; lines one after the
    other that Tesseract read across two columns (a gap wider than COLUMN_GAP line heights:
    the issuer and number beside the motto and date in an official document's header, the
    recipients beside the signer under it) given as the left column's lines, then the right's,
    as one reads them."""
    out: list[str] = []
    left: list[str] = []
    right: list[str] = []
    split = bottom = 0.0  # between the columns, and where the last line of them ends
    lone = -math.inf
    previous_block = None
    for block, words in _rows_of(lines):
        runs = _runs_of(words)
        start, end = runs[0][0].left, runs[-1][-1].left + runs[-1][-1].width
        # The tallest word: a line's first word may be a dash a few pixels high.
        height = max(w.height for w in words)
        gap = min(w.top for w in words) - bottom
        gathering = bool(left or right)
        if gathering and gap > COLUMN_GAP * height:
            out += left + right  # the columns ended above this line
            left, right, split, gathering = [], [], 0.0, False
        if len(runs) == 2:
            split = split or (runs[0][-1].left + runs[0][-1].width + runs[1][0].left) / 2
            if not gathering and lone > split and gap <= LINE_GAP * height and out:
                right.append(out.pop())  # the right column's first line, set a line higher
            elif not gathering and previous_block is not None and block != previous_block:
                out.append("")
            left.append(_joined(runs[0]))
            right.append(_joined(runs[1]))
        elif len(runs) == 1 and gathering and gap <= LINE_GAP * height and not start < split < end:
            # One side's next line, at the spacing of the lines before it; a line after a
            # wider gap (Kính gửi, the title) starts what follows the columns.
            (left if end < split else right).append(_joined(runs[0]))
        else:
            out += left + right
            left, right, split = [], [], 0.0
            if previous_block is not None and block != previous_block:
                out.append("")
            out.append(" ".join(_joined(run) for run in runs))
        # Where the line just given out starts, when it is one run: a title of the signer set
        # a line above the row of Nơi nhận (a table's cells centre their text) is lifted
        # into the right column when that row follows.
        lone = start if len(runs) == 1 and not (left or right) else -math.inf
        previous_block = block
        bottom = max(w.top + w.height for w in words)
    return "\n".join(out + left + right)


def _rows_of(lines: list[tuple[int, list[Word]]]) -> list[tuple[int, list[Word]]]:
    """The lines with two that Tesseract gave apart but that stand side by side, far apart on
    one row (a signer's title in one table cell beside Nơi nhận in the other, set a little
    higher), joined into one line of two runs."""
    rows: list[tuple[int, list[Word]]] = []
    for block, words in lines:
        if rows:
            above = rows[-1][1]
            height = max(w.height for w in [*above, *words])
            first, second = sorted((above, words), key=lambda line: line[0].left)
            apart = second[0].left - (first[-1].left + first[-1].width) > COLUMN_GAP * height
            level = min(w.top for w in words) - max(w.top + w.height for w in above)
            single = len(_runs_of(above)) == len(_runs_of(words)) == 1
            if apart and single and level <= ROW_OVERLAP * height:
                rows[-1] = (rows[-1][0], [*first, *second])
                continue
        rows.append((block, words))
    return rows


def _runs_of(words: list[Word]) -> list[list[Word]]:
    """A line's words in runs apart by gaps wider than COLUMN_GAP times the line's height."""
    height = max(w.height for w in words)
    runs = [[words[0]]]
    for word in words[1:]:
        last = runs[-1][-1]
        if word.left - (last.left + last.width) > COLUMN_GAP * height:
            runs.append([])
        runs[-1].append(word)
    return runs


def _joined(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


def correct(text: str) -> str:
    """OCR text made right where it is cheap and safe to: NFC, the symbols of document numbers
    ("45/2024/ND-CP" -> "45/2024/NĐ-CP"), the dash of a list item read as a tilde ("~ Như
    trên;"), a space before the closing mark ("thi hành ./."), a capital in a slashed
    abbreviation ("để b/C" -> "để b/c"), the eth read for Đ ("301/QĐÐ-SNV" -> "301/QĐ-SNV"),
    a colon after a signing authority ("KT: CHỦ TỊCH" -> "KT. CHỦ TỊCH")."""

    def symbol(match: re.Match[str]) -> str:
        parts = [_SYMBOL_PARTS.get(part, part) for part in match.group(2).split("-")]
        return match.group(1) + "-".join(parts)

    text = _ETH.sub("Đ", normalize(text)).replace("ð", "đ")
    text = _AUTHORITY_COLON.sub(r"\1.", text)
    text = _NUMBER_SYMBOL.sub(symbol, text)
    text = _TILDE_DASH.sub("-", text)
    text = _SPACED_END.sub("", text)
    text = _SLASHED.sub(lambda match: match.group(0).lower(), text)
    return text.strip()

"""Reading text from pictures of pages (scans, phone photos) with Tesseract.

`Ocr` is the small interface the readers use; `TesseractOcr` drives the Tesseract 5 binary from
Debian's `tesseract-ocr` and `tesseract-ocr-vie` packages through pytesseract. Each page is a
separate Tesseract process with its own time limit, so a page that hangs or crashes Tesseract
costs that page only. The readers call it inside the sandboxed child (`sandbox.py`).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from retrieval.documents.grid import cells_of, find_grid, without_rules
from retrieval.errors import UnreadableFile
from retrieval.text import normalize

if TYPE_CHECKING:
    from PIL.Image import Image

# What an IT officer installs on a Debian or Ubuntu server for OCR.
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"
# Tesseract's OSD pass is run again only on pages read this badly (it costs about a second).
RETRY_BELOW_CONFIDENCE = 60.0
# Skew is looked for on a copy this size (pixels, longest side) and undone from this angle.
SKEW_SIZE = 800
MIN_SKEW_DEGREES = 0.5
# A pixel is red ink (a seal) when its red channel exceeds both others by this much.
RED_INK = 60
# The paper's brightness is estimated on a copy this size (pixels, longest side).
LIGHT_SIZE = 200
# Where Tesseract says a word is: its block, paragraph and line, and its box.
_BOX = ("block_num", "par_num", "line_num", "left", "top", "width", "height")
# The number and symbol of a document ("Số: 45/2024/NĐ-CP"): its symbol's parts.
_NUMBER_SYMBOL = re.compile(r"\b(\d{1,5}/(?:\d{4}/)?)([A-ZĐ]{1,10}(?:-[A-ZĐ]{1,10}){0,3})\b")
# Parts of symbols that Tesseract often reads without the bar of Đ; none of the misread forms
# is a symbol of its own (HD, Hướng dẫn, is left alone).
_SYMBOL_PARTS = {"ND": "NĐ", "QD": "QĐ", "HDND": "HĐND", "BGDDT": "BGDĐT", "BLDTBXH": "BLĐTBXH"}


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
        listed = subprocess.run(
            [command, "--list-langs"], capture_output=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"Tesseract does not run ({type(exc).__name__}): {INSTALL_HINT}"
    have = set(listed.stdout.decode("utf-8", "replace").split())
    lacking = [lang for lang in options.languages.split("+") if lang not in have]
    if lacking:
        packages = " ".join(f"tesseract-ocr-{lang}" for lang in lacking)
        return f"Tesseract lacks the language data {'+'.join(lacking)}: apt-get install {packages}"
    return None


class TesseractOcr:
    """Tesseract through pytesseract: grayscale and autocontrast first, orientation (OSD) checked
    on a page read badly, text NFC-normalised."""

    def __init__(self, options: OcrOptions) -> None:
        self.options = options

    def read(self, image: Image) -> PageText:
        """The page's text and mean word confidence; a timeout or crash is UnreadableFile."""
        page = prepare(image)
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
        data = self._data(PILImage.fromarray(without_rules(page, grid)), psm=6)
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
        return words_to_text(self._data(image, psm=3))

    def _data(self, image: Image, *, psm: int) -> dict[str, list[object]]:
        import pytesseract  # noqa: PLC0415 - only when a page needs OCR

        pytesseract.pytesseract.tesseract_cmd = self.options.tesseract_cmd
        try:
            data: dict[str, list[object]] = pytesseract.image_to_data(
                image,
                lang=self.options.languages,
                config=f"--psm {psm} --dpi {self.options.dpi}",
                output_type=pytesseract.Output.DICT,
                timeout=self.options.page_timeout_s,
            )
        except RuntimeError as exc:  # pytesseract's "Tesseract process timeout"
            raise UnreadableFile("timeout", f"OCR: {exc}"[:300]) from None
        except (pytesseract.TesseractError, OSError) as exc:
            raise UnreadableFile("ocr_failed", f"{type(exc).__name__}: {exc}"[:300]) from None
        return data

    def _upright(self, image: Image) -> Image | None:
        """The page turned upright by Tesseract's orientation detection, or None when it is
        upright already or the page has too little text to tell."""
        import pytesseract  # noqa: PLC0415

        try:
            osd = pytesseract.image_to_osd(
                image,
                config="--psm 0",
                output_type=pytesseract.Output.DICT,
                timeout=self.options.page_timeout_s,
            )
        except (RuntimeError, pytesseract.TesseractError, OSError):
            return None
        rotate = int(osd.get("rotate", 0))
        return image.rotate(-rotate, expand=True) if rotate else None


def prepare(image: Image) -> Image:
    """Grayscale, the contrast stretched, lines made level: what Tesseract reads best from
    scans and photos."""
    from PIL import Image as PILImage  # noqa: PLC0415
    from PIL import ImageOps  # noqa: PLC0415

    gray = even_light(without_red_ink(ImageOps.exif_transpose(image)))
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
    """Tesseract's word table as lines of text (blocks apart by a blank line) and the mean
    confidence of its words."""
    lines: dict[tuple[int, int, int], list[str]] = {}
    confidences: list[float] = []
    for i, item in enumerate(data["text"]):
        word = str(item).strip()
        confidence = float(str(data["conf"][i]))
        if not word or confidence < 0:
            continue
        key = (
            int(str(data["block_num"][i])),
            int(str(data["par_num"][i])),
            int(str(data["line_num"][i])),
        )
        lines.setdefault(key, []).append(word)
        confidences.append(confidence)
    parts: list[str] = []
    previous_block = None
    for (block, _par, _line), words in lines.items():
        if previous_block is not None and block != previous_block:
            parts.append("")
        parts.append(" ".join(words))
        previous_block = block
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return PageText(correct("\n".join(parts)), round(mean, 1))


def correct(text: str) -> str:
    """OCR text made right where it is cheap to: NFC, and the symbols of document numbers
    ("45/2024/ND-CP" -> "45/2024/NĐ-CP")."""

    def symbol(match: re.Match[str]) -> str:
        parts = [_SYMBOL_PARTS.get(part, part) for part in match.group(2).split("-")]
        return match.group(1) + "-".join(parts)

    return _NUMBER_SYMBOL.sub(symbol, normalize(text)).strip()

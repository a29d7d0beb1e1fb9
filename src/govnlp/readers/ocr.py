"""Scans (PDF pages without a text layer, image files) read through Tesseract OCR, when installed.

OCR is an optional extra: ``pip install 'govnlp[ocr]'`` (pytesseract, pypdfium2 to render PDF
pages, Pillow) and Debian's ``tesseract-ocr tesseract-ocr-chi-sim``. Without them a scan is refused
with an error that names the file, says it is a scan and how to enable OCR, instead of yielding
an empty result. Lines keep their page and their line on that page.
"""
from __future__ import annotations

import io
import shutil
import subprocess
from functools import lru_cache

from govnlp.errors import InputError

__all__ = ["ocr_available", "ocr_image", "ocr_pdf"]

LANGUAGE = "chi_sim"
_HOW = ("install OCR to read it: pip install 'govnlp[ocr]' and Debian's tesseract-ocr "
        "tesseract-ocr-chi-sim")


@lru_cache(maxsize=1)
def ocr_available() -> bool:
    """pytesseract, pypdfium2 and Pillow importable, and Tesseract with simplified-Chinese data."""
    try:
        import PIL  # noqa: F401
        import pypdfium2  # noqa: F401
        import pytesseract  # noqa: F401
    except ImportError:
        return False
    exe = shutil.which("tesseract")
    if not exe:
        return False
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return LANGUAGE in langs.split()


def _lines(image, page: int, source: str):
    import pytesseract

    from govnlp.readers.pdf import PdfLine

    try:
        text = pytesseract.image_to_string(image, lang=LANGUAGE)
    except (pytesseract.TesseractError, RuntimeError, OSError) as exc:
        raise InputError(source, f"OCR failed on the image of page {page} ({str(exc).strip()[:120]})") from None
    rows = [t.strip() for t in text.splitlines() if t.strip()]
    return [PdfLine(t, page, n, ocr=True) for n, t in enumerate(rows, 1)]


def ocr_image(data: bytes, source: str):
    if not ocr_available():
        raise InputError(source, f"is an image (a scan): {_HOW}")
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError) as exc:
        raise InputError(source, f"is a damaged image ({exc})") from None
    lines = _lines(image, 1, source)
    if not lines:
        raise InputError(source, "OCR found no text in the image")
    return lines


def ocr_pdf(data: bytes, source: str, n_pages: int, largest_image: int = 0):
    if not ocr_available():
        raise InputError(source, f"is a scan: none of its {n_pages} page(s) has a text layer; {_HOW}")
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    lines = []
    for number in range(len(pdf)):
        image = pdf[number].render(scale=300 / 72).to_pil()
        lines.extend(_lines(image, number + 1, source))
    if not lines:
        raise InputError(source, f"is a scan and OCR found no text on its {n_pages} page(s)")
    return lines

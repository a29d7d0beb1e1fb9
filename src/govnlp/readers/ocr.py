"""Scans (PDF pages without a text layer, image files) read through Tesseract OCR, when installed.

OCR is an optional extra: ``pip install 'govnlp[ocr]'`` (pytesseract, pypdfium2 to render PDF
pages, Pillow) and Debian's ``tesseract-ocr tesseract-ocr-chi-sim``. Without them a scan is refused
with an error that names the file, says it is a scan and how to enable OCR, instead of yielding
an empty result. Lines keep their page and their line on that page.

Limits, each an :class:`~govnlp.errors.InputError` naming the file: images up to :data:`MAX_PIXELS`
pixels (checked from the header, before decoding: a PNG "decompression bomb" is refused without
being expanded), at most :data:`MAX_PAGES` pages (every page of a multi-page TIFF is read), and PDF
pages rendered at 300 dpi or at the resolution that keeps them under :data:`MAX_RENDER_PIXELS`.
"""
from __future__ import annotations

import io
import shutil
import subprocess
from functools import lru_cache

from govnlp.errors import InputError

__all__ = ["ocr_available", "ocr_image", "ocr_pdf"]

LANGUAGE = "chi_sim"
#: an A3 page scanned at 600 dpi is 70 million pixels
MAX_PIXELS = 100_000_000
MAX_RENDER_PIXELS = 40_000_000
MAX_PAGES = 1000
DPI = 300
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


def _open_image(data: bytes, source: str):
    """The image, its size checked before any pixel is decoded; InputError for a damaged or huge one."""
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:     # Pillow's own, larger limit, checked as it opens
        raise InputError(source, f"is an image over the limit of {MAX_PIXELS} pixels ({exc}); it is refused") from None
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise InputError(source, f"is a damaged image ({exc})") from None
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise InputError(source, f"is an image of {width} × {height} pixels, over the limit of {MAX_PIXELS} pixels; "
                                 "it is refused")
    frames = getattr(image, "n_frames", 1)
    if frames > MAX_PAGES:
        raise InputError(source, f"is an image of {frames} pages, over the limit of {MAX_PAGES} pages")
    return image, frames


def ocr_image(data: bytes, source: str):
    """Every page (frame) of an image read by OCR."""
    try:
        image, frames = _open_image(data, source)
    except ImportError:
        image, frames = None, 1
    if not ocr_available():
        raise InputError(source, f"is an image (a scan): {_HOW}")
    from PIL import Image

    lines = []
    for frame in range(frames):
        try:
            image.seek(frame)
            if image.size[0] * image.size[1] > MAX_PIXELS:
                raise InputError(source, f"is an image whose page {frame + 1} is over the limit of {MAX_PIXELS} pixels")
            image.load()
        except (OSError, ValueError, EOFError, Image.DecompressionBombError) as exc:
            raise InputError(source, f"is a damaged image (page {frame + 1}: {exc})") from None
        lines.extend(_lines(image.copy(), frame + 1, source))
    if not lines:
        raise InputError(source, "OCR found no text in the image" + (f"'s {frames} pages" if frames > 1 else ""))
    return lines


def ocr_pdf(data: bytes, source: str, n_pages: int, largest_image: int = 0):
    if not ocr_available():
        raise InputError(source, f"is a scan: none of its {n_pages} page(s) has a text layer; {_HOW}")
    if n_pages > MAX_PAGES:
        raise InputError(source, f"is a scan of {n_pages} pages, over the OCR limit of {MAX_PAGES} pages; "
                                 "split it into issues")
    if largest_image > MAX_PIXELS:
        raise InputError(source, f"is a scan holding an image of {largest_image} pixels, over the limit of "
                                 f"{MAX_PIXELS} pixels; it is refused")
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise InputError(source, "is a damaged scan (PDFium cannot open it)") from None
    lines = []
    try:
        for number in range(len(pdf)):
            page = pdf[number]
            width, height = page.get_size()
            # 300 dpi, or less for a page so large that 300 dpi would pass the pixel limit
            scale = min(DPI / 72, 0.999 * (MAX_RENDER_PIXELS / max(1.0, width * height)) ** 0.5)
            try:
                image = page.render(scale=scale).to_pil()
            except pdfium.PdfiumError as exc:
                raise InputError(source, f"page {number + 1} of the scan cannot be rendered ({exc})") from None
            finally:
                page.close()
            lines.extend(_lines(image, number + 1, source))
    finally:
        pdf.close()
    if not lines:
        raise InputError(source, f"is a scan and OCR found no text on its {n_pages} page(s)")
    return lines

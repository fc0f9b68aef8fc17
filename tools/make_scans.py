"""Scans and legacy Word files made from samples/: the inputs of the OCR and .doc readers.

    .venv/bin/python tools/make_scans.py            # both
    .venv/bin/python tools/make_scans.py scans      # samples/scans/NAME.pdf + NAME.json
    .venv/bin/python tools/make_scans.py legacy     # samples/legacy/NAME.doc

`scans`: each text PDF of samples/ is rendered to page images as a scanner would see the paper: a
little rotated, with sensor noise, JPEG-compressed, and a red seal pressed over the signature of the
last page; the pages are wrapped as an image-only PDF (no text layer) with the gold of the text
version (NAME.json, copied). Rotation and noise come from a generator seeded by the name, so the
output is the same on every run.

`legacy`: some .docx of samples/ saved as Word 97-2003 by LibreOffice (`soffice`, Debian's
libreoffice-writer-nogui); their gold is the .docx twin's (tests compare the two readings).
"""

from __future__ import annotations

import hashlib
import math
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pdfplumber
import pypdfium2
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SCANS = SAMPLES / "scans"
LEGACY = SAMPLES / "legacy"

SCAN_DPI = 150  # -- a low office-scanner setting: small files, and a fair test of the OCR's resolution
JPEG_QUALITY = 50
MAX_ROTATION = 1.5  # degrees either way: paper fed a little crooked
NOISE_SIGMA = 6.0  # grey levels of sensor noise
SEAL_RED = (205, 30, 35)
SEAL_DIAMETER_MM = 36
SEAL_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
SCANNED = ("chi-thi-05-tu", "bao-cao-phat-trien-dang-vien-2023", "thong-bao-112-hu", "ket-luan-24-hu")
FIXED_DATE = time.struct_time((2024, 1, 1, 0, 0, 0, 0, 1, 0))
LEGACY_DOCS = ("quyet-dinh-152-hu", "bao-cao-to-chuc-dang-2022", "cong-van-318-ubnd-vp")


def make_scan(name: str) -> Path:
    """samples/NAME.pdf → samples/scans/NAME.pdf (image-only) and its gold."""
    source = SAMPLES / f"{name}.pdf"
    random = np.random.default_rng(int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big"))
    seal_at = _signature_point(source)
    pages = []
    document = pypdfium2.PdfDocument(source)
    try:
        for index in range(len(document)):
            image = document[index].render(scale=SCAN_DPI / 72).to_pil().convert("RGB")
            sealed = index == len(document) - 1 and seal_at is not None
            if sealed:
                image = press_seal(image, (seal_at[0] * SCAN_DPI / 72, seal_at[1] * SCAN_DPI / 72), SCAN_DPI)
            angle = random.uniform(0.4, MAX_ROTATION) * random.choice((-1, 1))
            page = scanner_look(image, angle, random)
            # -- only the sealed page needs colour; grey pages are a third of the size
            pages.append(page if sealed else page.convert("L"))
    finally:
        document.close()
    SCANS.mkdir(exist_ok=True)
    target = SCANS / f"{name}.pdf"
    pages[0].save(
        target,
        "PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=SCAN_DPI,
        quality=JPEG_QUALITY,
        # -- fixed dates: the same bytes on every run (Pillow writes the current time otherwise)
        creationDate=FIXED_DATE,
        modDate=FIXED_DATE,
    )
    shutil.copyfile(SAMPLES / f"{name}.json", SCANS / f"{name}.json")
    return target


def _signature_point(path: Path) -> tuple[float, float] | None:
    """Where a seal goes on the last page (points): over the left edge of the signer's name, right half."""
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[-1]
        words = [w for w in page.extract_words() if w["x0"] > page.width / 2 and w["top"] > page.height / 3]
    if not words:
        return None
    last = max(words, key=lambda w: w["bottom"])
    return last["x0"], last["top"] - 18


def press_seal(image: Image.Image, centre: tuple[float, float], dpi: int) -> Image.Image:
    """A round red seal (two rings, a star, letters round the edge) multiplied onto the page like ink."""
    size = round(SEAL_DIAMETER_MM / 25.4 * dpi)
    seal = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(seal)
    ring = max(2, size // 40)
    draw.ellipse((ring, ring, size - ring, size - ring), outline=SEAL_RED, width=ring)
    inner = size // 5
    draw.ellipse((inner, inner, size - inner, size - inner), outline=SEAL_RED, width=max(1, ring // 2))
    middle = size / 2
    star = [
        (
            middle + (size / 9 if k % 2 == 0 else size / 22) * math.sin(k * math.pi / 5),
            middle - (size / 9 if k % 2 == 0 else size / 22) * math.cos(k * math.pi / 5),
        )
        for k in range(10)
    ]
    draw.polygon(star, fill=SEAL_RED)
    font = ImageFont.truetype(str(SEAL_FONT), max(8, size // 12))
    text = "HUYỆN ỦY * LẠNG SƠN * "
    radius = size / 2 - inner / 1.6
    for k, letter in enumerate(text):
        turn = 2 * math.pi * k / len(text)
        glyph = Image.new("L", (size // 8, size // 8), 0)
        ImageDraw.Draw(glyph).text((size // 16, size // 16), letter, fill=255, font=font, anchor="mm")
        glyph = glyph.rotate(-math.degrees(turn), resample=Image.Resampling.BICUBIC)
        x = middle + radius * math.sin(turn) - glyph.width / 2
        y = middle - radius * math.cos(turn) - glyph.height / 2
        seal.paste(Image.new("RGB", glyph.size, SEAL_RED), (round(x), round(y)), glyph)
    layer = Image.new("RGB", image.size, "white")
    layer.paste(seal, (round(centre[0] - size / 2), round(centre[1] - size / 2)))
    # -- ink: the seal darkens what lies under it, the text stays visible through it
    return ImageChops.multiply(image, layer.filter(ImageFilter.GaussianBlur(0.6)))


def scanner_look(image: Image.Image, angle: float, random: np.random.Generator) -> Image.Image:
    """Rotate by `angle` degrees on a white bed, soften a little, add grey noise and a few specks."""
    turned = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor="white")
    pixels = np.asarray(turned.filter(ImageFilter.GaussianBlur(0.5)), dtype=np.float32)
    pixels = pixels * 0.92 + 8  # -- scanned white is never pure white, black never pure black
    pixels += random.normal(0.0, NOISE_SIGMA, pixels.shape[:2])[..., None]
    specks = random.random(pixels.shape[:2]) < 0.0004
    pixels[specks] = 40
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")


def make_legacy(name: str) -> Path:
    """samples/NAME.docx → samples/legacy/NAME.doc through LibreOffice (a temporary profile)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("soffice not found: apt-get install -y libreoffice-writer-nogui")
    LEGACY.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vanban-soffice-") as work:
        command = [
            soffice,
            f"-env:UserInstallation=file://{work}/profile",
            "--headless",
            "--norestore",
            "--convert-to",
            "doc:MS Word 97",
            "--outdir",
            work,
            str(SAMPLES / f"{name}.docx"),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=180)
        target = LEGACY / f"{name}.doc"
        shutil.copyfile(Path(work) / f"{name}.doc", target)
    return target


def main(argv: list[str]) -> None:
    what = set(argv) or {"scans", "legacy"}
    if "scans" in what:
        for name in SCANNED:
            print(make_scan(name).relative_to(ROOT))
    if "legacy" in what:
        for name in LEGACY_DOCS:
            print(make_legacy(name).relative_to(ROOT))


if __name__ == "__main__":
    main(sys.argv[1:])

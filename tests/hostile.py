"""A corpus of hostile files, written by code so none is committed as a binary.

Each `HostileCase` names a file, writes it into a folder, and says which catalogue code
(`vanban.models.errors`) its quarantine reason must carry.

Example:
    for case in HOSTILE_CASES:
        path = case.write(tmp_path)          # tmp_path / case.name, or a symlink there
        ...                                  # the run must quarantine it with a reason starting case.code
"""

from __future__ import annotations

import functools
import io
import os
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docx
from fpdf import FPDF
from fpdf.enums import EncryptionMethod
from PIL import Image

GOOD_LINES = [
    "HUYỆN ỦY CAO LỘC",
    "Số: 77-BC/HU",
    "Cao Lộc, ngày 18 tháng 10 năm 2022",
    "BÁO CÁO",
    "Toàn huyện kết nạp 152 đảng viên mới, đạt 95,6% kế hoạch.",
]
MIB = 1 << 20


def docx_bytes(lines: list[str] = GOOD_LINES) -> bytes:
    """A small, valid .docx with one paragraph per line."""
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes(lines: list[str] = GOOD_LINES, *, pages: int = 1, encrypt: bool = False) -> bytes:
    """A PDF with a text layer (Helvetica cannot draw Vietnamese: its lines are ASCII-folded)."""
    pdf = FPDF()
    pdf.set_font("helvetica", size=10)
    for page in range(pages):
        pdf.add_page()
        for row, line in enumerate(lines if page == 0 else [f"Trang {page + 1}"]):
            pdf.text(20, 20 + 8 * row, _ascii(line))
    if encrypt:
        pdf.set_encryption(
            owner_password="chu-so-huu", user_password="mat-khau", encryption_method=EncryptionMethod.RC4
        )
    return bytes(pdf.output())


def _ascii(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d")).encode("ascii", "ignore").decode()


def image_only_pdf_bytes(pages: int = 2) -> bytes:
    """A 'scan': every page one picture, no text layer at all."""
    picture = Image.new("RGB", (200, 280), "white")
    for x in range(20, 180, 4):
        picture.putpixel((x, 40), (0, 0, 0))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.image(io.BytesIO(buffer.getvalue()), x=10, y=10, w=190)
    return bytes(pdf.output())


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_members() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def deflated_zeros(mib: int) -> tuple[bytes, int]:
    """A raw deflate stream of `mib` MiB of zero bytes, made in milliseconds, and the CRC-32 of those bytes.

    After a full flush deflate starts afresh, so every later MiB of zeros compresses to the same bytes:
    the stream is one block repeated (about 1 KiB per MiB, a ratio near 1,000).
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(MIB)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert again == block  # -- the repetition this relies on
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(zeros, crc)
    return block * mib + compressor.flush(), crc


def zip_with_raw_member(members: dict[str, bytes], name: str, deflated: bytes, crc: int, size: int) -> bytes:
    """A ZIP of `members` plus one member whose deflated bytes, CRC and declared size are given as they are.

    Hand-written local headers and central directory (no ZIP64: sizes under 4 GiB), so a member can
    inflate to gigabytes without the test ever compressing them, or declare a size that is a lie.
    """
    out = io.BytesIO()
    central = []
    entries = [(n, zlib.compressobj(6, zlib.DEFLATED, -15), d) for n, d in members.items()]
    rows = [(n, c.compress(d) + c.flush(), zlib.crc32(d), len(d)) for n, c, d in entries]
    rows.append((name, deflated, crc, size))
    for member, data, member_crc, member_size in rows:
        encoded = member.encode()
        offset = out.tell()
        out.write(
            struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, member_crc, len(data), member_size, len(encoded), 0)
        )
        out.write(encoded)
        out.write(data)
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0,
                member_crc,
                len(data),
                member_size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    for entry in central:
        out.write(entry)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()


def zip_bomb_docx_bytes(gib: int = 2) -> bytes:
    """A real .docx plus `word/media/image1.bin`: a few MiB on disk, `gib` GiB once inflated."""
    deflated, crc = deflated_zeros(gib * 1024)
    return zip_with_raw_member(docx_members(), "word/media/image1.bin", deflated, crc, gib * 1024 * MIB)


def lying_zip_docx_bytes() -> bytes:
    """A .docx whose document.xml declares 2 KiB but inflates to 64 MiB: the ZIP headers lie."""
    members = docx_members()
    members.pop("word/document.xml")
    deflated, crc = deflated_zeros(64)
    return zip_with_raw_member(members, "word/document.xml", deflated, crc, 2048)


BILLION_LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'.encode() for n in range(1, 10)
    )
    + b"]>"
)


def entity_expansion_docx_bytes(*, hidden: bool = False) -> bytes:
    """A .docx whose document.xml opens with a billion-laughs DTD; `hidden` pushes it behind 100 KiB of comment."""
    members = docx_members()
    body = members["word/document.xml"]
    root = body[body.index(b"<w:document") :]
    declaration, dtd = BILLION_LAUGHS.split(b"\n", 1)
    padding = b"<!--" + b" " * (100 * 1024) + b"-->" if hidden else b""
    members["word/document.xml"] = declaration + b"\n" + padding + dtd + root.replace(b"<w:body>", b"<w:body>&lol9;", 1)
    return zip_bytes(members)


def xlsx_bytes() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
            "xl/workbook.xml": b'<?xml version="1.0"?><workbook/>',
            "xl/worksheets/sheet1.xml": b'<?xml version="1.0"?><worksheet/>',
        }
    )


def ole_bytes() -> bytes:
    """The start of a compound file (.doc, .xls, or an Office file with a password)."""
    return bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504) + os.urandom(4096)


def garbage_bytes(size: int = 8192, seed: int = 6) -> bytes:
    return random.Random(seed).randbytes(size)


def unknown_encoding_bytes() -> bytes:
    """Text in KOI8-R (Russian): decodes to letters, but none of them Vietnamese."""
    return ("Отчёт о работе партийной организации за 2022 год. " * 20).encode("koi8_r")


@dataclass(frozen=True)
class HostileCase:
    id: str
    name: str
    code: str  # -- the catalogue code the reason must start with
    make: Callable[[], bytes] | None = None
    link_to: str | None = None  # -- a symlink to this path (relative to the folder's parent) instead of a file

    def write(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / self.name
        if self.link_to is not None:
            target = folder.parent / self.link_to
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                target.mkdir() if self.link_to.endswith("/") else target.write_text("bí mật\n", encoding="utf-8")
            os.symlink(target, path)
        else:
            path.write_bytes(hostile_bytes(self))
        return path


@functools.cache
def hostile_bytes(case: HostileCase) -> bytes:
    """The case's content, made once per test session (the zip bomb's CRC takes a second)."""
    assert case.make is not None
    return case.make()


HOSTILE_CASES: tuple[HostileCase, ...] = (
    HostileCase("empty-txt", "rong.txt", "VB001", lambda: b""),
    HostileCase("empty-docx", "rong.docx", "VB001", lambda: b""),
    HostileCase("truncated-docx", "cat-ngang.docx", "VB006", lambda: docx_bytes()[: len(docx_bytes()) // 2]),
    HostileCase("truncated-pdf", "cat-ngang.pdf", "VB006", lambda: pdf_bytes()[: len(pdf_bytes()) * 2 // 3]),
    HostileCase("doc-renamed", "van-ban-cu.docx", "VB005", ole_bytes),
    HostileCase("xlsx-renamed", "bang-tinh.docx", "VB004", xlsx_bytes),
    HostileCase("pdf-renamed-docx", "la-pdf.docx", "VB004", pdf_bytes),
    HostileCase("zip-bomb", "bom-nen.docx", "VB007", zip_bomb_docx_bytes),
    HostileCase("zip-lying-sizes", "bom-noi-doi.docx", "VB006", lying_zip_docx_bytes),
    HostileCase("entity-expansion", "thuc-the.docx", "VB008", entity_expansion_docx_bytes),
    HostileCase(
        "entity-expansion-hidden", "thuc-the-an.docx", "VB008", lambda: entity_expansion_docx_bytes(hidden=True)
    ),
    HostileCase("encrypted-pdf", "mat-khau.pdf", "VB009", lambda: pdf_bytes(encrypt=True)),
    HostileCase("image-only-pdf", "ban-quet.pdf", "VB011", image_only_pdf_bytes),
    HostileCase("pdf-2000-pages", "2000-trang.pdf", "VB010", lambda: pdf_bytes(pages=2000)),
    HostileCase("unknown-encoding", "bang-ma-la.txt", "VB012", unknown_encoding_bytes),
    HostileCase("binary-txt", "nhi-phan.txt", "VB013", garbage_bytes),
    HostileCase("binary-pdf", "rac.pdf", "VB004", garbage_bytes),
    HostileCase("unsupported-suffix", "bang-tinh.xlsx", "VB003", xlsx_bytes),
    HostileCase("symlink-outside", "lien-ket.txt", "VB017", link_to="ngoai-hop-thu/mat.txt"),
    HostileCase("symlink-folder", "thu-muc-lien-ket", "VB017", link_to="ngoai-hop-thu/thu-muc/"),
    # -- odd names on bad content: the reason is still written beside the file, under its own name
    HostileCase("nfd-name", "Quyết định hỏng.docx".replace("ế", "e\u0302\u0301"), "VB004", lambda: b"not a zip at all"),
    HostileCase("leading-dash", "-rf hỏng.txt", "VB013", garbage_bytes),
    HostileCase("dots-name", "bao..cao...pdf", "VB006", lambda: pdf_bytes()[:200]),
)

# -- good content under names a careless script would mangle; each must load and be archived as it is
ODD_GOOD_NAMES = (
    "Nghị quyết số 5.docx".replace("ị", "i\u0323"),  # -- NFD, as macOS writes names
    "bao cao  hai dau cach.txt",
    "-n ke-hoach.pdf",
    "bao..cao...docx",
    "trich yeu -- ..txt",
    os.fsdecode(b"ten-\xff-khong-phai-utf8.txt"),  # -- bytes that are not UTF-8, as old Windows shares leave
)


def write_odd_good_files(folder: Path) -> list[Path]:
    """The good files of ODD_GOOD_NAMES, each with content of its own (no two are duplicates)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for index, name in enumerate(ODD_GOOD_NAMES):
        suffix = Path(name).suffix
        lines = [*GOOD_LINES, f"Văn bản thử số {index + 1} về tên tệp lạ."]
        if suffix == ".docx":
            data = docx_bytes(lines)
        elif suffix == ".pdf":
            data = pdf_bytes(lines)
        else:
            data = "\n".join(lines).encode("utf-8")
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written

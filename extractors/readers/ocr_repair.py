"""Repair OCR's tone marks in a scanned header's capitals where a lexicon makes the repair sure.

Tesseract reads `ỦY BAN NHÂN ĐÂN`, `TĨNH QUANG NGÀI`: the letters are right, the marks wrong. A run of
capital words whose letters without marks spell one phrase of the lexicon (administrative words, and the
provinces and districts of the gazetteer after `TỈNH`, `HUYỆN`, `THÀNH PHỐ`…), and only one, is written as
that phrase. Single words are never repaired (`TINH` may be `TỈNH` or `TÍNH`); phrases of two words or more are.

Example:
    repair_capitals(["ỦY", "BAN", "NHÂN", "ĐÂN"]) → (["ỦY", "BAN", "NHÂN", "DÂN"], ["ĐÂN → DÂN"])
"""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex

from vanban.extractors.text.normalize import canonical

ADMINISTRATIVE_PHRASES = (
    "ỦY BAN NHÂN DÂN",
    "HỘI ĐỒNG NHÂN DÂN",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "VĂN PHÒNG",
    "CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "TM. ỦY BAN NHÂN DÂN",
    "KT. CHỦ TỊCH",
    "SỞ TÀI CHÍNH",
    "SỞ NỘI VỤ",
    # -- the titles of the document types (Nghị định 30/2020/NĐ-CP, appendix III) over the subject
    "QUYẾT ĐỊNH",
    "NGHỊ QUYẾT",
    "CHỈ THỊ",
    "TỜ TRÌNH",
    "BÁO CÁO",
    "THÔNG BÁO",
    "KẾ HOẠCH",
    "HƯỚNG DẪN",
    "CHƯƠNG TRÌNH",
    "PHƯƠNG ÁN",
    "ĐỀ ÁN",
    "BIÊN BẢN",
    "CÔNG ĐIỆN",
    "GIẤY MỜI",
    "QUY CHẾ",
    "QUY ĐỊNH",
)
UNIT_PREFIXES = ("TỈNH", "HUYỆN", "THÀNH PHỐ", "THỊ XÃ", "QUẬN", "UBND TỈNH", "UBND HUYỆN")
MAX_PHRASE_WORDS = 8
CAPITALS_RE = regex.compile(r"^[\p{Lu}\p{M}.,-]+$")


def toneless(text: str) -> str:
    """Letters without marks, `Đ` as `D`, upper case: the key OCR's mistakes keep.

    Example:
        toneless("TĨNH QUẢNG NGÀI") → "TINH QUANG NGAI"
    """
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return stripped.replace("Đ", "D").replace("đ", "d").upper()


@lru_cache(maxsize=1)
def lexicon() -> dict[str, str]:
    """Toneless key → the one phrase it spells; keys that spell two different phrases are left out."""
    phrases = set(ADMINISTRATIVE_PHRASES)
    for name in _gazetteer_names():
        phrases.update(f"{prefix} {name}" for prefix in UNIT_PREFIXES)
    found: dict[str, str | None] = {}
    for phrase in phrases:
        key = toneless(phrase)
        other = found.get(key)
        if key in found and (other is None or canonical(other) != canonical(phrase)):
            found[key] = None
        else:
            found[key] = phrase
    return {key: phrase for key, phrase in found.items() if phrase is not None}


def _gazetteer_names() -> set[str]:
    """Short names of provinces and districts (before the 2025 reorganisation and after), in capitals."""
    import vietnamadminunits

    data = Path(vietnamadminunits.__file__).parent / "data"
    names: set[str] = set()
    legacy = json.loads((data / "parser_legacy.json").read_text(encoding="utf-8"))
    for province in legacy["DICT_PROVINCE"].values():
        names.add(province["provinceShort"].upper())
    for districts in legacy["DICT_PROVINCE_DISTRICT"].values():
        for district in districts.values():
            names.add(district["districtShort"].upper())
    return {name for name in names if name}


def repair_capitals(texts: list[str]) -> tuple[list[str], list[str]]:
    """Words of one line with each run of capitals spelling a lexicon phrase written as that phrase.

    Returns the words and the repairs (`ĐÂN → DÂN`) made.
    """
    table = lexicon()
    out = list(texts)
    repairs: list[str] = []
    start = 0
    while start < len(out):
        for size in range(min(MAX_PHRASE_WORDS, len(out) - start), 1, -1):
            run = out[start : start + size]
            if not all(CAPITALS_RE.match(word) for word in run):
                continue
            phrase = table.get(toneless(" ".join(run)))
            if phrase is None:
                continue
            fixed = phrase.split()
            if len(fixed) != size:
                continue
            for offset, (old, new) in enumerate(zip(run, fixed)):
                if canonical(old) != canonical(new):
                    out[start + offset] = new
                    repairs.append(f"{old} → {new}")
            start += size - 1
            break
        start += 1
    return out, repairs


def repair_ocr_words(words: list[dict[str, Any]], *, page_number: int | None = None) -> list[str]:
    """`repair_capitals` on each Tesseract line of pdfplumber-shaped OCR words (in place); notes of the repairs."""
    lines: dict[tuple[float, float], list[dict[str, Any]]] = {}
    for word in words:
        lines.setdefault((round(word["top"], 1), round(word["bottom"], 1)), []).append(word)
    repairs: list[str] = []
    for line in lines.values():
        line.sort(key=lambda w: w["x0"])
        texts, made = repair_capitals([word["text"] for word in line])
        for word, text in zip(line, texts):
            word["text"] = text
        repairs.extend(made)
    if not repairs:
        return []
    label = f"page {page_number}: " if page_number is not None else ""
    return [f"{label}OCR repaired by the administrative lexicon: {', '.join(repairs)}"]

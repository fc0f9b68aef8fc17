"""Vietnamese letters without their tone and vowel marks, one character for one, for matching OCR'd text.

OCR of a scan drops or swaps marks (`ỦY BAN NHÂN ĐÂN`, `CỘNG HOA`, `QUYÉT ĐỊNH`, `CHU TỊCH`); a fixed
phrase of a header is still found when text and pattern are compared without marks. Each character
maps to exactly one character, so a span found in the bare text is the same span in the original.

Example:
    strip_marks("Quảng Ngãi, ngày 4 tháng 01") → "Quang Ngai, ngay 4 thang 01"
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def _bare_letter(char: str) -> str:
    if char in "đĐ":
        return "d" if char == "đ" else "D"
    decomposed = unicodedata.normalize("NFD", char)
    base = decomposed[0]
    return base if len(decomposed) > 1 and base.isascii() else char


def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xC0, 0x1EFF + 1):
        char = chr(code)
        bare = _bare_letter(char)
        if bare != char:
            table[code] = bare
    return table


_TABLE = _table()


def strip_marks(text: str) -> str:
    """The text with every Latin letter's marks removed (`đ` → `d`); same length, same case."""
    return text.translate(_TABLE)

"""Vietnamese letters without their tone and vowel marks, one character for one, for matching OCR'd text.

OCR of a scan drops or swaps marks (`ỦY BAN NHÂN ĐÂN`, `CỘNG HOA`, `QUYÉT ĐỊNH`, `CHU TỊCH`); a fixed
phrase of a header is still found when text and pattern are compared without marks. Each character
maps to exactly one character, so a span found in the bare text is the same span in the original.

Example:
    strip_marks("Quảng Ngãi, ngày 4 tháng 01") → "Quang Ngai, ngay 4 thang 01"
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def _bare_letter(char: str) -> str:
    if char in "đĐ":
        return "d" if char == "đ" else "D"
    decomposed = unicodedata.normalize("NFD", char)
    base = decomposed[0]
    return base if len(decomposed) > 1 and base.isascii() else char


# -- a string indexed by code point (`str.translate` looks each character up in it, in C; characters past its end
#    raise IndexError, a LookupError, and are kept): much faster than a dict
_TABLE = "".join(_bare_letter(chr(code)) for code in range(0x1EFF + 1))


_COMBINING_RE = re.compile("[\u0300-\u036f]")


_SHORT = 120  # -- lines and cells asked for again and again (roles, heads, titles) are remembered


def strip_marks(text: str) -> str:
    """The text with every Latin letter's marks removed (`đ` → `d`); same length, same case."""
    if text.isascii():
        return text
    if len(text) <= _SHORT:
        return _strip_marks_of_short(text)
    return _strip_marks(text)


def _strip_marks(text: str) -> str:
    # -- decomposing and dropping the marks is done in C; a text that was not composed, or holds a character
    #    that decomposes into two letters, comes out of another length and is mapped letter by letter
    bare = _COMBINING_RE.sub("", unicodedata.normalize("NFD", text)).replace("đ", "d").replace("Đ", "D")
    return bare if len(bare) == len(text) else text.translate(_TABLE)


_strip_marks_of_short = lru_cache(maxsize=1 << 14)(_strip_marks)

"""Vietnamese syllables split by a PDF's text layer (`n ăm`, `qu ốc`) joined again, real neighbours left apart.

Some writers (the official gazette's among them) place a syllable's first letters and the rest as separate runs,
with a gap that can pass for a space. Two neighbouring words of a line are joined when the gap between them is
narrow for the font (`MAX_JOIN_GAP` of the line's height), one of them is no syllable on its own, and the two
together spell one valid Vietnamese syllable. Real neighbours stay apart: `điểm b khoản` (a letter, but `bkhoản`
is no syllable), `là một` (both syllables already).

Example:
    join_split_syllables([n, ăm, 2013]) → [năm, 2013]  (words as pdfplumber gives them)
    is_syllable("quốc") → True;  is_syllable("qu") → False;  is_syllable("bkhoản") → False
"""

from __future__ import annotations

import unicodedata
from typing import Any

import regex

# -- the five tone marks; the letters' own marks (circumflex, breve, horn) stay, they make different vowels
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
ONSET = r"(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?"
# -- the vowel cores of Vietnamese rhymes (with their glides), the longest first
NUCLEUS = (
    r"(?:uyê|uya|ươ|uô|iê|yê|oa|oă|oe|uâ|uê|uy|uơ|ưa|ua|ia|"
    r"a|ă|â|e|ê|i|o|ô|ơ|u|ư|y)"
)
CODA = r"(?:ng|nh|ch|c|m|n|p|t|i|o|u|y)?"
SYLLABLE_RE = regex.compile(rf"^{ONSET}{NUCLEUS}{CODA}$")
# -- a rhyme that needs a final consonant or glide: `ă`, `â` and `iê`/`yê`/`uô`/`ươ`/`uyê` never end a syllable
OPEN_FORBIDDEN_RE = regex.compile(r"(?:ă|â|iê|yê|uô|ươ|uyê|oă|uâ)$")
MAX_JOIN_GAP = 0.3  # -- of the line's height: a space in a Vietnamese text font is wider than this
LETTERS_RE = regex.compile(r"^\p{L}+$")
ONSET_ONLY_RE = regex.compile(r"^(?:ngh|ng|gh|kh|nh|ph|qu|th|tr|ch|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)$", regex.IGNORECASE)
VOWEL_START_RE = regex.compile(r"^[aăâeêioôơuưy]", regex.IGNORECASE)


def _toneless(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))


def is_syllable(word: str) -> bool:
    """Whether `word` (letters only, any case and tone) spells one Vietnamese syllable.

    A spelling rule, not a dictionary: onset, vowel core and coda from Vietnamese orthography; `qu` and `gi`
    carry their glide. Loan words and abbreviations are not syllables.

    Example:
        is_syllable("Nghiêng") → True;  is_syllable("ăm") → True;  is_syllable("ng") → False;  is_syllable("â") → False
    """
    if not LETTERS_RE.match(word):
        return False
    plain = _toneless(word)
    if not SYLLABLE_RE.match(plain):
        # -- `gi` and `qu` before a vowel: the i/u is part of the onset (`gì`, `giá`, `quốc`)
        return plain in ("gi", "gin") or bool(regex.match(rf"^(?:gi|qu){NUCLEUS}{CODA}$", plain)) and _open_ok(plain)
    return _open_ok(plain)


def _open_ok(plain: str) -> bool:
    return not OPEN_FORBIDDEN_RE.search(plain)


def join_split_syllables(words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Words of a page with split syllables joined (see the module's rule); the words' order is kept.

    Words are pdfplumber-shaped (`text`, `x0`, `x1`, `top`, `bottom`); two words are neighbours on a line when
    their bands overlap by half the smaller height.
    """
    out: list[dict[str, Any]] = []
    for word in words:
        previous = out[-1] if out else None
        if previous is not None and _split_pair(previous, word):
            out[-1] = {
                **previous,
                "text": previous["text"] + word["text"],
                "x1": word["x1"],
                "top": min(previous["top"], word["top"]),
                "bottom": max(previous["bottom"], word["bottom"]),
            }
            if "width" in previous:
                out[-1]["width"] = out[-1]["x1"] - out[-1]["x0"]
        else:
            out.append(word)
    return out


def _split_pair(left: dict[str, Any], right: dict[str, Any]) -> bool:
    height = min(left["bottom"] - left["top"], right["bottom"] - right["top"])
    overlap = min(left["bottom"], right["bottom"]) - max(left["top"], right["top"])
    gap = right["x0"] - left["x1"]
    if height <= 0 or overlap < 0.5 * height or not (-0.5 <= gap <= MAX_JOIN_GAP * height):
        return False
    a, b = left["text"], right["text"]
    # -- the text layer cuts between the onset and the rhyme (`n ăm`, `qu ốc`, `ng ười`): the left piece is
    #    consonants only, the right one opens with a vowel; a lone capital before a word is an initial (`C ở`)
    if not (ONSET_ONLY_RE.match(a) and VOWEL_START_RE.match(_toneless(b))):
        return False
    if a.isupper() != b.isupper() or (len(a) == 1 and a.isupper()):
        return False
    return is_syllable(a + b)

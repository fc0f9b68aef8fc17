"""Vietnamese text → one canonical form.

Two forms matter:
- `normalize_text`: what readers store and facts point into. NFC, odd spaces made plain, invisible
  characters removed, Cyrillic/Greek look-alikes inside Latin words folded to Latin (`TT-BTС` with a
  Cyrillic `С` → `TT-BTC`, lookalikes.py); every other visible character is kept.
- `canonical`: a matching key only (never shown): case-folded, whitespace collapsed, dashes unified,
  and old-style tone marks (`uỷ`, `khoá`, `hoà`) moved to the new-style place (`ủy`, `khóa`, `hòa`).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from vanban.extractors.text.lookalikes import fold_lookalikes

# -- spaces that Word and PDFs produce; all become a plain space
_ODD_SPACES_RE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
# -- characters with no visible form: zero-width space/joiners, BOM, soft hyphen, word joiner
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_LINE_SEPARATORS_RE = re.compile("\r\n|\r|\u2028|\u2029|\x0b|\x0c")
_DASHES_RE = re.compile("[\u2010-\u2015\u2212]")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_WHITESPACE_RE = re.compile(r"\s+")

_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền, sắc, hỏi, ngã, nặng
# -- open syllables whose tone mark sits on the second vowel in the old style: oa, oe, uy
_OLD_STYLE_PAIRS = (("o", "a"), ("o", "e"), ("u", "y"))


def _tone_map() -> dict[str, str]:
    mapping: dict[str, str] = {}
    for first, second in _OLD_STYLE_PAIRS:
        for tone in _TONES:
            old = unicodedata.normalize("NFC", first + second + tone)
            new = unicodedata.normalize("NFC", first + tone + second)
            mapping[old] = new
    return mapping


_OLD_TO_NEW = _tone_map()
# -- only at the end of a syllable (`hoàng` is the same in both styles) and not after `q` (`quý`)
_OLD_STYLE_RE = re.compile(r"(?<![qQ])(" + "|".join(_OLD_TO_NEW) + r")(?!\w)", re.IGNORECASE)


def normalize_text(text: str) -> str:
    """NFC with plain spaces and newlines and Latin letters for look-alikes in Latin words; keeps the rest.

    Example:
        normalize_text("Hu\u1ef3e\u0323n\u00a0u\u1ef7") → "Huyện uỷ" (composed; the old-style mark is kept)
    """
    # -- composed last: a mark after a removed zero-width space, or after a folded Cyrillic `а`, composes too
    text = _INVISIBLE_RE.sub("", fold_lookalikes(text))
    text = _LINE_SEPARATORS_RE.sub("\n", text)
    text = _ODD_SPACES_RE.sub(" ", text)
    return unicodedata.normalize("NFC", text)


def normalize_newlines(text: str) -> str:
    """CRLF, CR and Unicode line and paragraph separators → `\n`; nothing else changes.

    Example:
        normalize_newlines("a\r\nb\u2028c") → "a\nb\nc"
    """
    return _LINE_SEPARATORS_RE.sub("\n", text)


# -- the finders ask for the same short phrases (heads, place names, units) thousands of times a
#    document: those are remembered; a longer text (a whole document) is worked out each time
_PHRASE_CACHE_LENGTH = 120
_PHRASE_CACHE_SIZE = 1 << 16


def new_style_tones(text: str) -> str:
    """Move old-style tone marks to the new-style place, keeping case: `Huyện uỷ` → `Huyện ủy`."""
    if len(text) <= _PHRASE_CACHE_LENGTH:
        return _new_style_tones_of_phrase(text)
    return _new_style_tones(text)


def _new_style_tones(text: str) -> str:
    def swap(match: re.Match[str]) -> str:
        found = match.group(0)
        new = _OLD_TO_NEW[found.lower()]
        return "".join(n.upper() if f.isupper() else n for f, n in zip(found, new))

    return _OLD_STYLE_RE.sub(swap, unicodedata.normalize("NFC", text))


def canonical(text: str) -> str:
    """The matching key: `BAN CHẤP HÀNH\\nTRUNG ƯƠNG khoá X` and `Ban Chấp hành Trung ương khóa X` agree.

    Example:
        canonical("Huyện  Uỷ") → "huyện ủy"
    """
    if len(text) <= _PHRASE_CACHE_LENGTH:
        return _canonical_of_phrase(text)
    return _canonical(text)


def _canonical(text: str) -> str:
    text = normalize_text(text).translate(_QUOTES)
    text = _DASHES_RE.sub("-", text)
    text = _WHITESPACE_RE.sub(" ", text).strip()
    return new_style_tones(text.lower())


_new_style_tones_of_phrase = functools.lru_cache(maxsize=_PHRASE_CACHE_SIZE)(_new_style_tones)
_canonical_of_phrase = functools.lru_cache(maxsize=_PHRASE_CACHE_SIZE)(_canonical)


# -- characters that `re` matches for a lowercase letter under IGNORECASE besides its upper and lower case:
#    Kelvin sign, long s, dotted and dotless i, Angstrom sign, long s with dot
_IGNORECASE_EXTRA = {"k": "\u212a", "s": "\u017f", "i": "\u0130\u0131", "å": "\u212b", "ṡ": "\u1e9b"}


def ignorecase_class(char: str) -> str:
    """The characters `re` matches for `char` under IGNORECASE, as a plain character class: `N` → `[Nn]`.

    A branch that opens with a plain class is tested by `re` at a glance (a branch under IGNORECASE is
    always entered), so the scanning patterns of docrefs and orgs open their branches with one; the
    tests check the classes of the letters they use against `re` over all of Unicode.
    """
    cases = (case for case in (char.lower(), char.upper()) if len(case) == 1)
    variants = {char, *cases, *_IGNORECASE_EXTRA.get(char.lower(), "")}
    return "[" + "".join(re.escape(variant) for variant in sorted(variants)) + "]"

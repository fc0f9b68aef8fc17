"""Vietnamese numbers, as digits (`5.000`, `51,47`) and as words (`hai mươi mốt`).

Example:
    parse_number("5.000") → 5000; parse_number("51,47") → 51.47; parse_number_words("mười lăm") → 15

Vietnamese writing groups thousands with `.` and marks decimals with `,`. The patterns here are
shared by the date, percent and count finders, so that all of them read a number the same way.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

Number = int | float

# -- `5.000`, `10.950`, `1.234.567,5`, then plain `51,47`, `03`; the grouped form comes first so
#    that `5.000` is one number and not `5` followed by `.000`
DIGIT_NUMBER_PATTERN = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
# -- the same after its first digit, for a pattern that matches that digit first (the engine then skips
#    straight to digits): `\d` + this matches what the pattern above matches, in the same order
DIGIT_NUMBER_REST_PATTERN = r"\d{0,2}(?:\.\d{3})+(?:,\d+)?|\d*(?:,\d+)?"

_DIGIT_WORDS = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "nhăm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
}
# -- only after `mươi`/`mười`: `hai mươi mốt` is 21, but `mốt` alone means the day after tomorrow
_AFTER_TENS_ONLY = frozenset({"mốt", "lăm", "nhăm"})
_MULTIPLIERS = {"nghìn": 1_000, "ngàn": 1_000, "triệu": 1_000_000, "tỷ": 1_000_000_000, "tỉ": 1_000_000_000}
MULTIPLIER_WORDS = frozenset(_MULTIPLIERS)

# -- a number written in words starts with a digit word or `mười`: `trăm`, `nghìn` alone are the
#    vague `hàng trăm`, `hàng nghìn`, and `tư`/`lăm`/`mốt`/`linh` never open a number
_WORD_START = r"một|hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín|mười"
_WORD_PART = (
    r"một|mốt|hai|ba|bốn|tư|năm|lăm|nhăm|sáu|bảy|bẩy|tám|chín|mười|mươi|trăm|linh|lẻ|"
    r"nghìn|ngàn|triệu|tỷ|tỉ|chục"
)


def _by_first_letter(words: str) -> str:
    """`một|mốt|hai` → `m(?:ột|ốt)|h(?:ai)`: the same alternation, tried one first letter at a time (the
    order within a letter kept; words of two letters never match at one place)."""
    groups: dict[str, list[str]] = {}
    for word in words.split("|"):
        groups.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{letter}(?:{'|'.join(rests)})" for letter, rests in groups.items())


NUMBER_WORDS_PATTERN = rf"(?:{_WORD_START})(?:[ \t]+(?:{_WORD_PART}))*"
# -- the same words, scanned faster: `\m` (a word starts here) is `(?<!\w)` before a letter (the
#    same for every character before it), and the alternations are tried one first letter at a time
NUMBER_WORDS_RE = regex.compile(
    rf"\m(?:{_by_first_letter(_WORD_START)})(?:[ \t]+(?:{_by_first_letter(_WORD_PART)}))*(?!\w)", regex.IGNORECASE
)

# -- the same without IGNORECASE, for a lowercased text: `regex` compares every letter of a case-insensitive
#    pattern case-folded, and a lowercased text can be searched for the words that open a number with
#    `str.find` (far faster than trying the pattern at every word). Both find the same words when lowering
#    keeps each character one character and the text has no `ſ`: apart from `İ` (lowered to two) and `ſ`
#    (matched as `s`), IGNORECASE matches a letter of these words in exactly the characters that lower to
#    it, and lowering never changes what `\w` or `[ \t]` match
#    (tests/extractors/text/test_numbers.py checks all of it over every character)
_NUMBER_WORDS_LOWERCASE_RE = regex.compile(NUMBER_WORDS_RE.pattern)
_START_WORDS = tuple(_WORD_START.split("|"))

_SPACES_RE = regex.compile(r"\s+")
_ENGLISH_DECIMAL_RE = regex.compile(r"\d+\.(?:\d{1,2}|\d{4,})")
_GROUPED_RE = regex.compile(r"\d{1,3}(?:[.]\d{3})+(?:,\d+)?")
_PLAIN_RE = regex.compile(r"\d+(?:,\d+)?")
# -- a float holds every integer of up to 15 digits exactly (2**53 has 16)
_EXACT_DIGITS = 15


def _as_number(value: float) -> Number:
    return int(value) if float(value).is_integer() else value


def parse_number(text: str) -> Number | None:
    """Read a number written in digits the Vietnamese way.

    Example:
        parse_number("5.000") → 5000; parse_number("51,47") → 51.47; parse_number("03") → 3

    `.` followed by groups of three digits is a thousands mark and `,` is the decimal mark. A lone
    `2.5` (a dot not followed by exactly three digits) can only be an English decimal, so it is
    read as one. Anything else (words, signs, empty text) gives None.

    Args:
        text: the number as written; surrounding spaces are ignored.

    Returns:
        An int when the number has no fraction, else a float; None when `text` is not a number.
    """
    text = text.strip()
    if len(text) <= _EXACT_DIGITS and text.isascii() and text.isdigit():
        return int(text)  # -- plain digits, the usual case: what the float below gives, with no regex call
    if _GROUPED_RE.fullmatch(text) or _PLAIN_RE.fullmatch(text):
        return _as_number(float(text.replace(".", "").replace(",", ".")))
    if _ENGLISH_DECIMAL_RE.fullmatch(text):
        return _as_number(float(text))
    return None


def number_word_spans(text: str) -> list[tuple[int, int]]:
    """The spans of `NUMBER_WORDS_RE.finditer(text)`, found from the words that open a number where the
    lowercased text gives the same."""
    lowered = text.lower()
    if len(lowered) != len(text) or "ſ" in lowered:
        return [m.span() for m in NUMBER_WORDS_RE.finditer(text)]
    spans: list[tuple[int, int]] = []
    end = 0
    for start in sorted(_starts_of_words(lowered, _START_WORDS)):
        # -- as `finditer`: the next match is looked for where the last one ended
        if start >= end and (m := _NUMBER_WORDS_LOWERCASE_RE.match(lowered, start)) is not None:
            spans.append(m.span())
            end = m.end()
    return spans


def _starts_of_words(text: str, words: tuple[str, ...]) -> Iterator[int]:
    r"""Where each of `words` starts in `text` with no letter right after it, word by word (overlaps included).

    A number's first word ends before a blank or a non-word character, never before a letter (`isalpha`
    letters are `\w` for `regex`): that leaves out about half of what `str.find` finds (`ba` in `ban`,
    `chín` in `chính`) before a pattern is tried there.
    """
    for word in words:
        size = len(word)
        at = text.find(word)
        while at >= 0:
            if not text[at + size : at + size + 1].isalpha():
                yield at
            at = text.find(word, at + 1)


def parse_number_words(text: str) -> int | None:
    """Read a number written in Vietnamese words.

    Example:
        parse_number_words("một trăm hai mươi") → 120; parse_number_words("hai mươi mốt") → 21

    Handles `mười`/`mươi` (ten, tens), `mốt`/`tư`/`lăm` after tens, `linh`/`lẻ` (zero tens),
    `trăm`, `chục`, and the multipliers `nghìn`/`ngàn`, `triệu`, `tỷ`.

    Args:
        text: the words, separated by spaces; case does not matter.

    Returns:
        The value, or None when the words do not form a number (`hai ba` is "two or three").
    """
    words = _SPACES_RE.split(text.strip().lower())
    if not words or words == [""]:
        return None
    total = 0  # -- the part above the current group of a thousand
    group = 0  # -- the current group, below 1000
    digit: int | None = None  # -- a digit word waiting for `mươi`, `trăm` or a multiplier
    after_tens = False
    hundreds = False  # -- the current group has its `trăm` (`không trăm linh năm` is 005)
    for word in words:
        if word in _DIGIT_WORDS:
            if digit is not None or (word in _AFTER_TENS_ONLY and not after_tens):
                return None
            if word == "tư" and not after_tens:
                return None
            digit = _DIGIT_WORDS[word]
            after_tens = False
        elif word == "mười":
            if digit is not None or group % 100:
                return None
            group += 10
            after_tens = True
        elif word in ("mươi", "chục"):
            if digit is None and word == "mươi":
                return None
            group += (1 if digit is None else digit) * 10
            digit, after_tens = None, True
        elif word == "trăm":
            if digit is None or hundreds:
                return None
            group += digit * 100
            digit, after_tens, hundreds = None, False, True
        elif word in ("linh", "lẻ"):
            if digit is not None or group % 100 or not hundreds:
                return None
            after_tens = False
        elif word in _MULTIPLIERS:
            scale = _MULTIPLIERS[word]
            amount = group + (digit or 0)
            if amount == 0:
                # -- `một nghìn tỷ`: the multiplier applies to everything read so far
                if total == 0:
                    return None
                total *= scale
            else:
                total += amount * scale
            group, digit, after_tens, hundreds = 0, None, False, False
        else:
            return None
    return total + group + (digit or 0)

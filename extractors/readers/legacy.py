"""Legacy Vietnamese font encodings (TCVN3/ABC and VNI) → Unicode.

Before Unicode, Vietnamese was typed in 8-bit fonts: TCVN3 (`.VnTime`, `.VnArial`, … the ABC
fonts) and VNI (`VNI-Times`, `VNI-Helve`, …). Word and PDF text layers keep the font's bytes as the
Latin-1 characters of the same codes, so `Đảng bộ huyện` reads `§¶ng bé huyÖn` (TCVN3) or
`Ñaûng boä huyeän` (VNI).

- TCVN3 gives one byte to each lower-case letter with its tone (`¶` = ả) and has capitals only for
  Ă Â Ê Ô Ơ Ư Đ. Capitals with a tone come from a second font, `.VnTimeH`, `.VnArialH` … (names
  ending in `H`, for *hoa*), which draws the same codes, lower-case letters included, as capitals.
  A run in such a font is converted and then upper-cased.
- VNI writes a letter as its base plus one mark byte (`aû` = ả, `aá` = ấ, `Aû`/`AÛ` = Ả) and has
  both cases, so it needs no font to restore capitals.

The tables are written here from the published TCVN 5712:1993 (VN3) and VNI-Windows charts. In a
.docx the decision is per run, from its font (`legacy_font`); in PDF and plain text, where fonts are
unknown, `convert_legacy_blocks` decides from character statistics: a word counts for an encoding
when it is not Vietnamese as it stands and becomes a Vietnamese syllable once converted. Nothing is
converted without such evidence, and words that are Vietnamese already are never touched in a
block that also holds real Unicode Vietnamese.

Example:
    tcvn3_to_unicode("§¶ng bé huyÖn") → "Đảng bộ huyện"
    tcvn3_to_unicode("huyÖn ñy b×nh gia", capitals=True) → "HUYỆN ỦY BÌNH GIA"
    vni_to_unicode("Ñaûng boä huyeän") → "Đảng bộ huyện"
    convert_legacy_blocks(["§¶ng bé huyÖn V¨n L·ng"]) → (["Đảng bộ huyện Văn Lãng"], "tcvn3")
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import regex

TCVN3 = "tcvn3"
VNI = "vni"

GRAVE, ACUTE, HOOK, TILDE, DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
# -- the order in which both charts list a vowel's five tones: huyền, hỏi, ngã, sắc, nặng
CHART_TONES = (GRAVE, HOOK, TILDE, ACUTE, DOT)
TONE_MARKS = frozenset(CHART_TONES)

# -- TCVN3 (VN3): the capitals it has, the same letters in lower case, then each vowel's five tones
_TCVN3_PLAIN = {
    0xA1: "Ă",
    0xA2: "Â",
    0xA3: "Ê",
    0xA4: "Ô",
    0xA5: "Ơ",
    0xA6: "Ư",
    0xA7: "Đ",
    0xA8: "ă",
    0xA9: "â",
    0xAA: "ê",
    0xAB: "ô",
    0xAC: "ơ",
    0xAD: "ư",
    0xAE: "đ",
}
_TCVN3_TONED = {  # vowel → its codes for huyền, hỏi, ngã, sắc, nặng
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
# -- VNI mark bytes: after a vowel, a tone; after a/e/o, a circumflex (with a tone); after a, a breve
_VNI_TONE = dict(zip(CHART_TONES, ("ø", "û", "õ", "ù", "ï")))
_VNI_CIRCUMFLEX = dict(zip(("", *CHART_TONES), ("â", "à", "å", "ã", "á", "ä")))
_VNI_BREVE = dict(zip(("", *CHART_TONES), ("ê", "è", "ú", "ü", "é", "ë")))
# -- letters VNI writes as one byte: ơ ư đ, and i with a tone (ì and í are themselves)
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị"}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _tcvn3_table() -> dict[str, str]:
    table = {chr(code): letter for code, letter in _TCVN3_PLAIN.items()}
    for vowel, codes in _TCVN3_TONED.items():
        for code, tone in zip(codes, CHART_TONES):
            table[chr(code)] = _nfc(vowel + tone)
    return table


def _vni_table() -> dict[str, str]:
    """Every VNI sequence → its letter; a capital base takes a mark of either case."""
    canonical: dict[str, str] = {}
    for base in "aeiouy":
        for tone, mark in _VNI_TONE.items():
            if base != "i":  # -- i takes its tones as single bytes
                canonical[base + mark] = _nfc(base + tone)
    for base, bare in (("ô", "ơ"), ("ö", "ư")):
        for tone, mark in _VNI_TONE.items():
            canonical[base + mark] = _nfc(bare + tone)
    for base in "aeo":
        for tone, mark in _VNI_CIRCUMFLEX.items():
            canonical[base + mark] = _nfc(base + "\u0302" + tone)
    for tone, mark in _VNI_BREVE.items():
        canonical["a" + mark] = _nfc("a\u0306" + tone)
    canonical.update({code: letter for code, letter in _VNI_SINGLE.items() if code != letter})
    table = dict(canonical)
    # -- read, never written: some typing tools put i's grave and acute as marks (`iø`, `iù`) too
    for tone, letter in ((GRAVE, "ì"), (ACUTE, "í")):
        table["i" + _VNI_TONE[tone]] = letter
        table["I" + _VNI_TONE[tone].upper()] = table["I" + _VNI_TONE[tone]] = letter.upper()
    for code, letter in canonical.items():
        table[code.upper()] = letter.upper()
        if len(code) == 2:
            table[code[0].upper() + code[1]] = letter.upper()
    return table


TCVN3_TO_UNICODE: dict[str, str] = _tcvn3_table()
VNI_TO_UNICODE: dict[str, str] = _vni_table()
UNICODE_TO_TCVN3: dict[str, str] = {letter: code for code, letter in TCVN3_TO_UNICODE.items()}
UNICODE_TO_VNI: dict[str, str] = {
    letter: code
    for code, letter in VNI_TO_UNICODE.items()
    # -- the canonical spelling: mark in the base's case; `ì` and `í` are their own single bytes
    if (code == code.lower() or code == code.upper()) and code[0] not in "iI"
}

# -- Word keeps text typed in a symbol-encoded 8-bit font in the private-use area (U+F0A1 for 0xA1)
_PRIVATE_USE = {0xF000 + code: chr(code) for code in range(0xA0, 0x100)}
_TCVN3_TRANSLATION = str.maketrans(
    {**TCVN3_TO_UNICODE, **{chr(k): TCVN3_TO_UNICODE.get(v, v) for k, v in _PRIVATE_USE.items()}}
)
VNI_SEQUENCE_RE = regex.compile("|".join(regex.escape(code) for code in sorted(VNI_TO_UNICODE, key=len, reverse=True)))

# -- font names: `.VnTime`, `.VnTimeH`, `.VnArial NarrowH` (TCVN3, PDF may write `_VnTime` or drop the dot);
#    `VNI-Times`, `VNI-Helve` (VNI). A PDF subset prefix (`ABCDEF+`) and style suffix (`,Bold`) are dropped.
PDF_SUBSET_PREFIX_RE = regex.compile(r"^[A-Z]{6}\+")
TCVN3_FONT_RE = regex.compile(r"^[._]?vn(?!i(?:[\W_]|$))\p{L}", regex.IGNORECASE)
VNI_FONT_RE = regex.compile(r"^vni(?:[\W_]|$)", regex.IGNORECASE)


class LegacyFont(NamedTuple):
    """What a font name says: its encoding, and whether it draws every letter as a capital."""

    encoding: str
    capitals: bool


@lru_cache(maxsize=256)
def legacy_font(name: str | None) -> LegacyFont | None:
    """The legacy encoding of a font by its name, or None for a Unicode font.

    Example:
        legacy_font(".VnTimeH") → LegacyFont("tcvn3", capitals=True); legacy_font("Times New Roman") → None
    """
    if not name:
        return None
    name = PDF_SUBSET_PREFIX_RE.sub("", name.strip()).split(",")[0].strip()
    if VNI_FONT_RE.match(name):
        return LegacyFont(VNI, capitals=False)
    if TCVN3_FONT_RE.match(name):
        # -- the capital fonts end in H: `.VnTimeH`, `.VnArial NarrowH`, `.VnHelvetInsH`
        return LegacyFont(TCVN3, capitals=name.endswith("H"))
    return None


def tcvn3_to_unicode(text: str, *, capitals: bool = False) -> str:
    """TCVN3 text → Unicode (NFC); `capitals` for text in a `…H` font, which draws every letter as a capital.

    Example:
        tcvn3_to_unicode("Sè: 15-Q§/HU") → "Số: 15-QĐ/HU"
    """
    converted = text.translate(_TCVN3_TRANSLATION)
    return converted.upper() if capitals else converted


def vni_to_unicode(text: str) -> str:
    """VNI text → Unicode (NFC).

    Example:
        vni_to_unicode("ÑAÛNG COÄNG SAÛN") → "ĐẢNG CỘNG SẢN"
    """
    text = text.translate(_PRIVATE_USE)
    return VNI_SEQUENCE_RE.sub(lambda match: VNI_TO_UNICODE[match.group(0)], text)


def to_unicode(text: str, font: LegacyFont) -> str:
    """Text of one run in a legacy font → Unicode.

    Example:
        to_unicode("huyÖn ñy", LegacyFont("tcvn3", True)) → "HUYỆN ỦY"
    """
    if font.encoding == VNI:
        converted = vni_to_unicode(text)
        return converted.upper() if font.capitals else converted
    return tcvn3_to_unicode(text, capitals=font.capitals)


def encode_tcvn3(text: str) -> str:
    """Unicode → TCVN3 as a typing tool writes it: a capital with a tone gets its lower-case code.

    Such capitals need a `…H` font to show (the caller picks the font; `tcvn3_needs_capital_font`).

    Example:
        encode_tcvn3("Đảng bộ") → "§¶ng bé";  encode_tcvn3("ỦY") → "ñY"
    """
    out = []
    for char in _nfc(text):
        code = UNICODE_TO_TCVN3.get(char)
        if code is None and char.isupper():
            code = UNICODE_TO_TCVN3.get(char.lower())
        out.append(code if code is not None else char)
    return "".join(out)


def tcvn3_needs_capital_font(char: str) -> bool:
    """A capital that TCVN3 can only show through a `…H` font (`Ả`, `Ệ`; not `Đ`, `Ă`, `A`).

    Example:
        tcvn3_needs_capital_font("Ủ") → True; tcvn3_needs_capital_font("Đ") → False
    """
    return char.isupper() and char not in UNICODE_TO_TCVN3 and char.lower() in UNICODE_TO_TCVN3


def encode_vni(text: str) -> str:
    """Unicode → VNI (both cases exist).

    Example:
        encode_vni("Đảng bộ") → "Ñaûng boä"
    """
    return "".join(UNICODE_TO_VNI.get(char, char) for char in _nfc(text))


# ---------------------------------------------------------------------------------------------
# Vietnamese syllables: the test of whether a word reads as Vietnamese

_ONSETS = "ngh ng nh ch gh gi kh ph qu th tr b c d đ g h k l m n p r s t v x".split()
_RHYMES = """
a ai ao au ay ac ach am an ang anh ap at ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây
e eo ec em en eng ep et ê êu êch êm ên ênh êp êt
i ia iu ich im in inh ip it iêc iêm iên iêng iêp iêt iêu yêm yên yêng yêt yêu
o oi oc om on ong op ot oo ooc oong ô ôi ôc ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt
u ui ua uc um un ung up ut uôc uôi uôm uôn uông uôt
ư ưi ưa ưu ưc ưm ưn ưng ưt ươc ươi ươm ươn ương ươp ươt ươu
y yt ynh ych yp
oa oai oay oac oach oam oan oang oanh oap oat oao oăc oăm oăn oăng oăt oe oeo oen oet
uâ uân uâng uât uây uê uêch uênh uơ uy uya uych uyn uynh uyp uyt uyu uyên uyêt
""".split()
SYLLABLE_RE = regex.compile(
    "^(?:" + "|".join(_ONSETS) + ")?(?:" + "|".join(sorted(_RHYMES, key=len, reverse=True)) + ")$"
)
STOP_CODA_RE = regex.compile(r"(?:c|ch|p|t)$")
# -- a sign's letters once converted: `H§ND` → `HĐND`, `Q§` → `QĐ`
ABBREVIATION_RE = regex.compile(r"^[A-ZĐ]{2,8}$")


@lru_cache(maxsize=65_536)
def is_vietnamese_word(word: str) -> bool:
    """One Vietnamese syllable (any case, at most one tone, a stop final only with sắc or nặng), or a
    sign's capitals like `HĐND`.

    Example:
        is_vietnamese_word("Nghiêng") → True; is_vietnamese_word("c«ng") → False; is_vietnamese_word("tèt") → False
    """
    if ABBREVIATION_RE.match(word):
        return True
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [char for char in decomposed if char in TONE_MARKS]
    if len(tones) > 1:
        return False
    bare = _nfc("".join(char for char in decomposed if char not in TONE_MARKS))
    if not SYLLABLE_RE.match(bare):
        return False
    return not STOP_CODA_RE.search(bare) or tones in ([ACUTE], [DOT])


# ---------------------------------------------------------------------------------------------
# detection by statistics (PDF and plain text)

# -- Latin-1 characters that Vietnamese never uses: a word holding one is not Vietnamese as it stands
_NOT_VIETNAMESE = "".join(
    chr(code)
    for code in range(0xA1, 0x100)
    if not (chr(code).isalpha() and _nfc(chr(code)) in ("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý"))
)
_SURFACE = "".join(sorted(set(TCVN3_TO_UNICODE) | {c for code in VNI_TO_UNICODE for c in code}))
# -- a word: letters plus any character a legacy table reads as one (`§`, `¶`, `«` and the soft hyphen)
WORD_RE = regex.compile(r"[\p{L}\p{M}" + regex.escape(_SURFACE) + r"]+")
SUSPECT_WORD_RE = regex.compile(
    r"[\p{L}\p{M}"
    + regex.escape(_SURFACE)
    + r"]*["
    + regex.escape(_NOT_VIETNAMESE)
    + r"][\p{L}\p{M}"
    + regex.escape(_SURFACE)
    + r"]*"
)
# -- letters no legacy text can hold (ă đ ơ ư ĩ ũ and the toned vowels of U+1EA0…): real Unicode Vietnamese
UNICODE_VIETNAMESE_RE = regex.compile(r"[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9\u0300\u0301\u0303\u0309\u0323]")
# -- TCVN3 in a PDF whose font maps code 0xAD (ư) to the hyphen glyph: `c-êng` for `cường`
HYPHEN_FOR_U_HORN_RE = regex.compile(r"(?<=\p{L})-(?=\p{L})")
LOWER_THEN_UPPER_RE = regex.compile(r"\p{Ll}\p{Lu}")
# -- a small letter that TCVN3 writes the same in both cases (a toned vowel), where a sentence starts
_TONED_SMALL = "".join(sorted(c for c in TCVN3_TO_UNICODE.values() if tcvn3_needs_capital_font(c.upper())))
SENTENCE_START_RE = regex.compile(
    r"((?:^|(?<=[.!?]\s)|(?<=[.!?]\s\s))[\s\p{Pi}\p{Ps}]*(?:[-+•*]\s+|\d+[.)]\s+)?)([" + _TONED_SMALL + r"])(?=\p{L})",
    regex.MULTILINE,
)
ASCII_UPPER_RE = regex.compile(r"[A-Z]")
ASCII_LOWER_RE = regex.compile(r"[a-z]")

PDF_GLYPHS = {"\u2212": "\xad", "\u2219": "\xb7"}
_LETTER_OR_CODE = r"[\p{L}" + regex.escape(_SURFACE) + r"]"  # -- `¬` (ơ) is a symbol to Unicode, a letter to TCVN3
PDF_GLYPH_RE = regex.compile(rf"(?<={_LETTER_OR_CODE})[\u2212\u2219]|[\u2212\u2219](?={_LETTER_OR_CODE})")

MIN_EVIDENCE = 2  # -- words that read as Vietnamese only once converted
MIN_EVIDENCE_SHARE = 0.6  # -- of the words holding non-Vietnamese Latin-1 characters
# -- a document with this many converted words per word of real Unicode Vietnamese is legacy throughout
PREDOMINANT_RATIO = 5

CONVERTERS = {TCVN3: tcvn3_to_unicode, VNI: vni_to_unicode}


@dataclass(frozen=True, slots=True)
class LegacyVerdict:
    """What the statistics say about a text: the encoding (None: leave it alone) and the counts."""

    encoding: str | None
    evidence: int = 0  # -- suspect words that read as Vietnamese once converted
    suspects: int = 0  # -- words holding characters Vietnamese never uses
    unicode_words: int = 0  # -- words of real Unicode Vietnamese


def detect_legacy(texts: Iterable[str]) -> LegacyVerdict:
    """Decide whether texts hold TCVN3 or VNI text, by the words that only read as Vietnamese converted.

    Example:
        detect_legacy(["Ban Th­êng vô HuyÖn ñy"]).encoding → "tcvn3"
        detect_legacy(["Ban Thường vụ Huyện ủy", "Straße, café, naïve"]).encoding → None
    """
    evidence = {TCVN3: 0, VNI: 0}
    suspects = unicode_words = 0
    for text in texts:
        unicode_words += len(UNICODE_VIETNAMESE_RE.findall(text))
        for word in SUSPECT_WORD_RE.findall(text):
            suspects += 1
            for encoding, convert in CONVERTERS.items():
                if _reads_vietnamese(convert(word), encoding):
                    evidence[encoding] += 1
    encoding = max(evidence, key=evidence.__getitem__)
    found = evidence[encoding]
    if found < MIN_EVIDENCE or found < MIN_EVIDENCE_SHARE * suspects or found == evidence[_other(encoding)]:
        return LegacyVerdict(None, found, suspects, unicode_words)
    return LegacyVerdict(encoding, found, suspects, unicode_words)


def _other(encoding: str) -> str:
    return VNI if encoding == TCVN3 else TCVN3


def _reads_vietnamese(converted: str, encoding: str) -> bool:
    if encoding == TCVN3 and "-" in converted:
        return all(is_vietnamese_word(part) for part in converted.split("-") if part)
    return is_vietnamese_word(converted)


@dataclass(frozen=True, slots=True)
class LegacyConversion:
    """How to convert the texts of one document once the statistics have named its encoding.

    `predominant`: legacy text throughout, so a block without real Unicode Vietnamese is converted
    whole; otherwise only the words that read as Vietnamese once converted are.
    """

    encoding: str
    predominant: bool

    def convert(self, text: str) -> str:
        """One block or line → Unicode (words already Vietnamese are kept in a mixed block).

        Example:
            LegacyConversion("tcvn3", True).convert("Ban Th\u2212êng vô") → "Ban Thường vụ"
        """
        if self.encoding == TCVN3:
            text = restore_pdf_glyphs(text)
        return _convert_block(text, self.encoding, self.predominant)


def plan_legacy_conversion(texts: Iterable[str]) -> LegacyConversion | None:
    """The conversion for a document whose fonts are unknown (PDF, plain text), None without evidence.

    Example:
        plan_legacy_conversion(["§¶ng bé huyÖn V¨n L·ng"]) → LegacyConversion("tcvn3", predominant=True)
        plan_legacy_conversion(["Đảng bộ huyện Văn Lãng"]) → None
    """
    verdict = detect_legacy(restore_pdf_glyphs(text) for text in texts)
    if verdict.encoding is None:
        return None
    return LegacyConversion(verdict.encoding, verdict.evidence >= PREDOMINANT_RATIO * verdict.unicode_words)


def convert_legacy_blocks(texts: list[str]) -> tuple[list[str], str | None]:
    """Convert the legacy-encoded blocks of a document whose fonts are unknown (PDF, plain text).

    A block of legacy text (no real Unicode Vietnamese in it) is converted whole; in a block that
    mixes both, only words that are not Vietnamese as they stand and become Vietnamese converted are.
    A document with too little evidence is returned unchanged, with None.

    Example:
        convert_legacy_blocks(["Sè: 15-Q§/HU", "§¶ng bé huyÖn"]) → (["Số: 15-QĐ/HU", "Đảng bộ huyện"], "tcvn3")
    """
    conversion = plan_legacy_conversion(texts)
    if conversion is None:
        return list(texts), None
    return [conversion.convert(text) for text in texts], conversion.encoding


def restore_pdf_glyphs(text: str) -> str:
    """Undo what a PDF text layer makes of two TCVN3 codes, where a letter stands beside them:
    0xAD (ư) comes out as the minus sign U+2212 and 0xB7 (ã) as the bullet operator U+2219.

    (The same observation as the `viparse` package's; a minus between digits stays a minus.)

    Example:
        restore_pdf_glyphs("n\u2212íc 5\u22123") → "n\xadíc 5\u22123"
    """
    return PDF_GLYPH_RE.sub(lambda match: PDF_GLYPHS[match.group(0)], text)


def _convert_block(text: str, encoding: str, predominant: bool) -> str:
    if not UNICODE_VIETNAMESE_RE.search(text):
        if predominant or any(
            _reads_vietnamese(CONVERTERS[encoding](word), encoding) for word in SUSPECT_WORD_RE.findall(text)
        ):
            return _convert_whole(text, encoding)
    return WORD_RE.sub(lambda match: _convert_word(match.group(0), encoding), text)


def _convert_whole(text: str, encoding: str) -> str:
    converted = CONVERTERS[encoding](text)
    if encoding == VNI:
        return converted
    converted = HYPHEN_FOR_U_HORN_RE.sub(lambda match: _hyphen_or_u_horn(converted, match), converted)
    converted = WORD_RE.sub(lambda match: _restore_capitals(match.group(0)), converted)
    return _sentence_capitals("\n".join(_capital_line(line) for line in converted.split("\n")))


def _capital_line(line: str) -> str:
    """A line of capital words with a few `Uỷ`, `Ðồng` among them was typed in a `…H` font throughout:
    TCVN3 gives a toned capital its lower-case code, so only the words' first letters kept their case."""
    words = WORD_RE.findall(line)
    capitals = [word for word in words if word.isupper()]
    # -- at least one capital Vietnamese word, not only a sign's letters (`Số: 18-QĐ/HU` stays as it is)
    if all(ABBREVIATION_RE.match(word) or word.isascii() for word in capitals) or len(capitals) * 2 < len(words):
        return line
    if not all(word[0].isupper() for word in words):
        return line
    return WORD_RE.sub(lambda match: match.group(0).upper(), line)


def _sentence_capitals(text: str) -> str:
    """`ñy ban …` at the start of a line, a list item or a sentence is `Ủy ban …`: TCVN3 has no code for
    a capital with a tone, the `…H` font that drew it is lost, and Vietnamese starts sentences in capitals."""
    return SENTENCE_START_RE.sub(lambda match: match.group(1) + match.group(2).upper(), text)


def _convert_word(word: str, encoding: str) -> str:
    if is_vietnamese_word(word):
        return word
    converted = CONVERTERS[encoding](word)
    if not is_vietnamese_word(converted):
        return word
    return _restore_capitals(converted) if encoding == TCVN3 else converted


def _hyphen_or_u_horn(text: str, match: regex.Match[str]) -> str:
    """`c-ờng` → `cường` when that makes one Vietnamese word and the two halves are not both words."""
    start = end = match.start()
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    end = match.end()
    while end < len(text) and text[end].isalpha():
        end += 1
    left, right = text[start : match.start()], text[match.end() : end]
    joined = left + "ư" + right
    if is_vietnamese_word(joined) and not (is_vietnamese_word(left) and is_vietnamese_word(right)):
        return "ư"
    return "-"


def _restore_capitals(word: str) -> str:
    """A TCVN3 word typed in a `…H` font comes out `HUYệN` or `ủY`: capitals around a lower-case
    toned letter mean the whole word is in capitals (Vietnamese has no `aB` inside a word)."""
    if LOWER_THEN_UPPER_RE.search(word) or (len(ASCII_UPPER_RE.findall(word)) >= 2 and not ASCII_LOWER_RE.search(word)):
        return word.upper()
    return word

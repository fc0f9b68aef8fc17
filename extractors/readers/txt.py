"""Plain-text reader: bytes in an unknown encoding → `Document`, paragraphs split on blank lines.

Encodings are tried from the most certain to the least: a byte-order mark (UTF-8, UTF-16, UTF-32),
strict UTF-8, then Windows-1258 and charset-normalizer's guess, kept only when the decoded text looks
like Vietnamese (or at least like text). Windows-1258 writes tone marks as combining characters;
`normalize_text` composes them (NFC). Bytes typed in the legacy TCVN3/VNI fonts are read as Latin-1
and converted (`vanban.extractors.readers.legacy`), as is such text pasted into a UTF-8 file (`§¶ng bé huyÖn`).
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import charset_normalizer
import regex

from vanban.extractors.readers.legacy import convert_legacy_blocks, plan_legacy_conversion
from vanban.extractors.text.hashing import sha256_of_bytes
from vanban.extractors.text.normalize import normalize_newlines, normalize_text
from vanban.models.document import Document, join_blocks
from vanban.models.errors import BINARY_TEXT, NO_TEXT, UNKNOWN_ENCODING, UnreadableDocument

# -- longest BOM first: the UTF-32-LE mark starts with the UTF-16-LE one
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# -- the plausibility checks look at this much decoded text; enough for a verdict, cheap on big files
SAMPLE_CHARS = 65_536
# -- a few corrupt bytes in an otherwise UTF-8 file are replaced (with a warning), not fatal
MAX_REPLACED_SHARE = 0.001
MIN_VIETNAMESE_SHARE = 0.97
MAX_CONTROL_SHARE = 0.005

PARAGRAPH_BREAK_RE = regex.compile(r"\n[ \t]*\n\s*")
TRAILING_SPACE_RE = regex.compile(r"[ \t]+$", regex.MULTILINE)
LETTER_RE = regex.compile(r"[^\W\d_]")
COMBINING_MARK_RE = regex.compile(r"\p{M}")
# -- a capital right after a small letter inside a word (`ÐaÒng`): mojibake, not Vietnamese
MIXED_CASE_RE = regex.compile(r"\p{Ll}\p{Lu}")
# -- C0 controls other than tab, newline, carriage return and form feed, plus DEL
CONTROL_RE = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _vietnamese_letters() -> str:
    vowels = "aăâeêioôơuưy"
    tones = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    letters = {unicodedata.normalize("NFC", v + t) for v in vowels for t in tones}
    letters |= set("bcdđfghjklmnpqrstvwxz")
    return "".join(sorted(letters | {c.upper() for c in letters}))


VIETNAMESE_LETTER_RE = regex.compile("[" + regex.escape(_vietnamese_letters()) + "]")


def read_txt(path: Path, *, sha256: str | None = None) -> Document:
    """Read a text file in UTF-8/UTF-16/UTF-32 (BOM or not), Windows-1258 or another plausible encoding.

    Example:
        read_txt(Path("nghi-quyet.txt")) → Document(format="txt", encoding="utf-8", blocks=[paragraph, …])

    Args:
        sha256: the file's content hash when the caller has just taken it; otherwise the bytes read are hashed.

    Raises:
        UnreadableDocument: binary content, an encoding that gives no plausible text, or no text at all.
    """
    path = Path(path)
    data = path.read_bytes()
    text, encoding, warnings = decode_text_bytes(data, name=str(path))
    # -- legacy text is converted before normalising: TCVN3's ư is the soft hyphen, which normalising drops
    raw_paragraphs, legacy_encoding = convert_legacy_blocks(PARAGRAPH_BREAK_RE.split(normalize_newlines(text)))
    paragraphs = [TRAILING_SPACE_RE.sub("", normalize_text(part)).strip("\n") for part in raw_paragraphs]
    kept = [part for part in paragraphs if part.strip()]
    pieces = [(part, {"kind": "paragraph", "paragraph": index}) for index, part in enumerate(kept)]
    body, blocks = join_blocks(pieces)
    if not body:
        raise UnreadableDocument(f"{str(path)!r} has no text (only whitespace)", problem=NO_TEXT)
    return Document(
        path=str(path),
        sha256=sha256 or sha256_of_bytes(data),
        format="txt",
        text=body,
        blocks=blocks,
        encoding=encoding,
        legacy_encoding=legacy_encoding,
        warnings=warnings,
    )


def decode_text_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str, list[str]]:
    """Decode bytes to text: (text, encoding name, warnings).

    Example:
        decode_text_bytes("Đảng bộ".encode("utf-16")) → ("Đảng bộ", "utf-16", [])

    Raises:
        UnreadableDocument: with the reason (binary, or no encoding gives plausible text).
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), encoding, name), encoding, []
            except UnicodeDecodeError as error:
                raise UnreadableDocument(
                    f"{name!r} starts with a {encoding} byte-order mark but does not decode: {error}",
                    problem=UNKNOWN_ENCODING,
                ) from None
    if b"\x00" not in data:
        try:
            return _checked(data.decode("utf-8"), "utf-8", name), "utf-8", []
        except UnicodeDecodeError:
            pass
        lenient = data.decode("utf-8", errors="replace")
        replaced = lenient.count("\ufffd")
        if replaced <= MAX_REPLACED_SHARE * len(lenient):
            warning = f"{replaced} invalid UTF-8 byte sequence(s) replaced by U+FFFD"
            return _checked(lenient, "utf-8", name), "utf-8", [warning]
    return _decode_guessed(data, name)


def _decode_guessed(data: bytes, name: str) -> tuple[str, str, list[str]]:
    candidates: list[tuple[str, str]] = []
    if b"\x00" not in data:
        try:
            candidates.append(("cp1258", data.decode("cp1258")))
        except UnicodeDecodeError:
            pass
        # -- 8-bit TCVN3/VNI bytes: read as Latin-1 they are the characters the legacy tables convert
        if not _plausible(*candidates) and plan_legacy_conversion([data.decode("latin-1")]) is not None:
            return data.decode("latin-1"), "latin-1", []
    guess = charset_normalizer.from_bytes(data).best()
    if guess is not None and guess.encoding != "cp1258":
        candidates.append((guess.encoding, str(guess)))
    scored = [(vietnamese_share(text), encoding, text) for encoding, text in candidates]
    # -- highest share wins; on a tie the earlier candidate (Windows-1258) stays first
    scored.sort(key=lambda item: -item[0])
    for share, encoding, text in scored:
        if share >= MIN_VIETNAMESE_SHARE and control_share(text) <= MAX_CONTROL_SHARE:
            # -- Windows-1258 is the expected legacy encoding; any other guess is worth a look
            warnings = [] if encoding == "cp1258" else [f"not UTF-8: encoding guessed as {encoding}"]
            return text, encoding, warnings
    if b"\x00" in data or any(control_share(text) > MAX_CONTROL_SHARE for _, _, text in scored) or not scored:
        raise UnreadableDocument(f"{name!r} looks binary (NUL or control bytes), not a text file", problem=BINARY_TEXT)
    tried = ", ".join(f"{enc} ({share:.0%} Vietnamese letters)" for share, enc, _ in scored)
    raise UnreadableDocument(
        f"{name!r} is not UTF-8/UTF-16 and no encoding gives plausible Vietnamese text (tried {tried}); "
        "re-save it as UTF-8",
        problem=UNKNOWN_ENCODING,
    )


def _plausible(*candidates: tuple[str, str]) -> bool:
    return any(
        vietnamese_share(text) >= MIN_VIETNAMESE_SHARE and control_share(text) <= MAX_CONTROL_SHARE
        for _, text in candidates
    )


def _checked(text: str, encoding: str, name: str) -> str:
    if control_share(text) > MAX_CONTROL_SHARE:
        raise UnreadableDocument(
            f"{name!r} decodes as {encoding} but holds control characters: binary, not a text file",
            problem=BINARY_TEXT,
        )
    return text


def vietnamese_share(text: str) -> float:
    """Share of letters (and stray combining marks) that belong to the Vietnamese alphabet.

    A capital inside a word counts against the share: Windows-1258 read as Windows-1252 gives
    mostly Vietnamese letters (`ÐaÒng bôò` for `Đảng bộ`) but in the wrong case.

    Example:
        vietnamese_share("Đảng bộ") → 1.0; vietnamese_share("ÐaÒng bôò") → 0.75
    """
    sample = unicodedata.normalize("NFC", text[:SAMPLE_CHARS])
    letters = len(LETTER_RE.findall(sample)) + len(COMBINING_MARK_RE.findall(sample))
    if not letters:
        return 0.0
    good = len(VIETNAMESE_LETTER_RE.findall(sample)) - len(MIXED_CASE_RE.findall(sample))
    return max(good, 0) / letters


def control_share(text: str) -> float:
    """Share of control characters (binary data decodes to many)."""
    sample = text[:SAMPLE_CHARS]
    return len(CONTROL_RE.findall(sample)) / max(len(sample), 1)

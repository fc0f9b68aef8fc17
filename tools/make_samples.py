"""Render the sample documents of samples/ and their gold facts from hand-annotated sources.

Each `samples/sources/NAME.md` is written once: a front-matter block with the header fields, then
the body, one paragraph a line. Facts are marked by hand inside the text, so the gold and the
rendered document can never drift apart:

    {d:2021-03-05|ngày 5/3/2021}                      date, value
    {c:4600;q=trên|trên 4.600 đảng viên}               count, value (unit = the text after the number)
    {c:6-8;u=lớp|từ 6 đến 8 lớp}                       count range, unit given
    {p:92.5|92,5%}                                     percent, value
    {o|Huyện ủy Bình Gia}  {o:Ủy ban nhân dân tỉnh|UBND tỉnh}    org, optional normalized
    {r:Nghị quyết;21;21-NQ/TW;2022-06-16|Nghị quyết số 21-NQ/TW, {d:2022-06-16|ngày 16/6/2022}}
                                                       docref: doc_type;number;symbol;date (any empty)
    {t:{"lead": ["Văn phòng"], "action": "tổng hợp", "deadline": "2025-06-30"}|Văn phòng tổng hợp …}
                                                       task: lead, support, action, deadline, recurrence
    {n:{"name": "Lương Văn Tấn", "posts": ["Trưởng Ban"], "honorific": "đồng chí"}|đồng chí Lương Văn Tấn, Trưởng Ban}
                                                       person: name (default: the text), posts, honorific, signer

A task's or person's text is the span the fact covers: its action and its name must be inside it;
its leads and supports must be somewhere in the document (a heading or a table column may hold them).

The tool only turns those marks into JSON; it never guesses a fact. Output (idempotent, byte for
byte: fixed timestamps in .docx zips and PDF metadata): samples/NAME.{docx,pdf,txt} and NAME.json.

Example:
    .venv/bin/python tools/make_samples.py            # all sources, samples/heldout/sources/docx/ too
    .venv/bin/python tools/make_samples.py quyet-dinh-152-hu
"""

from __future__ import annotations

import importlib.util
import io
import itertools
import json
import re
import sys
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # -- run as a script from anywhere: the project's packages are importable

from vanban.extractors.readers.legacy import TCVN3, VNI, encode_tcvn3, encode_vni, tcvn3_needs_capital_font  # noqa: E402

SAMPLES_DIR = ROOT / "samples"
SOURCES_DIR = SAMPLES_DIR / "sources"
SOURCE_LABEL = "vanban samples (written by the team)"
# -- held-out documents that need Word (a table): rendered like the samples, into samples/heldout/
HELDOUT_DIR = SAMPLES_DIR / "heldout"
HELDOUT_SOURCES_DIR = HELDOUT_DIR / "sources" / "docx"
HELDOUT_LABEL = "vanban held-out samples (written for evaluation)"

DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
FIXED_TIME = datetime(2024, 1, 1, tzinfo=UTC)
ZIP_TIME = (2024, 1, 1, 0, 0, 0)

UNICODE_FONT = "Times New Roman"
TCVN3_FONT, TCVN3_CAPITALS_FONT, VNI_FONT = ".VnTime", ".VnTimeH", "VNI-Times"
SIGNED = "(Đã ký)"
LINE_BREAK = " // "  # -- in front-matter values: one line of a header cell ends here
RECIPIENTS_LABEL = "Nơi nhận:"
STATE_SUB_MOTTO = "Độc lập - Tự do - Hạnh phúc"
KIND_LETTERS = {"d": "date", "c": "count", "p": "percent", "o": "org", "r": "docref", "t": "task", "n": "person"}
MARK_OPEN_RE = re.compile(r"\{([dcportn])([:|])")
# -- every sample is gold-annotated for every kind; a gold file says so, so a scorer can tell "none" from "not looked for"
ANNOTATED_KINDS = ("date", "count", "percent", "org", "docref", "task", "person")
TASK_KEYS = {"lead", "support", "action", "deadline", "recurrence"}
PERSON_KEYS = {"name", "posts", "honorific", "signer"}
DEADLINE_RE = re.compile(r"^(\d{4}(-Q[1-4]|-\d{2}(-\d{2})?)?|--\d{2}(-\d{2})?)$")
NUMBER_THEN_UNIT_RE = re.compile(r"^[\d.,]+\s+(.+)$", re.DOTALL)
# -- table rows are `| a | b |`; cells split on a bar with spaces around it, marks use a bare bar
TABLE_CELL_SPLIT_RE = re.compile(r"\s\|\s")
PLACE_RE = re.compile(r"^\s*([^,]+?)\s*,")
RECIPIENT_BULLET_RE = re.compile(r"^\s*[-–]\s*")
RECIPIENT_TAIL_RE = re.compile(r"[;,.]\s*$")
FORMATS = ("docx", "pdf", "txt")


# ---------------------------------------------------------------------------------------------
# annotated text


@dataclass
class Annotated:
    """Plain text with the facts marked in it; each fact keeps its offsets for ordering."""

    text: str
    facts: list[dict[str, Any]] = field(default_factory=list)

    def gold_facts(self) -> list[dict[str, Any]]:
        ordered = sorted(self.facts, key=lambda f: (f["_start"], -f["_end"]))
        return [{k: v for k, v in f.items() if not k.startswith("_")} for f in ordered]


def _number(raw: str) -> int | float:
    return float(raw) if "." in raw else int(raw)


def _count_fields(attrs: list[str], text: str) -> dict[str, Any]:
    value_raw, options = attrs[0], dict(a.split("=", 1) for a in attrs[1:])
    low, dash, high = value_raw.partition("-")
    value: Any = [_number(low), _number(high)] if dash else _number(value_raw)
    unit = options.get("u")
    qualifier = options.get("q")
    if qualifier and qualifier.split()[0] not in text:
        raise ValueError(f"count {text!r}: qualifier {qualifier!r} is not in its text")
    if unit is None:
        rest = text
        if qualifier and rest.startswith(qualifier):
            rest = rest[len(qualifier) :].strip()
        elif qualifier and rest.endswith(qualifier):  # -- `2.500 đảng viên trở lên`
            rest = rest[: -len(qualifier)].strip()
        found = NUMBER_THEN_UNIT_RE.match(rest)
        if not found:
            raise ValueError(f"count {text!r}: write its unit as u=…")
        unit = found.group(1)
    fields: dict[str, Any] = {"value": value, "unit": unit}
    if qualifier:
        fields["qualifier"] = qualifier
    return fields


def _docref_fields(attrs: list[str]) -> dict[str, Any]:
    doc_type, number, symbol, date = (attrs + ["", "", "", ""])[:4]
    fields: dict[str, Any] = {"doc_type": doc_type, "number": (int(number) if number.isdigit() else number) or None}
    if symbol:
        fields["symbol"] = symbol
    if date:
        fields["date"] = date
    return fields


def _json_attrs(kind: str, attr_text: str, allowed: set[str], text: str) -> dict[str, Any]:
    attrs = json.loads(attr_text) if attr_text else {}
    if not isinstance(attrs, dict) or set(attrs) - allowed:
        raise ValueError(f"{kind} {text!r}: marks take a JSON object with keys among {sorted(allowed)}")
    return attrs


def _task_fields(attr_text: str, text: str) -> dict[str, Any]:
    attrs = _json_attrs("task", attr_text, TASK_KEYS, text)
    lead, action, deadline = attrs.get("lead"), attrs.get("action"), attrs.get("deadline")
    if not lead or not isinstance(lead, list):
        raise ValueError(f"task {text!r}: give its lead as a list")
    if not action or action not in text:
        raise ValueError(f"task {text!r}: its action {action!r} must be written inside its text")
    if deadline is not None and not DEADLINE_RE.match(deadline):
        raise ValueError(f"task {text!r}: deadline {deadline!r} is not ISO 8601 at a written precision")
    fields: dict[str, Any] = {"lead": lead, "support": attrs.get("support", []), "action": action, "deadline": deadline}
    if attrs.get("recurrence"):
        fields["recurrence"] = attrs["recurrence"]
    return fields


def _person_fields(attr_text: str, text: str) -> dict[str, Any]:
    attrs = _json_attrs("person", attr_text, PERSON_KEYS, text)
    name = attrs.get("name", text)
    if name not in text:
        raise ValueError(f"person {text!r}: name {name!r} must be written inside its text")
    posts = attrs.get("posts", [])
    # -- the signer's post is the role line above the signature, not inside the name's text
    strays = [post for post in posts if post not in text and not attrs.get("signer")]
    if strays:
        raise ValueError(f"person {text!r}: posts {strays} are not inside its text")
    fields: dict[str, Any] = {"name": name, "posts": posts}
    if attrs.get("honorific"):
        fields["honorific"] = attrs["honorific"]
    if attrs.get("signer"):
        fields["signer"] = True
    return fields


def _fact(kind: str, attr_text: str, text: str) -> dict[str, Any]:
    fact: dict[str, Any] = {"kind": kind, "text": text}
    if kind == "task":
        fact.update(_task_fields(attr_text, text))
        return fact
    if kind == "person":
        fact.update(_person_fields(attr_text, text))
        return fact
    attrs = attr_text.split(";") if attr_text else []
    if kind == "date":
        fact["value"] = attrs[0]
    elif kind == "percent":
        fact["value"] = _number(attrs[0])
    elif kind == "count":
        fact.update(_count_fields(attrs, text))
    elif kind == "org":
        if attrs:
            fact["normalized"] = attr_text
    else:
        fact.update(_docref_fields(attrs))
    return fact


def parse_annotated(raw: str) -> Annotated:
    """Strip the fact marks, keeping each fact with its offsets in the plain text.

    Example:
        parse_annotated("họp {d:2022-09-20|ngày 20/9/2022}").text → "họp ngày 20/9/2022"
    """
    out: list[str] = []
    facts: list[dict[str, Any]] = []
    # -- stack of open marks: (kind, attrs or None while still reading them, start offset in out)
    stack: list[list[Any]] = []
    i, length = 0, 0
    while i < len(raw):
        opened = MARK_OPEN_RE.match(raw, i)
        if opened:
            kind = KIND_LETTERS[opened.group(1)]
            i = opened.end()
            attrs = ""
            if opened.group(2) == ":":
                bar = raw.index("|", i)
                attrs, i = raw[i:bar], bar + 1
            stack.append([kind, attrs, length])
            continue
        char = raw[i]
        if char == "}" and stack:
            kind, attrs, start = stack.pop()
            text = "".join(out)[start:length]
            fact = _fact(kind, attrs, text)
            fact["_start"], fact["_end"] = start, length
            facts.append(fact)
            i += 1
            continue
        if char in "{}":
            raise ValueError(f"stray {char!r} at {i} in {raw[:80]!r}")
        out.append(char)
        length += 1
        i += 1
    if stack:
        raise ValueError(f"unclosed mark in {raw[:80]!r}")
    return Annotated("".join(out), facts)


# ---------------------------------------------------------------------------------------------
# sources


@dataclass
class BodyItem:
    """One body element: `para`, `center` (bold, centred), `heading` (bold), `right` or `table`."""

    kind: str
    content: Annotated | None = None
    rows: list[list[Annotated]] = field(default_factory=list)


@dataclass
class Source:
    name: str
    meta: dict[str, Any]
    body: list[BodyItem]

    def field_lines(self, key: str) -> list[Annotated]:
        """A front-matter value as the annotated lines of its cell (`a // b` is two lines)."""
        raw = self.meta.get(key)
        if not raw:
            return []
        whole = parse_annotated(raw.replace(LINE_BREAK, "\n"))
        return _split_lines(whole)

    def field_text(self, key: str) -> Annotated | None:
        raw = self.meta.get(key)
        return parse_annotated(raw.replace(LINE_BREAK, "\n")) if raw else None

    @property
    def is_news(self) -> bool:
        return self.meta["layout"] == "news"


def _split_lines(whole: Annotated) -> list[Annotated]:
    """Cut an annotated text at newlines, offsets made relative to each line; a fact that spans a
    newline stays with the line it starts on, so the gold keeps it once."""
    lines: list[Annotated] = []
    offset = 0
    for part in whole.text.split("\n"):
        end = offset + len(part)
        facts = [
            {**f, "_start": f["_start"] - offset, "_end": f["_end"] - offset}
            for f in whole.facts
            if offset <= f["_start"] < end + 1
        ]
        lines.append(Annotated(part, facts))
        offset = end + 1
    return lines


def _parse_front_matter(lines: list[str]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    current_list: list[str] | None = None
    for line in lines:
        if not line.strip():
            continue
        if line.startswith("- ") and current_list is not None:
            current_list.append(line[2:].strip())
            continue
        key, _, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if value:
            meta[key], current_list = value, None
        else:
            current_list = meta[key] = []
    return meta


def _parse_body(lines: list[str]) -> list[BodyItem]:
    items: list[BodyItem] = []
    for line in lines:
        line = line.rstrip()
        if not line.strip():
            continue
        if line.startswith("|"):
            inner = line.strip()[1:-1]
            cells = [parse_annotated(c.strip()) for c in TABLE_CELL_SPLIT_RE.split(inner)]
            if items and items[-1].kind == "table":
                items[-1].rows.append(cells)
            else:
                items.append(BodyItem("table", rows=[cells]))
        elif line.startswith("## "):
            items.append(BodyItem("heading", parse_annotated(line[3:])))
        elif line.startswith("# "):
            items.append(BodyItem("center", parse_annotated(line[2:])))
        elif line.startswith("@ "):
            items.append(BodyItem("right", parse_annotated(line[2:])))
        else:
            items.append(BodyItem("para", parse_annotated(line.strip())))
    return items


def read_source(path: Path) -> Source:
    """A source file → its front matter and body (marks still in place)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if lines[0].strip() != "---":
        raise ValueError(f"{path}: must open with a '---' front-matter block")
    end = lines.index("---", 1)
    meta = _parse_front_matter(lines[1:end])
    for required in ("id", "genre", "year", "format", "layout"):
        if required not in meta:
            raise ValueError(f"{path}: front matter lacks {required!r}")
    if meta["format"] not in FORMATS:
        raise ValueError(f"{path}: format {meta['format']!r}; expected one of {FORMATS}")
    return Source(path.stem, meta, _parse_body(lines[end + 1 :]))


# ---------------------------------------------------------------------------------------------
# the document in reading order, and its gold


@dataclass
class Parts:
    """The annotated pieces of one document, in reading order."""

    header_left: list[Annotated]
    header_right: list[Annotated]
    title: list[Annotated]
    subject: list[Annotated]
    body: list[BodyItem]
    recipients: list[Annotated]
    signer: list[Annotated]


def _rule(source: Source) -> Annotated:
    return Annotated("*" if source.meta["layout"] == "party" else "--------")


def parts_of(source: Source) -> Parts:
    """Split a source into header cells, title block, body and closing cells."""
    if source.is_news:
        return Parts([], [], [], [], source.body, [], [])
    left = source.field_lines("issuer_parent") + source.field_lines("issuer") + [_rule(source)]
    left += source.field_lines("sign") + source.field_lines("vv")
    right = [Annotated(source.meta["motto"])]
    if source.meta["layout"] == "state":
        right.append(Annotated(STATE_SUB_MOTTO))
    right += [Annotated("---------------"), *source.field_lines("place_date")]
    recipients = [Annotated(RECIPIENTS_LABEL)] + [parse_annotated("- " + r) for r in source.meta.get("recipients", [])]
    signer = source.field_lines("signer_role") + [parse_annotated(source.meta.get("signer_name", ""))]
    return Parts(
        left,
        right,
        source.field_lines("title"),
        source.field_lines("subject"),
        source.body,
        recipients,
        signer,
    )


def _all_annotated(parts: Parts) -> list[Annotated]:
    seq = parts.header_left + parts.header_right + parts.title + parts.subject
    for item in parts.body:
        if item.kind == "table":
            seq += [cell for row in item.rows for cell in row]
        elif item.content is not None:
            seq.append(item.content)
    return seq + parts.recipients + parts.signer


def _one_fact(annotated: Annotated | None, kind: str, what: str) -> dict[str, Any]:
    found = [f for f in (annotated.facts if annotated else []) if f["kind"] == kind]
    if len(found) != 1:
        raise ValueError(f"{what}: expected one {kind} mark, found {len(found)}")
    return found[0]


def _joined(source: Source, key: str, sep: str) -> str | None:
    lines = source.field_lines(key)
    return sep.join(line.text.strip() for line in lines) if lines else None


def header_of(source: Source) -> dict[str, Any] | None:
    """The gold header: fields from the front matter, values from its own marks."""
    if source.is_news:
        return None
    sign = _one_fact(source.field_text("sign"), "docref", f"{source.name}: sign")
    place_date = source.field_text("place_date")
    date = _one_fact(place_date, "date", f"{source.name}: place_date")
    place = PLACE_RE.match(place_date.text) if place_date else None
    vv = _joined(source, "vv", " ")
    subject = vv[len("V/v") :].strip() if vv else _joined(source, "subject", " ")
    recipients = [parse_annotated(r).text for r in source.meta.get("recipients", [])]
    recipients = [RECIPIENT_TAIL_RE.sub("", RECIPIENT_BULLET_RE.sub("", r)) for r in recipients]
    return {
        "issuer": _joined(source, "issuer", " "),
        "issuer_parent": _joined(source, "issuer_parent", " "),
        "motto": source.meta["motto"],
        "symbol": sign["symbol"],
        "number": re.split(r"[-/]", sign["symbol"])[0],
        "doc_type": sign["doc_type"],
        "place": place.group(1) if place else None,
        "date": date["value"],
        "subject": subject,
        "signer_role": _joined(source, "signer_role", " / "),
        "signer_name": signer_name.text if (signer_name := source.field_text("signer_name")) else None,
        "recipients": recipients or None,
    }


def gold_of(source: Source, label: str = SOURCE_LABEL) -> dict[str, Any]:
    """The gold JSON of one sample, in the shape of the dev corpus gold."""
    facts: list[dict[str, Any]] = []
    for annotated in _all_annotated(parts_of(source)):
        facts += annotated.gold_facts()
    _check_bodies_are_written(source, facts)
    return {
        "id": source.meta["id"],
        "source": label,
        "genre": source.meta["genre"],
        "year": int(source.meta["year"]),
        "annotated": list(ANNOTATED_KINDS),
        "header": header_of(source),
        "facts": facts,
    }


def _check_bodies_are_written(source: Source, facts: list[dict[str, Any]]) -> None:
    """A task's leads and supports are written in the document, if not inside the task's own text."""
    text = plain_text(source)
    for fact in facts:
        for body in [*fact.get("lead", []), *fact.get("support", [])] if fact["kind"] == "task" else []:
            if body not in text:
                raise ValueError(f"{source.name}: task {fact['text'][:60]!r} names {body!r}, not in the document")


# ---------------------------------------------------------------------------------------------
# .txt


def plain_text(source: Source) -> str:
    """The document as plain text: header lines, then one paragraph a line, blank lines between."""
    parts = parts_of(source)
    chunks: list[str] = []
    if not source.is_news:
        chunks.append("\n".join(a.text for a in parts.header_left))
        chunks.append("\n".join(a.text for a in parts.header_right))
        chunks.append("\n".join(a.text for a in parts.title + parts.subject))
    for item in parts.body:
        if item.kind == "table":
            chunks.append("\n".join("\t".join(c.text for c in row) for row in item.rows))
        else:
            chunks.append(item.content.text)
    if parts.recipients or parts.signer:
        chunks.append("\n".join(a.text for a in parts.signer))
        chunks.append("\n".join(a.text for a in parts.recipients))
    return "\n\n".join(chunks) + "\n"


def reading_lines(source: Source, fmt: str | None = None) -> list[str]:
    """The known text of a sample as a faithful reader gives it in `fmt` (default: the source's), line
    by line in reading order: header left cell, right cell, title, subject, body (tables row by row),
    then the closing table's left cell (recipients) and right cell (signer, `(Đã ký)` in .docx/.pdf).
    A .txt has the signer before the recipients; a PDF draws rule lines (`-----`) instead of writing them.

    Example:
        reading_lines(read_source(SOURCES_DIR / "quyet-dinh-152-hu.md"))[:2] → ["ĐẢNG BỘ TỈNH LẠNG SƠN", "HUYỆN UỶ BÌNH GIA"]
    """
    fmt = fmt or source.meta["format"]
    parts = parts_of(source)
    lines = [a.text for a in parts.header_left + parts.header_right + parts.title + parts.subject]
    for item in parts.body:
        if item.kind == "table":
            lines += [cell.text for row in item.rows for cell in row]
        else:
            lines.append(item.content.text)
    if parts.signer:
        signer = [a.text for a in parts.signer[:-1]]
        signer += [SIGNED, parts.signer[-1].text] if fmt != "txt" else [parts.signer[-1].text]
        recipients = [a.text for a in parts.recipients]
        lines += signer + recipients if fmt == "txt" else recipients + signer
    if fmt == "pdf":
        lines = [line for line in lines if not set(line) <= {"-"}]
    return [line for line in lines if line.strip()]


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258_form(text: str) -> str:
    """Windows-1258 has letters with circumflex/breve/horn but the five tones only as combining
    marks (plus a few precomposed): keep what the code page has, decompose the rest.

    Example:
        to_cp1258_form("Nghệ").encode("cp1258") works, while "Nghệ".encode("cp1258") fails
    """
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        try:
            char.encode("cp1258")
            out.append(char)
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in decomposed if c in _TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
        out.append(base + tones)
    return "".join(out)


def legacy_surface(text: str, encoding: str | None) -> str:
    """Unicode → the characters a legacy font's codes come out as outside Word (PDF text layers, text
    files): capitals with a tone get the small letter's code, as typing tools wrote them for `…H` fonts.

    Example:
        legacy_surface("Đảng bộ", "tcvn3") → "§¶ng bé";  legacy_surface("Đảng bộ", None) → "Đảng bộ"
    """
    return {TCVN3: encode_tcvn3, VNI: encode_vni}[encoding](text) if encoding else text


def _legacy_encoding(source: Source) -> str | None:
    encoding = source.meta.get("encoding")
    return encoding if encoding in (TCVN3, VNI) else None


def render_txt(source: Source, path: Path) -> None:
    """Plain text in the source's `encoding`: utf-8 (default), utf-16 (with BOM), cp1258 (CRLF), or the
    8-bit bytes of the legacy tcvn3/vni fonts."""
    text = plain_text(source)
    encoding = source.meta.get("encoding", "utf-8")
    if encoding in (TCVN3, VNI):
        data = legacy_surface(text, encoding).encode("latin-1")
    elif encoding == "utf-16":
        data = text.encode("utf-16")  # -- Python writes the BOM (little-endian) for plain "utf-16"
    elif encoding == "cp1258":
        data = to_cp1258_form(text).replace("\n", "\r\n").encode("cp1258")
    else:
        data = text.encode("utf-8")
    path.write_bytes(data)


# ---------------------------------------------------------------------------------------------
# .docx


def _set_font(run: Any, size: float, bold: bool = False, italic: bool = False, name: str | None = UNICODE_FONT) -> None:
    """Size and style; `name` None leaves the font to the paragraph style (as legacy documents do)."""
    if name is not None:
        run.font.name = name
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic


def _is_all_caps(text: str) -> bool:
    return any(c.isalpha() for c in text) and text == text.upper()


def legacy_runs(text: str, encoding: str | None) -> list[tuple[str, str | None, bool]]:
    """Unicode text → (stored text, font name or None for the style's, All Caps) runs, typed as in the
    legacy fonts' days.

    TCVN3 (Normal style in `.VnTime`): a line in capitals is one `.VnTimeH` run typed in lower case; in
    other text each capital that only the `…H` font has (`Ủ`, `Ệ`) is a one-letter `.VnTimeH` run. VNI
    (`VNI-Times` on every run, both cases exist): a line in capitals is typed in lower case and shown
    with Word's All Caps. Unicode: one run in Times New Roman.

    Example:
        legacy_runs("Ủy ban", "tcvn3") → [("ñ", ".VnTimeH", False), ("y ban", None, False)]
    """
    if encoding == TCVN3:
        if _is_all_caps(text):
            return [(encode_tcvn3(text.lower()), TCVN3_CAPITALS_FONT, False)]
        runs: list[tuple[str, str | None, bool]] = []
        for capital, group in itertools.groupby(text, key=tcvn3_needs_capital_font):
            piece = "".join(group)
            runs.append(
                (encode_tcvn3(piece.lower()), TCVN3_CAPITALS_FONT, False)
                if capital
                else (encode_tcvn3(piece), None, False)
            )
        return runs
    if encoding == VNI:
        return (
            [(encode_vni(text.lower()), VNI_FONT, True)]
            if _is_all_caps(text)
            else [(encode_vni(text), VNI_FONT, False)]
        )
    return [(text, UNICODE_FONT, False)]


def _add_text(
    paragraph: Any, text: str, size: float, bold: bool = False, italic: bool = False, legacy: str | None = None
) -> None:
    for stored, font, caps in legacy_runs(text, legacy):
        run = paragraph.add_run(stored)
        _set_font(run, size, bold, italic, font)
        if caps:
            run.font.all_caps = True
        if legacy == TCVN3:
            _soft_hyphens_as_word_writes_them(run)


def _soft_hyphens_as_word_writes_them(run: Any) -> None:
    """Word saves the byte 0xAD (TCVN3's ư) as `<w:softHyphen/>` between text pieces, not as U+00AD."""
    element = run._element
    text = run.text
    if "\xad" not in text:
        return
    for child in list(element):
        if child.tag == qn("w:t"):
            element.remove(child)
    for index, piece in enumerate(text.split("\xad")):
        if index:
            element.append(element.makeelement(qn("w:softHyphen"), {}))
        if piece:
            t = element.makeelement(qn("w:t"), {})
            t.text = piece
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            element.append(t)


def _cell_line(
    cell: Any,
    text: str,
    size: float,
    bold: bool = False,
    italic: bool = False,
    first: bool = False,
    align: str = "center",
    legacy: str | None = None,
) -> None:
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT}[align]
    paragraph.paragraph_format.space_after = Pt(0)
    _add_text(paragraph, text, size, bold, italic, legacy)


def _borderless_table(document: Any, widths: tuple[float, float]) -> Any:
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # -- Word reads the grid columns of a fixed-layout table, LibreOffice the cell widths: set both
    for column, cell, width in zip(table.columns, table.rows[0].cells, widths):
        column.width = Cm(width)
        cell.width = Cm(width)
    return table


def _docx_header(document: Any, source: Source, parts: Parts, legacy: str | None = None) -> None:
    """Issuer cell (parent, bold issuer, rule, sign, V/v) beside the motto cell (motto, rule, place and date)."""
    table = _borderless_table(document, (6.5, 9.5))
    left, right = table.rows[0].cells
    n_parent = len(source.field_lines("issuer_parent"))
    n_issuer = len(source.field_lines("issuer"))
    for i, line in enumerate(parts.header_left):
        is_issuer = n_parent <= i < n_parent + n_issuer
        is_vv = line.text.startswith("V/v") or (i > 0 and parts.header_left[i - 1].text.startswith("V/v"))
        _cell_line(left, line.text, 12 if is_vv else 13, bold=is_issuer, first=i == 0, legacy=legacy)
    n_motto = 2 if source.meta["layout"] == "state" else 1
    n_place = len(source.field_lines("place_date"))
    for i, line in enumerate(parts.header_right):
        is_motto = i < n_motto
        is_place_date = i >= len(parts.header_right) - n_place
        size = 14 if i == 1 and is_motto else 13  # -- the sub-motto is a size larger than the motto
        _cell_line(right, line.text, size, bold=is_motto, italic=is_place_date, first=i == 0, legacy=legacy)


def _docx_paragraph(document: Any, text: str, kind: str, legacy: str | None = None) -> None:
    """A body paragraph: `para` justified with a first-line indent, `heading` the same in bold,
    `center` and `right` bold and aligned."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.alignment = {
        "para": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "heading": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }.get(kind, WD_ALIGN_PARAGRAPH.CENTER)
    if kind in ("para", "heading"):
        paragraph.paragraph_format.first_line_indent = Cm(1)
    _add_text(paragraph, text, 14, bold=kind != "para", legacy=legacy)


def _docx_figures(document: Any, rows: list[list[Annotated]], legacy: str | None = None) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, row in enumerate(rows):
        for c, cell_text in enumerate(row):
            paragraph = table.cell(r, c).paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if c == 1 and r > 0 else WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_after = Pt(0)
            _add_text(paragraph, cell_text.text, 12, bold=r == 0, legacy=legacy)


def _docx_closing(document: Any, parts: Parts, legacy: str | None = None) -> None:
    table = _borderless_table(document, (8.0, 8.0))
    left, right = table.rows[0].cells
    for i, line in enumerate(parts.recipients):
        is_label = line.text == RECIPIENTS_LABEL
        _cell_line(
            left,
            line.text,
            12 if is_label else 11,
            bold=is_label,
            italic=is_label,
            first=i == 0,
            align="left",
            legacy=legacy,
        )
    roles, name = parts.signer[:-1], parts.signer[-1]
    for i, line in enumerate(roles):
        _cell_line(right, line.text, 14, bold=True, first=i == 0, legacy=legacy)
    _cell_line(right, SIGNED, 14, italic=True, legacy=legacy)
    _cell_line(right, "", 14, legacy=legacy)
    _cell_line(right, name.text, 14, bold=True, legacy=legacy)


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a .docx zip with fixed entry times so re-running the tool changes no bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def new_a4_document(font: str) -> Any:
    """An empty .docx laid out as an official document: A4, margins 2/2/3/2 cm, 14 pt `font`, a fixed date."""
    document = docx.Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)
    style = document.styles["Normal"]
    style.font.name, style.font.size = font, Pt(14)
    document.core_properties.created = FIXED_TIME.replace(tzinfo=None)
    return document


def render_docx(source: Source, path: Path) -> None:
    """A .docx with the real layout: borderless two-column header and closing tables; with `encoding:
    tcvn3|vni` typed in the legacy fonts (`legacy_runs`)."""
    parts = parts_of(source)
    legacy = source.meta.get("encoding")
    if legacy not in (None, "utf-8", TCVN3, VNI):
        raise ValueError(f"{source.name}: a .docx encoding is {TCVN3} or {VNI}, not {legacy!r}")
    legacy = _legacy_encoding(source)
    document = new_a4_document(TCVN3_FONT if legacy == TCVN3 else UNICODE_FONT)
    document.core_properties.modified = FIXED_TIME.replace(tzinfo=None)
    document.core_properties.title = parts.title[0].text if parts.title else source.name
    document.core_properties.author = "vanban samples"
    if not source.is_news:
        _docx_header(document, source, parts, legacy)
        for line in parts.title:
            _docx_paragraph(document, line.text, "center", legacy)
        for line in parts.subject:
            _docx_paragraph(document, line.text, "center", legacy)
    for item in parts.body:
        if item.kind == "table":
            _docx_figures(document, item.rows, legacy)
        else:
            _docx_paragraph(document, item.content.text, item.kind, legacy)
    if parts.signer:
        _docx_closing(document, parts, legacy)
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(_fixed_zip(buffer.getvalue()))


# ---------------------------------------------------------------------------------------------
# .pdf


# -- fpdf2 has no first-line indent; leading spaces give the indent real documents have
PDF_INDENT = "      "
NEXT_LINE = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}  # -- multi_cell: back to the left margin, next line
DEJAVU_STYLES = (("", ""), ("B", "-Bold"), ("I", "-Oblique"), ("BI", "-BoldOblique"))
PREFECT_FONT = "server/ui-v2/fonts/Geist-VariableFont_wght.ttf"


def pdf_font_files() -> dict[str, Path]:
    """DejaVu Sans in its four styles (what samples/ is rendered with), or, on a machine without it,
    the Vietnamese TTF that ships inside Prefect for every style (tests render PDFs in tmp dirs too)."""
    dejavu = {style: DEJAVU_DIR / f"DejaVuSans{suffix}.ttf" for style, suffix in DEJAVU_STYLES}
    if all(path.exists() for path in dejavu.values()):
        return dejavu
    spec = importlib.util.find_spec("prefect")
    bundled = Path(next(iter(spec.submodule_search_locations))) / PREFECT_FONT if spec else None
    if bundled is None or not bundled.exists():
        raise FileNotFoundError(f"no TTF with Vietnamese glyphs: neither {DEJAVU_DIR} nor Prefect's {PREFECT_FONT}")
    return {style: bundled for style, _ in DEJAVU_STYLES}


class SamplePDF(FPDF):
    """A4 page; with `running_header` set, a header line and a `Trang n/N` footer on every page; with
    `legacy` set, every text is written as a PDF printed from that legacy font keeps it (`§¶ng bé`)."""

    running_header: str | None = None
    legacy: str | None = None

    def normalize_text(self, text: str) -> str:
        surface = legacy_surface(text, self.legacy)
        # -- a PDF printed from a .VnTime font maps code 0xAD (TCVN3's ư) to the minus sign
        return super().normalize_text(surface.replace("\xad", "\u2212") if self.legacy == TCVN3 else surface)

    def header(self) -> None:
        if not self.running_header:
            return
        self.set_font("DejaVu", "I", 8)
        self.set_y(8)
        self.cell(0, 5, self.running_header, align="R")
        self.line(self.l_margin, 14, self.w - self.r_margin, 14)
        self.set_y(20)

    def footer(self) -> None:
        if not self.running_header:
            return
        self.set_y(-14)
        self.set_font("DejaVu", "", 8)
        self.cell(0, 5, f"Trang {self.page_no()}/{{nb}}", align="C")


def _pdf_lines(pdf: SamplePDF, x: float, width: float, lines: list[tuple[str, str, float]], top: float) -> float:
    """Centred lines in one column starting at `top`; returns the bottom. A dashes-only line is drawn."""
    y = top
    for text, style, size in lines:
        if set(text) <= {"-"}:
            pdf.line(x + width / 2 - 12, y + 1.5, x + width / 2 + 12, y + 1.5)
            y += 4
            continue
        pdf.set_font("DejaVu", style, size)
        pdf.set_xy(x, y)
        pdf.multi_cell(width, 5, text, align="C", **NEXT_LINE)
        y = pdf.get_y()
    return y


def _pdf_header(pdf: SamplePDF, source: Source, parts: Parts) -> None:
    """Issuer block and motto block side by side from the same top, then title and subject."""
    n_parent = len(source.field_lines("issuer_parent"))
    n_issuer = len(source.field_lines("issuer"))
    left = []
    for i, line in enumerate(parts.header_left):
        style = "B" if n_parent <= i < n_parent + n_issuer else ""
        left.append((line.text, style, 9 if line.text.startswith("V/v") else 10))
    n_motto = 2 if source.meta["layout"] == "state" else 1
    n_place = len(source.field_lines("place_date"))
    right = []
    for i, line in enumerate(parts.header_right):
        style = "B" if i < n_motto else "I" if i >= len(parts.header_right) - n_place else ""
        right.append((line.text, style, 10))
    top = pdf.get_y()
    bottom = max(_pdf_lines(pdf, 15, 72, left, top), _pdf_lines(pdf, 90, 108, right, top))
    pdf.set_y(bottom + 6)
    for line in parts.title:
        pdf.set_font("DejaVu", "B", 12)
        pdf.multi_cell(0, 6, line.text, align="C", **NEXT_LINE)
    for line in parts.subject:
        pdf.set_font("DejaVu", "B", 10.5)
        pdf.multi_cell(0, 5.5, line.text, align="C", **NEXT_LINE)
    pdf.ln(4)


def _pdf_table(pdf: SamplePDF, rows: list[list[Annotated]]) -> None:
    """A ruled table of figures; the first row is the heading."""
    pdf.set_font("DejaVu", "", 9)
    widths = (10, 62, 28, 28, 28) if len(rows[0]) == 5 else None
    with pdf.table(
        col_widths=widths, text_align="CENTER", line_height=5.5, headings_style=FontFace(emphasis="BOLD")
    ) as table:
        for row in rows:
            pdf_row = table.row()
            for cell in row:
                pdf_row.cell(cell.text)
    pdf.ln(3)


def _pdf_closing(pdf: SamplePDF, parts: Parts) -> None:
    """`Nơi nhận:` on the left and the signature on the right, from the same top."""
    pdf.ln(4)
    if pdf.get_y() > pdf.h - 70:
        pdf.add_page()
    top = y = pdf.get_y()
    for line in parts.recipients:
        is_label = line.text == RECIPIENTS_LABEL
        pdf.set_font("DejaVu", "BI" if is_label else "", 9 if is_label else 8.5)
        pdf.set_xy(15, y)
        pdf.multi_cell(85, 4.5, line.text, align="L", **NEXT_LINE)
        y = pdf.get_y()
    roles = [(line.text, "B", 10) for line in parts.signer[:-1]]
    signer = roles + [(SIGNED, "I", 10), (" ", "", 10), (parts.signer[-1].text, "B", 10)]
    _pdf_lines(pdf, 105, 90, signer, top)


def render_pdf(source: Source, path: Path) -> None:
    """A text PDF with the two header blocks side by side; optional running header and page numbers."""
    parts = parts_of(source)
    pdf = SamplePDF(format="A4")
    pdf.running_header = source.meta.get("running_header")
    pdf.legacy = _legacy_encoding(source)
    pdf.set_margins(20, 15, 15)
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_creation_date(FIXED_TIME)
    pdf.set_title(parts.title[0].text if parts.title else source.name)
    pdf.set_author("vanban samples")
    for style, font_file in pdf_font_files().items():
        pdf.add_font("DejaVu", style, str(font_file))
    pdf.add_page()
    if not source.is_news:
        _pdf_header(pdf, source, parts)
    for item in parts.body:
        if item.kind == "table":
            _pdf_table(pdf, item.rows)
            continue
        indent = PDF_INDENT if item.kind in ("para", "heading") else ""
        pdf.set_font("DejaVu", "" if item.kind == "para" else "B", 10.5)
        align = {"para": "J", "center": "C", "right": "R"}.get(item.kind, "L")
        pdf.multi_cell(0, 5.5, indent + item.content.text, align=align, **NEXT_LINE)
        pdf.ln(1.5)
    if parts.signer:
        _pdf_closing(pdf, parts)
    pdf.output(str(path))


# ---------------------------------------------------------------------------------------------

RENDERERS = {"docx": render_docx, "pdf": render_pdf, "txt": render_txt}


def render_as(source: Source, path: Path, fmt: str, encoding: str | None = None) -> Path:
    """Render a source in another format or encoding than its own (the same text saved differently).

    Example:
        render_as(read_source(SOURCES_DIR / "quyet-dinh-152-hu.md"), tmp / "qd.docx", "docx", "tcvn3")
    """
    meta = {**source.meta, "format": fmt}
    meta.pop("encoding", None)
    if encoding:
        meta["encoding"] = encoding
    RENDERERS[fmt](Source(source.name, meta, source.body), path)
    return path


def build(source_path: Path, out_dir: Path = SAMPLES_DIR) -> list[Path]:
    """Render one source into its document and gold; returns the files written."""
    source = read_source(source_path)
    if source.meta["id"] != source.name:
        raise ValueError(f"{source_path}: id {source.meta['id']!r} differs from the file name")
    document_path = out_dir / f"{source.name}.{source.meta['format']}"
    RENDERERS[source.meta["format"]](source, document_path)
    gold_path = out_dir / f"{source.name}.json"
    label = HELDOUT_LABEL if out_dir == HELDOUT_DIR else SOURCE_LABEL
    gold_path.write_text(json.dumps(gold_of(source, label), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return [document_path, gold_path]


def main(argv: list[str]) -> int:
    names = set(argv)
    sources = [
        (path, out_dir)
        for folder, out_dir in ((SOURCES_DIR, SAMPLES_DIR), (HELDOUT_SOURCES_DIR, HELDOUT_DIR))
        for path in sorted(folder.glob("*.md"))
        if not names or path.stem in names
    ]
    if not sources:
        print(
            f"no sources in {SOURCES_DIR} or {HELDOUT_SOURCES_DIR} matching {sorted(names) or 'anything'}",
            file=sys.stderr,
        )
        return 1
    for path, out_dir in sources:
        written = build(path, out_dir)
        print(" ".join(str(p.relative_to(ROOT)) for p in written))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

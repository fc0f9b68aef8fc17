"""Score the document header against labels: a folder of NAME.json (`{"header": {...}}`) beside NAME.pdf|.docx|…,
or a JSON Lines file of `{"id", "text", "gold": {...}}` (web texts with the fields a database lists for them).

Each field is right or wrong per document, the share of right ones its accuracy. Only the fields a label gives
are scored: a JSON Lines gold with `symbol`, `doc_type` and `subject` scores those three. Comparisons follow the
contract (facts.md): bodies, motto, place, roles and names case- and tone-style-insensitively; `symbol` as a
docref's symbol; `number` without leading zeros; `date` exactly; `subject` by prefix, because a database's
trích yếu is sometimes cut short (and nearly equal, as it has typos of its own), after a leading `về việc`;
`doc_type` also where the label gives a law's whole name as its type; `recipients` as lines, each
nearly equal, most of them on both sides. A field the label leaves null must come out
null: a value where the page has none is wrong too.

A field's value that carries text of a stamp, an e-signature box or a time stamp laid over the header is
counted apart (`stamp_text`): whatever the label says, such a value is never right.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import regex

from vanban.extractors.evaluation.evaluate import DOCUMENT_SUFFIXES
from vanban.extractors.read import read_document
from vanban.extractors.text.normalize import canonical
from vanban.models.document import HEADER_FIELDS
from vanban.models.errors import VanbanError

# -- what the signing system and the incoming-mail stamp print over a page: never part of a header field
STAMP_TEXT_RE = regex.compile(
    r"\b(?:ký bởi|người ký|thời gian ký|ngày ký|email:|cơ quan:|công văn đến|đến số|trung tâm công\b)"
    r"|\d{1,2}:\d{2}:\d{2}|\+07:00",
    regex.IGNORECASE,
)

_LEADING_VE_VIEC_RE = regex.compile(r"^(?:về việc|v/v)\s*")
SUBJECT_SIMILARITY = 0.9
RECIPIENT_LINE_SIMILARITY = 0.85
RECIPIENTS_COVERED = 0.8


@dataclass(frozen=True)
class LabelledHeader:
    name: str
    label: dict[str, Any]
    predicted: dict[str, Any] | None


@dataclass
class FieldScore:
    right: int = 0
    total: int = 0
    stamp_text: int = 0
    misses: list[tuple[str, Any, Any]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0


def _plain(value: Any) -> str:
    return " ".join(canonical(str(value)).split()).strip(" .,;:")


def _same_plain(label: Any, found: Any) -> bool:
    return _plain(label) == _plain(found)


def _same_symbol(label: Any, found: Any) -> bool:
    return "".join(_plain(label).split()) == "".join(_plain(found).split())


def _same_number(label: Any, found: Any) -> bool:
    return _plain(label).lstrip("0") == _plain(found).lstrip("0")


def _same_date(label: Any, found: Any) -> bool:
    return str(label) == str(found)


def _subject_words(value: Any) -> str:
    return _LEADING_VE_VIEC_RE.sub("", _plain(value))


def _same_subject(label: Any, found: Any) -> bool:
    # -- by prefix: a database's trích yếu may stop short; and nearly equal, for it also has typos of its own
    expected, got = _subject_words(label), _subject_words(found)
    if not expected or not got:
        return False
    return SequenceMatcher(None, expected, got[: len(expected)], autojunk=False).ratio() >= SUBJECT_SIMILARITY


def _same_doc_type(label: Any, found: Any) -> bool:
    # -- a law's database entry gives its whole name as the type (`Luật Tương trợ tư pháp về dân sự`)
    expected, got = _plain(label), _plain(found)
    return expected == got or bool(got) and expected.startswith(got + " ")


def _near(a: str, b: str) -> bool:
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= RECIPIENT_LINE_SIMILARITY


def _covered(lines: list[str], others: list[str]) -> float:
    return sum(any(_near(line, other) for other in others) for line in lines) / len(lines)


def _same_recipients(label: Any, found: Any) -> bool:
    # -- most lines, each nearly equal: a scan's `Tỉnh uÿ` for `Tỉnh uỷ` should not sink a list of ten
    expected, got = [_plain(line) for line in label or []], [_plain(line) for line in found or []]
    if not expected or not got:
        return expected == got
    return min(_covered(expected, got), _covered(got, expected)) >= RECIPIENTS_COVERED


COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "symbol": _same_symbol,
    "number": _same_number,
    "date": _same_date,
    "subject": _same_subject,
    "doc_type": _same_doc_type,
    "recipients": _same_recipients,
}


def same_field(name: str, label: Any, found: Any) -> bool:
    if label in (None, []):
        return found in (None, [])
    if found in (None, []):
        return False
    return COMPARE.get(name, _same_plain)(label, found)


def has_stamp_text(value: Any) -> bool:
    values = value if isinstance(value, list) else [value]
    return any(isinstance(text, str) and STAMP_TEXT_RE.search(text) for text in values)


def score_headers(items: list[LabelledHeader]) -> dict[str, FieldScore]:
    """Accuracy per header field over the documents whose label gives it, in HEADER_FIELDS order."""
    scores = {name: FieldScore() for name in HEADER_FIELDS}
    for item in items:
        predicted = item.predicted or {}
        for name, expected in item.label.items():
            if name not in scores or expected == "":  # -- "" is a label with nothing to say, null says "none"
                continue
            score, found = scores[name], predicted.get(name)
            score.total += 1
            stamped = has_stamp_text(found)
            score.stamp_text += stamped
            if not stamped and same_field(name, expected, found):
                score.right += 1
            else:
                score.misses.append((item.name, expected, found))
    return {name: score for name, score in scores.items() if score.total}


def labelled_folder(folder: Path) -> Iterator[LabelledHeader]:
    """NAME.json with a `header` object beside each document; a document that cannot be read has no header."""
    for label_path in sorted(folder.glob("*.json")):
        data = json.loads(label_path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "header" not in data:
            continue
        documents = [label_path.with_suffix(s) for s in DOCUMENT_SUFFIXES if label_path.with_suffix(s).exists()]
        if not documents:
            raise VanbanError(f"{label_path} has no document beside it (looked for {', '.join(DOCUMENT_SUFFIXES)})")
        label = data["header"] or dict.fromkeys(HEADER_FIELDS)
        yield LabelledHeader(label_path.stem, label, _read_header(documents[0]))


def labelled_lines(path: Path) -> Iterator[LabelledHeader]:
    """One JSON object a line with `text` and `gold`; the text is read as a .txt document would be."""
    with tempfile.TemporaryDirectory(prefix="vanban-headers-") as work:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            record = json.loads(line)
            if not isinstance(record, dict) or "text" not in record or "gold" not in record:
                raise VanbanError(f"{path}:{number}: expected an object with `text` and `gold`")
            name = str(record.get("id") or number)
            document = Path(work) / f"{number}.txt"
            document.write_text(record["text"], encoding="utf-8")
            yield LabelledHeader(name, record["gold"], _read_header(document))


def labelled_headers(path: Path) -> list[LabelledHeader]:
    if path.is_dir():
        items = list(labelled_folder(path))
    elif path.is_file() and path.suffix.lower() in (".jsonl", ".ndjson"):
        items = list(labelled_lines(path))
    else:
        raise VanbanError(f"{str(path)!r} is neither a folder of NAME.json labels nor a .jsonl file")
    if not items:
        raise VanbanError(f"no header labels in {str(path)!r}")
    return items


def _read_header(path: Path) -> dict[str, Any] | None:
    try:
        header = read_document(path).header
    except VanbanError:
        return None
    return header.to_dict() if header is not None else None

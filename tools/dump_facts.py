"""Dump every Document (header included) and its facts, one JSON line a file, to compare two versions.

A refactor that should change no behaviour must leave the dump identical: run it before and after on the
same files and diff the two.

Example:
    .venv/bin/python tools/dump_facts.py /tmp/after.jsonl samples/*.docx samples/*.pdf samples/*.txt
"""

from __future__ import annotations

import dataclasses
import json
import sys
from multiprocessing import Pool
from pathlib import Path

from vanban.extractors.facts.pipeline import extract_document
from vanban.extractors.read import read_document


def dump_one(path: str) -> str:
    """One file's line: its Document and facts as plain JSON, or the error reading it raised."""
    try:
        document = read_document(Path(path))
    except Exception as error:
        return json.dumps({"file": Path(path).name, "error": f"{type(error).__name__}: {error}"}, ensure_ascii=False)
    facts = extract_document(document)
    shown = dataclasses.asdict(document)
    shown["path"] = Path(document.path).name
    return json.dumps(
        {
            "file": Path(path).name,
            "document": shown,
            "facts": [{field.name: getattr(fact, field.name) for field in dataclasses.fields(fact)} for fact in facts],
        },
        ensure_ascii=False,
        sort_keys=True,
        default=str,
    )


def main(output: str, files: list[str]) -> None:
    with Pool(2) as pool, open(output, "w", encoding="utf-8") as out:
        for line in pool.imap(dump_one, sorted(files), chunksize=8):
            out.write(line + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])

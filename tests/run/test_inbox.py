import os
import time
from datetime import date, datetime
from pathlib import Path

import pytest

from vanban.run.inbox import (
    archive_file,
    discover,
    error_note_path,
    is_ignored,
    is_partial,
    quarantine_file,
    still_settled,
    unique_destination,
)

OLD = time.time() - 3600


def _drop(inbox: Path, relative: str, content: bytes = b"x", mtime: float = OLD) -> Path:
    path = inbox / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    os.utime(path, (mtime, mtime))
    return path


@pytest.mark.parametrize(
    "name",
    ["~$quyet-dinh.docx", ".~lock.bao-cao.docx#", ".DS_Store", ".vanban-run.lock"],
    ids=["word-lock", "libreoffice-lock", "hidden", "run-lock"],
)
def test_is_ignored_recognises_files_that_are_never_documents(name):
    assert is_ignored(Path(name))


@pytest.mark.parametrize(
    "name", ["ke-hoach.pdf.part", "tin.docx.crdownload", "x.tmp"], ids=["part", "crdownload", "tmp"]
)
def test_is_partial_recognises_copies_in_progress(name):
    assert is_partial(Path(name))


@pytest.mark.parametrize("name", ["quyet-dinh-152.docx", "bao-cao.pdf", "tin.txt"], ids=["docx", "pdf", "txt"])
def test_documents_are_neither_ignored_nor_partial(name):
    assert not is_ignored(Path(name)) and not is_partial(Path(name))


def test_discover_finds_settled_files_in_subfolders_and_leaves_the_rest(tmp_path):
    ready_doc = _drop(tmp_path, "a.docx")
    nested = _drop(tmp_path, "2024/thang-5/b.pdf")
    _drop(tmp_path, "~$a.docx")
    partial = _drop(tmp_path, "d.pdf.part")
    fresh = _drop(tmp_path, "c.txt", mtime=time.time())
    ready, waiting = discover(tmp_path, now=time.time(), settle_seconds=5)
    assert [f.path for f in ready] == [nested, ready_doc]
    assert [f.relative for f in ready] == [Path("2024/thang-5/b.pdf"), Path("a.docx")]
    assert sorted(waiting) == sorted([partial, fresh])


def test_discover_of_a_missing_inbox_is_empty(tmp_path):
    assert discover(tmp_path / "none", now=time.time(), settle_seconds=5) == ([], [])


def test_still_settled_notices_a_file_that_grew(tmp_path):
    _drop(tmp_path, "a.txt", b"one")
    (file,), _ = discover(tmp_path, now=time.time(), settle_seconds=5)
    assert still_settled(file)
    file.path.write_bytes(b"one and more")
    assert not still_settled(file)


def test_unique_destination_never_overwrites(tmp_path):
    target = tmp_path / "a.docx"
    assert unique_destination(target) == target
    target.write_bytes(b"1")
    assert unique_destination(target) == tmp_path / "a (2).docx"


def test_archive_file_moves_under_the_run_date_keeping_subfolders(tmp_path):
    inbox, archive = tmp_path / "inbox", tmp_path / "archive"
    _drop(inbox, "sub/a.docx", b"content")
    (file,), _ = discover(inbox, now=time.time(), settle_seconds=5)
    destination = archive_file(file, archive, date(2026, 11, 25))
    assert destination == archive / "2026-11-25" / "sub" / "a.docx"
    assert destination.read_bytes() == b"content"
    assert not file.path.exists()


def test_archive_file_keeps_both_when_the_same_name_arrives_twice(tmp_path):
    inbox, archive = tmp_path / "inbox", tmp_path / "archive"
    for content in (b"first", b"second"):
        _drop(inbox, "a.txt", content)
        (file,), _ = discover(inbox, now=time.time(), settle_seconds=5)
        archive_file(file, archive, date(2026, 11, 25))
    day = archive / "2026-11-25"
    assert sorted(p.read_bytes() for p in day.iterdir()) == [b"first", b"second"]


def test_quarantine_file_writes_the_reason_beside_the_file(tmp_path):
    inbox, quarantine = tmp_path / "inbox", tmp_path / "quarantine"
    _drop(inbox, "hong.docx", b"not a zip")
    (file,), _ = discover(inbox, now=time.time(), settle_seconds=5)
    destination = quarantine_file(file, quarantine, "not a ZIP archive", run_id="r1", when=datetime(2026, 11, 25, 2))
    assert destination.read_bytes() == b"not a zip"
    note = error_note_path(destination).read_text(encoding="utf-8")
    assert note.startswith("not a ZIP archive")
    assert "r1" in note and "hong.docx" in note
    assert error_note_path(destination).name == "hong.docx.error.txt"


def test_the_note_advises_in_both_languages_for_its_reason(tmp_path):
    inbox, quarantine = tmp_path / "inbox", tmp_path / "quarantine"
    _drop(inbox, "khoa.pdf", b"%PDF-1.7 encrypted")
    (file,), _ = discover(inbox, now=time.time(), settle_seconds=5)
    reason = "VB009 Tệp có mật khẩu / Password-protected file: 'khoa.pdf' is password-protected"
    destination = quarantine_file(file, quarantine, reason, run_id="r1", when=datetime(2026, 11, 25, 2))
    note = error_note_path(destination).read_text(encoding="utf-8")
    assert "lưu một bản không đặt mật khẩu" in note and "save a copy without one" in note
    assert "tệp / file: khoa.pdf" in note

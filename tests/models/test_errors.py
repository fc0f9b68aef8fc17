"""models/errors.py: every exception vanban raises is a VanbanError, and carries its catalogue entry from its raise site."""

from __future__ import annotations

import pickle

import pytest

from vanban.extractors.readers.docx import read_docx
from vanban.extractors.readers.txt import decode_text_bytes, read_txt
from vanban.models import errors
from vanban.models.errors import (
    BINARY_TEXT,
    ENCRYPTED,
    NO_TEXT,
    UNKNOWN_ENCODING,
    WRONG_CONTENT,
    UnreadableDocument,
    VanbanError,
    problem_of,
    reason_line,
)


def test_every_exception_class_of_vanban_is_a_vanban_error():
    classes = [value for value in vars(errors).values() if isinstance(value, type) and issubclass(value, BaseException)]
    assert {cls.__name__ for cls in classes} >= {
        "OcrUnavailable",
        "PackageError",
        "RunInProgress",
        "DaskUnavailable",
        "ReportNotWritten",
        "CorrectionError",
    }
    assert all(issubclass(cls, VanbanError) for cls in classes)
    # -- callers that caught the old bases still catch these
    assert issubclass(errors.CorrectionError, ValueError) and issubclass(errors.OcrUnavailable, RuntimeError)
    assert issubclass(errors.InvalidSetting, ValueError)


def test_the_problem_is_an_attribute_given_where_the_error_is_raised():
    error = UnreadableDocument("'x.pdf' is password-protected", problem=ENCRYPTED)
    assert problem_of(error) is ENCRYPTED
    assert reason_line(error) == "VB009 Tệp có mật khẩu / Password-protected file: 'x.pdf' is password-protected"
    assert problem_of(UnreadableDocument("no entry")) is None
    assert problem_of(ValueError("not ours")) is None


def test_the_problem_travels_with_the_error_out_of_a_worker_process():
    error = pickle.loads(pickle.dumps(UnreadableDocument("'x.pdf' is password-protected", problem=ENCRYPTED)))
    assert str(error) == "'x.pdf' is password-protected" and problem_of(error) == ENCRYPTED


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"\x00\x01\x02binary\x00", BINARY_TEXT),
        (b"\xff\xfe\x00\xd8", UNKNOWN_ENCODING),  # -- a UTF-16 byte-order mark, then a lone surrogate
    ],
    ids=["binary", "bad-bom"],
)
def test_a_reader_raises_with_its_problem_without_read_document(data, problem):
    with pytest.raises(UnreadableDocument) as raised:
        decode_text_bytes(data, name="x.txt")
    assert problem_of(raised.value) is problem


def test_a_file_name_no_longer_decides_the_code(tmp_path):
    # -- the code came from searching the message, which holds the path: this name used to read as VB009
    path = tmp_path / "password-protected.txt"
    path.write_text("   \n\n  ", encoding="utf-8")
    with pytest.raises(UnreadableDocument) as raised:
        read_txt(path)
    assert problem_of(raised.value) is NO_TEXT
    path = tmp_path / "not-a-docx.docx"
    path.write_bytes(b"plain text, not a ZIP")
    with pytest.raises(UnreadableDocument) as raised:
        read_docx(path)
    assert problem_of(raised.value) is WRONG_CONTENT

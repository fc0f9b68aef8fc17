"""Read limits: safe defaults, and each check refusing with its reason (their variables: tests/test_settings.py)."""

from __future__ import annotations

import io

import pytest

from tests.helpers import sample_documents
from tests.hostile import docx_bytes, pdf_bytes, zip_bomb_docx_bytes
from vanban.extractors.read import read_document
from vanban.extractors.readers.limits import DEFAULT_LIMITS, MIB, ReadLimits, check_file, prolog_verdict, time_budget
from vanban.models.errors import VanbanError, problem_of


def test_the_defaults_are_bounded():
    assert DEFAULT_LIMITS.max_file_bytes == 64 * MIB and DEFAULT_LIMITS.max_pages == 500
    assert DEFAULT_LIMITS.max_inflated_bytes == 256 * MIB and DEFAULT_LIMITS.max_seconds == 120


def _code(path, limits):
    with pytest.raises(VanbanError) as raised:
        read_document(path, limits)
    return problem_of(raised.value).code


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "to.docx"
    path.write_bytes(docx_bytes())
    assert _code(path, ReadLimits(max_file_bytes=1000)) == "VB002"
    read_document(path, ReadLimits())


def test_a_pdf_over_the_page_limit_is_refused_and_one_within_is_read(tmp_path):
    path = tmp_path / "ba-trang.pdf"
    path.write_bytes(pdf_bytes(pages=3))
    assert _code(path, ReadLimits(max_pages=2)) == "VB010"
    assert read_document(path, ReadLimits(max_pages=3)).text


def test_a_pdf_gets_time_for_each_page_other_files_the_flat_limit(tmp_path):
    pdf = tmp_path / "ba-trang.pdf"
    pdf.write_bytes(pdf_bytes(pages=3))
    docx = tmp_path / "mot.docx"
    docx.write_bytes(docx_bytes())
    limits = ReadLimits(max_seconds=100, seconds_per_pdf_page=15)
    assert time_budget(pdf, limits) == 100 + 3 * 15
    assert time_budget(docx, limits) == 100


def test_a_pdf_whose_pages_cannot_be_counted_gets_the_flat_limit(tmp_path):
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot a pdf at all\n%%EOF")
    assert time_budget(broken, ReadLimits(max_seconds=100)) == 100


def test_the_inflated_size_limit_follows_the_setting(tmp_path):
    path = tmp_path / "bom.docx"
    path.write_bytes(zip_bomb_docx_bytes(gib=1))
    assert _code(path, ReadLimits()) == "VB007"
    # -- raised far enough, the same package is read (python-docx never inflates the media part)
    assert read_document(path, ReadLimits(max_inflated_bytes=2048 * MIB, max_compression_ratio=2000)).text


def test_check_file_passes_every_sample():
    for path in sample_documents():
        check_file(path)


@pytest.mark.parametrize(
    ("xml", "verdict"),
    [
        (b'<?xml version="1.0"?>\n<w:document/>', None),
        (b'<?xml version="1.0"?><!-- <w:b> --><!DOCTYPE x [<!ENTITY a "b">]><x/>', "declares a DTD"),
        (b"\xef\xbb\xbf<!doctype x><x/>", "declares a DTD"),
        ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x><x/>'.encode("utf-16"), "declares a DTD"),
        (b'<?xml version="1.0"?><!--' + b" " * (100 * 1024) + b"--><!DOCTYPE x><x/>", "has a prolog over 64 KiB"),
        (b"", None),
    ],
    ids=["word", "dtd-after-comment", "bom", "utf16", "padded", "empty"],
)
def test_prolog_verdict_finds_a_dtd_wherever_the_prolog_hides_it(xml, verdict):
    assert prolog_verdict(io.BytesIO(xml)) == verdict

"""vanban.i18n: every message in both languages, the language picked as documented, advice fit to the reason."""

from __future__ import annotations

import string

import pytest

from vanban.i18n import MESSAGES, both, language_of, quarantine_advice, text
from vanban.models.errors import PROBLEMS


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_fields(key):
    vi, en = MESSAGES[key]
    assert vi.strip() and en.strip(), key
    assert _fields(vi) == _fields(en), key


def test_every_quarantine_reason_has_its_own_advice():
    missing = [code for code in PROBLEMS if code != "VB099" and f"advice.{code}" not in MESSAGES]
    assert not missing


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        ([], {}, "vi"),
        ([], {"LANG": "C.UTF-8"}, "vi"),
        ([], {"LANG": "en_US.UTF-8"}, "en"),
        ([], {"LC_ALL": "vi_VN.UTF-8", "LANG": "en_US.UTF-8"}, "vi"),  # -- LC_ALL wins over LANG
        ([], {"LC_ALL": "en_GB.UTF-8"}, "en"),
        (["--lang", "en", "runs"], {"LANG": "vi_VN"}, "en"),
        (["--lang=vi"], {"LC_ALL": "en_US"}, "vi"),
    ],
)
def test_language_of_the_command_line_and_locale(argv, environ, expected):
    assert language_of(argv, environ) == expected


def test_text_fills_fields_in_the_language_asked():
    assert text("err.no_workspace", "en", home="/srv/vb").startswith("the workspace /srv/vb does not exist")
    assert text("err.no_workspace", "vi", home="/srv/vb").startswith("thư mục làm việc /srv/vb không tồn tại")


@pytest.mark.parametrize(
    ("reason", "name", "vietnamese", "english"),
    [
        ("VB009 Tệp có mật khẩu / Password-protected file: x", "a.pdf", "mật khẩu", "without one"),
        ("VB006 Tệp bị hỏng hoặc bị cắt cụt / Damaged or truncated file: x", "a.docx", "chưa chép xong", "half copied"),
        ("VB004 Nội dung … / Content does not match …: OLE", "a.docx", ".doc bị đổi tên", "renamed"),
        ("VB005 Tệp Word cũ (.doc) … / Legacy .doc …: OLE", "cu.docx", "đổi lại đuôi tên", "renamed .doc"),
        ("VB002 Tệp quá lớn / File too large: 80 MB", "big.pdf", "giới hạn kích thước", "size limit"),
        ("VB006 Tệp bị hỏng / Damaged: x", "~$bao-cao.docx", "tệp khoá Word", "lock file"),
        ("not a catalogue line", "a.txt", "Sửa tệp", "Fix the file"),
    ],
)
def test_quarantine_advice_fits_the_reason_in_both_languages(reason, name, vietnamese, english):
    advice = quarantine_advice(reason, name)
    first, second = advice.splitlines()
    assert vietnamese in first and english in second


def test_both_puts_vietnamese_first():
    assert both("msg.no_runs") == "Kho dữ liệu chưa có lần chạy nào.\nThe warehouse has no runs yet."

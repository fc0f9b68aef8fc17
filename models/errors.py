"""Exceptions named after the situation, each message saying what failed, for which input, and the fix."""

from __future__ import annotations

from dataclasses import dataclass


class VanbanError(Exception):
    """Base of every error vanban raises on purpose."""


class UnsupportedFormat(VanbanError):
    """The file's kind has no reader (e.g. `.xlsx`)."""


class UnreadableDocument(VanbanError):
    """The file claims a supported kind but cannot be read (truncated, encrypted, not what its name says)."""


class WarehouseUnavailable(VanbanError):
    """The warehouse cannot be reached or opened."""


# -- the catalogue of reasons a file is set aside: a stable code to grep logs and reports for, and one
#    line in Vietnamese for the people who drop files and in English for the people who run vanban


@dataclass(frozen=True, slots=True)
class Problem:
    """One entry of the catalogue: `Problem("VB001", "Tệp rỗng", "Empty file")`."""

    code: str
    vi: str
    en: str

    def line(self, detail: str | None = None) -> str:
        """The one-line reason: code, Vietnamese / English, then the technical detail if any.

        Example:
            EMPTY_FILE.line() → "VB001 Tệp rỗng (0 byte) / Empty file (0 bytes)"
        """
        head = f"{self.code} {self.vi} / {self.en}"
        return f"{head}: {one_line(detail)}" if detail else head


EMPTY_FILE = Problem("VB001", "Tệp rỗng (0 byte)", "Empty file (0 bytes)")
FILE_TOO_LARGE = Problem("VB002", "Tệp quá lớn", "File too large")
UNSUPPORTED_TYPE = Problem("VB003", "Loại tệp không được hỗ trợ", "Unsupported file type")
WRONG_CONTENT = Problem("VB004", "Nội dung không đúng loại tệp theo đuôi tên", "Content does not match the file name's type")
LEGACY_OFFICE = Problem(
    "VB005", "Tệp Word cũ (.doc) hoặc tệp Office có mật khẩu", "Legacy .doc or password-protected Office file"
)
DAMAGED_FILE = Problem("VB006", "Tệp bị hỏng hoặc bị cắt cụt", "Damaged or truncated file")
ZIP_BOMB = Problem("VB007", "Tệp nén bung ra quá lớn (nghi zip bomb)", "Inflates too much (zip bomb?)")
UNSAFE_XML = Problem("VB008", "XML trong tệp .docx không an toàn (DTD/thực thể)", "Unsafe XML in the .docx (DTD/entities)")
ENCRYPTED = Problem("VB009", "Tệp có mật khẩu", "Password-protected file")
TOO_MANY_PAGES = Problem("VB010", "Quá nhiều trang", "Too many pages")
IMAGE_ONLY = Problem("VB011", "Chỉ có ảnh, OCR không đọc được chữ", "Images only, and OCR read no text from them")
UNKNOWN_ENCODING = Problem("VB012", "Không nhận ra bảng mã của tệp văn bản", "Unknown text encoding")
BINARY_TEXT = Problem("VB013", "Tệp .txt chứa dữ liệu nhị phân", "Binary data in a .txt file")
NO_TEXT = Problem("VB014", "Không có chữ", "No text")
TOO_SLOW = Problem("VB015", "Đọc quá thời gian cho phép", "Took too long to read")
READER_FAILED = Problem("VB016", "Bộ đọc gặp lỗi", "The reader failed")
SYMLINK = Problem("VB017", "Liên kết tượng trưng (symlink), không đi theo", "Symbolic link, not followed")
NO_PERMISSION = Problem("VB018", "Không có quyền đọc tệp", "Permission denied")
WAREHOUSE_REJECTED = Problem("VB019", "Kho dữ liệu không nhận văn bản này", "The warehouse rejected this document")
INVALID_CHARACTERS = Problem("VB020", "Văn bản chứa ký tự không hợp lệ", "Invalid characters in the text")
CHANGED_WHILE_READING = Problem(
    "VB021", "Tệp bị đổi hoặc bị xoá trong khi đọc, để lại lần chạy sau", "Changed or removed while being read; left for the next run"
)
UNREADABLE = Problem("VB099", "Không đọc được tệp", "Unreadable file")

PROBLEMS: dict[str, Problem] = {
    problem.code: problem
    for problem in (
        EMPTY_FILE, FILE_TOO_LARGE, UNSUPPORTED_TYPE, WRONG_CONTENT, LEGACY_OFFICE, DAMAGED_FILE, ZIP_BOMB,
        UNSAFE_XML, ENCRYPTED, TOO_MANY_PAGES, IMAGE_ONLY, UNKNOWN_ENCODING, BINARY_TEXT, NO_TEXT, TOO_SLOW,
        READER_FAILED, SYMLINK, NO_PERMISSION, WAREHOUSE_REJECTED, INVALID_CHARACTERS, CHANGED_WHILE_READING,
        UNREADABLE,
    )
}
# -- a reason stays one readable line in a report cell, a log line and the first line of NAME.error.txt
MAX_DETAIL_CHARS = 300


def one_line(text: str) -> str:
    """Whitespace runs (newlines included) → one space, lone surrogates → U+FFFD, cut to a readable length.

    Example:
        one_line("bad\\n  xref") → "bad xref"
    """
    text = " ".join(text.split())
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return text if len(text) <= MAX_DETAIL_CHARS else text[: MAX_DETAIL_CHARS - 1] + "…"


def problem_of(error: BaseException) -> Problem | None:
    """The catalogue entry an error was raised with (`error.problem`), if any."""
    problem = getattr(error, "problem", None)
    return problem if isinstance(problem, Problem) else None


def with_problem(error: VanbanError, problem: Problem) -> VanbanError:
    """Tag an error with its catalogue entry and return it: `raise with_problem(UnreadableDocument(…), EMPTY_FILE)`."""
    error.problem = problem  # type: ignore[attr-defined]
    return error


def reason_line(error: BaseException, *, default: Problem = UNREADABLE) -> str:
    """The one-line reason for an error: its catalogue entry (or `default`), then its own message.

    Example:
        reason_line(with_problem(UnreadableDocument("'x.pdf' is password-protected"), ENCRYPTED))
        → "VB009 Tệp có mật khẩu / Password-protected file: 'x.pdf' is password-protected"
    """
    problem = problem_of(error) or default
    return problem.line(str(error) or type(error).__name__)

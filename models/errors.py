"""Exceptions named after the situation, each message saying what failed, for which input, and the fix."""

from __future__ import annotations

from dataclasses import dataclass


class VanbanError(Exception):
    """Base of every error vanban raises on purpose; `problem` is its catalogue entry, given where it is raised.

    Example:
        raise UnreadableDocument(f"{name!r} is password-protected", problem=ENCRYPTED)
        problem_of(error) → ENCRYPTED;  reason_line(error) → "VB009 Tệp có mật khẩu / Password-protected file: …"
    """

    def __init__(self, *args: object, problem: Problem | None = None) -> None:
        super().__init__(*args)
        # -- a plain attribute, so it travels with the error out of a reader's worker process (pickled in __dict__)
        self.problem = problem


class UnsupportedFormat(VanbanError):
    """The file's kind has no reader (e.g. `.xlsx`)."""


class UnreadableDocument(VanbanError):
    """The file claims a supported kind but cannot be read (truncated, encrypted, not what its name says)."""


class WarehouseUnavailable(VanbanError):
    """The warehouse cannot be reached or opened; `retryable` is False when waiting cannot help.

    A database that does not exist, a refused password or an unsupported URL stay wrong however long one
    waits: the run's retries skip them (vanban.flows.nightly) and the command line says so at once.
    """

    def __init__(self, *args: object, problem: Problem | None = None, retryable: bool = True) -> None:
        super().__init__(*args, problem=problem)
        self.retryable = retryable


class SchedulerUnavailable(VanbanError):
    """`vanban serve` has no Prefect server to schedule with: `PREFECT_API_URL` does not answer, or the local one failed."""


class InvalidSetting(VanbanError, ValueError):
    """A `VANBAN_*` variable or option whose value vanban cannot use; the message names it and says what fits."""


class PackageError(VanbanError):
    """The ZIP is sound but is not a Word package python-docx would open (no main part, wrong type …)."""


class OcrUnavailable(VanbanError, RuntimeError):
    """Tesseract or its Vietnamese model is not installed, or Tesseract failed on the page (timeout, crash)."""


class RunInProgress(VanbanError, RuntimeError):
    """Another run holds this inbox."""


class DaskUnavailable(VanbanError):
    """The Dask scheduler of `VANBAN_DASK_ADDRESS` cannot be reached; nothing was read or moved."""


class ReportNotWritten(VanbanError):
    """The report could not be written (a full disk); the warehouse and the files are as the run left them."""


class CorrectionError(VanbanError, ValueError):
    """A reviewer's input that cannot become a correction; the message is Vietnamese, for the page."""


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
WRONG_CONTENT = Problem(
    "VB004", "Nội dung không đúng loại tệp theo đuôi tên", "Content does not match the file name's type"
)
LEGACY_OFFICE = Problem(
    "VB005", "Tệp Word cũ (.doc) hoặc tệp Office có mật khẩu", "Legacy .doc or password-protected Office file"
)
DAMAGED_FILE = Problem("VB006", "Tệp bị hỏng hoặc bị cắt cụt", "Damaged or truncated file")
ZIP_BOMB = Problem("VB007", "Tệp nén bung ra quá lớn (nghi zip bomb)", "Inflates too much (zip bomb?)")
UNSAFE_XML = Problem(
    "VB008", "XML trong tệp .docx không an toàn (DTD/thực thể)", "Unsafe XML in the .docx (DTD/entities)"
)
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
    "VB021",
    "Tệp bị đổi hoặc bị xoá trong khi đọc, để lại lần chạy sau",
    "Changed or removed while being read; left for the next run",
)
UNREADABLE = Problem("VB099", "Không đọc được tệp", "Unreadable file")

PROBLEMS: dict[str, Problem] = {
    problem.code: problem
    for problem in (
        EMPTY_FILE,
        FILE_TOO_LARGE,
        UNSUPPORTED_TYPE,
        WRONG_CONTENT,
        LEGACY_OFFICE,
        DAMAGED_FILE,
        ZIP_BOMB,
        UNSAFE_XML,
        ENCRYPTED,
        TOO_MANY_PAGES,
        IMAGE_ONLY,
        UNKNOWN_ENCODING,
        BINARY_TEXT,
        NO_TEXT,
        TOO_SLOW,
        READER_FAILED,
        SYMLINK,
        NO_PERMISSION,
        WAREHOUSE_REJECTED,
        INVALID_CHARACTERS,
        CHANGED_WHILE_READING,
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
    """The catalogue entry a vanban error was raised with, if any; None for any other exception.

    Example:
        problem_of(UnreadableDocument("'x.txt' is empty (0 bytes)", problem=EMPTY_FILE)) → EMPTY_FILE
    """
    return error.problem if isinstance(error, VanbanError) else None


def reason_line(error: BaseException, *, default: Problem = UNREADABLE) -> str:
    """The one-line reason for an error: its catalogue entry (or `default`), then its own message.

    Example:
        reason_line(UnreadableDocument("'x.pdf' is password-protected", problem=ENCRYPTED))
        → "VB009 Tệp có mật khẩu / Password-protected file: 'x.pdf' is password-protected"
    """
    problem = problem_of(error) or default
    return problem.line(str(error) or type(error).__name__)

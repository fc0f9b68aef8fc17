"""What vanban says to people, in Vietnamese (the default) and English: message keys → (vi, en).

The language: `--lang` when given, else the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set; a value
starting with `en` means English, anything else (including `C.UTF-8`) Vietnamese.

Example:
    use_language("en");  text("err.no_workspace", home="/srv/vb") → "the workspace /srv/vb does not exist; …"
    language_of(["vanban", "--lang", "en", "runs"], {}) → "en"
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

_current = DEFAULT_LANGUAGE


def language_of(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """The language a command line and environment ask for (see the module's docstring)."""
    for index, argument in enumerate(argv):
        if argument == "--lang" and index + 1 < len(argv):
            return normalise(argv[index + 1])
        if argument.startswith("--lang="):
            return normalise(argument.split("=", 1)[1])
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "").strip()
        if value:
            return normalise(value)
    return DEFAULT_LANGUAGE


def normalise(value: str) -> str:
    """`en_US.UTF-8` → "en"; `vi`, `vi_VN`, `C`, anything else → "vi"."""
    return "en" if value.strip().lower().startswith("en") else DEFAULT_LANGUAGE


def use_language(language: str) -> None:
    global _current
    _current = normalise(language)


def current_language() -> str:
    return _current


def text(key: str, language: str | None = None, /, **values: object) -> str:
    """The message `key` in `language` (default: the current one), `{name}` fields filled from `values`."""
    vi, en = MESSAGES[key]
    template = en if (language or _current) == "en" else vi
    return template.format(**values) if values else template


def both(key: str, **values: object) -> str:
    """The message in Vietnamese, then in English on the next line (for notes read by both audiences)."""
    return f"{text(key, 'vi', **values)}\n{text(key, 'en', **values)}"


# fmt: off
MESSAGES: dict[str, tuple[str, str]] = {
    # -- help: the app, shared options
    "app.help": (
        "Rút dữ kiện từ văn bản của Đảng và Nhà nước (.docx, .doc, .pdf, .txt, bản quét): hộp thư → kho dữ liệu → báo cáo.",
        "Facts out of Vietnamese Party and State documents (.docx, .doc, .pdf, .txt, scans): inbox → warehouse → report.",
    ),
    "app.epilog": (
        "Mã thoát: 0 thành công, 1 có tệp/dữ liệu không xử lý được, 2 lệnh gõ sai, 3 cấu hình hoặc kho dữ liệu có vấn đề, 130 bị ngắt (Ctrl+C).",
        "Exit codes: 0 success, 1 an input could not be processed, 2 a mistyped command, 3 a setting or the warehouse is wrong, 130 interrupted (Ctrl+C).",
    ),
    "opt.lang": ("Ngôn ngữ: vi hoặc en (mặc định theo LANG/LC_ALL, không có thì vi).", "Language: vi or en (default from LANG/LC_ALL, else vi)."),
    "opt.version": ("In phiên bản rồi thoát.", "Print the version and exit."),
    "opt.home": ("Thư mục làm việc (mặc định: $VANBAN_HOME hoặc ./vanban-home).", "Workspace folder (default: $VANBAN_HOME or ./vanban-home)."),
    "opt.inbox": ("Thư mục hộp thư (mặc định: HOME/inbox).", "Inbox folder (default: HOME/inbox)."),
    "opt.warehouse": (
        "Kho dữ liệu: postgresql://… hoặc đường dẫn tệp DuckDB (mặc định: $VANBAN_WAREHOUSE_URL hoặc HOME/warehouse.duckdb).",
        "Warehouse URL: postgresql://… or a DuckDB path (default: $VANBAN_WAREHOUSE_URL or HOME/warehouse.duckdb).",
    ),
    "help.example": ("Ví dụ:", "Example:"),
    # -- help: commands
    "run.help": (
        "Chạy luồng hằng đêm một lần ngay bây giờ trên hộp thư (tạo thư mục làm việc nếu chưa có).\n\n"
        "Bộ đọc: VANBAN_WORKERS tiến trình (mặc định mỗi lõi một tiến trình), hoặc cụm Dask ở VANBAN_DASK_ADDRESS.",
        "Run the nightly flow once now over the inbox (creates the workspace if it is missing).\n\n"
        "Readers: VANBAN_WORKERS processes (default one per core), or the Dask cluster at VANBAN_DASK_ADDRESS.",
    ),
    "run.batch_size": ("Số tệp đọc trong mỗi lượt tác vụ (mặc định 100).", "Files to read per task run (default 100)."),
    "run.settle": ("Để lại cho lần sau các tệp vừa sửa trong chừng ấy giây.", "Leave files modified this recently for the next run."),
    "run.verbose": ("Hiện nhật ký của Prefect.", "Show Prefect's log lines."),
    "run.summary_json": (
        "Ghi thêm tóm tắt lần chạy (số lượng, số giây mỗi bước) ra tệp JSON này.",
        "Also write the run's summary (counts, seconds per stage) here as JSON.",
    ),
    "serve.help": (
        "Chạy thường trực và chạy luồng theo lịch (mặc định 02:00 giờ Hà Nội hằng đêm).\n\n"
        "Không có PREFECT_API_URL thì vanban tự bật một máy chủ Prefect cục bộ (có bộ lập lịch) và in địa chỉ "
        "giao diện web để xem các lần chạy; có PREFECT_API_URL thì dùng máy chủ đó. Tạo thư mục làm việc nếu chưa có.",
        "Stay up and run the flow on a schedule (nightly at 02:00 Hanoi time by default).\n\n"
        "Without PREFECT_API_URL vanban starts a local Prefect server (with its scheduler) and prints the "
        "address of its web UI, where the runs are listed; with PREFECT_API_URL it uses that server. "
        "Creates the workspace if it is missing.",
    ),
    "serve.cron": ("Lúc chạy, dạng biểu thức cron.", "When to run, as a cron expression."),
    "serve.timezone": ("Múi giờ của biểu thức cron.", "The cron expression's time zone."),
    "extract.help": ("In các dữ kiện của văn bản, không dùng kho dữ liệu.", "Print the facts of documents, without the warehouse."),
    "extract.files": ("Các văn bản (.docx, .doc, .pdf, .txt).", "Documents (.docx, .doc, .pdf, .txt)."),
    "extract.format": ("jsonl hoặc table.", "jsonl or table."),
    "read.help": (
        "In văn bản như vanban đọc được: chữ, hoặc các khối, phần đầu và những gì nhận ra.",
        "Print a document as vanban reads it: its text, or blocks, header and what was detected.",
    ),
    "read.file": ("Một văn bản (.docx, .doc, .pdf, .txt).", "A document (.docx, .doc, .pdf, .txt)."),
    "read.format": ("text hoặc json.", "text or json."),
    "report.help": ("Dựng báo cáo HTML từ kho dữ liệu và in đường dẫn của nó.", "Render the HTML report from the warehouse and print its path."),
    "report.run": ("Chỉ các văn bản của lần chạy này (mặc định: tất cả; xem vanban runs).", "Only this run's documents (default: all; see vanban runs)."),
    "facts.help": (
        "Xuất dữ kiện của kho: JSON lines, CSV hoặc bảng Excel.\n\n"
        "CSV ghi ra tệp (--output) có BOM và tiêu đề tiếng Việt để Excel mở đúng; CSV ra đầu ra chuẩn (ống dẫn) "
        "là UTF-8 không BOM với tên cột gốc, cho chương trình khác đọc.",
        "Export the warehouse's facts: JSON lines, CSV, or an Excel sheet.\n\n"
        "CSV written to a file (--output) has a BOM and Vietnamese headers so that Excel opens it right; CSV "
        "to standard output (a pipe) is plain UTF-8 with the contract's column names, for programs.",
    ),
    "facts.format": ("jsonl, csv hoặc xlsx (xlsx cần --output).", "jsonl, csv or xlsx (xlsx needs --output)."),
    "facts.output": ("Ghi vào tệp này thay vì đầu ra chuẩn.", "Write here instead of standard output."),
    "facts.status": (
        "Chỉ dữ kiện có trạng thái duyệt này (pending, accepted, rejected, corrected; nhiều giá trị cách nhau dấu phẩy).",
        "Only facts with this review status (pending, accepted, rejected, corrected; several with commas).",
    ),
    "tasks.help": (
        "Liệt kê nhiệm vụ đang theo dõi (chưa đánh dấu hoàn thành; nhiệm vụ không hoàn thành vẫn được theo dõi) "
        "để viết thư nhắc: cơ quan "
        "chủ trì, nhiệm vụ, thời hạn, số ngày còn lại hoặc quá hạn, văn bản giao. \"Hôm nay\" tính theo giờ Việt Nam.",
        "List the tasks being followed up (not marked done; one judged not done is still followed up) for a "
        "reminder letter: lead body, task, "
        "deadline, days left or overdue, the document that assigned it. \"Today\" is judged in Vietnam time.",
    ),
    "tasks.due_within": (
        "Chỉ nhiệm vụ đến hạn trong số ngày này (14d, 14 hoặc 2w), kể cả nhiệm vụ đã quá hạn.",
        "Only tasks due within this many days (14d, 14 or 2w), overdue ones included.",
    ),
    "tasks.lead": (
        "Chỉ nhiệm vụ do cơ quan này chủ trì (không phân biệt hoa thường, có dấu hay không).",
        "Only tasks led by this body (case and tone marks do not matter).",
    ),
    "tasks.overdue": ("Chỉ nhiệm vụ đã quá hạn.", "Only overdue tasks."),
    "tasks.all": (
        "Mọi nhiệm vụ, kể cả nhiệm vụ đã đánh dấu hoàn thành.",
        "Every task, those marked done included.",
    ),
    "tasks.format": ("table, csv hoặc xlsx (xlsx cần --output).", "table, csv or xlsx (xlsx needs --output)."),
    "tasks.today": (
        "Tính số ngày từ ngày này (YYYY-MM-DD) thay vì hôm nay, để in lại thư nhắc của một ngày đã qua.",
        "Count days from this day (YYYY-MM-DD) instead of today, to reprint a past day's reminder.",
    ),
    "tasks.col.due": ("hạn cuối", "due"),
    "tasks.col.days": ("còn lại", "left"),
    "tasks.col.lead": ("chủ trì", "lead"),
    "tasks.col.action": ("nhiệm vụ", "task"),
    "tasks.col.source": ("văn bản", "document"),
    "review.help": (
        "Mở trang duyệt cho cả nhóm: người duyệt đăng nhập, chấp nhận, loại hoặc sửa dữ kiện; quyết định được ghi "
        "vào kho dữ liệu. Lần đầu, khi chưa có tài khoản, lệnh in một đường dẫn dùng một lần để tạo quản trị viên đầu tiên.",
        "Open the review page for a team: reviewers sign in and accept, reject or correct facts; decisions go to the "
        "warehouse. The first run, with no account yet, prints a one-time link that creates the first admin.",
    ),
    "review.host": (
        "Địa chỉ lắng nghe: 127.0.0.1 (chỉ máy này) hoặc 0.0.0.0 (mạng cơ quan).",
        "Address to listen on: 127.0.0.1 (this machine only) or 0.0.0.0 (the office network).",
    ),
    "review.certfile": ("Chứng chỉ TLS (PEM): phục vụ https.", "TLS certificate (PEM): serve https."),
    "review.keyfile": ("Khóa riêng TLS (PEM) của --certfile.", "TLS private key (PEM) of --certfile."),
    "review.public_url": (
        "Địa chỉ mọi người gõ khi trang đứng sau một reverse proxy.",
        "The address people type when a reverse proxy serves the page.",
    ),
    "review.allow_host": (
        "Một tên khác của máy này mà mọi người có thể gõ (lặp lại được).",
        "Another name of this machine people may type (repeatable).",
    ),
    "review.port": ("Cổng lắng nghe.", "Port to listen on."),
    "evaluate.help": (
        "Độ chính xác, độ phủ và F1 theo loại dữ kiện so với chú giải chuẩn (quy tắc khớp của facts.md); "
        "với --headers, tỉ lệ đúng của từng trường phần đầu văn bản so với nhãn.",
        "Precision, recall and F1 per fact kind against gold annotations (matching rules of facts.md); "
        "with --headers, the accuracy of each header field against labels.",
    ),
    "evaluate.gold": ("Thư mục các tệp chuẩn NAME.json bên cạnh NAME.txt|.docx|.pdf.", "Folder of NAME.json gold files beside NAME.txt|.docx|.pdf."),
    "evaluate.headers": (
        "Chấm phần đầu văn bản: thư mục NAME.json có mục `header` bên cạnh từng văn bản, hoặc tệp .jsonl {id, text, gold}.",
        "Score the header instead: a folder of NAME.json with a `header` object beside each document, "
        "or a .jsonl of {id, text, gold}.",
    ),
    "evaluate.show_errors": ("Liệt kê mọi chỗ bỏ sót và nhận nhầm.", "List every miss and false hit."),
    "evaluate.format": ("table hoặc json.", "table or json."),
    "runs.help": (
        "Liệt kê các lần chạy trong kho dữ liệu: mã, bắt đầu, kết thúc, trạng thái, số văn bản, dữ kiện, tệp cách ly.",
        "List the runs in the warehouse: id, start, end, status, documents, facts, quarantined files.",
    ),
    "runs.format": ("table hoặc json.", "table or json."),
    "runs.limit": ("Chỉ chừng ấy lần chạy gần nhất.", "Only this many of the latest runs."),
    # -- Click's own words, for the plain help and the usage errors
    "click.Usage:": ("Cách dùng:", "Usage:"),
    "click.Options": ("Tuỳ chọn", "Options"),
    "click.Commands": ("Lệnh", "Commands"),
    "click.Show this message and exit.": ("Hiện hướng dẫn này rồi thoát.", "Show this message and exit."),
    "click.default: {default}": ("mặc định: {default}", "default: {default}"),
    "click.required": ("bắt buộc", "required"),
    # -- messages
    "msg.run_done": (
        "vanban run {run_id}: {files} tệp, {loaded} đã nạp, {duplicates} trùng, {quarantined} cách ly, "
        "{waiting} để lần sau, {facts} dữ kiện → {warehouse} ({seconds} giây)",
        "vanban run {run_id}: {files} files, {loaded} loaded, {duplicates} duplicates, {quarantined} quarantined, "
        "{waiting} left for later, {facts} facts → {warehouse} ({seconds} s)",
    ),
    "msg.report": ("báo cáo: {path}", "report: {path}"),
    "msg.serve_starting": (
        "vanban serve: đang bật máy chủ Prefect cục bộ (lần đầu có thể mất một phút)…",
        "vanban serve: starting a local Prefect server (the first time can take a minute)…",
    ),
    "msg.serve_ready": (
        "vanban serve: hộp thư {inbox}, lịch {cron!r} ({timezone}); xem các lần chạy ở {ui}; Ctrl+C để dừng",
        "vanban serve: inbox {inbox}, schedule {cron!r} ({timezone}); runs are listed at {ui}; Ctrl+C to stop",
    ),
    "msg.serve_stopped": ("vanban serve: đã dừng.", "vanban serve: stopped."),
    "msg.facts_written": ("{count} dữ kiện → {path}", "{count} facts → {path}"),
    "msg.review_listening": (
        "vanban review: {base}/ (kho {warehouse}); Ctrl+C để dừng",
        "vanban review: {base}/ (warehouse {warehouse}); Ctrl+C to stop",
    ),
    "msg.review_also": ("  cũng ở: {addresses}", "  also: {addresses}"),
    "msg.review_first_admin": (
        "Chưa có tài khoản nào. Tạo quản trị viên đầu tiên (đường dẫn dùng một lần): {link}",
        "No account yet. Create the first admin (one-time link): {link}",
    ),
    "msg.extract_failed_files": (
        "{failed} trên {total} tệp không đọc được (xem các dòng trên)",
        "{failed} of {total} files could not be read (see the lines above)",
    ),
    "err.gold_or_headers": ("cho một trong hai: --gold THƯ_MỤC hoặc --headers ĐƯỜNG_DẪN", "give one of --gold FOLDER or --headers PATH"),
    "msg.evaluated": ("{count} văn bản trong {folder}", "{count} documents in {folder}"),
    "msg.evaluate_note": (
        "(org = khớp đúng nguyên văn; org~ = khớp nới, trùng từ ≥ 0,5)",
        "(org = strict text match; org~ = relaxed, word overlap ≥ 0.5)",
    ),
    "msg.no_tasks": ("Không có nhiệm vụ nào cần theo dõi.", "No task to follow up."),
    "msg.tasks_written": ("{count} nhiệm vụ → {path}", "{count} tasks → {path}"),
    "msg.no_runs": ("Kho dữ liệu chưa có lần chạy nào.", "The warehouse has no runs yet."),
    "msg.interrupted": ("đã ngắt.", "interrupted."),
    "runs.col.id": ("mã", "id"),
    "runs.col.started": ("bắt đầu", "started"),
    "runs.col.finished": ("kết thúc", "finished"),
    "runs.col.status": ("trạng thái", "status"),
    "runs.col.documents": ("văn bản", "documents"),
    "runs.col.facts": ("dữ kiện", "facts"),
    "runs.col.quarantined": ("cách ly", "quarantined"),
    # -- errors: one line each, after "vanban: "
    "err.usage": ("lệnh không đúng: {detail} (xem {command} --help)", "wrong command: {detail} (see {command} --help)"),
    "err.no_workspace": (
        "thư mục làm việc {home} không tồn tại; kiểm tra VANBAN_HOME hoặc --home (vanban run sẽ tạo nó)",
        "the workspace {home} does not exist; check VANBAN_HOME or --home (vanban run creates it)",
    ),
    "err.unknown_format": ("định dạng {value!r} không có; dùng {choices}", "unknown format {value!r}; use {choices}"),
    "err.xlsx_needs_output": (
        "tệp xlsx không ghi ra đầu ra chuẩn được: thêm --output TỆP.xlsx",
        "an xlsx file cannot go to standard output: add --output FILE.xlsx",
    ),
    "err.unknown_language": ("ngôn ngữ {value!r} không có; dùng vi hoặc en", "unknown language {value!r}; use vi or en"),
    "err.unknown_status": ("trạng thái duyệt {value} không có; dùng {choices}", "unknown review status {value}; use {choices}"),
    "err.bad_days": (
        "số ngày {value!r} không đọc được; viết như 14d, 14 hoặc 2w",
        "cannot read {value!r} as a number of days; write it as 14d, 14 or 2w",
    ),
    "err.bad_day": ("ngày {value!r} không đọc được; viết như 2024-06-30", "cannot read {value!r} as a day; write it as 2024-06-30"),
    "err.unknown_run": (
        "không có lần chạy {run_id!r} trong kho dữ liệu; xem danh sách bằng vanban runs",
        "no run {run_id!r} in the warehouse; list them with vanban runs",
    ),
    "err.cannot_write": ("không ghi được {path}: {reason}", "cannot write {path}: {reason}"),
    "err.cannot_read": ("không đọc được {path}: {reason}", "cannot read {path}: {reason}"),
    "err.is_folder": (
        "{path} là một thư mục; hãy chỉ ra từng tệp (vd. {path}/*.docx)",
        "{path} is a folder; name its files (e.g. {path}/*.docx)",
    ),
    "err.bad_schedule": ("lịch {cron!r} ({timezone}) không dùng được: {reason}", "bad schedule {cron!r} ({timezone}): {reason}"),
    "err.review_reviewer_gone": (
        "--reviewer không còn: mỗi người duyệt đăng nhập bằng tài khoản của mình (docs/review.md)",
        "--reviewer is gone: each reviewer signs in with an account (docs/review.md)",
    ),
    "err.review_cert_pair": ("--certfile và --keyfile phải đi cùng nhau", "--certfile and --keyfile go together"),
    "err.review_no_file": ("{path}: không có tệp này", "{path}: no such file"),
    "err.warehouse": ("kho dữ liệu không dùng được: {detail}", "the warehouse is not usable: {detail}"),
    "err.setting": ("cấu hình không đúng: {detail}", "a setting is wrong: {detail}"),
    "err.scheduler": ("không có máy chủ Prefect để lập lịch: {detail}", "no Prefect server to schedule with: {detail}"),
    "err.run_in_progress": ("một lần chạy khác đang giữ hộp thư: {detail}", "another run holds the inbox: {detail}"),
    "err.report": ("không ghi được báo cáo: {detail}", "the report was not written: {detail}"),
    "err.document": ("không đọc được văn bản: {detail}", "cannot read the document: {detail}"),
    "err.other": ("{detail}", "{detail}"),
    # -- the note beside a quarantined file: what to do, fit to the reason
    "note.file": ("tệp", "file"),
    "note.run": ("lần chạy", "run"),
    "note.time": ("lúc", "time"),
    "advice.default": (
        "Sửa tệp rồi thả lại vào hộp thư; không cần làm gì khác.",
        "Fix the file and drop it into the inbox again; nothing else is needed.",
    ),
    "advice.VB001": (
        "Tệp rỗng, thường do sao chép bị ngắt: sao chép lại tệp gốc vào hộp thư.",
        "The file is empty, usually a copy that was cut off: copy the original into the inbox again.",
    ),
    "advice.VB002": (
        "Tệp vượt giới hạn kích thước: tách văn bản thành các tệp nhỏ hơn, hoặc nhờ quản trị nâng giới hạn VANBAN_MAX_… rồi thả lại.",
        "The file is over the size limit: split the document, or ask the administrator to raise the VANBAN_MAX_… limit, then drop it again.",
    ),
    "advice.VB003": (
        "vanban chỉ đọc .docx, .doc, .pdf và .txt: lưu văn bản thành một trong các loại đó rồi thả lại.",
        "vanban reads only .docx, .doc, .pdf and .txt: save the document as one of those and drop it again.",
    ),
    "advice.VB004": (
        "Nội dung không khớp đuôi tên (vd. tệp .doc bị đổi tên thành .docx): mở bằng Word, chọn Lưu thành (Save As) đúng loại, hoặc trả lại đuôi tên thật.",
        "The content does not match the name (e.g. a .doc renamed to .docx): open it in Word and Save As the right type, or give it back its real extension.",
    ),
    "advice.VB005": (
        "Tệp mang đuôi .docx nhưng là tệp Word cũ (.doc bị đổi tên) hoặc tệp có mật khẩu: nếu là .doc, đổi lại đuôi tên "
        "thành .doc rồi thả lại (vanban đọc được .doc); nếu có mật khẩu, mở bằng Word, bỏ mật khẩu, lưu thành .docx.",
        "The file is named .docx but is a legacy Word file (a renamed .doc) or has a password: if it is a .doc, give it "
        "back the .doc extension and drop it again (vanban reads .doc); if it has a password, open it in Word, remove "
        "the password and save it as .docx.",
    ),
    "advice.VB006": (
        "Tệp bị hỏng hoặc chưa chép xong (bị cắt cụt): sao chép lại trọn vẹn từ bản gốc rồi thả lại.",
        "The file is damaged or was only half copied: copy it whole from the original again and drop it again.",
    ),
    "advice.VB007": (
        "Tệp nén bung ra quá lớn, có thể là tệp độc hại: đừng mở; hỏi người gửi bản gốc.",
        "The file inflates far too much and may be hostile: do not open it; ask the sender for the original.",
    ),
    "advice.VB008": (
        "Tệp .docx chứa XML không an toàn: mở bằng Word, lưu thành bản .docx mới rồi thả lại.",
        "The .docx holds unsafe XML: open it in Word, save it as a new .docx and drop it again.",
    ),
    "advice.VB009": (
        "Tệp có mật khẩu: mở bằng mật khẩu, lưu một bản không đặt mật khẩu rồi thả bản đó vào hộp thư.",
        "The file has a password: open it with the password, save a copy without one and drop that copy into the inbox.",
    ),
    "advice.VB010": (
        "Văn bản vượt giới hạn số trang: tách thành các phần nhỏ hơn, hoặc nhờ quản trị nâng giới hạn VANBAN_MAX_PAGES.",
        "The document is over the page limit: split it, or ask the administrator to raise VANBAN_MAX_PAGES.",
    ),
    "advice.VB011": (
        "Bản quét mà OCR không đọc được chữ: quét lại rõ hơn (300 dpi, thẳng trang) hoặc gửi bản .docx/.pdf có chữ.",
        "A scan in which OCR read no text: scan it again more clearly (300 dpi, straight) or send a .docx/.pdf with text.",
    ),
    "advice.VB012": (
        "Không nhận ra bảng mã: lưu lại tệp .txt với bảng mã UTF-8 (Notepad: Save As → UTF-8).",
        "Unknown encoding: save the .txt again as UTF-8 (Notepad: Save As → UTF-8).",
    ),
    "advice.VB013": (
        "Tệp .txt này không phải văn bản thuần: kiểm tra đuôi tên, đặt đúng loại tệp rồi thả lại.",
        "This .txt is not plain text: check its extension, name it for what it is and drop it again.",
    ),
    "advice.VB014": (
        "Không có chữ để đọc: kiểm tra tệp có đúng văn bản cần gửi không.",
        "There is no text to read: check that this is the document meant to be sent.",
    ),
    "advice.VB015": (
        "Đọc quá lâu: tách văn bản thành các phần nhỏ hơn, hoặc nhờ quản trị nâng giới hạn thời gian đọc.",
        "Reading took too long: split the document, or ask the administrator to raise the reading time limit.",
    ),
    "advice.VB016": (
        "Bộ đọc gặp lỗi với tệp này: mở bằng Word hoặc trình đọc PDF, lưu lại một bản mới rồi thả lại; nếu vẫn lỗi, báo quản trị.",
        "The reader failed on this file: open it in Word or a PDF reader, save a new copy and drop it again; if it fails again, tell the administrator.",
    ),
    "advice.VB017": (
        "Đây là liên kết tượng trưng, không phải tệp: chép chính tệp gốc vào hộp thư.",
        "This is a symbolic link, not a file: copy the file itself into the inbox.",
    ),
    "advice.VB018": (
        "vanban không có quyền đọc tệp: cho phép đọc (quyền của thư mục hộp thư) rồi thả lại.",
        "vanban may not read the file: allow reading (the inbox folder's permissions) and drop it again.",
    ),
    "advice.VB019": (
        "Kho dữ liệu không nhận văn bản này: báo quản trị, kèm tệp ghi chú này.",
        "The warehouse refused this document: tell the administrator and give them this note.",
    ),
    "advice.VB020": (
        "Văn bản chứa ký tự không hợp lệ: mở và lưu lại bằng Word (UTF-8) rồi thả lại.",
        "The text holds invalid characters: open and save it again in Word (UTF-8), then drop it again.",
    ),
    "advice.VB021": (
        "Tệp bị đổi trong khi đọc: chờ chép xong rồi thả lại; lần chạy sau sẽ đọc nó.",
        "The file changed while it was read: wait until the copy is done, then drop it again; the next run reads it.",
    ),
    "advice.lock_file": (
        "Đây là tệp khoá Word tạo ra khi một văn bản đang mở (tên bắt đầu bằng ~$), không phải văn bản: đóng Word và xoá tệp này.",
        "This is the lock file Word makes while a document is open (its name starts with ~$), not a document: close Word and delete it.",
    ),
}
# fmt: on

# -- Click's words in its help and usage errors, by their English text (Click has no Vietnamese catalogue)
CLICK_PHRASES = {key.removeprefix("click."): key for key in MESSAGES if key.startswith("click.")}


def click_text(message: str) -> str:
    """Click's English `message` in the current language when the catalogue has it, else unchanged."""
    key = CLICK_PHRASES.get(message)
    return text(key) if key else message


def quarantine_advice(reason: str, file_name: str) -> str:
    """What to do about a quarantined file, in Vietnamese then English, fit to its reason's code (`VB009 …`).

    Example:
        quarantine_advice("VB009 Tệp có mật khẩu / Password-protected file: …", "a.pdf") → "Tệp có mật khẩu: mở…\\nThe file…"
    """
    if file_name.startswith("~$"):
        return both("advice.lock_file")
    code = reason.split(" ", 1)[0]
    return both(f"advice.{code}" if f"advice.{code}" in MESSAGES else "advice.default")

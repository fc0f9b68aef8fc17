"""The Vietnamese words the report and the review page share: fact kinds, review statuses, actions.

Example:
    KIND_LABELS["count"] → "Số lượng";  REVIEW_STATUS_LABELS["corrected"] → "đã sửa"
"""

from __future__ import annotations

KIND_LABELS = {
    "date": "Ngày tháng",
    "count": "Số lượng",
    "percent": "Tỷ lệ",
    "org": "Tổ chức",
    "docref": "Văn bản dẫn chiếu",
    "task": "Nhiệm vụ",
    "person": "Cá nhân",
}

REVIEW_STATUS_LABELS = {
    "pending": "chờ duyệt",
    "accepted": "đã duyệt",
    "rejected": "bị loại",
    "corrected": "đã sửa",
}

# -- how far a task has got (models/schema.py TASK_PROGRESS), as the report and `vanban tasks` say it
TASK_PROGRESS_LABELS = {
    "open": "đang theo dõi",
    "done": "đã hoàn thành",
    "not_done": "không hoàn thành",
}

RUN_STATUS_LABELS = {
    "running": "đang chạy",
    "completed": "hoàn thành",
    "succeeded": "hoàn thành",
    "success": "hoàn thành",
    "ok": "hoàn thành",
    "failed": "thất bại",
    "crashed": "thất bại",
    "interrupted": "bị gián đoạn",
}

EMPTY = "—"

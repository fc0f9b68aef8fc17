import json

import pytest

from vanban.extractors.evaluation.headers import (
    LabelledHeader,
    has_stamp_text,
    labelled_headers,
    same_field,
    score_headers,
)
from vanban.models.errors import VanbanError

DECISION = """ỦY BAN NHÂN DÂN
HUYỆN THANH SƠN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 214/QĐ-UBND
Thanh Sơn, ngày 09 tháng 3 năm 2024

QUYẾT ĐỊNH
Về việc thành lập Tổ kiểm tra liên ngành

Điều 1. Thành lập Tổ kiểm tra liên ngành của huyện.
"""


def test_fields_compare_as_the_contract_says():
    assert same_field("issuer", "ỦY BAN NHÂN DÂN HUYỆN THANH SƠN", "Uỷ ban nhân dân huyện Thanh Sơn")
    assert same_field("symbol", "214/QĐ-UBND", "214/QĐ - UBND")
    assert same_field("number", "07", "7")
    assert not same_field("date", "2024-03-09", "2024-03-19")
    assert same_field("subject", "thành lập Tổ kiểm tra", "Về việc thành lập Tổ kiểm tra liên ngành")
    assert not same_field("subject", "thành lập Tổ kiểm tra liên ngành", "thành lập Tổ")
    assert same_field("doc_type", "Luật Đất đai", "Luật")
    assert not same_field("doc_type", "Luật Đất đai", "Lu")
    assert same_field("recipients", ["Như Điều 3;", "Lưu: VT."], ["Lưu: VT", "Như Điều 3"])


def test_a_null_label_wants_null_and_a_value_where_none_is_wrong():
    assert same_field("issuer_parent", None, None)
    assert not same_field("issuer_parent", None, "TỈNH ỦY PHÚ THỌ")
    assert not same_field("signer_name", "Lê Văn An", None)


def test_stamp_text_is_never_right_and_is_counted():
    stamped = "TRUNG TÂM CÔNG BÁO VÀ TIN HỌC 10:21:07 +07:00"
    assert has_stamp_text(stamped)
    assert not has_stamp_text("ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ")
    items = [LabelledHeader("a", {"issuer": stamped}, {"issuer": stamped})]
    score = score_headers(items)["issuer"]
    assert (score.right, score.total, score.stamp_text) == (0, 1, 1)


def test_a_folder_of_labels_is_read_and_scored(tmp_path):
    (tmp_path / "qd.txt").write_text(DECISION, encoding="utf-8")
    label = {"symbol": "214/QĐ-UBND", "date": "2024-03-09", "doc_type": "Quyết định", "place": "Thanh Sơn"}
    (tmp_path / "qd.json").write_text(json.dumps({"header": label}, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "facts-only.json").write_text(json.dumps({"facts": []}), encoding="utf-8")
    scores = score_headers(labelled_headers(tmp_path))
    assert set(scores) == {"symbol", "doc_type", "place", "date"}
    assert all(score.accuracy == 1.0 for score in scores.values()), {n: s.misses for n, s in scores.items()}


def test_json_lines_are_read_as_texts_and_a_wrong_field_is_a_miss(tmp_path):
    lines = tmp_path / "web.jsonl"
    records = [
        {"id": "one", "text": DECISION, "gold": {"symbol": "214/QĐ-UBND", "subject": "Thành lập Tổ kiểm tra"}},
        {"id": "two", "text": DECISION, "gold": {"symbol": "215/QĐ-UBND", "subject": ""}},
    ]
    lines.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    scores = score_headers(labelled_headers(lines))
    assert (scores["symbol"].right, scores["symbol"].total) == (1, 2)
    assert scores["symbol"].misses == [("two", "215/QĐ-UBND", "214/QĐ-UBND")]
    assert (scores["subject"].right, scores["subject"].total) == (1, 1)  # -- "" says nothing: not scored


def test_a_path_that_is_neither_folder_nor_jsonl_is_refused(tmp_path):
    (tmp_path / "x.csv").write_text("a", encoding="utf-8")
    with pytest.raises(VanbanError, match="neither a folder"):
        labelled_headers(tmp_path / "x.csv")


def test_recipients_forgive_a_misread_letter_but_not_a_missing_half():
    label = ["Như Điều 3", "Sở Tư pháp", "Thường trực Tỉnh uỷ", "CT, PCT UBND tỉnh", "Lưu: VT, NC"]
    assert same_field(
        "recipients", label, ["Như Điều 3", "Sở Tư pháp", "Thường trực Tỉnh uÿ", "CT, PCT UBND tinh", "Lưu: VT, NC"]
    )
    assert not same_field("recipients", label, label[:2])
    assert not same_field("recipients", label, [*label, "Ban Tổ chức", "Ban Dân vận", "Văn phòng"])

"""A benchmark corpus: N documents like samples/ (resolutions, decisions, reports, plans of Party
committees and People's Committees) with facts that vary, written deterministically from a seed.

Mix: 60 % .docx, 30 % text PDF, 10 % .txt (by index: of every ten documents, six, three and one);
1 to 20 pages, about 3 on average. Each document's places, bodies, dates, numbers, percentages and
document numbers come from its own random stream (`random.Random(f"{seed}:{index}")`), so document i
is the same whatever N is and the first N of a larger corpus are a smaller one. The writers are
tools/make_samples.py's (python-docx, fpdf2 with a Vietnamese TTF); a .docx says its page count in
docProps/app.xml as Word does, a PDF has exactly its pages.

The corpus is cached in bench/.corpus/<N>-<seed>/ (docs/ and, for the "1 % new" run, new/), with
manifest.json written last: a folder with a manifest is complete and is reused.

Example:
    .venv/bin/python bench/corpus.py --docs 2000 --seed 7      # → bench/.corpus/2000-7/
    corpus = ensure_corpus(2000, seed=7); corpus.docs_dir, corpus.manifest["documents"][0]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import multiprocessing
import os
import random
import re
import shutil
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # -- run as a script: the project's packages (and tools/) import

from docx.enum.table import WD_TABLE_ALIGNMENT  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.shared import Pt  # noqa: E402
from fpdf.enums import TextEmphasis  # noqa: E402

from tools.make_samples import (  # noqa: E402
    FIXED_TIME,
    NEXT_LINE,
    PDF_INDENT,
    UNICODE_FONT,
    ZIP_TIME,
    Annotated,
    BodyItem,
    SamplePDF,
    Source,
    _add_text,
    _docx_closing,
    _docx_header,
    _docx_paragraph,
    _pdf_closing,
    _pdf_header,
    _pdf_table,
    new_a4_document,
    parts_of,
    pdf_font_files,
    plain_text,
)

CACHE_DIR = Path(__file__).resolve().parent / ".corpus"
MANIFEST = "manifest.json"
FORMAT_CYCLE = ("docx",) * 6 + ("pdf",) * 3 + ("txt",)  # -- index % 10 → format: 60/30/10 exactly per ten
MAX_PAGES = 20
# -- P(pages = k) ∝ PAGE_RATIO^(k-1), k = 1..20: a mean of about 3, most documents one to three pages
PAGE_RATIO = 0.67
# -- characters of body text per page: Word's 14 pt Times on A4 with the samples' margins, and plain text
DOCX_CHARS_PER_PAGE = 2600
TXT_CHARS_PER_PAGE = 3000
NEW_SHARE = 0.01  # -- the "1 % new" run adds this share of N (at least one) documents after the N
CORPUS_VERSION = 1  # -- bump when templates change, so a cached corpus is not mistaken for the new one


# ---------------------------------------------------------------------------------------------
# vocabulary (written for the benchmark; places are real names, every sentence is ours)

PLACES: dict[str, list[str]] = {
    "Lạng Sơn": ["Bình Gia", "Văn Lãng", "Tràng Định", "Cao Lộc", "Lộc Bình", "Đình Lập", "Bắc Sơn", "Hữu Lũng"],
    "Cao Bằng": ["Trùng Khánh", "Hà Quảng", "Bảo Lạc", "Nguyên Bình", "Thạch An", "Hòa An"],
    "Hà Giang": ["Đồng Văn", "Mèo Vạc", "Yên Minh", "Quản Bạ", "Bắc Mê", "Vị Xuyên"],
    "Tuyên Quang": ["Na Hang", "Chiêm Hóa", "Hàm Yên", "Yên Sơn", "Sơn Dương"],
    "Thái Nguyên": ["Định Hóa", "Phú Lương", "Đồng Hỷ", "Võ Nhai", "Đại Từ", "Phú Bình"],
    "Bắc Kạn": ["Ba Bể", "Pác Nặm", "Ngân Sơn", "Chợ Đồn", "Na Rì", "Bạch Thông"],
    "Yên Bái": ["Lục Yên", "Văn Yên", "Mù Cang Chải", "Trạm Tấu", "Văn Chấn", "Trấn Yên"],
    "Nghệ An": ["Quỳ Châu", "Con Cuông", "Tương Dương", "Anh Sơn", "Thanh Chương", "Nghĩa Đàn"],
    "Thanh Hóa": ["Mường Lát", "Quan Sơn", "Bá Thước", "Cẩm Thủy", "Ngọc Lặc", "Thạch Thành"],
    "Quảng Trị": ["Hướng Hóa", "Đakrông", "Cam Lộ", "Gio Linh", "Vĩnh Linh", "Triệu Phong"],
    "Quảng Nam": ["Nam Giang", "Phước Sơn", "Tây Giang", "Đông Giang", "Hiệp Đức", "Tiên Phước"],
    "Đắk Lắk": ["Ea Súp", "Krông Bông", "Lắk", "M'Đrắk", "Cư Kuin", "Krông Năng"],
    "Sóc Trăng": ["Mỹ Tú", "Kế Sách", "Long Phú", "Cù Lao Dung", "Trần Đề", "Châu Thành"],
    "Cà Mau": ["Thới Bình", "U Minh", "Trần Văn Thời", "Cái Nước", "Đầm Dơi", "Ngọc Hiển"],
}
COMMUNES = [
    "Hoa Thám",
    "Tân Văn",
    "Hồng Phong",
    "Quang Trung",
    "Minh Khai",
    "Tân Lập",
    "Yên Thịnh",
    "Hưng Đạo",
    "Thiện Hòa",
    "Hòa Bình",
    "Tân Hòa",
    "Vĩnh Yên",
    "Quý Hòa",
    "Hồng Thái",
    "Đồng Tâm",
    "Thống Nhất",
    "Tân Tiến",
    "Phúc Sen",
    "Chí Minh",
    "Thụy Hùng",
    "Bắc Hợp",
    "Thanh Long",
    "Kim Đồng",
    "Xuân Dương",
]
SURNAMES = [
    "Hoàng",
    "Nông",
    "Lương",
    "Hà",
    "Vi",
    "Lộc",
    "Triệu",
    "Lăng",
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Đinh",
    "Lý",
    "Ma",
    "Đàm",
    "Chu",
    "Bế",
    "Hứa",
    "Mông",
]
MIDDLES = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Xuân", "Hữu", "Ngọc", "Quang", "Thu"]
GIVEN = [
    "Khánh",
    "Phương",
    "Tấn",
    "Duyên",
    "Chiến",
    "Mai",
    "Thắng",
    "Lan",
    "Hùng",
    "Xuân",
    "Khải",
    "Hiền",
    "Dũng",
    "Hạnh",
    "Tuấn",
    "Nga",
    "Cường",
    "Thảo",
    "Bình",
    "Yến",
    "Sơn",
    "Hương",
    "Toàn",
    "Huệ",
]

# -- genre: (title, party symbol suffix, state symbol suffix, doc type as a reference names it)
GENRES: dict[str, tuple[str, str, str, str]] = {
    "nghi_quyet": ("NGHỊ QUYẾT", "NQ", "NQ-HĐND", "Nghị quyết"),
    "quyet_dinh": ("QUYẾT ĐỊNH", "QĐ", "QĐ-UBND", "Quyết định"),
    "bao_cao": ("BÁO CÁO", "BC", "BC-UBND", "Báo cáo"),
    "ke_hoach": ("KẾ HOẠCH", "KH", "KH-UBND", "Kế hoạch"),
    "thong_bao": ("THÔNG BÁO", "TB", "TB-UBND", "Thông báo"),
    "chi_thi": ("CHỈ THỊ", "CT", "CT-UBND", "Chỉ thị"),
}
TOPICS = [
    "nâng cao chất lượng sinh hoạt chi bộ",
    "công tác phát triển đảng viên ở thôn, bản",
    "xây dựng nông thôn mới",
    "giảm nghèo bền vững",
    "phát triển sản xuất hàng hóa tập trung",
    "kiên cố hóa trường, lớp học",
    "phòng, chống thiên tai và tìm kiếm cứu nạn",
    "chuyển đổi số trong cơ quan đảng, chính quyền",
    "bảo vệ và phát triển rừng",
    "bảo đảm an ninh trật tự ở cơ sở",
    "phát triển du lịch cộng đồng",
    "chăm sóc sức khỏe ban đầu cho nhân dân",
]
CENTRAL_REFS = [  # -- (doc type, symbol, date): documents every committee cites
    ("Nghị quyết", "21-NQ/TW", (2022, 6, 16)),
    ("Chỉ thị", "05-CT/TW", (2016, 5, 15)),
    ("Quy định", "102-QĐ/TW", (2017, 11, 15)),
    ("Nghị quyết", "19-NQ/TW", (2022, 6, 16)),
    ("Kết luận", "21-KL/TW", (2021, 10, 25)),
]
UNITS = [
    "chi bộ",
    "đảng viên",
    "hộ",
    "thôn",
    "lớp học",
    "phòng học",
    "km đường",
    "ha rừng",
    "hộ nghèo",
    "đoàn viên",
    "hội viên",
    "công trình",
    "cán bộ",
    "học sinh",
    "con bò",
    "tấn thóc",
]
ACHIEVED = ["đạt", "vượt", "bằng", "đạt trên"]


@dataclass
class Doc:
    """One planned document: its facts (for the manifest) and its source (for the writers)."""

    name: str
    format: str
    pages: int
    source: Source
    facts: dict[str, Any]
    drawn: Facts  # -- the numbers and dates its text was written with, filled in as it is written


# ---------------------------------------------------------------------------------------------
# facts and sentences


def _person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}"


def _decimal(value: float) -> str:
    """92.5 → "92,5" (Vietnamese decimal comma); whole numbers without decimals."""
    return f"{value:.1f}".replace(".", ",") if value != int(value) else str(int(value))


def _thousands(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _date_words(day: int, month: int, year: int) -> str:
    return f"ngày {day} tháng {month} năm {year}"


def _date_slash(rng: random.Random, year: int) -> tuple[str, str]:
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    text = f"ngày {day:02d}/{month:02d}/{year}" if rng.random() < 0.5 else f"ngày {day}/{month}/{year}"
    return text, f"{year}-{month:02d}-{day:02d}"


class Facts:
    """The varied facts of one document; each call writes one into the text and notes it."""

    def __init__(self, rng: random.Random, year: int) -> None:
        self.rng, self.year = rng, year
        self.percents: list[float] = []
        self.counts: list[int] = []
        self.dates: list[str] = []

    def percent(self) -> str:
        value = round(self.rng.uniform(35, 100), self.rng.choice((0, 1)))
        self.percents.append(value)
        return f"{_decimal(value)}%"

    def count(self, low: int = 3, high: int = 4800) -> int:
        value = self.rng.randint(low, high)
        self.counts.append(value)
        return value

    def date(self, years_back: int = 1) -> str:
        text, iso = _date_slash(self.rng, self.year - self.rng.randint(0, years_back))
        self.dates.append(iso)
        return text

    def docref(self, issuer_code: str) -> str:
        if self.rng.random() < 0.4:
            doc_type, symbol, (y, m, d) = self.rng.choice(CENTRAL_REFS)
            self.dates.append(f"{y}-{m:02d}-{d:02d}")
            return f"{doc_type} số {symbol}, ngày {d}/{m}/{y}"
        genre = self.rng.choice(list(GENRES.values()))
        number = self.rng.randint(1, 320)
        return f"{genre[3]} số {number}-{genre[1]}/{issuer_code}, {self.date(2)}"


def _sentence_makers(f: Facts, ctx: dict[str, str]) -> list[Callable[[], str]]:
    """One maker for each kind of sentence the body is made of; only a sentence made draws its facts."""
    rng = f.rng
    unit = rng.choice(UNITS)

    def members() -> str:
        total = f.count(20, 4800)
        part = rng.randint(1, max(1, total - 1))
        return (
            f"Toàn {ctx['level']} hiện có {f.count(5, 60)} chi bộ trực thuộc với {_thousands(total)} đảng viên, "
            f"trong đó {_thousands(part)} đảng viên là nữ, chiếm {f.percent()}."
        )

    return [
        members,
        lambda: (
            f"Trong {f.year - 1}, đã kết nạp được {f.count(3, 180)} đảng viên mới, {rng.choice(ACHIEVED)} "
            f"{f.percent()} chỉ tiêu nghị quyết đề ra; tỷ lệ chi bộ hoàn thành tốt nhiệm vụ trở lên đạt {f.percent()}."
        ),
        lambda: (
            f"Thực hiện {f.docref(ctx['code'])} của {ctx['superior']}, {ctx['body']} đã ban hành kế hoạch và phân "
            f"công {f.count(3, 25)} đồng chí cấp ủy viên phụ trách các chi bộ."
        ),
        lambda: (
            f"Đến {f.date()}, trên địa bàn có {f.count(2, 40)}/{f.count(10, 60)} {unit} hoàn thành kế hoạch; kinh "
            f"phí thực hiện khoảng {_thousands(f.count(50, 98000))} triệu đồng, trong đó ngân sách nhà nước chiếm "
            f"{f.percent()}."
        ),
        lambda: (
            f"Tỷ lệ hộ nghèo {ctx['where']} giảm từ {f.percent()} xuống còn {_decimal(round(rng.uniform(1, 30), 1))}%; "
            f"thu nhập bình quân đầu người đạt {_decimal(round(rng.uniform(18, 75), 1))} triệu đồng/năm."
        ),
        lambda: (
            f"Đã tổ chức {f.count(2, 30)} lớp bồi dưỡng cho {_thousands(f.count(40, 2500))} lượt cán bộ, đảng viên; "
            f"{f.count(1, 20)} tập thể và {f.count(2, 60)} cá nhân được khen thưởng."
        ),
        lambda: (
            f"Các cấp ủy tập trung lãnh đạo {ctx['topic']}, gắn với thực hiện {f.docref(ctx['code'])}; phấn đấu "
            f"đến {f.year + rng.randint(1, 5)} có trên {f.percent()} {unit} đạt yêu cầu."
        ),
        lambda: (
            f"Ngày {rng.randint(1, 28)}/{rng.randint(1, 12)}/{f.year}, {ctx['body']} đã họp, thảo luận và thống nhất "
            f"{rng.choice(['các chỉ tiêu', 'các giải pháp', 'nội dung báo cáo', 'kế hoạch kiểm tra'])} với "
            f"{f.count(15, 60)}/{f.count(60, 75)} đồng chí có mặt."
        ),
        lambda: (
            f"Còn {f.count(1, 15)} {unit} chưa hoàn thành, nguyên nhân chủ yếu do địa bàn rộng, giao thông khó "
            f"khăn, nguồn lực đầu tư còn hạn chế và một số cấp ủy chưa quan tâm đúng mức."
        ),
        lambda: (
            f"Giao {ctx['office']} chủ trì, phối hợp với các cơ quan liên quan theo dõi, đôn đốc, tổng hợp kết quả, "
            f"báo cáo trước {f.date(0)}."
        ),
        lambda: (
            f"Diện tích trồng rừng mới đạt {_thousands(f.count(20, 1800))} ha, tỷ lệ che phủ rừng đạt "
            f"{f.percent()}; sản lượng lương thực ước đạt {_thousands(f.count(800, 60000))} tấn."
        ),
        lambda: (
            f"Có {f.count(1, 30)} xã đạt chuẩn nông thôn mới, {f.count(0, 12)} xã đạt chuẩn nông thôn mới nâng "
            f"cao; {f.percent()} số thôn có đường ô tô đến trung tâm."
        ),
    ]


def _heading_titles(genre: str) -> list[str]:
    if genre in ("bao_cao", "thong_bao"):
        return [
            "KẾT QUẢ ĐẠT ĐƯỢC",
            "TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
            "PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
            "ĐỀ XUẤT, KIẾN NGHỊ",
        ]
    if genre == "quyet_dinh":
        return [f"Điều {n}." for n in range(1, 40)]
    return ["MỤC ĐÍCH, YÊU CẦU", "MỤC TIÊU, CHỈ TIÊU", "NHIỆM VỤ, GIẢI PHÁP", "TỔ CHỨC THỰC HIỆN"]


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def body_items(f: Facts, ctx: dict[str, str], genre: str):
    """An endless body: sections with a heading, two to four paragraphs, now and then a table of figures."""
    rng = f.rng
    titles = _heading_titles(genre)
    section = 0
    while True:
        if genre == "quyet_dinh":
            heading = (
                f"{titles[section % len(titles)]} {rng.choice(['Giao', 'Phê duyệt', 'Yêu cầu', 'Thành lập'])} "
                f"{rng.choice(['các cơ quan', 'Tổ công tác', 'Văn phòng', 'các xã, thị trấn'])} thực hiện {ctx['topic']}."
            )
        else:
            base = titles[section % len(titles)]
            heading = f"{ROMAN[section % len(ROMAN)]}. {base}" + (
                f" (tiếp theo, phần {section // len(titles) + 1})" if section >= len(titles) else ""
            )
        yield BodyItem("heading", Annotated(heading))
        for _ in range(rng.randint(2, 4)):
            makers = rng.sample(_sentence_makers(f, ctx), rng.randint(2, 4))
            yield BodyItem("para", Annotated(" ".join(make() for make in makers)))
        if rng.random() < 0.3:
            yield BodyItem("table", rows=_figures(f))
        section += 1


def _figures(f: Facts) -> list[list[Annotated]]:
    rows = [["STT", "Chỉ tiêu", "Kế hoạch", "Thực hiện", "Tỷ lệ"]]
    for n in range(1, f.rng.randint(3, 6) + 1):
        plan = f.count(10, 900)
        done = f.rng.randint(plan // 2, plan + plan // 5)
        rows.append(
            [
                str(n),
                f"Số {f.rng.choice(UNITS)}",
                _thousands(plan),
                _thousands(done),
                f"{_decimal(round(100 * done / plan, 1))}%",
            ]
        )
    return [[Annotated(cell) for cell in row] for row in rows]


# ---------------------------------------------------------------------------------------------
# one document


def pages_for(rng: random.Random) -> int:
    weights = [PAGE_RATIO**k for k in range(MAX_PAGES)]
    return rng.choices(range(1, MAX_PAGES + 1), weights=weights)[0]


def plan_document(seed: int, index: int) -> Doc:
    """Document `index` of the corpus of `seed`: the same whatever the corpus size."""
    rng = random.Random(f"{seed}:{index}")
    fmt = FORMAT_CYCLE[index % len(FORMAT_CYCLE)]
    pages = pages_for(rng)
    province = rng.choice(sorted(PLACES))
    district = rng.choice(PLACES[province])
    commune = rng.choice(COMMUNES)
    year = rng.randint(2005, 2025)
    genre = rng.choice(sorted(GENRES))
    party = rng.random() < 0.55
    commune_level = rng.random() < 0.35
    title, party_code, state_code, _ = GENRES[genre]
    number = rng.randint(1, 450)
    topic = rng.choice(TOPICS)
    f = Facts(rng, year)
    if party:
        code = "ĐU" if commune_level else "HU"
        body = f"Đảng ủy xã {commune}" if commune_level else f"Huyện ủy {district}"
        parent = f"ĐẢNG BỘ HUYỆN {district.upper()}" if commune_level else f"ĐẢNG BỘ TỈNH {province.upper()}"
        symbol = f"{number}-{party_code}/{code}"
        meta = {
            "layout": "party",
            "motto": "ĐẢNG CỘNG SẢN VIỆT NAM",
            "issuer_parent": parent,
            "issuer": body.upper().replace("ỦY", "UỶ"),
            "signer_role": "T/M BAN THƯỜNG VỤ // BÍ THƯ",
        }
        superior = f"Ban Thường vụ Huyện ủy {district}" if commune_level else f"Ban Thường vụ Tỉnh ủy {province}"
        office = f"Văn phòng Đảng ủy xã {commune}" if commune_level else f"Văn phòng Huyện ủy {district}"
    else:
        code = "UBND"
        where = f"XÃ {commune.upper()}" if commune_level else f"HUYỆN {district.upper()}"
        body = f"Ủy ban nhân dân xã {commune}" if commune_level else f"Ủy ban nhân dân huyện {district}"
        symbol = f"{number}/{state_code}"
        meta = {
            "layout": "state",
            "motto": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "issuer": f"ỦY BAN NHÂN DÂN // {where}",
            "signer_role": "TM. ỦY BAN NHÂN DÂN // CHỦ TỊCH" if rng.random() < 0.5 else "KT. CHỦ TỊCH // PHÓ CHỦ TỊCH",
        }
        superior = f"Ủy ban nhân dân huyện {district}" if commune_level else f"Ủy ban nhân dân tỉnh {province}"
        office = f"Văn phòng UBND xã {commune}" if commune_level else f"Văn phòng HĐND và UBND huyện {district}"
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    place = commune if commune_level else district
    meta.update(
        {
            "id": f"bench-{index:06d}",
            "genre": genre,
            "year": str(year),
            "format": fmt,
            "sign": f"Số: {symbol}",
            "place_date": f"{place}, {_date_words(day, month, year)}",
            "title": title,
            "subject": f"về {topic} // trên địa bàn {'xã ' + commune if commune_level else 'huyện ' + district}, "
            f"giai đoạn {year}-{year + rng.choice((2, 3, 5))}",
            "signer_name": _person(rng),
            "recipients": [
                f"{superior} (b/c),",
                f"Thường trực {body.split(' ', 2)[0] if party else 'HĐND'} {place},",
                "Các cơ quan, đơn vị liên quan,",
                "Lưu VT.",
            ],
        }
    )
    if fmt == "pdf" and rng.random() < 0.5:
        meta["running_header"] = f"{body} - {title.capitalize()} số {symbol}"
    level = "Đảng bộ" if party else ("xã" if commune_level else "huyện")
    ctx = {
        "level": level,
        "code": code,
        "superior": superior,
        "body": body,
        "topic": topic,
        "office": office,
        "where": f"xã {commune}" if commune_level else f"huyện {district}",
    }
    opening = f"Căn cứ {f.docref(code)} của {superior} về {topic}; xét tình hình thực tế, {body} {title.lower()}:"
    source = Source(meta["id"], meta, [BodyItem("para", Annotated(opening))])
    source.body_stream = body_items(f, ctx, genre)  # type: ignore[attr-defined]
    facts = {
        "province": province,
        "district": district,
        "commune": commune if commune_level else None,
        "genre": genre,
        "layout": meta["layout"],
        "symbol": symbol,
        "issued": f"{year}-{month:02d}-{day:02d}",
        "signer": meta["signer_name"],
    }
    return Doc(f"{index:06d}-{genre.replace('_', '-')}-{symbol_slug(symbol)}.{fmt}", fmt, pages, source, facts, f)


def symbol_slug(symbol: str) -> str:
    return re.sub(r"[^0-9A-Za-z]+", "-", symbol.replace("Đ", "D")).strip("-").lower()


def _take_chars(source: Source, chars: int) -> None:
    """Append body items from the stream until the body holds `chars` characters."""
    total = sum(len(item.content.text) if item.content else 40 * len(item.rows) for item in source.body)
    while total < chars:
        item = next(source.body_stream)  # type: ignore[attr-defined]
        source.body.append(item)
        total += len(item.content.text) if item.content else 40 * len(item.rows)


def write_docx(doc: Doc, path: Path) -> int:
    """The samples' .docx layout, with `doc.pages` pages of text; app.xml says how many, as Word does."""
    source = doc.source
    _take_chars(source, doc.pages * DOCX_CHARS_PER_PAGE - 900)  # -- page 1 loses about 900 to header and closing
    parts = parts_of(source)
    document = new_a4_document(UNICODE_FONT)
    document.core_properties.modified = FIXED_TIME.replace(tzinfo=None)
    document.core_properties.title = f"{source.meta['title']} {source.meta['sign']}"
    document.core_properties.author = "vanban bench"
    _docx_header(document, source, parts)
    for line in parts.title + parts.subject:
        _docx_paragraph(document, line.text, "center")
    for item in parts.body:
        if item.kind == "table":
            _docx_table(document, item.rows)
        else:
            _docx_paragraph(document, item.content.text, item.kind)
    _docx_closing(document, parts)
    buffer = io.BytesIO()
    document.save(buffer)
    words = sum(len(item.content.text.split()) if item.content else 5 * len(item.rows) for item in source.body)
    path.write_bytes(_fixed_docx_zip(buffer.getvalue(), doc.pages, words))
    return doc.pages


def _docx_table(document: Any, rows: list[list[Annotated]]) -> None:
    """make_samples' table of figures, its cells reached row by row (`table.cell(r, c)` walks the whole grid)."""
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, (row, cells) in enumerate(zip(table.rows, rows)):
        for c, (cell, text) in enumerate(zip(row.cells, cells)):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if c == 1 and r > 0 else WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_after = Pt(0)
            _add_text(paragraph, text.text, 12, bold=r == 0)


APP_PAGES_RE = re.compile(rb"<Pages>\d+</Pages>")
APP_WORDS_RE = re.compile(rb"<Words>\d+</Words>")


def _fixed_docx_zip(data: bytes, pages: int, words: int) -> bytes:
    """Fixed entry times (same bytes on every run), and app.xml with the page and word counts."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/app.xml":
                content = APP_PAGES_RE.sub(f"<Pages>{pages}</Pages>".encode(), content)
                content = APP_WORDS_RE.sub(f"<Words>{words}</Words>".encode(), content)
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, content)
    return out.getvalue()


class BenchPDF(SamplePDF):
    """The samples' PDF with two fonts, not four: italics are set upright. Loading and subsetting a TTF
    is most of what a PDF costs fpdf2 (0.1 s a style), and italics change nothing a reader sees."""

    def set_font(self, family: str | None = None, style: str | TextEmphasis = "", size: float = 0) -> None:
        super().set_font(family, TextEmphasis.coerce(style).remove(TextEmphasis.I), size)


def write_pdf(doc: Doc, path: Path) -> int:
    """The samples' PDF layout, body paragraphs added until the last of `doc.pages` pages is half full."""
    source = doc.source
    parts = parts_of(source)
    pdf = BenchPDF(format="A4")
    pdf.running_header = source.meta.get("running_header")
    pdf.set_margins(20, 15, 15)
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_creation_date(FIXED_TIME)
    pdf.set_title(f"{source.meta['title']} {source.meta['sign']}")
    pdf.set_author("vanban bench")
    for style, font_file in _font_files().items():
        if "I" not in style:
            pdf.add_font("DejaVu", style, str(font_file))
    pdf.add_page()
    _pdf_header(pdf, source, parts)
    written = 0
    while pdf.page_no() < doc.pages or pdf.get_y() < pdf.h * 0.5:
        if written == len(source.body):
            source.body.append(next(source.body_stream))  # type: ignore[attr-defined]
        item = source.body[written]
        written += 1
        if item.kind == "table":
            if pdf.get_y() > pdf.h - 70:  # -- a table never straddles the last page's end
                if pdf.page_no() >= doc.pages:
                    continue
            _pdf_table(pdf, item.rows)
            continue
        pdf.set_font("DejaVu", "" if item.kind == "para" else "B", 10.5)
        pdf.multi_cell(0, 5.5, PDF_INDENT + item.content.text, align="J", **NEXT_LINE)
        pdf.ln(1.5)
    _pdf_closing(pdf, parts)
    pdf.output(str(path))
    return pdf.page_no()


_FONTS: dict[str, Path] | None = None


def _font_files() -> dict[str, Path]:
    global _FONTS
    if _FONTS is None:
        _FONTS = pdf_font_files()
    return _FONTS


def write_txt(doc: Doc, path: Path) -> int:
    _take_chars(doc.source, doc.pages * TXT_CHARS_PER_PAGE - 600)
    path.write_bytes(plain_text(doc.source).encode("utf-8"))
    return doc.pages


WRITERS = {"docx": write_docx, "pdf": write_pdf, "txt": write_txt}


def write_document(seed: int, index: int, folder: Path) -> dict[str, Any]:
    """Write document `index` into `folder`; returns its manifest entry."""
    doc = plan_document(seed, index)
    path = folder / doc.name
    pages = WRITERS[doc.format](doc, path)
    f = doc.drawn
    data = path.read_bytes()
    return {
        "name": doc.name,
        "format": doc.format,
        "pages": pages,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        **doc.facts,
        "percents": f.percents,
        "counts": f.counts,
        "dates": sorted(set(f.dates)),
    }


def _write_one(job: tuple[int, int, str]) -> dict[str, Any]:
    seed, index, folder = job
    return write_document(seed, index, Path(folder))


# ---------------------------------------------------------------------------------------------
# the cached corpus


@dataclass
class Corpus:
    folder: Path
    manifest: dict[str, Any]

    @property
    def docs_dir(self) -> Path:
        return self.folder / "docs"

    @property
    def new_dir(self) -> Path:
        return self.folder / "new"

    def files(self, which: str = "docs") -> list[Path]:
        folder = self.docs_dir if which == "docs" else self.new_dir
        return [folder / entry["name"] for entry in self.manifest[which]]


def new_count(n: int) -> int:
    return max(1, round(n * NEW_SHARE))


def ensure_corpus(n: int, seed: int = 7, *, cache: Path = CACHE_DIR, workers: int | None = None, log=print) -> Corpus:
    """The corpus of `n` documents (plus 1 % new ones) for `seed`, written once and then reused.

    Files get a modification time an hour back, so `vanban run --settle-seconds 0` (or the default
    settle time) takes them at once, and hard links into an inbox keep it.
    """
    folder = cache / f"{n}-{seed}"
    manifest_path = folder / MANIFEST
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        corpus = Corpus(folder, manifest)
        if manifest.get("version") == CORPUS_VERSION and all(p.exists() for p in corpus.files() + corpus.files("new")):
            return corpus
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "docs").mkdir(parents=True)
    (folder / "new").mkdir()
    extra = new_count(n)
    targets = [folder / ("docs" if i < n else "new") for i in range(n + extra)]
    # -- document i is the same in every corpus of this seed: link what a cached corpus already has
    entries: dict[int, dict[str, Any]] = {}
    for index, (path, entry) in _cached_documents(cache, seed, n + extra, exclude=folder).items():
        _link_or_copy(path, targets[index] / entry["name"])
        entries[index] = entry
    jobs = [(seed, i, str(targets[i])) for i in range(n + extra) if i not in entries]
    workers = workers or max(1, min(len(jobs), os.cpu_count() or 1))
    started = time.perf_counter()
    log(
        f"writing the corpus: {n} + {extra} new documents (seed {seed}) into {folder}, {len(entries)} linked from "
        f"smaller corpora, {len(jobs)} to write on {workers} processes …"
    )
    if workers > 1 and len(jobs) > 1:
        # -- fork: the workers start with docx, fpdf and the templates already imported
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            written = pool.map(_write_one, jobs, chunksize=max(1, min(50, len(jobs) // (workers * 8) or 1)))
    else:
        written = [_write_one(job) for job in jobs]
    entries.update({job[1]: entry for job, entry in zip(jobs, written)})
    seconds = time.perf_counter() - started
    then = time.time() - 3600
    for job, entry in zip(jobs, written):  # -- never a linked file: its inode may sit in a running inbox
        os.utime(Path(job[2]) / entry["name"], (then, then))
    ordered = [entries[i] for i in range(n + extra)]
    manifest = {
        "version": CORPUS_VERSION,
        "seed": seed,
        "n": n,
        "write_seconds": round(seconds, 2),
        "written": len(jobs),
        "docs": ordered[:n],
        "new": ordered[n:],
    }
    log(f"corpus written in {seconds:.1f} s: {summarize(ordered[:n])}")
    temporary = manifest_path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    temporary.replace(manifest_path)  # -- last: a folder with a manifest is complete
    return Corpus(folder, manifest)


def _cached_documents(cache: Path, seed: int, count: int, exclude: Path) -> dict[int, tuple[Path, dict[str, Any]]]:
    """Documents 0..count-1 of `seed` that complete cached corpora already hold, by index."""
    found: dict[int, tuple[Path, dict[str, Any]]] = {}
    for manifest_path in sorted(cache.glob(f"*-{seed}/{MANIFEST}")):
        if manifest_path.parent == exclude:
            continue
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if manifest.get("version") != CORPUS_VERSION or manifest.get("seed") != seed:
            continue
        for which in ("docs", "new"):
            for entry in manifest[which]:
                index = int(entry["name"].split("-", 1)[0])
                path = manifest_path.parent / which / entry["name"]
                if index < count and index not in found and path.exists():
                    found[index] = (path, entry)
    return found


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def summarize(entries: list[dict[str, Any]]) -> str:
    by_format: dict[str, int] = {}
    for entry in entries:
        by_format[entry["format"]] = by_format.get(entry["format"], 0) + 1
    pages = sum(e["pages"] for e in entries)
    megabytes = sum(e["bytes"] for e in entries) / 1e6
    mix = ", ".join(f"{k} {v}" for k, v in sorted(by_format.items()))
    return (
        f"{len(entries)} documents ({mix}), {pages} pages (mean {pages / max(len(entries), 1):.2f}), {megabytes:.1f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    corpus = ensure_corpus(args.docs, args.seed, workers=args.workers)
    print(f"{corpus.folder}: {summarize(corpus.manifest['docs'])}; new: {len(corpus.manifest['new'])}")


if __name__ == "__main__":
    main()

"""The sample district's record files: what a district's offices would upload, clearly marked as sample.

``write_sample(out_dir)`` writes, for Huyện Mai Sơn, Tỉnh Sơn La (``data/reference/units.csv``):

- ``mau_hoat_dong.csv`` — activities, 2021-01-01 to today, at province, district and commune level
  (from 1 July 2025 province and the new communes only), UTF-8 with BOM;
- ``mau_hoi_nghi_nhiem_vu.xlsx`` — meetings and the tasks they set (sheets "Hội nghị", "Nhiệm vụ"),
  including the seed's briefing of 13/06/2024 and its concluding tasks;
- ``mau_hoi_vien.xlsx`` — membership snapshots at 30/6 and 31/12;
- ``mau_chi_tieu.csv`` — yearly targets, ``;``-separated as Excel writes in a Vietnamese locale.

Every file has title rows above its header that say "DỮ LIỆU MẪU", headers are the Vietnamese labels
of ``etl.formats``, and values are written the way offices write them (organization aliases, unit
names, labels, ``2.500.000 đ``, ``dd/mm/yyyy``), so that loading them goes through the clerk's path.

Activities are drawn from a model, not a row loop: an intensity per (day, unit, organization) —
weekday, month, Tết, founding days, growth, unit validity — then a template per row from weights per
(day, organization, level) — seasons, anniversaries, congress years — with columns built by numpy
in chunks and written by DuckDB. ``rows=N`` draws exactly N activities from the same model and gives
every row a unique ``activity_id``; the default size (~20,000) keeps the natural counts, gives ids to
a tenth of the rows and drops repeated (date, organization, unit, type, title) keys.

All randomness comes from ``numpy.random.default_rng(seed)`` (one child stream per file), so the same
seed gives byte-identical CSV files; the other files do not depend on ``rows``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from etl.config import REFERENCE_DIR
from etl.formats import ACTIVITIES, MEETINGS, MEMBERS, TARGETS, TASKS
from etl.text import fold, strip_diacritics

SAMPLE_BANNER = "DỮ LIỆU MẪU — KHÔNG PHẢI SỐ LIỆU THẬT"
FILE_ACTIVITIES = "mau_hoat_dong.csv"
FILE_MEETINGS_TASKS = "mau_hoi_nghi_nhiem_vu.xlsx"
FILE_MEMBERS = "mau_hoi_vien.xlsx"
FILE_TARGETS = "mau_chi_tieu.csv"
SHEET_MEETINGS = "Hội nghị"
SHEET_TASKS = "Nhiệm vụ"
SHEET_MEMBERS = "Hội viên"

START = dt.date(2021, 1, 1)
REFORM = dt.date(2025, 7, 1)
ORGS = ("MTTQ", "LDLD", "HLHPN", "DTN", "HND", "HCCB", "HLHTN")
LEVELS = ("province", "district", "commune")
CHUNK_ROWS = 1_000_000
# Variants pre-rendered per (template, year, unit): pattern x number combinations.
VARIANTS = 8

# Lunar New Year (mùng 1 Tết) and Mid-Autumn (15/8 âm lịch), solar dates.
TET = {
    2021: "2021-02-12",
    2022: "2022-02-01",
    2023: "2023-01-22",
    2024: "2024-02-10",
    2025: "2025-01-29",
    2026: "2026-02-17",
    2027: "2027-02-06",
    2028: "2028-01-26",
    2029: "2029-02-13",
    2030: "2030-02-03",
}
MID_AUTUMN = {
    2021: "2021-09-21",
    2022: "2022-09-10",
    2023: "2023-09-29",
    2024: "2024-09-17",
    2025: "2025-10-06",
    2026: "2026-09-25",
    2027: "2027-09-15",
    2028: "2028-10-03",
    2029: "2029-09-22",
    2030: "2030-09-12",
}
# Congress years per organization type (district level per the seed for MTTQ and HLHTN in 2024).
CONGRESS_YEARS = {
    "MTTQ": (2024,),
    "LDLD": (2023,),
    "HLHPN": (2021, 2026),
    "DTN": (2022,),
    "HND": (2023,),
    "HCCB": (2022,),
    "HLHTN": (2024,),
}
# Congresses go bottom-up: communes first, then the district, then the province.
CONGRESS_MONTHS = {"commune": (3, 4, 5, 6), "district": (6, 7, 8, 9), "province": (8, 9, 10, 11)}
FOUNDING = {
    "MTTQ": (11, 18),
    "LDLD": (7, 28),
    "HLHPN": (10, 20),
    "DTN": (3, 26),
    "HND": (10, 14),
    "HCCB": (12, 6),
    "HLHTN": (10, 15),
}
_CAN = ("Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý")
_CHI = ("Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi")


def can_chi(year: int) -> str:
    """'Giáp Thìn' for 2024."""
    return f"{_CAN[(year - 4) % 10]} {_CHI[(year - 4) % 12]}"


# ---------------------------------------------------------------------------------------------------
# How offices write organizations, per level ("xa"/"tt" = commune that is a xã / a thị trấn).
# Every spelling is a code, label or alias of data/reference/organizations.csv.
ORG_FORMS: dict[str, dict[str, list[tuple[str, float]]]] = {
    "MTTQ": {
        "province": [
            ("Ủy ban MTTQ", 3),
            ("MTTQ", 2),
            ("Mặt trận", 1),
            ("Ủy ban Mặt trận Tổ quốc Việt Nam", 1),
        ],
        "district": [("Ủy ban MTTQ", 3), ("MTTQ", 2), ("Mặt trận", 2), ("Mặt trận Tổ quốc", 1)],
        "xa": [("Ủy ban MTTQ", 2), ("Mặt trận", 2), ("MTTQ", 2), ("UBMTTQ", 1)],
    },
    "LDLD": {
        "province": [("Liên đoàn Lao động tỉnh", 3), ("LĐLĐ", 2), ("Công đoàn", 1)],
        "district": [("Liên đoàn Lao động huyện", 3), ("LĐLĐ", 2), ("LDLD", 1)],
        "xa": [("Công đoàn cơ sở", 3), ("Công đoàn", 2), ("CĐCS", 1)],
    },
    "HLHPN": {
        "province": [("Hội LHPN", 4), ("Hội Phụ nữ", 3), ("HLHPN", 1), ("Hội Liên hiệp Phụ nữ", 1)],
        "xa": [("Hội LHPN", 3), ("Hội Phụ nữ", 3), ("Phụ nữ", 1), ("HLHPN", 1)],
    },
    "DTN": {
        "province": [("Tỉnh đoàn", 4), ("Đoàn Thanh niên", 1), ("DTN", 1)],
        "district": [("Huyện đoàn", 4), ("Đoàn TN", 1), ("Đoàn TNCS HCM", 1)],
        "xa": [("Đoàn xã", 3), ("Đoàn Thanh niên", 2), ("Đoàn TNCS HCM", 1)],
        "tt": [("Đoàn thị trấn", 3), ("Đoàn Thanh niên", 2), ("Đoàn TN", 1)],
    },
    "HND": {"province": [("Hội Nông dân", 4), ("Hội ND", 2), ("Nông dân", 1), ("HND", 1)]},
    "HCCB": {"province": [("Hội CCB", 4), ("Hội Cựu chiến binh", 3), ("CCB", 1), ("HCCB", 1)]},
    "HLHTN": {
        "province": [("Hội LHTN", 4), ("Hội Liên hiệp Thanh niên", 2), ("Hội LHTN Việt Nam", 1), ("HLHTN", 1)]
    },
}
# Share of spellings typed without diacritics (no Vietnamese keyboard at hand).
NO_DIACRITICS_SHARE = 0.04
LEVEL4 = ("province", "district", "xa", "tt")

# Short names for meeting hosts, task assignees and the "orgs" list, per level.
ORG_NAME_DISTRICT = {
    "MTTQ": "Ủy ban MTTQ",
    "LDLD": "Liên đoàn Lao động huyện",
    "HLHPN": "Hội LHPN",
    "DTN": "Huyện đoàn",
    "HND": "Hội Nông dân",
    "HCCB": "Hội CCB",
    "HLHTN": "Hội LHTN",
}
ORG_NAME_PROVINCE = {**ORG_NAME_DISTRICT, "LDLD": "Liên đoàn Lao động tỉnh", "DTN": "Tỉnh đoàn"}
ORG_NAME_COMMUNE = {**ORG_NAME_DISTRICT, "LDLD": "Công đoàn cơ sở", "DTN": "Đoàn xã"}
# The names congresses carry ("Đại hội đại biểu Phụ nữ huyện ...").
ORG_CONGRESS_NAME = {
    "MTTQ": "Mặt trận Tổ quốc Việt Nam",
    "LDLD": "Công đoàn",
    "HLHPN": "Phụ nữ",
    "DTN": "Đoàn TNCS Hồ Chí Minh",
    "HND": "Hội Nông dân",
    "HCCB": "Hội Cựu chiến binh",
    "HLHTN": "Hội Liên hiệp Thanh niên Việt Nam",
}

# Spellings of activity types (labels, their comma parts, aliases, codes of activity_types.csv).
TYPE_FORMS: dict[str, list[tuple[str, float]]] = {
    "hoi_nghi": [("Hội nghị, cuộc họp", 3), ("Hội nghị", 4), ("Họp", 1), ("hoi_nghi", 1)],
    "tuyen_truyen": [("Buổi tuyên truyền", 2), ("Tuyên truyền", 6), ("tuyen_truyen", 1)],
    "tap_huan": [("Tập huấn, bồi dưỡng", 3), ("Tập huấn", 5), ("Bồi dưỡng", 1), ("tap_huan", 1)],
    "phong_trao": [("Phong trào, cuộc vận động", 3), ("Phong trào", 4), ("Vận động", 2), ("phong_trao", 1)],
    "giam_sat": [("Giám sát", 6), ("Kiểm tra giám sát", 2), ("giam_sat", 1)],
    "phan_bien": [("Phản biện", 4), ("Phản biện xã hội", 3), ("Góp ý", 2), ("phan_bien", 1)],
    "ho_tro": [
        ("Hỗ trợ, trao quà, từ thiện", 3),
        ("Trao quà", 3),
        ("Tặng quà", 2),
        ("Hỗ trợ", 2),
        ("ho_tro", 1),
    ],
    "xay_nha": [
        ("Xây, sửa nhà (nhà đại đoàn kết, nhà tình nghĩa)", 2),
        ("Xây nhà", 3),
        ("Xây sửa nhà", 2),
        ("Nhà đại đoàn kết", 2),
        ("xay_nha", 1),
    ],
    "ra_quan": [("Ra quân, lao động công ích", 3), ("Ra quân", 5), ("Lao động công ích", 1), ("ra_quan", 1)],
    "ky_niem": [
        ("Lễ kỷ niệm, mít tinh", 3),
        ("Lễ kỷ niệm", 3),
        ("Kỷ niệm", 3),
        ("Mít tinh", 1),
        ("ky_niem", 1),
    ],
    "doi_thoai": [("Tiếp xúc, đối thoại", 4), ("Đối thoại", 4), ("doi_thoai", 1)],
    "khac": [("Khác", 5), ("khac", 1)],
}
TYPE_CODES = tuple(TYPE_FORMS)

NOTES = (
    "Phối hợp với UBND cùng cấp",
    "Nguồn kinh phí xã hội hóa",
    "Số liệu ước tính",
    "Phối hợp với Đoàn Thanh niên",
    "Có lãnh đạo cấp ủy dự",
    "Báo cáo bổ sung",
    "Lồng ghép sinh hoạt chi hội",
)

# Laws and campaigns named in titles, with the years they are talked about.
LAWS = (
    ("Luật Hôn nhân và gia đình", 2021, 2030),
    ("Luật An ninh mạng", 2021, 2030),
    ("Luật Giao thông đường bộ", 2021, 2024),
    ("Luật Phòng, chống ma túy năm 2021", 2022, 2030),
    ("Luật Thực hiện dân chủ ở cơ sở", 2023, 2030),
    ("Luật Phòng, chống bạo lực gia đình năm 2022", 2023, 2030),
    ("Luật Căn cước", 2024, 2030),
    ("Luật Đất đai năm 2024", 2024, 2030),
    ("Luật Trật tự, an toàn giao thông đường bộ", 2025, 2030),
    ("Luật Bảo hiểm xã hội năm 2024", 2025, 2030),
    ("Luật Phòng, chống mua bán người năm 2024", 2025, 2030),
)


# ---------------------------------------------------------------------------------------------------
# Activity templates.


@dataclass(frozen=True)
class Tpl:
    type: str
    themes: tuple[str, ...]
    patterns: tuple  # str, or (str, first_year, last_year)
    orgs: dict[str, float] | None = None  # None: every organization type, weight 1
    levels: dict[str, float] | None = None  # None: every level, weight 1
    w: float = 1.0
    # ("tet", from, to, mult) | ("mid_autumn", from, to, mult): days around Tết / Mid-Autumn;
    # ("day", m, d, from, to, mult): around a day of each year; ("months", (m, ...), mult);
    # ("weekdays", (0-6, ...), mult); ("range", "iso", "iso", mult)
    windows: tuple = ()
    only: bool = False  # weight 0 outside its windows
    active: tuple[str, str] | None = None
    part: tuple[int, int] | None = None
    n: tuple[int, ...] = (1,)
    benef: object = None  # None | "n" | (lo, hi)
    funds: object = None  # None | ("per_n", (values), p) | ("range", lo, hi, step, p)
    newm: object = None  # None | "n" | (lo, hi)
    base_year: int = 0  # {k} = year - base_year (anniversaries)
    base_year2: int = 0  # {k2}
    congress_org: str = ""  # a congress of this organization type: weight only in its congress years


ALL = None
P = {"province": 1.0}
PD = {"province": 1.0, "district": 1.0}
DC = {"district": 1.0, "commune": 1.0}
YOUTH = {"DTN": 3.0, "HLHTN": 1.5}
DEFAULT_PART = {
    "hoi_nghi": (30, 150),
    "tuyen_truyen": (40, 300),
    "tap_huan": (30, 120),
    "phong_trao": (50, 400),
    "giam_sat": (20, 40),
    "phan_bien": (25, 80),
    "ho_tro": (20, 150),
    "xay_nha": (20, 60),
    "ra_quan": (50, 500),
    "ky_niem": (80, 500),
    "doi_thoai": (40, 200),
    "khac": (20, 120),
}
GIFT = ("per_n", (300_000, 400_000, 500_000), 0.95)


def _t(type_: str, themes: tuple[str, ...], *patterns, **kw) -> Tpl:
    return Tpl(type_, themes, tuple(patterns), **kw)


def _org_templates() -> list[Tpl]:
    """Templates that belong to one organization type: founding days, congresses, emulation movements."""
    out: list[Tpl] = []
    founding_titles = {
        "MTTQ": (
            "Kỷ niệm {k} năm Ngày thành lập Mặt trận Dân tộc thống nhất Việt Nam - Ngày truyền thống "
            "Mặt trận Tổ quốc Việt Nam (18/11/1930 – 18/11/{y})",
            1930,
        ),
        "LDLD": ("Kỷ niệm {k} năm Ngày thành lập Công đoàn Việt Nam (28/7/1929 – 28/7/{y})", 1929),
        "HLHPN": (
            "Kỷ niệm {k} năm Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam (20/10/1930 – 20/10/{y})",
            1930,
        ),
        "DTN": ("Lễ kỷ niệm {k} năm Ngày thành lập Đoàn TNCS Hồ Chí Minh (26/3/1931 – 26/3/{y})", 1931),
        "HND": ("Kỷ niệm {k} năm Ngày thành lập Hội Nông dân Việt Nam (14/10/1930 – 14/10/{y})", 1930),
        "HCCB": (
            "Kỷ niệm {k} năm Ngày truyền thống Hội Cựu chiến binh Việt Nam (06/12/1989 – 06/12/{y})",
            1989,
        ),
        "HLHTN": (
            "Kỷ niệm {k} năm Ngày truyền thống Hội Liên hiệp Thanh niên Việt Nam (15/10/1956 – 15/10/{y})",
            1956,
        ),
    }
    for org, (title, base) in founding_titles.items():
        m, d = FOUNDING[org]
        extra = {
            "HLHPN": ("Hội thi 'Phụ nữ khéo tay' chào mừng Ngày Phụ nữ Việt Nam 20/10 {x}",),
            "HND": ("Hội thi 'Nhà nông đua tài' chào mừng Ngày thành lập Hội Nông dân Việt Nam",),
            "DTN": ("Mít tinh chào mừng Ngày thành lập Đoàn TNCS Hồ Chí Minh {x}",),
        }.get(org, ())
        out.append(
            _t(
                "ky_niem",
                ("ky_niem_le_lon",),
                title,
                *extra,
                orgs={org: 1},
                w=14,
                windows=(("day", m, d, -7, 1, 1),),
                only=True,
                base_year=base,
            )
        )
    for org in ORGS:
        name = ORG_CONGRESS_NAME[org]
        out.append(
            _t(
                "hoi_nghi",
                ("dai_hoi",),
                f"Đại hội đại biểu {name} {{xn}}, nhiệm kỳ {{term}}",
                f"Hội nghị Ban Chấp hành chuẩn bị Đại hội {name} {{xn}}, nhiệm kỳ {{term}}",
                f"Đại hội điểm chi hội, chi đoàn tiến tới Đại hội {name} {{xn}}",
                orgs={org: 1},
                w=4,
                part=(60, 250),
                congress_org=org,
            )
        )
        out.append(
            _t(
                "tuyen_truyen",
                ("dai_hoi", "tuyen_truyen"),
                f"Tuyên truyền chào mừng Đại hội {name} {{xn}}, nhiệm kỳ {{term}}",
                orgs={org: 1},
                w=3,
                congress_org=org,
            )
        )
    movements = {
        "MTTQ": (
            "Cuộc vận động 'Người Việt Nam ưu tiên dùng hàng Việt Nam' {x}",
            "Phong trào 'Toàn dân bảo vệ an ninh Tổ quốc' {x}",
            "Cuộc vận động 'Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh' {x}",
        ),
        "LDLD": (
            "Phong trào thi đua 'Lao động giỏi, lao động sáng tạo'",
            "Phong trào 'Xanh - Sạch - Đẹp, bảo đảm an toàn vệ sinh lao động'",
        ),
        "HLHPN": (
            "Phong trào 'Phụ nữ tích cực học tập, lao động sáng tạo, xây dựng gia đình hạnh phúc' {x}",
            "Cuộc vận động 'Xây dựng gia đình 5 không, 3 sạch' {x}",
            "Xây dựng mô hình 'Đường hoa phụ nữ' {x}",
        ),
        "DTN": (
            "Phong trào 'Thanh niên tình nguyện' {x}",
            "Phong trào 'Xung kích, tình nguyện phát triển kinh tế - xã hội và bảo vệ Tổ quốc' {x}",
            "Công trình thanh niên 'Thắp sáng đường quê' {x}",
        ),
        "HND": (
            "Phong trào 'Nông dân thi đua sản xuất, kinh doanh giỏi, đoàn kết giúp nhau làm giàu' {x}",
            "Phong trào 'Nông dân tham gia bảo đảm quốc phòng, an ninh' {x}",
        ),
        "HCCB": (
            "Phong trào 'Cựu chiến binh gương mẫu' {x}",
            "Phong trào 'Cựu chiến binh giúp nhau giảm nghèo, làm kinh tế giỏi' {x}",
        ),
        "HLHTN": ("Phong trào 'Tuổi trẻ sáng tạo' {x}", "Phong trào 'Thanh niên khởi nghiệp' {x}"),
    }
    for org, patterns in movements.items():
        out.append(_t("phong_trao", ("thi_dua",), *patterns, orgs={org: 1}, w=3))
    houses = {
        "MTTQ": (
            "Khởi công xây dựng nhà Đại đoàn kết cho hộ nghèo {x}",
            "Bàn giao nhà Đại đoàn kết cho hộ nghèo {x}",
        ),
        "HLHPN": ("Bàn giao 'Mái ấm tình thương' cho hội viên phụ nữ nghèo {x}",),
        "LDLD": ("Bàn giao 'Mái ấm Công đoàn' cho đoàn viên có hoàn cảnh khó khăn",),
        "HCCB": ("Bàn giao nhà 'Nghĩa tình đồng đội' cho hội viên cựu chiến binh {x}",),
        "DTN": ("Bàn giao 'Nhà nhân ái' cho đoàn viên, thanh niên có hoàn cảnh khó khăn {x}",),
    }
    for org, patterns in houses.items():
        out.append(
            _t(
                "xay_nha",
                ("an_sinh",),
                *patterns,
                orgs={org: 1},
                w=1.2 if org == "MTTQ" else 0.5,
                benef=(3, 7),
                funds=("range", 40_000_000, 80_000_000, 5_000_000, 1.0),
            )
        )
    care = {
        "LDLD": ("tuyen_truyen", "Tư vấn pháp luật lao động cho đoàn viên, người lao động"),
        "HND": ("tuyen_truyen", "Tư vấn, trợ giúp pháp lý cho hội viên nông dân {x}"),
        "HLHPN": ("ho_tro", "Thăm hỏi, động viên hội viên ốm đau, có hoàn cảnh khó khăn {x}"),
        "HCCB": ("ho_tro", "Thăm hỏi hội viên cựu chiến binh ốm đau {x}"),
        "DTN": ("khac", "Nắm bắt tâm tư, nguyện vọng của đoàn viên, thanh niên {x}"),
        "HLHTN": ("khac", "Nắm bắt tâm tư, nguyện vọng của hội viên thanh niên {x}"),
        "MTTQ": ("khac", "Tổng hợp ý kiến, kiến nghị của cử tri và Nhân dân {x}"),
    }
    for org, (type_, title) in care.items():
        out.append(_t(type_, ("quyen_loi_hoi_vien",), title, orgs={org: 1}, w=1.5))
    return out


def templates() -> list[Tpl]:
    """The catalogue of activity templates (title patterns, type, themes, season, numbers)."""
    tet_only = {"windows": (("tet", -25, 2, 1),), "only": True}
    out = [
        # --- all year -------------------------------------------------------------------------------
        _t(
            "tuyen_truyen",
            ("tuyen_truyen",),
            "Tuyên truyền {law} cho đoàn viên, hội viên {x}",
            "Tuyên truyền, phổ biến {law} cho đoàn viên, hội viên",
            "Hội nghị tuyên truyền {law} {x}",
            w=5,
        ),
        _t(
            "tuyen_truyen",
            ("an_ninh_trat_tu",),
            "Tuyên truyền phòng, chống ma túy, tội phạm {x}",
            "Tuyên truyền phòng, chống mua bán người, xuất nhập cảnh trái phép {x}",
            "Tuyên truyền, vận động Nhân dân không nghe, không theo kẻ xấu tuyên truyền đạo trái pháp luật {x}",
            w=2.5,
        ),
        _t(
            "phong_trao",
            ("an_ninh_trat_tu",),
            "Ra mắt mô hình 'Khu dân cư không có tội phạm và tệ nạn ma túy' {x}",
            "Duy trì hoạt động Tổ tự quản an ninh trật tự {x}",
            orgs={"MTTQ": 2, "HCCB": 2, "DTN": 1, "HLHPN": 1, "HND": 1},
            w=1.2,
        ),
        _t(
            "tuyen_truyen",
            ("chinh_tri_tu_tuong",),
            ("Học tập, quán triệt Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng", 2021, 2022),
            ("Học tập, quán triệt Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng", 2026, 2030),
            "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm {y}",
            "Sinh hoạt chính trị, tư tưởng cho đoàn viên, hội viên {x}",
            "Nắm bắt tình hình tư tưởng, dư luận xã hội trong đoàn viên, hội viên {x}",
            w=2.5,
        ),
        _t(
            "tap_huan",
            ("kinh_te",),
            "Tập huấn kỹ thuật trồng, chăm sóc cây cà phê cho hội viên {x}",
            "Tập huấn kỹ thuật thâm canh cây mía cho hội viên {x}",
            "Tập huấn kỹ thuật chăm sóc cây ăn quả (nhãn, xoài) {x}",
            "Tập huấn phòng, chống bệnh dịch tả lợn châu Phi cho hộ chăn nuôi {x}",
            "Hướng dẫn tiêm phòng vắc xin cho đàn gia súc, gia cầm {x}",
            orgs={"HND": 4, "HLHPN": 1.5, "HCCB": 1, "DTN": 0.5, "MTTQ": 0.5},
            w=2.5,
            funds=("range", 3_000_000, 20_000_000, 500_000, 0.4),
        ),
        _t(
            "phong_trao",
            ("kinh_te",),
            "Giải ngân vốn Quỹ Hỗ trợ nông dân cho {n} hộ hội viên {x}",
            orgs={"HND": 1},
            n=(5, 8, 10, 12, 15, 20),
            benef="n",
            w=1.5,
        ),
        _t(
            "phong_trao",
            ("kinh_te",),
            "Phối hợp Ngân hàng Chính sách xã hội giải ngân vốn vay ưu đãi cho {n} hộ {x}",
            "Xây dựng mô hình tổ hợp tác trồng cây ăn quả {x}",
            orgs={"HND": 1, "HLHPN": 2, "HCCB": 1, "DTN": 0.5},
            n=(5, 8, 10, 12, 15, 20),
            benef="n",
            w=1.2,
        ),
        _t(
            "phong_trao",
            ("kinh_te",),
            "Hỗ trợ phụ nữ khởi nghiệp, phát triển kinh tế {x}",
            "Xây dựng mô hình tổ hợp tác do phụ nữ làm chủ {x}",
            orgs={"HLHPN": 1},
            w=1.5,
        ),
        _t(
            "phong_trao",
            ("kinh_te",),
            "Hỗ trợ thanh niên khởi nghiệp, lập nghiệp {x}",
            "Tư vấn, giới thiệu việc làm cho thanh niên {x}",
            orgs=YOUTH,
            w=0.6,
        ),
        _t(
            "tuyen_truyen",
            ("y_te",),
            ("Tuyên truyền phòng, chống dịch COVID-19 {x}", 2021, 2022),
            ("Vận động người dân tiêm vắc xin phòng COVID-19 {x}", 2021, 2022),
            ("Hỗ trợ lực lượng tuyến đầu tại chốt kiểm soát dịch COVID-19 {x}", 2021, 2021),
            active=("2021-01-01", "2022-06-30"),
            w=4,
        ),
        _t(
            "tuyen_truyen",
            ("y_te",),
            "Tuyên truyền phòng, chống sốt xuất huyết {x}",
            "Tuyên truyền vận động người dân tham gia bảo hiểm y tế, bảo hiểm xã hội tự nguyện",
            "Tuyên truyền bảo đảm vệ sinh an toàn thực phẩm {x}",
            w=1.2,
        ),
        _t(
            "phong_trao",
            ("y_te",),
            "Ngày hội hiến máu tình nguyện 'Giọt hồng tri ân' năm {y}",
            "Vận động đoàn viên, hội viên hiến máu tình nguyện {x}",
            orgs={"DTN": 3, "HLHTN": 2, "LDLD": 1, "MTTQ": 0.5},
            w=0.8,
            windows=(("months", (1, 2, 3), 2.0), ("months", (6, 7), 2.0)),
        ),
        _t(
            "ho_tro",
            ("y_te", "an_sinh"),
            "Khám bệnh, cấp thuốc miễn phí cho {n} người cao tuổi, người có công {x}",
            orgs={"HCCB": 2, "HLHPN": 1, "MTTQ": 1, "DTN": 1},
            n=(50, 80, 100, 120, 150, 200),
            benef="n",
            funds=("per_n", (50_000, 100_000), 0.8),
            w=0.6,
        ),
        _t(
            "tap_huan",
            ("chuyen_doi_so",),
            ("Hướng dẫn người dân cài đặt, kích hoạt tài khoản định danh điện tử VNeID {x}", 2022, 2030),
            "Tập huấn kỹ năng số cho cán bộ, hội viên {x}",
            "Hướng dẫn thanh toán không dùng tiền mặt, bán hàng trên sàn thương mại điện tử",
            ("Tổ công nghệ số cộng đồng hướng dẫn người dân sử dụng dịch vụ công trực tuyến {x}", 2022, 2030),
            orgs={"DTN": 3, "HLHTN": 2, "HLHPN": 1, "MTTQ": 0.5, "HND": 0.5, "HCCB": 0.3, "LDLD": 0.5},
            w=1.8,
        ),
        _t(
            "giam_sat",
            ("giam_sat_phan_bien",),
            "Giám sát việc thực hiện chính sách hỗ trợ hộ nghèo, hộ cận nghèo {x}",
            "Giám sát việc giải quyết đơn thư, kiến nghị của công dân {x}",
            "Giám sát việc thực hiện Quy chế dân chủ ở cơ sở {x}",
            "Giám sát việc thực hiện chính sách bảo hiểm y tế cho người dân tộc thiểu số",
            "Giám sát việc sử dụng kinh phí xây dựng nông thôn mới {x}",
            orgs={"MTTQ": 4, "HLHPN": 1, "HND": 1, "HCCB": 1, "DTN": 0.5},
            w=1.5,
        ),
        _t(
            "giam_sat",
            ("giam_sat_phan_bien", "quyen_loi_hoi_vien"),
            "Giám sát việc thực hiện chế độ, chính sách đối với người lao động",
            orgs={"LDLD": 1},
            w=1.5,
        ),
        _t(
            "phan_bien",
            ("giam_sat_phan_bien",),
            "Hội nghị phản biện dự thảo Nghị quyết của HĐND {cap} về phát triển kinh tế - xã hội năm {y1}",
            "Phản biện xã hội dự thảo quy hoạch sử dụng đất {xn}",
            ("Góp ý dự thảo Luật Đất đai (sửa đổi)", 2023, 2023),
            ("Góp ý dự thảo Nghị quyết sửa đổi, bổ sung một số điều của Hiến pháp năm 2013", 2025, 2025),
            ("Góp ý dự thảo các văn kiện trình Đại hội XIV của Đảng", 2025, 2025),
            orgs={"MTTQ": 4, "HLHPN": 0.5, "HND": 0.5, "HCCB": 0.5, "DTN": 0.5, "LDLD": 0.5},
            levels={"province": 1, "district": 1, "commune": 0.3},
            w=1.2,
        ),
        _t(
            "doi_thoai",
            ("xay_dung_dang_chinh_quyen",),
            "Hội nghị đối thoại giữa người đứng đầu cấp ủy, chính quyền với hội viên {x}",
            orgs={"HND": 1, "HLHPN": 1, "HCCB": 0.5, "HLHTN": 0.5},
            w=1.0,
        ),
        _t(
            "doi_thoai",
            ("xay_dung_dang_chinh_quyen",),
            "Tiếp xúc, đối thoại với đoàn viên, thanh niên về lập thân, lập nghiệp",
            "Đối thoại giữa người đứng đầu cấp ủy, chính quyền với đoàn viên, thanh niên {x}",
            orgs={"DTN": 1},
            w=1.5,
        ),
        _t(
            "doi_thoai",
            ("quyen_loi_hoi_vien",),
            "Đối thoại với người sử dụng lao động về chế độ, chính sách cho người lao động",
            orgs={"LDLD": 1},
            levels=PD,
            w=1.0,
        ),
        _t(
            "doi_thoai",
            ("xay_dung_dang_chinh_quyen",),
            "Tổ chức cho cử tri tiếp xúc đại biểu HĐND {cap} trước kỳ họp",
            "Tổ chức cho cử tri tiếp xúc đại biểu HĐND {cap} sau kỳ họp",
            orgs={"MTTQ": 1},
            w=2,
            windows=(("months", (5, 6, 11, 12), 2.5),),
        ),
        _t(
            "phong_trao",
            ("xay_dung_dang_chinh_quyen",),
            "Triển khai phong trào thi đua 'Dân vận khéo' năm {y}",
            "Giới thiệu đoàn viên, hội viên ưu tú cho tổ chức Đảng xem xét kết nạp {x}",
            "Tham gia góp ý xây dựng Đảng, xây dựng chính quyền {x}",
            w=1.2,
        ),
        _t(
            "tuyen_truyen",
            ("giai_phong_mat_bang",),
            "Tuyên truyền, vận động Nhân dân bàn giao mặt bằng thực hiện các dự án trọng điểm {x}",
            "Vận động các hộ dân bàn giao mặt bằng thi công dự án đường giao thông {x}",
            "Phối hợp tuyên truyền chính sách bồi thường, hỗ trợ, tái định cư {x}",
            orgs={"MTTQ": 2, "HND": 1.5, "HCCB": 1, "HLHPN": 1, "DTN": 0.5},
            levels={"province": 0.3, "district": 2, "commune": 1},
            w=0.8,
            windows=(("range", "2024-06-13", "2030-12-31", 2.0),),
        ),
        _t(
            "ho_tro",
            ("an_sinh",),
            "Trao học bổng cho {n} học sinh nghèo vượt khó {x}",
            "Trao tặng {n} xe đạp cho học sinh có hoàn cảnh khó khăn {x}",
            n=(5, 10, 15, 20, 30),
            benef="n",
            funds=("per_n", (500_000, 1_000_000, 2_000_000), 0.95),
            w=0.5,
            windows=(("day", 9, 5, -25, 5, 5),),
        ),
        _t(
            "ho_tro",
            ("an_sinh",),
            "Thăm, tặng quà {n} đoàn viên, hội viên có hoàn cảnh khó khăn {x}",
            n=(3, 5, 8, 10, 15),
            benef="n",
            funds=("per_n", (200_000, 300_000, 500_000), 0.9),
            w=1.2,
        ),
        _t(
            "ho_tro",
            ("an_sinh", "kinh_te"),
            "Hỗ trợ {n} hộ hội viên nghèo con giống phát triển sản xuất {x}",
            orgs={"HND": 2, "HLHPN": 2, "HCCB": 1},
            n=(3, 5, 8, 10),
            benef="n",
            funds=("per_n", (1_000_000, 2_000_000, 3_000_000), 0.9),
            w=1.0,
        ),
        _t(
            "ra_quan",
            ("nong_thon_moi_moi_truong",),
            "Ra quân hưởng ứng Ngày Chủ nhật xanh",
            "Ra quân 'Ngày Chủ nhật xanh' thu gom rác thải nhựa {x}",
            w=8,
            windows=(("weekdays", (6,), 1),),
            only=True,
        ),
        _t(
            "ra_quan",
            ("nong_thon_moi_moi_truong",),
            "Tổng vệ sinh môi trường, thu gom rác thải {x}",
            "Ra quân thu gom rác thải nhựa hưởng ứng Ngày Môi trường thế giới 5/6 {x}",
            w=1.5,
            windows=(("day", 6, 5, -5, 0, 4),),
        ),
        _t(
            "phong_trao",
            ("nong_thon_moi_moi_truong", "thi_dua"),
            "Ra quân làm đường giao thông nông thôn {x}",
            "Xây dựng tuyến đường 'Sáng - Xanh - Sạch - Đẹp' {x}",
            "Vận động Nhân dân hiến đất làm đường giao thông nông thôn {x}",
            w=1.5,
        ),
        _t(
            "tuyen_truyen",
            ("dan_toc_ton_giao",),
            "Tuyên truyền chính sách dân tộc, tôn giáo cho đồng bào {x}",
            "Phát huy vai trò người có uy tín trong đồng bào dân tộc thiểu số {x}",
            orgs={"MTTQ": 3, "HLHPN": 0.5, "HND": 0.5, "HCCB": 0.5, "DTN": 0.5},
            w=1.2,
        ),
        _t(
            "hoi_nghi",
            ("to_chuc_hoi_vien",),
            "Hội nghị Ban Chấp hành mở rộng sơ kết công tác 6 tháng đầu năm {y}",
            windows=(("months", (6, 7), 1),),
            only=True,
            w=4,
            part=(30, 80),
        ),
        _t(
            "hoi_nghi",
            ("to_chuc_hoi_vien",),
            "Hội nghị tổng kết công tác năm {y}, triển khai nhiệm vụ năm {y1}",
            windows=(("months", (12,), 1),),
            only=True,
            w=4,
            part=(40, 120),
        ),
        _t(
            "hoi_nghi",
            ("to_chuc_hoi_vien",),
            "Hội nghị tổng kết công tác năm {yp}, triển khai nhiệm vụ năm {y}",
            windows=(("day", 1, 1, 0, 24, 1),),
            only=True,
            w=4,
            part=(40, 120),
        ),
        _t(
            "khac",
            ("to_chuc_hoi_vien",),
            "Sinh hoạt chi hội định kỳ {x}",
            orgs={"HLHPN": 1, "HND": 1, "HCCB": 1, "HLHTN": 1},
            levels={"commune": 1},
            w=2,
            part=(20, 60),
        ),
        _t(
            "khac",
            ("to_chuc_hoi_vien",),
            "Sinh hoạt chi đoàn định kỳ {x}",
            orgs={"DTN": 1},
            levels={"commune": 1},
            w=2,
            part=(20, 60),
        ),
        _t(
            "khac",
            ("to_chuc_hoi_vien", "dan_toc_ton_giao"),
            "Sinh hoạt Ban công tác Mặt trận khu dân cư {x}",
            orgs={"MTTQ": 1},
            levels={"commune": 1},
            w=2,
            part=(20, 60),
        ),
        _t(
            "tap_huan",
            ("to_chuc_hoi_vien",),
            "Tập huấn nghiệp vụ cho cán bộ chi hội, chi đoàn năm {y}",
            "Bồi dưỡng lý luận chính trị cho đoàn viên, hội viên mới",
            levels={"province": 1, "district": 1.5, "commune": 0.5},
            w=1.5,
            windows=(("months", (3, 4, 8, 9), 2),),
            funds=("range", 5_000_000, 30_000_000, 500_000, 0.6),
        ),
        _t(
            "khac",
            ("to_chuc_hoi_vien",),
            "Kết nạp {n} hội viên mới {x}",
            "Lễ kết nạp hội viên mới {x}",
            orgs={"HLHPN": 1, "HND": 1, "HCCB": 0.6, "HLHTN": 0.6},
            n=(3, 5, 8, 10, 12, 15),
            newm="n",
            w=1.2,
        ),
        _t(
            "khac",
            ("to_chuc_hoi_vien",),
            "Kết nạp {n} đoàn viên công đoàn mới",
            orgs={"LDLD": 1},
            n=(3, 5, 8, 10, 20),
            newm="n",
            w=1.2,
        ),
        _t(
            "khac",
            ("to_chuc_hoi_vien",),
            "Lễ kết nạp {n} đoàn viên mới {x}",
            orgs={"DTN": 1},
            n=(5, 8, 10, 12, 15, 20, 25),
            newm="n",
            w=0.6,
            windows=(("day", 3, 26, -10, 0, 4), ("day", 5, 19, -5, 0, 3), ("day", 9, 2, -5, 0, 2)),
        ),
        # --- Tết -------------------------------------------------------------------------------------
        _t(
            "ho_tro",
            ("an_sinh",),
            "Trao {n} suất quà Tết cho hộ nghèo, hộ cận nghèo {x}",
            "Thăm, tặng {n} suất quà Tết Nguyên đán {can} {y} cho gia đình chính sách {x}",
            "Chương trình 'Tết vì người nghèo' Xuân {can} {y}: trao {n} suất quà {x}",
            "Trao {n} suất quà Tết cho đoàn viên, hội viên có hoàn cảnh khó khăn {x}",
            n=(10, 15, 20, 30, 50, 80, 100),
            benef="n",
            funds=GIFT,
            w=16,
            **tet_only,
        ),
        _t(
            "ho_tro",
            ("an_sinh", "quyen_loi_hoi_vien"),
            "Chương trình 'Tết Sum vầy' năm {y}: trao {n} suất quà cho đoàn viên, người lao động",
            "Trao {n} suất quà Tết cho đoàn viên công đoàn có hoàn cảnh khó khăn",
            orgs={"LDLD": 1},
            n=(10, 20, 30, 50),
            benef="n",
            funds=("per_n", (500_000, 1_000_000), 0.95),
            w=16,
            **tet_only,
        ),
        _t(
            "ho_tro",
            ("an_sinh",),
            "Chương trình 'Xuân tình nguyện' năm {y} {x}",
            "Chương trình 'Tết ấm cho em': trao {n} suất quà cho thiếu nhi {x}",
            orgs=YOUTH,
            n=(20, 30, 50, 80),
            benef="n",
            funds=("per_n", (100_000, 200_000), 0.9),
            w=10,
            **tet_only,
        ),
        _t(
            "ho_tro",
            ("dan_toc_ton_giao", "an_sinh"),
            "Thăm, chúc Tết người có uy tín trong đồng bào dân tộc thiểu số {x}",
            orgs={"MTTQ": 1},
            n=(5, 10, 15),
            benef="n",
            funds=("per_n", (500_000, 1_000_000), 0.9),
            w=10,
            **tet_only,
        ),
        _t(
            "ra_quan",
            ("nong_thon_moi_moi_truong",),
            "Phát động 'Tết trồng cây đời đời nhớ ơn Bác Hồ' Xuân {can} {y}",
            "Ra quân trồng {n} cây xanh {x}",
            n=(100, 200, 300, 500),
            w=8,
            windows=(("tet", 4, 25, 1),),
            only=True,
        ),
        _t(
            "ky_niem",
            ("ky_niem_le_lon",),
            "Gặp mặt, động viên thanh niên lên đường nhập ngũ năm {y} {x}",
            orgs={"DTN": 2, "HCCB": 1, "MTTQ": 1},
            w=6,
            windows=(("tet", 3, 14, 1),),
            only=True,
        ),
        # --- holidays -------------------------------------------------------------------------------
        _t(
            "ky_niem",
            ("ky_niem_le_lon", "chinh_tri_tu_tuong"),
            "Tuyên truyền kỷ niệm {k} năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 – 03/02/{y})",
            "Hoạt động chào mừng {k} năm Ngày thành lập Đảng Cộng sản Việt Nam {x}",
            base_year=1930,
            w=8,
            windows=(("day", 2, 3, -12, 2, 1),),
            only=True,
        ),
        _t(
            "ky_niem",
            ("ky_niem_le_lon",),
            "Tọa đàm kỷ niệm {k} năm Ngày Quốc tế Phụ nữ 8/3 và {k2} năm Khởi nghĩa Hai Bà Trưng",
            "Hội thi 'Duyên dáng áo dài' chào mừng Ngày Quốc tế Phụ nữ 8/3 {x}",
            orgs={"HLHPN": 3, "LDLD": 1},
            base_year=1910,
            base_year2=40,
            w=14,
            windows=(("day", 3, 8, -8, 2, 1),),
            only=True,
        ),
        _t(
            "ra_quan",
            ("thi_dua", "nong_thon_moi_moi_truong"),
            "Ra quân hưởng ứng Tháng Thanh niên năm {y}",
            "Công trình thanh niên: bê tông hóa đường nội đồng {x}",
            orgs=YOUTH,
            w=8,
            windows=(("months", (3,), 1),),
            only=True,
        ),
        _t(
            "ky_niem",
            ("ky_niem_le_lon",),
            "Hoạt động chào mừng {k} năm Ngày Giải phóng miền Nam, thống nhất đất nước (30/4/1975 – 30/4/{y})",
            base_year=1975,
            w=6,
            windows=(("day", 4, 30, -12, 1, 1),),
            only=True,
        ),
        _t(
            "tuyen_truyen",
            ("ky_niem_le_lon",),
            "Tuyên truyền kỷ niệm {k} năm Chiến thắng Điện Biên Phủ (07/5/1954 – 07/5/{y})",
            base_year=1954,
            w=6,
            windows=(("day", 5, 7, -8, 1, 1),),
            only=True,
        ),
        _t(
            "ky_niem",
            ("ky_niem_le_lon", "chinh_tri_tu_tuong"),
            "Kỷ niệm {k} năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 – 19/5/{y})",
            base_year=1890,
            w=6,
            windows=(("day", 5, 19, -6, 1, 1),),
            only=True,
        ),
        _t(
            "ho_tro",
            ("an_sinh",),
            "Trao {n} suất quà cho trẻ em có hoàn cảnh khó khăn nhân Ngày Quốc tế thiếu nhi 1/6",
            orgs={"DTN": 2, "HLHPN": 2, "MTTQ": 1, "LDLD": 1},
            n=(10, 20, 30, 50),
            benef="n",
            funds=("per_n", (100_000, 200_000, 300_000), 0.9),
            w=8,
            windows=(("day", 6, 1, -7, 0, 1),),
            only=True,
        ),
        _t(
            "ra_quan",
            ("thi_dua", "nong_thon_moi_moi_truong"),
            "Lễ ra quân Chiến dịch Thanh niên tình nguyện hè năm {y}",
            "Chiến dịch 'Mùa hè xanh' năm {y}: tu sửa đường giao thông nông thôn {x}",
            "Tổ chức sinh hoạt hè cho thiếu nhi {x}",
            "Tình nguyện 'Mùa hè xanh' {y}: dọn vệ sinh, trồng cây xanh {x}",
            orgs=YOUTH,
            w=12,
            windows=(("months", (6, 7, 8), 1),),
            only=True,
        ),
        _t(
            "phong_trao",
            ("quyen_loi_hoi_vien",),
            "Tháng Công nhân năm {y}: thăm, tặng quà {n} đoàn viên, người lao động",
            orgs={"LDLD": 1},
            n=(10, 20, 30),
            benef="n",
            funds=("per_n", (300_000, 500_000), 0.9),
            w=10,
            windows=(("months", (5,), 1),),
            only=True,
        ),
        _t(
            "ho_tro",
            ("an_sinh", "ky_niem_le_lon"),
            "Thăm, tặng {n} suất quà cho gia đình chính sách, người có công nhân kỷ niệm {k} năm Ngày Thương "
            "binh - Liệt sĩ (27/7/1947 – 27/7/{y})",
            base_year=1947,
            n=(10, 15, 20, 30, 50),
            benef="n",
            funds=GIFT,
            w=8,
            windows=(("day", 7, 27, -12, 0, 1),),
            only=True,
        ),
        _t(
            "ky_niem",
            ("ky_niem_le_lon",),
            "Thắp nến tri ân các anh hùng liệt sĩ tại Nghĩa trang liệt sĩ {xn}",
            orgs={"DTN": 2, "HCCB": 2, "HLHTN": 1},
            w=8,
            windows=(("day", 7, 27, -3, 0, 1),),
            only=True,
        ),
        _t(
            "ky_niem",
            ("ky_niem_le_lon",),
            "Hoạt động chào mừng {k} năm Cách mạng Tháng Tám và Quốc khánh 2/9",
            base_year=1945,
            w=6,
            windows=(("day", 9, 2, -10, 1, 1),),
            only=True,
        ),
        _t(
            "ho_tro",
            ("an_sinh",),
            "Tổ chức 'Vui Tết Trung thu' và trao {n} suất quà cho thiếu nhi {x}",
            "Chương trình 'Trung thu cho em' năm {y} {x}",
            orgs={"DTN": 3, "HLHPN": 2, "MTTQ": 1, "HLHTN": 1},
            n=(30, 50, 80, 100),
            benef="n",
            funds=("per_n", (50_000, 100_000), 0.9),
            w=10,
            windows=(("mid_autumn", -10, 1, 1),),
            only=True,
        ),
        _t(
            "ky_niem",
            ("dan_toc_ton_giao", "ky_niem_le_lon"),
            "Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư năm {y} {x}",
            "Ngày hội Đại đoàn kết toàn dân tộc năm {y}",
            orgs={"MTTQ": 3, "HLHPN": 1, "HND": 1, "HCCB": 1, "DTN": 1, "LDLD": 0.5, "HLHTN": 0.5},
            w=10,
            windows=(("day", 11, 18, -25, 2, 1),),
            only=True,
        ),
        _t(
            "ky_niem",
            ("ky_niem_le_lon",),
            "Gặp mặt kỷ niệm {k} năm Ngày thành lập Quân đội nhân dân Việt Nam (22/12/1944 – 22/12/{y}) và {k2} "
            "năm Ngày hội Quốc phòng toàn dân",
            orgs={"HCCB": 3, "DTN": 1, "MTTQ": 1},
            base_year=1944,
            base_year2=1989,
            w=8,
            windows=(("day", 12, 22, -6, 1, 1),),
            only=True,
        ),
        _t(
            "ho_tro",
            ("dan_toc_ton_giao",),
            "Thăm, chúc mừng các chức sắc, cơ sở tôn giáo nhân dịp Lễ Giáng sinh năm {y}",
            orgs={"MTTQ": 1},
            levels=PD,
            w=6,
            windows=(("day", 12, 24, -6, 0, 1),),
            only=True,
        ),
        # --- disasters, houses, elections, the reform -----------------------------------------------
        _t(
            "ho_tro",
            ("thien_tai", "an_sinh"),
            "Hỗ trợ {n} hộ bị thiệt hại do mưa lũ, sạt lở đất {x}",
            "Thăm hỏi, hỗ trợ {n} hộ gia đình bị ảnh hưởng bởi lũ quét {x}",
            ("Quyên góp ủng hộ đồng bào bị thiệt hại do bão số 3 (Yagi)", 2024, 2024),
            n=(3, 5, 8, 10, 15, 20),
            benef="n",
            funds=("per_n", (1_000_000, 2_000_000, 3_000_000, 5_000_000), 0.95),
            w=2.5,
            windows=(("months", (6, 7, 8), 1), ("months", (9, 10, 11), 3)),
            only=True,
        ),
        _t(
            "tuyen_truyen",
            ("thien_tai",),
            "Tuyên truyền kỹ năng phòng, chống thiên tai, sạt lở đất, lũ quét {x}",
            "Tuyên truyền, hướng dẫn Nhân dân chủ động ứng phó mưa lũ, sạt lở đất {x}",
            w=2.0,
            windows=(("months", (5, 6, 7, 8), 1), ("months", (9, 10, 11), 2)),
            only=True,
        ),
        _t(
            "ra_quan",
            ("thien_tai", "nong_thon_moi_moi_truong"),
            "Ra quân khơi thông cống rãnh, phòng, chống ngập úng mùa mưa lũ {x}",
            "Ra quân giúp Nhân dân khắc phục hậu quả mưa lũ {x}",
            w=1.2,
            windows=(("months", (5, 6, 7, 8), 1), ("months", (9, 10, 11), 2)),
            only=True,
        ),
        _t(
            "xay_nha",
            ("an_sinh",),
            "Hỗ trợ xóa nhà tạm, nhà dột nát cho hộ nghèo {x}",
            "Bàn giao nhà ở cho hộ nghèo trong Chương trình xóa nhà tạm, nhà dột nát {x}",
            orgs={"MTTQ": 3, "HLHPN": 1, "HCCB": 1, "HND": 1, "DTN": 1, "LDLD": 1},
            w=3,
            windows=(("range", "2024-07-01", "2025-08-31", 1),),
            only=True,
            benef=(3, 7),
            funds=("range", 40_000_000, 60_000_000, 5_000_000, 1.0),
        ),
        _t(
            "tuyen_truyen",
            ("tuyen_truyen", "xay_dung_dang_chinh_quyen"),
            (
                "Tuyên truyền cuộc bầu cử đại biểu Quốc hội khóa XV và đại biểu HĐND các cấp nhiệm kỳ 2021 – 2026 {x}",
                2021,
                2021,
            ),
            (
                "Tuyên truyền cuộc bầu cử đại biểu Quốc hội khóa XVI và đại biểu HĐND các cấp nhiệm kỳ 2026 – 2031 {x}",
                2025,
                2026,
            ),
            orgs={"MTTQ": 3, "HLHPN": 1, "HND": 1, "HCCB": 1, "DTN": 1, "LDLD": 1, "HLHTN": 1},
            w=6,
            windows=(("range", "2021-01-01", "2021-05-23", 1), ("range", "2025-12-15", "2026-03-15", 1)),
            only=True,
        ),
        _t(
            "hoi_nghi",
            ("xay_dung_dang_chinh_quyen",),
            "Hội nghị hiệp thương lần thứ {n} giới thiệu người ứng cử đại biểu HĐND {cap}",
            orgs={"MTTQ": 1},
            n=(1, 2, 3),
            w=8,
            windows=(("range", "2021-01-15", "2021-04-20", 1), ("range", "2025-12-15", "2026-02-28", 1)),
            only=True,
        ),
        _t(
            "hoi_nghi",
            ("to_chuc_hoi_vien",),
            "Hội nghị triển khai kiện toàn tổ chức, bộ máy sau sắp xếp đơn vị hành chính {x}",
            "Bàn giao hồ sơ, danh sách hội viên về tổ chức cơ sở sau sắp xếp {x}",
            w=5,
            windows=(("range", "2025-07-01", "2025-12-31", 1),),
            only=True,
        ),
        _t(
            "tuyen_truyen",
            ("xay_dung_dang_chinh_quyen",),
            "Tuyên truyền về mô hình chính quyền địa phương hai cấp {x}",
            "Tuyên truyền việc sắp xếp đơn vị hành chính cấp xã, kết thúc hoạt động cấp huyện",
            w=3,
            windows=(("range", "2025-04-15", "2025-10-31", 1),),
            only=True,
        ),
    ]
    return out + _org_templates()


# ---------------------------------------------------------------------------------------------------
# Reference data.


@dataclass
class SampleUnit:
    code: str
    name: str
    level: str
    parent_code: str
    valid_from: dt.date
    valid_to: dt.date | None
    successor_code: str
    type_word: str

    @property
    def short(self) -> str:
        return self.name[len(self.type_word) :].strip()

    @property
    def level4(self) -> str:
        if self.level != "commune":
            return self.level
        return "tt" if self.type_word == "Thị trấn" else "xa"


def _iso(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def load_units(path: Path | None = None) -> list[SampleUnit]:
    """The deployment's units (data/reference/units.csv), root first."""
    path = path or REFERENCE_DIR / "units.csv"
    units = []
    with path.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            name = r["name"]
            type_word = "Thị trấn" if name.startswith("Thị trấn ") else name.split(" ", 1)[0]
            if name.startswith("Thành phố "):
                type_word = "Thành phố"
            units.append(
                SampleUnit(
                    r["code"],
                    name,
                    r["level"],
                    r["parent_code"],
                    _iso(r["valid_from"]) or dt.date(2000, 1, 1),
                    _iso(r["valid_to"]),
                    r["successor_code"],
                    type_word,
                )
            )
    roots = [u for u in units if not u.parent_code]
    if len(roots) != 1:
        raise ValueError("units.csv must have exactly one unit without a parent")
    return roots + [u for u in units if u.parent_code]


def _read_ref(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _cap_first(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------------------------------------------
# The activity model.


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


@dataclass
class _Model:
    today: dt.date
    units: list[SampleUnit]
    tpls: list[Tpl]
    days: np.ndarray  # datetime64[D]
    years: np.ndarray
    first_year: int
    date_strings: list[str]
    unit_level: np.ndarray  # per unit: 0 province, 1 district, 2 commune
    lam: np.ndarray  # (D, U, O) expected activities
    cum: np.ndarray  # (D*O*L, T) cumulative template weights
    title_lut: np.ndarray  # (T, Y, U, V) -> title category
    titles: list[str]
    title_fold: np.ndarray  # title category -> folded-title id
    n_lut: np.ndarray  # (T, V)
    gift_lut: np.ndarray  # (T, V) per-n amount
    tpl_arrays: dict[str, np.ndarray] = field(default_factory=dict)
    org_form_cum: np.ndarray | None = None  # (O*4, K)
    org_form_idx: np.ndarray | None = None  # (O*4, K) -> org category
    org_cats: list[str] = field(default_factory=list)
    unit_form_cum: np.ndarray | None = None  # (U, 2)
    unit_form_idx: np.ndarray | None = None  # (U, 2) -> unit category (-1 blank)
    unit_cats: list[str] = field(default_factory=list)
    type_form_cum: np.ndarray | None = None
    type_form_idx: np.ndarray | None = None
    type_cats: list[str] = field(default_factory=list)
    theme_idx: np.ndarray | None = None  # (T, 3) -> theme category
    theme_cats: list[str] = field(default_factory=list)


def _day_windows(days: pd.DatetimeIndex, spec: tuple) -> np.ndarray:
    """Boolean mask of the days inside one window spec."""
    kind = spec[0]
    ordinal = np.asarray(days.values.astype("datetime64[D]").astype(np.int64))
    mask = np.zeros(len(days), dtype=bool)
    if kind in ("tet", "mid_autumn"):
        table = TET if kind == "tet" else MID_AUTUMN
        for year, iso in table.items():
            centre = np.datetime64(iso, "D").astype(np.int64)
            lo, hi = centre + spec[1], centre + spec[2]
            if kind == "tet":
                lo = max(lo, np.datetime64(f"{year}-01-01", "D").astype(np.int64))
            mask |= (ordinal >= lo) & (ordinal <= hi)
    elif kind == "day":
        _, m, d, before, after = spec[:5]
        for year in range(days.year.min(), days.year.max() + 1):
            centre = np.datetime64(dt.date(year, m, d), "D").astype(np.int64)
            mask |= (ordinal >= centre + before) & (ordinal <= centre + after)
    elif kind == "months":
        mask = np.isin(days.month, spec[1])
    elif kind == "weekdays":
        mask = np.isin(days.day_of_week, spec[1])
    elif kind == "range":
        lo = np.datetime64(spec[1], "D").astype(np.int64)
        hi = np.datetime64(spec[2], "D").astype(np.int64)
        mask = (ordinal >= lo) & (ordinal <= hi)
    else:
        raise ValueError(f"unknown window {spec!r}")
    return mask


def _pattern_years(p) -> tuple[str, int, int]:
    return (p, 0, 9999) if isinstance(p, str) else p


def _build_model(today: dt.date) -> _Model:
    if today < START:
        raise ValueError(f"today ({today}) is before the sample's start ({START})")
    units = load_units()
    tpls = templates()
    n_units, n_orgs, n_levels, n_tpl = len(units), len(ORGS), len(LEVELS), len(tpls)
    days = pd.date_range(START, today, freq="D")
    n_days = len(days)
    years = np.asarray(days.year)
    first_year = int(years[0])
    year_list = list(range(first_year, today.year + 1))
    ordinal = days.values.astype("datetime64[D]").astype(np.int64)

    unit_level = np.array([LEVELS.index(u.level) for u in units])
    # Validity of each unit per day.
    valid = np.zeros((n_days, n_units), dtype=bool)
    for j, u in enumerate(units):
        lo = np.datetime64(u.valid_from, "D").astype(np.int64)
        hi = np.datetime64(u.valid_to, "D").astype(np.int64) if u.valid_to else np.iinfo(np.int64).max
        valid[:, j] = (ordinal >= lo) & (ordinal <= hi)

    # --- intensity per (day, unit, org): activities per month / 30.4 -----------------------------------
    org_mult = np.array(
        [
            {"MTTQ": 1.1, "LDLD": 0.7, "HLHPN": 1.2, "DTN": 1.3, "HND": 1.0, "HCCB": 0.7, "HLHTN": 0.5}[o]
            for o in ORGS
        ]
    )
    per_month = np.zeros((n_units, n_orgs))
    for j, u in enumerate(units):
        if u.level == "province":
            base = 6.0
        elif u.level == "district":
            base = 8.0
        elif u.valid_from >= REFORM:
            base = 4.5
        else:
            base = 1.8 if u.type_word == "Thị trấn" else 1.5
        per_month[j] = base * org_mult
        if u.level == "commune":
            per_month[j, ORGS.index("LDLD")] *= 0.5
    day_factor = np.ones(n_days)
    weekday = np.asarray(days.day_of_week)
    day_factor[weekday == 5] = 0.85
    day_factor[weekday == 6] = 0.6
    month_factor = np.array([1.1, 0.9, 1.2, 1.0, 1.1, 1.0, 1.1, 0.9, 1.0, 1.2, 1.1, 1.2])
    day_factor *= month_factor[np.asarray(days.month) - 1]
    day_factor[_day_windows(days, ("tet", -20, -2))] *= 1.3
    day_factor[_day_windows(days, ("tet", -1, 4))] *= 0.15
    day_factor[_day_windows(days, ("range", "2021-05-01", "2021-09-30"))] *= 0.75  # COVID-19 wave
    for m, d, before, after in ((1, 1, 0, 0), (4, 30, 0, 1), (9, 2, -1, 0)):  # public holidays
        day_factor[_day_windows(days, ("day", m, d, before, after))] *= 0.3
    day_factor *= 1.04 ** (years - first_year)  # slow growth, so "so với cùng kỳ" shows something
    org_day = np.ones((n_days, n_orgs))
    for k, org in enumerate(ORGS):
        m, d = FOUNDING[org]
        org_day[_day_windows(days, ("day", m, d, -7, 1)), k] *= 1.6
    lam = (per_month / 30.4)[None, :, :] * valid[:, :, None] * day_factor[:, None, None] * org_day[:, None, :]

    # --- template weights per (day, org, level) -------------------------------------------------------
    season = np.ones((n_days, n_levels, n_tpl))
    org_w = np.zeros((n_orgs, n_tpl))
    level_w = np.zeros((n_levels, n_tpl))
    for t, tpl in enumerate(tpls):
        org_w[:, t] = [1.0 if tpl.orgs is None else tpl.orgs.get(o, 0.0) for o in ORGS]
        level_w[:, t] = [1.0 if tpl.levels is None else tpl.levels.get(lv, 0.0) for lv in LEVELS]
        s = np.zeros(n_days) if tpl.only else np.ones(n_days)
        for spec in tpl.windows:
            mask = _day_windows(days, spec)
            s[mask] = np.maximum(s[mask], spec[-1]) if tpl.only else s[mask] * spec[-1]
        if tpl.active:
            s[~_day_windows(days, ("range", *tpl.active))] = 0
        # Years without a pattern for them.
        pats = [_pattern_years(p) for p in tpl.patterns]
        for y in year_list:
            if not any(y0 <= y <= y1 for _, y0, y1 in pats):
                s[years == y] = 0
        season[:, :, t] = s[:, None]
        if tpl.congress_org:
            cy = np.isin(years, CONGRESS_YEARS[tpl.congress_org])
            for li, lv in enumerate(LEVELS):
                season[:, li, t] *= cy & np.isin(np.asarray(days.month), CONGRESS_MONTHS[lv])
    base_w = np.array([tpl.w for tpl in tpls])
    weights = (
        season[:, None, :, :]
        * org_w[None, :, None, :]
        * level_w[None, None, :, :]
        * base_w[None, None, None, :]
    )
    cum = np.cumsum(weights.reshape(n_days * n_orgs * n_levels, n_tpl), axis=1)
    if (cum[:, -1] <= 0).any():
        raise AssertionError("a (day, organization, level) has no activity template")

    # --- titles ---------------------------------------------------------------------------------------
    n_years = len(year_list)
    title_lut = np.zeros((n_tpl, n_years, n_units, VARIANTS), dtype=np.int32)
    n_lut = np.zeros((n_tpl, VARIANTS), dtype=np.int64)
    gift_lut = np.zeros((n_tpl, VARIANTS), dtype=np.int64)
    titles: list[str] = []
    index: dict[str, int] = {}
    places = []
    for u in units:
        if u.level == "province":
            places.append(("trên địa bàn tỉnh", f"tỉnh {u.short}", "tỉnh"))
        elif u.level == "district":
            places.append(("trên địa bàn huyện", f"huyện {u.short}", "huyện"))
        else:
            word = u.type_word.lower()
            places.append((f"{word} {u.short}", f"{word} {u.short}", word))
    for t, tpl in enumerate(tpls):
        for v in range(VARIANTS):
            n_lut[t, v] = tpl.n[v % len(tpl.n)]
            if tpl.funds and tpl.funds[0] == "per_n":
                values = tpl.funds[1]
                gift_lut[t, v] = values[(v // len(tpl.n)) % len(values)]
        pats = [_pattern_years(p) for p in tpl.patterns]
        for yi, y in enumerate(year_list):
            year_pats = [p for p, y0, y1 in pats if y0 <= y <= y1] or [pats[0][0]]
            laws = [name for name, y0, y1 in LAWS if y0 <= y <= y1]
            for j in range(n_units):
                x, xn, cap = places[j]
                for v in range(VARIANTS):
                    pattern = year_pats[(v // len(tpl.n)) % len(year_pats)]
                    text = pattern.format(
                        x=x,
                        xn=xn,
                        cap=cap,
                        y=y,
                        y1=y + 1,
                        yp=y - 1,
                        n=n_lut[t, v],
                        k=y - tpl.base_year,
                        k2=y - tpl.base_year2,
                        can=can_chi(y),
                        term=f"{y} – {y + 5}",
                        law=laws[(v + y) % len(laws)],
                    ).strip()
                    code = index.get(text)
                    if code is None:
                        code = index[text] = len(titles)
                        titles.append(text)
                    title_lut[t, yi, j, v] = code
    fold_ids: dict[str, int] = {}
    title_fold = np.array([fold_ids.setdefault(fold(s), len(fold_ids)) for s in titles], dtype=np.int64)

    model = _Model(
        today=today,
        units=units,
        tpls=tpls,
        days=days.values.astype("datetime64[D]"),
        years=years,
        first_year=first_year,
        date_strings=[d.strftime("%d/%m/%Y") for d in days],
        unit_level=unit_level,
        lam=lam,
        cum=cum,
        title_lut=title_lut,
        titles=titles,
        title_fold=title_fold,
        n_lut=n_lut,
        gift_lut=gift_lut,
    )
    _add_tpl_arrays(model)
    _add_forms(model)
    return model


def _add_tpl_arrays(model: _Model) -> None:
    tpls = model.tpls
    a: dict[str, np.ndarray] = {}
    a["type"] = np.array([TYPE_CODES.index(t.type) for t in tpls])
    parts = [t.part or DEFAULT_PART[t.type] for t in tpls]
    a["p_lo"] = np.array([p[0] for p in parts], dtype=float)
    a["p_hi"] = np.array([p[1] for p in parts], dtype=float)
    a["b_mode"] = np.array([0 if t.benef is None else 1 if t.benef == "n" else 2 for t in tpls])
    a["b_lo"] = np.array([t.benef[0] if isinstance(t.benef, tuple) else 0 for t in tpls])
    a["b_hi"] = np.array([t.benef[1] if isinstance(t.benef, tuple) else 0 for t in tpls])
    a["f_mode"] = np.array([0 if t.funds is None else 1 if t.funds[0] == "per_n" else 2 for t in tpls])
    a["f_p"] = np.array([t.funds[-1] if t.funds else 0.0 for t in tpls])
    a["f_lo"] = np.array([t.funds[1] if t.funds and t.funds[0] == "range" else 0 for t in tpls], dtype=float)
    a["f_hi"] = np.array([t.funds[2] if t.funds and t.funds[0] == "range" else 0 for t in tpls], dtype=float)
    a["f_step"] = np.array(
        [t.funds[3] if t.funds and t.funds[0] == "range" else 1 for t in tpls], dtype=float
    )
    a["n_mode"] = np.array([0 if t.newm is None else 1 if t.newm == "n" else 2 for t in tpls])
    model.tpl_arrays = a


def _forms_table(groups: list[list[tuple[str, float]]], cats: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Cumulative probabilities and category indexes of the spellings of each group, padded."""
    width = max(len(g) for g in groups)
    cum = np.ones((len(groups), width))
    idx = np.full((len(groups), width), -1, dtype=np.int64)
    index = {c: i for i, c in enumerate(cats)}
    for gi, group in enumerate(groups):
        total = sum(w for _, w in group)
        acc = 0.0
        for k, (form, w) in enumerate(group):
            acc += w / total
            cum[gi, k] = acc
            if form is not None and form not in index:
                index[form] = len(cats)
                cats.append(form)
            idx[gi, k] = -1 if form is None else index[form]
        cum[gi, len(group) - 1 :] = 1.0
        idx[gi, len(group) :] = idx[gi, len(group) - 1]
    return cum, idx


def _with_plain(forms: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Add the spellings without diacritics, at a small share."""
    out = [(f, w * (1 - NO_DIACRITICS_SHARE)) for f, w in forms]
    total = sum(w for _, w in forms)
    plain = [(strip_diacritics(f), w) for f, w in forms if strip_diacritics(f) != f]
    plain_total = sum(w for _, w in plain)
    out += [(f, w / plain_total * total * NO_DIACRITICS_SHARE) for f, w in plain] if plain else []
    return out


def org_forms(org: str, level4: str) -> list[tuple[str, float]]:
    """Spellings of an organization type at a level: the level's own list, else the commune's, else the province's."""
    table = ORG_FORMS[org]
    for key in (level4, "xa" if level4 == "tt" else "", "province"):
        if key in table:
            return _with_plain(table[key])
    raise KeyError(org)


def _add_forms(model: _Model) -> None:
    groups = [org_forms(org, lv) for org in ORGS for lv in LEVEL4]
    model.org_form_cum, model.org_form_idx = _forms_table(groups, model.org_cats)
    unit_groups = []
    for u in model.units:
        if u.level == "province":
            unit_groups.append([(None, 7), (u.name, 2), (u.short, 1)])
        else:
            unit_groups.append([(u.name, 9), (f"{u.type_word.lower()} {u.short}", 1)])
    model.unit_form_cum, model.unit_form_idx = _forms_table(unit_groups, model.unit_cats)
    model.type_form_cum, model.type_form_idx = _forms_table(
        [TYPE_FORMS[c] for c in TYPE_CODES], model.type_cats
    )
    themes = {r["code"]: r for r in _read_ref("themes.csv")}
    model.theme_idx = np.zeros((len(model.tpls), 3), dtype=np.int64)
    index: dict[str, int] = {}
    for t, tpl in enumerate(model.tpls):
        forms = (
            ";".join(tpl.themes),
            "; ".join(themes[c]["aliases"].split(";")[0] for c in tpl.themes),
            ";".join(_cap_first(themes[c]["label_vi"]) for c in tpl.themes),
        )
        for k, form in enumerate(forms):
            if form not in index:
                index[form] = len(model.theme_cats)
                model.theme_cats.append(form)
            model.theme_idx[t, k] = index[form]


def _pick_rows(cum: np.ndarray, keys: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Per row, the first column of ``cum[key]`` above ``u * total``: vectorized binary search."""
    n_cols = cum.shape[1]
    flat = cum.ravel()
    base = keys.astype(np.int64) * n_cols
    target = u * flat[base + n_cols - 1]
    lo = np.zeros(len(keys), dtype=np.int64)
    hi = np.full(len(keys), n_cols - 1, dtype=np.int64)
    for _ in range(max(1, math.ceil(math.log2(n_cols))) + 1):
        mid = (lo + hi) >> 1
        right = flat[base + mid] <= target
        lo = np.where(right, mid + 1, lo)
        hi = np.where(right, hi, mid)
    return np.minimum(lo, n_cols - 1)


def _pick_forms(cum: np.ndarray, groups: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Column index per row from small padded cumulative tables."""
    return (cum[groups] <= u[:, None]).sum(axis=1).clip(max=cum.shape[1] - 1)


def _chunk(model: _Model, cells: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Codes and numbers of the activities of some (day, unit, org) cells, one row per cell entry."""
    n_units, n_orgs = len(model.units), len(ORGS)
    n = len(cells)
    d = cells // (n_units * n_orgs)
    j = (cells // n_orgs) % n_units
    o = cells % n_orgs
    lv = model.unit_level[j]
    a = model.tpl_arrays
    t = _pick_rows(model.cum, (d * n_orgs + o) * len(LEVELS) + lv, rng.random(n))
    v = rng.integers(0, VARIANTS, n)
    yi = model.years[d] - model.first_year
    title = model.title_lut[t, yi, j, v]
    type_code = a["type"][t]
    nval = model.n_lut[t, v]

    level_factor = np.array([1.3, 1.15, 0.85])[lv]
    lo, hi = a["p_lo"][t], a["p_hi"][t]
    part = (lo + (hi - lo) * rng.beta(1.6, 3.0, n)) * level_factor
    part = np.where(rng.random(n) < 0.6, np.round(part / 5) * 5, np.round(part))
    part = part.clip(20, 500).astype(np.int64)
    part_na = rng.random(n) < 0.04

    b_mode = a["b_mode"][t]
    benef = np.where(b_mode == 1, nval, rng.integers(a["b_lo"][t], a["b_hi"][t] + 1))
    benef_na = b_mode == 0

    f_mode = a["f_mode"][t]
    f_range = a["f_lo"][t] + (a["f_hi"][t] - a["f_lo"][t]) * rng.random(n)
    f_range = np.round(f_range / a["f_step"][t]) * a["f_step"][t]
    funds = np.where(f_mode == 1, nval * model.gift_lut[t, v], f_range.astype(np.int64))
    funds_na = (f_mode == 0) | (rng.random(n) >= a["f_p"][t])
    # Some offices write the currency.
    funds_dong = rng.random(n) < 0.2

    n_mode = a["n_mode"][t]
    newm = np.where(n_mode == 1, nval, 0)
    newm_na = (n_mode == 0) & (rng.random(n) < 0.35)

    org_group = o * len(LEVEL4) + np.array([LEVEL4.index(u.level4) for u in model.units])[j]
    org_cat = model.org_form_idx[org_group, _pick_forms(model.org_form_cum, org_group, rng.random(n))]
    unit_cat = model.unit_form_idx[j, _pick_forms(model.unit_form_cum, j, rng.random(n))]
    type_cat = model.type_form_idx[type_code, _pick_forms(model.type_form_cum, type_code, rng.random(n))]
    theme_form = _pick_forms(np.array([[0.33, 0.53, 0.80, 1.0]]), np.zeros(n, dtype=np.int64), rng.random(n))
    theme_cat = np.where(theme_form == 0, -1, model.theme_idx[t, np.maximum(theme_form - 1, 0)])
    note_draw = rng.random(n)
    note_cat = np.where(note_draw < 0.08, rng.integers(0, len(NOTES), n), -1)
    return {
        "d": d,
        "j": j,
        "o": o,
        "t": t,
        "title": title,
        "type_code": type_code,
        "org_cat": org_cat,
        "unit_cat": unit_cat,
        "type_cat": type_cat,
        "theme_cat": theme_cat,
        "note_cat": note_cat,
        "part": part,
        "part_na": part_na,
        "benef": benef,
        "benef_na": benef_na,
        "funds": funds,
        "funds_na": funds_na,
        "funds_dong": funds_dong,
        "newm": newm,
        "newm_na": newm_na,
    }


def _take(chunk: dict[str, np.ndarray], keep: np.ndarray) -> dict[str, np.ndarray]:
    return {k: v[keep] for k, v in chunk.items()}


def _chunk_frame(
    model: _Model, c: dict[str, np.ndarray], seq: np.ndarray, has_id: np.ndarray
) -> pd.DataFrame:
    """The chunk as a DataFrame of categoricals and nullable integers, in the column order of the file."""

    def cat(codes: np.ndarray, cats: list[str]) -> pd.Categorical:
        return pd.Categorical.from_codes(codes.astype(np.int32), categories=pd.Index(cats, dtype=object))

    def nullable(values: np.ndarray, na: np.ndarray) -> pd.arrays.IntegerArray:
        return pd.arrays.IntegerArray(values.astype(np.int64), na)

    funds_values, funds_inv = np.unique(np.where(c["funds_na"], 0, c["funds"]), return_inverse=True)
    funds_strings = [_vnd(int(x)) for x in funds_values] + [f"{_vnd(int(x))} đ" for x in funds_values]
    funds_code = np.where(c["funds_na"], -1, funds_inv + len(funds_values) * c["funds_dong"])
    year = model.years[c["d"]]
    return pd.DataFrame(
        {
            "has_id": has_id,
            "year": year.astype(np.int32),
            "seq": seq.astype(np.int64),
            "date": cat(c["d"], model.date_strings),
            "org": cat(c["org_cat"], model.org_cats),
            "unit": cat(c["unit_cat"], model.unit_cats),
            "activity_type": cat(c["type_cat"], model.type_cats),
            "themes": cat(c["theme_cat"], model.theme_cats),
            "title": cat(c["title"], model.titles),
            "participants": nullable(c["part"], c["part_na"]),
            "beneficiaries": nullable(c["benef"], c["benef_na"]),
            "funds_vnd": cat(funds_code, funds_strings),
            "new_members": nullable(c["newm"], c["newm_na"]),
            "notes": cat(c["note_cat"], list(NOTES)),
        }
    )


def _activity_counts(model: _Model, rng: np.random.Generator, rows: int | None) -> np.ndarray:
    lam = model.lam.ravel()
    if rows is None:
        return rng.poisson(lam)
    return rng.multinomial(rows, lam / lam.sum())


def _default_activities(model: _Model, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """The default-size activities: natural counts, repeated keys dropped."""
    counts = _activity_counts(model, rng, None)
    cells = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    c = _chunk(model, cells, rng)
    # (date, org, unit, activity_type, folded title) must be unique where the id is blank.
    key = (((c["d"] * len(model.units) + c["j"]) * len(ORGS) + c["o"]) * len(TYPE_CODES) + c["type_code"]) * (
        int(model.title_fold.max()) + 1
    ) + model.title_fold[c["title"]]
    _, first = np.unique(key, return_index=True)
    keep = np.zeros(len(key), dtype=bool)
    keep[first] = True
    c = _take(c, keep)
    c["has_id"] = rng.random(len(c["d"])) < 0.1
    return c


def _seq_in_year(years: np.ndarray, offset_by_year: dict[int, int], start: int) -> np.ndarray:
    """1-based position of each row within its year, rows being in date order."""
    out = np.empty(len(years), dtype=np.int64)
    positions = np.arange(start, start + len(years), dtype=np.int64)
    for y in np.unique(years):
        mask = years == y
        out[mask] = positions[mask] - offset_by_year[int(y)] + 1
    return out


def _title_rows(width: int, lines: list[str], delimiter: str = ",") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    for line in lines:
        writer.writerow([line] + [""] * (width - 1))
    return buf.getvalue()


def _csv_line(cells: list[str], delimiter: str = ",") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerow(cells)
    return buf.getvalue()


def _write_activities(path: Path, model: _Model, rng: np.random.Generator, rows: int | None, default) -> None:
    import duckdb

    labels = [c.label_vi for c in ACTIVITIES.columns]
    period = f"từ {START:%d/%m/%Y} đến {model.today:%d/%m/%Y}"
    preamble = "\ufeff" + _title_rows(
        len(labels),
        [
            SAMPLE_BANNER,
            "BÁO CÁO KẾT QUẢ HOẠT ĐỘNG CỦA MẶT TRẬN TỔ QUỐC VÀ CÁC TỔ CHỨC CHÍNH TRỊ - XÃ HỘI "
            f"HUYỆN MAI SƠN, TỈNH SƠN LA ({period})",
        ],
    )
    preamble += _csv_line(labels)
    if rows is None:
        counts = None
        year_counts = np.bincount(model.years[default["d"]] - model.first_year)
    else:
        counts = _activity_counts(model, rng, rows)
        per_day = counts.reshape(len(model.days), -1).sum(axis=1)
        year_counts = np.bincount(model.years - model.first_year, weights=per_day).astype(np.int64)
    offsets = {
        model.first_year + i: int(x) for i, x in enumerate(np.concatenate([[0], np.cumsum(year_counts)[:-1]]))
    }
    width = max(6, len(str(int(year_counts.max()) if len(year_counts) else 0)))

    sql = f"""
        COPY (SELECT CASE WHEN has_id THEN 'HD-' || year || '-' || lpad(CAST(seq AS VARCHAR), {width}, '0') END,
                     date, org, unit, activity_type, themes, title, participants, beneficiaries, funds_vnd,
                     new_members, notes
              FROM chunk) TO '{{part}}' (FORMAT csv, HEADER false)
    """
    con = duckdb.connect()
    with path.open("w", encoding="utf-8", newline="") as out, tempfile.TemporaryDirectory() as tmp:
        out.write(preamble)
        out.flush()

        def emit(frame: pd.DataFrame) -> None:
            part = Path(tmp) / "part.csv"
            con.register("chunk", frame)
            con.execute(sql.replace("{part}", str(part).replace("'", "''")))
            con.unregister("chunk")
            with part.open("rb") as src:
                shutil.copyfileobj(src, out.buffer, 16 * 1024 * 1024)
            out.buffer.flush()

        if rows is None:
            c = default
            years = model.years[c["d"]]
            emit(_chunk_frame(model, c, _seq_in_year(years, offsets, 0), c["has_id"]))
        else:
            # Cells in (day, unit, org) order, so the file is in date order; chunk by cells.
            ends = np.cumsum(counts)
            start_row = 0
            cell_start = 0
            n_cells = len(counts)
            while cell_start < n_cells:
                cell_end = int(np.searchsorted(ends, start_row + CHUNK_ROWS, side="right"))
                cell_end = max(cell_end, cell_start + 1)
                cells = np.repeat(
                    np.arange(cell_start, min(cell_end, n_cells), dtype=np.int64),
                    counts[cell_start:cell_end],
                )
                if len(cells):
                    c = _chunk(model, cells, rng)
                    years = model.years[c["d"]]
                    seq = _seq_in_year(years, offsets, start_row)
                    emit(_chunk_frame(model, c, seq, np.ones(len(cells), dtype=bool)))
                    start_row += len(cells)
                cell_start = cell_end
    con.close()


# ---------------------------------------------------------------------------------------------------
# Meetings and tasks.

SEED_MEETING_ID = "HN-2024-06-13"
SEED_MEETING_DATE = dt.date(2024, 6, 13)
SEED_TITLE = (
    "Hội nghị giao ban công tác Mặt trận và các tổ chức chính trị - xã hội huyện 6 tháng đầu năm 2024"
)
SEED_SUMMARY = (
    "Thường trực Huyện ủy tổ chức giao ban công tác Mặt trận và các tổ chức chính trị - xã hội huyện 6 tháng "
    "đầu năm 2024. Ủy ban MTTQ Việt Nam và các tổ chức chính trị - xã hội huyện báo cáo kết quả đạt được, khó "
    "khăn, vướng mắc và nhiệm vụ trọng tâm 6 tháng cuối năm 2024. Đồng chí Hồ Văn Vinh, Phó Bí thư Thường "
    "trực Huyện ủy, Chủ tịch HĐND huyện kết luận: biểu dương kết quả đạt được; yêu cầu phối hợp tuyên truyền, "
    "vận động Nhân dân về giải phóng mặt bằng, các dự án trọng điểm; nâng cao chất lượng phản biện xã hội; "
    "thực hiện tốt công tác dân vận chính quyền; vận động sản xuất kinh doanh, chăm sóc cây trồng, vật nuôi, "
    "phòng chống dịch bệnh; chăm lo quyền lợi đoàn viên, hội viên; chuẩn bị tốt Đại hội đại biểu MTTQ Việt "
    "Nam huyện và Đại hội Hội LHTN Việt Nam huyện nhiệm kỳ 2024 - 2029."
)
SEED_CHAIR = "Hồ Văn Vinh"
CTXH = ("MTTQ", "LDLD", "HLHPN", "DTN", "HND", "HCCB")  # the Front and the socio-political organizations
# The seed's concluding tasks: (description, themes, assignees, due).
SEED_TASKS = (
    (
        "Tăng cường phối hợp với cấp ủy, chính quyền huyện nắm tình hình, tuyên truyền, vận động Nhân dân hiểu, "
        "đồng tình ủng hộ chủ trương, chính sách của Nhà nước về giải phóng mặt bằng, các dự án trọng điểm của "
        "huyện",
        ("giai_phong_mat_bang", "tuyen_truyen"),
        CTXH,
        dt.date(2024, 12, 31),
    ),
    (
        "Nâng cao chất lượng công tác phản biện xã hội của Mặt trận Tổ quốc và các tổ chức chính trị - xã hội",
        ("giam_sat_phan_bien",),
        CTXH,
        dt.date(2024, 12, 31),
    ),
    (
        "Phối hợp thực hiện tốt công tác dân vận chính quyền",
        ("xay_dung_dang_chinh_quyen",),
        CTXH,
        dt.date(2024, 12, 31),
    ),
    (
        "Thực hiện tốt các nhiệm vụ chuyên môn theo chương trình, kế hoạch công tác năm 2024",
        (),
        CTXH,
        dt.date(2024, 12, 31),
    ),
    (
        "Tuyên truyền, vận động Nhân dân tích cực sản xuất kinh doanh, đẩy mạnh chăm sóc cây trồng, vật nuôi, "
        "phòng chống các loại dịch bệnh, tham gia các phong trào thi đua yêu nước",
        ("kinh_te", "thi_dua"),
        CTXH,
        dt.date(2024, 12, 31),
    ),
    (
        "Quan tâm chăm lo, bảo vệ quyền và lợi ích chính đáng của đoàn viên, hội viên và Nhân dân; chủ động nắm, "
        "xử lý các vấn đề nảy sinh trong đời sống kinh tế - xã hội của các tầng lớp Nhân dân",
        ("quyen_loi_hoi_vien",),
        CTXH,
        dt.date(2024, 12, 31),
    ),
    (
        "Chuẩn bị tốt, chu đáo các điều kiện để tổ chức thành công Đại hội đại biểu Mặt trận Tổ quốc Việt Nam "
        "huyện nhiệm kỳ 2024 - 2029",
        ("dai_hoi",),
        ("MTTQ",),
        dt.date(2024, 7, 31),
    ),
    (
        "Chuẩn bị tốt, chu đáo các điều kiện để tổ chức thành công Đại hội Hội Liên hiệp Thanh niên Việt Nam "
        "huyện nhiệm kỳ 2024 - 2029",
        ("dai_hoi",),
        ("HLHTN", "DTN"),
        dt.date(2024, 9, 30),
    ),
)
# Seed tasks not done (late by now): (task index, org) -> status.
SEED_LATE = {(0, "MTTQ"): "dang_thuc_hien", (1, "HCCB"): "chua_thuc_hien", (4, "HND"): "dang_thuc_hien"}
SEED_DONE_ON = {6: dt.date(2024, 7, 26), 7: dt.date(2024, 8, 23)}

GENERIC_TASKS = (
    (
        "Tuyên truyền, vận động Nhân dân đón Tết Nguyên đán vui tươi, an toàn, tiết kiệm; chăm lo Tết cho hộ nghèo, "
        "gia đình chính sách",
        ("an_sinh",),
        "tet",
    ),
    ("Tổ chức Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư", ("dan_toc_ton_giao",), "nov"),
    (
        "Đẩy mạnh phát triển đoàn viên, hội viên, phấn đấu hoàn thành chỉ tiêu kết nạp năm {y}",
        ("to_chuc_hoi_vien",),
        "dec",
    ),
    (
        "Tăng cường giám sát việc thực hiện chính sách an sinh xã hội trên địa bàn",
        ("giam_sat_phan_bien",),
        "half",
    ),
    (
        "Phối hợp tuyên truyền kỹ năng phòng, chống thiên tai, sạt lở đất, lũ quét mùa mưa bão",
        ("thien_tai",),
        "sep",
    ),
    ("Đẩy mạnh chuyển đổi số trong hoạt động của Mặt trận và các đoàn thể", ("chuyen_doi_so",), "half"),
    (
        "Tuyên truyền, vận động Nhân dân tham gia bảo vệ an ninh trật tự, phòng, chống ma túy",
        ("an_ninh_trat_tu",),
        "half",
    ),
    ("Vận động ủng hộ Quỹ 'Vì người nghèo', xây dựng nhà Đại đoàn kết cho hộ nghèo", ("an_sinh",), "dec"),
    (
        "Tham gia xây dựng nông thôn mới, giữ gìn vệ sinh môi trường khu dân cư",
        ("nong_thon_moi_moi_truong",),
        "half",
    ),
)
POST_REFORM_TASKS = (
    (
        "Kiện toàn tổ chức bộ máy Mặt trận và các đoàn thể chính trị - xã hội xã sau sắp xếp",
        ("to_chuc_hoi_vien",),
    ),
    ("Bàn giao, tiếp nhận hồ sơ, danh sách đoàn viên, hội viên từ các xã cũ", ("to_chuc_hoi_vien",)),
    ("Tuyên truyền về hoạt động của chính quyền địa phương hai cấp", ("xay_dung_dang_chinh_quyen",)),
)

STATUS_FORMS = {
    "hoan_thanh": ("Hoàn thành", "Đã hoàn thành", "hoàn thành"),
    "dang_thuc_hien": ("Đang thực hiện", "Đang triển khai"),
    "chua_thuc_hien": ("Chưa thực hiện", "Chưa triển khai"),
}
MEETING_TYPE_FORMS = {
    "giao_ban": ("Giao ban", "Hội nghị giao ban"),
    "so_ket": ("Sơ kết", "Sơ kết 6 tháng"),
    "tong_ket": ("Tổng kết", "Tổng kết năm"),
    "dai_hoi": ("Đại hội", "Đại hội đại biểu"),
    "chuyen_de": ("Chuyên đề", "Hội nghị chuyên đề"),
}


@dataclass
class Meeting:
    meeting_id: str
    date: dt.date
    meeting_type: str
    title: str
    host: str
    unit: str
    chair: str = ""
    attendees: int | None = None
    orgs: str = ""
    summary: str = ""


@dataclass
class Task:
    task_id: str
    meeting_id: str
    assignee: str
    description: str
    themes: str
    due_date: dt.date | None
    status: str
    completed_date: dt.date | None


def _weekday_near(day: dt.date, rng: np.random.Generator, spread: int = 4) -> dt.date:
    day = day + dt.timedelta(days=int(rng.integers(-spread, spread + 1)))
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _orgs_list(rng: np.random.Generator, names: dict[str, str], orgs=ORGS) -> str:
    if rng.random() < 0.5:
        return ";".join(orgs)
    return ";".join(names[o] for o in orgs)


def _meetings(units: list[SampleUnit], today: dt.date, rng: np.random.Generator) -> list[Meeting]:
    top = units[0]
    district = next(u for u in units if u.level == "district")
    new_communes = [u for u in units if u.level == "commune" and u.valid_from >= REFORM]
    d_short = district.short
    end_district = min(today, district.valid_to or today)
    out: list[Meeting] = []
    for y in range(START.year, today.year + 1):
        # District: semi-annual briefings, reviews, year-end.
        for half, month, day in ((1, 6, 14), (2, 12, 18)):
            date = SEED_MEETING_DATE if (y, half) == (2024, 1) else _weekday_near(dt.date(y, month, day), rng)
            if date <= end_district:
                period = "6 tháng đầu năm" if half == 1 else "năm"
                title = (
                    SEED_TITLE
                    if date == SEED_MEETING_DATE
                    else f"Hội nghị giao ban công tác Mặt trận và các tổ chức chính trị - xã hội huyện {period} {y}"
                )
                out.append(
                    Meeting(
                        f"HN-{date:%Y-%m-%d}",
                        date,
                        "giao_ban",
                        title,
                        "Thường trực Huyện ủy",
                        district.name,
                        SEED_CHAIR,
                        int(rng.integers(30, 46)),
                        "MTTQ;LDLD;HLHPN;DTN;HND;HCCB;HLHTN"
                        if date == SEED_MEETING_DATE
                        else _orgs_list(rng, ORG_NAME_DISTRICT),
                        SEED_SUMMARY
                        if date == SEED_MEETING_DATE
                        else f"Đánh giá kết quả công tác Mặt trận và các tổ chức chính trị - xã hội huyện {period} {y};"
                        " thống nhất nhiệm vụ trọng tâm thời gian tới.",
                    )
                )
        so_ket = _weekday_near(dt.date(y, 7, 10), rng)
        if so_ket <= end_district:
            out.append(
                Meeting(
                    f"HN-{so_ket:%Y-%m-%d}",
                    so_ket,
                    "so_ket",
                    f"Hội nghị sơ kết công tác dân vận 6 tháng đầu năm {y} huyện {d_short}",
                    "Ban Dân vận Huyện ủy",
                    district.name,
                    attendees=int(rng.integers(40, 80)),
                    orgs=_orgs_list(rng, ORG_NAME_DISTRICT),
                    summary=f"Sơ kết công tác dân vận 6 tháng đầu năm {y}; triển khai nhiệm vụ 6 tháng cuối năm.",
                )
            )
        tong_ket = _weekday_near(dt.date(y, 1, 15), rng)
        if y > START.year and tong_ket <= end_district:
            out.append(
                Meeting(
                    f"HN-{tong_ket:%Y-%m-%d}",
                    tong_ket,
                    "tong_ket",
                    f"Hội nghị tổng kết công tác dân vận, Mặt trận và các đoàn thể năm {y - 1}",
                    "Ban Dân vận Huyện ủy",
                    district.name,
                    attendees=int(rng.integers(60, 120)),
                    orgs=_orgs_list(rng, ORG_NAME_DISTRICT),
                    summary=f"Tổng kết công tác năm {y - 1}; triển khai phương hướng, nhiệm vụ năm {y}.",
                )
            )
        # Province: semi-annual briefings.
        for half, month, day in ((1, 7, 5), (2, 12, 26)):
            date = _weekday_near(dt.date(y, month, day), rng)
            if date <= today:
                period = "6 tháng đầu năm" if half == 1 else "năm"
                out.append(
                    Meeting(
                        f"HN-T-{date:%Y-%m-%d}",
                        date,
                        "giao_ban",
                        f"Hội nghị giao ban công tác dân vận, Mặt trận và các tổ chức chính trị - xã hội tỉnh {period} {y}",
                        "Thường trực Tỉnh ủy",
                        "" if rng.random() < 0.7 else top.name,
                        attendees=int(rng.integers(50, 90)),
                        orgs=_orgs_list(rng, ORG_NAME_PROVINCE),
                        summary=f"Giao ban công tác dân vận, Mặt trận và các đoàn thể tỉnh {period} {y}.",
                    )
                )
    # District congresses (the seed's two of 2024 among them) and two at the province.
    congresses = [
        ("HLHPN", dt.date(2021, 6, 24), "2021 – 2026", district),
        ("HCCB", dt.date(2022, 6, 16), "2022 – 2027", district),
        ("DTN", dt.date(2022, 8, 11), "2022 – 2027", district),
        ("HND", dt.date(2023, 6, 22), "2023 – 2028", district),
        ("LDLD", dt.date(2023, 7, 20), "2023 – 2028", district),
        ("MTTQ", SEED_DONE_ON[6], "2024 – 2029", district),
        ("HLHTN", SEED_DONE_ON[7], "2024 – 2029", district),
        ("MTTQ", dt.date(2024, 9, 26), "2024 – 2029", top),
        ("HLHPN", dt.date(2026, 8, 20), "2026 – 2031", top),
    ]
    for org, date, term, unit in congresses:
        if date > today:
            continue
        place = f"huyện {unit.short}" if unit.level == "district" else f"tỉnh {unit.short}"
        names = ORG_NAME_DISTRICT if unit.level == "district" else ORG_NAME_PROVINCE
        out.append(
            Meeting(
                f"HN-{org}-{date:%Y-%m-%d}",
                date,
                "dai_hoi",
                f"Đại hội đại biểu {ORG_CONGRESS_NAME[org]} {place}, nhiệm kỳ {term}",
                names[org],
                unit.name if unit.level == "district" else "",
                attendees=int(rng.integers(120, 250)),
                orgs=names[org],
                summary=f"Tổng kết nhiệm kỳ trước, bầu Ban Chấp hành và đề ra phương hướng nhiệm kỳ {term}.",
            )
        )
    topics = [
        (
            dt.date(2022, 9, 15),
            "Hội nghị chuyên đề về công tác giám sát và phản biện xã hội của Mặt trận và các đoàn thể",
            "Ủy ban MTTQ",
        ),
        (
            dt.date(2023, 4, 20),
            "Hội nghị chuyên đề về chuyển đổi số trong hoạt động của Mặt trận và các đoàn thể",
            "Ban Dân vận Huyện ủy",
        ),
        (
            dt.date(2024, 10, 17),
            "Hội nghị chuyên đề về công tác vận động Nhân dân giải phóng mặt bằng các dự án trọng điểm",
            "Ban Thường vụ Huyện ủy",
        ),
        (
            dt.date(2025, 3, 20),
            "Hội nghị chuyên đề triển khai sắp xếp tổ chức bộ máy Mặt trận và các đoàn thể chính trị - xã hội",
            "Ban Thường vụ Huyện ủy",
        ),
    ]
    for date, title, host in topics:
        if date <= end_district:
            out.append(
                Meeting(
                    f"HN-CD-{date:%Y-%m-%d}",
                    date,
                    "chuyen_de",
                    title,
                    host,
                    district.name,
                    attendees=int(rng.integers(40, 90)),
                    orgs=_orgs_list(rng, ORG_NAME_DISTRICT),
                )
            )
    # After the reform: each new commune's quarterly briefing.
    quarter_dates = [
        (dt.date(2025, 10, 8), "III/2025"),
        (dt.date(2026, 1, 8), "IV/2025"),
        (dt.date(2026, 4, 8), "I/2026"),
        (dt.date(2026, 7, 8), "II/2026"),
        (dt.date(2026, 10, 8), "III/2026"),
    ]
    for u in new_communes:
        for base, quarter in quarter_dates:
            date = _weekday_near(base, rng, 3)
            if date <= today and date >= u.valid_from:
                out.append(
                    Meeting(
                        f"HN-{u.code}-{date:%Y-%m-%d}",
                        date,
                        "giao_ban",
                        f"Hội nghị giao ban công tác Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội "
                        f"{u.type_word.lower()} {u.short} quý {quarter}",
                        "Thường trực Đảng ủy" if rng.random() < 0.6 else "Đảng ủy xã",
                        u.name,
                        attendees=int(rng.integers(20, 35)),
                        orgs=_orgs_list(rng, ORG_NAME_COMMUNE, CTXH),
                    )
                )
    out.sort(key=lambda m: (m.date, m.meeting_id))
    ids = [m.meeting_id for m in out]
    if len(ids) != len(set(ids)):
        raise AssertionError("meeting ids are not unique")
    return out


def _status_for(
    due: dt.date | None, opened: dt.date, today: dt.date, rng: np.random.Generator
) -> tuple[str, dt.date | None]:
    if due is not None and due <= today:
        r = rng.random()
        status = "hoan_thanh" if r < 0.8 else "dang_thuc_hien" if r < 0.92 else "chua_thuc_hien"
    else:
        r = rng.random()
        status = "hoan_thanh" if r < 0.2 else "dang_thuc_hien" if r < 0.8 else "chua_thuc_hien"
    done = None
    if status == "hoan_thanh":
        last = min(today, (due or today) + dt.timedelta(days=10))
        span = max((last - opened).days, 1)
        done = opened + dt.timedelta(days=int(rng.integers(max(span // 3, 1), span + 1)))
    return status, done


def _due(kind: str, date: dt.date) -> dt.date:
    y = date.year
    if kind == "tet":
        return dt.date.fromisoformat(TET.get(y + 1 if date.month >= 7 else y, f"{y + 1}-02-01"))
    if kind == "nov":
        return dt.date(y if date.month <= 11 else y + 1, 11, 18)
    if kind == "dec":
        return dt.date(y, 12, 31)
    if kind == "sep":
        return dt.date(y if date.month <= 9 else y + 1, 9, 30)
    return dt.date(y, 12, 31) if date.month <= 6 else dt.date(y + 1, 6, 30)


def _tasks(meetings: list[Meeting], today: dt.date, rng: np.random.Generator) -> list[Task]:
    out: list[Task] = []
    for m in meetings:
        if m.meeting_type not in ("giao_ban", "so_ket", "tong_ket"):
            continue
        level = (
            "province"
            if m.meeting_id.startswith("HN-T-")
            else "district"
            if m.unit.startswith("Huyện")
            else "commune"
        )
        names = {"province": ORG_NAME_PROVINCE, "district": ORG_NAME_DISTRICT, "commune": ORG_NAME_COMMUNE}[
            level
        ]
        rows: list[tuple[str, tuple[str, ...], tuple[str, ...], dt.date]] = []
        if m.meeting_id == SEED_MEETING_ID:
            rows = list(SEED_TASKS)
        elif level == "commune" and m.date < dt.date(2026, 1, 1):
            for desc, themes in POST_REFORM_TASKS:
                rows.append((desc, themes, CTXH, m.date + dt.timedelta(days=60)))
        else:
            n_tasks = int(rng.integers(2, 5)) if m.meeting_type == "giao_ban" else 2
            for k in rng.choice(len(GENERIC_TASKS), n_tasks, replace=False):
                desc, themes, due_kind = GENERIC_TASKS[int(k)]
                # The Front has no members of its own to recruit.
                pool = tuple(o for o in CTXH if o != "MTTQ") if themes == ("to_chuc_hoi_vien",) else CTXH
                assignees = (
                    pool
                    if rng.random() < 0.4
                    else tuple(rng.choice(pool, int(rng.integers(1, 4)), replace=False))
                )
                rows.append((desc.format(y=m.date.year), themes, tuple(assignees), _due(due_kind, m.date)))
        k = 0
        for ti, (desc, themes, assignees, due) in enumerate(rows):
            for org in assignees:
                k += 1
                if m.meeting_id == SEED_MEETING_ID:
                    status = SEED_LATE.get((ti, org), "hoan_thanh")
                    done = None
                    if status == "hoan_thanh":
                        done = SEED_DONE_ON.get(ti) or _weekday_near(
                            due - dt.timedelta(days=int(rng.integers(5, 60))), rng, 0
                        )
                    if due > today:  # a sample written "before" the due date
                        status, done = (
                            ("dang_thuc_hien", None) if done is None or done > today else (status, done)
                        )
                else:
                    status, done = _status_for(due, m.date, today, rng)
                theme_text = ";".join(themes) if rng.random() < 0.8 else ""
                out.append(
                    Task(
                        f"NV-{m.meeting_id[3:]}-{k:02d}",
                        m.meeting_id,
                        names[str(org)],
                        desc,
                        theme_text,
                        due if rng.random() < 0.95 or m.meeting_id == SEED_MEETING_ID else None,
                        status,
                        done,
                    )
                )
    return out


def _xlsx_sheet(
    workbook, name: str, titles: list[str], header: list[str], rows: list[list], date_cols: set[int]
) -> None:
    """A sheet with merged title rows, a header, and data rows (dates as Excel dates or dd/mm/yyyy text)."""
    ws = workbook.add_worksheet(name)
    bold = workbook.add_format({"bold": True, "align": "center", "valign": "vcenter"})
    head = workbook.add_format({"bold": True, "border": 1, "text_wrap": True, "valign": "top"})
    date_fmt = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for r, text in enumerate(titles):
        ws.merge_range(r, 0, r, len(header) - 1, text, bold)
    hr = len(titles)
    for c, label in enumerate(header):
        ws.write_string(hr, c, label, head)
    for i, row in enumerate(rows):
        r = hr + 1 + i
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, dt.date):
                if c in date_cols and i % 3 == 2:
                    ws.write_string(r, c, value.strftime("%d/%m/%Y"))
                else:
                    ws.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), date_fmt)
            elif isinstance(value, (int, np.integer)):
                ws.write_number(r, c, int(value))
            else:
                ws.write_string(r, c, str(value))
    ws.set_column(0, len(header) - 1, 18)
    ws.freeze_panes(hr + 1, 0)


def _new_workbook(path: Path):
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path))
    # Fixed document properties, so the same seed gives the same workbook.
    workbook.set_properties(
        {"title": SAMPLE_BANNER, "author": "doanthe", "created": dt.datetime(2024, 6, 13)}
    )
    return workbook


def _write_meetings_tasks(
    path: Path, units: list[SampleUnit], today: dt.date, rng: np.random.Generator
) -> None:
    meetings = _meetings(units, today, rng)
    tasks = _tasks(meetings, today, rng)
    workbook = _new_workbook(path)
    m_rows = []
    for m in meetings:
        forms = MEETING_TYPE_FORMS[m.meeting_type]
        m_rows.append(
            [
                m.meeting_id,
                m.date,
                forms[int(rng.integers(0, len(forms)))] if m.meeting_id != SEED_MEETING_ID else "Giao ban",
                m.title,
                m.host,
                m.unit,
                m.chair,
                m.attendees,
                m.orgs,
                m.summary,
            ]
        )
    _xlsx_sheet(
        workbook,
        SHEET_MEETINGS,
        [SAMPLE_BANNER, "DANH SÁCH HỘI NGHỊ, CUỘC HỌP CỦA MẶT TRẬN VÀ CÁC TỔ CHỨC CHÍNH TRỊ - XÃ HỘI"],
        [c.label_vi for c in MEETINGS.columns],
        m_rows,
        {1},
    )
    t_rows = []
    for t in tasks:
        forms = STATUS_FORMS[t.status]
        t_rows.append(
            [
                t.task_id,
                t.meeting_id,
                t.assignee,
                t.description,
                t.themes,
                t.due_date,
                forms[int(rng.integers(0, len(forms)))],
                t.completed_date,
            ]
        )
    _xlsx_sheet(
        workbook,
        SHEET_TASKS,
        [SAMPLE_BANNER, "THEO DÕI THỰC HIỆN NHIỆM VỤ SAU HỘI NGHỊ"],
        [c.label_vi for c in TASKS.columns],
        t_rows,
        {5, 7},
    )
    workbook.close()


# ---------------------------------------------------------------------------------------------------
# Members.

# Members per 1,000 inhabitants of a commune, and the district-level extra (đoàn viên công đoàn of
# offices and firms registered with the district).
MEMBER_RATE = {"LDLD": 6, "HLHPN": 160, "DTN": 40, "HND": 130, "HCCB": 25, "HLHTN": 90}
MEMBER_ORGS = tuple(MEMBER_RATE)  # MTTQ is an alliance of organizations: it has no members of its own.


def _snapshot_dates(today: dt.date) -> list[dt.date]:
    out = []
    for y in range(START.year, today.year + 1):
        for d in (dt.date(y, 6, 30), dt.date(y, 12, 31)):
            if d <= today:
                out.append(d)
    return out


def _write_members(path: Path, units: list[SampleUnit], today: dt.date, rng: np.random.Generator) -> None:
    top = units[0]
    district = next(u for u in units if u.level == "district")
    old = [u for u in units if u.level == "commune" and u.valid_to is not None]
    new = [u for u in units if u.level == "commune" and u.valid_to is None]
    population = {
        u.code: int(rng.integers(4_500, 11_000)) * (2 if u.type_word == "Thị trấn" else 1) for u in old
    }
    # members[(org, unit code)] at the previous snapshot.
    current = {(o, u.code): population[u.code] * MEMBER_RATE[o] // 1000 for o in MEMBER_ORGS for u in old}
    extra_district = {o: (5_200 if o == "LDLD" else 0) for o in MEMBER_ORGS}
    province_factor = 7.6
    rows: list[list] = []
    for as_of in _snapshot_dates(today):
        snapshot: dict[tuple[str, str], tuple[int, int]] = {}
        if as_of < REFORM:
            for o in MEMBER_ORGS:
                for u in old:
                    m = current[(o, u.code)]
                    joined = int(m * rng.uniform(0.02, 0.045))
                    left = int(m * rng.uniform(0.01, 0.03))
                    current[(o, u.code)] = m + joined - left
                    snapshot[(o, u.code)] = (m + joined - left, joined)
            units_now = old
        else:
            if not any(k[1] in {u.code for u in new} for k in current):
                merged: dict[tuple[str, str], int] = {}
                for (o, code), m in current.items():
                    succ = next(u.successor_code for u in old if u.code == code)
                    merged[(o, succ)] = merged.get((o, succ), 0) + m
                current = merged
            for o in MEMBER_ORGS:
                for u in new:
                    m = current[(o, u.code)]
                    joined = int(m * rng.uniform(0.02, 0.04))
                    left = int(m * rng.uniform(0.01, 0.03))
                    current[(o, u.code)] = m + joined - left
                    snapshot[(o, u.code)] = (m + joined - left, joined)
            units_now = new
        for o in MEMBER_ORGS:
            total = sum(snapshot[(o, u.code)][0] for u in units_now)
            joined = sum(snapshot[(o, u.code)][1] for u in units_now)
            names = ORG_NAME_PROVINCE
            rows.append(
                [
                    o,
                    names[o],
                    "" if rng.random() < 0.8 else top.name,
                    as_of,
                    int(round((total + extra_district[o]) * province_factor, -1)),
                    int(round(joined * province_factor)),
                ]
            )
            if as_of <= (district.valid_to or today):
                rows.append(
                    [
                        o,
                        ORG_NAME_DISTRICT[o],
                        district.name,
                        as_of,
                        total + extra_district[o],
                        joined + int(extra_district[o] * 0.03),
                    ]
                )
            for u in units_now:
                members, joined_u = snapshot[(o, u.code)]
                name = (
                    ORG_NAME_COMMUNE[o] if not (o == "DTN" and u.type_word == "Thị trấn") else "Đoàn thị trấn"
                )
                rows.append([o, name, u.name, as_of, members, joined_u])
    workbook = _new_workbook(path)
    header = ["STT"] + [c.label_vi for c in MEMBERS.columns]
    data = [[i + 1, r[1], r[2], r[3], r[4], r[5]] for i, r in enumerate(rows)]
    _xlsx_sheet(
        workbook,
        SHEET_MEMBERS,
        [
            SAMPLE_BANNER,
            "SỐ LƯỢNG ĐOÀN VIÊN, HỘI VIÊN CỦA CÁC TỔ CHỨC CHÍNH TRỊ - XÃ HỘI (30/6 VÀ 31/12 HẰNG NĂM)",
        ],
        header,
        data,
        {3},
    )
    workbook.close()


# ---------------------------------------------------------------------------------------------------
# Targets.

INDICATOR_FORMS = {
    "activities": ("activities", "Số hoạt động", "Hoạt động"),
    "participants": ("participants", "Số người tham gia", "Lượt người tham gia"),
    "beneficiaries": ("beneficiaries", "Số người hưởng lợi", "Người hưởng lợi"),
    "funds_vnd": ("funds_vnd", "Kinh phí", "Kinh phí (đồng)"),
    "new_members": ("new_members", "Kết nạp mới", "Phát triển hội viên"),
    "houses": ("houses", "Số nhà", "Nhà đại đoàn kết"),
}
HOUSE_ORGS = ("MTTQ", "HLHPN", "LDLD", "HCCB", "DTN")
_ROUND_TO = {
    "activities": 5,
    "participants": 100,
    "beneficiaries": 50,
    "funds_vnd": 1_000_000,
    "new_members": 10,
    "houses": 1,
}


def _nice(value: float, indicator: str) -> int:
    step = _ROUND_TO[indicator]
    if indicator == "funds_vnd" and value > 200_000_000:
        step = 10_000_000
    return max(step, int(round(value / step)) * step)


def _write_targets(
    path: Path, model: _Model, default: dict[str, np.ndarray], rng: np.random.Generator
) -> None:
    today = model.today
    units = model.units
    years = model.years[default["d"]]
    frame = pd.DataFrame(
        {
            "year": years,
            "unit": default["j"],
            "org": default["o"],
            "activities": 1,
            "participants": np.where(default["part_na"], 0, default["part"]),
            "beneficiaries": np.where(default["benef_na"], 0, default["benef"]),
            "funds_vnd": np.where(default["funds_na"], 0, default["funds"]),
            "new_members": np.where(default["newm_na"], 0, default["newm"]),
            "houses": (default["type_code"] == TYPE_CODES.index("xay_nha")).astype(int),
        }
    )
    actual = frame.groupby(["year", "unit", "org"]).sum()
    district_j = next(i for i, u in enumerate(units) if u.level == "district")
    old_j = [i for i, u in enumerate(units) if u.level == "commune" and u.valid_to is not None]
    new_j = [i for i, u in enumerate(units) if u.level == "commune" and u.valid_to is None]
    plan: list[tuple[int, int, int, tuple[str, ...]]] = []  # (year, unit, org, indicators)
    every = ("activities", "participants", "beneficiaries", "funds_vnd", "new_members", "houses")
    for y in range(START.year, today.year + 1):
        for oi, org in enumerate(ORGS):
            inds = tuple(
                i
                for i in every
                if (i != "new_members" or org != "MTTQ") and (i != "houses" or org in HOUSE_ORGS)
            )
            plan.append((y, 0, oi, inds))
            if y <= 2024:
                plan.append((y, district_j, oi, inds))
            if y in (2023, 2024) and org in ("HLHPN", "HND", "DTN"):
                for j in old_j[:: max(1, len(old_j) // 5)]:
                    plan.append((y, j, oi, ("activities", "new_members")))
            if y >= 2026 and org != "LDLD":
                for j in new_j:
                    plan.append((y, j, oi, ("activities", "participants", "new_members")))
    rows = []
    for y, j, oi, inds in plan:
        # The current year is projected to a full year from the days elapsed.
        scale = 1.0
        if y == today.year:
            elapsed = (today - dt.date(y, 1, 1)).days + 1
            scale = 365 / elapsed
        for ind in inds:
            try:
                value = float(actual.loc[(y, j, oi), ind])
            except KeyError:
                value = 0.0
            target = _nice(value * scale * rng.uniform(0.82, 1.25), ind)
            unit = units[j]
            unit_text = "" if unit.level == "province" else unit.name
            org_name = {"province": ORG_NAME_PROVINCE, "district": ORG_NAME_DISTRICT}.get(
                unit.level, ORG_NAME_COMMUNE
            )[ORGS[oi]]
            if rng.random() < 0.3:
                org_name = ORGS[oi]
            form = INDICATOR_FORMS[ind][int(rng.integers(0, 3))]
            text = _vnd(target) if (target >= 1000 and rng.random() < 0.7) else str(target)
            rows.append([org_name, unit_text, str(y), form, text])
    labels = [c.label_vi for c in TARGETS.columns]
    text = "\ufeff" + _title_rows(
        len(labels), [SAMPLE_BANNER, "CHỈ TIÊU NĂM CỦA MẶT TRẬN VÀ CÁC TỔ CHỨC CHÍNH TRỊ - XÃ HỘI"], ";"
    )
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(labels)
    writer.writerows(rows)
    text = text.replace("\n", "\r\n") + buf.getvalue()
    path.write_bytes(text.encode("utf-8"))


# ---------------------------------------------------------------------------------------------------


def write_sample(
    out_dir: Path, *, rows: int | None = None, seed: int = 0, today: dt.date | None = None
) -> list[Path]:
    """Write the sample district's files into ``out_dir``; the paths written, activities first.

    ``rows``: the number of activity rows (every row then has an ``activity_id``); default: the model's
    natural size (~20,000 from 2021 to today). ``today``: the last day of the sample (default: today).
    """
    today = today or dt.date.today()
    if rows is not None and rows < 0:
        raise ValueError("rows must be ≥ 0")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng_default, rng_rows, rng_meetings, rng_members, rng_targets = np.random.default_rng(seed).spawn(5)
    model = _build_model(today)
    default = _default_activities(model, rng_default)
    paths = [
        out_dir / FILE_ACTIVITIES,
        out_dir / FILE_MEETINGS_TASKS,
        out_dir / FILE_MEMBERS,
        out_dir / FILE_TARGETS,
    ]
    _write_activities(paths[0], model, rng_rows, rows, default)
    _write_meetings_tasks(paths[1], model.units, today, rng_meetings)
    _write_members(paths[2], model.units, today, rng_members)
    _write_targets(paths[3], model, default, rng_targets)
    return paths


__all__ = ["SAMPLE_BANNER", "load_units", "templates", "write_sample"]

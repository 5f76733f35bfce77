"""Vietnamese words for the report: numbers, money, changes, targets, dates, lists.

Every sentence of the report is built from these pieces, so that a figure is always written the
same way and reads well when it is zero, missing or has nothing to compare with:

- ``money(504_900_000)`` → "504,9 triệu đồng"; ``money(1_200_000_000)`` → "1,2 tỷ đồng";
- ``change(260, 231)`` → "tăng 12,6% so với cùng kỳ"; ``change(3, 3)`` → "bằng cùng kỳ";
  ``change(5, None)`` → "chưa có số liệu cùng kỳ"; ``change(5, 0)`` → "cùng kỳ năm trước không có";
- ``target(87.2)`` → "đạt 87% chỉ tiêu năm"; ``target(112)`` → "vượt chỉ tiêu năm (đạt 112%)".

Pure Python (no Streamlit, no database); deterministic: the same figures give the same words.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from dashboard.periods import Period

__all__ = [
    "ADMIN_LEVEL_WORD",
    "INDICATOR_NOUN",
    "MISSING",
    "cap",
    "change",
    "count",
    "date_line",
    "decimal",
    "is_missing",
    "join",
    "lower_first",
    "money",
    "num",
    "pct",
    "period_in_sentence",
    "target",
    "unit_in_sentence",
    "unit_short",
    "vn_date",
]

MISSING = "—"
SAME_PERIOD = "so với cùng kỳ"

# How a count of each indicator is written after the number ("260 hoạt động").
INDICATOR_NOUN = {
    "activities": "hoạt động",
    "participants": "lượt người tham gia",
    "beneficiaries": "lượt người hưởng lợi",
    "funds_vnd": "đồng",
    "new_members": "đoàn viên, hội viên mới",
    "houses": "nhà",
    "members": "đoàn viên, hội viên",
}
# The indicator as a noun phrase in "đạt 87% chỉ tiêu năm về …".
INDICATOR_TOPIC = {
    "activities": "số hoạt động",
    "participants": "số người tham gia",
    "beneficiaries": "số người hưởng lợi",
    "funds_vnd": "kinh phí",
    "new_members": "kết nạp mới",
    "houses": "số nhà xây, sửa",
    "members": "tổng số đoàn viên, hội viên",
}
ADMIN_LEVEL_WORD = {"province": "tỉnh", "district": "huyện", "commune": "xã"}
_UNIT_TYPE = re.compile(r"^(Tỉnh|Thành phố|Huyện|Quận|Thị xã|Thị trấn|Xã|Phường|Đặc khu)\s+", re.IGNORECASE)


def is_missing(value) -> bool:
    """None, NaN, pandas' NA/NaT."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        import pandas as pd

        return bool(pd.api.types.is_scalar(value) and pd.isna(value))
    except (TypeError, ValueError):
        return False


# ── Numbers ───────────────────────────────────────────────────────────────────────────────────────


def _round(value: float, digits: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def num(value) -> str:
    """An integer the Vietnamese way: 1234567 → "1.234.567"; missing → "—"."""
    if is_missing(value):
        return MISSING
    return f"{int(_round(float(value), 0)):,}".replace(",", ".")


def decimal(value, digits: int = 1) -> str:
    """A decimal with a comma and without useless zeros: 12.5 → "12,5", 3.0 → "3", 1234.56 → "1.234,6"."""
    if is_missing(value):
        return MISSING
    d = _round(float(value), digits)
    whole, _, frac = f"{abs(d):f}".partition(".")
    frac = frac.rstrip("0")
    text = f"{int(whole):,}".replace(",", ".") + (f",{frac}" if frac else "")
    return ("-" if d < 0 and (int(whole) or frac) else "") + text


def pct(value, digits: int = 1) -> str:
    """A percentage without its sign: 12.54 → "12,5%", 3 → "3%"."""
    return MISSING if is_missing(value) else f"{decimal(value, digits)}%"


def money(vnd) -> str:
    """An amount in đồng, rounded the way reports write it: "850.000 đồng", "350 triệu đồng",
    "504,9 triệu đồng", "1,2 tỷ đồng", "12,35 tỷ đồng"."""
    if is_missing(vnd):
        return MISSING
    vnd = int(vnd)
    if abs(vnd) < 1_000_000:
        return f"{num(vnd)} đồng"
    millions = _round(vnd / 1_000_000, 1)
    if abs(millions) < 1000:
        return f"{decimal(millions, 1)} triệu đồng"
    return f"{decimal(vnd / 1_000_000_000, 2)} tỷ đồng"


def count(value, noun: str) -> str:
    """ "260 hoạt động"; missing → "— hoạt động" is never wanted: callers check for missing first."""
    return f"{num(value)} {noun}"


# ── Comparisons ───────────────────────────────────────────────────────────────────────────────────


def change(now, last, *, against: str = SAME_PERIOD, pct_value: float | None = None) -> str:
    """How ``now`` compares with ``last`` (the same period last year by default).

    - ``last`` missing → "chưa có số liệu cùng kỳ";
    - both zero, or equal → "bằng cùng kỳ";
    - ``last`` zero → "cùng kỳ năm trước không có";
    - otherwise "tăng 12,5% so với cùng kỳ" / "giảm 3% so với cùng kỳ" (a change under 0,05%:
      "tăng không đáng kể so với cùng kỳ").

    ``pct_value`` is the change in percent as the query layer computed it (it is used rather than
    recomputed, so that the words show the dashboard's figure); ``against=""`` leaves out
    "so với cùng kỳ".
    """
    tail = f" {against}" if against else ""
    if is_missing(now):
        return "chưa có số liệu"
    if is_missing(last):
        return "chưa có số liệu cùng kỳ"
    now, last = float(now), float(last)
    if now == last:
        return "bằng cùng kỳ"
    if last == 0:
        return "cùng kỳ năm trước không có"
    value = pct_value if not is_missing(pct_value) else (now - last) * 100.0 / last
    word = "tăng" if now > last else "giảm"
    if _round(abs(value), 1) == 0:
        return f"{word} không đáng kể{tail}"
    return f"{word} {pct(abs(value))}{tail}"


def change_short(now, last, pct_value: float | None = None) -> str:
    """:func:`change` without "so với cùng kỳ", for a parenthesis after the first full comparison."""
    return change(now, last, against="", pct_value=pct_value)


def target(percent) -> str:
    """Progress against the year's target: "đạt 87% chỉ tiêu năm", "đạt 100% chỉ tiêu năm",
    "vượt chỉ tiêu năm (đạt 112%)"; missing → "chưa có số liệu thực hiện chỉ tiêu"."""
    if is_missing(percent):
        return "chưa có số liệu thực hiện chỉ tiêu"
    percent = float(percent)
    shown = decimal(percent, 0)
    if percent > 100 and shown != "100":
        return f"vượt chỉ tiêu năm (đạt {shown}%)"
    if percent > 100:
        return "vượt chỉ tiêu năm"
    return f"đạt {shown}% chỉ tiêu năm"


# ── Text ──────────────────────────────────────────────────────────────────────────────────────────


def cap(text: str) -> str:
    """The first letter in capitals (the rest untouched)."""
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def join(items: Iterable[str], last: str = "và") -> str:
    """ "a", "a và b", "a, b và c"."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def join_semicolons(items: Sequence[str]) -> str:
    """Items that hold commas themselves (theme labels), separated by semicolons."""
    return "; ".join(i for i in items if i)


def unit_short(name: str) -> str:
    """ "Huyện Mai Sơn" → "Mai Sơn"; "Thị trấn Hát Lót" → "Hát Lót"."""
    return _UNIT_TYPE.sub("", name or "").strip()


def unit_in_sentence(name: str) -> str:
    """A unit's name inside a sentence, its type word in small letters: "xã Chiềng Chung",
    "thị trấn Hát Lót", "huyện Mai Sơn"."""
    match = _UNIT_TYPE.match(name or "")
    if not match:
        return name or ""
    return match.group(1).lower() + name[len(match.group(1)) :]


def period_in_sentence(period: Period) -> str:
    """A period's label inside a sentence: "6 tháng đầu năm 2024", "quý II/2024", "tháng 6/2024",
    "năm 2024", "nhiệm kỳ 2024–2029", "từ ngày 01/01/2024 đến ngày 15/03/2024"."""
    if period.kind == "custom":
        return f"từ ngày {vn_date(period.start)} đến ngày {vn_date(period.end)}"
    return lower_first(period.label("vi"))


def vn_date(day: dt.date | None) -> str:
    """13/06/2024; missing → "—"."""
    if is_missing(day):
        return MISSING
    if hasattr(day, "to_pydatetime"):
        day = day.to_pydatetime()
    if isinstance(day, dt.datetime):
        day = day.date()
    return day.strftime("%d/%m/%Y")


def date_line(place: str, day: dt.date) -> str:
    """The place and date line of an administrative document (Nghị định 30/2020/NĐ-CP): days below
    10 and the months January and February take a leading zero — "Mai Sơn, ngày 05 tháng 02 năm
    2024", "Mai Sơn, ngày 13 tháng 6 năm 2024"."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {text}" if place else cap(text)

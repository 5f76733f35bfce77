"""The tables behind the report, the same in the Word appendix and in the Excel workbook.

Each :class:`Table` holds typed cells (numbers stay numbers, dates stay dates) read straight off
the query layer's answers kept in :attr:`Report.frames`, with Vietnamese headers and a kind per
column that the writers format: ``int`` (1.234.567), ``money`` (đồng, written in full), ``pct``
(a percentage, one decimal), ``date`` (dd/mm/yyyy) or ``text``. No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard.periods import bucket_label
from dashboard.report import phrases as ph
from dashboard.report.model import REPORT_INDICATORS, Report

__all__ = ["INDICATOR_LABELS", "Column", "Table", "tables"]

INDICATOR_LABELS = {
    "activities": "Số hoạt động",
    "participants": "Số lượt người tham gia",
    "beneficiaries": "Số lượt người hưởng lợi",
    "funds_vnd": "Kinh phí (đồng)",
    "houses": "Số nhà xây mới, sửa chữa",
    "new_members": "Kết nạp đoàn viên, hội viên mới",
    "members": "Tổng số đoàn viên, hội viên (cuối kỳ)",
}
LEVEL_LABELS = {"province": "Tỉnh", "district": "Huyện", "commune": "Xã"}
TARGET_STATUS = {"vuot": "Vượt", "dat": "Đạt", "chua_dat": "Chưa đạt"}
LAST_YEAR = "Cùng kỳ năm trước"
CHANGE = "So với cùng kỳ (%)"


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # text | int | money | pct | date
    width: float = 1.0  # relative width in the Word table


@dataclass(frozen=True)
class Table:
    """One table: ``key`` (stable), ``title`` ("Biểu 2. …"), ``sheet`` (≤ 31 characters)."""

    key: str
    title: str
    sheet: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]
    in_docx: bool = True
    note: str = ""
    docx_columns: tuple[int, ...] | None = None  # the columns the Word appendix shows (None: all)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(list(self.rows), columns=[c.header for c in self.columns])


def _n(value) -> int | None:
    return None if ph.is_missing(value) else int(value)


def _f(value) -> float | None:
    return None if ph.is_missing(value) else float(value)


def _d(value) -> dt.date | None:
    if ph.is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _change(now, last) -> float | None:
    if ph.is_missing(now) or ph.is_missing(last) or not last:
        return None
    return (float(now) - float(last)) * 100.0 / float(last)


def kpi_table(r: Report) -> Table:
    rows = tuple(
        (
            INDICATOR_LABELS[ind],
            _n(r.kpis.get(ind)),
            _n(r.kpis.get(f"{ind}_last_year")),
            _f(r.kpis.get(f"{ind}_change_pct")),
        )
        for ind in REPORT_INDICATORS
    )
    return Table(
        "kpis",
        "Biểu 1. Các chỉ số chung",
        "Chỉ số chung",
        (
            Column("Chỉ số", "text", 3),
            Column(ph.cap(ph.period_in_sentence(r.period)), "int", 1.3),
            Column(LAST_YEAR, "int", 1.3),
            Column(CHANGE, "pct", 1.1),
        ),
        rows,
        note=(
            f"Cùng kỳ năm trước: từ ngày {ph.vn_date(r.comparison.start)} đến ngày "
            f"{ph.vn_date(r.comparison.end)}. Đoàn viên, hội viên: số liệu chốt gần nhất đến cuối kỳ."
        ),
    )


def org_table(r: Report) -> Table:
    df = r.frames["by_org"]
    rows = tuple(
        (
            int(x.rank),
            r.labels.org(x.org) if not isinstance(x.label_vi, str) else x.label_vi,
            int(x.activities),
            int(x.activities_last_year),
            _change(x.activities, x.activities_last_year),
            int(x.participants),
            int(x.beneficiaries),
            int(x.funds_vnd),
            int(x.houses),
            int(x.new_members),
            _n(x.members),
        )
        for x in df.itertuples(index=False)
    )
    return Table(
        "by_org",
        "Biểu 2. Kết quả theo tổ chức",
        "Theo tổ chức",
        (
            Column("Hạng", "int", 0.8),
            Column("Tổ chức", "text", 2.6),
            Column("Số hoạt động", "int"),
            Column("Cùng kỳ (số hoạt động)", "int"),
            Column(CHANGE, "pct"),
            Column("Người tham gia", "int"),
            Column("Người hưởng lợi", "int"),
            Column("Kinh phí (đồng)", "money", 1.4),
            Column("Nhà xây, sửa", "int", 0.8),
            Column("Kết nạp mới", "int", 0.8),
            Column("Đoàn viên, hội viên", "int"),
        ),
        rows,
    )


def unit_table(r: Report) -> Table:
    df = r.frames["by_unit"]
    rows = tuple(
        (
            x.unit_name if isinstance(x.unit_name, str) else str(x.unit),
            str(x.unit),
            LEVEL_LABELS.get(x.level, x.level if isinstance(x.level, str) else ""),
            int(x.activities),
            int(x.activities_last_year),
            _change(x.activities, x.activities_last_year),
            int(x.participants),
            int(x.beneficiaries),
            int(x.funds_vnd),
            int(x.new_members),
            _n(x.members),
        )
        for x in df.itertuples(index=False)
    )
    return Table(
        "by_unit",
        "Biểu 3. Kết quả theo địa bàn",
        "Theo địa bàn",
        (
            Column("Địa bàn", "text", 2.2),
            Column("Mã", "text", 1.0),
            Column("Cấp", "text", 0.7),
            Column("Số hoạt động", "int"),
            Column("Cùng kỳ (số hoạt động)", "int"),
            Column(CHANGE, "pct"),
            Column("Người tham gia", "int"),
            Column("Người hưởng lợi", "int"),
            Column("Kinh phí (đồng)", "money", 1.4),
            Column("Kết nạp mới", "int", 0.8),
            Column("Đoàn viên, hội viên", "int"),
        ),
        rows,
        note="Số liệu của chính địa bàn (không cộng các địa bàn cấp dưới).",
    )


def theme_table(r: Report) -> Table:
    rows = tuple(
        (t.label, t.activities, t.last_year, _change(t.activities, t.last_year), t.given, t.inferred)
        for t in r.themes
    )
    return Table(
        "themes",
        "Biểu 4. Hoạt động theo chủ đề",
        "Theo chủ đề",
        (
            Column("Chủ đề", "text", 3.2),
            Column("Số hoạt động", "int"),
            Column(LAST_YEAR, "int"),
            Column(CHANGE, "pct"),
            Column("Ghi trong tệp", "int"),
            Column("Suy ra từ nội dung", "int"),
        ),
        rows,
        note="Một hoạt động có thể thuộc nhiều chủ đề.",
    )


def trend_table(r: Report) -> Table:
    df = r.frames["trend"]
    rows = []
    for x in df.itertuples(index=False):
        start = x.bucket_start.date()
        future = start > r.today
        rows.append(
            (
                bucket_label(start, r.grain, "vi", r.period.cutoff),
                None if future else int(x.value),
                int(x.last_year),
            )
        )
    first = {"month": "Tháng", "quarter": "Quý", "half": "Kỳ", "year": "Năm"}[r.grain]
    return Table(
        "trend",
        f"Biểu 5. Số hoạt động theo {first.lower()}",
        f"Theo {first.lower()}",
        (Column(first, "text", 1.2), Column("Số hoạt động", "int"), Column(LAST_YEAR, "int")),
        tuple(rows),
    )


def target_table(r: Report) -> Table:
    rows = tuple(
        (
            r.labels.org(t.org),
            INDICATOR_LABELS.get(t.indicator, t.indicator),
            t.target,
            t.actual,
            t.percent,
        )
        for t in r.targets
    )
    expected = "" if r.expected_percent is None else f"; thời gian đã qua: {ph.pct(r.expected_percent)}"
    return Table(
        "targets",
        f"Biểu 6. Thực hiện chỉ tiêu năm {r.target_year or ''} theo tổ chức".replace("  ", " "),
        "Chỉ tiêu theo tổ chức",
        (
            Column("Tổ chức", "text", 2.6),
            Column("Chỉ số", "text", 2.4),
            Column("Chỉ tiêu năm", "int", 1.2),
            Column("Thực hiện (lũy kế)", "int", 1.2),
            Column("Tỷ lệ (%)", "pct"),
        ),
        rows,
        note=(
            f"Lũy kế từ đầu năm đến ngày {ph.vn_date(r.results_end)}{expected}. Tổng kết quả trên tổng chỉ "
            "tiêu của các địa bàn; mỗi chỉ tiêu tính trên bản ghi của chính địa bàn được giao."
        ),
    )


def target_detail_table(r: Report) -> Table:
    df = r.frames["targets_progress"]
    rows = tuple(
        (
            r.labels.org(x.org),
            x.unit_name if isinstance(x.unit_name, str) else str(x.unit),
            INDICATOR_LABELS.get(x.indicator, x.indicator),
            int(x.target),
            _n(x.actual),
            _f(x.percent),
            _f(x.expected_percent),
            TARGET_STATUS.get(x.status, "Chưa có số liệu")
            if isinstance(x.status, str)
            else "Chưa có số liệu",
        )
        for x in df.itertuples(index=False)
    )
    return Table(
        "targets_detail",
        "Chỉ tiêu chi tiết theo địa bàn",
        "Chỉ tiêu chi tiết",
        (
            Column("Tổ chức", "text"),
            Column("Địa bàn", "text"),
            Column("Chỉ số", "text"),
            Column("Chỉ tiêu", "int"),
            Column("Thực hiện", "int"),
            Column("Tỷ lệ (%)", "pct"),
            Column("Thời gian đã qua (%)", "pct"),
            Column("Đánh giá", "text"),
        ),
        rows,
        in_docx=False,
    )


def _task_rows(r: Report, df: pd.DataFrame) -> tuple[tuple, ...]:
    rows = []
    for x in df.itertuples(index=False):
        if not isinstance(x.task_id, str) or not x.task_id:
            continue
        status = r.labels.statuses.get(x.status, x.status) if isinstance(x.status, str) else ""
        rows.append(
            (
                _d(x.meeting_date),
                x.meeting_title or "",
                r.labels.short(x.assignee),
                x.description or "",
                _d(x.due_date),
                ph.cap(status or ""),
                _d(x.completed_date),
                int(x.days_late) if bool(x.late) else None,
            )
        )
    return tuple(rows)


_TASK_COLUMNS = (
    Column("Ngày họp", "date", 1.0),
    Column("Hội nghị", "text", 2.6),
    Column("Đơn vị thực hiện", "text", 1.4),
    Column("Nội dung nhiệm vụ", "text", 4.0),
    Column("Hạn hoàn thành", "date", 1.0),
    Column("Tình trạng", "text", 1.1),
    Column("Ngày hoàn thành", "date", 1.0),
    Column("Số ngày quá hạn", "int", 0.9),
)


# The Word appendix leaves out the meeting's title (the date names the meeting; the workbook has it).
_TASK_DOCX = (0, 2, 3, 4, 5, 6, 7)


def task_tables(r: Report) -> tuple[Table, Table]:
    note = f"Quá hạn: đã qua hạn hoàn thành (tính đến ngày {ph.vn_date(r.today)}) mà chưa hoàn thành."
    return (
        Table(
            "tasks_previous",
            f"Biểu 7. Nhiệm vụ theo kết luận các hội nghị kỳ trước ({ph.period_in_sentence(r.previous)})",
            "Nhiệm vụ kỳ trước",
            _TASK_COLUMNS,
            _task_rows(r, r.frames["tasks_previous"]),
            note=note,
            docx_columns=_TASK_DOCX,
        ),
        Table(
            "tasks_current",
            f"Biểu 8. Nhiệm vụ theo kết luận các hội nghị trong kỳ ({ph.period_in_sentence(r.period)})",
            "Nhiệm vụ trong kỳ",
            _TASK_COLUMNS,
            _task_rows(r, r.frames["tasks_current"]),
            note=note,
            docx_columns=_TASK_DOCX,
        ),
    )


def tables(r: Report) -> list[Table]:
    """Every table of the pack, in the appendix's order."""
    previous, current = task_tables(r)
    return [
        kpi_table(r),
        org_table(r),
        unit_table(r),
        theme_table(r),
        trend_table(r),
        target_table(r),
        target_detail_table(r),
        previous,
        current,
    ]

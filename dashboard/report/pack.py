"""The briefing pack in one call: the report's model, text, charts, .docx and .xlsx.

:func:`build_pack` is what the Báo cáo page and ``doanthe report`` call. ``progress(fraction,
step)`` is told how far it got (steps: ``data``, ``charts``, ``docx``, ``xlsx``, ``done``), and
``timings`` says how long each step took. No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from dashboard.filters import Filters, Scope
from dashboard.report import charts as report_charts
from dashboard.report import phrases as ph
from dashboard.report.docx_writer import write_docx
from dashboard.report.model import Report, build_report
from dashboard.report.narrative import Narrative, compose
from dashboard.report.tables import Table, tables
from dashboard.report.xlsx_writer import write_xlsx

__all__ = ["DOCX_MIME", "STEPS", "ReportPack", "build_pack", "file_stem", "info_rows"]

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
STEPS = ("data", "charts", "docx", "xlsx", "done")


@dataclass
class ReportPack:
    """The generated files and what they were made from."""

    report: Report
    narrative: Narrative
    tables: list[Table]
    docx: bytes
    xlsx: bytes
    stem: str
    chart_error: str | None
    charts_drawn: int
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def docx_name(self) -> str:
        return f"{self.stem}.docx"

    @property
    def xlsx_name(self) -> str:
        return f"{self.stem}.xlsx"


def file_stem(f: Filters) -> str:
    """ "bao_cao_2024-H1", "bao_cao_2024-H1_125_HLHPN" (period, then the units and organizations
    chosen, if any), safe as a file name everywhere."""
    parts = ["bao_cao", f.period.code.replace("..", "_")]
    if f.units:
        parts.append("-".join(f.units[:3]) + ("-etc" if len(f.units) > 3 else ""))
    if f.orgs:
        parts.append("-".join(f.orgs[:3]) + ("-etc" if len(f.orgs) > 3 else ""))
    return re.sub(r"[^A-Za-z0-9_.\-]", "_", "_".join(parts))


def info_rows(r: Report, n: Narrative) -> list[tuple[str, str]]:
    """What the workbook's first sheet says about the pack."""
    orgs = (
        ", ".join(r.labels.org(c) for c in r.orgs_selected) or "Không có tổ chức nào trong phạm vi được xem"
    )
    rows = [
        (
            "Kỳ báo cáo",
            f"{r.period.label('vi')} (từ ngày {ph.vn_date(r.period.start)} đến ngày {ph.vn_date(r.period.end)})",
        ),
        (
            "Cùng kỳ năm trước",
            f"Từ ngày {ph.vn_date(r.comparison.start)} đến ngày {ph.vn_date(r.comparison.end)}",
        ),
        ("Địa bàn", r.place.name or "Toàn bộ"),
        ("Tổ chức", orgs),
        ("Ngày lập báo cáo", ph.vn_date(r.today)),
        ("Nhiệm vụ kỳ trước", f"Các hội nghị {ph.period_in_sentence(r.previous)}"),
    ]
    f = r.filters
    if f.themes:
        rows.append(("Chủ đề", "; ".join(r.labels.theme(c) for c in f.themes)))
    if f.activity_types:
        rows.append(("Loại hoạt động", ", ".join(f.activity_types)))
    if f.units_as_today:
        rows.append(("Địa bàn", "Gộp theo đơn vị hành chính hiện nay"))
    if n.notice:
        rows.append(("Lưu ý", n.notice))
    rows.append(
        ("Nguồn", "Kho dữ liệu doanthe; các số liệu bằng số liệu của bảng điều khiển với cùng bộ lọc.")
    )
    return rows


def build_pack(
    b,
    f: Filters,
    scope: Scope | None = None,
    *,
    today: dt.date | None = None,
    draw_charts: bool = True,
    progress: Callable[[float, str], None] | None = None,
) -> ReportPack:
    """The .docx and .xlsx for the filters and scope (``b``: an Ibis backend over the warehouse).

    With ``draw_charts`` False, or when Chromium cannot draw, the document carries a note in place
    of each chart."""
    tell = progress or (lambda fraction, step: None)
    today = today or dt.date.today()
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    tell(0.0, "data")
    # Chromium starts now, while the figures are read and the text written.
    session = report_charts.Session() if draw_charts else None
    try:
        report = build_report(b, f, scope, today=today)
        narrative = compose(report)
        table_list = tables(report)
        timings["data"] = time.perf_counter() - t0

        t1 = time.perf_counter()
        tell(0.35, "charts")
        chart_list = report_charts.figures(report)
        if session is not None:
            rendered = session.draw(chart_list)
        else:
            rendered = report_charts.Rendered({}, "không vẽ biểu đồ theo yêu cầu")
        timings["charts"] = time.perf_counter() - t1
    finally:
        if session is not None:
            session.close()

    t2 = time.perf_counter()
    tell(0.8, "docx")
    docx = write_docx(narrative, table_list, chart_list, rendered, created=today)
    timings["docx"] = time.perf_counter() - t2

    t3 = time.perf_counter()
    tell(0.92, "xlsx")
    xlsx = write_xlsx(narrative, table_list, info_rows(report, narrative))
    timings["xlsx"] = time.perf_counter() - t3
    timings["total"] = time.perf_counter() - t0
    tell(1.0, "done")
    return ReportPack(
        report=report,
        narrative=narrative,
        tables=table_list,
        docx=docx,
        xlsx=xlsx,
        stem=file_stem(f),
        chart_error=rendered.error if chart_list else None,
        charts_drawn=len(rendered.images),
        timings=timings,
    )

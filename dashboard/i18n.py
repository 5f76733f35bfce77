"""The dashboard's one translations module: UI strings (Vietnamese first, English) and formatting.

``t(key, lang, **values)`` looks a string up by id and fills ``{placeholders}``; numbers and dates
are shown the Vietnamese way (``1.234.567``, ``13/06/2024``) and, in English, ``1,234,567``.
Labels of reference data (organization types, …) come from the warehouse, not from here.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"
LANG_NAMES = {"vi": "Tiếng Việt", "en": "English"}

STRINGS: dict[str, dict[str, str]] = {
    # Shell
    "app.title": {"vi": "doanthe — Hoạt động đoàn thể", "en": "doanthe — Hoạt động đoàn thể"},
    "app.lang_switch": {"vi": "Ngôn ngữ / Language", "en": "Ngôn ngữ / Language"},
    "nav.warehouse": {"vi": "Kho dữ liệu", "en": "Data warehouse"},
    # Warehouse page
    "warehouse.heading": {"vi": "Kho dữ liệu", "en": "Data warehouse"},
    "warehouse.intro": {
        "vi": "Những gì kho dữ liệu đang lưu: số bản ghi theo loại, hoạt động theo tổ chức và năm, "
        "các lần nạp dữ liệu gần nhất.",
        "en": "What the warehouse holds: records per kind, activities per organization and year, "
        "the latest loads.",
    },
    "warehouse.file": {"vi": "Tệp kho dữ liệu: {path}", "en": "Warehouse file: {path}"},
    "warehouse.sample_notice": {
        "vi": "Dữ liệu mẫu: {sample} trên {total} lần nạp đang dùng là tệp mẫu (tên bắt đầu bằng "
        "“mau_”). Các con số dưới đây không phải số liệu thật.",
        "en": "Sample data: {sample} of {total} active loads come from sample files (names starting "
        "with “mau_”). The figures below are not real.",
    },
    "warehouse.records": {"vi": "Số bản ghi", "en": "Records"},
    "warehouse.range_dates": {"vi": "Từ {start} đến {end}", "en": "From {start} to {end}"},
    "warehouse.range_years": {"vi": "Năm {start}–{end}", "en": "Years {start}–{end}"},
    "warehouse.range_year": {"vi": "Năm {start}", "en": "Year {start}"},
    "warehouse.range_none": {"vi": "Chưa có dữ liệu", "en": "No data yet"},
    "warehouse.late_tasks": {"vi": "{late} nhiệm vụ quá hạn", "en": "{late} overdue tasks"},
    "warehouse.chart_heading": {
        "vi": "Số hoạt động theo tổ chức và năm",
        "en": "Activities per organization and year",
    },
    "warehouse.chart_year": {"vi": "Năm", "en": "Year"},
    "warehouse.chart_count": {"vi": "Số hoạt động", "en": "Activities"},
    "warehouse.chart_org": {"vi": "Tổ chức", "en": "Organization"},
    "warehouse.no_activities": {
        "vi": "Kho chưa có hoạt động nào, nên chưa có biểu đồ.",
        "en": "The warehouse holds no activities yet, so there is no chart.",
    },
    "warehouse.batches_heading": {"vi": "Các lần nạp dữ liệu gần nhất", "en": "Latest loads"},
    "warehouse.no_batches": {
        "vi": "Chưa có lần nạp dữ liệu nào.",
        "en": "Nothing has been loaded yet.",
    },
    "warehouse.empty": {
        "vi": "Kho dữ liệu đã được tạo nhưng chưa có bản ghi nào. Nạp dữ liệu mẫu bằng lệnh "
        "`doanthe sample` hoặc nạp tệp của đơn vị bằng `doanthe load <tệp>`.",
        "en": "The warehouse exists but holds no records. Load sample data with `doanthe sample` "
        "or an organization's file with `doanthe load <file>`.",
    },
    # Warehouse not available
    "db.missing": {
        "vi": "Chưa có kho dữ liệu tại `{path}`. Tạo kho bằng lệnh `doanthe init`, rồi nạp dữ liệu mẫu "
        "bằng `doanthe sample` hoặc nạp tệp bằng `doanthe load <tệp>`.",
        "en": "There is no warehouse at `{path}`. Create it with `doanthe init`, then load sample data "
        "with `doanthe sample` or a file with `doanthe load <file>`.",
    },
    "db.not_initialized": {
        "vi": "Tệp `{path}` chưa phải kho dữ liệu của doanthe (thiếu bảng). Tạo kho bằng lệnh "
        "`doanthe init`, rồi nạp dữ liệu bằng `doanthe sample` hoặc `doanthe load <tệp>`.",
        "en": "The file `{path}` is not a doanthe warehouse yet (tables are missing). Create it with "
        "`doanthe init`, then load data with `doanthe sample` or `doanthe load <file>`.",
    },
    "db.busy": {
        "vi": "Kho dữ liệu đang được cập nhật, vui lòng tải lại sau ít giây.",
        "en": "The warehouse is being updated, please reload in a few seconds.",
    },
    "db.unreadable": {
        "vi": "Không đọc được kho dữ liệu `{path}`. Tệp có thể bị hỏng hoặc không phải tệp DuckDB.",
        "en": "The warehouse `{path}` cannot be read. The file may be damaged or not a DuckDB file.",
    },
    # Record kinds
    "kind.activities": {"vi": "Hoạt động", "en": "Activities"},
    "kind.meetings": {"vi": "Hội nghị", "en": "Meetings"},
    "kind.tasks": {"vi": "Nhiệm vụ", "en": "Tasks"},
    "kind.members": {"vi": "Đoàn viên, hội viên", "en": "Membership"},
    "kind.targets": {"vi": "Chỉ tiêu", "en": "Targets"},
    # Batch table
    "batch.batch_id": {"vi": "Lần nạp", "en": "Batch"},
    "batch.kind": {"vi": "Loại dữ liệu", "en": "Kind"},
    "batch.file_name": {"vi": "Tệp", "en": "File"},
    "batch.sheet": {"vi": "Trang tính", "en": "Sheet"},
    "batch.loaded_by": {"vi": "Người nạp", "en": "Loaded by"},
    "batch.loaded_at": {"vi": "Thời điểm nạp", "en": "Loaded at"},
    "batch.rows_read": {"vi": "Dòng đọc", "en": "Rows read"},
    "batch.rows_new": {"vi": "Mới", "en": "New"},
    "batch.rows_updated": {"vi": "Cập nhật", "en": "Updated"},
    "batch.rows_unchanged": {"vi": "Không đổi", "en": "Unchanged"},
    "batch.status": {"vi": "Trạng thái", "en": "Status"},
    "batch.status.loaded": {"vi": "Đã nạp", "en": "Loaded"},
    "batch.status.rolled_back": {"vi": "Đã hoàn tác", "en": "Rolled back"},
}

MISSING = "—"


def normalize_lang(value: Any) -> str:
    """A language code from untrusted input (URL): 'vi' or 'en', anything else is the default."""
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    if isinstance(value, str) and value.strip().lower() in LANGS:
        return value.strip().lower()
    return DEFAULT_LANG


def t(key: str, lang: str = DEFAULT_LANG, /, **values: Any) -> str:
    """The UI string ``key`` in ``lang`` (falls back to Vietnamese, then to the key itself)."""
    entry = STRINGS.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**values) if values else text


def code_label(prefix: str, code: Any, lang: str = DEFAULT_LANG) -> str:
    """The UI label of a code (``code_label("kind", "tasks")`` -> 'Nhiệm vụ'); unknown codes as is."""
    key = f"{prefix}.{code}"
    return t(key, lang) if key in STRINGS else ("" if _is_missing(code) else str(code))


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        import pandas as pd

        return value is pd.NaT or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))
    except (TypeError, ValueError):
        return False


def fmt_int(value: Any, lang: str = DEFAULT_LANG) -> str:
    """1234567 -> '1.234.567' (vi) or '1,234,567' (en); missing -> '—'."""
    if _is_missing(value):
        return MISSING
    text = f"{round(value):,}"
    return text.replace(",", ".") if lang == "vi" else text


def fmt_date(value: Any, lang: str = DEFAULT_LANG) -> str:
    """A date as 13/06/2024 (both languages: the deployment is Vietnamese); missing -> '—'."""
    if _is_missing(value):
        return MISSING
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.strftime("%d/%m/%Y")


def fmt_datetime(value: Any, lang: str = DEFAULT_LANG) -> str:
    """A timestamp as 13/06/2024 14:05; missing -> '—'."""
    if _is_missing(value):
        return MISSING
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if not isinstance(value, dt.datetime):
        return fmt_date(value, lang)
    return value.strftime("%d/%m/%Y %H:%M")


def plotly_separators(lang: str = DEFAULT_LANG) -> str:
    """Plotly's ``layout.separators`` (decimal then thousands): ',.' in Vietnamese, '.,' in English."""
    return ",." if lang == "vi" else ".,"


def org_label(code: str, labels: dict[str, dict[str, str]], lang: str = DEFAULT_LANG) -> str:
    """An organization type's label from the warehouse's org_types rows ({code: {vi:…, en:…}})."""
    entry = labels.get(code) or {}
    return entry.get(lang) or entry.get(DEFAULT_LANG) or code


def fmt_pct(value: Any, lang: str = DEFAULT_LANG, *, signed: bool = True, digits: int = 1) -> str:
    """12.345 -> '+12,3%' (vi) or '+12.3%' (en); missing -> '—'."""
    if _is_missing(value):
        return MISSING
    text = f"{value:+,.{digits}f}%" if signed else f"{value:,.{digits}f}%"
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def fmt_number(value: Any, lang: str = DEFAULT_LANG, digits: int = 1) -> str:
    """A decimal number the language's way: 1234.5 -> '1.234,5' (vi), '1,234.5' (en)."""
    if _is_missing(value):
        return MISSING
    text = f"{value:,.{digits}f}"
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


STRINGS.update(
    {
        # Navigation
        "nav.overview": {"vi": "Tổng quan", "en": "Overview"},
        "nav.trends": {"vi": "Xu hướng", "en": "Trends"},
        "nav.records": {"vi": "Dữ liệu", "en": "Records"},
        # Shared sidebar filters
        "filters.heading": {"vi": "Bộ lọc", "en": "Filters"},
        "filters.period": {"vi": "Kỳ báo cáo", "en": "Reporting period"},
        "filters.custom": {"vi": "Khoảng ngày tự chọn…", "en": "Custom date range…"},
        "filters.range": {"vi": "Từ ngày – đến ngày", "en": "From – to"},
        "filters.grain": {"vi": "Chia theo", "en": "Time grain"},
        "filters.orgs": {"vi": "Tổ chức", "en": "Organizations"},
        "filters.units": {"vi": "Địa bàn", "en": "Units"},
        "filters.themes": {"vi": "Chủ đề", "en": "Themes"},
        "filters.types": {"vi": "Loại hoạt động", "en": "Activity types"},
        "filters.all": {"vi": "Tất cả", "en": "All"},
        "filters.as_today": {
            "vi": "Gộp địa bàn theo đơn vị hiện nay",
            "en": "Group units as they are today",
        },
        "filters.as_today_help": {
            "vi": "Sau sắp xếp đơn vị hành chính ngày 01/07/2025: tính bản ghi của các đơn vị đã giải "
            "thể vào đơn vị kế thừa hiện nay.",
            "en": "After the 1 July 2025 reform: count records of dissolved units under the units "
            "that took them over.",
        },
        "filters.dissolved": {"vi": "{name} (đến {date})", "en": "{name} (until {date})"},
        "filters.reset": {"vi": "Bỏ lọc", "en": "Clear filters"},
        "filters.summary": {
            "vi": "{period} · từ {start} đến {end}",
            "en": "{period} · {start} to {end}",
        },
        "filters.narrowed": {"vi": "Đang lọc: {what}", "en": "Filtered by: {what}"},
        "grain.month": {"vi": "Tháng", "en": "Month"},
        "grain.quarter": {"vi": "Quý", "en": "Quarter"},
        "grain.half": {"vi": "6 tháng", "en": "Half-year"},
        "grain.year": {"vi": "Năm", "en": "Year"},
        # Indicators (short UI labels)
        "indicator.activities": {"vi": "Số hoạt động", "en": "Activities"},
        "indicator.participants": {"vi": "Người tham gia", "en": "Participants"},
        "indicator.beneficiaries": {"vi": "Người hưởng lợi", "en": "Beneficiaries"},
        "indicator.funds_vnd": {"vi": "Kinh phí (đồng)", "en": "Funds (VND)"},
        "indicator.new_members": {"vi": "Kết nạp mới", "en": "New members"},
        "indicator.houses": {"vi": "Nhà xây, sửa", "en": "Houses built or repaired"},
        "indicator.members": {"vi": "Đoàn viên, hội viên", "en": "Members"},
        # Shared chart words
        "chart.period_axis": {"vi": "Thời gian", "en": "Time"},
        "chart.org": {"vi": "Tổ chức", "en": "Organization"},
        "chart.theme": {"vi": "Chủ đề", "en": "Theme"},
        "chart.this_period": {"vi": "Kỳ này", "en": "This period"},
        "chart.last_year": {"vi": "Cùng kỳ năm trước", "en": "Same period last year"},
        "chart.last_year_of": {"vi": "{name} — cùng kỳ năm trước", "en": "{name} — last year"},
        "chart.total": {"vi": "Tổng", "en": "Total"},
        "chart.activities_with_theme": {"vi": "Số hoạt động có chủ đề", "en": "Activities with the theme"},
        "chart.themes_given": {"vi": "Ghi trong tệp", "en": "Given in the file"},
        "chart.themes_inferred": {"vi": "Suy ra từ nội dung", "en": "Inferred from the title"},
        "chart.download_table": {"vi": "Tải bảng số liệu (Excel)", "en": "Download the table (Excel)"},
        # Overview page
        "overview.heading": {"vi": "Tổng quan", "en": "Overview"},
        "overview.vs_last_year": {"vi": "so với cùng kỳ", "en": "vs same period last year"},
        "overview.last_year_was": {
            "vi": "Cùng kỳ năm trước: {value}",
            "en": "Same period last year: {value}",
        },
        "overview.no_members": {"vi": "Chưa có số liệu", "en": "No figure yet"},
        "overview.trend_heading": {"vi": "Số hoạt động theo tháng", "en": "Activities per month"},
        "overview.orgs_heading": {"vi": "Xếp hạng tổ chức", "en": "Organizations ranked"},
        "overview.themes_heading": {"vi": "Chủ đề nổi bật", "en": "Top themes"},
        "overview.empty": {
            "vi": "Không có hoạt động nào trong {period} với bộ lọc đang chọn. Hãy chọn kỳ khác hoặc bỏ "
            "bớt bộ lọc.",
            "en": "There are no activities in {period} with the chosen filters. Choose another period "
            "or clear some filters.",
        },
        "overview.no_themes": {
            "vi": "Các hoạt động trong kỳ chưa gắn chủ đề nào.",
            "en": "No activity in the period carries a theme.",
        },
        # Trends page
        "trends.heading": {"vi": "Xu hướng", "en": "Trends"},
        "trends.indicator": {"vi": "Chỉ số", "en": "Indicator"},
        "trends.by": {"vi": "Chia theo", "en": "Split by"},
        "trends.by.org": {"vi": "Tổ chức", "en": "Organization"},
        "trends.by.theme": {"vi": "Chủ đề", "en": "Theme"},
        "trends.by.total": {"vi": "Tổng", "en": "Total"},
        "trends.last_year": {"vi": "Hiện cùng kỳ năm trước", "en": "Show last year"},
        "trends.members_no_theme": {
            "vi": "Số đoàn viên, hội viên không chia theo chủ đề; biểu đồ hiển thị theo tổ chức.",
            "en": "Membership cannot be split by theme; the chart shows it by organization.",
        },
        "trends.empty": {
            "vi": "Không có số liệu {indicator} trong {period} hay cùng kỳ năm trước với bộ lọc đang chọn.",
            "en": "There is no {indicator} figure in {period} or the same period last year with the "
            "chosen filters.",
        },
        "trends.table_heading": {"vi": "Bảng số liệu", "en": "Figures"},
        # Records page
        "records.heading": {"vi": "Dữ liệu", "en": "Records"},
        "records.count": {
            "vi": "{total} hoạt động trong {period}. Trang {page}/{pages}.",
            "en": "{total} activities in {period}. Page {page} of {pages}.",
        },
        "records.sort": {"vi": "Sắp xếp theo", "en": "Sort by"},
        "records.descending": {"vi": "Giảm dần", "en": "Descending"},
        "records.page": {"vi": "Trang", "en": "Page"},
        "records.page_size": {"vi": "Số dòng mỗi trang", "en": "Rows per page"},
        "records.empty": {
            "vi": "Không có hoạt động nào trong {period} với bộ lọc đang chọn.",
            "en": "There are no activities in {period} with the chosen filters.",
        },
        "records.download_csv": {"vi": "Tải CSV", "en": "Download CSV"},
        "records.download_xlsx": {"vi": "Tải Excel (XLSX)", "en": "Download Excel (XLSX)"},
        "records.export_cut": {
            "vi": "Tệp tải về chỉ gồm {limit} dòng đầu (theo thứ tự đang sắp xếp) trên tổng số {total}. "
            "Thu hẹp bộ lọc để tải đủ.",
            "en": "The download holds the first {limit} rows (in the current order) of {total}. "
            "Narrow the filters to get them all.",
        },
        "records.inferred": {"vi": "(suy ra)", "en": "(inferred)"},
        "col.activity_id": {"vi": "Mã hoạt động", "en": "Activity ID"},
        "col.date": {"vi": "Ngày", "en": "Date"},
        "col.org": {"vi": "Tổ chức", "en": "Organization"},
        "col.unit": {"vi": "Địa bàn", "en": "Unit"},
        "col.unit_code": {"vi": "Mã địa bàn", "en": "Unit code"},
        "col.unit_recorded": {"vi": "Địa bàn ghi nhận", "en": "Unit as recorded"},
        "col.activity_type": {"vi": "Loại hoạt động", "en": "Activity type"},
        "col.themes": {"vi": "Chủ đề", "en": "Themes"},
        "col.themes_inferred": {"vi": "Chủ đề suy ra", "en": "Themes inferred"},
        "col.title": {"vi": "Nội dung", "en": "Title"},
        "col.participants": {"vi": "Số người tham gia", "en": "Participants"},
        "col.beneficiaries": {"vi": "Số người hưởng lợi", "en": "Beneficiaries"},
        "col.funds_vnd": {"vi": "Kinh phí (đồng)", "en": "Funds (VND)"},
        "col.new_members": {"vi": "Kết nạp mới", "en": "New members"},
        "col.notes": {"vi": "Ghi chú", "en": "Notes"},
        "col.rank": {"vi": "Hạng", "en": "Rank"},
        "col.period": {"vi": "Kỳ", "en": "Period"},
        "col.value": {"vi": "Kỳ này", "en": "This period"},
        "col.last_year": {"vi": "Cùng kỳ năm trước", "en": "Same period last year"},
        "col.series": {"vi": "Chuỗi", "en": "Series"},
        "yes": {"vi": "Có", "en": "Yes"},
        "no": {"vi": "Không", "en": "No"},
    }
)

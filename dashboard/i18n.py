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


STRINGS.update(
    {
        "nav.organizations": {"vi": "Tổ chức", "en": "Organizations"},
        "chart.unit": {"vi": "Địa bàn", "en": "Unit"},
        "col.change": {"vi": "So với cùng kỳ", "en": "Change vs last year"},
        "col.indicator": {"vi": "Chỉ số", "en": "Indicator"},
        # Organizations page
        "organizations.heading": {"vi": "Tổ chức", "en": "Organizations"},
        "organizations.indicator": {"vi": "So sánh theo", "en": "Compare by"},
        "organizations.compare_heading": {"vi": "Các tổ chức trong kỳ", "en": "Organizations in the period"},
        "organizations.all": {"vi": "Tất cả tổ chức", "en": "All organizations"},
        "organizations.drill_hint": {
            "vi": "Chọn một tổ chức để xem các địa bàn của tổ chức đó.",
            "en": "Choose an organization to see its units.",
        },
        "organizations.units_heading": {"vi": "Các địa bàn của {org}", "en": "Units of {org}"},
        "organizations.pick_unit": {"vi": "Xem bản ghi của địa bàn", "en": "See the records of a unit"},
        "organizations.pick_unit_placeholder": {"vi": "Chọn địa bàn…", "en": "Choose a unit…"},
        "organizations.records_heading": {
            "vi": "Bản ghi của {org} tại {unit}",
            "en": "Records of {org} in {unit}",
        },
        "organizations.records_count": {
            "vi": "{total} hoạt động trong {period}. Trang {page}/{pages}.",
            "en": "{total} activities in {period}. Page {page} of {pages}.",
        },
        "organizations.members_note": {
            "vi": "Số đoàn viên, hội viên tính đến cuối kỳ (bản chốt gần nhất).",
            "en": "Members at the end of the period (latest snapshot).",
        },
        "organizations.empty": {
            "vi": "Không có tổ chức nào có hoạt động trong {period} với bộ lọc đang chọn.",
            "en": "There are no organizations with activities in {period} with the chosen filters.",
        },
        "organizations.no_units": {
            "vi": "Không có địa bàn nào của {org} trong {period} với bộ lọc đang chọn.",
            "en": "There are no units of {org} in {period} with the chosen filters.",
        },
        "organizations.no_records": {
            "vi": "Không có hoạt động nào của {org} tại {unit} trong {period} với bộ lọc đang chọn.",
            "en": "There are no activities of {org} in {unit} in {period} with the chosen filters.",
        },
        "organizations.dissolved": {"vi": "(đã giải thể)", "en": "(dissolved)"},
    }
)


STRINGS.update(
    {
        "nav.themes": {"vi": "Chủ đề", "en": "Themes"},
        "themes.heading": {"vi": "Chủ đề", "en": "Themes"},
        "themes.source": {"vi": "Tính theo chủ đề", "en": "Count themes"},
        "themes.source.all": {"vi": "Tất cả", "en": "All"},
        "themes.source.given": {"vi": "Ghi trong tệp", "en": "Given in the file"},
        "themes.source.inferred": {"vi": "Suy ra từ nội dung", "en": "Inferred from the title"},
        "themes.inferred_sentence": {
            "vi": "Trong {period} có {total} lượt gắn chủ đề cho hoạt động: {given} lượt ghi trong tệp, "
            "{inferred} lượt ({pct}) được suy ra từ nội dung vì tệp để trống cột Chủ đề.",
            "en": "In {period}, activities carry {total} theme tags: {given} given in the files and "
            "{inferred} ({pct}) inferred from the title because the Themes column was blank.",
        },
        "themes.matrix_heading": {"vi": "Tổ chức × chủ đề", "en": "Organizations × themes"},
        "themes.share_heading": {
            "vi": "Tỷ trọng các chủ đề theo thời gian",
            "en": "Each theme's share over time",
        },
        "themes.split_heading": {
            "vi": "Chủ đề ghi trong tệp và suy ra từ nội dung",
            "en": "Themes given and inferred",
        },
        "themes.share_axis": {"vi": "Tỷ trọng lượt gắn chủ đề", "en": "Share of theme tags"},
        "themes.others": {"vi": "Các chủ đề khác", "en": "Other themes"},
        "themes.empty": {
            "vi": "Không có hoạt động nào mang chủ đề trong {period} với bộ lọc đang chọn.",
            "en": "There are no activities with a theme in {period} with the chosen filters.",
        },
        "themes.none_of_source": {
            "vi": "Không có lượt gắn chủ đề nào thuộc loại \u201c{source}\u201d trong {period}.",
            "en": "There are no theme tags of the kind \u201c{source}\u201d in {period}.",
        },
        "col.theme": {"vi": "Chủ đề", "en": "Theme"},
        "col.activities": {"vi": "Số hoạt động có chủ đề", "en": "Activities with the theme"},
        "col.given": {"vi": "Ghi trong tệp", "en": "Given"},
        "col.inferred": {"vi": "Suy ra", "en": "Inferred"},
    }
)


STRINGS.update(
    {
        "nav.targets": {"vi": "Chỉ tiêu", "en": "Targets"},
        "targets.heading": {"vi": "Chỉ tiêu", "en": "Targets"},
        "targets.basis": {
            "vi": "Chỉ tiêu năm {year}; kết quả lũy kế từ {start} đến {end} ({elapsed} thời gian của năm). "
            "Mỗi chỉ tiêu tính trên bản ghi của chính địa bàn được giao.",
            "en": "Targets for {year}; results year to date from {start} to {end} ({elapsed} of the year "
            "elapsed). Each target counts the records of the unit it was set for.",
        },
        "targets.filters_ignored": {
            "vi": "Bộ lọc chủ đề và loại hoạt động không áp dụng cho chỉ tiêu.",
            "en": "The theme and activity type filters do not apply to targets.",
        },
        "targets.status.vuot": {"vi": "vượt", "en": "exceeded"},
        "targets.status.dat": {"vi": "đạt", "en": "met"},
        "targets.status.chua_dat": {"vi": "chưa đạt", "en": "not met"},
        "targets.status.unknown": {"vi": "chưa có số liệu", "en": "no figure yet"},
        "targets.count.vuot": {"vi": "Vượt chỉ tiêu", "en": "Exceeded"},
        "targets.count.dat": {"vi": "Đạt chỉ tiêu", "en": "Met"},
        "targets.count.chua_dat": {"vi": "Chưa đạt", "en": "Not met"},
        "targets.count_help": {
            "vi": "Số chỉ tiêu (tổ chức × địa bàn × chỉ số) theo mức thực hiện.",
            "en": "Targets (organization × unit × indicator) by how far they were reached.",
        },
        "targets.chart_heading": {
            "vi": "Tỷ lệ thực hiện theo tổ chức và chỉ số",
            "en": "Progress by organization and indicator",
        },
        "targets.chart_note": {
            "vi": "Tỷ lệ = tổng kết quả / tổng chỉ tiêu của các địa bàn. Ô trống: không có chỉ tiêu.",
            "en": "Progress = results over targets, summed over the units. Blank: no target.",
        },
        "targets.table_heading": {"vi": "Chi tiết, chậm nhất trước", "en": "Details, lagging first"},
        "targets.empty": {
            "vi": "Không có chỉ tiêu nào của năm {year} ({period}) với bộ lọc đang chọn.",
            "en": "There are no targets for {year} ({period}) with the chosen filters.",
        },
        "targets.download": {"vi": "Tải bảng chỉ tiêu (Excel)", "en": "Download the targets table (Excel)"},
        "col.target": {"vi": "Chỉ tiêu", "en": "Target"},
        "col.actual": {"vi": "Thực hiện", "en": "Result"},
        "col.percent": {"vi": "Tỷ lệ (%)", "en": "Progress (%)"},
        "col.expected_percent": {"vi": "Thời gian đã qua (%)", "en": "Year elapsed (%)"},
        "col.status": {"vi": "Đánh giá", "en": "Assessment"},
        "col.year": {"vi": "Năm", "en": "Year"},
    }
)


STRINGS.update(
    {
        "nav.meetings": {"vi": "Hội nghị & nhiệm vụ", "en": "Meetings & tasks"},
        "meetings.heading": {"vi": "Hội nghị & nhiệm vụ", "en": "Meetings and tasks"},
        "meetings.count.meetings": {"vi": "Hội nghị", "en": "Meetings"},
        "meetings.count.tasks": {"vi": "Nhiệm vụ", "en": "Tasks"},
        "meetings.count.done": {"vi": "Hoàn thành", "en": "Done"},
        "meetings.count.late": {"vi": "Quá hạn", "en": "Late"},
        "meetings.late_heading": {"vi": "Nhiệm vụ quá hạn ({count})", "en": "Late tasks ({count})"},
        "meetings.late_note": {
            "vi": "Quá hạn: đã qua hạn hoàn thành (tính đến {today}) mà chưa hoàn thành. Quá hạn lâu nhất trước.",
            "en": "Late: past the due date (as of {today}) and not done. Most overdue first.",
        },
        "meetings.no_late": {
            "vi": "Không có nhiệm vụ nào quá hạn trong các hội nghị của {period}.",
            "en": "No task from the meetings of {period} is late.",
        },
        "meetings.list_heading": {"vi": "Các hội nghị trong kỳ", "en": "Meetings in the period"},
        "meetings.pick": {"vi": "Xem nhiệm vụ của hội nghị", "en": "See the tasks of a meeting"},
        "meetings.tasks_heading": {
            "vi": "Nhiệm vụ kết luận của hội nghị",
            "en": "Tasks concluded by the meeting",
        },
        "meetings.no_tasks": {
            "vi": "Hội nghị này chưa có nhiệm vụ nào được ghi nhận với bộ lọc đang chọn.",
            "en": "No task of this meeting is recorded with the chosen filters.",
        },
        "meetings.late_days": {"vi": "quá hạn {days} ngày", "en": "{days} days late"},
        "meetings.filters_ignored": {
            "vi": "Bộ lọc loại hoạt động không áp dụng cho hội nghị và nhiệm vụ.",
            "en": "The activity type filter does not apply to meetings and tasks.",
        },
        "meetings.empty": {
            "vi": "Không có hội nghị nào trong {period} với bộ lọc đang chọn.",
            "en": "There are no meetings in {period} with the chosen filters.",
        },
        "col.meeting_date": {"vi": "Ngày họp", "en": "Meeting date"},
        "col.meeting_type": {"vi": "Loại hội nghị", "en": "Meeting type"},
        "col.meeting_title": {"vi": "Tên hội nghị", "en": "Meeting"},
        "col.host": {"vi": "Cơ quan chủ trì", "en": "Host"},
        "col.tasks": {"vi": "Nhiệm vụ", "en": "Tasks"},
        "col.done": {"vi": "Hoàn thành", "en": "Done"},
        "col.late": {"vi": "Quá hạn", "en": "Late"},
        "col.days_late": {"vi": "Số ngày quá hạn", "en": "Days late"},
        "col.assignee": {"vi": "Đơn vị thực hiện", "en": "Assignee"},
        "col.description": {"vi": "Nội dung nhiệm vụ", "en": "Task"},
        "col.due_date": {"vi": "Hạn hoàn thành", "en": "Due"},
        "col.task_status": {"vi": "Tình trạng", "en": "Status"},
        "col.completed_date": {"vi": "Ngày hoàn thành", "en": "Completed"},
    }
)

# Login, roles, upload, batches, administration.
STRINGS.update(
    {
        "auth.heading": {"vi": "Đăng nhập", "en": "Log in"},
        "auth.intro": {
            "vi": "doanthe — số liệu hoạt động của Mặt trận Tổ quốc và các đoàn thể. Đăng nhập bằng tài "
            "khoản được quản trị viên cấp.",
            "en": "doanthe — activity figures of the Fatherland Front and the mass organizations. Log in "
            "with the account your administrator gave you.",
        },
        "auth.username": {"vi": "Tên đăng nhập", "en": "Username"},
        "auth.password": {"vi": "Mật khẩu", "en": "Password"},
        "auth.submit": {"vi": "Đăng nhập", "en": "Log in"},
        "auth.hours": {
            "vi": "Phiên đăng nhập được giữ {hours} giờ trên trình duyệt này, kể cả khi tải lại trang.",
            "en": "You stay logged in for {hours} hours in this browser, also across reloads.",
        },
        "auth.failed.empty": {
            "vi": "Hãy nhập tên đăng nhập và mật khẩu.",
            "en": "Enter your username and password.",
        },
        "auth.failed.bad_credentials": {
            "vi": "Tên đăng nhập hoặc mật khẩu không đúng.",
            "en": "Wrong username or password.",
        },
        "auth.failed.locked": {
            "vi": "Tài khoản tạm khóa vì nhập sai mật khẩu nhiều lần. Hãy thử lại sau {minutes} phút "
            "hoặc nhờ quản trị viên đặt lại mật khẩu.",
            "en": "The account is locked after repeated wrong passwords. Try again in {minutes} minutes "
            "or ask an administrator to reset the password.",
        },
        "auth.failed.disabled": {
            "vi": "Tài khoản này đã bị vô hiệu hóa. Hãy liên hệ quản trị viên.",
            "en": "This account is disabled. Contact an administrator.",
        },
        "auth.oidc_button": {
            "vi": "Đăng nhập bằng tài khoản cơ quan",
            "en": "Log in with your office account",
        },
        "auth.oidc_no_account": {
            "vi": "Địa chỉ {email} chưa có tài khoản doanthe. Hãy nhờ quản trị viên tạo tài khoản.",
            "en": "{email} has no doanthe account yet. Ask an administrator to create one.",
        },
        "auth.signed_in_as": {"vi": "{name} · {role}", "en": "{name} · {role}"},
        "auth.logout": {"vi": "Đăng xuất", "en": "Log out"},
        "role.admin": {"vi": "Quản trị viên", "en": "Administrator"},
        "role.leader": {"vi": "Lãnh đạo", "en": "Leader"},
        "role.analyst": {"vi": "Chuyên viên", "en": "Analyst"},
        "role.staff": {"vi": "Cán bộ nhập liệu", "en": "Data clerk"},
        "nav.section.dashboard": {"vi": "Bảng điều khiển", "en": "Dashboard"},
        "nav.section.data": {"vi": "Dữ liệu & quản trị", "en": "Data & administration"},
        "nav.upload": {"vi": "Nạp dữ liệu", "en": "Upload"},
        "nav.batches": {"vi": "Các lần nạp", "en": "Batches"},
        "nav.admin": {"vi": "Quản trị", "en": "Administration"},
    }
)

STRINGS.update(
    {
        "upload.heading": {"vi": "Nạp dữ liệu", "en": "Upload records"},
        "upload.scope": {
            "vi": "Tài khoản này nạp dữ liệu của: {orgs} · địa bàn: {area}.",
            "en": "This account loads records of: {orgs} · area: {area}.",
        },
        "upload.all_orgs": {"vi": "mọi tổ chức", "en": "every organization"},
        "upload.all_units": {"vi": "toàn bộ địa bàn", "en": "the whole area"},
        "upload.templates": {"vi": "1. Tải mẫu nhập liệu", "en": "1. Download a template"},
        "upload.templates_help": {
            "vi": "Mỗi loại bản ghi một mẫu Excel: tiêu đề cột tiếng Việt, danh sách chọn cho tổ chức, "
            "địa bàn, loại hoạt động, chủ đề… Điền từ dòng dưới tiêu đề, giữ nguyên tiêu đề cột.",
            "en": "One Excel template per record kind: Vietnamese column headers, drop-down lists for "
            "organization, area, activity type, theme… Fill in below the header; keep the headers.",
        },
        "upload.files": {"vi": "2. Tải tệp lên và kiểm tra", "en": "2. Upload and check your files"},
        "upload.drop": {
            "vi": "Chọn hoặc kéo thả tệp Excel/CSV (có thể nhiều tệp)",
            "en": "Choose or drop Excel/CSV files (several at once)",
        },
        "upload.limit": {
            "vi": "Tối đa {mb} MB mỗi tệp; CSV, XLSX, XLS, ODS. Kiểm tra không lưu gì cho đến khi bạn bấm Lưu.",
            "en": "Up to {mb} MB per file; CSV, XLSX, XLS, ODS. Checking saves nothing until you click Save.",
        },
        "upload.checking": {"vi": "Đang kiểm tra {name}…", "en": "Checking {name}…"},
        "upload.saving": {"vi": "Đang lưu…", "en": "Saving…"},
        "upload.counts": {
            "vi": "{new} {kind} mới, {updated} cập nhật, {unchanged} không đổi",
            "en": "{new} new {kind}, {updated} updated, {unchanged} unchanged",
        },
        "upload.valid": {"vi": "Hợp lệ: {counts}.", "en": "Valid: {counts}."},
        "upload.ignored": {
            "vi": "Không đọc các cột không thuộc mẫu: {columns}.",
            "en": "Columns not read, being none of the template's: {columns}.",
        },
        "upload.save": {"vi": "Lưu vào kho dữ liệu", "en": "Save to the warehouse"},
        "upload.saved": {
            "vi": "Đã lưu (lô {batches}): {counts}. Các biểu đồ đã có số liệu mới.",
            "en": "Saved (batch {batches}): {counts}. The charts show the new figures.",
        },
        "upload.to_batches": {"vi": "Xem hoặc hoàn tác các lần nạp", "en": "See or roll back your batches"},
        "upload.rejected": {
            "vi": "Tệp có {count} lỗi nên chưa lưu gì. Sửa các lỗi dưới đây rồi tải lại tệp.",
            "en": "The file has {count} problems, so nothing was saved. Fix them and upload it again.",
        },
        "upload.other_sheet": {
            "vi": "Trang này không có lỗi, nhưng trang khác của sổ có lỗi: cả sổ được nạp hoặc không nạp gì.",
            "en": "This sheet has no problem, but another sheet does: a workbook loads whole or not at all.",
        },
        "upload.more_problems": {
            "vi": "… và {more} lỗi khác (tệp trả về ghi đủ các lỗi đã liệt kê).",
            "en": "… and {more} more problems.",
        },
        "upload.annotated": {
            "vi": "Tải tệp của bạn kèm cột “Lỗi” để sửa trong Excel",
            "en": "Download your file with an “Lỗi” (errors) column to fix in Excel",
        },
        "upload.col.file": {"vi": "Tệp / trang", "en": "File / sheet"},
        "upload.col.row": {"vi": "Dòng", "en": "Row"},
        "upload.col.column": {"vi": "Cột", "en": "Column"},
        "upload.col.code": {"vi": "Mã lỗi", "en": "Code"},
        "upload.col.message": {"vi": "Lỗi", "en": "Problem"},
        "batches.heading": {"vi": "Các lần nạp", "en": "Batches"},
        "batches.intro_own": {
            "vi": "Các lần nạp của bạn, mới nhất trước. Một lần nạp sai có thể hoàn tác.",
            "en": "Your batches, newest first. A wrong batch can be rolled back.",
        },
        "batches.intro_all": {
            "vi": "Mọi lần nạp, mới nhất trước: ai nạp tệp nào, khi nào, bao nhiêu bản ghi.",
            "en": "Every batch, newest first: who loaded which file, when, how many records.",
        },
        "batches.empty": {"vi": "Chưa có lần nạp nào.", "en": "No batches yet."},
        "batches.col.batch_id": {"vi": "Lô", "en": "Batch"},
        "batches.col.file_name": {"vi": "Tệp", "en": "File"},
        "batches.col.kind": {"vi": "Loại", "en": "Kind"},
        "batches.col.loaded_by": {"vi": "Người nạp", "en": "Loaded by"},
        "batches.col.loaded_at": {"vi": "Thời điểm", "en": "When"},
        "batches.col.rows_read": {"vi": "Số dòng", "en": "Rows"},
        "batches.col.rows_new": {"vi": "Mới", "en": "New"},
        "batches.col.rows_updated": {"vi": "Cập nhật", "en": "Updated"},
        "batches.col.rows_unchanged": {"vi": "Không đổi", "en": "Unchanged"},
        "batches.col.status": {"vi": "Trạng thái", "en": "Status"},
        "batches.status.loaded": {"vi": "Đang dùng", "en": "Standing"},
        "batches.status.rolled_back": {"vi": "Đã hoàn tác", "en": "Rolled back"},
        "batches.rollback": {"vi": "Hoàn tác một lần nạp", "en": "Roll back a batch"},
        "batches.choose": {"vi": "Lần nạp", "en": "Batch"},
        "batches.option": {
            "vi": "Lô {batch} · {file} · {when} · {new} mới, {updated} cập nhật",
            "en": "Batch {batch} · {file} · {when} · {new} new, {updated} updated",
        },
        "batches.rollback_button": {"vi": "Hoàn tác lần nạp này…", "en": "Roll back this batch…"},
        "batches.confirm_title": {"vi": "Hoàn tác lô {batch}?", "en": "Roll back batch {batch}?"},
        "batches.confirm_body": {
            "vi": "Các bản ghi mới của lô sẽ bị xóa và các bản ghi lô này đã ghi đè được khôi phục. "
            "Biểu đồ sẽ thay đổi theo.",
            "en": "The batch's new records are removed and the records it replaced are restored. "
            "The charts change accordingly.",
        },
        "batches.confirm_yes": {"vi": "Hoàn tác", "en": "Roll back"},
        "batches.confirm_no": {"vi": "Hủy", "en": "Cancel"},
        "batches.rolled_back": {
            "vi": "Đã hoàn tác lô {batch}: bỏ {removed} bản ghi mới, khôi phục {restored} bản ghi cũ.",
            "en": "Batch {batch} rolled back: {removed} new records removed, {restored} restored.",
        },
        "batches.not_allowed": {
            "vi": "Tài khoản này không được hoàn tác lô đó.",
            "en": "This account may not roll back that batch.",
        },
    }
)

STRINGS.update(
    {
        "admin.heading": {"vi": "Quản trị", "en": "Administration"},
        "admin.accounts": {"vi": "Tài khoản", "en": "Accounts"},
        "admin.col.name": {"vi": "Họ tên", "en": "Name"},
        "admin.col.role": {"vi": "Vai trò", "en": "Role"},
        "admin.col.orgs": {"vi": "Tổ chức", "en": "Organizations"},
        "admin.col.area": {"vi": "Địa bàn", "en": "Area"},
        "admin.col.active": {"vi": "Hoạt động", "en": "Active"},
        "admin.col.locked": {"vi": "Tạm khóa đến", "en": "Locked until"},
        "admin.yes": {"vi": "Có", "en": "Yes"},
        "admin.no": {"vi": "Không", "en": "No"},
        "admin.orgs_all": {"vi": "Mọi tổ chức", "en": "Every organization"},
        "admin.create": {"vi": "Tạo tài khoản", "en": "Create an account"},
        "admin.create_button": {"vi": "Tạo tài khoản", "en": "Create"},
        "admin.created": {"vi": "Đã tạo tài khoản {username}.", "en": "Account {username} created."},
        "admin.edit": {"vi": "Sửa tài khoản", "en": "Change an account"},
        "admin.save_scope": {"vi": "Lưu vai trò và phạm vi", "en": "Save role and scope"},
        "admin.saved": {"vi": "Đã lưu tài khoản {username}.", "en": "Account {username} saved."},
        "admin.disable": {"vi": "Vô hiệu hóa", "en": "Disable"},
        "admin.enable": {"vi": "Kích hoạt lại", "en": "Enable"},
        "admin.disabled": {
            "vi": "Đã vô hiệu hóa {username}; các phiên đăng nhập của tài khoản đã kết thúc.",
            "en": "{username} disabled; its sessions have ended.",
        },
        "admin.enabled": {"vi": "Đã kích hoạt lại {username}.", "en": "{username} enabled."},
        "admin.reset_password": {"vi": "Đặt mật khẩu mới", "en": "New password"},
        "admin.password_reset": {
            "vi": "Đã đặt mật khẩu mới cho {username}; các phiên đăng nhập cũ đã kết thúc.",
            "en": "New password set for {username}; its old sessions have ended.",
        },
        "admin.password_once": {
            "vi": "Mật khẩu chỉ hiện một lần: hãy chuyển cho người dùng ngay.",
            "en": "The password is shown only once: pass it on now.",
        },
        "admin.reference": {"vi": "Danh mục", "en": "Reference lists"},
        "admin.reference_help": {
            "vi": "Tổ chức, địa bàn và chủ đề dùng để kiểm tra tệp tải lên. Chỉ tiêu là bản ghi: tải tệp chỉ "
            "tiêu ở trang Nạp dữ liệu, được kiểm tra và ghi vào lịch sử các lần nạp như mọi tệp khác.",
            "en": "Organizations, areas and themes that uploads are checked against. Targets are records: "
            "upload a targets file on the Upload page; it is checked and kept in the batch history.",
        },
        "admin.ref.orgs": {"vi": "Tổ chức", "en": "Organizations"},
        "admin.ref.units": {"vi": "Địa bàn", "en": "Areas"},
        "admin.ref.themes": {"vi": "Chủ đề", "en": "Themes"},
        "admin.refcol.code": {"vi": "Mã", "en": "Code"},
        "admin.refcol.label": {"vi": "Tên", "en": "Name"},
        "admin.refcol.english": {"vi": "Tên tiếng Anh", "en": "English name"},
        "admin.refcol.name": {"vi": "Tên", "en": "Name"},
        "admin.refcol.level": {"vi": "Cấp", "en": "Level"},
        "admin.refcol.parent_code": {"vi": "Thuộc", "en": "Parent"},
        "admin.refcol.valid_from": {"vi": "Hiệu lực từ", "en": "Valid from"},
        "admin.refcol.valid_to": {"vi": "Hiệu lực đến", "en": "Valid to"},
        "admin.refcol.successor_code": {"vi": "Đơn vị kế thừa", "en": "Successor"},
    }
)


STRINGS.update(
    {
        # Báo cáo: the briefing pack (dashboard/report)
        "nav.report": {"vi": "Báo cáo", "en": "Report"},
        "report.heading": {"vi": "Báo cáo", "en": "Report"},
        "report.intro": {
            "vi": "Lập báo cáo {kind} (Word) và bảng số liệu kèm theo (Excel) cho {period}, theo bộ lọc "
            "đang chọn. Báo cáo viết sẵn kết quả từng tổ chức, so sánh với cùng kỳ và chỉ tiêu, hạn chế, "
            "nhiệm vụ quá hạn và nhiệm vụ trọng tâm kỳ tới; mọi con số bằng số liệu của bảng điều khiển.",
            "en": "Draft the review report (Word) and its tables (Excel) for {period} with the chosen "
            "filters. The report, in Vietnamese, states each organization's results against the same "
            "period last year and its targets, what lags, late tasks and the next period's tasks; every "
            "figure equals the dashboard's.",
        },
        "report.filters_note": {
            "vi": "Bộ lọc chủ đề và loại hoạt động áp dụng cho các con số hoạt động; chỉ tiêu không áp "
            "dụng các bộ lọc này.",
            "en": "The theme and activity-type filters apply to activity figures; targets ignore them.",
        },
        "report.generate": {"vi": "Tạo báo cáo", "en": "Generate the report"},
        "report.working": {"vi": "Đang tạo báo cáo…", "en": "Generating the report…"},
        "report.step.data": {"vi": "Đọc số liệu và soạn nội dung…", "en": "Reading the figures, writing…"},
        "report.step.charts": {"vi": "Vẽ biểu đồ…", "en": "Drawing the charts…"},
        "report.step.docx": {"vi": "Trình bày văn bản Word…", "en": "Laying out the Word document…"},
        "report.step.xlsx": {"vi": "Lập bảng Excel…", "en": "Writing the Excel workbook…"},
        "report.step.done": {"vi": "Xong.", "en": "Done."},
        "report.ready": {
            "vi": "Đã tạo báo cáo trong {seconds} giây.",
            "en": "Report generated in {seconds} s.",
        },
        "report.failed": {
            "vi": "Không tạo được báo cáo: {error}",
            "en": "The report could not be generated: {error}",
        },
        "report.download_docx": {"vi": "Tải báo cáo (Word)", "en": "Download the report (Word)"},
        "report.download_xlsx": {"vi": "Tải bảng số liệu (Excel)", "en": "Download the tables (Excel)"},
        "report.chart_note": {
            "vi": "Không vẽ được biểu đồ ({error}); báo cáo có bảng số liệu thay cho biểu đồ.",
            "en": "The charts could not be drawn ({error}); the report has the tables in their place.",
        },
        "report.preview": {"vi": "Xem trước nội dung báo cáo", "en": "Preview the report's text"},
        "report.made_for": {
            "vi": "Báo cáo {period} — {place}, lập ngày {date}.",
            "en": "Report for {period} — {place}, dated {date}.",
        },
    }
)

STRINGS.update(
    {
        "admin.ref.org_types": {"vi": "Tổ chức", "en": "Organizations"},
        "admin.ref.download": {
            "vi": "Tải danh mục (Excel) để sửa",
            "en": "Download the list (Excel) to edit",
        },
        "admin.ref.upload": {
            "vi": "Tải lên danh mục đã sửa (cả danh mục: dòng thêm, sửa, bỏ)",
            "en": "Upload the edited list (the whole list: rows added, changed, left out)",
        },
        "admin.ref.counts": {
            "vi": "{new} mới, {updated} sửa, {removed} bỏ, {unchanged} không đổi",
            "en": "{new} new, {updated} changed, {removed} removed, {unchanged} unchanged",
        },
        "admin.ref.saved": {
            "vi": "Đã lưu danh mục (lô {batch}): {counts}. Có thể hoàn tác ở trang Các lần nạp.",
            "en": "List saved (batch {batch}): {counts}. It can be rolled back on the Batches page.",
        },
        "kind.ref_org_types": {"vi": "Danh mục tổ chức", "en": "Organization list"},
        "kind.ref_units": {"vi": "Danh mục địa bàn", "en": "Area list"},
        "kind.ref_themes": {"vi": "Danh mục chủ đề", "en": "Theme list"},
    }
)

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

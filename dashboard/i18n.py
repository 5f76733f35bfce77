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

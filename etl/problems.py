"""Problems found in a file: codes of DESIGN.md §3 and messages a clerk understands."""

from __future__ import annotations

from dataclasses import asdict, dataclass

CODES = (
    "file_empty",
    "file_unreadable",
    "file_too_large",
    "missing_column",
    "required",
    "bad_date",
    "bad_number",
    "negative",
    "unknown_org",
    "unknown_unit",
    "unknown_type",
    "unknown_theme",
    "unknown_indicator",
    "unknown_status",
    "unknown_meeting",
    "duplicate_in_file",
    "out_of_scope",
    # Reference lists edited as files (etl/reference_edit.py).
    "in_use",
    "bad_code",
    "top_unit",
    "unit_cycle",
)

# What each code says, after "Dòng N, cột X: " (or alone for a file-level problem).
_TEMPLATES = {
    "file_empty": "Tệp không có dòng dữ liệu nào.",
    "file_unreadable": "Không đọc được tệp: {detail}",
    "file_too_large": "Tệp quá lớn: {detail}",
    "missing_column": "Thiếu cột bắt buộc '{value}'.",
    "required": "chưa nhập (bắt buộc).",
    "bad_date": "'{value}' không phải ngày hợp lệ (viết dd/mm/yyyy, ví dụ 13/06/2024).{detail}",
    "bad_number": "'{value}' không phải số hợp lệ.{detail}",
    "negative": "'{value}' là số âm; cột này phải từ 0 trở lên.",
    "unknown_org": "'{value}' không phải tổ chức hay cơ quan nào trong danh mục.",
    # (What is wrong with a unit varies: not in the list, two units at once, no longer a unit.)
    "unknown_unit": "'{value}' {detail}",
    "unknown_type": "'{value}' không có trong danh mục {detail}.",
    "unknown_theme": "'{value}' không phải chủ đề nào trong danh mục.",
    "unknown_indicator": "'{value}' không phải chỉ số nào trong danh mục.",
    "unknown_status": "'{value}' {detail}",
    "unknown_meeting": "không tìm thấy hội nghị có mã '{value}' (nạp hội nghị trước, hoặc trong cùng tệp).",
    "duplicate_in_file": "bản ghi này trùng với dòng {detail} trong cùng tệp.",
    "out_of_scope": "'{value}' nằm ngoài phạm vi được phép của tài khoản này{detail}.",
    "in_use": "Mã '{value}' không còn trong tệp nhưng đang được dùng ({detail}); không xóa được, "
    "hãy giữ lại dòng của mã này.",
    "bad_code": "'{value}' không dùng được làm mã: chỉ gồm chữ cái không dấu, chữ số, dấu chấm, "
    "gạch dưới (_) hoặc gạch ngang (-), tối đa 40 ký tự.",
    "top_unit": "{detail}",
    "unit_cycle": "'{value}' làm đơn vị này thành cấp trên của chính nó (vòng lặp cấp trên – cấp dưới).",
}
# The detail of a template whose detail is the whole explanation, when none is given.
_DEFAULT_DETAIL = {
    "unknown_unit": "không phải địa bàn nào trong danh mục.",
    "unknown_status": "không phải tình trạng hợp lệ (chưa thực hiện, đang thực hiện, hoàn thành).",
}


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str | None
    code: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


def problem(
    code: str,
    *,
    row: int | None = None,
    column: str | None = None,
    column_label: str | None = None,
    value: str | None = None,
    detail: str = "",
) -> Problem:
    """A problem with its Vietnamese message ("Dòng 14, cột Ngày: '31/02/2024' không phải ngày hợp lệ")."""
    if code not in _TEMPLATES:
        raise ValueError(f"unknown problem code {code}")
    shown = "" if value is None else str(value)
    if len(shown) > 80:
        shown = shown[:77] + "…"
    text = _TEMPLATES[code].format(value=shown, detail=detail or _DEFAULT_DETAIL.get(code, ""))
    if row is not None:
        where = f"Dòng {row}"
        if column_label or column:
            where += f", cột {column_label or column}"
        text = f"{where}: {text}"
    return Problem(row=row, column=column, code=code, message=text)

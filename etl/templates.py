"""XLSX templates for the upload contract (DESIGN.md §3), one per record kind.

``template_xlsx(con, kind)`` gives a workbook a clerk fills in and uploads as it is:

- sheet 1 (named after the kind): a title row, a row of hints, then the header row with the
  Vietnamese labels (required columns marked ``*``), frozen; each header carries a comment
  with what goes in the column and an example (comments are not rows: nothing to delete);
- column widths, and cell formats for the rows below: dates ``dd/mm/yyyy``, whole numbers with
  thousands separators, codes and ids as text (so that ``04108`` keeps its zero);
- drop-down lists for every column taking a reference value (organization, host or assignee,
  unit, activity type, themes, indicator, meeting type, status), sourced from the warehouse's
  reference tables and kept on the hidden sheet "Danh mục", referenced by range so that long
  lists work. A value outside the list gets a warning, not a refusal: the loader also accepts
  codes and short names, and several themes are written separated by ``;``.

Every list entry is a spelling the loader resolves to exactly its code (checked as the list is
built), and a unit whose name was reused after the 1 July 2025 reform is listed by a spelling
that names one unit ("Xã Chiềng Sung (cũ)").
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import duckdb
from xlsxwriter.utility import xl_col_to_name

from etl import xlsx
from etl.formats import KINDS, Column, RecordKind
from etl.reference import Reference
from etl.text import fold

LISTS_SHEET = "Danh mục"
DATA_ROWS = 5000  # rows below the header that get the formats and the drop-down lists
LANGS = ("vi", "en")

_LIST_HEADERS = {
    "org": ("Danh sách tổ chức", "List of organizations"),
    "body": ("Danh sách cơ quan, tổ chức", "List of bodies and organizations"),
    "unit": ("Danh sách địa bàn", "List of units"),
    "activity_type": ("Danh sách loại hoạt động", "List of activity types"),
    "theme": ("Danh sách chủ đề", "List of themes"),
    "indicator": ("Danh sách chỉ số", "List of indicators"),
    "meeting_type": ("Danh sách loại hội nghị", "List of meeting types"),
    "task_status": ("Danh sách tình trạng", "List of statuses"),
}

_FORMATS = {
    "date": "dd/mm/yyyy",
    "count": "#,##0",
    "money": "#,##0",
    "year": "0",
    "id": "@",
    "ref:unit": "@",
}

# What goes in each column: (Vietnamese, English) hint and an example.
_HINTS: dict[str, tuple[str, str, str]] = {
    "activity_id": (
        "Mã riêng của hoạt động (không bắt buộc)",
        "The office's own id (optional)",
        "HD-2024-001",
    ),
    "meeting_id": ("Mã hội nghị", "Meeting id", "HN-2024-01"),
    "task_id": ("Mã riêng của nhiệm vụ (không bắt buộc)", "The office's own id (optional)", "NV-2024-01"),
    "date": ("Ngày, viết dd/mm/yyyy", "Date, dd/mm/yyyy", "13/06/2024"),
    "as_of": ("Số liệu tính đến ngày (dd/mm/yyyy)", "Figures as of (dd/mm/yyyy)", "30/06/2024"),
    "due_date": (
        "Hạn hoàn thành: dd/mm/yyyy, một kỳ (Quý IV/2024, Tháng 7/2024) hoặc Thường xuyên",
        "Due date: dd/mm/yyyy, a period (Quý IV/2024, Tháng 7/2024) or Thường xuyên (ongoing)",
        "31/12/2024",
    ),
    "completed_date": ("Ngày hoàn thành (dd/mm/yyyy)", "Completed on (dd/mm/yyyy)", "15/11/2024"),
    "org": ("Chọn tổ chức trong danh sách", "Pick an organization", "Hội Phụ nữ"),
    "orgs": (
        "Các tổ chức tham dự, cách nhau bởi dấu ;",
        "Organizations attending, separated by ;",
        "Mặt trận Tổ quốc; Hội Phụ nữ",
    ),
    "host": ("Cơ quan hoặc tổ chức chủ trì", "Host body or organization", "Thường trực cấp ủy"),
    "assignee": ("Cơ quan hoặc tổ chức thực hiện", "Body or organization assigned", "Hội Nông dân"),
    "unit": ("Địa bàn; để trống là cấp trên cùng", "Unit; blank means the top level", "Xã Chiềng Mung"),
    "activity_type": ("Chọn loại hoạt động", "Pick an activity type", "Hỗ trợ, trao quà, từ thiện"),
    "themes": (
        "Một hoặc nhiều chủ đề, cách nhau bởi dấu ; (để trống: tự suy ra từ nội dung)",
        "One or more themes separated by ; (blank: inferred from the title)",
        "An sinh xã hội, từ thiện, nhân đạo",
    ),
    "title": ("Nội dung hoạt động", "What was done", "Trao quà cho hộ nghèo"),
    "description": ("Nội dung nhiệm vụ", "The task", "Vận động hội viên tham gia bảo hiểm y tế"),
    "participants": ("Số người, số nguyên", "A whole number", "50"),
    "beneficiaries": ("Số người, số nguyên", "A whole number", "20"),
    "attendees": ("Số đại biểu, số nguyên", "A whole number", "45"),
    "funds_vnd": ("Số tiền (đồng)", "Amount in VND", "1.500.000"),
    "new_members": ("Số người kết nạp mới", "New members", "5"),
    "members": ("Tổng số đoàn viên, hội viên", "Total members", "812"),
    "year": ("Năm", "Year", "2024"),
    "indicator": ("Chọn chỉ số", "Pick an indicator", "Số hoạt động"),
    "target": ("Mức chỉ tiêu, số nguyên", "Target, a whole number", "120"),
    "meeting_type": ("Chọn loại hội nghị", "Pick a meeting type", "Hội nghị giao ban"),
    "status": (
        "Chọn tình trạng (để trống: chưa thực hiện)",
        "Pick a status (blank: not started)",
        "Đang thực hiện",
    ),
    "notes": ("Ghi chú (không bắt buộc)", "Notes (optional)", ""),
    "chair": ("Người chủ trì (không bắt buộc)", "Who chaired (optional)", "Đ/c Bí thư Huyện ủy"),
    "summary": ("Tóm tắt, kết luận (không bắt buộc)", "Summary (optional)", ""),
    "title_meeting": ("Tên hội nghị", "Meeting title", "Hội nghị giao ban 6 tháng đầu năm"),
}


@dataclass
class _List:
    name: str
    values: list[str]
    column: int  # on the lists sheet

    def source(self) -> str:
        letter = xl_col_to_name(self.column)
        return f"='{LISTS_SHEET}'!${letter}$2:${letter}${len(self.values) + 1}"


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def reference_lists(con: duckdb.DuckDBPyConnection, lang: str = "vi") -> dict[str, list[tuple[str, str]]]:
    """(code, spelling) per reference list, each spelling one the loader resolves to its code."""
    ref = Reference.load(con)
    en = lang == "en"

    def pick(list_name: str, code: str, *candidates: str | None) -> str:
        for text in candidates:
            if text and ref.resolve(list_name, text) == code:
                return text
        return code

    def rows(sql: str) -> list[tuple]:
        return con.execute(sql).fetchall()

    lists: dict[str, list[tuple[str, str]]] = {}
    # (In the order of the reference files: the Front first, then the organizations as offices list them.)
    orgs = rows("select code, label_vi, label_en, short_vi from org_types order by rowid")
    bodies = rows("select code, label_vi, label_en, short_vi from bodies order by rowid")
    lists["org"] = [
        (c, pick("org", c, *((le, short, lv) if en else (short, lv, le)))) for c, lv, le, short in orgs
    ]
    lists["body"] = [
        (c, pick("body", c, *((le, short, lv) if en else (short, lv, le))))
        for c, lv, le, short in orgs + bodies
    ]
    for list_name, table in (
        ("activity_type", "activity_types"),
        ("theme", "themes"),
        ("indicator", "indicators"),
        ("meeting_type", "meeting_types"),
        ("task_status", "task_statuses"),
    ):
        lists[list_name] = [
            (
                c,
                pick(
                    list_name,
                    c,
                    *((_first_upper(le or ""), _first_upper(lv)) if en else (_first_upper(lv), le)),
                ),
            )
            for c, lv, le in rows(f"select code, label_vi, label_en from {table} order by rowid")
        ]
    lists["unit"] = _unit_list(con, ref)
    return lists


def _unit_list(con: duckdb.DuckDBPyConnection, ref: Reference) -> list[tuple[str, str]]:
    """Units by name: the top one, then today's, then the dissolved ones. A name that the reform
    reused is listed once: the loader picks the unit of that name existing on the record's date."""
    levels = {"province": 0, "district": 1, "commune": 2}
    units = con.execute("select code, name, level, valid_to from units").fetchall()
    units.sort(key=lambda u: (u[0] != ref.root_unit, u[3] is not None, levels.get(u[2], 9), fold(u[1]), u[0]))
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for code, name, _level, _valid_to in units:
        spelling = name if ref.unit_candidates(name) else code
        if fold(spelling) not in seen:
            seen.add(fold(spelling))
            out.append((code, spelling))
    return out


def _label(col: Column, lang: str) -> str:
    text = col.label_en if lang == "en" and col.label_en else col.label_vi
    return f"{text} *" if col.required else text


def _hint(kind: RecordKind, col: Column, lang: str) -> tuple[str, str]:
    key = "title_meeting" if (kind.name == "meetings" and col.name == "title") else col.name
    vi, en, example = _HINTS.get(key, ("", "", ""))
    text = en if lang == "en" else vi
    required = ("Required." if lang == "en" else "Bắt buộc.") if col.required else ""
    ex = (f"Example: {example}" if lang == "en" else f"Ví dụ: {example}") if example else ""
    return text, " ".join(part for part in (required, ex) if part)


def template_xlsx(con: duckdb.DuckDBPyConnection, kind: str, lang: str = "vi") -> bytes:
    """The XLSX template of one record kind (``etl.formats.KINDS``), in Vietnamese or English."""
    if kind not in KINDS:
        raise ValueError(f"unknown record kind {kind!r}; one of {', '.join(KINDS)}")
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; one of {', '.join(LANGS)}")
    record = KINDS[kind]
    en = lang == "en"
    references = reference_lists(con, lang)

    buffer = io.BytesIO()
    book = xlsx.workbook(buffer)
    title_format = book.add_format(xlsx.TITLE)
    note_format = book.add_format(xlsx.NOTE)
    header_format = book.add_format(xlsx.HEADER)
    required_format = book.add_format(xlsx.REQUIRED_HEADER)
    formats = {key: book.add_format({"num_format": value}) for key, value in _FORMATS.items()}
    wrap = book.add_format({"text_wrap": True, "valign": "top"})

    sheet_name = _sheet_name(kind, record, en)
    sheet = book.add_worksheet(sheet_name)
    lists_sheet = book.add_worksheet(LISTS_SHEET)

    # The lists this kind uses, one column each on the hidden sheet.
    used: dict[str, _List] = {}
    for col in record.columns:
        name = "unit" if col.name == "unit" else col.ref_list
        if name and name not in used:
            values = [spelling for _code, spelling in references[name]]
            used[name] = _List(name, values, len(used))
    header_text_format = book.add_format({"bold": True})
    for item in used.values():
        lists_sheet.write_string(0, item.column, _LIST_HEADERS[item.name][1 if en else 0], header_text_format)
        for row, value in enumerate(item.values, start=1):
            lists_sheet.write_string(row, item.column, value)
        lists_sheet.set_column(item.column, item.column, min(60, max(18, *(len(v) for v in item.values))))
    lists_sheet.hide()

    title_row, note_row, header_row = 0, 1, 2
    first, last = header_row + 1, header_row + DATA_ROWS
    kind_label = sheet_name.upper()
    sheet.write_string(
        title_row, 0, f"{'IMPORT TEMPLATE' if en else 'MẪU NHẬP'} {kind_label} — doanthe", title_format
    )
    sheet.write_string(
        note_row,
        0,
        "Columns marked * are required. Dates dd/mm/yyyy. Several themes or organizations: separate them with ;. "
        "Fill from the row below the header; keep the header."
        if en
        else "Cột có dấu * là bắt buộc. Ngày viết dd/mm/yyyy. Nhiều chủ đề hoặc tổ chức: cách nhau bởi dấu ;. "
        "Nhập từ dòng dưới dòng tiêu đề cột; giữ nguyên dòng tiêu đề.",
        note_format,
    )
    sheet.set_row(header_row, 32)
    for index, col in enumerate(record.columns):
        label = _label(col, lang)
        sheet.write_string(header_row, index, label, required_format if col.required else header_format)
        hint, extra = _hint(record, col, lang)
        comment = "\n".join(part for part in (hint, extra) if part)
        if comment:
            sheet.write_comment(header_row, index, comment, {"x_scale": 2.2, "y_scale": 1.2})
        key = "ref:unit" if col.name == "unit" else col.type
        cell_format = formats.get(key) or (
            formats["id"] if col.ref_list else (wrap if col.type == "text" else None)
        )
        list_name = "unit" if col.name == "unit" else col.ref_list
        width = _width(col, label, used.get(list_name) if list_name else None)
        sheet.set_column(index, index, width, cell_format)
        if list_name:
            item = used[list_name]
            multi = col.is_list
            sheet.data_validation(
                first,
                index,
                last,
                index,
                {
                    "validate": "list",
                    "source": item.source(),
                    "ignore_blank": True,
                    "input_title": label[:32],
                    "input_message": (hint or label)[:255],
                    # A warning, not a refusal: codes and short names load too, and lists of several
                    # values (themes, organizations attending) are typed with ';'.
                    "show_error": not multi,
                    "error_type": "warning",
                    "error_title": ("Not in the list" if en else "Không có trong danh mục")[:32],
                    "error_message": (
                        "This value is not in the list. Keep it anyway?"
                        if en
                        else "Giá trị này không có trong danh mục. Vẫn giữ?"
                    ),
                },
            )
        elif col.type in ("date", "count", "money", "year"):
            sheet.data_validation(
                first,
                index,
                last,
                index,
                {
                    "validate": "any",
                    "input_title": label[:32],
                    "input_message": (f"{hint}. {extra}" if hint else extra)[:255],
                },
            )
    sheet.freeze_panes(header_row + 1, 0)
    sheet.activate()
    book.close()
    return buffer.getvalue()


def _sheet_name(kind: str, record: RecordKind, en: bool) -> str:
    if en:
        return kind.capitalize()
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in record.label_vi)
    return cleaned[:31]


def _width(col: Column, label: str, item: _List | None) -> float:
    if col.type == "text":
        base = 45
    elif col.type == "date":
        base = 13
    elif col.type in ("count", "money", "year"):
        base = 14
    else:
        base = 16
    if item is not None:
        base = max(base, min(40, max((len(v) for v in item.values), default=0) + 2))
    return max(base, min(40, len(label) + 3))

"""XLSX templates (etl/templates.py): header, formats, drop-down lists from the reference tables,
and a template filled with valid values loads through the real pipeline."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest

from etl.formats import KINDS
from etl.pipeline import load_file
from etl.reference import Reference
from etl.templates import LISTS_SHEET, reference_lists, template_xlsx

HEADER_ROW = 3


def open_template(con, kind: str, lang: str = "vi") -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(template_xlsx(con, kind, lang)))


def list_validations(sheet) -> dict[str, tuple[str, str]]:
    """Column letter -> (the list's range on the lists sheet, first..last data row)."""
    found = {}
    for validation in sheet.data_validations.dataValidation:
        if validation.type != "list":
            continue
        [cells] = str(validation.sqref).split()
        match = re.fullmatch(r"([A-Z]+)(\d+):\1(\d+)", cells)
        found[match.group(1)] = (validation.formula1, f"{match.group(2)}..{match.group(3)}")
    return found


def range_values(book, formula: str) -> list[str]:
    match = re.fullmatch(r"'(.+)'!\$([A-Z]+)\$(\d+):\$\2\$(\d+)", formula)
    sheet = book[match.group(1)]
    column, first, last = match.group(2), int(match.group(3)), int(match.group(4))
    return [sheet[f"{column}{row}"].value for row in range(first, last + 1)]


@pytest.mark.parametrize("kind", list(KINDS))
def test_header_title_formats_and_hidden_lists(warehouse, kind):
    book = open_template(warehouse, kind)
    sheet = book.worksheets[0]
    record = KINDS[kind]
    assert sheet["A1"].value == f"MẪU NHẬP {record.label_vi.upper()} — doanthe"
    labels = [cell.value for cell in sheet[HEADER_ROW]]
    assert labels == [c.label_vi + (" *" if c.required else "") for c in record.columns]
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
    assert sheet.max_row == HEADER_ROW  # no example row: examples are in the header comments
    assert all(sheet.cell(HEADER_ROW, i + 1).comment for i in range(len(record.columns)))
    assert book[LISTS_SHEET].sheet_state == "hidden"
    for index, col in enumerate(record.columns):
        # (Adjacent columns alike are stored as one range.)
        [dimension] = [d for d in sheet.column_dimensions.values() if d.min <= index + 1 <= d.max]
        assert dimension.width >= 12
        if col.type == "date":
            assert dimension.number_format == "dd/mm/yyyy"
        elif col.type in ("count", "money"):
            assert dimension.number_format == "#,##0"
        elif col.type == "id" or col.ref_list or col.name == "unit":
            assert dimension.number_format == "@"  # '04108' keeps its zero


EXPECTED_LISTS = {
    "activities": {"org": "org", "unit": "unit", "activity_type": "activity_type", "themes": "theme"},
    "meetings": {"meeting_type": "meeting_type", "host": "body", "unit": "unit", "orgs": "org"},
    "tasks": {"assignee": "body", "themes": "theme", "status": "task_status"},
    "members": {"org": "org", "unit": "unit"},
    "targets": {"org": "org", "unit": "unit", "indicator": "indicator"},
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_drop_downs_reference_the_right_lists(warehouse, kind):
    book = open_template(warehouse, kind)
    sheet = book.worksheets[0]
    lists = reference_lists(warehouse)
    validations = list_validations(sheet)
    record = KINDS[kind]
    expected = {
        openpyxl.utils.get_column_letter(i + 1): EXPECTED_LISTS[kind][c.name]
        for i, c in enumerate(record.columns)
        if c.name in EXPECTED_LISTS[kind]
    }
    assert set(validations) == set(expected)
    for letter, list_name in expected.items():
        formula, rows = validations[letter]
        assert formula.startswith(f"'{LISTS_SHEET}'!")
        assert rows == f"{HEADER_ROW + 1}..{HEADER_ROW + 5000}"
        assert range_values(book, formula) == [spelling for _code, spelling in lists[list_name]]


def test_every_list_entry_resolves_to_its_code(warehouse):
    ref = Reference.load(warehouse)
    lists = reference_lists(warehouse)
    for list_name, entries in lists.items():
        if list_name == "unit":
            continue
        assert {code for code, _ in entries} == {code for code in ref.lists[list_name].keys.values()}, (
            list_name
        )
        for code, spelling in entries:
            assert ref.resolve(list_name, spelling) == code, (list_name, spelling)
    # Units: every unit is reached by a listed name (a reused name stands for each of its units,
    # picked by the record's date).
    reached = {u.code for _code, name in lists["unit"] for u in ref.unit_candidates(name)}
    assert reached == set(ref.units)
    names = [name for _code, name in lists["unit"]]
    assert len(names) == len(set(names)) and names[0] == "Tỉnh Sơn La"
    assert len(lists["theme"]) == 18 and "Hội Phụ nữ" in [s for _c, s in lists["org"]]


def _pick(con, book, sheet, column: str, code: str) -> str:
    """The entry of a column's drop-down that stands for a code."""
    formula, _ = list_validations(sheet)[column]
    values = range_values(book, formula)
    ref = Reference.load(con)
    for value in values:
        codes = {ref.resolve(name, value) for name in ref.lists} | {
            u.code for u in ref.unit_candidates(value)
        }
        if code in codes:
            return value
    raise AssertionError(f"{code} not in the drop-down of column {column}: {values}")


def fill(book, rows: list[dict[str, object]]) -> None:
    """Write rows under the header, by canonical column name."""
    sheet = book.worksheets[0]
    record = next(k for k in KINDS.values() if sheet.title == k.label_vi)
    position = {c.name: i + 1 for i, c in enumerate(record.columns)}
    for offset, row in enumerate(rows, start=1):
        for name, value in row.items():
            sheet.cell(HEADER_ROW + offset, position[name], value)


def save(book, path):
    book.save(path)
    return path


def assert_loaded(results, rows: int, status: str = "loaded"):
    assert [r.status for r in results] == [status], [e.message for r in results for e in r.errors]
    assert results[0].rows_new == rows


def test_filled_activities_template_loads(warehouse, tmp_path):
    book = open_template(warehouse, "activities")
    sheet = book.worksheets[0]
    lists = {name: range_values(book, f) for name, (f, _) in list_validations(sheet).items()}
    org, unit, kind, themes = lists["C"], lists["D"], lists["E"], lists["F"]
    fill(
        book,
        [
            {
                "date": dt.datetime(2024, 6, 13),
                "org": org[2],
                "unit": unit[3],
                "activity_type": kind[6],
                "themes": f"{themes[3]}; {themes[7]}",
                "title": "Trao quà cho hộ nghèo",
                "participants": 50,
                "funds_vnd": 1500000,
            },
            {
                "activity_id": "HD-2",
                "date": "14/06/2024",
                "org": org[0],
                "unit": None,
                "activity_type": kind[8],
                "title": "Ra quân vệ sinh môi trường",
                "participants": 120,
            },
            {
                "date": dt.datetime(2025, 8, 1),
                "org": org[3],
                # (A unit of after the reform: the list puts them first, after the top level.)
                "unit": unit[1],
                "activity_type": kind[0],
                "themes": themes[17],
                "title": "Hội nghị triển khai nhiệm vụ",
                "new_members": 3,
            },
        ],
    )
    path = save(book, tmp_path / "hoat_dong.xlsx")
    # The hidden lists sheet is no data sheet, whether the kind is given or found.
    assert_loaded(load_file(warehouse, path, kind="activities", dry_run=True), 3, "valid")
    assert_loaded(load_file(warehouse, path), 3)
    rows = warehouse.execute(
        "select org, unit, activity_type, themes, participants, funds_vnd from activities order by date"
    ).fetchall()
    assert rows[0] == ("HLHPN", "04108-cu", "ho_tro", ["an_sinh", "quyen_loi_hoi_vien"], 50, 1500000)
    # (A blank unit is the top level; themes left blank are inferred from the title.)
    assert rows[1][:3] + rows[1][4:] == ("MTTQ", "14", "ra_quan", 120, None)
    assert rows[2] == ("DTN", "04132", "hoi_nghi", ["thien_tai"], None, None)


def test_filled_meetings_and_tasks_templates_load(warehouse, tmp_path):
    book = open_template(warehouse, "meetings")
    sheet = book.worksheets[0]
    fill(
        book,
        [
            {
                "meeting_id": "HN-2024-01",
                "date": dt.datetime(2024, 7, 5),
                "meeting_type": _pick(warehouse, book, sheet, "C", "so_ket"),
                "title": "Sơ kết 6 tháng đầu năm",
                "host": _pick(warehouse, book, sheet, "E", "TT_CAP_UY"),
                "unit": _pick(warehouse, book, sheet, "F", "125"),
                "attendees": 45,
                "orgs": f"{_pick(warehouse, book, sheet, 'I', 'MTTQ')}; {_pick(warehouse, book, sheet, 'I', 'HLHPN')}",
            }
        ],
    )
    assert_loaded(load_file(warehouse, save(book, tmp_path / "hoi_nghi.xlsx")), 1)
    assert warehouse.execute("select meeting_type, host, unit, orgs from meetings").fetchall() == [
        ("so_ket", "TT_CAP_UY", "125", ["MTTQ", "HLHPN"])
    ]
    book = open_template(warehouse, "tasks")
    sheet = book.worksheets[0]
    fill(
        book,
        [
            {
                "task_id": "NV-1",
                "meeting_id": "HN-2024-01",
                "assignee": _pick(warehouse, book, sheet, "C", "HLHPN"),
                "description": "Vận động hội viên tham gia bảo hiểm y tế",
                "due_date": dt.datetime(2024, 12, 31),
                "status": _pick(warehouse, book, sheet, "G", "dang_thuc_hien"),
            },
            {
                "meeting_id": "HN-2024-01",
                "assignee": _pick(warehouse, book, sheet, "C", "CAP_UY"),
                "description": "Tổng hợp kiến nghị",
                "themes": _pick(warehouse, book, sheet, "E", "xay_dung_dang_chinh_quyen"),
            },
        ],
    )
    assert_loaded(load_file(warehouse, save(book, tmp_path / "nhiem_vu.xlsx"), kind="tasks"), 2)
    assert sorted(warehouse.execute("select assignee, status from tasks").fetchall()) == [
        ("CAP_UY", "chua_thuc_hien"),
        ("HLHPN", "dang_thuc_hien"),
    ]


def test_filled_members_and_targets_templates_load(warehouse, tmp_path):
    book = open_template(warehouse, "members")
    sheet = book.worksheets[0]
    fill(
        book,
        [
            {
                "org": _pick(warehouse, book, sheet, "A", "HND"),
                "unit": "04108",
                "as_of": dt.datetime(2025, 12, 31),
                "members": 640,
            },
            {
                "org": _pick(warehouse, book, sheet, "A", "HND"),
                "as_of": "31/12/2025",
                "members": 15230,
                "new_members": 210,
            },
        ],
    )
    assert_loaded(load_file(warehouse, save(book, tmp_path / "hoi_vien.xlsx")), 2)
    book = open_template(warehouse, "targets")
    sheet = book.worksheets[0]
    fill(
        book,
        [
            {
                "org": _pick(warehouse, book, sheet, "A", "LDLD"),
                "year": 2026,
                "indicator": _pick(warehouse, book, sheet, "D", "activities"),
                "target": 120,
            },
            {
                "org": _pick(warehouse, book, sheet, "A", "LDLD"),
                "year": 2026,
                "indicator": _pick(warehouse, book, sheet, "D", "funds_vnd"),
                "target": 5e8,
            },
        ],
    )
    assert_loaded(load_file(warehouse, save(book, tmp_path / "chi_tieu.xlsx")), 2)
    assert sorted(warehouse.execute("select org, indicator, target from targets").fetchall()) == [
        ("LDLD", "activities", 120),
        ("LDLD", "funds_vnd", 500000000),
    ]


def test_english_template_loads_too(warehouse, tmp_path):
    book = open_template(warehouse, "activities", "en")
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "IMPORT TEMPLATE ACTIVITIES — doanthe"
    assert [c.value for c in sheet[HEADER_ROW]][:3] == ["Activity ID", "Date *", "Organization *"]
    fill_en = {
        "date": dt.datetime(2024, 6, 13),
        "org": _pick(warehouse, book, sheet, "C", "HLHPN"),
        "activity_type": _pick(warehouse, book, sheet, "E", "tuyen_truyen"),
        "title": "Communication session",
    }
    assert fill_en["org"] == "Women's Union"
    position = {c.name: i + 1 for i, c in enumerate(KINDS["activities"].columns)}
    for name, value in fill_en.items():
        sheet.cell(HEADER_ROW + 1, position[name], value)
    assert_loaded(load_file(warehouse, save(book, tmp_path / "en.xlsx")), 1)


def test_unknown_kind_or_language(warehouse):
    with pytest.raises(ValueError, match="unknown record kind"):
        template_xlsx(warehouse, "budgets")
    with pytest.raises(ValueError, match="unknown language"):
        template_xlsx(warehouse, "activities", "fr")

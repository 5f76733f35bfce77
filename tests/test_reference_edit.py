"""Reference lists edited as files (etl/reference_edit.py): export, check, apply as a batch, rollback."""

from __future__ import annotations

import io
import json
from pathlib import Path

import duckdb
import openpyxl
import pytest

from etl import accounts
from etl import reference_edit as ref_edit
from etl.cli import main
from etl.load import RollbackRefused, rollback_batch
from etl.pipeline import load_file
from etl.reference import Reference
from etl.schema import init_warehouse
from tests.test_read import to_cp1258

HEADER_ROW = 3  # title, note, then the header: the first entry is on row 4


def table(con, name: str) -> list[tuple]:
    """Every row of a list, in the warehouse's order."""
    return con.execute(f"select * from {name} order by rowid").fetchall()


def snapshot(con) -> dict[str, list[tuple]]:
    return {name: table(con, name) for name in (*ref_edit.LISTS, "batches", "reference_batches")}


def exported(con, name: str, tmp_path: Path, change=None, file_name: str | None = None) -> Path:
    """The list exported, changed in openpyxl by ``change(sheet)`` as someone would in Excel."""
    book = openpyxl.load_workbook(io.BytesIO(ref_edit.export_list(con, name)))
    if change is not None:
        change(book.active)
    path = tmp_path / (file_name or ref_edit.export_file_name(name))
    book.save(path)
    return path


def row_of(sheet, code: str) -> int:
    for row in range(HEADER_ROW + 1, sheet.max_row + 1):
        if sheet.cell(row, 1).value == code:
            return row
    raise AssertionError(f"{code} not in the sheet")


def column_of(sheet, header: str) -> int:
    for col in range(1, sheet.max_column + 1):
        if str(sheet.cell(HEADER_ROW, col).value).rstrip(" *") == header:
            return col
    raise AssertionError(f"no column {header}")


def set_cell(sheet, code: str, header: str, value) -> None:
    sheet.cell(row_of(sheet, code), column_of(sheet, header)).value = value


def append(sheet, values: dict[str, object]) -> int:
    row = sheet.max_row + 1
    for header, value in values.items():
        sheet.cell(row, column_of(sheet, header)).value = value
    return row


def delete(sheet, code: str) -> None:
    sheet.delete_rows(row_of(sheet, code))


NEW_THEME = {
    "Mã": "binh_dang_gioi",
    "Tên": "bình đẳng giới",
    "Tên gọi khác": "Bình đẳng giới; Bình đẳng nam nữ",
}


def add_theme(sheet) -> None:
    append(sheet, NEW_THEME)


def activities_csv(tmp_path: Path, themes: str = "Bình đẳng giới", unit: str = "") -> Path:
    path = tmp_path / "hoat_dong.csv"
    path.write_text(
        "Ngày,Tổ chức,Địa bàn,Loại hoạt động,Chủ đề,Nội dung\n"
        f"13/06/2024,Hội LHPN,{unit},Tuyên truyền,{themes},Tọa đàm về bình đẳng giới trong gia đình\n",
        encoding="utf-8",
    )
    return path


# --------------------------------------------------------------------------- export, unchanged


@pytest.mark.parametrize("name", ref_edit.LISTS)
def test_export_then_load_changes_nothing(warehouse, tmp_path, name):
    before = table(warehouse, name)
    result = ref_edit.apply_list(warehouse, name, exported(warehouse, name, tmp_path), user="quantri")
    assert result.status == "loaded", [e.message for e in result.errors]
    assert (result.rows_new, result.rows_updated, result.rows_removed) == (0, 0, 0)
    assert result.rows_unchanged == result.rows_read == len(before) > 0
    assert table(warehouse, name) == before
    [(kind, file_name, loaded_by, rows_read, status)] = warehouse.execute(
        "select kind, file_name, loaded_by, rows_read, status from batches"
    ).fetchall()
    assert (kind, file_name, loaded_by, rows_read, status) == (
        f"ref_{name}",
        ref_edit.export_file_name(name),
        "quantri",
        len(before),
        "loaded",
    )


def test_export_is_vietnamese_frozen_and_formula_safe(warehouse):
    warehouse.execute("update themes set label_en = '=HYPERLINK(\"http://x\")' where code = 'y_te'")
    book = openpyxl.load_workbook(io.BytesIO(ref_edit.export_list(warehouse, "units")))
    sheet = book.active
    headers = [sheet.cell(HEADER_ROW, c).value for c in range(1, sheet.max_column + 1)]
    assert headers == [
        "Mã *",
        "Tên *",
        "Cấp *",
        "Thuộc đơn vị",
        "Hiệu lực từ",
        "Hiệu lực đến",
        "Đơn vị kế thừa",
        "Tên gọi khác",
    ]
    assert sheet.freeze_panes == "A4"
    hat_lot = row_of(sheet, "04105-cu")
    assert [sheet.cell(hat_lot, c).value for c in (2, 3, 4, 7)] == ["Thị trấn Hát Lót", "Xã", "125", "04105"]
    assert sheet.cell(hat_lot, 6).value.date().isoformat() == "2025-06-30"
    assert sheet.cell(hat_lot, 8).value.startswith("thị trấn Hát Lót; TT Hát Lót")
    themes = openpyxl.load_workbook(io.BytesIO(ref_edit.export_list(warehouse, "themes"))).active
    cell = themes.cell(row_of(themes, "y_te"), 3)
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s" and cell.quotePrefix


def test_the_original_csv_files_load_as_they_are(warehouse):
    """Canonical headers (code, label_vi…) and ISO dates, as in data/reference/, are understood too."""
    from etl import config

    for name, file_name in (
        ("org_types", "organizations.csv"),
        ("units", "units.csv"),
        ("themes", "themes.csv"),
    ):
        result = ref_edit.check_list(warehouse, name, config.REFERENCE_DIR / file_name)
        assert result.status == "valid" and result.changes == 0, (name, [e.message for e in result.errors])


def test_forgiving_csv_title_rows_semicolons_no_diacritics(warehouse, tmp_path):
    path = tmp_path / "chu_de.csv"
    rows = ["DANH MỤC CHỦ ĐỀ;", ";", "MA;TEN CHU DE"]
    rows += [
        f"{code};{label}" for code, label in warehouse.execute("select code, label_vi from themes").fetchall()
    ]
    rows += ["binh_dang_gioi;  Bình đẳng   giới "]
    path.write_bytes(to_cp1258("\n".join(rows) + "\n"))  # (Windows-1258, as old Vietnamese Windows writes)
    before = {r[0]: r for r in table(warehouse, "themes")}
    result = ref_edit.apply_list(warehouse, "themes", path, user="quantri")
    assert result.status == "loaded", [e.message for e in result.errors]
    assert (result.added, result.rows_updated, result.rows_removed) == (["binh_dang_gioi"], 0, 0)
    # Columns the file lacks (English name, other names) keep their values; a new entry has none.
    after = {r[0]: r for r in table(warehouse, "themes")}
    assert {code: after[code] for code in before} == before
    assert after["binh_dang_gioi"] == ("binh_dang_gioi", "Bình đẳng giới", None, [])
    assert Reference.load(warehouse).resolve("theme", "binh dang gioi") == "binh_dang_gioi"


# --------------------------------------------------------------------------- changes


def test_add_a_theme_then_records_use_it(warehouse, tmp_path):
    result = ref_edit.apply_list(
        warehouse, "themes", exported(warehouse, "themes", tmp_path, add_theme), user="a"
    )
    assert result.status == "loaded" and result.added == ["binh_dang_gioi"] and result.rows_new == 1
    assert result.rows_unchanged == 18 and result.rows_updated == result.rows_removed == 0
    assert Reference.load(warehouse).resolve("theme", "Bình đẳng nam nữ") == "binh_dang_gioi"
    [loaded] = load_file(warehouse, activities_csv(tmp_path), user="lan")
    assert loaded.status == "loaded", [e.message for e in loaded.errors]
    assert warehouse.execute("select theme, inferred from activity_themes").fetchall() == [
        ("binh_dang_gioi", False)
    ]


def test_a_record_naming_a_theme_not_yet_added_is_refused(warehouse, tmp_path):
    [result] = load_file(warehouse, activities_csv(tmp_path), user="lan")
    assert result.status == "rejected" and result.errors[0].code == "unknown_theme"


def test_rename_a_unit(warehouse, tmp_path):
    def rename(sheet):
        set_cell(sheet, "04126", "Tên", "Xã Mường Bon Mới")

    result = ref_edit.apply_list(warehouse, "units", exported(warehouse, "units", tmp_path, rename), user="a")
    assert result.status == "loaded" and result.updated == ["04126"] and result.rows_updated == 1
    assert result.rows_new == result.rows_removed == 0
    assert warehouse.execute("select name from units where code = '04126'").fetchall() == [
        ("Xã Mường Bon Mới",)
    ]
    assert [u.code for u in Reference.load(warehouse).unit_candidates("Mường Bon Mới")] == ["04126"]
    [loaded] = load_file(warehouse, activities_csv(tmp_path, "Tuyên truyền", "Xã Mường Bon Mới"), user="lan")
    assert loaded.status == "loaded", [e.message for e in loaded.errors]
    assert warehouse.execute("select unit from activities").fetchall() == [("04126",)]


def test_remove_an_unused_entry(warehouse, tmp_path):
    ref_edit.apply_list(warehouse, "themes", exported(warehouse, "themes", tmp_path, add_theme), user="a")
    result = ref_edit.apply_list(
        warehouse,
        "themes",
        exported(warehouse, "themes", tmp_path, lambda s: delete(s, "binh_dang_gioi"), "bo.xlsx"),
        user="a",
    )
    assert result.status == "loaded" and result.removed == ["binh_dang_gioi"] and result.rows_removed == 1
    assert warehouse.execute("select count(*) from themes where code = 'binh_dang_gioi'").fetchall() == [(0,)]
    [(batch_id, removed)] = warehouse.execute(
        "select batch_id, rows_removed from reference_batches where rows_removed > 0"
    ).fetchall()
    assert batch_id == result.batch_id and removed == 1


def test_dry_run_counts_and_changes_nothing(warehouse, tmp_path):
    before = snapshot(warehouse)
    result = ref_edit.check_list(warehouse, "themes", exported(warehouse, "themes", tmp_path, add_theme))
    assert (
        result.status == "valid"
        and result.ok
        and result.batch_id is None
        and result.added == ["binh_dang_gioi"]
    )
    assert snapshot(warehouse) == before


# --------------------------------------------------------------------------- refusals


def test_removing_a_used_code_is_refused_and_changes_nothing(warehouse, tmp_path):
    ref_edit.apply_list(warehouse, "themes", exported(warehouse, "themes", tmp_path, add_theme), user="a")
    [loaded] = load_file(warehouse, activities_csv(tmp_path), user="lan")
    assert loaded.status == "loaded"
    before = snapshot(warehouse)
    path = exported(warehouse, "themes", tmp_path, lambda s: delete(s, "binh_dang_gioi"), "bo.xlsx")
    result = ref_edit.apply_list(warehouse, "themes", path, user="a")
    assert result.status == "rejected" and not result.ok and result.error_count == 1
    [error] = result.errors
    assert (error.code, error.column, error.row) == ("in_use", "code", None)
    assert error.message == (
        "Mã 'binh_dang_gioi' (bình đẳng giới) không còn trong tệp nhưng đang được dùng (1 hoạt động); "
        "không xóa được, hãy giữ lại dòng của mã này."
    )
    assert snapshot(warehouse) == before


def test_themes_with_keyword_rules_and_units_of_accounts_are_in_use(warehouse, tmp_path):
    result = ref_edit.check_list(
        warehouse, "themes", exported(warehouse, "themes", tmp_path, lambda s: delete(s, "y_te"))
    )
    assert result.status == "rejected" and "quy tắc suy ra chủ đề" in result.errors[0].message
    accounts.add_user(warehouse, "lan", role="staff", password="mat-khau-dai-du", unit="04126", orgs=["HND"])
    result = ref_edit.check_list(
        warehouse, "units", exported(warehouse, "units", tmp_path, lambda s: delete(s, "04126"))
    )
    assert [e.code for e in result.errors] == ["in_use"] and "1 tài khoản (phạm vi)" in result.errors[
        0
    ].message
    result = ref_edit.check_list(
        warehouse, "org_types", exported(warehouse, "org_types", tmp_path, lambda s: delete(s, "HND"))
    )
    assert [e.code for e in result.errors] == ["in_use"] and "'HND' (Hội Nông dân)" in result.errors[
        0
    ].message


def test_every_problem_of_a_file_at_once_by_row(warehouse, tmp_path):
    def spoil(sheet):
        append(sheet, {"Mã": "04126", "Tên": "Xã Trùng Mã", "Cấp": "Xã", "Thuộc đơn vị": "125"})  # duplicate
        append(sheet, {"Mã": "09999", "Tên": "Xã Mới", "Cấp": "Xã", "Thuộc đơn vị": "Huyện Không Có"})
        append(sheet, {"Mã": "09998", "Tên": "Xã Mới Hai", "Cấp": "thôn", "Thuộc đơn vị": "125"})
        append(
            sheet,
            {
                "Mã": "09997",
                "Tên": "Xã Mới Ba",
                "Cấp": "Xã",
                "Thuộc đơn vị": "125",
                "Hiệu lực từ": "31/02/2024",
            },
        )
        append(sheet, {"Mã": "Mã có dấu", "Tên": "Xã Sai Mã", "Cấp": "Xã", "Thuộc đơn vị": "125"})
        append(sheet, {"Mã": "09996", "Cấp": "Xã", "Thuộc đơn vị": "125"})
        append(
            sheet,
            {
                "Mã": "09995",
                "Tên": "Xã Ngược",
                "Cấp": "Xã",
                "Thuộc đơn vị": "125",
                "Hiệu lực từ": "01/07/2025",
                "Hiệu lực đến": "30/06/2025",
            },
        )

    before = snapshot(warehouse)
    path = exported(warehouse, "units", tmp_path, spoil)
    first = openpyxl.load_workbook(path).active.max_row - 6  # the row of the duplicate
    result = ref_edit.apply_list(warehouse, "units", path, user="a")
    assert result.status == "rejected"
    got = [(e.row, e.column, e.code) for e in result.errors]
    assert got == [
        (first, "code", "duplicate_in_file"),
        (first + 1, "parent_code", "unknown_unit"),
        (first + 2, "level", "unknown_type"),
        (first + 3, "valid_from", "bad_date"),
        (first + 4, "code", "bad_code"),
        (first + 5, "name", "required"),
        (first + 6, "valid_to", "bad_date"),
    ]
    messages = [e.message for e in result.errors]
    assert (
        messages[0]
        == f"Dòng {first}, cột Mã: mã '04126' đã có ở dòng {row_of(openpyxl.load_workbook(path).active, '04126')} trong cùng tệp."
    )
    assert (
        messages[1]
        == f"Dòng {first + 1}, cột Thuộc đơn vị: 'Huyện Không Có' không phải địa bàn nào trong danh mục."
    )
    assert messages[2] == f"Dòng {first + 2}, cột Cấp: 'thôn' không có trong danh mục cấp (Tỉnh, Huyện, Xã)."
    assert messages[3].startswith(f"Dòng {first + 3}, cột Hiệu lực từ: '31/02/2024' không phải ngày hợp lệ")
    assert messages[5] == f"Dòng {first + 5}, cột Tên: chưa nhập (bắt buộc)."
    assert "trước ngày bắt đầu hiệu lực 01/07/2025" in messages[6]
    assert snapshot(warehouse) == before


def test_duplicate_code_and_a_name_of_two_entries(warehouse, tmp_path):
    def spoil(sheet):
        append(sheet, {"Mã": "KINH_TE", "Tên": "kinh tế (lần hai)"})  # the same code in another case
        append(sheet, {"Mã": "kinh_te_so", "Tên": "Kinh tế số", "Tên gọi khác": "Kinh tế"})

    result = ref_edit.check_list(warehouse, "themes", exported(warehouse, "themes", tmp_path, spoil))
    assert [(e.code, e.column) for e in result.errors] == [
        ("duplicate_in_file", "code"),
        ("duplicate_in_file", "aliases"),
    ]
    assert "'Kinh tế' đã là mã, tên hoặc tên gọi khác của 'kinh_te'" in result.errors[1].message


def test_the_top_unit_stays_and_stays_alone(warehouse, tmp_path):
    result = ref_edit.check_list(
        warehouse, "units", exported(warehouse, "units", tmp_path, lambda s: delete(s, "14"))
    )
    assert "top_unit" in [e.code for e in result.errors]
    assert any("Không được bỏ đơn vị cấp trên cùng '14' (Tỉnh Sơn La)" in e.message for e in result.errors)

    result = ref_edit.check_list(
        warehouse,
        "units",
        exported(warehouse, "units", tmp_path, lambda s: set_cell(s, "04126", "Thuộc đơn vị", None)),
    )
    assert [(e.code, e.column) for e in result.errors] == [("top_unit", "parent_code")]

    def loop(sheet):
        set_cell(sheet, "125", "Thuộc đơn vị", "04126")

    result = ref_edit.check_list(warehouse, "units", exported(warehouse, "units", tmp_path, loop))
    assert {e.code for e in result.errors} == {"unit_cycle"}


def test_org_type_founded_day(warehouse, tmp_path):
    result = ref_edit.check_list(
        warehouse,
        "org_types",
        exported(warehouse, "org_types", tmp_path, lambda s: set_cell(s, "HND", "Ngày thành lập", "31/02")),
    )
    assert [e.message for e in result.errors] == [
        f"Dòng {HEADER_ROW + 5}, cột Ngày thành lập: '31/02' không phải ngày tháng hợp lệ (viết dd/mm, ví dụ 20/10)."
    ]
    result = ref_edit.apply_list(
        warehouse,
        "org_types",
        exported(warehouse, "org_types", tmp_path, lambda s: set_cell(s, "HND", "Ngày thành lập", "04/10")),
        user="a",
    )
    assert result.updated == ["HND"]
    assert warehouse.execute("select founded from org_types where code = 'HND'").fetchall() == [("4/10",)]


def test_unreadable_and_empty_files(warehouse, tmp_path):
    empty = tmp_path / "trong.csv"
    empty.write_text("Mã,Tên\n", encoding="utf-8")
    assert [e.code for e in ref_edit.check_list(warehouse, "themes", empty).errors] == ["file_empty"]
    no_header = tmp_path / "khac.csv"
    no_header.write_text("a,b\n1,2\n", encoding="utf-8")
    assert [e.code for e in ref_edit.check_list(warehouse, "themes", no_header).errors] == ["missing_column"]
    missing = tmp_path / "thieu.csv"
    assert [e.code for e in ref_edit.check_list(warehouse, "themes", missing).errors] == ["file_unreadable"]
    with pytest.raises(ref_edit.ListError):
        ref_edit.check_list(warehouse, "bodies", empty)


# --------------------------------------------------------------------------- rollback


def test_rollback_restores_the_list_exactly(warehouse, tmp_path):
    def edit(sheet):
        set_cell(sheet, "04126", "Tên", "Xã Mường Bon Mới")
        set_cell(sheet, "04126", "Tên gọi khác", "Mường Bon Mới")
        set_cell(sheet, "04105", "Hiệu lực từ", "02/07/2025")
        delete(sheet, "04108-cu")
        append(sheet, {"Mã": "04199", "Tên": "Xã Thử Nghiệm", "Cấp": "Xã", "Thuộc đơn vị": "14"})

    before = table(warehouse, "units")
    result = ref_edit.apply_list(warehouse, "units", exported(warehouse, "units", tmp_path, edit), user="a")
    assert result.status == "loaded", [e.message for e in result.errors]
    assert (result.added, sorted(result.updated), result.removed) == (
        ["04199"],
        ["04105", "04126"],
        ["04108-cu"],
    )
    assert table(warehouse, "units") != before
    info = rollback_batch(warehouse, result.batch_id, "quantri")
    assert info == {"batch_id": result.batch_id, "kind": "ref_units", "rows_removed": 1, "rows_restored": 3}
    assert table(warehouse, "units") == before
    assert warehouse.execute("select count(*) from units_replaced").fetchall() == [(0,)]
    assert warehouse.execute("select status, rolled_back_by from batches").fetchall() == [
        ("rolled_back", "quantri")
    ]
    with pytest.raises(RollbackRefused, match="đã được hoàn tác"):
        rollback_batch(warehouse, result.batch_id, "quantri")


def test_rollback_waits_for_a_later_edit_of_the_same_list(warehouse, tmp_path):
    first = ref_edit.apply_list(
        warehouse, "themes", exported(warehouse, "themes", tmp_path, add_theme), user="a"
    )
    other = ref_edit.apply_list(
        warehouse,
        "units",
        exported(warehouse, "units", tmp_path, lambda s: set_cell(s, "04126", "Tên", "X")),
        user="a",
    )
    second = ref_edit.apply_list(
        warehouse,
        "themes",
        exported(
            warehouse, "themes", tmp_path, lambda s: set_cell(s, "y_te", "Tên", "y tế, dân số"), "hai.xlsx"
        ),
        user="a",
    )
    after_first = None
    with pytest.raises(RollbackRefused, match=f"hoàn tác lô {second.batch_id} trước"):
        rollback_batch(warehouse, first.batch_id, "a")
    rollback_batch(warehouse, second.batch_id, "a")
    after_first = table(warehouse, "themes")
    assert ("binh_dang_gioi" in {r[0] for r in after_first}) and (
        "y tế, dân số" not in {r[1] for r in after_first}
    )
    rollback_batch(warehouse, first.batch_id, "a")  # (another list's batch is no obstacle)
    assert "binh_dang_gioi" not in {r[0] for r in table(warehouse, "themes")}
    assert warehouse.execute("select name from units where code = '04126'").fetchall() == [("X",)]
    assert other.status == "loaded"


def test_rollback_refused_when_an_added_entry_is_used_since(warehouse, tmp_path):
    added = ref_edit.apply_list(
        warehouse, "themes", exported(warehouse, "themes", tmp_path, add_theme), user="a"
    )
    [loaded] = load_file(warehouse, activities_csv(tmp_path), user="lan")
    before = snapshot(warehouse)
    with pytest.raises(RollbackRefused, match="binh_dang_gioi: 1 hoạt động"):
        rollback_batch(warehouse, added.batch_id, "a")
    assert snapshot(warehouse) == before
    rollback_batch(warehouse, loaded.batch_id, "a")  # the records first, then the list
    rollback_batch(warehouse, added.batch_id, "a")
    assert "binh_dang_gioi" not in {r[0] for r in table(warehouse, "themes")}


def test_init_keeps_an_edited_list(warehouse, tmp_path):
    result = ref_edit.apply_list(
        warehouse, "themes", exported(warehouse, "themes", tmp_path, add_theme), user="a"
    )
    edited = table(warehouse, "themes")
    init_warehouse(warehouse)
    assert table(warehouse, "themes") == edited
    rollback_batch(warehouse, result.batch_id, "a")
    init_warehouse(warehouse)  # (no edit stands: the files decide again)
    assert len(table(warehouse, "themes")) == 18


# --------------------------------------------------------------------------- the dashboard and the CLI


def test_dashboard_references_and_batches_see_the_edit(db_path, tmp_path):
    from dashboard import data, db, queries, uploads
    from tests.logins import PASSWORD

    con = duckdb.connect(str(db_path))
    try:
        admin = accounts.add_user(con, "quantri", role="admin", password=PASSWORD)
        version = db.data_version(con, db_path)
        assert "binh_dang_gioi" not in data._references(str(db_path), version, _con=con).themes
        result = ref_edit.apply_list(
            con, "themes", exported(con, "themes", tmp_path, add_theme), user="quantri"
        )
        ref_edit.apply_list(
            con,
            "units",
            exported(con, "units", tmp_path, lambda s: set_cell(s, "04126", "Tên", "Xã Bon Mới")),
            user="quantri",
        )
        new_version = db.data_version(con, db_path)
        assert new_version != version
        refs = data._references(str(db_path), new_version, _con=con)
        assert refs.label("themes", "binh_dang_gioi", "vi") == "bình đẳng giới"
        assert refs.unit_name("04126") == "Xã Bon Mới"
        assert list(queries.recent_batches(con)["kind"]) == ["ref_units", "ref_themes"]
    finally:
        con.close()
    batches = uploads.list_batches(db_path, admin)
    assert list(batches["kind"]) == ["ref_units", "ref_themes"]
    assert uploads.roll_back(db_path, result.batch_id + 1, admin)["kind"] == "ref_units"


def test_cli_export_load_batches_rollback(db_path, tmp_path, capsys):
    def cli(*args: str) -> tuple[int, str, str]:
        code = main(["--db", str(db_path), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    out_file = tmp_path / "xuat" / "chu_de.xlsx"
    code, out, _ = cli("reference", "export", "themes", "--out", str(out_file))
    assert code == 0 and out_file.is_file() and "Đã ghi danh mục themes" in out
    book = openpyxl.load_workbook(out_file)
    add_theme(book.active)
    book.save(out_file)

    code, out, _ = cli("reference", "load", "themes", str(out_file), "--dry-run", "--json")
    checked = json.loads(out)
    assert code == 0 and checked["status"] == "valid" and checked["added"] == ["binh_dang_gioi"]
    assert checked["kind"] == "ref_themes" and checked["rows_unchanged"] == 18 and checked["batch_id"] is None

    code, out, _ = cli("reference", "load", "themes", str(out_file), "--user", "quantri")
    assert code == 0 and "đã nạp, lô 1 — 19 dòng: 1 mới, 0 sửa, 18 không đổi, 0 bỏ" in out
    assert "+ thêm (added): binh_dang_gioi" in out

    code, out, _ = cli("batches")
    assert code == 0 and "ref_themes" in out and "quantri" in out

    book = openpyxl.load_workbook(out_file)
    delete(book.active, "y_te")
    book.save(out_file)
    code, out, _ = cli("reference", "load", "themes", str(out_file))
    assert code == 1 and "KHÔNG NẠP — 1 lỗi" in out and "Mã 'y_te'" in out

    code, out, _ = cli("rollback", "1")
    assert code == 0 and "ref_themes" in out
    for args in (("reference", "export", "bodies", "--out", "x.xlsx"), ("reference", "load", "themes")):
        with pytest.raises(SystemExit) as exited:
            cli(*args)
        assert exited.value.code == 2


def test_batches_and_warehouse_pages_show_a_reference_batch(sample_db, tmp_path, monkeypatch):
    """The pages that list batches (an admin's) take a ``ref_*`` kind like the record kinds."""
    import shutil

    from tests.test_admin_page import logged_in

    path = tmp_path / "doanthe.duckdb"
    shutil.copy(sample_db, path)
    con = duckdb.connect(str(path))
    try:
        from tests.logins import PASSWORD

        accounts.add_user(con, "quantri", role="admin", password=PASSWORD)
        result = ref_edit.apply_list(
            con, "themes", exported(con, "themes", tmp_path, add_theme), user="quantri"
        )
        assert result.status == "loaded"
    finally:
        con.close()
    monkeypatch.setenv("DOANTHE_DB", str(path))
    at = logged_in("quantri", "batches")
    [shown] = at.dataframe
    assert "Danh mục chủ đề" in shown.value.astype(str).to_string()
    at = logged_in("quantri", "warehouse")
    assert not at.exception and not at.error


def test_the_dashboard_functions_for_the_admin_page(db_path, tmp_path, monkeypatch):
    from dashboard import uploads
    from etl import config
    from tests.logins import PASSWORD

    con = duckdb.connect(str(db_path))
    try:
        admin = accounts.add_user(con, "quantri", role="admin", password=PASSWORD)
        staff = accounts.add_user(con, "canbo", role="staff", password=PASSWORD)
        before = snapshot(con)
    finally:
        con.close()
    content, file_name = uploads.export_reference(db_path, "themes", admin)
    assert file_name == "danh_muc_chu_de.xlsx" and content.startswith(b"PK")
    book = openpyxl.load_workbook(io.BytesIO(content))
    add_theme(book.active)
    edited = io.BytesIO()
    book.save(edited)

    for call in (
        lambda: uploads.export_reference(db_path, "themes", staff),
        lambda: uploads.check_reference(db_path, "themes", "x.xlsx", edited.getvalue(), staff),
        lambda: uploads.save_reference(db_path, "themes", "x.xlsx", edited.getvalue(), None),
    ):
        with pytest.raises(uploads.NotAllowed):
            call()
    checked = uploads.check_reference(db_path, "themes", "../chủ đề.xlsx", edited.getvalue(), admin)
    assert checked.status == "valid" and checked.added == ["binh_dang_gioi"] and checked.file == "chủ đề.xlsx"
    monkeypatch.setattr(config, "MAX_FILE_BYTES_WEB", 100)
    too_large = uploads.save_reference(db_path, "themes", "x.xlsx", edited.getvalue(), admin)
    assert too_large.status == "rejected" and [e.code for e in too_large.errors] == ["file_too_large"]
    monkeypatch.undo()
    con = duckdb.connect(str(db_path))
    try:
        assert snapshot(con) == before
    finally:
        con.close()
    saved = uploads.save_reference(db_path, "themes", "chu_de.xlsx", edited.getvalue(), admin)
    assert saved.status == "loaded" and saved.batch_id is not None
    assert uploads.roll_back(db_path, saved.batch_id, admin)["kind"] == "ref_themes"

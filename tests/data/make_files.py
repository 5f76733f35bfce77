"""Builds the committed test workbooks (run: ``.venv/bin/python tests/data/make_files.py``).

The functions are also used by the tests to build variants (more title rows, a bad cell).

- ``activities_titles.xlsx``: two merged title rows and a blank row above the header (header on
  Excel row 4), an "STT" column, Excel date cells beside text dates, whole numbers as numeric cells.
- ``meetings_tasks.xlsx``: a tasks sheet first, then a meetings sheet whose ids the tasks name,
  then an empty sheet.
- ``bomb_2gib.xlsx``: a 3 KB workbook whose one sheet inflates to 2 GiB (bzip2 of spaces): what an
  upload must refuse before unpacking it.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).resolve().parent

TITLE = "BÁO CÁO KẾT QUẢ HOẠT ĐỘNG 6 THÁNG ĐẦU NĂM 2024"
SUBTITLE = "Huyện Mai Sơn, tỉnh Sơn La"

ACTIVITY_HEADER = [
    "STT",
    "Mã hoạt động",
    "Ngày",
    "Tổ chức",
    "Địa bàn",
    "Loại hoạt động",
    "Chủ đề",
    "Nội dung",
    "Số người tham gia",
    "Kinh phí (đồng)",
]
ACTIVITY_ROWS = [
    [1, "HD-X1", dt.date(2024, 6, 13), "Hội LHPN", "Xã Chiềng Sung", "Trao quà", "an_sinh",
     "Trao quà cho hộ nghèo", 50, 1500000],
    [2, "HD-X2", "14/06/2024", "Hoi LHPN", None, "Ra quân", "Môi trường",
     "Ra quân vệ sinh môi trường", 120.0, "2.500.000 đ"],
    [3, "HD-X3", dt.datetime(2024, 6, 20, 0, 0), "Đoàn Thanh niên", "Chiềng Mai", "Tuyên truyền",
     "tuyen_truyen; an_ninh_trat_tu", "Tuyên truyền pháp luật về an ninh trật tự", 80, None],
]  # fmt: skip

MEETING_HEADER = [
    "Mã hội nghị",
    "Ngày",
    "Loại hội nghị",
    "Tên hội nghị",
    "Cơ quan chủ trì",
    "Địa bàn",
    "Người chủ trì",
    "Số đại biểu",
    "Tổ chức tham dự",
]
MEETING_ROWS = [
    ["HN-2024-01", dt.date(2024, 7, 5), "Sơ kết", "Hội nghị giao ban khối dân vận 6 tháng đầu năm",
     "Thường trực Huyện ủy", "Huyện Mai Sơn", "Đ/c Bí thư Huyện ủy", 45, "MTTQ; Hội LHPN; Đoàn Thanh niên"],
]  # fmt: skip

TASK_HEADER = [
    "Mã nhiệm vụ",
    "Mã hội nghị",
    "Đơn vị thực hiện",
    "Nội dung nhiệm vụ",
    "Chủ đề",
    "Hạn hoàn thành",
    "Tình trạng",
]
TASK_ROWS = [
    ["NV-01", "HN-2024-01", "Mặt trận", "Vận động xây nhà đại đoàn kết", "an_sinh",
     dt.date(2024, 12, 31), "Đang thực hiện"],
    ["NV-02", "HN-2024-01", "Hội Nông dân", "Hỗ trợ nông dân chuyển đổi cây trồng", "kinh_te",
     "31/12/2024", "Chưa thực hiện"],
]  # fmt: skip


def write_xlsx(path: Path, sheets: dict[str, tuple[list[str], list, list[list]]], first_col: int = 0) -> Path:
    """sheets: name -> (title rows, header, data rows). Title rows are merged across the header's width;
    a title of None is a blank row. An empty header makes an empty sheet. The table starts in
    column ``first_col`` (0 is column A)."""
    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_properties({"created": dt.datetime(2024, 7, 1)})  # the same bytes on every run
    title_fmt = workbook.add_format({"bold": True, "align": "center"})
    date_fmt = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for name, (titles, header, rows) in sheets.items():
        sheet = workbook.add_worksheet(name)
        width = max(len(header), 2)
        for r, title in enumerate(titles):
            if title is not None:
                sheet.merge_range(r, first_col, r, first_col + width - 1, title, title_fmt)
        top = len(titles)
        for c, text in enumerate(header, start=first_col):
            sheet.write_string(top, c, text)
        for r, row in enumerate(rows, start=top + 1):
            for c, value in enumerate(row, start=first_col):
                if value is None:
                    continue
                if isinstance(value, dt.date | dt.datetime):
                    sheet.write_datetime(r, c, value, date_fmt)
                elif isinstance(value, str):
                    sheet.write_string(r, c, value)
                else:
                    sheet.write_number(r, c, value)
    workbook.close()
    return path


def activities_titles(path: Path, titles: list | None = None, rows: list[list] | None = None) -> Path:
    titles = [TITLE, SUBTITLE, None] if titles is None else titles
    return write_xlsx(path, {"Hoạt động": (titles, ACTIVITY_HEADER, ACTIVITY_ROWS if rows is None else rows)})


def meetings_tasks(path: Path, tasks: list[list] | None = None, meetings: list[list] | None = None) -> Path:
    return write_xlsx(
        path,
        {
            "Nhiệm vụ": (
                ["KẾT LUẬN CỦA THƯỜNG TRỰC HUYỆN ỦY"],
                TASK_HEADER,
                TASK_ROWS if tasks is None else tasks,
            ),
            "Hội nghị": ([], MEETING_HEADER, MEETING_ROWS if meetings is None else meetings),
            "Trống": ([], [], []),
        },
    )


_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
    'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
    'org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def xlsx_bomb(path: Path, gib: int = 2) -> Path:
    """A tiny workbook whose sheet inflates to ``gib`` GiB (takes ~6 s a GiB to write)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", date_time=(2024, 6, 13, 0, 0, 0))
        info.compress_type = zipfile.ZIP_BZIP2
        with archive.open(info, "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.'
            )
            sheet.write(b'org/spreadsheetml/2006/main"><sheetData>')
            block = b" " * (64 << 20)
            for _ in range(gib * 16):
                sheet.write(block)
            sheet.write(b"</sheetData></worksheet>")
    return path


def main() -> None:
    activities_titles(HERE / "activities_titles.xlsx")
    meetings_tasks(HERE / "meetings_tasks.xlsx")
    xlsx_bomb(HERE / "bomb_2gib.xlsx")


if __name__ == "__main__":
    main()

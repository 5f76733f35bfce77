"""The briefing pack over a warehouse built by the real ETL (``sample_db``): every figure in the Word
document and in the Excel workbook equals the query layer's for the same filters; the layout of an
administrative document; the scope; charts drawn by Chromium, or a note when they cannot be;
``doanthe report``; and, where LibreOffice is installed, a PDF whose pages render."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess

import duckdb
import openpyxl
import pandas as pd
import pytest
from docx import Document
from docx.shared import Pt

from dashboard import queries_ibis as q
from dashboard.filters import Filters, Scope
from dashboard.periods import Cutoff, bucket_label, parse_period
from dashboard.report import charts as report_charts
from dashboard.report import phrases as ph
from dashboard.report.model import comparison_filters
from dashboard.report.narrative import org_name
from dashboard.report.pack import build_pack
from etl import cli
from tests.conftest import SAMPLE_TODAY

FILTERS = Filters(period=parse_period("2024-H1", cutoff=Cutoff()), units=("125",))
INDICATOR_ROWS = {
    "Số hoạt động": "activities",
    "Số lượt người tham gia": "participants",
    "Số lượt người hưởng lợi": "beneficiaries",
    "Kinh phí (đồng)": "funds_vnd",
    "Số nhà xây mới, sửa chữa": "houses",
    "Kết nạp đoàn viên, hội viên mới": "new_members",
    "Tổng số đoàn viên, hội viên (cuối kỳ)": "members",
}


@pytest.fixture(scope="module")
def con(sample_db):
    c = duckdb.connect(str(sample_db), read_only=True)
    yield c
    c.close()


@pytest.fixture(scope="module")
def b(con):
    return q.backend_for(con.cursor())


@pytest.fixture(scope="module")
def pack(b):
    """The seed's case: 6 tháng đầu năm 2024, Huyện Mai Sơn, every organization, with charts."""
    return build_pack(b, FILTERS, None, today=SAMPLE_TODAY)


@pytest.fixture(scope="module")
def doc(pack):
    return Document(io.BytesIO(pack.docx))


@pytest.fixture(scope="module")
def book(pack):
    return openpyxl.load_workbook(io.BytesIO(pack.xlsx))


# ── Reading the files back ────────────────────────────────────────────────────────────────────────


def number(text: str):
    """A figure as the document writes it: "1.234" → 1234, "12,5" → 12.5, "" → None."""
    text = text.strip()
    if not text:
        return None
    if "," in text:
        return float(text.replace(".", "").replace(",", "."))
    return int(text.replace(".", ""))


def appendix(doc) -> dict[str, list[list[str]]]:
    """The appendix's tables by their title's "Biểu N" (header row first)."""
    out: dict[str, list[list[str]]] = {}
    title = None
    body = doc.element.body
    tables = {t._tbl: t for t in doc.tables}
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
            match = re.match(r"(Biểu \d+)\.", text)
            title = match.group(1) if match else (title if not text.strip() else None)
        elif tag == "tbl" and title:
            table = tables[child]
            out[title] = [[c.text for c in row.cells] for row in table.rows]
            title = None
    return out


def body_text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def sheet_rows(book, name: str) -> list[dict]:
    ws = book[name]
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, r, strict=True)) for r in rows[1:]]


# ── The query layer's figures for the same filters ────────────────────────────────────────────────


@pytest.fixture(scope="module")
def expected(b):
    fc, _ = comparison_filters(FILTERS, SAMPLE_TODAY)
    k = q.kpis(b, FILTERS, None, today=SAMPLE_TODAY).iloc[0].to_dict()
    monthly = dataclasses.replace(FILTERS, grain="month")
    ly = fc.period.same_period_last_year()
    return {
        "kpis": k,
        "by_org": q.by_org(b, fc, None),
        "by_unit": q.by_unit(b, fc, None),
        "themes": q.theme_matrix(b, FILTERS, None).groupby("theme")["activities"].sum(),
        "themes_ly": q.theme_matrix(b, dataclasses.replace(FILTERS, period=ly), None)
        .groupby("theme")["activities"]
        .sum(),
        "trend": q.trend(b, monthly, None, indicator="activities", by=None),
        "targets": q.targets_progress(b, FILTERS, None, today=SAMPLE_TODAY),
        "tasks_prev": q.tasks_overview(
            b, dataclasses.replace(FILTERS, period=FILTERS.period.previous()), None, today=SAMPLE_TODAY
        ),
        "tasks_cur": q.tasks_overview(b, FILTERS, None, today=SAMPLE_TODAY),
    }


def targets_by_org(df):
    known = df[df["actual"].notna()].copy()
    known["actual"] = known["actual"].astype("int64")
    return known.groupby(["org", "indicator"])[["target", "actual"]].sum()


# ── The Word document ─────────────────────────────────────────────────────────────────────────────


def test_document_is_an_administrative_document(doc, pack):
    section = doc.sections[0]

    def mm(length) -> int:  # Word keeps lengths in twips
        return round(length.mm)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (20, 20)
    assert (mm(section.left_margin), mm(section.right_margin)) == (30, 15)
    normal = doc.styles["Normal"].font
    assert (normal.name, normal.size) == ("Times New Roman", Pt(14))
    heading = doc.tables[0]
    left, right = (c.text for c in heading.rows[0].cells)
    assert "ỦY BAN MTTQ VIỆT NAM HUYỆN MAI SƠN" in left and "BAN THƯỜNG TRỰC" in left and "/BC-MTTQ" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Độc lập - Tự do - Hạnh phúc" in right
    assert "Mai Sơn, ngày 26 tháng 11 năm 2026" in right
    text = body_text(doc)
    for heading_text in (
        "BÁO CÁO",
        "I. Kết quả đạt được",
        "II. Hạn chế, khó khăn",
        "III. Nhiệm vụ trọng tâm 6 tháng cuối năm 2024",
    ):
        assert heading_text in [p.text for p in doc.paragraphs]
    assert "Sơ kết công tác Mặt trận và các tổ chức chính trị - xã hội huyện 6 tháng đầu năm 2024" in text
    assert "DỮ LIỆU MẪU" in text  # the sample warehouse says so
    assert (
        text.index("I. Kết quả đạt được")
        < text.index("II. Hạn chế")
        < text.index("III. Nhiệm vụ")
        < text.index("PHỤ LỤC")
    )
    closing = doc.tables[1]
    assert (
        "Nơi nhận:" in closing.rows[0].cells[0].text
        and "TM. BAN THƯỜNG TRỰC" in closing.rows[0].cells[1].text
    )
    landscape = doc.sections[-1]
    assert mm(landscape.page_width) == 297
    for p in doc.paragraphs[:60]:
        for run in p.runs:
            assert run.font.name in (None, "Times New Roman")


def test_sentences_carry_the_query_layers_figures(doc, expected):
    k = expected["kpis"]
    text = body_text(doc)
    assert (
        f"đã tổ chức {ph.num(k['activities'])} hoạt động, "
        f"{ph.change(k['activities'], k['activities_last_year'], pct_value=k['activities_change_pct'])}"
    ) in text
    assert f"thu hút {ph.num(k['participants'])} lượt người tham gia" in text
    assert f"tổng kinh phí vận động, hỗ trợ {ph.money(k['funds_vnd'])}" in text
    assert f"là {ph.num(k['members'])} người" in text
    bullets = [p.text for p in doc.paragraphs if p.text.startswith("- ")]
    for r in expected["by_org"].itertuples():
        start = f"- {org_name_for(r.org)}:"
        [line] = [x for x in bullets if x.startswith(start)]
        if r.activities:
            assert f"tổ chức {ph.num(r.activities)} hoạt động (" in line
        else:
            assert "chưa ghi nhận hoạt động nào" in line
    cur = expected["tasks_cur"]
    seed = cur[(cur["meeting_id"] == "HN-2024-06-13") & cur["task_id"].notna()]
    assert len(seed) > 0
    assert (
        f"Tại Hội nghị giao ban ngày 13/06/2024, Thường trực Huyện ủy đã kết luận, giao {ph.num(len(seed))} nhiệm vụ"
        in text
    )


def org_name_for(code: str) -> str:
    names = {
        "MTTQ": "Ủy ban Mặt trận Tổ quốc Việt Nam huyện",
        "LDLD": "Liên đoàn Lao động huyện",
        "HLHPN": "Hội Liên hiệp Phụ nữ huyện",
        "DTN": "Huyện đoàn",
        "HND": "Hội Nông dân huyện",
        "HCCB": "Hội Cựu chiến binh huyện",
        "HLHTN": "Hội Liên hiệp Thanh niên Việt Nam huyện",
    }
    return names[code]


def test_org_names_at_the_district_level(pack):
    assert org_name(pack.report, "DTN") == "Huyện đoàn"
    assert org_name(pack.report, "HLHPN") == "Hội Liên hiệp Phụ nữ huyện"


def test_appendix_tables_equal_the_query_layer(doc, expected, pack):
    t = appendix(doc)
    k = expected["kpis"]
    rows = t["Biểu 1"][1:]
    assert [r[0] for r in rows] == list(INDICATOR_ROWS)
    for label, now, last, change in rows:
        ind = INDICATOR_ROWS[label]
        assert number(now) == k[ind] and number(last) == k[f"{ind}_last_year"]
        if k[f"{ind}_change_pct"] is None:
            assert change == ""
        else:
            assert number(change) == pytest.approx(k[f"{ind}_change_pct"], abs=0.051)

    by_org = expected["by_org"].set_index("label_vi")
    for row in t["Biểu 2"][1:]:
        e = by_org.loc[row[1]]
        assert number(row[0]) == e["rank"]
        assert [number(v) for v in row[2:4]] == [e["activities"], e["activities_last_year"]]
        assert [number(v) for v in row[5:10]] == [
            e["participants"],
            e["beneficiaries"],
            e["funds_vnd"],
            e["houses"],
            e["new_members"],
        ]
        assert number(row[10]) == (None if pd.isna(e["members"]) else e["members"])
    assert len(t["Biểu 2"]) - 1 == len(by_org)

    by_unit = expected["by_unit"].set_index("unit")
    assert len(t["Biểu 3"]) - 1 == len(by_unit)
    for row in t["Biểu 3"][1:]:
        e = by_unit.loc[row[1]]
        assert row[0] == e["unit_name"]
        assert [number(v) for v in (row[3], row[4], row[6], row[7], row[8], row[9])] == [
            e["activities"],
            e["activities_last_year"],
            e["participants"],
            e["beneficiaries"],
            e["funds_vnd"],
            e["new_members"],
        ]

    labels = {label: code for code, label in pack.report.labels.themes.items()}
    for row in t["Biểu 4"][1:]:
        code = labels[row[0]]
        assert number(row[1]) == int(expected["themes"].get(code, 0))
        assert number(row[2]) == int(expected["themes_ly"].get(code, 0))

    trend = expected["trend"]
    assert [r[0] for r in t["Biểu 5"][1:]] == [
        bucket_label(s.date(), "month", "vi") for s in trend["bucket_start"]
    ]
    assert [number(r[1]) for r in t["Biểu 5"][1:]] == list(trend["value"])
    assert [number(r[2]) for r in t["Biểu 5"][1:]] == list(trend["last_year"])

    agg = targets_by_org(expected["targets"])
    shown = t["Biểu 6"][1:]
    assert len(shown) == len(agg)
    assert sum(number(r[2]) for r in shown) == int(agg["target"].sum())
    assert sum(number(r[3]) for r in shown) == int(agg["actual"].sum())

    for key, title in (("tasks_prev", "Biểu 7"), ("tasks_cur", "Biểu 8")):
        tasks = expected[key][expected[key]["task_id"].notna()]
        rows = t[title][1:]
        assert len(rows) == len(tasks)
        assert sorted(number(r[-1]) or 0 for r in rows) == sorted(int(d) for d in tasks["days_late"])


def test_lagging_targets_in_the_text_are_the_targets_pages(doc, pack, expected):
    agg = targets_by_org(expected["targets"])
    expected_percent = float(expected["targets"]["expected_percent"].iloc[0])
    lagging = [
        (org, ind, int(r.target), int(r.actual))
        for (org, ind), r in agg.iterrows()
        if r.target > 0 and r.actual * 100.0 / r.target < expected_percent
    ]
    assert lagging, "the sample has targets behind the year's pace"
    worst = min(lagging, key=lambda x: (x[3] / x[2], x[0], x[1]))
    org, ind, target, actual = worst
    amount = ph.money if ind == "funds_vnd" else ph.num
    words = f"{ph.INDICATOR_TOPIC[ind]} của {pack.report.labels.short(org)} chỉ đạt {ph.pct(actual * 100 / target, 0)} ({amount(actual)}/{amount(target)})"
    assert words in body_text(doc)


# ── The Excel workbook ────────────────────────────────────────────────────────────────────────────


def test_workbook_sheets_equal_the_query_layer(book, expected):
    assert book.sheetnames[0] == "Thông tin"
    assert book.sheetnames[1:] == [
        "Chỉ số chung",
        "Theo tổ chức",
        "Theo địa bàn",
        "Theo chủ đề",
        "Theo tháng",
        "Chỉ tiêu theo tổ chức",
        "Chỉ tiêu chi tiết",
        "Nhiệm vụ kỳ trước",
        "Nhiệm vụ trong kỳ",
    ]
    for name in book.sheetnames[1:]:
        ws = book[name]
        assert ws.freeze_panes == "A2", name
        assert all(isinstance(c.value, str) for c in ws[1]), name
    k = expected["kpis"]
    for row in sheet_rows(book, "Chỉ số chung"):
        ind = INDICATOR_ROWS[row["Chỉ số"]]
        assert row["6 tháng đầu năm 2024"] == k[ind]
        assert row["Cùng kỳ năm trước"] == k[f"{ind}_last_year"]
        if k[f"{ind}_change_pct"] is not None:
            assert row["So với cùng kỳ (%)"] == pytest.approx(k[f"{ind}_change_pct"])
    ws = book["Chỉ số chung"]
    assert ws["B2"].number_format == "#,##0" and ws["D2"].number_format == "0.0"

    by_org = expected["by_org"].set_index("label_vi")
    rows = sheet_rows(book, "Theo tổ chức")
    assert len(rows) == len(by_org)
    for row in rows:
        e = by_org.loc[row["Tổ chức"]]
        assert (row["Số hoạt động"], row["Cùng kỳ (số hoạt động)"], row["Kinh phí (đồng)"]) == (
            e["activities"],
            e["activities_last_year"],
            e["funds_vnd"],
        )
    by_unit = expected["by_unit"].set_index("unit")
    for row in sheet_rows(book, "Theo địa bàn"):
        assert row["Số hoạt động"] == by_unit.loc[row["Mã"], "activities"]
    detail = expected["targets"]
    rows = sheet_rows(book, "Chỉ tiêu chi tiết")
    assert len(rows) == len(detail)
    assert sum(r["Chỉ tiêu"] for r in rows) == int(detail["target"].sum())
    trend = expected["trend"]
    assert [r["Số hoạt động"] for r in sheet_rows(book, "Theo tháng")] == list(trend["value"])
    tasks = expected["tasks_cur"]
    rows = sheet_rows(book, "Nhiệm vụ trong kỳ")
    assert len(rows) == int(tasks["task_id"].notna().sum())
    assert {r["Nội dung nhiệm vụ"] for r in rows} == set(tasks["description"].dropna())


def test_workbook_cells_cannot_run_as_formulas():
    from dashboard.report.narrative import Narrative
    from dashboard.report.tables import Column, Table
    from dashboard.report.xlsx_writer import write_xlsx

    n = Narrative("", "X", "Số: /BC-X", "", "BÁO CÁO", "Thử", None, (), (), (), "", "", "", "")
    table = Table(
        "t", "Biểu", "Thử", (Column("Nội dung"), Column("Số", "int")), (("=1+2", 5), ("@SUM(A1)", 6))
    )
    book = openpyxl.load_workbook(io.BytesIO(write_xlsx(n, [table], [("Kỳ", "+84 912")])))
    ws = book["Thử"]
    assert ws["A2"].value == "=1+2" and ws["A2"].data_type == "s" and ws["A2"].quotePrefix
    assert ws["A3"].data_type == "s" and ws["B3"].value == 6
    assert book["Thông tin"]["B3"].data_type == "s"


# ── Scope ─────────────────────────────────────────────────────────────────────────────────────────


def test_a_restricted_scope_reports_only_what_it_may_see(b):
    f = Filters(period=FILTERS.period)  # asks for everything
    scope = Scope(orgs={"HLHPN"}, units={"04129"})
    pack = build_pack(b, f, scope, today=SAMPLE_TODAY, draw_charts=False)
    assert pack.report.orgs_selected == ("HLHPN",)
    assert pack.report.place.name == "Xã Chiềng Chung"
    k = q.kpis(b, f, scope, today=SAMPLE_TODAY).iloc[0]
    doc = Document(io.BytesIO(pack.docx))
    t = appendix(doc)
    assert number(t["Biểu 1"][1][1]) == k["activities"]
    assert [r[1] for r in t["Biểu 2"][1:]] == ["Hội Liên hiệp Phụ nữ"]
    assert {r[1] for r in t["Biểu 3"][1:]} <= {"04129"}
    text = body_text(doc)
    assert "Hội Liên hiệp Phụ nữ xã Chiềng Chung" in text
    assert (
        "Hội Nông dân" not in text
        and "Mặt trận Tổ quốc" not in text.split("Nơi nhận")[0].split("Thực hiện chương trình")[1]
    )
    nothing = build_pack(
        b, f, Scope(orgs=frozenset(), units=frozenset()), today=SAMPLE_TODAY, draw_charts=False
    )
    assert nothing.report.kpis["activities"] == 0
    assert "chưa ghi nhận hoạt động nào" in body_text(Document(io.BytesIO(nothing.docx)))


# ── Charts ────────────────────────────────────────────────────────────────────────────────────────


def test_charts_are_drawn_as_images_in_the_appendix(pack, doc):
    if report_charts.browser_path() is None:
        pytest.skip("no Chromium here: the charts cannot be drawn")
    assert pack.chart_error is None
    charts = report_charts.figures(pack.report)
    assert [c.key for c in charts] == ["trend", "orgs", "themes", "targets"]
    assert pack.charts_drawn == len(charts) == len(doc.inline_shapes)
    text = body_text(doc)
    assert "Hình 1. Số hoạt động theo tháng, so với cùng kỳ năm trước" in text


def test_without_chromium_the_report_has_its_tables_and_a_note(b, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/khong/co/chromium")
    pack = build_pack(b, FILTERS, None, today=SAMPLE_TODAY)
    assert pack.chart_error and "Chromium" in pack.chart_error
    doc = Document(io.BytesIO(pack.docx))
    assert len(doc.inline_shapes) == 0
    notes = [p.text for p in doc.paragraphs if p.text.startswith("(Biểu đồ chưa được vẽ")]
    assert len(notes) == len(report_charts.figures(pack.report))
    assert "Biểu 1" in appendix(doc)


def test_a_broken_chromium_leaves_a_note_too(b, monkeypatch, tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(fake))
    report = build_pack(b, FILTERS, None, today=SAMPLE_TODAY, draw_charts=False).report
    rendered = report_charts.render(report_charts.figures(report), timeout=20)
    assert rendered.images == {} and rendered.error


# ── doanthe report ────────────────────────────────────────────────────────────────────────────────


def test_cli_writes_one_docx_and_one_xlsx(sample_db, tmp_path, capsys):
    out = tmp_path / "baocao"
    code = cli.main(
        [
            "--db",
            str(sample_db),
            "report",
            "--period",
            "2024-H1",
            "--unit",
            "Huyện Mai Sơn",
            "--out",
            str(out),
            "--date",
            "26/11/2026",
            "--no-charts",
        ]
    )
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == ["bao_cao_2024-H1_125.docx", "bao_cao_2024-H1_125.xlsx"]
    doc = Document(str(out / "bao_cao_2024-H1_125.docx"))
    assert "Mai Sơn, ngày 26 tháng 11 năm 2026" in doc.tables[0].rows[0].cells[1].text
    assert "bao_cao_2024-H1_125.docx" in capsys.readouterr().out


@pytest.mark.parametrize(
    "period", ["2024-H1", "2024-Q2", "2024-9M", "2024", "2024-06", "2024-01-01..2024-06-30"]
)
def test_cli_reads_every_period_form(sample_db, tmp_path, period):
    code = cli.main(
        [
            "--db",
            str(sample_db),
            "report",
            "--period",
            period,
            "--org",
            "HLHPN",
            "--out",
            str(tmp_path),
            "--no-charts",
        ]
    )
    assert code == 0
    assert len(list(tmp_path.glob("*.docx"))) == 1 and len(list(tmp_path.glob("*.xlsx"))) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2024-H3"], "Kỳ báo cáo '2024-H3' không hợp lệ"),
        (["--period", "H1-2024"], "Kỳ báo cáo 'H1-2024' không hợp lệ"),
        (["--period", "2024-02-30..2024-06-30"], "không phải ngày hợp lệ"),
        (["--period", "2024-H1", "--unit", "Mai Sơn"], "khớp nhiều đơn vị"),
        (["--period", "2024-H1", "--unit", "Atlantis"], "Địa bàn 'Atlantis' không có trong danh mục"),
        (["--period", "2024-H1", "--org", "Hội XYZ"], "Tổ chức 'Hội XYZ' không có trong danh mục"),
        (["--period", "2024-H1", "--date", "31/02/2024"], "Ngày lập báo cáo '31/02/2024' không hợp lệ"),
    ],
)
def test_cli_usage_errors_exit_2_in_vietnamese(sample_db, tmp_path, capsys, args, message):
    out = tmp_path / "out"
    assert cli.main(["--db", str(sample_db), "report", *args, "--out", str(out), "--no-charts"]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_cli_without_a_warehouse_exits_1(tmp_path, capsys):
    assert (
        cli.main(
            ["--db", str(tmp_path / "none.duckdb"), "report", "--period", "2024", "--out", str(tmp_path)]
        )
        == 1
    )
    assert "Chưa có kho dữ liệu" in capsys.readouterr().err


# ── PDF, where LibreOffice is installed ───────────────────────────────────────────────────────────


def test_document_converts_to_a_pdf_whose_pages_render(pack, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    source = tmp_path / "bao_cao.docx"
    source.write_bytes(pack.docx)
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "bao_cao.pdf"
    assert pdf.is_file() and pdf.stat().st_size > 10_000
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Hạn chế, khó khăn" in text
    if shutil.which("pdftoppm"):
        from PIL import Image

        subprocess.run(
            ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "page")],
            check=True,
        )
        pages = sorted(tmp_path.glob("page-*.png"))
        assert len(pages) == 2
        for page in pages:
            image = Image.open(page).convert("L")
            dark = sum(image.histogram()[:128])
            assert dark > 500, f"{page.name} looks blank"


def test_chart_images_are_pngs(pack, doc):
    if report_charts.browser_path() is None or pack.chart_error:
        pytest.skip("no Chromium here")
    images = [rel.target_part.blob for rel in doc.part.rels.values() if rel.reltype.endswith("/image")]
    assert len(images) == pack.charts_drawn
    assert all(png[:8] == b"\x89PNG\r\n\x1a\n" for png in images)

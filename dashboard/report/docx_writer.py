"""The report as a Word document laid out as a Vietnamese administrative document.

Layout after Nghị định 30/2020/NĐ-CP (Phụ lục I): A4 portrait, margins top and bottom 20 mm,
left 30 mm, right 15 mm; Times New Roman, body 14 pt, justified, first line indented, 6 pt between
paragraphs; the page number at the top centre from the second page on; the two-column heading —
the governing and issuing bodies (upper case, the latter bold, a short rule under it) and the
document number on the left, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc"
(with a rule under it) and the place and date (italic) on the right; the title "BÁO CÁO" and its
subject in bold; the body; recipients ("Nơi nhận:") and the signature block. The appendix of tables
and charts follows in a landscape A4 section. No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from dashboard.report import phrases as ph
from dashboard.report.charts import WIDTH, Chart, Rendered
from dashboard.report.narrative import Narrative
from dashboard.report.tables import Table

__all__ = ["FONT", "MARGINS_MM", "write_docx"]

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 11
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
A4_MM = (210, 297)
FIRST_LINE = Cm(1.0)
_XML_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text) -> str:
    """Text as Word can hold it (XML forbids most control characters)."""
    return _XML_BAD.sub("", "" if text is None else str(text))


def _set_font(run, size: float | None = None, *, bold=None, italic=None) -> None:
    run.font.name = FONT
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic


def _para(
    container,
    text: str = "",
    *,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent=FIRST_LINE,
    before: float = 0,
    after: float = 6,
    line: float | None = 1.15,
    keep_next: bool = False,
):
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = indent
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if line is not None:
        fmt.line_spacing = line
    fmt.keep_with_next = keep_next
    if text:
        _set_font(p.add_run(_clean(text)), size, bold=bold, italic=italic)
    return p


def _rule(container, *, indent_cm: float, after: float = 0):
    """A short horizontal rule: an empty, tiny paragraph whose bottom border is narrowed by indents
    (as the rules under the issuing body, the motto and the title)."""
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.left_indent = Cm(indent_cm)
    fmt.right_indent = Cm(indent_cm)
    fmt.first_line_indent = None
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(after)
    fmt.line_spacing = 1.0
    ppr = p._p.get_or_add_pPr()
    mark = OxmlElement("w:rPr")  # the paragraph mark's size sets the empty line's height: 4 pt
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "8")
    mark.append(size)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    ppr.append(borders)
    ppr.append(mark)
    return p


def _set_widths(table, widths) -> None:
    """Column widths that Word and LibreOffice both keep: the grid, every cell, a fixed layout."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    for grid_col, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid_col.w = width
    for tr in table._tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, widths, strict=True):
            tc.width = width


TABLE_STYLE = "Bảng số liệu"


def _table_style(doc) -> None:
    """The paragraph style of table cells: Times New Roman 11 pt, single spacing, nothing after."""
    from docx.enum.style import WD_STYLE_TYPE

    style = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.font.size = Pt(TABLE_PT)
    fmt = style.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    fmt.first_line_indent = None


def _fill_tc(tc, text: str, align: str, style_id: str, *, bold: bool = False) -> None:
    """One table cell's text in its (only) paragraph, in the table style."""
    p = tc.find(qn("w:p"))
    ppr = OxmlElement("w:pPr")
    style = OxmlElement("w:pStyle")
    style.set(qn("w:val"), style_id)
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), align)
    ppr.append(style)
    ppr.append(jc)
    p.insert(0, ppr)
    text = _clean(text)
    if not text:
        return
    run = OxmlElement("w:r")
    if bold:
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:b"))
        run.append(rpr)
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    p.append(run)


def _shade_tc(tc, fill: str) -> None:
    tc_pr = tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _cell_paragraph(cell, text: str, **kw):
    """The cell's first paragraph (python-docx makes one) for the first text, new ones after."""
    if len(cell.paragraphs) == 1 and not cell.paragraphs[0].text and not cell.paragraphs[0].runs:
        p = cell.paragraphs[0]
        p._p.getparent().remove(p._p)
    return _para(cell, text, **kw)


def _page_number_header(section) -> None:
    """The page number, centred at the top, from the second page on."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    _set_font(run, BODY_PT)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def _setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_PT)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    rpr.append(lang)
    _page_number_header(section)


def _heading_block(doc, n: Narrative) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_widths(table, (Cm(6.5), Cm(10.0)))
    left, right = table.rows[0].cells
    center = {"align": WD_ALIGN_PARAGRAPH.CENTER, "indent": None, "after": 0, "line": 1.0}
    if n.issuer_parent:
        _cell_paragraph(left, n.issuer_parent, size=13, **center)
    _cell_paragraph(left, n.issuer, size=13, bold=True, **center)
    _rule(left, indent_cm=2.2)
    _para(left, n.number, size=13, before=6, **center)
    _cell_paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, **center)
    _para(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, **center)
    _rule(right, indent_cm=2.1)
    _para(right, n.date_line, size=14, italic=True, before=6, **center)


def _title(doc, n: Narrative) -> None:
    center = {"align": WD_ALIGN_PARAGRAPH.CENTER, "indent": None, "line": 1.0}
    _para(doc, n.title, size=14, bold=True, before=18, after=0, **center)
    _para(doc, n.subtitle, size=14, bold=True, after=0, **center)
    _rule(doc, indent_cm=6.0, after=6)
    if n.notice:
        p = _para(doc, "", after=6, **center)
        run = p.add_run(_clean(n.notice))
        _set_font(run, 12, bold=True, italic=True)
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    _para(doc, "", after=0, line=1.0, indent=None)


def _body(doc, n: Narrative) -> None:
    for block in n.blocks:
        if block.kind == "heading1":
            _para(doc, block.text, bold=True, before=6, keep_next=True)
        elif block.kind == "heading2":
            _para(doc, block.text, bold=True, italic=False, keep_next=True)
        else:
            _para(doc, block.text)


def _closing(doc, n: Narrative) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _set_widths(table, (Cm(7.5), Cm(9.0)))
    left, right = table.rows[0].cells
    plain = {"align": WD_ALIGN_PARAGRAPH.LEFT, "indent": None, "after": 0, "line": 1.0}
    _cell_paragraph(left, "Nơi nhận:", size=12, bold=True, italic=True, before=12, **plain)
    for item in n.recipients:
        _para(left, item, size=11, **plain)
    center = {"align": WD_ALIGN_PARAGRAPH.CENTER, "indent": None, "after": 0, "line": 1.0}
    first = True
    for line in n.signature:
        if first:
            _cell_paragraph(right, line, size=14, bold=True, before=12, **center)
            first = False
        else:
            _para(right, line, size=14, bold=True, **center)
    for _ in range(4):
        _para(right, "", **center)
    _para(
        right, n.signer or "(Ký, ghi rõ họ tên)", size=14, bold=bool(n.signer), italic=not n.signer, **center
    )


def _landscape_section(doc):
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(A4_MM[1]), Mm(A4_MM[0])
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    return section


def _cell_text(value, kind: str) -> str:
    if ph.is_missing(value):
        return ""
    if kind in ("int", "money"):
        return ph.num(value)
    if kind == "pct":
        return ph.decimal(value, 1)
    if kind == "date":
        return ph.vn_date(value)
    return _clean(value)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _table(doc, t: Table, width_cm: float) -> None:
    _para(doc, t.title, bold=True, size=13, before=12, after=4, indent=None, keep_next=True)
    if not t.rows:
        _para(doc, "Không có số liệu.", italic=True, size=12, indent=None)
        return
    shown = t.docx_columns if t.docx_columns is not None else tuple(range(len(t.columns)))
    columns = [t.columns[i] for i in shown]
    table = doc.add_table(rows=1 + len(t.rows), cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(c.width for c in columns)
    widths = [Cm(width_cm * c.width / total) for c in columns]
    _set_widths(table, widths)
    _repeat_header(table.rows[0])
    # Cells are written at the XML level: python-docx's per-cell API costs seconds on a few
    # hundred rows. Font and spacing come from the "Bảng" paragraph style.
    style_id = doc.styles[TABLE_STYLE].style_id
    trs = table._tbl.tr_lst
    for tc, col in zip(trs[0].tc_lst, columns, strict=True):
        _shade_tc(tc, "E7EEF7")
        _fill_tc(tc, col.header, "center", style_id, bold=True)
    for tr, values in zip(trs[1:], t.rows, strict=True):
        for tc, col, value in zip(tr.tc_lst, columns, (values[i] for i in shown), strict=True):
            align = {"text": "left", "date": "center"}.get(col.kind, "right")
            _fill_tc(tc, _cell_text(value, col.kind), align, style_id)
    if t.note:
        _para(doc, t.note, italic=True, size=11, indent=None, before=2)


def _appendix(doc, n: Narrative, tables: list[Table], charts: list[Chart], rendered: Rendered) -> None:
    section = _landscape_section(doc)
    width_cm = (section.page_width - section.left_margin - section.right_margin) / 360000
    center = {"align": WD_ALIGN_PARAGRAPH.CENTER, "indent": None, "after": 0, "line": 1.0}
    _para(doc, n.appendix_title, size=14, bold=True, **center)
    _para(doc, n.appendix_subtitle, size=13, italic=True, **center)
    _para(doc, n.scope_line, size=12, italic=True, before=4, **{**center, "after": 6})
    for t in tables:
        if t.in_docx:
            _table(doc, t, width_cm)
    if charts:
        p = _para(doc, "", indent=None)
        p.add_run().add_break(WD_BREAK.PAGE)
        _para(doc, "Biểu đồ", size=14, bold=True, **center)
    for i, c in enumerate(charts, start=1):
        _para(
            doc, f"Hình {i}. {c.title}", bold=True, size=13, before=10, after=4, indent=None, keep_next=True
        )
        image = rendered.images.get(c.key)
        if image:
            p = _para(doc, "", align=WD_ALIGN_PARAGRAPH.CENTER, indent=None, line=1.0)
            width = min(22.0, 15.0 * WIDTH / c.height)
            p.add_run().add_picture(io.BytesIO(image), width=Cm(width))
        else:
            reason = rendered.error or "không vẽ được biểu đồ"
            _para(
                doc,
                f"(Biểu đồ chưa được vẽ: {reason}. Số liệu của biểu đồ xem tại các biểu ở trên và trong tệp Excel kèm theo.)",
                italic=True,
                size=12,
                indent=None,
            )


def write_docx(
    n: Narrative,
    tables: list[Table],
    charts: list[Chart],
    rendered: Rendered,
    *,
    created: dt.date | None = None,
) -> bytes:
    """The .docx file's bytes."""
    doc = Document()
    _setup(doc)
    props = doc.core_properties
    props.title = _clean(f"{n.title} {n.subtitle}")
    props.author = "doanthe"
    props.language = "vi-VN"
    if created is not None:
        when = dt.datetime(created.year, created.month, created.day)
        props.created = when
        props.modified = when
    _table_style(doc)
    _heading_block(doc, n)
    _title(doc, n)
    _body(doc, n)
    _closing(doc, n)
    _appendix(doc, n, tables, charts, rendered)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

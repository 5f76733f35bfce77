"""The briefing pack: a Word report ("báo cáo sơ kết") and an Excel workbook for any period.

``build_pack(backend, filters, scope, today=…)`` builds the report's model from the query layer
(:mod:`dashboard.report.model`), writes its text (:mod:`~dashboard.report.narrative`), draws the
charts (:mod:`~dashboard.report.charts`) and lays out the .docx and .xlsx
(:mod:`~dashboard.report.docx_writer`, :mod:`~dashboard.report.xlsx_writer`). No Streamlit here.
"""

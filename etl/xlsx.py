"""XLSX files that are safe to open: what every workbook doanthe writes starts from.

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return could be read
as a formula (CSV/XLSX injection). Workbooks made by :func:`workbook` never turn a string into a
formula, a link or a number by themselves; writers give such cells Excel's "quote prefix" as well
(:func:`is_dangerous`), so that editing the cell keeps it text. The shared header styles keep
templates, lists and reports looking alike.
"""

from __future__ import annotations

import io

import xlsxwriter

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

TITLE = {"bold": True, "font_size": 14}
NOTE = {"italic": True, "font_color": "#555555"}
HEADER = {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "vcenter"}
REQUIRED_HEADER = {**HEADER, "bg_color": "#FCE4D6"}


def is_dangerous(text: object) -> bool:
    """Whether a spreadsheet could take this text for a formula."""
    return isinstance(text, str) and text.startswith(DANGEROUS_PREFIXES)


def workbook(buffer: io.BytesIO, **options: bool) -> xlsxwriter.Workbook:
    """A workbook written into ``buffer`` in which no string becomes a formula, link or number.

    ``options`` add to (or replace) the defaults, e.g. ``constant_memory=True`` for long files.
    """
    settings = {
        "in_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "nan_inf_to_errors": False,
    }
    settings.update(options)
    if settings.get("constant_memory"):
        settings.pop("in_memory")
    return xlsxwriter.Workbook(buffer, settings)

"""Dữ liệu — the filtered activity records, a page at a time, and their download.

The screen, top to bottom: a heading and the period; the sort order, rows per page and page
number (sorting and paging run in the engine, through ``queries_ibis.records``); how many records
match; the table, with labels for codes (organization, unit, activity type, themes) and record
text shown as text, never as markdown or HTML; download buttons for CSV and XLSX of all the
filtered records in the chosen order (at most ``data.EXPORT_LIMIT`` rows, saying so when cut).
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from dashboard import auth, data, export, state
from dashboard import queries_ibis as q
from dashboard.i18n import fmt_date, fmt_int, t

# ── Constants ────────────────────────────────────────────────────────────────────────────────────

PAGE_SIZES = (25, 50, 100, 200)
SORT_KEYS = ("date", "org", "unit", "activity_type", "activity_id", "title", *q.SORTABLE[6:])
SHOWN = (
    "date",
    "org",
    "title",
    "unit",
    "activity_type",
    "themes",
    "participants",
    "beneficiaries",
    "funds_vnd",
    "new_members",
    "notes",
    "activity_id",
)
NUMBERS = ("participants", "beneficiaries", "funds_vnd", "new_members")
# The table's own view in the URL beside the filters, so a copied link opens the same page of it.
VIEW_PARAMS = {"rec_sort": "sort", "rec_desc": "desc", "rec_size": "size", "rec_page": "page"}


# ── Loaders ──────────────────────────────────────────────────────────────────────────────────────


def load_page(src, f, scope, sort: str, size: int, page: int) -> q.RecordPage:
    return data.records(src, f, scope, sort=sort, limit=size, offset=(page - 1) * size)


# ── Tables ───────────────────────────────────────────────────────────────────────────────────────


def _themes(values, inferred, refs: data.References, lang: str) -> str:
    if values is None or (not isinstance(values, (list, tuple)) and not hasattr(values, "tolist")):
        return ""
    items = values.tolist() if hasattr(values, "tolist") else list(values)
    text = "; ".join(refs.label("themes", v, lang) for v in items)
    return f"{text} {t('records.inferred', lang)}" if text and inferred is True else text


def labelled(rows: pd.DataFrame, refs: data.References, lang: str, *, for_screen: bool) -> pd.DataFrame:
    """The records with labels for codes and translated headers. On screen, numbers and dates are
    formatted for the language; in a download they stay numbers and dates."""
    out = {}
    for col in SHOWN:
        if col == "date":
            out[t("col.date", lang)] = (
                [fmt_date(v, lang) for v in rows["date"]]
                if for_screen
                else pd.to_datetime(rows["date"]).dt.date
            )
        elif col == "org":
            out[t("col.org", lang)] = [refs.label("orgs", v, lang) for v in rows["org"]]
        elif col == "unit":
            out[t("col.unit", lang)] = [
                name if isinstance(name, str) and name else ("" if pd.isna(code) else str(code))
                for code, name in zip(rows["unit"], rows["unit_name"], strict=True)
            ]
        elif col == "activity_type":
            out[t("col.activity_type", lang)] = [refs.label("types", v, lang) for v in rows["activity_type"]]
        elif col == "themes":
            out[t("col.themes", lang)] = [
                _themes(v, i, refs, lang)
                for v, i in zip(rows["themes"], rows["themes_inferred"], strict=True)
            ]
        elif col in NUMBERS:
            out[t(f"col.{col}", lang)] = (
                [fmt_int(v, lang) if not pd.isna(v) else "" for v in rows[col]] if for_screen else rows[col]
            )
        else:
            out[t(f"col.{col}", lang)] = rows[col].fillna("").astype(str)
    if not for_screen:
        out[t("col.unit_code", lang)] = rows["unit"]
    return pd.DataFrame(out)


def download_buttons(path: str, f, scope, sort: str, total: int, refs: data.References, lang: str) -> None:

    def table() -> pd.DataFrame:
        rows, _ = data.export_records(path, f, scope, sort=sort)
        return labelled(rows, refs, lang, for_screen=False)

    stem = f"hoat_dong_{f.period.code.replace('..', '_')}"
    left, right = st.columns(2)
    with left:
        st.download_button(
            t("records.download_csv", lang),
            data=lambda: export.to_csv_bytes(table()),
            file_name=f"{stem}.csv",
            mime=export.CSV_MIME,
            icon=":material/download:",
            on_click="ignore",
            key="download_csv",
        )
    with right:
        st.download_button(
            t("records.download_xlsx", lang),
            data=lambda: export.to_xlsx_bytes(table(), t("records.heading", lang)),
            file_name=f"{stem}.xlsx",
            mime=export.XLSX_MIME,
            icon=":material/download:",
            on_click="ignore",
            key="download_xlsx",
        )
    if total > data.EXPORT_LIMIT:
        st.caption(
            t("records.export_cut", lang, limit=fmt_int(data.EXPORT_LIMIT, lang), total=fmt_int(total, lang))
        )


def view_from_url() -> None:
    """Set the sort, order, page size and page from the URL (values that make no sense are ignored)."""
    url, ss = st.query_params, st.session_state
    sort = url.get("sort")
    if sort in SORT_KEYS:
        ss["rec_sort"] = sort
    if url.get("desc") in ("0", "1"):
        ss["rec_desc"] = url.get("desc") == "1"
    size = url.get("size", "")
    if size.isdigit() and int(size) in PAGE_SIZES:
        ss["rec_size"] = int(size)
    page = url.get("page", "")
    if page.isdigit() and 1 <= int(page) <= 1_000_000:
        ss["rec_page"] = int(page)
    # Defaults through the session, not the widgets' arguments (both at once makes Streamlit warn).
    ss.setdefault("rec_desc", True)
    ss.setdefault("rec_size", PAGE_SIZES[1])
    ss.setdefault("rec_page", 1)


def view_to_url() -> None:
    """A change of sort, order, size or page, written to the URL (in the widget's callback)."""
    ss = st.session_state
    values = {
        "sort": ss.get("rec_sort"),
        "desc": "1" if ss.get("rec_desc", True) else "0",
        "size": str(ss.get("rec_size")),
        "page": str(ss.get("rec_page", 1)),
    }
    for key, value in values.items():
        if value is not None and value != "None":
            st.query_params[key] = value


# ── The screen ───────────────────────────────────────────────────────────────────────────────────

lang = state.lang()
st.title(t("records.heading", lang))

with data.open_source(lang) as src:
    if src is not None:
        refs = data.references(src)
        f = state.sidebar_filters(refs, lang)
        scope = state.viewer_scope()
        st.caption(state.period_caption(f, lang))

        view_from_url()
        c1, c2, c3 = st.columns([3, 2, 2])
        with c1:
            sort_key = st.selectbox(
                t("records.sort", lang),
                SORT_KEYS,
                format_func=lambda c: t(f"col.{c}", lang),
                key="rec_sort",
                on_change=view_to_url,
            )
            descending = st.toggle(t("records.descending", lang), key="rec_desc", on_change=view_to_url)
        with c2:
            size = st.selectbox(
                t("records.page_size", lang), PAGE_SIZES, key="rec_size", on_change=view_to_url
            )
        sort = f"-{sort_key}" if descending else sort_key
        total = load_page(src, f, scope, sort, size, 1).total
        pages = max(1, math.ceil(total / size))
        if st.session_state.get("rec_page", 1) > pages:
            st.session_state["rec_page"] = pages
            if "page" in st.query_params:
                st.query_params["page"] = str(pages)
        with c3:
            page = int(
                st.number_input(
                    t("records.page", lang), 1, pages, step=1, key="rec_page", on_change=view_to_url
                )
            )
        page = min(max(page, 1), pages)

        if total == 0:
            st.info(t("records.empty", lang, period=f.period.label(lang)), icon=":material/inbox:")
        else:
            result = load_page(src, f, scope, sort, size, page)
            st.caption(
                t(
                    "records.count",
                    lang,
                    total=fmt_int(total, lang),
                    period=f.period.label(lang),
                    page=fmt_int(page, lang),
                    pages=fmt_int(pages, lang),
                )
            )
            st.dataframe(labelled(result.rows, refs, lang, for_screen=True), hide_index=True)
            if auth.can(state.account(), "export"):
                download_buttons(src.path, f, scope, sort, total, refs, lang)

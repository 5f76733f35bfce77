"""Kho dữ liệu — what the warehouse holds.

The screen, top to bottom: a heading; a "Dữ liệu mẫu" notice when the loaded files are sample
files; one metric per record kind (number of records, date range); a bar chart of activities per
organization type and year; the latest batches. Record text is never rendered as markdown/HTML.
"""

from __future__ import annotations

import datetime as dt
import html

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import db, queries
from dashboard.charts import ORG_COLORS, org_color
from dashboard.i18n import (
    code_label,
    fmt_date,
    fmt_datetime,
    fmt_int,
    normalize_lang,
    org_label,
    plotly_separators,
    t,
)
from etl.config import default_db_path

# ── Data: read once per data version ────────────────────────────────────────────────────────────


@st.cache_data(max_entries=16, ttl="15m", show_spinner=False)
def load_overview(path: str, version: tuple, today: dt.date, _con) -> dict:
    """Everything this page shows, cached per warehouse file and data version."""
    return {
        "counts": queries.record_counts(_con, today),
        "by_org_year": queries.activities_by_org_year(_con),
        "org_types": queries.org_types(_con),
        "batches": queries.recent_batches(_con),
        "sample": queries.sample_batches(_con),
    }


def read_overview(path, lang: str) -> dict | None:
    """The page's data, or None after saying (in a sentence) why the warehouse cannot be read."""
    try:
        with db.warehouse(path) as con:
            version = db.data_version(con, path)
            return load_overview(str(path), version, dt.date.today(), _con=con)
    except db.WarehouseUnavailable as exc:
        shown_path = str(exc.path).replace("`", "'")
        message = t(f"db.{exc.reason}", lang, path=shown_path)
        if exc.reason == "busy":
            st.warning(message, icon=":material/hourglass_top:")
        elif exc.reason == "unreadable":
            st.error(message, icon=":material/error:")
        else:
            st.info(message, icon=":material/database:")
        return None


# ── Sections ─────────────────────────────────────────────────────────────────────────────────────


def show_sample_notice(sample: tuple[int, int], lang: str) -> None:
    n_sample, n_total = sample
    if n_sample:
        st.warning(
            t("warehouse.sample_notice", lang, sample=fmt_int(n_sample, lang), total=fmt_int(n_total, lang)),
            icon=":material/science:",
        )


def show_metrics(counts: pd.DataFrame, lang: str) -> None:
    for column, row in zip(st.columns(len(counts)), counts.itertuples(), strict=True):
        with column:
            st.metric(code_label("kind", row.kind, lang), fmt_int(row.records, lang), border=True)
            st.caption(record_range(row, lang))
            if not pd.isna(row.late) and row.late:
                st.caption(t("warehouse.late_tasks", lang, late=fmt_int(row.late, lang)))


def record_range(row, lang: str) -> str:
    if not pd.isna(row.year_from):
        if row.year_from == row.year_to:
            return t("warehouse.range_year", lang, start=row.year_from)
        return t("warehouse.range_years", lang, start=row.year_from, end=row.year_to)
    if pd.isna(row.date_from):
        return t("warehouse.range_none", lang)
    return t("warehouse.range_dates", lang, start=fmt_date(row.date_from), end=fmt_date(row.date_to))


def show_activity_chart(by_org_year: pd.DataFrame, org_types: pd.DataFrame, lang: str) -> None:
    if by_org_year.empty:
        st.info(t("warehouse.no_activities", lang))
        return
    st.plotly_chart(
        activities_chart(by_org_year, org_types, lang),
        config={"displaylogo": False},
        key="activities_by_org_year",
    )


def show_batches(batches: pd.DataFrame, lang: str) -> None:
    if batches.empty:
        st.info(t("warehouse.no_batches", lang))
        return
    table = pd.DataFrame(
        {
            t("batch.batch_id", lang): batches["batch_id"].astype(str),
            t("batch.kind", lang): [code_label("kind", k, lang) for k in batches["kind"]],
            t("batch.status", lang): [code_label("batch.status", s, lang) for s in batches["status"]],
            t("batch.file_name", lang): batches["file_name"].fillna(""),
            t("batch.sheet", lang): batches["sheet"].fillna(""),
            t("batch.loaded_by", lang): batches["loaded_by"].fillna(""),
            t("batch.loaded_at", lang): [fmt_datetime(v, lang) for v in batches["loaded_at"]],
            **{
                t(f"batch.{col}", lang): [fmt_int(v, lang) for v in batches[col]]
                for col in ("rows_read", "rows_new", "rows_updated", "rows_unchanged")
            },
        }
    )
    st.dataframe(table, hide_index=True)


# ── Chart ────────────────────────────────────────────────────────────────────────────────────────


def activities_chart(by_org_year: pd.DataFrame, org_types: pd.DataFrame, lang: str) -> go.Figure:
    """Grouped bars: activities per year, one bar (and colour) per organization type."""
    labels = {row.code: {"vi": row.label_vi, "en": row.label_en} for row in org_types.itertuples()}
    present = set(by_org_year["org"])
    codes = [c for c in ORG_COLORS if c in present] + sorted(present - set(ORG_COLORS))
    years = [str(y) for y in sorted(by_org_year["year"].unique())]
    fig = go.Figure()
    for code in codes:
        rows = by_org_year[by_org_year["org"] == code]
        name = html.escape(org_label(code, labels, lang))  # plotly reads a little HTML in names
        fig.add_bar(
            x=rows["year"].astype(str),
            y=rows["activities"],
            name=name,
            marker_color=org_color(code),
            hovertemplate="%{fullData.name}<br>%{x}: %{y:,d}<extra></extra>",
        )
    fig.update_layout(
        barmode="group",
        separators=plotly_separators(lang),
        xaxis={
            "title": {"text": t("warehouse.chart_year", lang)},
            "type": "category",
            "categoryorder": "array",
            "categoryarray": years,
        },
        yaxis={"title": {"text": t("warehouse.chart_count", lang)}, "tickformat": ",d"},
        legend={"orientation": "h", "yanchor": "top", "y": -0.2, "title": {"text": ""}},
        margin={"t": 20, "b": 10},
        height=420,
    )
    return fig


# ── The screen ───────────────────────────────────────────────────────────────────────────────────

lang = normalize_lang(st.query_params.get("lang"))

st.title(t("warehouse.heading", lang))
st.caption(t("warehouse.intro", lang))

overview = read_overview(default_db_path(), lang)
if overview is not None:
    show_sample_notice(overview["sample"], lang)
    if overview["counts"]["records"].sum() == 0:
        st.info(t("warehouse.empty", lang), icon=":material/inbox:")
    else:
        show_metrics(overview["counts"], lang)
        st.subheader(t("warehouse.chart_heading", lang))
        show_activity_chart(overview["by_org_year"], overview["org_types"], lang)
    st.subheader(t("warehouse.batches_heading", lang))
    show_batches(overview["batches"], lang)

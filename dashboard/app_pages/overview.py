"""Tổng quan — how the organizations did in the chosen period, against the same period last year.

The screen, top to bottom: a heading and the period; six KPI cards (activities, participants,
beneficiaries, funds, new members, members), each with its change against the same period last
year ("so với cùng kỳ", a dash when last year had none); the activities per month, with last
year's line; the organizations ranked; the top themes. Cards and the two last charts sit in
columns, which stack on a phone. A period without activities says so in a sentence instead of
charts.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from dashboard import charts, data, state
from dashboard.i18n import fmt_int, fmt_pct, t

# ── Constants ────────────────────────────────────────────────────────────────────────────────────

KPI_ROWS = (("activities", "participants", "beneficiaries"), ("funds_vnd", "new_members", "members"))
TOP_THEMES = 8


# ── Loaders ──────────────────────────────────────────────────────────────────────────────────────


def load(src: data.Source, f, scope) -> dict:
    monthly = dataclasses.replace(f, grain="month")
    return {
        "kpis": data.kpis(src, f, scope),
        "trend": data.trend(src, monthly, scope, indicator="activities", by=None),
        "orgs": data.by_org(src, f, scope),
        "themes": data.theme_matrix(src, f, scope),
    }


def top_themes(matrix: pd.DataFrame) -> pd.DataFrame:
    """Themes over all organizations (the matrix is organizations × themes: a few dozen rows)."""
    if matrix.empty:
        return matrix
    return matrix.groupby("theme", as_index=False)[["activities", "given", "inferred"]].sum()


# ── Sections ─────────────────────────────────────────────────────────────────────────────────────


def show_kpis(k: dict, lang: str) -> None:
    for row in KPI_ROWS:
        for column, indicator in zip(st.columns(len(row)), row, strict=True):
            with column:
                show_kpi(k, indicator, lang)


def show_kpi(k: dict, indicator: str, lang: str) -> None:
    value, last, change = k[indicator], k[f"{indicator}_last_year"], k[f"{indicator}_change_pct"]
    shown = fmt_int(value, lang)
    help_text = t("overview.last_year_was", lang, value=fmt_int(last, lang))
    if change is None or pd.isna(change):
        st.metric(
            t(f"indicator.{indicator}", lang),
            shown,
            delta="—",
            delta_color="off",
            delta_arrow="off",
            delta_description=t("overview.vs_last_year", lang),
            help=help_text,
            border=True,
        )
    else:
        st.metric(
            t(f"indicator.{indicator}", lang),
            shown,
            delta=fmt_pct(change, lang),
            delta_description=t("overview.vs_last_year", lang),
            help=help_text,
            border=True,
        )


def show_trend(df: pd.DataFrame, f, lang: str) -> None:
    st.subheader(t("overview.trend_heading", lang))
    df = charts.without_future(df, state.today())
    fig = charts.trend_figure(
        df,
        lang=lang,
        grain="month",
        cutoff=f.period.cutoff,
        y_title=t("indicator.activities", lang),
        by=None,
        label=lambda code: t("chart.total", lang),
    )
    st.plotly_chart(fig, config=charts.PLOTLY_CONFIG, key="overview_trend")


def show_orgs(df: pd.DataFrame, refs: data.References, lang: str) -> None:
    st.subheader(t("overview.orgs_heading", lang))
    fig = charts.ranking_figure(
        df,
        lang=lang,
        indicator="activities",
        label=lambda c: refs.label("orgs", c, lang),
        last_year_column="activities_last_year",
    )
    st.plotly_chart(fig, config=charts.PLOTLY_CONFIG, key="overview_orgs")


def show_themes(df: pd.DataFrame, refs: data.References, lang: str) -> None:
    st.subheader(t("overview.themes_heading", lang))
    if df.empty:
        st.info(t("overview.no_themes", lang))
        return
    fig = charts.themes_figure(df, lang=lang, label=lambda c: refs.label("themes", c, lang), top=TOP_THEMES)
    st.plotly_chart(fig, config=charts.PLOTLY_CONFIG, key="overview_themes")


# ── The screen ───────────────────────────────────────────────────────────────────────────────────

lang = state.lang()
st.title(t("overview.heading", lang))

with data.open_source(lang) as src:
    if src is not None:
        refs = data.references(src)
        f = state.sidebar_filters(refs, lang)
        scope = state.viewer_scope()
        st.caption(state.period_caption(f, lang))
        figures = load(src, f, scope)

        show_kpis(figures["kpis"], lang)
        if not figures["kpis"]["activities"]:
            st.info(t("overview.empty", lang, period=f.period.label(lang)), icon=":material/event_busy:")
        else:
            show_trend(figures["trend"], f, lang)
            left, right = st.columns(2)
            with left:
                show_orgs(figures["orgs"], refs, lang)
            with right:
                show_themes(top_themes(figures["themes"]), refs, lang)

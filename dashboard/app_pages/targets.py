"""Chỉ tiêu — progress against the year's targets, year to date, lagging ones first.

The screen, top to bottom: a heading and the period; what is counted (the targets of the
reporting year holding the period's end, results from the year's start to the period's end or
today, and how much of the year has passed); how many targets are exceeded, met and not met
("vượt", "đạt", "chưa đạt"); a heatmap of progress per organization and indicator; the table
of every target (organization, unit, indicator), lagging first, with an Excel download. The
theme and activity-type filters do not apply to targets: the page says so when they are set.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, data, state, widgets
from dashboard import queries_ibis as q
from dashboard.i18n import fmt_date, fmt_int, fmt_number, fmt_pct, t
from dashboard.periods import containing

# ── Constants ────────────────────────────────────────────────────────────────────────────────────

STATUSES = ("chua_dat", "dat", "vuot")
# Red below the target, green at and above it (0 % … 150 %, clipped).
PROGRESS_COLORS = [
    [0.0, "#C0392B"],
    [0.35, "#E67E22"],
    [0.6, "#F7DC6F"],
    [0.667, "#A9D18E"],
    [1.0, "#1E8449"],
]
PROGRESS_MAX = 150


# ── Loaders ──────────────────────────────────────────────────────────────────────────────────────


def load(src, f, scope) -> pd.DataFrame:
    return data.targets_progress(src, f, scope, today=state.today())


def by_org_indicator(df: pd.DataFrame) -> pd.DataFrame:
    """Progress per (organization, indicator) over its units: results over targets, where the
    result is known (the query's rows: one per target, a few hundred at most)."""
    known = df[df["actual"].notna()].copy()
    known["actual"] = known["actual"].astype("int64")
    agg = known.groupby(["org", "indicator"], as_index=False)[["target", "actual"]].sum()
    agg["percent"] = (agg["actual"] * 100.0 / agg["target"].where(agg["target"] > 0)).astype("float64")
    return agg


# ── Tables ───────────────────────────────────────────────────────────────────────────────────────


def status_label(code, lang: str) -> str:
    return t(f"targets.status.{code}" if isinstance(code, str) else "targets.status.unknown", lang)


def progress_table(df: pd.DataFrame, refs: data.References, lang: str, *, for_screen: bool) -> pd.DataFrame:
    def num(values):
        return [fmt_int(v, lang) for v in values] if for_screen else list(values)

    def pct(values):
        if for_screen:
            return [fmt_number(v, lang) if pd.notna(v) else "—" for v in values]
        return [None if pd.isna(v) else round(float(v), 1) for v in values]

    return pd.DataFrame(
        {
            t("col.org", lang): [refs.label("orgs", c, lang) for c in df["org"]],
            t("col.unit", lang): [
                n if isinstance(n, str) and n else refs.unit_name(c)
                for c, n in zip(df["unit"], df["unit_name"], strict=True)
            ],
            t("col.indicator", lang): [t(f"indicator.{c}", lang) for c in df["indicator"]],
            t("col.target", lang): num(df["target"]),
            t("col.actual", lang): num(df["actual"]),
            t("col.percent", lang): pct(df["percent"]),
            t("col.expected_percent", lang): pct(df["expected_percent"]),
            t("col.status", lang): [status_label(s, lang) for s in df["status"]],
        }
    )


# ── Sections ─────────────────────────────────────────────────────────────────────────────────────


def basis(df: pd.DataFrame, f, lang: str) -> str:
    year = containing(f.period.end, "year", f.period.cutoff)
    end = min(f.period.end, state.today())
    return t(
        "targets.basis",
        lang,
        year=year.year,
        start=fmt_date(year.start, lang),
        end=fmt_date(end, lang),
        elapsed=fmt_pct(float(df["expected_percent"].iloc[0]), lang, signed=False, digits=0),
    )


def show_counts(df: pd.DataFrame, lang: str) -> None:
    counts = df["status"].value_counts()
    for column, status in zip(st.columns(len(STATUSES)), STATUSES, strict=True):
        with column:
            st.metric(
                t(f"targets.count.{status}", lang),
                fmt_int(int(counts.get(status, 0)), lang),
                help=t("targets.count_help", lang),
                border=True,
            )


def show_chart(df: pd.DataFrame, refs: data.References, lang: str) -> None:
    st.subheader(t("targets.chart_heading", lang))
    grid = by_org_indicator(df)
    grid["shown"] = grid["percent"].clip(upper=PROGRESS_MAX)
    orgs = sorted(
        dict.fromkeys(grid["org"]),
        key=lambda c: (list(charts.ORG_COLORS).index(c) if c in charts.ORG_COLORS else 99, c),
    )
    indicators = [i for i in q.INDICATORS if i in set(grid["indicator"])]
    fig = charts.heatmap_figure(
        grid,
        lang=lang,
        row="org",
        column="indicator",
        value="shown",
        rows=orgs,
        columns=indicators,
        row_label=lambda c: refs.label("orgs", c, lang),
        column_label=lambda c: t(f"indicator.{c}", lang),
        x_title=t("col.indicator", lang),
        y_title=t("chart.org", lang),
        text=lambda v: fmt_pct(v, lang, signed=False, digits=0),
        row_tick=lambda c: refs.short_org(c, lang),
        text_value="percent",
        colorscale=PROGRESS_COLORS,
        zmin=0,
        zmax=PROGRESS_MAX,
    )
    st.plotly_chart(fig, config=charts.PLOTLY_CONFIG, key="targets_chart")
    st.caption(t("targets.chart_note", lang))


def show_table(df: pd.DataFrame, f, refs: data.References, lang: str) -> None:
    st.subheader(t("targets.table_heading", lang))
    st.dataframe(progress_table(df, refs, lang, for_screen=True), hide_index=True)
    widgets.xlsx_download(
        t("targets.download", lang),
        progress_table(df, refs, lang, for_screen=False),
        sheet=t("targets.heading", lang),
        stem="chi_tieu",
        period=f.period,
        key="targets_download",
    )


# ── The screen ───────────────────────────────────────────────────────────────────────────────────

lang = state.lang()
st.title(t("targets.heading", lang))

with data.open_source(lang) as src:
    if src is not None:
        refs = data.references(src)
        f = state.sidebar_filters(refs, lang)
        scope = state.viewer_scope()
        st.caption(state.period_caption(f, lang))
        if f.themes or f.activity_types:
            st.caption(t("targets.filters_ignored", lang))

        progress = load(src, f, scope)
        if progress.empty:
            year = containing(f.period.end, "year", f.period.cutoff)
            st.info(
                t("targets.empty", lang, year=year.year, period=f.period.label(lang)),
                icon=":material/flag:",
            )
        else:
            st.caption(basis(progress, f, lang))
            show_counts(progress, lang)
            show_chart(progress, refs, lang)
            show_table(progress, f, refs, lang)

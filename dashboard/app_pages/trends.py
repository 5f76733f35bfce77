"""Xu hướng — any indicator over time, by organization or by theme, against last year.

The screen, top to bottom: a heading and the period; the indicator, what the lines are split by
(organization, theme, or the total) and whether last year's lines are shown; the chart at the
filter's grain (month, quarter, half-year, year), last year's lines dashed in the same colour;
the figures behind it as a table, with an Excel download. Membership cannot be split by theme:
the page says so and splits it by organization. Nothing to show is said in a sentence.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, data, state, widgets
from dashboard import queries_ibis as q
from dashboard.i18n import fmt_int, t
from dashboard.periods import bucket_label

# ── Constants ────────────────────────────────────────────────────────────────────────────────────

SPLITS = ("org", "theme", "total")


# ── Loaders ──────────────────────────────────────────────────────────────────────────────────────


def load(src, f, scope, indicator: str, split: str) -> pd.DataFrame:
    return data.trend(src, f, scope, indicator=indicator, by=None if split == "total" else split)


def series_label(split: str, refs: data.References, lang: str):
    if split == "org":
        return lambda c: refs.label("orgs", c, lang)
    if split == "theme":
        return lambda c: refs.label("themes", c, lang)
    return lambda c: t("chart.total", lang)


def figures_table(df: pd.DataFrame, f, split: str, label, lang: str, *, for_screen: bool) -> pd.DataFrame:
    periods = [
        bucket_label(pd.Timestamp(s).date(), f.grain, lang, f.period.cutoff) for s in df["bucket_start"]
    ]
    value = df["value"] if not for_screen else [fmt_int(v, lang) for v in df["value"]]
    last = df["last_year"] if not for_screen else [fmt_int(v, lang) for v in df["last_year"]]
    return pd.DataFrame(
        {
            t("col.period", lang): periods,
            t(f"trends.by.{split}", lang): [label(s) for s in df["series"]],
            t("col.value", lang): value,
            t("col.last_year", lang): last,
        }
    )


# ── The screen ───────────────────────────────────────────────────────────────────────────────────

lang = state.lang()
st.title(t("trends.heading", lang))

with data.open_source(lang) as src:
    if src is not None:
        refs = data.references(src)
        f = state.sidebar_filters(refs, lang)
        scope = state.viewer_scope()
        st.caption(state.period_caption(f, lang))

        c1, c2, c3 = st.columns([3, 3, 2], vertical_alignment="bottom")
        with c1:
            indicator = st.selectbox(
                t("trends.indicator", lang),
                q.INDICATORS,
                format_func=lambda i: t(f"indicator.{i}", lang),
                key="tr_ind",
            )
        with c2:
            split = st.segmented_control(
                t("trends.by", lang),
                SPLITS,
                default="org",
                format_func=lambda s: t(f"trends.by.{s}", lang),
                key="tr_by",
            )
        with c3:
            last_year = st.toggle(t("trends.last_year", lang), value=True, key="tr_ly")
        split = split or "org"
        if indicator == "members" and split == "theme":
            st.info(t("trends.members_no_theme", lang))
            split = "org"

        df = load(src, f, scope, indicator, split)
        has_values = not df.empty and (df["value"].fillna(0).any() or df["last_year"].fillna(0).any())
        if not has_values:
            st.info(
                t(
                    "trends.empty",
                    lang,
                    indicator=t(f"indicator.{indicator}", lang).lower(),
                    period=f.period.label(lang),
                ),
                icon=":material/show_chart:",
            )
        else:
            label = series_label(split, refs, lang)
            fig = charts.trend_figure(
                charts.without_future(df, state.today()),
                lang=lang,
                grain=f.grain,
                cutoff=f.period.cutoff,
                y_title=t(f"indicator.{indicator}", lang),
                by=None if split == "total" else split,
                label=label,
                last_year=last_year,
            )
            st.plotly_chart(fig, config=charts.PLOTLY_CONFIG, key="trend_chart")
            with st.expander(t("trends.table_heading", lang)):
                st.dataframe(figures_table(df, f, split, label, lang, for_screen=True), hide_index=True)
                widgets.xlsx_download(
                    t("chart.download_table", lang),
                    figures_table(df, f, split, label, lang, for_screen=False),
                    sheet=t("trends.heading", lang),
                    stem=f"xu_huong_{indicator}",
                    period=f.period,
                    key="trend_download",
                )

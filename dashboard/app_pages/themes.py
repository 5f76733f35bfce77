"""Chủ đề — which themes carried the work: organization × theme, shares over time, and how
many themes were given in the files rather than inferred from the titles.

The screen, top to bottom: a heading and the period; a sentence saying how many theme tags were
inferred from the titles; which tags to count (all, given in the file, inferred); the
organization × theme heatmap; each theme's share of the tags per bucket of the filter's grain
(the top themes, the rest as one "other" band); the given and inferred tags per theme side by
side; the matrix behind the heatmap as a table with an Excel download. Nothing to show is said
in a sentence.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, data, state, widgets
from dashboard.i18n import fmt_int, fmt_pct, t

# ── Constants ────────────────────────────────────────────────────────────────────────────────────

SOURCES = ("all", "given", "inferred")
SHARE_TOP = 8
OTHERS = "_others"
OTHERS_COLOR = "#BDBDBD"


# ── Loaders ──────────────────────────────────────────────────────────────────────────────────────


def load(src, f, scope) -> dict:
    return {"matrix": data.theme_matrix(src, f, scope), "share": data.theme_share(src, f, scope)}


def counted(matrix: pd.DataFrame, source: str) -> pd.DataFrame:
    """The matrix with ``value``: the tags of the chosen source."""
    out = matrix.copy()
    out["value"] = out["activities" if source == "all" else source]
    return out


def shares(share: pd.DataFrame, source: str, top: int = SHARE_TOP) -> pd.DataFrame:
    """Per bucket, each of the ``top`` themes' share of the chosen tags, the rest as one band.
    (``theme_share`` rows: a few hundred at most, already aggregated by the engine.)"""
    df = share.copy()
    if source == "all":
        df["value"] = df["activities"]
    elif source == "inferred":
        df["value"] = df["inferred"]
    else:
        df["value"] = df["activities"] - df["inferred"]
    leaders = df.groupby("theme")["value"].sum().sort_values(ascending=False)
    leaders = [c for c in leaders.index[:top] if leaders[c] > 0]
    df["series"] = [c if c in leaders else OTHERS for c in df["theme"]]
    grouped = df.groupby(["bucket_start", "series"], as_index=False)["value"].sum()
    totals = grouped.groupby("bucket_start")["value"].transform("sum")
    grouped["share"] = (grouped["value"] / totals.where(totals > 0)).fillna(0.0)
    order = {c: i for i, c in enumerate([*leaders, OTHERS])}
    grouped["_order"] = grouped["series"].map(order)
    return grouped.sort_values(["_order", "bucket_start"]).drop(columns="_order").reset_index(drop=True)


def matrix_table(matrix: pd.DataFrame, refs: data.References, lang: str, *, for_screen: bool) -> pd.DataFrame:
    fmt = (lambda v: fmt_int(v, lang)) if for_screen else (lambda v: int(v))
    return pd.DataFrame(
        {
            t("col.org", lang): [refs.label("orgs", c, lang) for c in matrix["org"]],
            t("col.theme", lang): [refs.label("themes", c, lang) for c in matrix["theme"]],
            t("col.activities", lang): [fmt(v) for v in matrix["activities"]],
            t("col.given", lang): [fmt(v) for v in matrix["given"]],
            t("col.inferred", lang): [fmt(v) for v in matrix["inferred"]],
        }
    )


# ── Sections ─────────────────────────────────────────────────────────────────────────────────────


def inferred_sentence(matrix: pd.DataFrame, f, lang: str) -> str:
    total = int(matrix["activities"].sum())
    inferred = int(matrix["inferred"].sum())
    return t(
        "themes.inferred_sentence",
        lang,
        period=f.period.label(lang),
        total=fmt_int(total, lang),
        given=fmt_int(total - inferred, lang),
        inferred=fmt_int(inferred, lang),
        pct=fmt_pct(inferred * 100.0 / total if total else 0, lang, signed=False),
    )


def theme_order(matrix: pd.DataFrame) -> list[str]:
    return list(matrix.groupby("theme")["value"].sum().sort_values(ascending=False, kind="stable").index)


def org_order(matrix: pd.DataFrame) -> list[str]:
    codes = list(dict.fromkeys(matrix["org"]))
    return sorted(
        codes, key=lambda c: (list(charts.ORG_COLORS).index(c) if c in charts.ORG_COLORS else 99, c)
    )


def show_matrix(matrix: pd.DataFrame, refs: data.References, lang: str) -> None:
    st.subheader(t("themes.matrix_heading", lang))
    fig = charts.heatmap_figure(
        matrix,
        lang=lang,
        row="theme",
        column="org",
        value="value",
        rows=theme_order(matrix),
        columns=org_order(matrix),
        row_label=lambda c: refs.label("themes", c, lang),
        column_label=lambda c: refs.label("orgs", c, lang),
        column_tick=lambda c: refs.short_org(c, lang),
        x_title=t("chart.org", lang),
        y_title=t("chart.theme", lang),
        colorbar_title=t("col.activities", lang),
    )
    st.plotly_chart(fig, config=charts.PLOTLY_CONFIG, key="themes_matrix")


def show_share(df: pd.DataFrame, f, refs: data.References, lang: str) -> None:
    st.subheader(t("themes.share_heading", lang))
    fig = charts.share_figure(
        df,
        lang=lang,
        grain=f.grain,
        cutoff=f.period.cutoff,
        series="series",
        value="share",
        label=lambda c: t("themes.others", lang) if c == OTHERS else refs.label("themes", c, lang),
        color=lambda c: OTHERS_COLOR if c == OTHERS else charts.theme_color(c),
        y_title=t("themes.share_axis", lang),
    )
    st.plotly_chart(fig, config=charts.PLOTLY_CONFIG, key="themes_share")


def show_split(matrix: pd.DataFrame, refs: data.References, lang: str) -> None:
    st.subheader(t("themes.split_heading", lang))
    per_theme = matrix.groupby("theme", as_index=False)[["activities", "given", "inferred"]].sum()
    fig = charts.themes_figure(
        per_theme, lang=lang, label=lambda c: refs.label("themes", c, lang), top=len(per_theme)
    )
    st.plotly_chart(fig, config=charts.PLOTLY_CONFIG, key="themes_split")


# ── The screen ───────────────────────────────────────────────────────────────────────────────────

lang = state.lang()
st.title(t("themes.heading", lang))

with data.open_source(lang) as src:
    if src is not None:
        refs = data.references(src)
        f = state.sidebar_filters(refs, lang)
        scope = state.viewer_scope()
        st.caption(state.period_caption(f, lang))
        figures = load(src, f, scope)
        matrix = figures["matrix"]

        if matrix.empty or not matrix["activities"].any():
            st.info(t("themes.empty", lang, period=f.period.label(lang)), icon=":material/label_off:")
        else:
            st.info(inferred_sentence(matrix, f, lang), icon=":material/auto_awesome:")
            source = st.segmented_control(
                t("themes.source", lang),
                SOURCES,
                default="all",
                format_func=lambda s: t(f"themes.source.{s}", lang),
                key="th_source",
            )
            source = source or "all"
            chosen = counted(matrix, source)
            if not chosen["value"].any():
                st.info(
                    t(
                        "themes.none_of_source",
                        lang,
                        source=t(f"themes.source.{source}", lang),
                        period=f.period.label(lang),
                    )
                )
            else:
                show_matrix(chosen[chosen["value"] > 0], refs, lang)
                show_share(shares(figures["share"], source), f, refs, lang)
            show_split(matrix, refs, lang)
            with st.expander(t("trends.table_heading", lang)):
                st.dataframe(matrix_table(matrix, refs, lang, for_screen=True), hide_index=True)
                widgets.xlsx_download(
                    t("chart.download_table", lang),
                    matrix_table(matrix, refs, lang, for_screen=False),
                    sheet=t("themes.heading", lang),
                    stem="chu_de",
                    period=f.period,
                    key="themes_download",
                )

"""Tổ chức — the organizations side by side, and a drill-down organization → unit → records.

The screen, top to bottom: a heading and the period; breadcrumb buttons ("Tất cả tổ chức ›
Hội Phụ nữ › Xã Hát Lót") to go back up; then one of three levels:

1. every organization: the chosen indicator as bars with last year's mark, and a table of
   activities, participants, funds, new members and members, each with its change against the
   same period last year; one button per organization to drill down;
2. one organization: its units (today's units when the sidebar asks for it) as bars and a
   table, and a choice of unit;
3. one organization at one unit: its records, a page at a time (record text shown as text).

The drill state lives in the URL (``d_org``, ``d_unit``: names that the shared filters do not
use), so a copied link opens the same level. A drill target the filters exclude is dropped.
"""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import streamlit as st

from dashboard import charts, data, state, widgets
from dashboard.i18n import fmt_date, fmt_int, fmt_pct, t

# ── Constants ────────────────────────────────────────────────────────────────────────────────────

INDICATORS = ("activities", "participants", "funds_vnd", "new_members", "members")
DRILL_ORG = "d_org"
DRILL_UNIT = "d_unit"
RECORDS_PER_PAGE = 50
RECORD_COLUMNS = (
    "date",
    "title",
    "activity_type",
    "themes",
    "participants",
    "beneficiaries",
    "funds_vnd",
    "new_members",
    "activity_id",
)
NUMBERS = ("participants", "beneficiaries", "funds_vnd", "new_members")


# ── Loaders ──────────────────────────────────────────────────────────────────────────────────────


def change_pct(now, last) -> float | None:
    if now is None or last is None or pd.isna(now) or pd.isna(last) or last == 0:
        return None
    return float((now - last) * 100.0 / last)


def load_orgs(src, f, scope) -> pd.DataFrame:
    """``by_org`` for the period and for the same period last year, side by side:
    ``<indicator>``, ``<indicator>_last_year``, ``<indicator>_change_pct``."""
    now = data.by_org(src, f, scope)
    last_year = data.by_org(src, dataclasses.replace(f, period=f.period.same_period_last_year()), scope)
    last = last_year.set_index("org")
    out = now.copy()
    for ind in INDICATORS:
        out[f"{ind}_last_year"] = pd.array([last[ind].get(o) for o in out["org"]], dtype="Int64")
        out[f"{ind}_change_pct"] = [
            change_pct(v, ly) for v, ly in zip(out[ind], out[f"{ind}_last_year"], strict=True)
        ]
    return out


def load_units(src, f, scope, org: str) -> pd.DataFrame:
    return data.by_unit(src, f, scope, org=org)


def load_records(src, f, scope, org: str, unit: str, page: int):
    return data.records(
        src,
        f,
        scope,
        org=org,
        unit=unit,
        sort="-date",
        limit=RECORDS_PER_PAGE,
        offset=(page - 1) * RECORDS_PER_PAGE,
    )


# ── Drill state (URL) ────────────────────────────────────────────────────────────────────────────


def drill_from_url() -> tuple[str | None, str | None]:
    org = st.query_params.get(DRILL_ORG) or None
    unit = st.query_params.get(DRILL_UNIT) or None
    return org, (unit if org else None)


def set_drill(org: str | None, unit: str | None = None) -> None:
    """Go to a level: every organization (None), one organization, or one of its units."""
    for key, value in ((DRILL_ORG, org), (DRILL_UNIT, unit if org else None)):
        if value:
            st.query_params[key] = value
        elif key in st.query_params:
            del st.query_params[key]
    st.session_state.pop("org_rec_page", None)
    st.session_state.pop("org_pick_unit", None)


def _unit_chosen() -> None:
    set_drill(st.query_params.get(DRILL_ORG), st.session_state.get("org_pick_unit"))


# ── Tables ───────────────────────────────────────────────────────────────────────────────────────


def orgs_table(df: pd.DataFrame, refs: data.References, lang: str, *, for_screen: bool) -> pd.DataFrame:
    """Each indicator and its change against last year; on screen formatted, in a download numbers."""
    out = {t("col.org", lang): [refs.label("orgs", c, lang) for c in df["org"]]}
    for ind in INDICATORS:
        name = t(f"indicator.{ind}", lang)
        change = f"{name} — {t('col.change', lang)}"
        if for_screen:
            out[name] = [fmt_int(v, lang) for v in df[ind]]
            out[change] = [fmt_pct(v, lang) for v in df[f"{ind}_change_pct"]]
        else:
            out[name] = df[ind]
            out[f"{name} — {t('col.last_year', lang)}"] = df[f"{ind}_last_year"]
            out[change] = [None if v is None else round(v, 1) for v in df[f"{ind}_change_pct"]]
    return pd.DataFrame(out)


def units_table(df: pd.DataFrame, refs: data.References, lang: str) -> pd.DataFrame:
    out = {
        t("col.unit", lang): [
            unit_label(refs, r.unit, r.unit_name, r.dissolved, lang) for r in df.itertuples()
        ]
    }
    for ind in INDICATORS:
        out[t(f"indicator.{ind}", lang)] = [fmt_int(v, lang) for v in df[ind]]
    out[t("col.last_year", lang)] = [fmt_int(v, lang) for v in df["activities_last_year"]]
    out[t("col.change", lang)] = [
        fmt_pct(change_pct(v, ly), lang)
        for v, ly in zip(df["activities"], df["activities_last_year"], strict=True)
    ]
    return pd.DataFrame(out)


def unit_label(refs: data.References, code, name, dissolved: bool, lang: str) -> str:
    text = name if isinstance(name, str) and name else refs.unit_name(code)
    return f"{text} {t('organizations.dissolved', lang)}" if dissolved else text


def records_table(rows: pd.DataFrame, refs: data.References, lang: str) -> pd.DataFrame:
    out = {}
    for col in RECORD_COLUMNS:
        if col == "date":
            out[t("col.date", lang)] = [fmt_date(v, lang) for v in rows["date"]]
        elif col == "activity_type":
            out[t("col.activity_type", lang)] = [refs.label("types", v, lang) for v in rows["activity_type"]]
        elif col == "themes":
            out[t("col.themes", lang)] = [
                _themes(v, i, refs, lang)
                for v, i in zip(rows["themes"], rows["themes_inferred"], strict=True)
            ]
        elif col in NUMBERS:
            out[t(f"col.{col}", lang)] = [fmt_int(v, lang) if not pd.isna(v) else "" for v in rows[col]]
        else:
            out[t(f"col.{col}", lang)] = rows[col].fillna("").astype(str)
    return pd.DataFrame(out)


def _themes(values, inferred, refs: data.References, lang: str) -> str:
    if values is None or not hasattr(values, "__len__") or isinstance(values, str):
        return ""
    text = "; ".join(refs.label("themes", v, lang) for v in list(values))
    return f"{text} {t('records.inferred', lang)}" if text and inferred is True else text


# ── Sections ─────────────────────────────────────────────────────────────────────────────────────


def breadcrumb(refs: data.References, org: str | None, unit: str | None, unit_text: str, lang: str) -> None:
    """The way back up; nothing at the top level."""
    if org is None:
        return
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        st.button(
            t("organizations.all", lang),
            key="org_crumb_all",
            icon=":material/groups:",
            type="tertiary",
            on_click=set_drill,
            args=(None,),
        )
        st.text("›")
        st.button(
            refs.label("orgs", org, lang),
            key="org_crumb_org",
            type="tertiary" if unit else "primary",
            disabled=unit is None,
            on_click=set_drill,
            args=(org,),
        )
        if org and unit:
            st.text("›")
            st.button(unit_text, key="org_crumb_unit", type="primary", disabled=True)


def show_orgs(df: pd.DataFrame, f, refs: data.References, lang: str) -> None:
    st.subheader(t("organizations.compare_heading", lang))
    indicator = st.segmented_control(
        t("organizations.indicator", lang),
        INDICATORS,
        default="activities",
        format_func=lambda i: t(f"indicator.{i}", lang),
        key="org_ind",
    )
    indicator = indicator or "activities"
    fig = charts.ranking_figure(
        df,
        lang=lang,
        indicator=indicator,
        label=lambda c: refs.label("orgs", c, lang),
        last_year_column=f"{indicator}_last_year",
    )
    st.plotly_chart(fig, config=charts.PLOTLY_CONFIG, key="org_compare")
    st.dataframe(orgs_table(df, refs, lang, for_screen=True), hide_index=True)
    st.caption(t("organizations.members_note", lang))
    widgets.xlsx_download(
        t("chart.download_table", lang),
        orgs_table(df, refs, lang, for_screen=False),
        sheet=t("organizations.heading", lang),
        stem="to_chuc",
        period=f.period,
        key="org_download",
    )
    st.caption(t("organizations.drill_hint", lang))
    with st.container(horizontal=True, gap="small"):
        for code in df["org"]:
            st.button(
                refs.label("orgs", code, lang),
                key=f"org_go_{code}",
                icon=":material/chevron_right:",
                icon_position="right",
                on_click=set_drill,
                args=(code,),
            )


def show_units(df: pd.DataFrame, f, org: str, refs: data.References, lang: str) -> None:
    org_name = refs.label("orgs", org, lang)
    st.subheader(t("organizations.units_heading", lang, org=org_name))
    if df.empty or not (df["activities"].any() or df["activities_last_year"].any()):
        st.info(
            t("organizations.no_units", lang, org=org_name, period=f.period.label(lang)),
            icon=":material/location_off:",
        )
        return
    labels = {r.unit: unit_label(refs, r.unit, r.unit_name, r.dissolved, lang) for r in df.itertuples()}
    st.selectbox(
        t("organizations.pick_unit", lang),
        list(df["unit"]),
        index=None,
        format_func=lambda c: labels.get(c, c),
        placeholder=t("organizations.pick_unit_placeholder", lang),
        key="org_pick_unit",
        on_change=_unit_chosen,
    )
    fig = charts.units_figure(
        df,
        lang=lang,
        indicator="activities",
        color=charts.org_color(org),
        label=lambda c: labels.get(c, c),
        last_year_column="activities_last_year",
    )
    st.plotly_chart(fig, config=charts.PLOTLY_CONFIG, key="org_units")
    st.dataframe(units_table(df, refs, lang), hide_index=True)


def show_records(
    src, f, scope, org: str, unit: str, unit_text: str, refs: data.References, lang: str
) -> None:
    org_name = refs.label("orgs", org, lang)
    st.subheader(t("organizations.records_heading", lang, org=org_name, unit=unit_text))
    total = load_records(src, f, scope, org, unit, 1).total
    if total == 0:
        st.info(
            t("organizations.no_records", lang, org=org_name, unit=unit_text, period=f.period.label(lang)),
            icon=":material/inbox:",
        )
        return
    pages = max(1, math.ceil(total / RECORDS_PER_PAGE))
    page = 1
    if pages > 1:
        if st.session_state.get("org_rec_page", 1) > pages:
            st.session_state["org_rec_page"] = pages
        page = int(
            st.number_input(t("records.page", lang), 1, pages, 1, step=1, key="org_rec_page", width=200)
        )
        page = min(max(page, 1), pages)
    result = load_records(src, f, scope, org, unit, page)
    st.caption(
        t(
            "organizations.records_count",
            lang,
            total=fmt_int(total, lang),
            period=f.period.label(lang),
            page=fmt_int(page, lang),
            pages=fmt_int(pages, lang),
        )
    )
    st.dataframe(records_table(result.rows, refs, lang), hide_index=True)


# ── The screen ───────────────────────────────────────────────────────────────────────────────────

lang = state.lang()
st.title(t("organizations.heading", lang))

with data.open_source(lang) as src:
    if src is not None:
        refs = data.references(src)
        f = state.sidebar_filters(refs, lang)
        scope = state.viewer_scope()
        st.caption(state.period_caption(f, lang))

        orgs = load_orgs(src, f, scope)
        org, unit = drill_from_url()
        if org is not None and org not in set(orgs["org"]):
            set_drill(None)
            org = unit = None
        units = load_units(src, f, scope, org) if org else None
        if unit is not None and unit not in set(units["unit"]):
            set_drill(org)
            unit = None
        unit_text = ""
        if unit is not None:
            row = units[units["unit"] == unit].iloc[0]
            unit_text = unit_label(refs, unit, row["unit_name"], bool(row["dissolved"]), lang)

        breadcrumb(refs, org, unit, unit_text, lang)
        has_any = not orgs.empty and bool(orgs["activities"].any() or orgs["activities_last_year"].any())
        if org is None and not has_any:
            st.info(t("organizations.empty", lang, period=f.period.label(lang)), icon=":material/event_busy:")
        elif org is None:
            show_orgs(orgs, f, refs, lang)
        elif unit is None:
            show_units(units, f, org, refs, lang)
        else:
            show_records(src, f, scope, org, unit, unit_text, refs, lang)

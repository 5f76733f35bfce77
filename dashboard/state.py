"""The shared sidebar filters and their place in the URL, read on every page.

``sidebar_filters(refs, lang)`` draws the filters (period preset or custom range, grain,
organizations, units, themes, activity types, the "units as today" switch) and returns the
:class:`~dashboard.filters.Filters` they make. Their state is the URL, by stable codes
(:func:`dashboard.filters.to_query_params`): a copied link reproduces the view, also in the other
language. A widget change writes the URL (in its callback, before the rerun); each run reads the
URL and sets the widgets from it. A page switch drops the URL's parameters, so the session keeps
the last ones and a page opened without filter parameters uses them.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import auth
from dashboard.data import References
from dashboard.filters import (
    ACTIVITY_TYPES,
    ORG_TYPES,
    PARAM_KEYS,
    THEMES,
    Filters,
    Scope,
    default_period,
    from_query_params,
    to_query_params,
)
from dashboard.i18n import fmt_date, normalize_lang, t
from dashboard.periods import GRAINS, Period, containing, default_cutoff, parse_period, presets
from etl.accounts import Account

CUSTOM = "custom"
STORE = "_filter_params"
# Past reporting years offered in the period list (besides any period a URL names).
PAST_YEARS = 6
W = {
    "period": "f_period",
    "range": "f_range",
    "grain": "f_grain",
    "orgs": "f_orgs",
    "units": "f_units",
    "themes": "f_themes",
    "activity_types": "f_types",
    "units_as_today": "f_as_today",
}


def lang() -> str:
    """The language of this run (the app shell keeps it in the URL)."""
    return normalize_lang(st.query_params.get("lang") or st.session_state.get("_lang_switch"))


def today() -> dt.date:
    return dt.date.today()


def viewer_scope() -> Scope:
    """What the logged-in account may see (nothing when nobody is logged in)."""
    return auth.viewer_scope(account())


def account() -> Account | None:
    """The account of this run (set by the app shell's login check)."""
    return st.session_state.get(auth.ACCOUNT_KEY)


# ── URL ⇄ Filters ────────────────────────────────────────────────────────────────────────────────


def _known(refs: References | None) -> dict:
    return {} if refs is None else {"units": refs.unit_codes}


def current_filters(refs: References | None = None) -> Filters:
    """The filters the URL names; without any filter parameter, the session's last ones."""
    params = st.query_params.to_dict()
    if not any(key in params for key in PARAM_KEYS.values()):
        params = st.session_state.get(STORE) or {}
    return from_query_params(params, today=today(), cutoff=default_cutoff(), known=_known(refs))


def write_url(f: Filters) -> None:
    """Put the filters' codes in the URL (and in the session, for the next page)."""
    params = to_query_params(f)
    st.session_state[STORE] = params
    for key in PARAM_KEYS.values():
        if key in params:
            if st.query_params.get(key) != params[key]:
                st.query_params[key] = params[key]
        elif key in st.query_params:
            del st.query_params[key]


def _period_from_widgets() -> Period | None:
    ss = st.session_state
    code = ss.get(W["period"])
    if code == CUSTOM:
        chosen = ss.get(W["range"])
        if isinstance(chosen, (tuple, list)) and len(chosen) == 2 and all(chosen):
            start, end = sorted(chosen)
            return Period.custom(start, end, cutoff=default_cutoff())
        if isinstance(chosen, (tuple, list)) and len(chosen) == 1 and chosen[0]:
            return Period.custom(chosen[0], chosen[0], cutoff=default_cutoff())
        return None
    try:
        return parse_period(str(code), cutoff=default_cutoff())
    except ValueError:
        return None


def _widgets_to_url() -> None:
    ss = st.session_state
    stored = from_query_params(ss.get(STORE) or {}, today=today(), cutoff=default_cutoff())
    period = _period_from_widgets() or stored.period
    f = Filters(
        period=period,
        grain=ss.get(W["grain"]) or stored.grain,
        orgs=tuple(ss.get(W["orgs"]) or ()),
        units=tuple(ss.get(W["units"]) or ()),
        themes=tuple(ss.get(W["themes"]) or ()),
        activity_types=tuple(ss.get(W["activity_types"]) or ()),
        units_as_today=bool(ss.get(W["units_as_today"])),
    )
    write_url(f)


def _reset() -> None:
    write_url(Filters(period=default_period(today(), default_cutoff())))


def _set_widgets(f: Filters) -> None:
    """Make the widgets show ``f`` (set before they are drawn in this run)."""
    wanted = {
        W["period"]: CUSTOM if f.period.kind == "custom" else f.period.code,
        W["grain"]: f.grain,
        W["orgs"]: list(f.orgs),
        W["units"]: list(f.units),
        W["themes"]: list(f.themes),
        W["activity_types"]: list(f.activity_types),
        W["units_as_today"]: f.units_as_today,
    }
    # A range being picked (one date so far) is left alone.
    current_range = st.session_state.get(W["range"])
    if not (isinstance(current_range, (tuple, list)) and len(current_range) == 1):
        wanted[W["range"]] = (f.period.start, f.period.end)
    # Set every run: a widget of the same key on another page is another widget, whose state
    # Streamlit would otherwise drop on a page switch.
    for key, value in wanted.items():
        st.session_state[key] = value


# ── Options ──────────────────────────────────────────────────────────────────────────────────────


def period_options(current: Period, refs: References | None) -> list[str]:
    """Presets around today, then the halves, nine months, year and quarters of past years, the
    previous congress term, any other period the URL named, and the custom range."""
    cutoff = default_cutoff()
    now = presets(today(), cutoff)
    codes = [p.code for p in now]
    this_year = containing(today(), "year", cutoff).year
    first_year = this_year - PAST_YEARS
    if refs is not None and refs.first_date is not None:
        first_year = max(first_year, containing(refs.first_date, "year", cutoff).year)
    for year in range(this_year - 1, first_year - 1, -1):
        codes += [f"{year}-H1", f"{year}-H2", f"{year}-9M", f"{year}"]
        codes += [f"{year}-Q{n}" for n in (1, 2, 3, 4)]
    codes.append(now[-1].previous().code)
    if current.kind != "custom" and current.code not in codes:
        codes.insert(len(now), current.code)
    codes.append(CUSTOM)
    return list(dict.fromkeys(codes))


def _period_label(code: str, lang_: str) -> str:
    if code == CUSTOM:
        return t("filters.custom", lang_)
    try:
        return parse_period(code, cutoff=default_cutoff()).label(lang_)
    except ValueError:
        return code


def _unit_label(refs: References, lang_: str):
    rows = {r.code: r for r in refs.units.itertuples()}

    def label(code: str) -> str:
        r = rows.get(code)
        if r is None:
            return code
        if pd.notna(r.valid_to):
            return t("filters.dissolved", lang_, name=r.name, date=fmt_date(r.valid_to, lang_))
        return r.name

    return label


# ── The sidebar ──────────────────────────────────────────────────────────────────────────────────


def sidebar_filters(refs: References, lang_: str) -> Filters:
    """Draw the shared filters in the sidebar and return the Filters of this run."""
    f = current_filters(refs)
    write_url(f)
    _set_widgets(f)
    sb = st.sidebar
    sb.subheader(t("filters.heading", lang_))
    options = period_options(f.period, refs)
    sb.selectbox(
        t("filters.period", lang_),
        options,
        key=W["period"],
        format_func=lambda code: _period_label(code, lang_),
        on_change=_widgets_to_url,
    )
    if f.period.kind == "custom":
        sb.date_input(
            t("filters.range", lang_),
            key=W["range"],
            format="DD/MM/YYYY",
            min_value=dt.date(1990, 1, 1),
            max_value=dt.date(2100, 12, 31),
            on_change=_widgets_to_url,
        )
    sb.caption(
        t(
            "filters.summary",
            lang_,
            period=f.period.label(lang_),
            start=fmt_date(f.period.start, lang_),
            end=fmt_date(f.period.end, lang_),
        )
    )
    sb.selectbox(
        t("filters.grain", lang_),
        GRAINS,
        key=W["grain"],
        format_func=lambda g: t(f"grain.{g}", lang_),
        on_change=_widgets_to_url,
    )
    all_ = t("filters.all", lang_)
    org_codes = list(dict.fromkeys([*refs.orgs, *ORG_TYPES]))
    sb.multiselect(
        t("filters.orgs", lang_),
        org_codes,
        key=W["orgs"],
        format_func=lambda c: refs.label("orgs", c, lang_),
        placeholder=all_,
        on_change=_widgets_to_url,
    )
    sb.multiselect(
        t("filters.units", lang_),
        refs.unit_codes,
        key=W["units"],
        format_func=_unit_label(refs, lang_),
        placeholder=all_,
        on_change=_widgets_to_url,
    )
    sb.toggle(
        t("filters.as_today", lang_),
        key=W["units_as_today"],
        help=t("filters.as_today_help", lang_),
        on_change=_widgets_to_url,
    )
    sb.multiselect(
        t("filters.themes", lang_),
        list(dict.fromkeys([*THEMES, *refs.themes])),
        key=W["themes"],
        format_func=lambda c: refs.label("themes", c, lang_),
        placeholder=all_,
        on_change=_widgets_to_url,
    )
    sb.multiselect(
        t("filters.types", lang_),
        list(dict.fromkeys([*ACTIVITY_TYPES, *refs.types])),
        key=W["activity_types"],
        format_func=lambda c: refs.label("types", c, lang_),
        placeholder=all_,
        on_change=_widgets_to_url,
    )
    sb.button(t("filters.reset", lang_), on_click=_reset, icon=":material/filter_alt_off:", key="f_reset")
    return f


def period_caption(f: Filters, lang_: str) -> str:
    """ "6 tháng cuối năm 2026 · từ 01/07/2026 đến 31/12/2026"."""
    return t(
        "filters.summary",
        lang_,
        period=f.period.label(lang_),
        start=fmt_date(f.period.start, lang_),
        end=fmt_date(f.period.end, lang_),
    )

"""doanthe dashboard entry point: page config, language switch, navigation. Pages do the rest.

Run with ``streamlit run dashboard/app.py`` (``make run``).
"""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run dashboard/app.py` puts dashboard/ on sys.path, not the project root.
_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

import streamlit as st  # noqa: E402

from dashboard.i18n import LANG_NAMES, LANGS, normalize_lang, t  # noqa: E402

PAGES = Path(__file__).resolve().parent / "app_pages"
LANG_KEY = "_lang_switch"


def _lang_to_url() -> None:
    st.query_params["lang"] = st.session_state[LANG_KEY]


st.set_page_config(page_title=t("app.title"), layout="wide")

# The language lives in the URL (?lang=vi|en) so a shared link keeps it. A page switch drops
# query params, so without one the session's last choice is kept.
lang = normalize_lang(st.query_params.get("lang") or st.session_state.get(LANG_KEY))
if st.query_params.get("lang") != lang:
    st.query_params["lang"] = lang
if st.session_state.get(LANG_KEY) != lang:
    st.session_state[LANG_KEY] = lang
st.sidebar.radio(
    t("app.lang_switch", lang),
    LANGS,
    format_func=LANG_NAMES.__getitem__,
    key=LANG_KEY,
    on_change=_lang_to_url,
    horizontal=True,
)

page = st.navigation(
    [
        st.Page(
            PAGES / "overview.py",
            title=t("nav.overview", lang),
            icon=":material/dashboard:",
            url_path="tong-quan",
            default=True,
        ),
        st.Page(
            PAGES / "trends.py",
            title=t("nav.trends", lang),
            icon=":material/show_chart:",
            url_path="xu-huong",
        ),
        st.Page(
            PAGES / "organizations.py",
            title=t("nav.organizations", lang),
            icon=":material/groups:",
            url_path="to-chuc",
        ),
        st.Page(
            PAGES / "themes.py",
            title=t("nav.themes", lang),
            icon=":material/label:",
            url_path="chu-de",
        ),
        st.Page(
            PAGES / "targets.py",
            title=t("nav.targets", lang),
            icon=":material/flag:",
            url_path="chi-tieu",
        ),
        st.Page(
            PAGES / "meetings.py",
            title=t("nav.meetings", lang),
            icon=":material/event_note:",
            url_path="hoi-nghi",
        ),
        st.Page(
            PAGES / "records.py", title=t("nav.records", lang), icon=":material/table:", url_path="du-lieu"
        ),
        st.Page(
            PAGES / "warehouse.py",
            title=t("nav.warehouse", lang),
            icon=":material/database:",
            url_path="kho-du-lieu",
        ),
    ]
)
page.run()

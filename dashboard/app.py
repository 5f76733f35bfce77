"""doanthe dashboard entry point: page config, language switch, login, navigation by role.

Run with ``streamlit run dashboard/app.py`` (``make run``). Nobody logged in gets the login page
and nothing else, whatever the URL asks for; a logged-in account gets the pages its role allows.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run dashboard/app.py` puts dashboard/ on sys.path, not the project root.
_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

import streamlit as st  # noqa: E402

from dashboard import auth, navigation  # noqa: E402
from dashboard.i18n import LANG_NAMES, LANGS, normalize_lang, t  # noqa: E402
from etl.config import default_db_path  # noqa: E402

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

WAREHOUSE = default_db_path()
account = auth.current_account(WAREHOUSE)
auth.sync_cookie(account)

if account is None:
    # Every page's address opens the login, so a shared link asks for the login and then, once
    # logged in, opens what it pointed to (an address the account may not open goes to the overview).
    def show_login() -> None:
        auth.login_page(WAREHOUSE, lang)

    login = t("auth.heading", lang)
    st.navigation(
        [st.Page(show_login, title=login, url_path="dang-nhap", default=True)]
        + [st.Page(show_login, title=login, url_path=spec.url_path) for spec in navigation.PAGES],
        position="hidden",
    ).run()
    st.stop()

with st.sidebar:
    st.caption(t("auth.signed_in_as", lang, name=account.display_name, role=t(f"role.{account.role}", lang)))
    if st.button(t("auth.logout", lang), icon=":material/logout:", key="_logout"):
        auth.log_out(WAREHOUSE)
        st.rerun()

sections: dict[str, list] = {}
for spec in navigation.allowed(account):
    page = st.Page(
        spec.path, title=t(spec.title, lang), icon=spec.icon, url_path=spec.url_path, default=spec.default
    )
    sections.setdefault(t(f"nav.section.{spec.section}", lang), []).append(page)
st.navigation(sections).run()

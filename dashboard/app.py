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

from dashboard import auth  # noqa: E402
from dashboard.i18n import LANG_NAMES, LANGS, normalize_lang, t  # noqa: E402
from etl.config import default_db_path  # noqa: E402

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

WAREHOUSE = default_db_path()
account = auth.current_account(WAREHOUSE)
auth.sync_cookie(account)

if account is None:
    login = st.Page(
        lambda: auth.login_page(WAREHOUSE, lang),
        title=t("auth.heading", lang),
        icon=":material/login:",
        url_path="dang-nhap",
        default=True,
    )
    st.navigation([login], position="hidden").run()
    st.stop()


def _page(name: str, title: str, icon: str, url_path: str, **kwargs) -> st.Page:
    return st.Page(PAGES / f"{name}.py", title=t(title, lang), icon=icon, url_path=url_path, **kwargs)


dashboard_pages = [
    _page("overview", "nav.overview", ":material/dashboard:", "tong-quan", default=True),
    _page("trends", "nav.trends", ":material/show_chart:", "xu-huong"),
    _page("organizations", "nav.organizations", ":material/groups:", "to-chuc"),
    _page("themes", "nav.themes", ":material/label:", "chu-de"),
    _page("targets", "nav.targets", ":material/flag:", "chi-tieu"),
    _page("meetings", "nav.meetings", ":material/event_note:", "hoi-nghi"),
    _page("records", "nav.records", ":material/table:", "du-lieu"),
    _page("report", "nav.report", ":material/description:", "bao-cao"),
]
data_pages = []
if auth.can(account, "upload"):
    data_pages.append(_page("upload", "nav.upload", ":material/upload_file:", "nap-du-lieu"))
if auth.can(account, "upload") or auth.can(account, "rollback_any"):
    data_pages.append(_page("batches", "nav.batches", ":material/history:", "lo-du-lieu"))
if auth.can(account, "manage_accounts"):
    data_pages.append(_page("admin", "nav.admin", ":material/admin_panel_settings:", "quan-tri"))
    data_pages.append(_page("warehouse", "nav.warehouse", ":material/database:", "kho-du-lieu"))

with st.sidebar:
    st.caption(t("auth.signed_in_as", lang, name=account.display_name, role=t(f"role.{account.role}", lang)))
    if st.button(t("auth.logout", lang), icon=":material/logout:", key="_logout"):
        auth.log_out(WAREHOUSE)
        st.rerun()

sections = {t("nav.section.dashboard", lang): dashboard_pages}
if data_pages:
    sections[t("nav.section.data", lang)] = data_pages
st.navigation(sections).run()

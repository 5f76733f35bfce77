"""The app's pages: file, title, icon, URL path, and what an account must be allowed to see each.

One list, read by the app shell (``dashboard/app.py``) to build the navigation of the account
logged in, and by the tests. No Streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from etl.accounts import Account

PAGES_DIR = Path(__file__).resolve().parent / "app_pages"


@dataclass(frozen=True)
class PageSpec:
    file: str  # in dashboard/app_pages/
    title: str  # translation key
    icon: str
    url_path: str
    needs: tuple[str, ...] = ("view",)  # any of these actions (etl.accounts.Account.can)
    section: str = "dashboard"  # dashboard | data
    default: bool = False

    @property
    def path(self) -> Path:
        return PAGES_DIR / self.file


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview.py", "nav.overview", ":material/dashboard:", "tong-quan", default=True),
    PageSpec("trends.py", "nav.trends", ":material/show_chart:", "xu-huong"),
    PageSpec("organizations.py", "nav.organizations", ":material/groups:", "to-chuc"),
    PageSpec("themes.py", "nav.themes", ":material/label:", "chu-de"),
    PageSpec("targets.py", "nav.targets", ":material/flag:", "chi-tieu"),
    PageSpec("meetings.py", "nav.meetings", ":material/event_note:", "hoi-nghi"),
    PageSpec("records.py", "nav.records", ":material/table:", "du-lieu"),
    PageSpec("report.py", "nav.report", ":material/description:", "bao-cao"),
    PageSpec("upload.py", "nav.upload", ":material/upload_file:", "nap-du-lieu", ("upload",), "data"),
    PageSpec(
        "batches.py", "nav.batches", ":material/history:", "lo-du-lieu", ("upload", "rollback_any"), "data"
    ),
    PageSpec(
        "admin.py", "nav.admin", ":material/admin_panel_settings:", "quan-tri", ("manage_accounts",), "data"
    ),
    PageSpec(
        "warehouse.py", "nav.warehouse", ":material/database:", "kho-du-lieu", ("manage_accounts",), "data"
    ),
)


def allowed(account: Account | None) -> list[PageSpec]:
    """The pages ``account`` may open, in navigation order (none for nobody)."""
    if account is None or not account.active:
        return []
    return [spec for spec in PAGES if any(account.can(action) for action in spec.needs)]

"""The report's charts as PNG images, drawn by the system Chromium through Kaleido.

The figures are the dashboard's own (:mod:`dashboard.charts`), restyled for paper (white
background, a font with Vietnamese diacritics, a fixed size). :func:`render` draws them all in one
browser session (Kaleido 1.x, MathJax off and plotly.js from the installed package, so nothing is
downloaded at run time). Chromium is ``$BROWSER_PATH`` or the system's ``chromium``. When it is
missing or fails, :func:`render` says why and returns no images: the report is then written with
its tables and a note in place of each chart. No Streamlit here.
"""

from __future__ import annotations

import asyncio
import os
import queue
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from dashboard import charts
from dashboard.report import phrases as ph
from dashboard.report.model import Report

__all__ = ["CHART_FONT", "Chart", "Rendered", "browser_path", "figures", "render"]

CHART_FONT = "Noto Sans, DejaVu Sans, Liberation Sans, Arial, sans-serif"
WIDTH = 1100
SCALE = 2
RENDER_TIMEOUT_SECONDS = 60
BROWSER_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
TOP_THEMES = 8
# One Chromium at a time per process: several sessions asking at once wait their turn.
_LOCK = threading.Lock()
PROGRESS_COLORS = [
    [0.0, "#C0392B"],
    [0.35, "#E67E22"],
    [0.6, "#F7DC6F"],
    [0.667, "#A9D18E"],
    [1.0, "#1E8449"],
]
PROGRESS_MAX = 150
# Short, distinct column names for the targets chart (the dashboard cuts long labels at 14
# characters, which would make two of the full labels the same).
INDICATOR_TICKS = {
    "activities": "Hoạt động",
    "participants": "Tham gia",
    "beneficiaries": "Hưởng lợi",
    "funds_vnd": "Kinh phí",
    "houses": "Nhà xây, sửa",
    "new_members": "Kết nạp mới",
    "members": "Hội viên",
}


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    figure: go.Figure
    height: int


@dataclass(frozen=True)
class Rendered:
    """PNG bytes per chart key (missing when not drawn) and, if drawing failed, why."""

    images: dict[str, bytes]
    error: str | None = None


def browser_path() -> str | None:
    """The Chromium to draw with: ``$BROWSER_PATH`` if set, else the system's."""
    env = os.environ.get("BROWSER_PATH")
    if env:
        return env if Path(env).is_file() else None
    for candidate in BROWSER_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _paper(fig: go.Figure, height: int) -> go.Figure:
    """The dashboard's figure for paper (its title is the document's caption, not in the image)."""
    fig = go.Figure(fig)
    fig.update_layout(
        template="plotly_white",
        font={"family": CHART_FONT, "size": 15, "color": "#222222"},
        width=WIDTH,
        height=height,
        margin={"t": 30, "b": 20, "l": 20, "r": 30},
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    return fig


def figures(r: Report) -> list[Chart]:
    """The report's charts: activities over time against last year, organizations ranked, the main
    themes, progress against targets (each only when it has something to show)."""
    out: list[Chart] = []
    if not r.has_activities:
        return out
    trend = charts.without_future(r.frames["trend"], r.today)
    unit = {"month": "tháng", "quarter": "quý", "half": "kỳ", "year": "năm"}[r.grain]
    fig = charts.trend_figure(
        trend,
        lang="vi",
        grain=r.grain,
        cutoff=r.period.cutoff,
        y_title="Số hoạt động",
        by=None,
        label=lambda _: "Tổng",
    )
    out.append(Chart("trend", f"Số hoạt động theo {unit}, so với cùng kỳ năm trước", fig, 520))
    by_org = r.frames["by_org"]
    if len(by_org) > 1:
        fig = charts.ranking_figure(
            by_org,
            lang="vi",
            indicator="activities",
            label=r.labels.short,
            last_year_column="activities_last_year",
        )
        out.append(
            Chart(
                "orgs",
                "Số hoạt động theo tổ chức (vạch đen: cùng kỳ năm trước)",
                fig,
                max(420, 60 * len(by_org) + 160),
            )
        )
    themes = pd.DataFrame(
        [
            {"theme": t.code, "activities": t.activities, "given": t.given, "inferred": t.inferred}
            for t in r.themes
            if t.activities
        ]
    )
    if not themes.empty:
        fig = charts.themes_figure(themes, lang="vi", label=r.labels.theme, top=TOP_THEMES)
        rows = min(TOP_THEMES, len(themes))
        out.append(Chart("themes", "Các chủ đề có nhiều hoạt động nhất", fig, max(420, 52 * rows + 170)))
    grid = pd.DataFrame(
        [
            {"org": t.org, "indicator": t.indicator, "percent": t.percent}
            for t in r.targets
            if t.percent is not None
        ]
    )
    if not grid.empty:
        grid["shown"] = grid["percent"].clip(upper=PROGRESS_MAX)
        from dashboard.report.tables import INDICATOR_LABELS

        orgs = list(dict.fromkeys(o.code for o in r.orgs if o.code in set(grid["org"])))
        indicators = [i for i in INDICATOR_LABELS if i in set(grid["indicator"])]
        fig = charts.heatmap_figure(
            grid,
            lang="vi",
            row="org",
            column="indicator",
            value="shown",
            rows=orgs,
            columns=indicators,
            row_label=r.labels.org,
            column_label=lambda c: INDICATOR_LABELS.get(c, c),
            x_title="Chỉ số",
            y_title="Tổ chức",
            text=lambda v: f"{ph.decimal(v, 0)}%",
            row_tick=r.labels.short,
            column_tick=lambda c: INDICATOR_TICKS.get(c, c),
            text_value="percent",
            colorscale=PROGRESS_COLORS,
            zmin=0,
            zmax=PROGRESS_MAX,
        )
        fig.update_traces(textfont={"size": 14})
        title = f"Tỷ lệ thực hiện chỉ tiêu năm {r.target_year} (lũy kế đến ngày {ph.vn_date(r.results_end)})"
        out.append(Chart("targets", title, fig, max(420, 48 * len(orgs) + 200)))
    return [Chart(c.key, c.title, _paper(c.figure, c.height), c.height) for c in out]


class Session:
    """A Chromium session started ahead of the charts (its start-up, the slow part, overlaps the
    queries and the writing), then given the charts once with :meth:`draw`.

    The browser runs in a thread of its own with its own event loop (the caller may run one
    already, as Streamlit does). One session at a time per process (``_LOCK``). Any failure —
    no Chromium, a crash, a time-out — ends as a :class:`Rendered` without images and with the
    reason; :meth:`close` ends a session whose charts are not wanted.
    """

    def __init__(self, *, timeout: float = RENDER_TIMEOUT_SECONDS) -> None:
        self.timeout = timeout
        self._inbox: queue.Queue = queue.Queue()
        self._outbox: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._error: str | None = None
        self._path = browser_path()
        if self._path is None:
            self._error = "không tìm thấy trình duyệt Chromium để vẽ biểu đồ"
            return
        try:
            import kaleido  # noqa: F401
        except ImportError:
            self._error = "chưa cài gói kaleido để vẽ biểu đồ"
            return
        self._thread = threading.Thread(target=self._run, name="report-charts", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        with _LOCK:
            try:
                self._outbox.put(("ok", asyncio.run(self._main())))
            except BaseException as exc:  # reported to the caller of draw()
                self._outbox.put(("error", exc))

    async def _main(self) -> dict[str, bytes]:
        import kaleido

        images: dict[str, bytes] = {}
        async with kaleido.Kaleido(n=1, timeout=self.timeout, mathjax=False, path=self._path) as k:
            chart_list = await asyncio.to_thread(self._inbox.get)
            for c in chart_list or ():
                opts = {"format": "png", "width": WIDTH, "height": c.height, "scale": SCALE}
                images[c.key] = await k.calc_fig(c.figure, opts=opts)
        return images

    def draw(self, chart_list: list[Chart]) -> Rendered:
        """Every chart as a PNG; on any failure, no images and the reason."""
        if self._thread is None:
            return Rendered({}, self._error if chart_list else None)
        self._inbox.put(list(chart_list))
        try:
            kind, value = self._outbox.get(timeout=self.timeout * 2)
        except queue.Empty:
            return Rendered({}, f"không vẽ được biểu đồ (quá {int(self.timeout * 2)} giây)")
        finally:
            self._thread = None
        if kind == "error":
            return Rendered({}, f"không vẽ được biểu đồ ({type(value).__name__}: {str(value)[:200]})")
        return Rendered(value)

    def close(self) -> None:
        """End the session without drawing (waits briefly for the browser to close)."""
        if self._thread is not None:
            thread, self._thread = self._thread, None
            self._inbox.put(None)
            thread.join(10)


def render(chart_list: list[Chart], *, timeout: float = RENDER_TIMEOUT_SECONDS) -> Rendered:
    """Every chart as a PNG, in one Chromium session; on any failure, no images and the reason."""
    if not chart_list:
        return Rendered({})
    return Session(timeout=timeout).draw(chart_list)

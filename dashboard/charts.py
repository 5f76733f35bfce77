"""DataFrame → plotly figure, the same way on every page.

Each organization keeps one colour on every chart (:data:`ORG_COLORS`), each theme too; numbers
are formatted for the language (``1.234.567`` / ``1,234,567`` through ``layout.separators``),
time buckets are labelled by :func:`dashboard.periods.bucket_label` ("T6/2024", "Quý II/2024"),
and every axis has a translated title. Names from reference data are HTML-escaped (plotly reads
a little HTML in trace names and tick labels). No Streamlit here.
"""

from __future__ import annotations

import html
import zlib
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from dashboard.filters import THEMES
from dashboard.i18n import fmt_int, plotly_separators, t
from dashboard.periods import Cutoff, bucket_label

# One colour per organization type, the same on every chart (Okabe–Ito, colour-blind safe).
ORG_COLORS = {
    "MTTQ": "#D55E00",
    "LDLD": "#0072B2",
    "HLHPN": "#CC79A7",
    "DTN": "#56B4E9",
    "HND": "#009E73",
    "HCCB": "#E69F00",
    "HLHTN": "#B8A300",
}
_EXTRA_COLORS = ("#4D4D4D", "#8C564B", "#7F3C8D", "#11A579", "#3969AC", "#E73F74")
# One colour per theme code (in the fixed order of the theme list).
_THEME_PALETTE = (
    "#1F77B4",
    "#FF7F0E",
    "#2CA02C",
    "#D62728",
    "#9467BD",
    "#8C564B",
    "#E377C2",
    "#7F7F7F",
    "#BCBD22",
    "#17BECF",
    "#393B79",
    "#AD494A",
    "#637939",
    "#8C6D31",
    "#843C39",
    "#7B4173",
    "#3182BD",
    "#31A354",
)
THEME_COLORS = dict(zip(THEMES, _THEME_PALETTE, strict=True))
TOTAL_COLOR = "#1B4F8A"
LAST_YEAR_COLOR = "#8A8A8A"
INFERRED_COLOR = "#9CC3E6"
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
_LABEL_CHARS = 32


def org_color(code: str) -> str:
    """The organization type's colour; unknown codes get a stable one from their name."""
    return ORG_COLORS.get(code) or _EXTRA_COLORS[zlib.crc32(str(code).encode()) % len(_EXTRA_COLORS)]


def theme_color(code: str) -> str:
    return THEME_COLORS.get(code) or _EXTRA_COLORS[zlib.crc32(str(code).encode()) % len(_EXTRA_COLORS)]


def series_color(by: str | None, code: str) -> str:
    if by == "org":
        return org_color(code)
    if by == "theme":
        return theme_color(code)
    return TOTAL_COLOR


def short(text: str, limit: int = _LABEL_CHARS) -> str:
    """A label cut to ``limit`` characters with an ellipsis (axis ticks on a phone)."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,") + "…"


def _esc(text) -> str:
    return html.escape(str(text))


def _layout(fig: go.Figure, lang: str, *, x_title: str, y_title: str, height: int, **extra) -> go.Figure:
    fig.update_layout(
        separators=plotly_separators(lang),
        xaxis={"title": {"text": _esc(x_title)}, "automargin": True},
        yaxis={"title": {"text": _esc(y_title)}, "automargin": True},
        legend={"orientation": "h", "yanchor": "top", "y": -0.25, "x": 0, "title": {"text": ""}},
        margin={"t": 10, "b": 10, "l": 10, "r": 10},
        height=height,
        hoverlabel={"namelength": -1},
        **extra,
    )
    return fig


def bucket_axis(starts, grain: str, lang: str, cutoff: Cutoff) -> list[str]:
    return [bucket_label(pd.Timestamp(s).date(), grain, lang, cutoff) for s in starts]


def without_future(df: pd.DataFrame, today) -> pd.DataFrame:
    """This period's values of buckets that have not begun yet are unknown, not zero."""
    out = df.copy()
    future = pd.to_datetime(out["bucket_start"]) > pd.Timestamp(today)
    out["value"] = out["value"].astype("Float64").mask(future)
    return out


def trend_figure(
    df: pd.DataFrame,
    *,
    lang: str,
    grain: str,
    cutoff: Cutoff,
    y_title: str,
    by: str | None,
    label: Callable[[str], str],
    last_year: bool = True,
) -> go.Figure:
    """Lines per series over the buckets (``trend`` output); last year's as dashed lines of the
    same colour, toggled with their series, and one legend entry explaining the dashes."""
    starts = sorted(df["bucket_start"].unique())
    axis = bucket_axis(starts, grain, lang, cutoff)
    x_of = dict(zip(starts, axis, strict=True))
    fig = go.Figure()
    series = list(dict.fromkeys(df["series"]))
    if by == "org":
        series.sort(key=lambda c: (list(ORG_COLORS).index(c) if c in ORG_COLORS else 99, c))
    for code in series:
        rows = df[df["series"] == code].sort_values("bucket_start")
        x = [x_of[s] for s in rows["bucket_start"]]
        name = _esc(t("chart.this_period", lang) if by is None else label(code))
        color = series_color(by, code)
        fig.add_scatter(
            x=x,
            y=rows["value"].astype("float64"),
            name=name,
            legendgroup=str(code),
            mode="lines+markers",
            line={"color": color, "width": 2.5},
            hovertemplate="%{fullData.name}<br>%{x}: %{y:,d}<extra></extra>",
        )
        if last_year:
            fig.add_scatter(
                x=x,
                y=rows["last_year"].astype("float64"),
                name=_esc(t("chart.last_year", lang))
                if by is None
                else _esc(t("chart.last_year_of", lang, name=label(code))),
                legendgroup=str(code),
                showlegend=by is None,
                mode="lines",
                line={"color": LAST_YEAR_COLOR if by is None else color, "width": 1.5, "dash": "dash"},
                opacity=1 if by is None else 0.6,
                hovertemplate="%{fullData.name}<br>%{x}: %{y:,d}<extra></extra>",
            )
    if last_year and by is not None:
        fig.add_scatter(
            x=[axis[0]] if axis else [],
            y=[None],
            name=_esc(t("chart.last_year", lang)),
            mode="lines",
            line={"color": LAST_YEAR_COLOR, "dash": "dash"},
            hoverinfo="skip",
        )
    _layout(
        fig,
        lang,
        x_title=t(f"grain.{grain}", lang),
        y_title=y_title,
        height=420,
    )
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=axis)
    fig.update_yaxes(tickformat=",d", rangemode="tozero")
    return fig


def ranking_figure(
    df: pd.DataFrame,
    *,
    lang: str,
    indicator: str,
    label: Callable[[str], str],
    last_year_column: str | None = None,
) -> go.Figure:
    """Horizontal bars, best at the top, one colour per organization; last year as a grey mark."""
    rows = df.sort_values([indicator, "org"], ascending=[True, False])
    names = [_esc(short(label(c), 26)) for c in rows["org"]]
    fig = go.Figure()
    fig.add_bar(
        x=rows[indicator].astype("float64"),
        y=names,
        orientation="h",
        marker_color=[org_color(c) for c in rows["org"]],
        name=_esc(t("chart.this_period", lang)),
        customdata=[_esc(label(c)) for c in rows["org"]],
        hovertemplate="%{customdata}: %{x:,d}<extra></extra>",
    )
    if last_year_column and last_year_column in rows:
        fig.add_scatter(
            x=rows[last_year_column].astype("float64"),
            y=names,
            mode="markers",
            marker={"symbol": "line-ns", "size": 18, "line": {"width": 3, "color": "#333333"}},
            name=_esc(t("chart.last_year", lang)),
            customdata=[_esc(label(c)) for c in rows["org"]],
            hovertemplate="%{customdata} — " + _esc(t("chart.last_year", lang)) + ": %{x:,d}<extra></extra>",
        )
    _layout(
        fig,
        lang,
        x_title=t(f"indicator.{indicator}", lang),
        y_title=t("chart.org", lang),
        height=max(260, 48 * len(rows) + 120),
    )
    fig.update_xaxes(tickformat=",d", rangemode="tozero")
    return fig


def themes_figure(df: pd.DataFrame, *, lang: str, label: Callable[[str], str], top: int = 8) -> go.Figure:
    """Top themes by activities (``theme``, ``given``, ``inferred``): stacked given + inferred."""
    rows = df.sort_values(["activities", "theme"], ascending=[False, True]).head(top).iloc[::-1]
    names = [_esc(short(label(c))) for c in rows["theme"]]
    full = [_esc(label(c)) for c in rows["theme"]]
    fig = go.Figure()
    fig.add_bar(
        x=rows["given"].astype("float64"),
        y=names,
        orientation="h",
        marker_color=[theme_color(c) for c in rows["theme"]],
        name=_esc(t("chart.themes_given", lang)),
        customdata=full,
        hovertemplate="%{customdata}<br>%{fullData.name}: %{x:,d}<extra></extra>",
    )
    fig.add_bar(
        x=rows["inferred"].astype("float64"),
        y=names,
        orientation="h",
        marker={"color": [theme_color(c) for c in rows["theme"]], "opacity": 0.45, "pattern": {"shape": "/"}},
        name=_esc(t("chart.themes_inferred", lang)),
        customdata=full,
        hovertemplate="%{customdata}<br>%{fullData.name}: %{x:,d}<extra></extra>",
    )
    _layout(
        fig,
        lang,
        x_title=t("chart.activities_with_theme", lang),
        y_title=t("chart.theme", lang),
        height=max(260, 44 * len(rows) + 120),
        barmode="stack",
    )
    fig.update_xaxes(tickformat=",d", rangemode="tozero")
    return fig


def units_figure(
    df: pd.DataFrame,
    *,
    lang: str,
    indicator: str,
    color: str,
    label: Callable[[str], str],
    last_year_column: str | None = None,
) -> go.Figure:
    """Horizontal bars per unit (``by_unit`` output), most first, in the organization's colour;
    last year as a grey mark."""
    rows = df.sort_values([indicator, "unit"], ascending=[True, False])
    full = [_esc(label(c)) for c in rows["unit"]]
    names = [_esc(short(label(c), 26)) for c in rows["unit"]]
    fig = go.Figure()
    fig.add_bar(
        x=rows[indicator].astype("float64"),
        y=names,
        orientation="h",
        marker_color=color,
        name=_esc(t("chart.this_period", lang)),
        customdata=full,
        hovertemplate="%{customdata}: %{x:,d}<extra></extra>",
    )
    if last_year_column and last_year_column in rows:
        fig.add_scatter(
            x=rows[last_year_column].astype("float64"),
            y=names,
            mode="markers",
            marker={"symbol": "line-ns", "size": 14, "line": {"width": 3, "color": "#333333"}},
            name=_esc(t("chart.last_year", lang)),
            customdata=full,
            hovertemplate="%{customdata} — " + _esc(t("chart.last_year", lang)) + ": %{x:,d}<extra></extra>",
        )
    _layout(
        fig,
        lang,
        x_title=t(f"indicator.{indicator}", lang),
        y_title=t("chart.unit", lang),
        height=max(260, 26 * len(rows) + 130),
        bargap=0.25,
    )
    fig.update_yaxes(categoryorder="array", categoryarray=names)
    fig.update_xaxes(tickformat=",d", rangemode="tozero")
    return fig


HEAT_COLORS = [[0.0, "#F4F8FC"], [0.5, "#7FB2DA"], [1.0, "#0B4F8A"]]


def heatmap_figure(
    df: pd.DataFrame,
    *,
    lang: str,
    row: str,
    column: str,
    value: str,
    row_label: Callable[[str], str],
    column_label: Callable[[str], str],
    x_title: str,
    y_title: str,
    rows: list[str] | None = None,
    columns: list[str] | None = None,
    text: Callable[[float], str] | None = None,
    text_value: str | None = None,
    row_tick: Callable[[str], str] | None = None,
    column_tick: Callable[[str], str] | None = None,
    colorscale=None,
    zmin: float | None = None,
    zmax: float | None = None,
    zmid: float | None = None,
    colorbar_title: str = "",
    show_scale: bool = False,
) -> go.Figure:
    """A grid of ``value`` by ``row`` (y) × ``column`` (x) from long rows (one per cell); absent
    cells are blank.
    ``text`` formats each cell's text (of ``text_value`` if given, e.g. an unclipped value), which
    the hover shows too. The first row is at the top; labels shortened on the axes, whole in the hover; each cell
    shows its value (so the colour scale is off by default: it costs a phone a fifth of the width)."""
    rows = rows if rows is not None else list(dict.fromkeys(df[row]))
    columns = columns if columns is not None else list(dict.fromkeys(df[column]))
    grid = df.pivot_table(index=row, columns=column, values=value, aggfunc="first").reindex(
        index=rows, columns=columns
    )
    z = grid.to_numpy(dtype="float64")
    shown = z
    if text_value is not None:
        shown = (
            df.pivot_table(index=row, columns=column, values=text_value, aggfunc="first")
            .reindex(index=rows, columns=columns)
            .to_numpy(dtype="float64")
        )
    text = text or (lambda v: fmt_int(v, lang))
    cell_text = [["" if v != v else text(float(v)) for v in line] for line in shown]
    row_tick = row_tick or row_label
    column_tick = column_tick or column_label
    full = [[f"{_esc(row_label(r))}<br>{_esc(column_label(c))}" for c in columns] for r in rows]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[_esc(short(column_tick(c), 14)) for c in columns],
            y=[_esc(short(row_tick(r), 22)) for r in rows],
            text=cell_text,
            customdata=full,
            colorscale=colorscale or HEAT_COLORS,
            zmin=zmin,
            zmax=zmax,
            zmid=zmid,
            texttemplate="%{text}",
            textfont={"size": 10},
            hovertemplate="%{customdata}: %{text}<extra></extra>",
            xgap=2,
            ygap=2,
            showscale=show_scale,
            colorbar={"title": {"text": _esc(colorbar_title)}, "thickness": 12, "tickformat": ",d"},
        )
    )
    _layout(fig, lang, x_title=x_title, y_title=y_title, height=max(300, 30 * len(rows) + 170))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category", side="top")
    return fig


def share_figure(
    df: pd.DataFrame,
    *,
    lang: str,
    grain: str,
    cutoff: Cutoff,
    series: str,
    value: str,
    label: Callable[[str], str],
    color: Callable[[str], str],
    y_title: str,
) -> go.Figure:
    """Stacked bars of each series' share (0–1 in ``value``) per bucket (``bucket_start``)."""
    starts = sorted(df["bucket_start"].unique())
    axis = bucket_axis(starts, grain, lang, cutoff)
    x_of = dict(zip(starts, axis, strict=True))
    fig = go.Figure()
    for code in dict.fromkeys(df[series]):
        part = df[df[series] == code].sort_values("bucket_start")
        fig.add_bar(
            x=[x_of[s] for s in part["bucket_start"]],
            y=(part[value] * 100).astype("float64"),
            name=_esc(short(label(code), 40)),
            marker_color=color(code),
            customdata=[_esc(label(code))] * len(part),
            hovertemplate="%{customdata}<br>%{x}: %{y:.1f}%<extra></extra>",
        )
    _layout(fig, lang, x_title=t(f"grain.{grain}", lang), y_title=y_title, height=460, barmode="stack")
    fig.update_layout(legend={"y": -0.3})
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=axis)
    fig.update_yaxes(ticksuffix="%", range=[0, 100])
    return fig

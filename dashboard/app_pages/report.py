"""Báo cáo — the briefing pack for the chosen filters: a Word report and its Excel tables.

The screen, top to bottom: a heading and the period; what the pack holds; the "Tạo báo cáo" button,
which builds the pack (:func:`dashboard.report.pack.build_pack`, over the viewer's scope) inside a
status box with a progress bar; then the two download buttons, a note if the charts could not be
drawn, and a preview of the report's text (shown as plain text: it holds record text). A pack is
kept, bounded, per warehouse data version, filters, scope and day, so a download after a rerun or
the same pack asked again in another session is not built twice; a new batch makes a new one.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import streamlit as st

from dashboard import data, state
from dashboard.i18n import fmt_date, fmt_number, t
from dashboard.report import pack as report_pack

# ── Constants ────────────────────────────────────────────────────────────────────────────────────

PACKS_KEPT = 8  # generated packs kept in memory (a pack is a few hundred KB)
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# ── The packs kept ───────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Kept:
    """What a download needs of a generated pack."""

    docx: bytes
    xlsx: bytes
    docx_name: str
    xlsx_name: str
    text: str
    chart_error: str | None
    seconds: float
    place: str


class Packs:
    """A small LRU of generated packs, shared by the sessions of this server."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[tuple, Kept] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Kept | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple, value: Kept) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


@st.cache_resource
def packs() -> Packs:
    return Packs(PACKS_KEPT)


def pack_key(src: data.Source, f, scope) -> tuple:
    return (src.path, src.version, data.filters_key(f), data.scope_key(scope), state.today())


# ── Sections ─────────────────────────────────────────────────────────────────────────────────────


def generate(src: data.Source, f, scope, lang: str) -> Kept | None:
    """Build the pack with a status box and a progress bar; None (after saying why) on failure."""
    with st.status(t("report.working", lang), expanded=True) as status:
        bar = st.progress(0.0, text=t("report.step.data", lang))

        def progress(fraction: float, step: str) -> None:
            bar.progress(min(max(fraction, 0.0), 1.0), text=t(f"report.step.{step}", lang))

        try:
            pack = report_pack.build_pack(src.backend(), f, scope, today=state.today(), progress=progress)
        except Exception as exc:  # the page stays up and says what went wrong
            status.update(label=t("report.failed", lang, error=type(exc).__name__), state="error")
            st.error(t("report.failed", lang, error=str(exc)[:300]))
            return None
        seconds = pack.timings.get("total", 0.0)
        status.update(
            label=t("report.ready", lang, seconds=fmt_number(seconds, lang)), state="complete", expanded=False
        )
    return Kept(
        docx=pack.docx,
        xlsx=pack.xlsx,
        docx_name=pack.docx_name,
        xlsx_name=pack.xlsx_name,
        text=pack.narrative.text,
        chart_error=pack.chart_error,
        seconds=seconds,
        place=pack.report.place.name,
    )


def show_downloads(kept: Kept, f, lang: str) -> None:
    st.caption(
        t(
            "report.made_for",
            lang,
            period=f.period.label(lang),
            place=kept.place or "—",
            date=fmt_date(state.today(), lang),
        )
    )
    left, right = st.columns(2)
    with left:
        st.download_button(
            t("report.download_docx", lang),
            data=kept.docx,
            file_name=kept.docx_name,
            mime=report_pack.DOCX_MIME,
            icon=":material/description:",
            on_click="ignore",
            type="primary",
            key="report_docx",
        )
    with right:
        st.download_button(
            t("report.download_xlsx", lang),
            data=kept.xlsx,
            file_name=kept.xlsx_name,
            mime=XLSX_MIME,
            icon=":material/table_view:",
            on_click="ignore",
            key="report_xlsx",
        )
    if kept.chart_error:
        st.warning(t("report.chart_note", lang, error=kept.chart_error), icon=":material/bar_chart_off:")
    with st.expander(t("report.preview", lang)):
        st.text(kept.text)


# ── The screen ───────────────────────────────────────────────────────────────────────────────────

lang = state.lang()
st.title(t("report.heading", lang))

with data.open_source(lang) as src:
    if src is not None:
        refs = data.references(src)
        f = state.sidebar_filters(refs, lang)
        scope = state.viewer_scope()
        st.caption(state.period_caption(f, lang))
        kind = {"half": "sơ kết", "nine_months": "sơ kết", "year": "tổng kết", "term": "tổng kết"}.get(
            f.period.kind, "kết quả"
        )
        st.write(t("report.intro", lang, kind=kind, period=f.period.label(lang)))
        if f.themes or f.activity_types:
            st.caption(t("report.filters_note", lang))
        key = pack_key(src, f, scope)
        if st.button(
            t("report.generate", lang), icon=":material/article:", type="primary", key="report_generate"
        ):
            made = generate(src, f, scope, lang)
            if made is not None:
                packs().put(key, made)
        kept = packs().get(key)
        if kept is not None:
            show_downloads(kept, f, lang)

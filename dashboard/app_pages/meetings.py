"""Hội nghị & nhiệm vụ — the briefings of the period, the tasks they concluded, the late ones first.

The screen, top to bottom: a heading and the period; four cards (meetings, tasks, done, late);
the late tasks ("quá hạn": past their due date and not done), most overdue first, counted in the
heading; the meetings of the period with their task counts; a choice of meeting (by default the
latest briefing, "giao ban") and its concluding tasks with their status, late ones first. Record
text (titles, tasks, summaries) is shown as text or in tables, never as markdown or HTML.
Organizations narrow to the tasks assigned to them (and meetings they hosted or attended), units
to the meetings held there, themes to the tasks with the theme; activity types do not apply.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data, state
from dashboard.i18n import fmt_date, fmt_int, t

# ── Constants ────────────────────────────────────────────────────────────────────────────────────

BRIEFING = "giao_ban"
PICK_KEY = "mt_meeting"


# ── Loaders ──────────────────────────────────────────────────────────────────────────────────────


def load(src, f, scope) -> pd.DataFrame:
    return data.tasks_overview(src, f, scope, today=state.today())


def meetings_of(df: pd.DataFrame) -> pd.DataFrame:
    """One row per meeting with its task counts, newest first (the query's rows: a few hundred)."""
    rows = df.assign(
        _task=df["task_id"].notna(),
        _done=df["task_id"].notna() & (df["status"] == "hoan_thanh"),
        _late=df["late"],
    )
    out = rows.groupby("meeting_id", as_index=False, sort=False).agg(
        meeting_date=("meeting_date", "first"),
        meeting_type=("meeting_type", "first"),
        meeting_title=("meeting_title", "first"),
        host=("host", "first"),
        unit=("unit", "first"),
        unit_name=("unit_name", "first"),
        tasks=("_task", "sum"),
        done=("_done", "sum"),
        late=("_late", "sum"),
    )
    return out.sort_values(["meeting_date", "meeting_id"], ascending=[False, True]).reset_index(drop=True)


def default_meeting(meetings: pd.DataFrame) -> str:
    """The latest briefing of the period, else the latest meeting."""
    briefings = meetings[meetings["meeting_type"] == BRIEFING]
    return (briefings if not briefings.empty else meetings).iloc[0]["meeting_id"]


# ── Tables ───────────────────────────────────────────────────────────────────────────────────────


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def meeting_type_label(refs: data.References, code, lang: str) -> str:
    return _capital(refs.label("meeting_types", code, lang))


def status_label(refs: data.References, row, lang: str) -> str:
    text = _capital(refs.label("statuses", row.status, lang)) if isinstance(row.status, str) else ""
    if row.late:
        late = t("meetings.late_days", lang, days=fmt_int(row.days_late, lang))
        return f"{text} — {late}" if text else _capital(late)
    return text


def _themes(values, refs: data.References, lang: str) -> str:
    if values is None or isinstance(values, str) or not hasattr(values, "__len__"):
        return ""
    return "; ".join(refs.label("themes", v, lang) for v in list(values))


def unit_text(refs: data.References, code, name) -> str:
    if isinstance(name, str) and name:
        return name
    return refs.unit_name(code)


def late_table(df: pd.DataFrame, refs: data.References, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("col.days_late", lang): [fmt_int(v, lang) for v in df["days_late"]],
            t("col.due_date", lang): [fmt_date(v, lang) for v in df["due_date"]],
            t("col.assignee", lang): [data.host_label(refs, c, lang) for c in df["assignee"]],
            t("col.description", lang): df["description"].fillna("").astype(str),
            t("col.task_status", lang): [
                _capital(refs.label("statuses", s, lang)) if isinstance(s, str) else "" for s in df["status"]
            ],
            t("col.meeting_date", lang): [fmt_date(v, lang) for v in df["meeting_date"]],
            t("col.meeting_title", lang): df["meeting_title"].fillna("").astype(str),
        }
    )


def meetings_table(meetings: pd.DataFrame, refs: data.References, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("col.meeting_date", lang): [fmt_date(v, lang) for v in meetings["meeting_date"]],
            t("col.meeting_type", lang): [
                meeting_type_label(refs, c, lang) for c in meetings["meeting_type"]
            ],
            t("col.meeting_title", lang): meetings["meeting_title"].fillna("").astype(str),
            t("col.host", lang): [data.host_label(refs, c, lang) for c in meetings["host"]],
            t("col.unit", lang): [
                unit_text(refs, c, n) for c, n in zip(meetings["unit"], meetings["unit_name"], strict=True)
            ],
            t("col.tasks", lang): [fmt_int(v, lang) for v in meetings["tasks"]],
            t("col.done", lang): [fmt_int(v, lang) for v in meetings["done"]],
            t("col.late", lang): [fmt_int(v, lang) for v in meetings["late"]],
        }
    )


def tasks_table(tasks: pd.DataFrame, refs: data.References, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("col.assignee", lang): [data.host_label(refs, c, lang) for c in tasks["assignee"]],
            t("col.description", lang): tasks["description"].fillna("").astype(str),
            t("col.task_status", lang): [status_label(refs, r, lang) for r in tasks.itertuples()],
            t("col.due_date", lang): [fmt_date(v, lang) for v in tasks["due_date"]],
            t("col.completed_date", lang): [fmt_date(v, lang) for v in tasks["completed_date"]],
            t("col.themes", lang): [_themes(v, refs, lang) for v in tasks["themes"]],
        }
    )


# ── Sections ─────────────────────────────────────────────────────────────────────────────────────


def show_counts(df: pd.DataFrame, meetings: pd.DataFrame, lang: str) -> None:
    tasks = df[df["task_id"].notna()]
    figures = {
        "meetings": len(meetings),
        "tasks": len(tasks),
        "done": int((tasks["status"] == "hoan_thanh").sum()),
        "late": int(tasks["late"].sum()),
    }
    for column, (name, value) in zip(st.columns(len(figures)), figures.items(), strict=True):
        with column:
            st.metric(t(f"meetings.count.{name}", lang), fmt_int(value, lang), border=True)


def show_late(df: pd.DataFrame, f, refs: data.References, lang: str) -> None:
    late = df[df["late"]]
    st.subheader(t("meetings.late_heading", lang, count=fmt_int(len(late), lang)))
    if late.empty:
        st.success(t("meetings.no_late", lang, period=f.period.label(lang)), icon=":material/task_alt:")
        return
    st.caption(t("meetings.late_note", lang, today=fmt_date(state.today(), lang)))
    st.dataframe(late_table(late, refs, lang), hide_index=True, key="mt_late")


def show_meetings(meetings: pd.DataFrame, refs: data.References, lang: str) -> None:
    st.subheader(t("meetings.list_heading", lang))
    st.dataframe(meetings_table(meetings, refs, lang), hide_index=True, key="mt_list")


def show_meeting(df: pd.DataFrame, meetings: pd.DataFrame, refs: data.References, lang: str) -> None:
    st.subheader(t("meetings.tasks_heading", lang))
    by_id = meetings.set_index("meeting_id")
    ids = list(meetings["meeting_id"])
    if st.session_state.get(PICK_KEY) not in ids:
        st.session_state[PICK_KEY] = default_meeting(meetings)

    def label(meeting_id: str) -> str:
        m = by_id.loc[meeting_id]
        return " · ".join(
            (
                fmt_date(m["meeting_date"], lang),
                meeting_type_label(refs, m["meeting_type"], lang),
                str(m["meeting_title"]),
            )
        )

    chosen = st.selectbox(t("meetings.pick", lang), ids, format_func=label, key=PICK_KEY)
    m = by_id.loc[chosen]
    with st.container(border=True):
        st.text(str(m["meeting_title"]))
        st.text(
            " · ".join(
                (
                    fmt_date(m["meeting_date"], lang),
                    meeting_type_label(refs, m["meeting_type"], lang),
                    data.host_label(refs, m["host"], lang),
                    unit_text(refs, m["unit"], m["unit_name"]),
                )
            )
        )
    tasks = df[(df["meeting_id"] == chosen) & df["task_id"].notna()]
    if tasks.empty:
        st.info(t("meetings.no_tasks", lang))
    else:
        st.dataframe(tasks_table(tasks, refs, lang), hide_index=True, key="mt_tasks")


# ── The screen ───────────────────────────────────────────────────────────────────────────────────

lang = state.lang()
st.title(t("meetings.heading", lang))

with data.open_source(lang) as src:
    if src is not None:
        refs = data.references(src)
        f = state.sidebar_filters(refs, lang)
        scope = state.viewer_scope()
        st.caption(state.period_caption(f, lang))
        if f.activity_types:
            st.caption(t("meetings.filters_ignored", lang))

        overview = load(src, f, scope)
        if overview.empty:
            st.info(t("meetings.empty", lang, period=f.period.label(lang)), icon=":material/event_busy:")
        else:
            meetings = meetings_of(overview)
            show_counts(overview, meetings, lang)
            show_late(overview, f, refs, lang)
            show_meetings(meetings, refs, lang)
            show_meeting(overview, meetings, refs, lang)

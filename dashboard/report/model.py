"""The report's model: what the briefing pack says, built only from the dashboard's query layer.

:func:`build_report` takes what every query takes — an Ibis backend, the :class:`Filters` and the
viewer's :class:`Scope` — plus the report's date, and asks :mod:`dashboard.queries_ibis` for the
figures the dashboard shows for the same filters (KPIs, organizations ranked, units, themes,
the monthly trend, targets, meetings and tasks). It keeps each answer as it came
(:attr:`Report.frames`) and reads the few facts the sentences need off them. Nothing here queries
activity data on its own, so the report cannot drift from the charts. No Streamlit here.

**Same period last year.** A period still running on the report's date is compared with last
year up to the same day ("cùng kỳ"), as the KPI row does: organizations, units and themes are then
asked for the period up to that day, whose ``activities_last_year`` is last year's up to the same
day. A finished period is asked as it is.

**Tasks.** "Which tasks from the last briefing are done or late" reads the meetings of the period
before (the briefings whose conclusions the period carried out) and "what carries into the next
period" the unfinished tasks of those and of this period's meetings; late means late on the
report's date, as on the Hội nghị & nhiệm vụ page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import ibis
import pandas as pd

from dashboard import queries_ibis as q
from dashboard.filters import Filters, Scope
from dashboard.periods import Period, containing, months_between

__all__ = [
    "REPORT_INDICATORS",
    "Labels",
    "Meeting",
    "OrgResult",
    "Place",
    "Report",
    "TargetProgress",
    "Task",
    "ThemeResult",
    "UnitResult",
    "build_report",
    "change_pct",
    "comparison_filters",
    "next_period",
    "report_grain",
    "target_progress",
]

# The KPI row as the report lists it (the dashboard's Tổng quan cards plus houses).
REPORT_INDICATORS = (
    "activities",
    "participants",
    "beneficiaries",
    "funds_vnd",
    "houses",
    "new_members",
    "members",
)
TASK_DONE = "hoan_thanh"
SAMPLE_PREFIX = "mau_"

_REF_TABLES = {
    "org_types": {"code": "string", "label_vi": "string", "short_vi": "string"},
    "themes": {"code": "string", "label_vi": "string"},
    "bodies": {"code": "string", "label_vi": "string", "short_vi": "string"},
    "task_statuses": {"code": "string", "label_vi": "string"},
    "meeting_types": {"code": "string", "label_vi": "string"},
    "activity_types": {"code": "string", "label_vi": "string"},
}


# ── Model ─────────────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Labels:
    """Vietnamese labels of reference codes, from the warehouse's reference tables."""

    orgs: dict[str, str] = field(default_factory=dict)
    org_short: dict[str, str] = field(default_factory=dict)
    themes: dict[str, str] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)
    meeting_types: dict[str, str] = field(default_factory=dict)

    def org(self, code) -> str:
        return self.orgs.get(code) or self.bodies.get(code) or str(code or "")

    def short(self, code) -> str:
        return self.org_short.get(code) or self.org(code)

    def theme(self, code) -> str:
        return self.themes.get(code) or str(code or "")


@dataclass(frozen=True)
class Place:
    """Where the report is about: one unit (``code``) or several (``code`` None)."""

    code: str | None
    name: str  # "Huyện Mai Sơn"
    level: str | None  # province | district | commune | None
    parent_name: str | None = None  # the unit above ("Tỉnh Sơn La")

    @property
    def short(self) -> str:
        from dashboard.report.phrases import unit_short

        return unit_short(self.name)


@dataclass(frozen=True)
class OrgResult:
    """One organization type's figures for the period (a row of ``by_org``), with its main themes
    and its progress against the year's targets."""

    code: str
    label: str
    short: str
    rank: int
    activities: int
    participants: int
    beneficiaries: int
    funds_vnd: int
    new_members: int
    houses: int
    activities_last_year: int
    members: int | None
    themes: tuple[tuple[str, int], ...] = ()
    targets: tuple[TargetProgress, ...] = ()

    @property
    def change_pct(self) -> float | None:
        return change_pct(self.activities, self.activities_last_year)


@dataclass(frozen=True)
class UnitResult:
    """One unit's figures (a row of ``by_unit``)."""

    code: str
    name: str
    level: str | None
    activities: int
    activities_last_year: int
    participants: int
    funds_vnd: int


@dataclass(frozen=True)
class ThemeResult:
    """Activities with a theme in the period and in the same period last year."""

    code: str
    label: str
    activities: int
    last_year: int
    given: int
    inferred: int

    @property
    def change_pct(self) -> float | None:
        return change_pct(self.activities, self.last_year)


@dataclass(frozen=True)
class TargetProgress:
    """An organization's progress on one indicator, summed over its units (as the Chỉ tiêu page's
    chart shows it): year-to-date result over the year's target."""

    org: str
    indicator: str
    target: int
    actual: int
    percent: float | None


@dataclass(frozen=True)
class Task:
    """A task concluded by a meeting (a row of ``tasks_overview``)."""

    meeting_id: str
    meeting_date: dt.date
    task_id: str
    assignee: str
    description: str
    due_date: dt.date | None
    status: str | None
    completed_date: dt.date | None
    late: bool
    days_late: int

    @property
    def done(self) -> bool:
        return self.status == TASK_DONE


@dataclass(frozen=True)
class Meeting:
    """A meeting of a period with its tasks."""

    meeting_id: str
    date: dt.date
    meeting_type: str
    title: str
    host: str
    unit: str | None
    unit_name: str | None
    unit_level: str | None
    tasks: tuple[Task, ...]

    @property
    def done(self) -> int:
        return sum(t.done for t in self.tasks)

    @property
    def late(self) -> int:
        return sum(t.late for t in self.tasks)


@dataclass(frozen=True)
class Report:
    """Everything the pack says. ``frames`` keeps the query layer's answers as they came:

    ``kpis``, ``by_org``, ``by_unit``, ``theme_matrix``, ``theme_matrix_last_year``, ``trend``,
    ``targets_progress``, ``tasks_previous``, ``tasks_current``.
    """

    filters: Filters
    scope: Scope | None
    today: dt.date
    period: Period
    comparison: Period  # the same period last year the comparisons use
    running: bool  # the period is still running on ``today`` (compared up to the same day)
    previous: Period  # the period whose meetings' tasks this one carried out
    following: Period | None  # the next period, for "nhiệm vụ trọng tâm"
    following_label: str  # "6 tháng cuối năm 2024"
    grain: str
    place: Place
    orgs_selected: tuple[str, ...]  # organization types the report covers (filter ∩ scope)
    labels: Labels
    kpis: dict[str, object]
    orgs: tuple[OrgResult, ...]
    units: tuple[UnitResult, ...]
    themes: tuple[ThemeResult, ...]
    targets: tuple[TargetProgress, ...]
    target_year: int | None
    expected_percent: float | None  # share of the target year elapsed at the period's end
    meetings_previous: tuple[Meeting, ...]
    meetings_current: tuple[Meeting, ...]
    sample_data: bool
    frames: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    @property
    def has_activities(self) -> bool:
        return bool(self.kpis.get("activities"))

    @property
    def all_orgs(self) -> bool:
        return len(self.orgs_selected) > 1 and "MTTQ" in self.orgs_selected

    @property
    def results_end(self) -> dt.date:
        """The last day the figures cover: the period's end, or the report's date if earlier."""
        return min(self.period.end, self.today)

    def lagging_targets(self) -> list[TargetProgress]:
        """Targets behind the year's elapsed share (worst first)."""
        if self.expected_percent is None:
            return []
        out = [t for t in self.targets if t.percent is not None and t.percent < float(self.expected_percent)]
        return sorted(out, key=lambda t: (t.percent, t.org, t.indicator))

    def open_tasks(self) -> list[tuple[Meeting, Task]]:
        """Unfinished tasks of the previous and this period's meetings: late ones first (most
        overdue first), then by due date."""
        rows = [
            (m, t) for m in (*self.meetings_previous, *self.meetings_current) for t in m.tasks if not t.done
        ]
        return sorted(
            rows,
            key=lambda mt: (
                not mt[1].late,
                -mt[1].days_late,
                mt[1].due_date or dt.date.max,
                mt[0].date,
                mt[1].task_id,
            ),
        )


# ── Periods ───────────────────────────────────────────────────────────────────────────────────────


def next_period(period: Period) -> tuple[Period | None, str]:
    """The period that follows (for "nhiệm vụ trọng tâm …") and its label inside a sentence."""
    from dashboard.report.phrases import period_in_sentence

    after = period.end + dt.timedelta(days=1)
    if period.kind in ("month", "quarter", "half", "year"):
        nxt = containing(after, period.kind, period.cutoff)
        return nxt, period_in_sentence(nxt)
    if period.kind == "nine_months":
        nxt = containing(after, "quarter", period.cutoff)
        return nxt, f"3 tháng cuối năm {period.year}"
    if period.kind == "term":
        nxt = containing(after, "term", period.cutoff, period.terms)
        return nxt, period_in_sentence(nxt)
    return None, "thời gian tới"


def report_grain(period: Period) -> str:
    """The time grain of the report's trend table and chart: months up to two years, then
    quarters up to five years, then years."""
    months = len(months_between(period))
    if months <= 24:
        return "month"
    return "quarter" if months <= 60 else "year"


def comparison_filters(f: Filters, today: dt.date) -> tuple[Filters, bool]:
    """The filters whose ``*_last_year`` columns are "cùng kỳ" on ``today``: a period still
    running is cut at ``today`` (so that last year is cut at the same day), as :func:`kpis` does."""
    cur = f.period
    if cur.kind != "term" and cur.start <= today < cur.end:
        return dataclasses.replace(f, period=cur.up_to(today)), True
    return f, False


# ── Building ──────────────────────────────────────────────────────────────────────────────────────


def change_pct(current: int, last: int | None) -> float | None:
    """The change in percent, None when last year is 0 or unknown (as the query layer's KPIs)."""
    if last is None or pd.isna(last) or last == 0 or current is None or pd.isna(current):
        return None
    return float((current - last) * 100.0 / last)


def _labels(b) -> Labels:
    """Labels of the reference codes (reference data, not figures: read here, once per report)."""
    found: dict[str, dict[str, str]] = {}
    short: dict[str, str] = {}
    for name, schema in _REF_TABLES.items():
        found[name] = {}
        try:
            rows = b.to_pyarrow(ibis.table(schema, name=name)).to_pylist()
        except Exception:  # an older or hand-made warehouse without this list: codes stay codes
            continue
        for r in rows:
            if r["label_vi"]:
                found[name][r["code"]] = r["label_vi"]
            if r.get("short_vi"):
                short[r["code"]] = r["short_vi"]
    return Labels(
        orgs=found["org_types"],
        org_short={c: s for c, s in short.items() if c in found["org_types"]},
        themes=found["themes"],
        bodies=found["bodies"],
        statuses=found["task_statuses"],
        meeting_types=found["meeting_types"],
    )


def _sample_data(b) -> bool:
    """Whether the loaded batches are all sample files (``mau_…``), as the Kho dữ liệu page tells."""
    t = ibis.table({"file_name": "string", "status": "string"}, name="batches")
    t = t.filter(t.status == ibis.literal("loaded"))
    name = t.file_name.re_replace(r"^.*[/\\]", "").lower()
    expr = t.aggregate(total=t.count(), sample=t.count(where=name.startswith(SAMPLE_PREFIX)))
    try:
        row = b.to_pyarrow(expr).to_pylist()[0]
    except Exception:  # no batches table: not a warehouse loaded by the ETL
        return False
    return bool(row["total"]) and row["sample"] == row["total"]


def _place(b, f: Filters, scope: Scope | None, tree: q.UnitTree) -> Place:
    codes = list(f.units)
    if not codes and scope is not None and scope.units is not None:
        codes = sorted(scope.units)
    if not codes:
        day = f.period.end
        codes = [
            c
            for c, u in tree.units.items()
            if not u.parent
            and (u.valid_from is None or u.valid_from <= day)
            and (u.valid_to is None or u.valid_to >= f.period.start)
        ]
    if len(codes) == 1:
        u = tree.units.get(codes[0])
        if u is not None:
            parent = tree.units.get(u.parent) if u.parent else None
            return Place(u.code, u.name, u.level, parent.name if parent else None)
        return Place(codes[0], codes[0], None)
    from dashboard.report.phrases import join, unit_in_sentence

    names = [tree.name(c) or c for c in codes]
    return Place(None, join(unit_in_sentence(n) for n in names), None)


def _int(value) -> int:
    return 0 if value is None or pd.isna(value) else int(value)


def _opt_int(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _date(value) -> dt.date | None:
    if value is None or pd.isna(value):
        return None
    if hasattr(value, "date") and not isinstance(value, dt.date):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def target_progress(df: pd.DataFrame) -> list[TargetProgress]:
    """Per (organization, indicator): the year-to-date results over the targets of its units,
    where the result is known — the Chỉ tiêu page's chart (``targets_progress`` rows)."""
    if df.empty:
        return []
    known = df[df["actual"].notna()].copy()
    known["actual"] = known["actual"].astype("int64")
    agg = known.groupby(["org", "indicator"], as_index=False)[["target", "actual"]].sum()
    out = []
    for r in agg.itertuples(index=False):
        target, actual = int(r.target), int(r.actual)
        out.append(
            TargetProgress(
                r.org, r.indicator, target, actual, actual * 100.0 / target if target > 0 else None
            )
        )
    order = {c: i for i, c in enumerate(q.INDICATORS)}
    return sorted(out, key=lambda t: (t.org, order.get(t.indicator, 99), t.indicator))


def _meetings(df: pd.DataFrame, tree: q.UnitTree) -> tuple[Meeting, ...]:
    if df.empty:
        return ()
    meetings: dict[str, dict] = {}
    for r in df.itertuples(index=False):
        m = meetings.setdefault(
            r.meeting_id,
            {
                "meeting_id": r.meeting_id,
                "date": _date(r.meeting_date),
                "meeting_type": r.meeting_type,
                "title": r.meeting_title or "",
                "host": r.host,
                "unit": r.unit if isinstance(r.unit, str) else None,
                "unit_name": r.unit_name if isinstance(r.unit_name, str) else None,
                "unit_level": tree.units[r.unit].level
                if isinstance(r.unit, str) and r.unit in tree.units
                else None,
                "tasks": [],
            },
        )
        if isinstance(r.task_id, str) and r.task_id:
            m["tasks"].append(
                Task(
                    meeting_id=r.meeting_id,
                    meeting_date=_date(r.meeting_date),
                    task_id=r.task_id,
                    assignee=r.assignee,
                    description=r.description or "",
                    due_date=_date(r.due_date),
                    status=r.status if isinstance(r.status, str) else None,
                    completed_date=_date(r.completed_date),
                    late=bool(r.late),
                    days_late=int(r.days_late),
                )
            )
    out = [Meeting(**{**m, "tasks": tuple(m["tasks"])}) for m in meetings.values()]
    return tuple(sorted(out, key=lambda m: (m.date, m.meeting_id)))


def build_report(
    b,
    f: Filters,
    scope: Scope | None = None,
    *,
    today: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """The report's model for the filters and scope, from the query layer (``b``: an Ibis backend
    from :func:`dashboard.queries_ibis.backend_for`). ``today`` is the report's date: late tasks,
    year-to-date targets and "cùng kỳ" of a running period are reckoned on it."""
    today = today or dt.date.today()
    step = progress or (lambda _: None)
    cur = f.period
    fc, running = comparison_filters(f, today)
    comparison = fc.period.same_period_last_year()
    grain = report_grain(cur)
    tree = q.unit_tree(b)
    labels = _labels(b)

    step("kpis")
    kpis = q.kpis(b, f, scope, today=today).iloc[0].to_dict()
    step("by_org")
    by_org = q.by_org(b, fc, scope)
    step("by_unit")
    by_unit = q.by_unit(b, fc, scope)
    step("themes")
    themes_now = q.theme_matrix(b, f, scope)
    themes_last = q.theme_matrix(b, dataclasses.replace(f, period=comparison), scope)
    step("trend")
    trend = q.trend(b, dataclasses.replace(f, grain=grain), scope, indicator="activities", by=None)
    step("targets")
    targets_df = q.targets_progress(b, f, scope, today=today)
    step("tasks")
    previous = cur.previous()
    tasks_prev = q.tasks_overview(b, dataclasses.replace(f, period=previous), scope, today=today)
    tasks_cur = q.tasks_overview(b, f, scope, today=today)

    targets = target_progress(targets_df)
    by_org_targets: dict[str, list[TargetProgress]] = {}
    for t in targets:
        by_org_targets.setdefault(t.org, []).append(t)
    org_themes: dict[str, list[tuple[str, int]]] = {}
    for r in themes_now.itertuples(index=False):  # sorted by org, then activities descending
        org_themes.setdefault(r.org, []).append((r.theme, int(r.activities)))

    orgs = tuple(
        OrgResult(
            code=r.org,
            label=labels.org(r.org) if not isinstance(r.label_vi, str) else r.label_vi,
            short=labels.short(r.org),
            rank=int(r.rank),
            activities=_int(r.activities),
            participants=_int(r.participants),
            beneficiaries=_int(r.beneficiaries),
            funds_vnd=_int(r.funds_vnd),
            new_members=_int(r.new_members),
            houses=_int(r.houses),
            activities_last_year=_int(r.activities_last_year),
            members=_opt_int(r.members),
            themes=tuple(org_themes.get(r.org, ())[:3]),
            targets=tuple(by_org_targets.get(r.org, ())),
        )
        for r in by_org.itertuples(index=False)
    )
    units = tuple(
        UnitResult(
            code=r.unit,
            name=r.unit_name if isinstance(r.unit_name, str) else str(r.unit),
            level=r.level if isinstance(r.level, str) else None,
            activities=_int(r.activities),
            activities_last_year=_int(r.activities_last_year),
            participants=_int(r.participants),
            funds_vnd=_int(r.funds_vnd),
        )
        for r in by_unit.itertuples(index=False)
    )

    def per_theme(df: pd.DataFrame) -> pd.DataFrame:
        if df.empty:
            return pd.DataFrame(columns=["activities", "given", "inferred"])
        return df.groupby("theme")[["activities", "given", "inferred"]].sum()

    now_t, last_t = per_theme(themes_now), per_theme(themes_last)
    codes = sorted(set(now_t.index) | set(last_t.index))
    themes = sorted(
        (
            ThemeResult(
                code=c,
                label=labels.theme(c),
                activities=int(now_t["activities"].get(c, 0)),
                last_year=int(last_t["activities"].get(c, 0)),
                given=int(now_t["given"].get(c, 0)),
                inferred=int(now_t["inferred"].get(c, 0)),
            )
            for c in codes
        ),
        key=lambda t: (-t.activities, -t.last_year, t.code),
    )

    expected = None
    target_year = None
    if not targets_df.empty:
        expected = float(targets_df["expected_percent"].iloc[0])
        target_year = int(targets_df["year"].iloc[0])
    following, following_label = next_period(cur)
    orgs_selected = tuple(by_org["org"])
    return Report(
        filters=f,
        scope=scope,
        today=today,
        period=cur,
        comparison=comparison,
        running=running,
        previous=previous,
        following=following,
        following_label=following_label,
        grain=grain,
        place=_place(b, f, scope, tree),
        orgs_selected=orgs_selected,
        labels=labels,
        kpis=kpis,
        orgs=orgs,
        units=units,
        themes=tuple(themes),
        targets=tuple(targets),
        target_year=target_year,
        expected_percent=expected,
        meetings_previous=_meetings(tasks_prev, tree),
        meetings_current=_meetings(tasks_cur, tree),
        sample_data=_sample_data(b),
        frames={
            "kpis": pd.DataFrame([kpis]),
            "by_org": by_org,
            "by_unit": by_unit,
            "theme_matrix": themes_now,
            "theme_matrix_last_year": themes_last,
            "trend": trend,
            "targets_progress": targets_df,
            "tasks_previous": tasks_prev,
            "tasks_current": tasks_cur,
        },
    )

"""The dashboard's filters, the viewer's access scope, and their URL form.

Pure Python: no Streamlit, no database. :class:`Filters` is what a user chose (period, grain,
organizations, units, themes, activity types, the "units as today" switch); :class:`Scope` is
what the user may see. The query layer (``dashboard.queries_ibis``) applies both, intersecting
them, so that a filter can narrow the scope but never widen it.

**URL state.** :func:`to_query_params` writes a :class:`Filters` as stable codes only
(``period=2024-H1&grain=month&org=DTN,HLHPN&unit=04105&theme=an_sinh&type=xay_nha&as_today=1``)
so that a link reproduces the view in another browser and in the other language;
:func:`from_query_params` reads them back and never raises: unknown codes are dropped, a bad
period or grain falls back to the default.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from dashboard.periods import GRAINS, Cutoff, Period, Terms, containing, parse_period

__all__ = [
    "ACTIVITY_TYPES",
    "DEFAULT_GRAIN",
    "ORG_TYPES",
    "PARAM_KEYS",
    "THEMES",
    "Filters",
    "Scope",
    "default_period",
    "from_query_params",
    "to_query_params",
]

# Fixed codes (DESIGN.md §2). The reference tables hold their labels; the codes do not change.
ORG_TYPES = ("MTTQ", "LDLD", "HLHPN", "DTN", "HND", "HCCB", "HLHTN")
THEMES = (
    "chinh_tri_tu_tuong",
    "tuyen_truyen",
    "kinh_te",
    "an_sinh",
    "an_ninh_trat_tu",
    "dan_toc_ton_giao",
    "thi_dua",
    "quyen_loi_hoi_vien",
    "giam_sat_phan_bien",
    "xay_dung_dang_chinh_quyen",
    "to_chuc_hoi_vien",
    "ky_niem_le_lon",
    "dai_hoi",
    "nong_thon_moi_moi_truong",
    "giai_phong_mat_bang",
    "y_te",
    "chuyen_doi_so",
    "thien_tai",
)
ACTIVITY_TYPES = (
    "hoi_nghi",
    "tuyen_truyen",
    "tap_huan",
    "phong_trao",
    "giam_sat",
    "phan_bien",
    "ho_tro",
    "xay_nha",
    "ra_quan",
    "ky_niem",
    "doi_thoai",
    "khac",
)
DEFAULT_GRAIN = "month"

# URL keys: one per filter. ("lang" belongs to the app shell.)
PARAM_KEYS = {
    "period": "period",
    "grain": "grain",
    "orgs": "org",
    "units": "unit",
    "themes": "theme",
    "activity_types": "type",
    "units_as_today": "as_today",
}
# What a unit code may look like when no list of known units is given ("04105", "04105-cu", "14").
_UNIT_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}")
_MAX_CODES = 200  # more codes than any reference list holds: the rest of a long URL is ignored
_TRUE = {"1", "true", "yes", "on", "co", "có"}


def _codes(values: Iterable[str] | str | None) -> tuple[str, ...]:
    """A sorted tuple of distinct non-blank strings (so that equal choices make equal filters)."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = (values,)
    seen: dict[str, None] = {}
    for value in values:
        if not isinstance(value, str):
            raise TypeError(f"Mã phải là chuỗi, nhận {type(value).__name__}.")
        value = value.strip()
        if value:
            seen.setdefault(value, None)
    return tuple(sorted(seen))


@dataclass(frozen=True)
class Filters:
    """What the user chose. Empty tuples mean "all"; a unit selects its whole subtree. Codes are
    kept sorted and distinct, so equal choices compare (and cache) equal.

    ``units_as_today``: count records of units dissolved in the 1 July 2025 reform under the
    units that took them over (a dissolved commune under its new commune, the abolished district
    under the province), instead of as they were.
    """

    period: Period
    grain: str = DEFAULT_GRAIN
    orgs: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    activity_types: tuple[str, ...] = ()
    units_as_today: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.period, Period):
            raise TypeError(f"period phải là Period, nhận {type(self.period).__name__}.")
        if self.grain not in GRAINS:
            raise ValueError(f"Bậc thời gian không hợp lệ: {self.grain!r} (một trong {', '.join(GRAINS)}).")
        for name in ("orgs", "units", "themes", "activity_types"):
            object.__setattr__(self, name, _codes(getattr(self, name)))
        object.__setattr__(self, "units_as_today", bool(self.units_as_today))


def _allowed(codes: Iterable[str] | None) -> frozenset[str] | None:
    return None if codes is None else frozenset(_codes(codes))


@dataclass(frozen=True)
class Scope:
    """What a viewer may see: organization types and units (each with its subtree of units).

    ``None`` means everything; an empty set means nothing. Build with ``Scope()`` (everything),
    ``Scope(orgs={"HLHPN"})``, ``Scope(units={"04105"})``… A scope unit covers its subtree over all
    of history, applied to the unit a record was made at: the "units as today" switch regroups
    what the scope allows and never adds to it.
    """

    orgs: frozenset[str] | None = field(default=None)
    units: frozenset[str] | None = field(default=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "orgs", _allowed(self.orgs))
        object.__setattr__(self, "units", _allowed(self.units))

    @classmethod
    def everything(cls) -> Scope:
        return cls()

    def org_codes(self, requested: Iterable[str] = ()) -> frozenset[str] | None:
        """The organization types to show: the requested ones (empty = all) within the scope.

        ``None`` means no restriction; an empty set means nothing may be shown.
        """
        requested = frozenset(_codes(requested))
        if self.orgs is None:
            return requested or None
        return (requested & self.orgs) if requested else self.orgs


# ---------------------------------------------------------------------------------------------
# URL state


def default_period(today: dt.date, cutoff: Cutoff | None = None) -> Period:
    """The period shown when the URL names none: the half-year containing ``today``."""
    return containing(today, "half", cutoff or Cutoff())


def to_query_params(filters: Filters) -> dict[str, str]:
    """The filters as URL query parameters, by stable codes; empty filters are left out."""
    params = {PARAM_KEYS["period"]: filters.period.code, PARAM_KEYS["grain"]: filters.grain}
    for name in ("orgs", "units", "themes", "activity_types"):
        codes = getattr(filters, name)
        if codes:
            params[PARAM_KEYS[name]] = ",".join(codes)
    if filters.units_as_today:
        params[PARAM_KEYS["units_as_today"]] = "1"
    return params


def _param(params: Mapping, key: str) -> str:
    """A parameter's text; a list of values (``?org=A&org=B``) is read as one comma list."""
    try:
        value = params.get(key)
    except Exception:  # an odd mapping: treat as absent
        return ""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Iterable):
        return ",".join(v for v in value if isinstance(v, str))
    return ""


def _parse_codes(
    text: str, known: Collection[str] | None, pattern: re.Pattern[str] | None
) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for part in text.split(","):
        code = part.strip()
        if not code:
            continue
        if known is not None:
            if code not in known:
                # Codes of fixed lists are matched exactly; tolerate a different case.
                match = next((k for k in known if k.lower() == code.lower()), None)
                if match is None:
                    continue
                code = match
        elif pattern is not None and not pattern.fullmatch(code):
            continue
        out.setdefault(code, None)
        if len(out) >= _MAX_CODES:
            break
    return tuple(out)


def from_query_params(
    params: Mapping,
    *,
    today: dt.date,
    cutoff: Cutoff | None = None,
    terms: Terms | None = None,
    known: Mapping[str, Collection[str]] | None = None,
) -> Filters:
    """Filters from URL query parameters; never raises on what a URL may hold.

    Unknown or malformed codes are dropped; a missing or bad period falls back to
    :func:`default_period`, a bad grain to ``month``. ``known`` may give the valid codes per
    filter (``{"units": [...], "orgs": [...]}``, e.g. from the warehouse's reference tables);
    by default organizations, themes and activity types are checked against the fixed code
    lists and units only for their shape.
    """
    cutoff = cutoff or Cutoff()
    known = dict(known or {})
    period_text = _param(params, PARAM_KEYS["period"]).strip()
    period = None
    if period_text and len(period_text) <= 40:
        try:
            period = parse_period(period_text, cutoff=cutoff, terms=terms)
        except (ValueError, TypeError, OverflowError):
            period = None
    if period is None:
        period = default_period(today, cutoff)
    grain = _param(params, PARAM_KEYS["grain"]).strip().lower()
    if grain not in GRAINS:
        grain = DEFAULT_GRAIN
    defaults: dict[str, Collection[str] | None] = {
        "orgs": ORG_TYPES,
        "units": None,
        "themes": THEMES,
        "activity_types": ACTIVITY_TYPES,
    }
    lists = {}
    for name, default in defaults.items():
        allowed = known.get(name, default)
        allowed = None if allowed is None else frozenset(allowed)
        lists[name] = _parse_codes(_param(params, PARAM_KEYS[name]), allowed, _UNIT_CODE)
    as_today = _param(params, PARAM_KEYS["units_as_today"]).strip().lower() in _TRUE
    return Filters(period=period, grain=grain, units_as_today=as_today, **lists)

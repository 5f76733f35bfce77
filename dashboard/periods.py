"""Reporting periods (kỳ báo cáo): one vocabulary for every page, the report and the CLI.

Pure Python: no Streamlit, no database. A :class:`Period` is a closed date range with a kind
(``month``, ``quarter``, ``half``, ``nine_months``, ``year``, ``term``, ``custom``), a label in
Vietnamese or English and a stable ``code`` for URLs and the CLI (``2024-H1``), which
:func:`parse_period` reads back.

**Cut-off.** Some bodies close their reporting year early: with ``Cutoff(12, 14)`` the year 2024
runs 15/12/2023–14/12/2024. Every period then ends on the cut-off day of its last month (clamped
to the month's length) and starts the day after the previous period's end, so "6 tháng đầu năm
2024" is 15/12/2023–14/06/2024 and "Tháng 6/2024" is 15/05/2024–14/06/2024. Months are named
after the calendar month they end in; quarters, halves, nine months and years after the
reporting year they belong to (which, when the cut-off month is not December, is a fiscal year
ending in that month). The default ``Cutoff()`` (31/12) gives calendar periods.

**Congress terms.** Terms last ``Terms.length`` years and start every ``length`` years from
``Terms.anchor_year`` (2024: …, 2019–2024, 2024–2029, 2029–2034, …). By default a term begins on
the first day of the reporting year of its first year and ends the day before the next term
begins: "Nhiệm kỳ 2024–2029" covers the reporting years 2024–2028. ``Terms(start=(1, 10))`` makes
terms begin on 1 October instead (a congress held in the autumn).
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
from dataclasses import dataclass, field

__all__ = [
    "CUTOFF_ENV",
    "GRAINS",
    "KINDS",
    "Cutoff",
    "Period",
    "Terms",
    "bucket_label",
    "bucket_start",
    "bucket_starts",
    "containing",
    "default_cutoff",
    "months_between",
    "parse_cutoff",
    "parse_period",
    "presets",
    "term_containing",
    "year_to_date",
]

KINDS = ("month", "quarter", "half", "nine_months", "year", "term", "custom")
GRAINS = ("month", "quarter", "half", "year")
CUTOFF_ENV = "DOANTHE_PERIOD_CUTOFF"
# Years a period code may name: wide enough for any real report, narrow enough to catch typos
# ("0224-Q2") and to keep date arithmetic away from datetime's limits. Only codes are checked.
MIN_YEAR, MAX_YEAR = 1900, 2999

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_EN_MONTHS_SHORT = [name[:3] for name in _EN_MONTHS]
_DASH = "\u2013"  # en dash, as in "Nhiệm kỳ 2024–2029"
_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Cutoff:
    """The day the reporting year closes: ``Cutoff(12, 14)`` = 14/12; default 31/12 (calendar)."""

    month: int = 12
    day: int = 31

    def __post_init__(self) -> None:
        if not (isinstance(self.month, int) and 1 <= self.month <= 12):
            raise ValueError(f"Ngày chốt số liệu không hợp lệ: tháng {self.month!r} phải từ 1 đến 12.")
        longest = calendar.monthrange(2000, self.month)[1]  # 2000 is a leap year: 29/02 allowed
        if not (isinstance(self.day, int) and 1 <= self.day <= longest):
            raise ValueError(
                f"Ngày chốt số liệu không hợp lệ: ngày {self.day!r} phải từ 1 đến {longest} "
                f"với tháng {self.month}."
            )

    def __str__(self) -> str:
        return f"{self.day:02d}/{self.month:02d}"

    @property
    def is_calendar(self) -> bool:
        """True when periods are plain calendar periods (cut-off 31/12)."""
        return self.month == 12 and self.day == 31


@dataclass(frozen=True)
class Terms:
    """Congress terms: ``length`` years each, one starting in ``anchor_year``.

    ``start`` is the (day, month) a term begins on in its first year; ``None`` means the first day
    of that reporting year (under the cut-off in use).
    """

    anchor_year: int = 2024
    length: int = 5
    start: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        if not (isinstance(self.length, int) and self.length >= 1):
            raise ValueError(f"Độ dài nhiệm kỳ không hợp lệ: {self.length!r} (phải là số năm ≥ 1).")
        if self.start is not None:
            day, month = self.start
            if (day, month) == (29, 2):
                raise ValueError("Ngày bắt đầu nhiệm kỳ không thể là 29/02.")
            dt.date(2001, month, day)  # raises ValueError when the day does not exist


def parse_cutoff(text: str) -> Cutoff:
    """Read a cut-off written ``dd/mm`` (``"14/12"``); blank means the calendar default."""
    text = text.strip()
    if not text:
        return Cutoff()
    match = re.fullmatch(r"(\d{1,2})\s*/\s*(\d{1,2})", text)
    if not match:
        raise ValueError(f"Ngày chốt số liệu {text!r} không hợp lệ: cần dạng ngày/tháng, ví dụ 14/12.")
    return Cutoff(month=int(match.group(2)), day=int(match.group(1)))


def default_cutoff() -> Cutoff:
    """The deployment's cut-off, from ``DOANTHE_PERIOD_CUTOFF`` (``"14/12"``); unset = 31/12."""
    text = os.environ.get(CUTOFF_ENV, "")
    try:
        return parse_cutoff(text)
    except ValueError as exc:
        raise ValueError(f"Biến môi trường {CUTOFF_ENV}: {exc}") from None


# ---------------------------------------------------------------------------------------------
# Calendar arithmetic under a cut-off


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def _month_end(year: int, month: int, cutoff: Cutoff) -> dt.date:
    """The last day of the (calendar-named) month year/month: its cut-off day, clamped."""
    return dt.date(year, month, min(cutoff.day, calendar.monthrange(year, month)[1]))


def _month_span(year: int, month: int, cutoff: Cutoff) -> tuple[dt.date, dt.date]:
    prev_year, prev_month = _add_months(year, month, -1)
    return _month_end(prev_year, prev_month, cutoff) + _ONE_DAY, _month_end(year, month, cutoff)


def _reporting_month(ryear: int, k: int, cutoff: Cutoff) -> tuple[int, int]:
    """The calendar (year, month) of the k-th month (1–12) of reporting year ``ryear``."""
    return _add_months(ryear, cutoff.month, k - 12)


def _reporting_span(ryear: int, first_k: int, last_k: int, cutoff: Cutoff) -> tuple[dt.date, dt.date]:
    start = _month_span(*_reporting_month(ryear, first_k, cutoff), cutoff)[0]
    end = _month_end(*_reporting_month(ryear, last_k, cutoff), cutoff)
    return start, end


def _locate(d: dt.date, cutoff: Cutoff) -> tuple[int, int, int, int]:
    """For a date: (calendar year, calendar month) of its month, and (reporting year, index 1–12)."""
    year, month = d.year, d.month
    if d > _month_end(year, month, cutoff):
        year, month = _add_months(year, month, 1)
    k = (month - cutoff.month - 1) % 12 + 1
    ryear = year if month <= cutoff.month else year + 1
    return year, month, ryear, k


def _term_start(first_year: int, terms: Terms, cutoff: Cutoff) -> dt.date:
    if terms.start is None:
        return _reporting_span(first_year, 1, 1, cutoff)[0]
    day, month = terms.start
    return dt.date(first_year, month, day)


def _shift_year(d: dt.date, years: int) -> dt.date:
    """The same day ``years`` years away; 29/02 becomes 28/02 in a common year."""
    if d.month == 2 and d.day == 29 and not calendar.isleap(d.year + years):
        return dt.date(d.year + years, 2, 28)
    return d.replace(year=d.year + years)


def _check_year(year: int) -> None:
    if not (MIN_YEAR <= year <= MAX_YEAR):
        raise ValueError(f"Năm {year} nằm ngoài khoảng cho phép {MIN_YEAR}–{MAX_YEAR}.")


def _check_lang(lang: str) -> None:
    if lang not in ("vi", "en"):
        raise ValueError(f"Ngôn ngữ không hỗ trợ: {lang!r} (dùng 'vi' hoặc 'en').")


def _resolve(cutoff: Cutoff | None) -> Cutoff:
    return default_cutoff() if cutoff is None else cutoff


# ---------------------------------------------------------------------------------------------
# Period


@dataclass(frozen=True)
class Period:
    """A reporting period: ``start``–``end`` inclusive.

    ``year`` and ``number`` identify it: month → (calendar year, 1–12); quarter → (reporting year,
    1–4); half → (reporting year, 1–2); nine_months and year → (reporting year, None);
    term → (first year, closing year), e.g. (2024, 2029); custom → (None, None).
    Build periods with :meth:`of`, :meth:`custom`, :func:`containing` or :func:`parse_period`.
    """

    kind: str
    start: dt.date
    end: dt.date
    year: int | None = None
    number: int | None = None
    cutoff: Cutoff = field(default=Cutoff(), compare=False, repr=False)
    terms: Terms = field(default=Terms(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Loại kỳ không hợp lệ: {self.kind!r} (một trong {', '.join(KINDS)}).")
        if self.start > self.end:
            raise ValueError(f"Ngày bắt đầu {self.start:%d/%m/%Y} sau ngày kết thúc {self.end:%d/%m/%Y}.")

    # -- constructors ---------------------------------------------------------------------------

    @classmethod
    def of(
        cls,
        kind: str,
        year: int,
        number: int | None = None,
        *,
        cutoff: Cutoff | None = None,
        terms: Terms | None = None,
    ) -> Period:
        """A named period: ``Period.of('quarter', 2024, 2)``, ``Period.of('term', 2024)``."""
        cutoff = _resolve(cutoff)
        terms = Terms() if terms is None else terms
        if kind == "month":
            if number is None or not 1 <= number <= 12:
                raise ValueError(f"Tháng {number!r} không hợp lệ: phải từ 1 đến 12.")
            start, end = _month_span(year, number, cutoff)
        elif kind == "quarter":
            if number is None or not 1 <= number <= 4:
                raise ValueError(f"Quý {number!r} không hợp lệ: phải từ 1 đến 4.")
            start, end = _reporting_span(year, 3 * number - 2, 3 * number, cutoff)
        elif kind == "half":
            if number not in (1, 2):
                raise ValueError(f"Nửa năm {number!r} không hợp lệ: phải là 1 (đầu năm) hoặc 2 (cuối năm).")
            start, end = _reporting_span(year, 6 * number - 5, 6 * number, cutoff)
        elif kind in ("nine_months", "year"):
            if number is not None:
                raise ValueError(f"Kỳ {kind} không có số thứ tự (nhận {number!r}).")
            start, end = _reporting_span(year, 1, 9 if kind == "nine_months" else 12, cutoff)
        elif kind == "term":
            closing = year + terms.length
            if number is not None and number != closing:
                raise ValueError(
                    f"Nhiệm kỳ {year}{_DASH}{number} không hợp lệ: nhiệm kỳ dài {terms.length} năm "
                    f"(phải là {year}{_DASH}{closing})."
                )
            number = closing
            start = _term_start(year, terms, cutoff)
            end = _term_start(closing, terms, cutoff) - _ONE_DAY
        else:
            raise ValueError(f"Loại kỳ không hợp lệ cho Period.of: {kind!r}.")
        return cls(kind, start, end, year, number, cutoff, terms)

    @classmethod
    def custom(cls, start: dt.date, end: dt.date, *, cutoff: Cutoff | None = None) -> Period:
        """Any date range, both ends included (the cut-off only matters for its buckets)."""
        return cls("custom", start, end, cutoff=_resolve(cutoff))

    # -- identity -------------------------------------------------------------------------------

    @property
    def code(self) -> str:
        """Stable short string for URLs and the CLI: ``2024-06``, ``2024-Q2``, ``term-2024-2029``…"""
        if self.kind == "month":
            return f"{self.year:04d}-{self.number:02d}"
        if self.kind == "quarter":
            return f"{self.year:04d}-Q{self.number}"
        if self.kind == "half":
            return f"{self.year:04d}-H{self.number}"
        if self.kind == "nine_months":
            return f"{self.year:04d}-9M"
        if self.kind == "year":
            return f"{self.year:04d}"
        if self.kind == "term":
            return f"term-{self.year:04d}-{self.number:04d}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def label(self, lang: str = "vi") -> str:
        """ "Quý II/2024", "6 tháng đầu năm 2024"… in Vietnamese; "Q2 2024", "H1 2024"… in English."""
        _check_lang(lang)
        vi = lang == "vi"
        if self.kind == "month":
            return f"Tháng {self.number}/{self.year}" if vi else f"{_EN_MONTHS[self.number - 1]} {self.year}"
        if self.kind == "quarter":
            return f"Quý {_ROMAN[self.number]}/{self.year}" if vi else f"Q{self.number} {self.year}"
        if self.kind == "half":
            if vi:
                return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}"
            return f"H{self.number} {self.year}"
        if self.kind == "nine_months":
            return f"9 tháng đầu năm {self.year}" if vi else f"9M {self.year}"
        if self.kind == "year":
            return f"Năm {self.year}" if vi else f"{self.year}"
        if self.kind == "term":
            return f"{'Nhiệm kỳ' if vi else 'Term'} {self.year}{_DASH}{self.number}"
        if vi:
            return f"Từ {self.start:%d/%m/%Y} đến {self.end:%d/%m/%Y}"
        return f"{_en_date(self.start)} {_DASH} {_en_date(self.end)}"

    def __str__(self) -> str:
        return self.label("vi")

    # -- arithmetic -----------------------------------------------------------------------------

    @property
    def days(self) -> int:
        """Number of days in the period."""
        return (self.end - self.start).days + 1

    def contains(self, d: dt.date) -> bool:
        """Whether the day falls within the period."""
        return self.start <= d <= self.end

    def _same_kind(self, year: int, number: int | None) -> Period:
        return Period.of(self.kind, year, number, cutoff=self.cutoff, terms=self.terms)

    def previous(self) -> Period:
        """The period before, of the same kind (Q1 → Q4 of the year before; 9M → 9M last year)."""
        if self.kind == "month":
            return self._same_kind(*_add_months(self.year, self.number, -1))
        if self.kind in ("quarter", "half"):
            if self.number > 1:
                return self._same_kind(self.year, self.number - 1)
            return self._same_kind(self.year - 1, 4 if self.kind == "quarter" else 2)
        if self.kind in ("nine_months", "year"):
            return self._same_kind(self.year - 1, None)
        if self.kind == "term":
            return self._same_kind(self.year - (self.number - self.year), None)
        return Period.custom(
            self.start - dt.timedelta(days=self.days), self.start - _ONE_DAY, cutoff=self.cutoff
        )

    def same_period_last_year(self) -> Period:
        """ "Cùng kỳ năm trước": the same period a year earlier; a term → the previous term.

        Custom ranges move by one year, 29/02 becoming 28/02.
        """
        if self.kind == "term":
            return self.previous()
        if self.kind == "custom":
            return Period.custom(_shift_year(self.start, -1), _shift_year(self.end, -1), cutoff=self.cutoff)
        return self._same_kind(self.year - 1, self.number)

    def up_to(self, day: dt.date) -> Period:
        """The part of the period up to ``day`` (inclusive), as a custom range."""
        if day < self.start:
            raise ValueError(f"Ngày {day:%d/%m/%Y} trước khi kỳ {self.label()} bắt đầu.")
        return Period.custom(self.start, min(self.end, day), cutoff=self.cutoff)


def _en_date(d: dt.date) -> str:
    return f"{d.day} {_EN_MONTHS_SHORT[d.month - 1]} {d.year}"


# ---------------------------------------------------------------------------------------------
# Finding periods


def containing(d: dt.date, kind: str, cutoff: Cutoff | None = None, terms: Terms | None = None) -> Period:
    """The period of ``kind`` (not custom) that contains ``d``; for nine_months, that of d's year.

    Note that the nine months of a year do not cover its last quarter: the period returned may
    end before ``d``.
    """
    cutoff = _resolve(cutoff)
    if kind == "term":
        return term_containing(d, terms, cutoff)
    year, month, ryear, k = _locate(d, cutoff)
    if kind == "month":
        return Period.of("month", year, month, cutoff=cutoff)
    if kind == "quarter":
        return Period.of("quarter", ryear, (k - 1) // 3 + 1, cutoff=cutoff)
    if kind == "half":
        return Period.of("half", ryear, (k - 1) // 6 + 1, cutoff=cutoff)
    if kind in ("year", "nine_months"):
        return Period.of(kind, ryear, cutoff=cutoff)
    raise ValueError(f"Loại kỳ không hợp lệ: {kind!r} (một trong {', '.join(KINDS[:-1])}).")


def term_containing(d: dt.date, terms: Terms | None = None, cutoff: Cutoff | None = None) -> Period:
    """The congress term that contains ``d`` (terms every ``terms.length`` years from the anchor)."""
    terms = Terms() if terms is None else terms
    cutoff = _resolve(cutoff)
    first = terms.anchor_year + (d.year - terms.anchor_year) // terms.length * terms.length
    while d < _term_start(first, terms, cutoff):
        first -= terms.length
    while d >= _term_start(first + terms.length, terms, cutoff):
        first += terms.length
    return Period.of("term", first, cutoff=cutoff, terms=terms)


def year_to_date(today: dt.date, cutoff: Cutoff | None = None) -> Period:
    """From the first day of today's reporting year to today ("lũy kế từ đầu năm")."""
    return containing(today, "year", cutoff).up_to(today)


def presets(today: dt.date, cutoff: Cutoff | None = None, terms: Terms | None = None) -> list[Period]:
    """Filter presets around ``today``: this month, this quarter, both halves, nine months and the
    whole of this reporting year, and the current congress term — whole periods, not clipped."""
    cutoff = _resolve(cutoff)
    ryear = _locate(today, cutoff)[2]
    return [
        containing(today, "month", cutoff),
        containing(today, "quarter", cutoff),
        Period.of("half", ryear, 1, cutoff=cutoff),
        Period.of("half", ryear, 2, cutoff=cutoff),
        Period.of("nine_months", ryear, cutoff=cutoff),
        Period.of("year", ryear, cutoff=cutoff),
        term_containing(today, terms, cutoff),
    ]


# ---------------------------------------------------------------------------------------------
# Grains for chart axes


def _check_grain(grain: str) -> None:
    if grain not in GRAINS:
        raise ValueError(f"Bậc thời gian không hợp lệ: {grain!r} (một trong {', '.join(GRAINS)}).")


def bucket_start(d: dt.date, grain: str, cutoff: Cutoff | None = None) -> dt.date:
    """First day of the month/quarter/half/year bucket (under the cut-off) that contains ``d``."""
    _check_grain(grain)
    return containing(d, grain, cutoff).start


def bucket_label(start: dt.date, grain: str, lang: str = "vi", cutoff: Cutoff | None = None) -> str:
    """Axis label of the bucket containing ``start``: "T6/2024" / "Jun 2024", "Quý II/2024" /
    "Q2 2024", "6 tháng đầu năm 2024" / "H1 2024", "Năm 2024" / "2024"."""
    _check_grain(grain)
    _check_lang(lang)
    period = containing(start, grain, cutoff)
    if grain == "month":
        if lang == "vi":
            return f"T{period.number}/{period.year}"
        return f"{_EN_MONTHS_SHORT[period.number - 1]} {period.year}"
    return period.label(lang)


def bucket_starts(period: Period, grain: str) -> list[dt.date]:
    """Start dates of every bucket of ``grain`` that overlaps ``period`` (for a complete axis)."""
    _check_grain(grain)
    starts = []
    bucket = containing(period.start, grain, period.cutoff)
    while bucket.start <= period.end:
        starts.append(bucket.start)
        bucket = containing(bucket.end + _ONE_DAY, grain, period.cutoff)
    return starts


def months_between(period: Period) -> list[Period]:
    """The month periods (under the period's cut-off) that overlap ``period``, in order."""
    return [containing(start, "month", period.cutoff) for start in bucket_starts(period, "month")]


# ---------------------------------------------------------------------------------------------
# Codes

_CODE_FORMS = (
    "2024-06 (tháng), 2024-Q2 (quý), 2024-H1 / 2024-H2 (6 tháng), 2024-9M (9 tháng), "
    "2024 (năm), term-2024-2029 (nhiệm kỳ), 2024-03-01..2024-05-15 (khoảng ngày)"
)
_DATE = r"(\d{4})-(\d{2})-(\d{2})"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("custom", re.compile(_DATE + r"\.\." + _DATE)),
    ("term", re.compile(r"term-(\d{4})-(\d{4})", re.IGNORECASE)),
    ("month", re.compile(r"(\d{4})-(\d{2})")),
    ("quarter", re.compile(r"(\d{4})-Q(\d)", re.IGNORECASE)),
    ("half", re.compile(r"(\d{4})-H(\d)", re.IGNORECASE)),
    ("nine_months", re.compile(r"(\d{4})-9M", re.IGNORECASE)),
    ("year", re.compile(r"(\d{4})")),
]


def _iso_date(code: str, year: str, month: str, day: str) -> dt.date:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(f"Kỳ báo cáo {code!r}: {year}-{month}-{day} không phải ngày hợp lệ.") from None


def parse_period(code: str, *, cutoff: Cutoff | None = None, terms: Terms | None = None) -> Period:
    """Read a period code (the inverse of :attr:`Period.code`); ValueError on anything else."""
    if not isinstance(code, str):
        raise ValueError(f"Kỳ báo cáo phải là chuỗi, nhận {type(code).__name__}.")
    text = code.strip()
    for kind, pattern in _PATTERNS:
        match = pattern.fullmatch(text)
        if not match:
            continue
        groups = match.groups()
        try:
            if kind == "custom":
                start = _iso_date(code, *groups[:3])
                end = _iso_date(code, *groups[3:])
                _check_year(start.year)
                _check_year(end.year)
                return Period.custom(start, end, cutoff=cutoff)
            year = int(groups[0])
            _check_year(year)
            number = int(groups[1]) if len(groups) > 1 else None
            return Period.of(kind, year, number, cutoff=cutoff, terms=terms)
        except ValueError as exc:
            if str(exc).startswith("Kỳ báo cáo"):
                raise
            raise ValueError(f"Kỳ báo cáo {code!r} không hợp lệ: {exc}") from None
    raise ValueError(f"Kỳ báo cáo {code!r} không hợp lệ. Dùng một trong các dạng: {_CODE_FORMS}.")

"""Reporting periods: labels, codes, comparisons, cut-off shifted periods, presets and chart buckets."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.periods import (
    CUTOFF_ENV,
    Cutoff,
    Period,
    Terms,
    bucket_label,
    bucket_start,
    bucket_starts,
    containing,
    default_cutoff,
    months_between,
    parse_cutoff,
    parse_period,
    presets,
    term_containing,
    year_to_date,
)

D = dt.date
EARLY = Cutoff(12, 14)  # the reporting year closes on 14/12


@pytest.fixture(autouse=True)
def _no_cutoff_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CUTOFF_ENV, raising=False)


# code, Vietnamese label, English label, start, end (calendar cut-off)
CASES = [
    ("2024-06", "Tháng 6/2024", "June 2024", D(2024, 6, 1), D(2024, 6, 30)),
    ("2024-02", "Tháng 2/2024", "February 2024", D(2024, 2, 1), D(2024, 2, 29)),
    ("2023-12", "Tháng 12/2023", "December 2023", D(2023, 12, 1), D(2023, 12, 31)),
    ("2024-Q1", "Quý I/2024", "Q1 2024", D(2024, 1, 1), D(2024, 3, 31)),
    ("2024-Q2", "Quý II/2024", "Q2 2024", D(2024, 4, 1), D(2024, 6, 30)),
    ("2024-Q3", "Quý III/2024", "Q3 2024", D(2024, 7, 1), D(2024, 9, 30)),
    ("2024-Q4", "Quý IV/2024", "Q4 2024", D(2024, 10, 1), D(2024, 12, 31)),
    ("2024-H1", "6 tháng đầu năm 2024", "H1 2024", D(2024, 1, 1), D(2024, 6, 30)),
    ("2024-H2", "6 tháng cuối năm 2024", "H2 2024", D(2024, 7, 1), D(2024, 12, 31)),
    ("2024-9M", "9 tháng đầu năm 2024", "9M 2024", D(2024, 1, 1), D(2024, 9, 30)),
    ("2024", "Năm 2024", "2024", D(2024, 1, 1), D(2024, 12, 31)),
    ("term-2024-2029", "Nhiệm kỳ 2024–2029", "Term 2024–2029", D(2024, 1, 1), D(2028, 12, 31)),
    (
        "2024-03-01..2024-05-15",
        "Từ 01/03/2024 đến 15/05/2024",
        "1 Mar 2024 – 15 May 2024",
        D(2024, 3, 1),
        D(2024, 5, 15),
    ),
]


@pytest.mark.parametrize(("code", "vi", "en", "start", "end"), CASES, ids=[c[0] for c in CASES])
def test_labels_codes_and_dates(code: str, vi: str, en: str, start: dt.date, end: dt.date) -> None:
    period = parse_period(code)
    assert (period.start, period.end) == (start, end)
    assert period.label() == period.label("vi") == str(period) == vi
    assert period.label("en") == en
    assert period.code == code


def test_en_dash_in_term_labels() -> None:
    assert "\u2013" in parse_period("term-2024-2029").label("vi")


@pytest.mark.parametrize("cutoff", [Cutoff(), EARLY, Cutoff(11, 30), Cutoff(2, 29)], ids=str)
@pytest.mark.parametrize(
    "period",
    [
        *(Period.of("month", 2024, m) for m in range(1, 13)),
        *(Period.of("quarter", 2024, q) for q in range(1, 5)),
        Period.of("half", 2024, 1),
        Period.of("half", 2024, 2),
        Period.of("nine_months", 2024),
        Period.of("year", 2024),
        Period.of("term", 2024),
        Period.of("term", 2019),
        Period.custom(D(2024, 3, 1), D(2024, 5, 15)),
        Period.custom(D(2024, 2, 29), D(2024, 2, 29)),
    ],
    ids=lambda p: p.code,
)
def test_codes_round_trip(period: Period, cutoff: Cutoff) -> None:
    shifted = parse_period(period.code, cutoff=cutoff)
    assert shifted.code == period.code
    assert (shifted.kind, shifted.year, shifted.number) == (period.kind, period.year, period.number)
    assert parse_period(shifted.code, cutoff=cutoff) == shifted


def test_parse_is_lenient_about_case_and_spaces_only() -> None:
    assert parse_period(" 2024-h1 ").code == "2024-H1"
    assert parse_period("2024-q2").code == "2024-Q2"
    assert parse_period("TERM-2024-2029").code == "term-2024-2029"
    assert parse_period("2024-9m").code == "2024-9M"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Dùng một trong các dạng"),
        ("abc", "Dùng một trong các dạng"),
        ("2024-6", "Dùng một trong các dạng"),
        ("24-Q2", "Dùng một trong các dạng"),
        ("2024Q2", "Dùng một trong các dạng"),
        ("2024-Q", "Dùng một trong các dạng"),
        ("2024-H", "Dùng một trong các dạng"),
        ("2024-6M", "Dùng một trong các dạng"),
        ("Q2/2024", "Dùng một trong các dạng"),
        ("2024-03-01..", "Dùng một trong các dạng"),
        ("2024-03-01", "Dùng một trong các dạng"),
        ("2024-3-1..2024-5-15", "Dùng một trong các dạng"),
        ("2024-13", "Tháng 13"),
        ("2024-00", "Tháng 0"),
        ("2024-Q0", "Quý 0"),
        ("2024-Q5", "Quý 5"),
        ("2024-H0", "Nửa năm 0"),
        ("2024-H3", "Nửa năm 3"),
        ("term-2024-2030", "dài 5 năm"),
        ("term-2029-2024", "dài 5 năm"),
        ("0224-Q2", "1900–2999"),
        ("3024", "1900–2999"),
        ("2024-02-30..2024-03-01", "2024-02-30 không phải ngày hợp lệ"),
        ("2023-02-29..2023-03-01", "2023-02-29 không phải ngày hợp lệ"),
        ("2024-05-15..2024-03-01", "sau ngày kết thúc"),
    ],
)
def test_bad_codes(code: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as info:
        parse_period(code)
    assert repr(code) in str(info.value)


def test_non_string_code() -> None:
    with pytest.raises(ValueError):
        parse_period(2024)  # type: ignore[arg-type]


def test_bad_lang_and_kind() -> None:
    with pytest.raises(ValueError, match="Ngôn ngữ"):
        parse_period("2024").label("fr")
    with pytest.raises(ValueError, match="Loại kỳ"):
        Period.of("week", 2024, 1)
    with pytest.raises(ValueError, match="Loại kỳ"):
        Period("week", D(2024, 1, 1), D(2024, 1, 7))
    with pytest.raises(ValueError, match="sau ngày kết thúc"):
        Period.custom(D(2024, 1, 2), D(2024, 1, 1))
    with pytest.raises(ValueError, match="không có số thứ tự"):
        Period.of("year", 2024, 1)


# --- comparisons ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "last_year"),
    [
        ("2024-06", "2023-06"),
        ("2024-01", "2023-01"),
        ("2024-Q1", "2023-Q1"),
        ("2024-H2", "2023-H2"),
        ("2024-9M", "2023-9M"),
        ("2024", "2023"),
        ("term-2024-2029", "term-2019-2024"),
        ("2024-03-01..2024-05-15", "2023-03-01..2023-05-15"),
        ("2024-02-01..2024-02-29", "2023-02-01..2023-02-28"),
        ("2024-02-29..2024-03-10", "2023-02-28..2023-03-10"),
        ("2024-02-29..2024-02-29", "2023-02-28..2023-02-28"),
        ("2025-02-01..2025-02-28", "2024-02-01..2024-02-28"),
        ("2023-12-15..2024-06-14", "2022-12-15..2023-06-14"),
    ],
)
def test_same_period_last_year(code: str, last_year: str) -> None:
    assert parse_period(code).same_period_last_year().code == last_year


def test_same_period_last_year_of_a_leap_february_month() -> None:
    feb = parse_period("2024-02").same_period_last_year()
    assert (feb.start, feb.end) == (D(2023, 2, 1), D(2023, 2, 28))


def test_same_period_last_year_keeps_the_cutoff() -> None:
    last = parse_period("2024-H1", cutoff=EARLY).same_period_last_year()
    assert (last.start, last.end) == (D(2022, 12, 15), D(2023, 6, 14))


@pytest.mark.parametrize(
    ("code", "previous"),
    [
        ("2024-06", "2024-05"),
        ("2024-01", "2023-12"),
        ("2024-Q2", "2024-Q1"),
        ("2024-Q1", "2023-Q4"),
        ("2024-H2", "2024-H1"),
        ("2024-H1", "2023-H2"),
        ("2024-9M", "2023-9M"),
        ("2024", "2023"),
        ("term-2024-2029", "term-2019-2024"),
        ("2024-03-01..2024-03-10", "2024-02-20..2024-02-29"),
        ("2024-03-01..2024-05-15", "2023-12-16..2024-02-29"),
    ],
)
def test_previous(code: str, previous: str) -> None:
    assert parse_period(code).previous().code == previous


def test_previous_periods_tile_the_calendar_under_a_cutoff() -> None:
    for kind, number in [("month", 3), ("quarter", 1), ("half", 1), ("year", None), ("term", None)]:
        period = Period.of(kind, 2024, number, cutoff=EARLY)
        for _ in range(30):
            before = period.previous()
            assert before.end + dt.timedelta(days=1) == period.start, (kind, period.code)
            period = before


def test_year_to_date() -> None:
    ytd = year_to_date(D(2024, 6, 13))
    assert (ytd.kind, ytd.start, ytd.end) == ("custom", D(2024, 1, 1), D(2024, 6, 13))
    assert ytd.label() == "Từ 01/01/2024 đến 13/06/2024"
    assert ytd.same_period_last_year().code == "2023-01-01..2023-06-13"
    leap = year_to_date(D(2024, 2, 29)).same_period_last_year()
    assert (leap.start, leap.end) == (D(2023, 1, 1), D(2023, 2, 28))
    early = year_to_date(D(2024, 12, 20), EARLY)
    assert (early.start, early.end) == (D(2024, 12, 15), D(2024, 12, 20))
    assert year_to_date(D(2024, 1, 1)).days == 1


def test_up_to() -> None:
    year = parse_period("2024")
    assert year.up_to(D(2030, 1, 1)) == Period.custom(D(2024, 1, 1), D(2024, 12, 31))
    with pytest.raises(ValueError, match="trước khi"):
        year.up_to(D(2023, 12, 31))


def test_contains_and_days() -> None:
    h1 = parse_period("2024-H1")
    assert h1.contains(D(2024, 1, 1)) and h1.contains(D(2024, 6, 30))
    assert not h1.contains(D(2024, 7, 1)) and not h1.contains(D(2023, 12, 31))
    assert h1.days == 182
    assert parse_period("2024").days == 366


# --- cut-off ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("2024-H1", D(2023, 12, 15), D(2024, 6, 14)),
        ("2024-H2", D(2024, 6, 15), D(2024, 12, 14)),
        ("2024", D(2023, 12, 15), D(2024, 12, 14)),
        ("2024-Q1", D(2023, 12, 15), D(2024, 3, 14)),
        ("2024-Q2", D(2024, 3, 15), D(2024, 6, 14)),
        ("2024-Q4", D(2024, 9, 15), D(2024, 12, 14)),
        ("2024-9M", D(2023, 12, 15), D(2024, 9, 14)),
        ("2024-01", D(2023, 12, 15), D(2024, 1, 14)),
        ("2024-02", D(2024, 1, 15), D(2024, 2, 14)),
        ("2024-03", D(2024, 2, 15), D(2024, 3, 14)),
        ("2024-06", D(2024, 5, 15), D(2024, 6, 14)),
        ("2024-12", D(2024, 11, 15), D(2024, 12, 14)),
        ("term-2024-2029", D(2023, 12, 15), D(2028, 12, 14)),
        ("2024-03-01..2024-05-15", D(2024, 3, 1), D(2024, 5, 15)),
    ],
)
def test_cutoff_shifts_periods(code: str, start: dt.date, end: dt.date) -> None:
    period = parse_period(code, cutoff=EARLY)
    assert (period.start, period.end) == (start, end)
    assert period.code == code
    assert period.cutoff == EARLY


def test_labels_do_not_change_with_the_cutoff() -> None:
    assert parse_period("2024-H1", cutoff=EARLY).label() == "6 tháng đầu năm 2024"
    assert parse_period("2024-Q2", cutoff=EARLY).label("en") == "Q2 2024"


def test_cutoff_day_is_clamped_to_short_months() -> None:
    c = Cutoff(12, 30)
    feb = parse_period("2024-02", cutoff=c)
    assert (feb.start, feb.end) == (D(2024, 1, 31), D(2024, 2, 29))
    mar = parse_period("2023-03", cutoff=c)
    assert (mar.start, mar.end) == (D(2023, 3, 1), D(2023, 3, 30))
    year = parse_period("2024", cutoff=c)
    assert (year.start, year.end) == (D(2023, 12, 31), D(2024, 12, 30))
    assert containing(D(2024, 12, 31), "year", c).code == "2025"


def test_cutoff_in_another_month_gives_a_fiscal_year() -> None:
    c = Cutoff(11, 30)
    year = parse_period("2024", cutoff=c)
    assert (year.start, year.end) == (D(2023, 12, 1), D(2024, 11, 30))
    q1 = parse_period("2024-Q1", cutoff=c)
    assert (q1.start, q1.end) == (D(2023, 12, 1), D(2024, 2, 29))
    # months keep the name of the calendar month they end in
    dec = parse_period("2023-12", cutoff=c)
    assert (dec.start, dec.end) == (D(2023, 12, 1), D(2023, 12, 30))
    assert containing(D(2023, 12, 5), "quarter", c).code == "2024-Q1"


def test_every_day_is_in_exactly_one_period_of_each_kind() -> None:
    for cutoff in [Cutoff(), EARLY, Cutoff(2, 29), Cutoff(6, 30)]:
        day = D(2023, 1, 1)
        while day <= D(2025, 12, 31):
            for kind in ["month", "quarter", "half", "year", "term"]:
                period = containing(day, kind, cutoff)
                assert period.contains(day), (cutoff, kind, day)
                assert parse_period(period.code, cutoff=cutoff) == period
            day += dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("text", "cutoff"),
    [
        ("14/12", Cutoff(12, 14)),
        ("31/12", Cutoff()),
        (" 5/6 ", Cutoff(6, 5)),
        ("", Cutoff()),
        ("29/02", Cutoff(2, 29)),
    ],
)
def test_parse_cutoff(text: str, cutoff: Cutoff) -> None:
    assert parse_cutoff(text) == cutoff


@pytest.mark.parametrize("text", ["14-12", "12", "32/12", "0/12", "14/13", "30/02", "31/04", "abc"])
def test_parse_cutoff_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="Ngày chốt số liệu"):
        parse_cutoff(text)


def test_default_cutoff_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    assert default_cutoff() == Cutoff()
    assert default_cutoff().is_calendar
    monkeypatch.setenv(CUTOFF_ENV, "14/12")
    assert default_cutoff() == EARLY
    assert str(default_cutoff()) == "14/12"
    h1 = parse_period("2024-H1")
    assert (h1.start, h1.end) == (D(2023, 12, 15), D(2024, 6, 14))
    monkeypatch.setenv(CUTOFF_ENV, "nonsense")
    with pytest.raises(ValueError, match=CUTOFF_ENV):
        default_cutoff()


# --- terms ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "term"),
    [
        (D(2024, 1, 1), "term-2024-2029"),
        (D(2023, 12, 31), "term-2019-2024"),
        (D(2028, 12, 31), "term-2024-2029"),
        (D(2029, 1, 1), "term-2029-2034"),
        (D(2019, 1, 1), "term-2019-2024"),
        (D(2018, 12, 31), "term-2014-2019"),
        (D(2001, 6, 1), "term-1999-2004"),
    ],
)
def test_term_containing(day: dt.date, term: str) -> None:
    assert term_containing(day).code == term


def test_term_anchor_length_and_start() -> None:
    youth = Terms(anchor_year=2022, length=5)
    assert term_containing(D(2024, 6, 1), youth).label() == "Nhiệm kỳ 2022–2027"
    assert parse_period("term-2022-2027", terms=youth) == term_containing(D(2024, 6, 1), youth)
    autumn = Terms(start=(1, 10))
    assert term_containing(D(2024, 9, 30), autumn).code == "term-2019-2024"
    current = term_containing(D(2024, 10, 1), autumn)
    assert (current.code, current.start, current.end) == ("term-2024-2029", D(2024, 10, 1), D(2029, 9, 30))
    assert current.previous().start == D(2019, 10, 1)
    early = term_containing(D(2023, 12, 20), cutoff=EARLY)
    assert (early.code, early.start, early.end) == ("term-2024-2029", D(2023, 12, 15), D(2028, 12, 14))
    with pytest.raises(ValueError, match="dài 4 năm"):
        parse_period("term-2024-2029", terms=Terms(length=4))
    with pytest.raises(ValueError):
        Terms(length=0)
    with pytest.raises(ValueError):
        Terms(start=(29, 2))


# --- presets ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "cutoff", "codes", "labels"),
    [
        (
            D(2024, 12, 31),
            Cutoff(),
            ["2024-12", "2024-Q4", "2024-H1", "2024-H2", "2024-9M", "2024", "term-2024-2029"],
            [
                "Tháng 12/2024",
                "Quý IV/2024",
                "6 tháng đầu năm 2024",
                "6 tháng cuối năm 2024",
                "9 tháng đầu năm 2024",
                "Năm 2024",
                "Nhiệm kỳ 2024–2029",
            ],
        ),
        (
            D(2025, 1, 1),
            Cutoff(),
            ["2025-01", "2025-Q1", "2025-H1", "2025-H2", "2025-9M", "2025", "term-2024-2029"],
            None,
        ),
        (
            D(2024, 2, 29),
            Cutoff(),
            ["2024-02", "2024-Q1", "2024-H1", "2024-H2", "2024-9M", "2024", "term-2024-2029"],
            None,
        ),
        (
            D(2024, 6, 30),
            Cutoff(),
            ["2024-06", "2024-Q2", "2024-H1", "2024-H2", "2024-9M", "2024", "term-2024-2029"],
            None,
        ),
        (
            D(2023, 12, 31),
            Cutoff(),
            ["2023-12", "2023-Q4", "2023-H1", "2023-H2", "2023-9M", "2023", "term-2019-2024"],
            None,
        ),
        # with the 14/12 cut-off, the last days of December already belong to next year
        (
            D(2024, 12, 31),
            EARLY,
            ["2025-01", "2025-Q1", "2025-H1", "2025-H2", "2025-9M", "2025", "term-2024-2029"],
            None,
        ),
        (
            D(2024, 6, 30),
            EARLY,
            ["2024-07", "2024-Q3", "2024-H1", "2024-H2", "2024-9M", "2024", "term-2024-2029"],
            None,
        ),
        (
            D(2024, 6, 14),
            EARLY,
            ["2024-06", "2024-Q2", "2024-H1", "2024-H2", "2024-9M", "2024", "term-2024-2029"],
            None,
        ),
        (
            D(2023, 12, 15),
            EARLY,
            ["2024-01", "2024-Q1", "2024-H1", "2024-H2", "2024-9M", "2024", "term-2024-2029"],
            None,
        ),
    ],
)
def test_presets(today: dt.date, cutoff: Cutoff, codes: list[str], labels: list[str] | None) -> None:
    found = presets(today, cutoff)
    assert [p.code for p in found] == codes
    if labels is not None:
        assert [p.label() for p in found] == labels
    for period in found:
        assert period == parse_period(period.code, cutoff=cutoff)
    # the current month, quarter, year and term contain today and run to their end, not clipped
    for period in (found[0], found[1], found[5], found[6]):
        assert period.contains(today)
    assert found[0].end >= today and found[5].end == parse_period(codes[5], cutoff=cutoff).end


def test_presets_use_the_default_cutoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CUTOFF_ENV, "14/12")
    assert presets(D(2024, 12, 20))[0].code == "2025-01"


# --- buckets ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "grain", "cutoff", "start"),
    [
        (D(2024, 1, 1), "month", Cutoff(), D(2024, 1, 1)),
        (D(2024, 1, 31), "month", Cutoff(), D(2024, 1, 1)),
        (D(2024, 2, 29), "month", Cutoff(), D(2024, 2, 1)),
        (D(2024, 3, 31), "quarter", Cutoff(), D(2024, 1, 1)),
        (D(2024, 4, 1), "quarter", Cutoff(), D(2024, 4, 1)),
        (D(2024, 6, 30), "half", Cutoff(), D(2024, 1, 1)),
        (D(2024, 7, 1), "half", Cutoff(), D(2024, 7, 1)),
        (D(2024, 12, 31), "year", Cutoff(), D(2024, 1, 1)),
        (D(2025, 1, 1), "year", Cutoff(), D(2025, 1, 1)),
        (D(2024, 6, 14), "month", EARLY, D(2024, 5, 15)),
        (D(2024, 6, 15), "month", EARLY, D(2024, 6, 15)),
        (D(2024, 6, 14), "quarter", EARLY, D(2024, 3, 15)),
        (D(2024, 6, 15), "quarter", EARLY, D(2024, 6, 15)),
        (D(2024, 6, 14), "half", EARLY, D(2023, 12, 15)),
        (D(2024, 6, 15), "half", EARLY, D(2024, 6, 15)),
        (D(2024, 12, 14), "year", EARLY, D(2023, 12, 15)),
        (D(2024, 12, 15), "year", EARLY, D(2024, 12, 15)),
        (D(2024, 1, 1), "year", EARLY, D(2023, 12, 15)),
    ],
)
def test_bucket_start(day: dt.date, grain: str, cutoff: Cutoff, start: dt.date) -> None:
    assert bucket_start(day, grain, cutoff) == start
    assert bucket_start(start, grain, cutoff) == start


@pytest.mark.parametrize(
    ("start", "grain", "vi", "en"),
    [
        (D(2024, 6, 1), "month", "T6/2024", "Jun 2024"),
        (D(2024, 12, 1), "month", "T12/2024", "Dec 2024"),
        (D(2024, 4, 1), "quarter", "Quý II/2024", "Q2 2024"),
        (D(2024, 1, 1), "half", "6 tháng đầu năm 2024", "H1 2024"),
        (D(2024, 7, 1), "half", "6 tháng cuối năm 2024", "H2 2024"),
        (D(2024, 1, 1), "year", "Năm 2024", "2024"),
    ],
)
def test_bucket_label(start: dt.date, grain: str, vi: str, en: str) -> None:
    assert bucket_label(start, grain) == bucket_label(start, grain, "vi") == vi
    assert bucket_label(start, grain, "en") == en


def test_bucket_label_under_a_cutoff() -> None:
    assert bucket_label(D(2023, 12, 15), "quarter", "vi", EARLY) == "Quý I/2024"
    assert bucket_label(D(2023, 12, 15), "month", "en", EARLY) == "Jan 2024"


def test_bad_grain() -> None:
    with pytest.raises(ValueError, match="Bậc thời gian"):
        bucket_start(D(2024, 1, 1), "week")
    with pytest.raises(ValueError, match="Bậc thời gian"):
        bucket_label(D(2024, 1, 1), "term")


def test_bucket_starts_and_months_between() -> None:
    h1 = parse_period("2024-H1", cutoff=EARLY)
    assert bucket_starts(h1, "quarter") == [D(2023, 12, 15), D(2024, 3, 15)]
    months = months_between(h1)
    assert [m.code for m in months] == [f"2024-{m:02d}" for m in range(1, 7)]
    assert months[0].start == h1.start and months[-1].end == h1.end
    odd = Period.custom(D(2024, 3, 20), D(2024, 5, 2))
    assert [m.code for m in months_between(odd)] == ["2024-03", "2024-04", "2024-05"]
    assert bucket_starts(odd, "year") == [D(2024, 1, 1)]
    assert len(months_between(parse_period("term-2024-2029"))) == 60

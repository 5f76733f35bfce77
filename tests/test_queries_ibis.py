"""The Ibis query layer against the sample district, checked with figures computed from the sample
FILES (read with pandas, names resolved with the reference lists), not from the query code."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import duckdb
import ibis
import pandas as pd
import pytest

from dashboard.filters import Filters, Scope, from_query_params, to_query_params
from dashboard.periods import Cutoff, Period, bucket_start, bucket_starts, parse_period
from dashboard.queries_ibis import (
    INDICATORS,
    backend_for,
    by_org,
    by_unit,
    kpis,
    records,
    targets_progress,
    tasks_overview,
    theme_matrix,
    theme_share,
    trend,
)
from etl.reference import Reference
from tests.conftest import SAMPLE_TODAY

H1_2024 = parse_period("2024-H1")
EMPTY = parse_period("2019-H1")  # the sample starts in 2021


# ---------------------------------------------------------------------------------------------
# Fixtures: the warehouse (read-only) and the sample files, read independently


@pytest.fixture(scope="module")
def con(sample_db: Path):
    c = duckdb.connect(str(sample_db), read_only=True)
    yield c
    c.close()


@pytest.fixture(scope="module")
def ref(con) -> Reference:
    return Reference.load(con)


@pytest.fixture(scope="module")
def b(con):
    return backend_for(con.cursor())


def _number(series: pd.Series) -> pd.Series:
    """'1.500.000 đ' → 1500000; blank → 0."""
    digits = series.str.replace(r"\D", "", regex=True)
    return digits.where(digits != "", "0").astype("int64")


def _unit_at(ref: Reference, name: str, day: dt.date) -> str:
    if not name.strip():
        return ref.root_unit
    candidates = [
        u
        for u in ref.unit_candidates(name)
        if (u.valid_from is None or u.valid_from <= day) and (u.valid_to is None or u.valid_to >= day)
    ]
    assert len(candidates) == 1, (name, day, candidates)
    return candidates[0].code


@pytest.fixture(scope="module")
def acts(sample_dir: Path, ref: Reference) -> pd.DataFrame:
    """The sample activities file: 2 title rows above a Vietnamese header."""
    raw = pd.read_csv(
        sample_dir / "mau_hoat_dong.csv", skiprows=2, dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )
    df = pd.DataFrame({"date": pd.to_datetime(raw["Ngày"], format="%d/%m/%Y").dt.date})
    df["org"] = raw["Tổ chức"].map(lambda v: ref.resolve("org", v))
    df["unit"] = [_unit_at(ref, n, d) for n, d in zip(raw["Địa bàn"], df["date"], strict=True)]
    df["type"] = raw["Loại hoạt động"].map(lambda v: ref.resolve("activity_type", v))
    df["themes_text"] = raw["Chủ đề"]
    df["participants"] = _number(raw["Số người tham gia"])
    df["beneficiaries"] = _number(raw["Số người hưởng lợi"])
    df["funds_vnd"] = _number(raw["Kinh phí (đồng)"])
    df["new_members"] = _number(raw["Kết nạp mới"])
    assert df["org"].notna().all() and df["type"].notna().all()
    return df


@pytest.fixture(scope="module")
def members_file(sample_dir: Path) -> pd.DataFrame:
    raw = pd.read_excel(sample_dir / "mau_hoi_vien.xlsx", header=2, dtype=str, engine="calamine")
    day = raw["Tính đến ngày"].map(
        lambda v: dt.datetime.strptime(v, "%d/%m/%Y").date() if "/" in v else dt.date.fromisoformat(v[:10])
    )
    return pd.DataFrame(
        {
            "unit": raw["Địa bàn"].fillna(""),
            "as_of": day,
            "members": raw["Tổng số đoàn viên, hội viên"].astype(int),
        }
    )


def _in(df: pd.DataFrame, period: Period) -> pd.DataFrame:
    return df[(df["date"] >= period.start) & (df["date"] <= period.end)]


def _f(period: Period = H1_2024, **kw) -> Filters:
    return Filters(period=period, **kw)


# ---------------------------------------------------------------------------------------------
# KPIs


@pytest.mark.parametrize("orgs", [(), ("HLHPN",), ("DTN", "HND")])
def test_kpis_match_the_file(b, acts, orgs):
    row = kpis(b, _f(orgs=orgs)).iloc[0]
    sel = acts[acts["org"].isin(orgs)] if orgs else acts
    now, last = _in(sel, H1_2024), _in(sel, parse_period("2023-H1"))
    assert row["activities"] == len(now) > 0
    assert row["activities_last_year"] == len(last) > 0
    for ind in ("participants", "beneficiaries", "funds_vnd", "new_members"):
        assert row[ind] == now[ind].sum(), ind
        assert row[f"{ind}_last_year"] == last[ind].sum(), ind
    assert row["houses"] == (now["type"] == "xay_nha").sum()
    expected = (len(now) - len(last)) * 100 / len(last)
    assert row["activities_change_pct"] == pytest.approx(expected)


def test_kpis_members_are_the_top_snapshot(b, members_file):
    row = kpis(b, _f()).iloc[0]
    province = members_file[members_file["unit"].isin(["", "Tỉnh Sơn La"])]
    assert row["members"] == province.loc[province["as_of"] == dt.date(2024, 6, 30), "members"].sum()
    assert (
        row["members_last_year"] == province.loc[province["as_of"] == dt.date(2023, 6, 30), "members"].sum()
    )


def test_kpis_change_is_none_without_last_year(b):
    row = kpis(b, _f(parse_period("2021-H1"))).iloc[0]  # the sample starts in 2021
    assert row["activities"] > 0 and row["activities_last_year"] == 0
    assert row["activities_change_pct"] is None
    assert row["members_last_year"] is None and row["members_change_pct"] is None


# ---------------------------------------------------------------------------------------------
# Trends


@pytest.mark.parametrize("grain", ["month", "quarter", "half", "year"])
@pytest.mark.parametrize("by", ["org", None])
def test_trend_sums_to_the_kpi(b, grain, by):
    f = _f(grain=grain)
    k = kpis(b, f).iloc[0]
    for indicator in ("activities", "funds_vnd"):
        df = trend(b, f, indicator=indicator, by=by)
        assert df["value"].sum() == k[indicator]
        assert df["last_year"].sum() == k[f"{indicator}_last_year"]
    assert set(df["bucket_start"].dt.date) == {
        bucket_start(d, grain) for d in pd.date_range(H1_2024.start, H1_2024.end).date
    }


@pytest.mark.parametrize("cutoff", [Cutoff(12, 14), Cutoff(6, 30), Cutoff(9, 20)])
@pytest.mark.parametrize("grain", ["month", "quarter", "half", "year"])
def test_trend_under_a_cutoff_buckets_like_periods(b, acts, cutoff, grain):
    period = Period.custom(dt.date(2023, 2, 10), dt.date(2024, 11, 3), cutoff=cutoff)
    df = trend(b, _f(period, grain=grain), indicator="activities", by=None)
    rows = _in(acts, period)
    expected = rows["date"].map(lambda d: bucket_start(d, grain, cutoff)).value_counts()
    got = df.set_index(df["bucket_start"].dt.date)["value"]
    assert got.sum() == len(rows)
    assert list(got.index) == bucket_starts(period, grain)
    assert got.to_dict() == {d: expected.get(d, 0) for d in got.index}


def test_trend_quarters_under_an_early_cutoff(b):
    early = Cutoff(12, 14)
    quarters = trend(b, _f(parse_period("2024", cutoff=early), grain="quarter"), by=None)
    assert list(quarters["bucket_start"].dt.date) == [
        dt.date(2023, 12, 15),
        dt.date(2024, 3, 15),
        dt.date(2024, 6, 15),
        dt.date(2024, 9, 15),
    ]


def test_trend_by_theme_and_members(b):
    themes = trend(b, _f(themes=("an_sinh",)), indicator="activities", by="theme")
    assert set(themes["series"]) == {"an_sinh"}
    assert themes["value"].sum() == kpis(b, _f(themes=("an_sinh",))).iloc[0]["activities"]
    members = trend(b, _f(), indicator="members", by=None)
    assert members["value"].iloc[-1] == kpis(b, _f()).iloc[0]["members"]
    with pytest.raises(ValueError):
        trend(b, _f(), indicator="members", by="theme")
    with pytest.raises(ValueError):
        trend(b, _f(), indicator="drop table activities", by=None)


# ---------------------------------------------------------------------------------------------
# Scope, units, units as today


def test_scope_cannot_be_widened(b, acts):
    hlhpn = Scope(orgs={"HLHPN"})
    assert kpis(b, _f(orgs=("DTN",)), hlhpn).iloc[0]["activities"] == 0
    assert records(b, _f(orgs=("DTN",)), hlhpn).total == 0
    assert trend(b, _f(orgs=("DTN",)), hlhpn, by="org").empty
    assert by_org(b, _f(orgs=("DTN",)), hlhpn).empty
    assert records(b, _f(), hlhpn, org="DTN").total == 0
    only = kpis(b, _f(), hlhpn).iloc[0]
    assert only["activities"] == len(_in(acts[acts["org"] == "HLHPN"], H1_2024))
    assert set(by_org(b, _f(), hlhpn)["org"]) == {"HLHPN"}
    # A unit scope: a filter on a wider unit stays inside it; a filter outside it gives nothing.
    commune = Scope(units={"04105-cu"})
    assert kpis(b, _f(units=("14",)), commune).iloc[0]["activities"] == len(
        _in(acts[acts["unit"] == "04105-cu"], H1_2024)
    )
    assert kpis(b, _f(units=("04111",)), commune).iloc[0]["activities"] == 0
    assert kpis(b, _f(units=("04105",), units_as_today=True), commune).iloc[0]["activities"] == len(
        _in(acts[acts["unit"] == "04105-cu"], H1_2024)
    )


def test_unit_selects_its_subtree(b, acts, ref):
    district = {c for c, u in ref.units.items() if c == "125" or u.parent_code == "125"}
    rows = _in(acts[acts["unit"].isin(district)], H1_2024)
    row = kpis(b, _f(units=("125",))).iloc[0]
    assert row["activities"] == len(rows) and row["funds_vnd"] == rows["funds_vnd"].sum()
    one = kpis(b, _f(units=("04111",))).iloc[0]
    assert one["activities"] == len(_in(acts[acts["unit"] == "04111"], H1_2024)) > 0


def test_units_as_today_moves_records_to_successors(b, acts):
    f_then, f_today = _f(), _f(units_as_today=True)
    assert kpis(b, f_then).iloc[0]["activities"] == kpis(b, f_today).iloc[0]["activities"]
    then = by_unit(b, f_then).set_index("unit")["activities"]
    today = by_unit(b, f_today).set_index("unit")
    assert today["activities"].sum() == then.sum()
    assert not today["dissolved"].any() and "04105-cu" not in today.index and "125" not in today.index
    # Xã Mai Sơn (04105) took over Thị trấn Hát Lót, Xã Hát Lót and Xã Cò Nòi.
    old = {"04105-cu", "04135", "04138"}
    expected = len(_in(acts[acts["unit"].isin(old)], H1_2024))
    assert today.loc["04105", "activities"] == expected == sum(then.get(c, 0) for c in old)
    # The abolished district counts under the province.
    assert today.loc["14", "activities"] == then.get("14", 0) + then.get("125", 0)
    # Filtering on the new commune: its predecessors' records as today; nothing as it was.
    assert kpis(b, _f(units=("04105",), units_as_today=True)).iloc[0]["activities"] == expected
    assert kpis(b, _f(units=("04105",))).iloc[0]["activities"] == 0
    page = records(b, _f(units_as_today=True), unit="04105", limit=500)
    assert page.total == expected and set(page.rows["unit_recorded"]) <= old


def test_members_as_today_sum_the_predecessors(b, members_file):
    row = kpis(b, _f(units=("04105",), units_as_today=True)).iloc[0]
    old = members_file[
        members_file["unit"].isin(["Thị trấn Hát Lót", "Xã Hát Lót", "Xã Cò Nòi"])
        & (members_file["as_of"] == dt.date(2024, 6, 30))
    ]
    assert row["members"] == old["members"].sum() > 0


# ---------------------------------------------------------------------------------------------
# Organizations, units, records


def test_by_org_and_by_unit(b, acts):
    now = _in(acts, H1_2024)
    orgs = by_org(b, _f())
    assert list(orgs["rank"]) == list(range(1, len(orgs) + 1))
    assert orgs.set_index("org")["activities"].to_dict() == {
        o: int((now["org"] == o).sum()) for o in orgs["org"]
    }
    assert orgs["activities"].is_monotonic_decreasing
    units = by_unit(b, _f(), org="HLHPN").set_index("unit")["funds_vnd"]
    expected = now[now["org"] == "HLHPN"].groupby("unit")["funds_vnd"].sum()
    assert units[units > 0].to_dict() == expected[expected > 0].to_dict()


def test_records_page(b, acts):
    f = _f(orgs=("HLHPN",))
    total = len(_in(acts[acts["org"] == "HLHPN"], H1_2024))
    first = records(b, f, sort="-funds_vnd", limit=20)
    second = records(b, f, sort="-funds_vnd", limit=20, offset=20)
    assert first.total == second.total == total
    assert len(first.rows) == 20 and not set(first.rows["record_key"]) & set(second.rows["record_key"])
    funds = pd.concat([first.rows, second.rows])["funds_vnd"].fillna(-1)
    assert funds.is_monotonic_decreasing
    assert (first.rows["org"] == "HLHPN").all()
    with pytest.raises(ValueError):
        records(b, f, sort="date; drop table activities")


# ---------------------------------------------------------------------------------------------
# Themes


def test_theme_matrix_given_counts_match_the_file(b, acts, ref, con):
    now = _in(acts, H1_2024)
    given = now[now["themes_text"].str.strip() != ""]
    expected: dict[tuple[str, str], int] = {}
    for org, text in zip(given["org"], given["themes_text"], strict=True):
        codes = {ref.resolve("theme", p) for p in re.split(r";", text) if p.strip()}
        for code in codes:
            expected[(org, code)] = expected.get((org, code), 0) + 1
    m = theme_matrix(b, _f())
    got = {(o, t): g for o, t, g in zip(m["org"], m["theme"], m["given"], strict=True) if g}
    assert got == expected
    # Inferred themes come from the ETL's inference: checked against the warehouse's bridge view.
    inferred = con.execute(
        "select count(*) from activity_themes t join activities a using (record_key) "
        "where t.inferred and a.date between ? and ?",
        [H1_2024.start, H1_2024.end],
    ).fetchall()[0][0]
    assert m["inferred"].sum() == inferred


def test_declared_schemas_match_the_warehouse(b):
    import dashboard.queries_ibis as q

    for name, columns in q.SCHEMAS.items():
        actual = {c: str(t.copy(nullable=True)) for c, t in b.get_schema(name).items()}
        declared = {c: str(ibis.dtype(t)) for c, t in columns.items()}
        assert declared == actual, name


def test_theme_share(b):
    df = theme_share(b, _f(grain="quarter"))
    assert set(df["bucket_start"].dt.date) == {dt.date(2024, 1, 1), dt.date(2024, 4, 1)}
    assert df.groupby("bucket_start")["share"].sum().round(9).eq(1).all()
    assert ((df["share_of_activities"] > 0) & (df["share_of_activities"] <= 1)).all()


# ---------------------------------------------------------------------------------------------
# Targets, meetings and tasks


def test_targets_progress(b, acts, ref, sample_dir):
    df = targets_progress(b, _f(), today=SAMPLE_TODAY)
    assert (df["year"] == 2024).all() and set(df["status"]) <= {"vuot", "dat", "chua_dat"}
    assert df["percent"].is_monotonic_increasing  # lagging first
    raw = pd.read_csv(
        sample_dir / "mau_chi_tieu.csv",
        sep=";",
        skiprows=2,
        dtype=str,
        keep_default_na=False,
        encoding="utf-8-sig",
    )
    raw = raw[raw["Năm"] == "2024"]
    file_targets = {
        (ref.resolve("org", o), _unit_at(ref, u, dt.date(2024, 1, 1)), ref.resolve("indicator", i)): int(
            re.sub(r"\D", "", t)
        )
        for o, u, i, t in zip(raw["Tổ chức"], raw["Địa bàn"], raw["Chỉ số"], raw["Chỉ tiêu"], strict=True)
    }
    got = {
        (o, u, i): t for o, u, i, t in zip(df["org"], df["unit"], df["indicator"], df["target"], strict=True)
    }
    assert got == file_targets
    ytd = acts[(acts["date"] >= dt.date(2024, 1, 1)) & (acts["date"] <= dt.date(2024, 6, 30))]
    for (org, unit, indicator), target in file_targets.items():
        rows = ytd[(ytd["org"] == org) & (ytd["unit"] == unit)]
        if indicator == "activities":
            actual = len(rows)
        elif indicator == "houses":
            actual = int((rows["type"] == "xay_nha").sum())
        else:
            actual = int(rows[indicator].sum())
        row = df[(df["org"] == org) & (df["unit"] == unit) & (df["indicator"] == indicator)].iloc[0]
        assert row["actual"] == actual, (org, unit, indicator)
        assert row["percent"] == pytest.approx(actual * 100 / target)
        assert row["status"] == ("vuot" if actual > target else "dat" if actual == target else "chua_dat")


def test_tasks_overview_lists_the_seed_briefing(b):
    df = tasks_overview(b, _f(), today=SAMPLE_TODAY)
    seed = df[df["meeting_id"] == "HN-2024-06-13"]
    assert len(seed) > 0
    late = df["due_date"].notna() & (df["due_date"].dt.date < SAMPLE_TODAY) & (df["status"] != "hoan_thanh")
    assert (df["late"] == late).all()
    assert list(df["late"]) == sorted(df["late"], reverse=True)  # late first
    assert {("MTTQ", True), ("HCCB", True), ("HND", True)} <= set(
        zip(seed["assignee"], seed["late"], strict=True)
    )
    only = tasks_overview(b, _f(), Scope(orgs={"HLHPN"}), today=SAMPLE_TODAY)
    assert set(only["assignee"].dropna()) == {"HLHPN"}


# ---------------------------------------------------------------------------------------------
# Empty states


def test_period_without_data_gives_zeros_not_errors(b):
    f = _f(EMPTY)
    row = kpis(b, f).iloc[0]
    assert all(row[i] in (0, None) for i in INDICATORS)
    assert all(row[f"{i}_change_pct"] is None for i in INDICATORS)
    total = trend(b, f, indicator="activities", by=None)
    assert len(total) == 6 and total["value"].sum() == 0
    assert trend(b, f, indicator="activities", by="org").empty
    assert trend(b, f, indicator="members", by="org").empty
    assert (by_org(b, f)["activities"] == 0).all()
    assert records(b, f).total == 0 and records(b, f).rows.empty
    assert theme_matrix(b, f).empty and theme_share(b, f).empty
    assert targets_progress(b, f, today=SAMPLE_TODAY).empty
    assert tasks_overview(b, f, today=SAMPLE_TODAY).empty
    nothing = _f(units=("no-such-unit",))
    assert kpis(b, nothing).iloc[0]["activities"] == 0 and by_unit(b, nothing)["activities"].sum() == 0


# ---------------------------------------------------------------------------------------------
# Filters in the URL


def test_filters_round_trip_through_query_params():
    today = dt.date(2024, 8, 1)
    early = Cutoff(12, 14)
    f = Filters(
        period=parse_period("2024-H1", cutoff=early),
        grain="quarter",
        orgs=("HLHPN", "DTN"),
        units=("04105", "04105-cu"),
        themes=("an_sinh",),
        activity_types=("xay_nha", "ho_tro"),
        units_as_today=True,
    )
    params = to_query_params(f)
    assert all(isinstance(v, str) for v in params.values())
    assert params["period"] == "2024-H1" and params["org"] == "DTN,HLHPN"
    back = from_query_params(params, today=today, cutoff=early)
    assert back == f and back.period.start == dt.date(2023, 12, 15)
    custom = Filters(period=Period.custom(dt.date(2024, 3, 1), dt.date(2024, 5, 15)))
    assert from_query_params(to_query_params(custom), today=today) == custom


def test_garbage_query_params_are_dropped():
    today = dt.date(2024, 8, 1)
    params = {
        "period": "2024-H7'; drop table activities;--",
        "grain": "week",
        "org": "HLHPN,NOPE,,<script>",
        "unit": "04105,bad code!,' or 1=1",
        "theme": "an_sinh,xx",
        "type": ["xay_nha", "zzz"],
        "as_today": "maybe",
        "other": "x",
    }
    f = from_query_params(params, today=today)
    assert f.period == parse_period("2024-H2") and f.grain == "month"
    assert f.orgs == ("HLHPN",) and f.units == ("04105",) and f.themes == ("an_sinh",)
    assert f.activity_types == ("xay_nha",) and f.units_as_today is False
    assert from_query_params({}, today=today) == Filters(period=parse_period("2024-H2"))
    known = from_query_params({"unit": "04105,99999"}, today=today, known={"units": ["04105"]})
    assert known.units == ("04105",)


def test_overlapping_custom_range_counts_rows_in_both_years(b, acts):
    period = Period.custom(dt.date(2023, 1, 1), dt.date(2024, 6, 30))  # last year overlaps it
    ly = period.same_period_last_year()
    row = kpis(b, _f(period)).iloc[0]
    assert row["activities"] == len(_in(acts, period))
    assert row["activities_last_year"] == len(_in(acts, ly))
    df = trend(b, _f(period, grain="quarter"), by=None)
    assert df["value"].sum() == row["activities"] and df["last_year"].sum() == row["activities_last_year"]
    assert by_org(b, _f(period))["activities_last_year"].sum() == len(_in(acts, ly))


def test_empty_warehouse(warehouse):
    b = backend_for(warehouse)
    f = _f()
    assert kpis(b, f).iloc[0]["activities"] == 0
    assert trend(b, f, by=None)["value"].sum() == 0
    assert trend(b, f, indicator="members", by="org").empty
    assert (by_org(b, f)["activities"] == 0).all() and by_unit(b, f)["activities"].sum() == 0
    assert records(b, f).total == 0
    assert theme_matrix(b, f).empty and theme_share(b, f).empty
    assert targets_progress(b, f, today=SAMPLE_TODAY).empty
    assert tasks_overview(b, f, today=SAMPLE_TODAY).empty


def test_filters_and_scope_values():
    f = Filters(H1_2024, orgs=("HND", "DTN", "HND", " "), units=["04105"])
    assert f.orgs == ("DTN", "HND") and f.units == ("04105",)
    with pytest.raises(ValueError):
        Filters(H1_2024, grain="week")
    assert Scope().org_codes(("DTN",)) == {"DTN"} and Scope().org_codes(()) is None
    assert Scope(orgs={"HLHPN"}).org_codes(()) == {"HLHPN"}
    assert Scope(orgs={"HLHPN"}).org_codes(("DTN",)) == frozenset()
    assert Scope(orgs=set()).org_codes(()) == frozenset()


def test_a_running_period_is_compared_with_last_year_up_to_the_same_day(b):
    half = parse_period("2024-H1", cutoff=Cutoff())
    running = kpis(b, Filters(half), today=dt.date(2024, 3, 31)).iloc[0]
    same_days = kpis(b, Filters(Period.custom(dt.date(2023, 1, 1), dt.date(2023, 3, 31)))).iloc[0]
    whole = kpis(b, Filters(half)).iloc[0]
    assert running["activities_last_year"] == same_days["activities"]
    assert running["activities_last_year"] < whole["activities_last_year"]
    # A period already over is compared whole, whatever today is.
    assert kpis(b, Filters(half), today=dt.date(2026, 11, 26)).iloc[0].equals(whole)


# ---------------------------------------------------------------------------------------------
# What one backend has read serves the page run's later calls


def test_day_ranges_merge_and_subtract():
    import dashboard.queries_ibis as q

    d = dt.date
    assert q._merge_ranges([(d(2024, 3, 1), d(2024, 3, 31)), (d(2024, 1, 1), d(2024, 2, 29))]) == [
        (d(2024, 1, 1), d(2024, 3, 31))  # adjacent ranges join
    ]
    assert q._merge_ranges([(d(2024, 1, 1), d(2024, 6, 30)), (d(2024, 2, 1), d(2024, 2, 2))]) == [
        (d(2024, 1, 1), d(2024, 6, 30))
    ]
    covered = q._merge_ranges([(d(2024, 1, 1), d(2024, 6, 30)), (d(2023, 1, 1), d(2023, 6, 30))])
    assert q._missing_ranges([(d(2024, 1, 1), d(2024, 6, 30))], covered) == []
    assert q._missing_ranges([(d(2023, 6, 1), d(2024, 1, 31))], covered) == [(d(2023, 7, 1), d(2023, 12, 31))]
    assert q._missing_ranges([(d(2022, 12, 31), d(2024, 7, 1))], covered) == [
        (d(2022, 12, 31), d(2022, 12, 31)),
        (d(2023, 7, 1), d(2023, 12, 31)),
        (d(2024, 7, 1), d(2024, 7, 1)),
    ]
    assert q._missing_ranges([(d(2025, 1, 1), d(2025, 1, 1))], []) == [(d(2025, 1, 1), d(2025, 1, 1))]


def _page_calls(f: Filters, scope: Scope | None):
    """The calls of the overview, the organizations, themes and trends pages, in a page's order."""
    ly = dataclasses.replace(f, period=f.period.same_period_last_year())
    return [
        ("kpis", lambda b: kpis(b, f, scope, today=dt.date(2024, 3, 31))),
        ("trend", lambda b: trend(b, f, scope, indicator="activities", by=None)),
        ("by_org", lambda b: by_org(b, f, scope)),
        ("theme_matrix", lambda b: theme_matrix(b, f, scope)),
        ("by_org last year", lambda b: by_org(b, ly, scope)),
        ("theme_share", lambda b: theme_share(b, f, scope)),
        ("trend funds by org", lambda b: trend(b, f, scope, indicator="funds_vnd", by="org")),
        ("trend houses", lambda b: trend(b, f, scope, indicator="houses", by=None)),
        ("kpis whole", lambda b: kpis(b, f, scope)),
    ]


@pytest.mark.parametrize(
    ("f", "scope"),
    [
        (_f(), None),
        (_f(grain="quarter", orgs=("HLHPN", "DTN"), themes=("an_sinh",)), None),
        (_f(Period.custom(dt.date(2023, 1, 1), dt.date(2024, 6, 30)), units=("125",)), Scope(orgs={"HLHPN"})),
        (_f(units=("04105",), units_as_today=True, activity_types=("xay_nha", "ho_tro")), None),
    ],
)
def test_calls_sharing_a_backend_give_what_each_gives_alone(con, f, scope):
    """A page run's calls share one backend, and with it the scans it has read: each result is the
    one the call gives on a backend of its own, whatever came before it."""
    shared = backend_for(con.cursor())
    for name, call in _page_calls(f, scope):
        alone = call(backend_for(con.cursor()))
        pd.testing.assert_frame_equal(call(shared), alone, check_exact=True, obj=name)
    for name, call in reversed(_page_calls(f, scope)):
        pd.testing.assert_frame_equal(call(shared), call(backend_for(con.cursor())), obj=name)


def test_the_overview_reads_the_activities_twice(con):
    """kpis, trend and by_org come from one scan per (organization, day); theme_matrix from one
    per (organization, month, theme); the members snapshots once; a later call for last year's
    period reads only the days not read yet."""
    b = backend_for(con.cursor())
    sql: list[str] = []
    compile_ = b.compile
    b.compile = lambda *a, **k: sql.append(compile_(*a, **k)) or sql[-1]
    f = _f()
    kpis(b, f, today=dt.date(2024, 3, 31))
    trend(b, f, indicator="activities", by=None)
    by_org(b, f)
    theme_matrix(b, f)
    on_activities = [s for s in sql if '"activities"' in s]
    assert len(on_activities) == 2 and sum('"members"' in s for s in sql) == 1
    by_org(b, Filters(parse_period("2023-H1")))  # its last year, 2022-H1, is not read yet
    assert len([s for s in sql if '"activities"' in s]) == 3
    assert "MAKE_DATE(2022, 1, 1)" in sql[-2] and "MAKE_DATE(2023, 1, 1)" not in sql[-2]


def test_backends_do_not_share_what_they_read(b, warehouse):
    """Ibis backends made the same way compare equal; what one has read is its own."""
    other = backend_for(warehouse)
    assert other == b
    assert kpis(b, _f()).iloc[0]["activities"] > 0
    assert kpis(other, _f()).iloc[0]["activities"] == 0
    assert by_org(other, _f())["activities"].sum() == 0 and theme_matrix(other, _f()).empty

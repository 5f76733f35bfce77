"""The sample district's files, as a user opening them would check them (read with pandas/calamine only).

Also the units reference: it is regenerated from the field libraries, one root, unique codes.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from etl.config import REFERENCE_DIR
from etl.formats import ACTIVITIES, MEETINGS, MEMBERS, TARGETS, TASKS
from etl.reference_units import UNITS_CSV, build_units, units_csv_text
from etl.sample import (
    FILE_ACTIVITIES,
    FILE_MEETINGS_TASKS,
    FILE_MEMBERS,
    FILE_TARGETS,
    SAMPLE_BANNER,
    SHEET_MEETINGS,
    SHEET_TASKS,
    write_sample,
)
from etl.text import fold

TODAY = dt.date.today()
REFORM = dt.date(2025, 7, 1)


# --- reference lists, resolved the way the contract says (code, labels, aliases, unique label parts) ---


def _ref(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _resolver(*names: str) -> dict[str, str]:
    rows = [r for n in names for r in _ref(n)]
    keys: dict[str, str] = {}
    part_owner: dict[str, set[str]] = {}
    for r in rows:
        for part in r["label_vi"].split(","):
            part_owner.setdefault(fold(part), set()).add(r["code"])
    for r in rows:
        spellings = [r["code"], r["label_vi"], r.get("short_vi", ""), *r["aliases"].split(";")]
        spellings += [p for p in r["label_vi"].split(",") if part_owner[fold(p)] == {r["code"]}]
        for s in spellings:
            if s.strip():
                keys.setdefault(fold(s), r["code"])
    return keys


ORG = _resolver("organizations.csv")
BODY = _resolver("organizations.csv", "bodies.csv")
TYPE = _resolver("activity_types.csv")
THEME = _resolver("themes.csv")
INDICATOR = _resolver("indicators.csv")
STATUS = _resolver("task_statuses.csv")
MEETING_TYPE = _resolver("meeting_types.csv")


def _units() -> pd.DataFrame:
    return pd.read_csv(UNITS_CSV, dtype=str, keep_default_na=False)


def _unit_candidates() -> dict[str, list[dict]]:
    """Folded spelling -> units (a name reused after the reform has two)."""
    out: dict[str, list[dict]] = {}
    for u in _units().to_dict("records"):
        for s in {u["code"], u["name"], *u["aliases"].split(";")}:
            if s:
                out.setdefault(fold(s), []).append(u)
    return out


def _valid_on(u: dict, day: dt.date) -> bool:
    start = dt.date.fromisoformat(u["valid_from"])
    end = dt.date.fromisoformat(u["valid_to"]) if u["valid_to"] else dt.date.max
    return start <= day <= end


# --- files -----------------------------------------------------------------------------------------


def _read_activities(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, skiprows=2, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    df.columns = [c.name for c in ACTIVITIES.columns]
    df["day"] = pd.to_datetime(df["date"], format="%d/%m/%Y").dt.date
    return df


def _read_sheet(path: Path, sheet: str | int = 0) -> pd.DataFrame:
    return pd.read_excel(path, sheet_name=sheet, header=None, engine="calamine", dtype=object)


def _as_date(value) -> dt.date | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.datetime.strptime(str(value), "%d/%m/%Y").date()


def _table(raw: pd.DataFrame, header_row: int = 2) -> pd.DataFrame:
    df = raw.iloc[header_row + 1 :].copy()
    df.columns = list(raw.iloc[header_row])
    return df.reset_index(drop=True)


@pytest.fixture(scope="module")
def default_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample_default")
    write_sample(out)
    return out


@pytest.fixture(scope="module")
def default_acts(default_dir: Path) -> pd.DataFrame:
    df = _read_activities(default_dir / FILE_ACTIVITIES)
    df["org_code"] = df["org"].map(lambda s: ORG.get(fold(s)))
    df["type_code"] = df["activity_type"].map(lambda s: TYPE.get(fold(s)))
    return df


@pytest.fixture(scope="module")
def small_dirs(tmp_path_factory) -> tuple[Path, Path, Path]:
    """rows=2000 written twice with seed 3, once with seed 4."""
    dirs = []
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        out = tmp_path_factory.mktemp(f"sample_small_{name}")
        write_sample(out, rows=2000, seed=seed)
        dirs.append(out)
    return tuple(dirs)


def test_files_have_sample_names_and_banner(default_dir: Path):
    names = sorted(p.name for p in default_dir.iterdir())
    assert names == sorted([FILE_ACTIVITIES, FILE_MEETINGS_TASKS, FILE_MEMBERS, FILE_TARGETS])
    assert all(n.startswith("mau_") for n in names)
    assert "DỮ LIỆU MẪU" in SAMPLE_BANNER
    assert (default_dir / FILE_ACTIVITIES).read_bytes().startswith("\ufeff".encode() + SAMPLE_BANNER.encode())
    assert (default_dir / FILE_TARGETS).read_bytes().startswith("\ufeff".encode() + SAMPLE_BANNER.encode())
    for name, sheets in ((FILE_MEETINGS_TASKS, [SHEET_MEETINGS, SHEET_TASKS]), (FILE_MEMBERS, [0])):
        for sheet in sheets:
            assert _read_sheet(default_dir / name, sheet).iloc[0, 0] == SAMPLE_BANNER


def test_headers_are_the_vietnamese_labels(default_dir: Path):
    lines = (default_dir / FILE_ACTIVITIES).read_text(encoding="utf-8-sig").splitlines()
    assert next(csv.reader([lines[2]])) == [c.label_vi for c in ACTIVITIES.columns]
    targets = (default_dir / FILE_TARGETS).read_text(encoding="utf-8-sig").splitlines()
    assert targets[2].split(";") == [c.label_vi for c in TARGETS.columns]
    book = default_dir / FILE_MEETINGS_TASKS
    assert list(_read_sheet(book, SHEET_MEETINGS).iloc[2]) == [c.label_vi for c in MEETINGS.columns]
    assert list(_read_sheet(book, SHEET_TASKS).iloc[2]) == [c.label_vi for c in TASKS.columns]
    members = list(_read_sheet(default_dir / FILE_MEMBERS).iloc[2])
    assert members == ["STT"] + [c.label_vi for c in MEMBERS.columns]


def test_default_size_and_values_follow_the_contract(default_acts: pd.DataFrame):
    df = default_acts
    assert 15_000 <= len(df) <= 30_000
    assert df["org_code"].notna().all(), set(df.loc[df["org_code"].isna(), "org"])
    assert df["type_code"].notna().all(), set(df.loc[df["type_code"].isna(), "activity_type"])
    themes = df.loc[df["themes"] != "", "themes"]
    bad = {p for s in themes for p in s.split(";") if fold(p) not in THEME}
    assert not bad
    assert 0.25 < (df["themes"] == "").mean() < 0.42
    assert (df["title"] != "").all()
    participants = pd.to_numeric(df["participants"].replace("", np.nan))
    assert participants.dropna().between(20, 500).all()
    funds = df.loc[df["funds_vnd"] != "", "funds_vnd"]
    assert funds.str.fullmatch(r"\d{1,3}(\.\d{3})+( đ)?").all()
    assert funds.str.endswith(" đ").any() and (~funds.str.endswith(" đ")).any()
    amounts = funds.str.replace(" đ", "").str.replace(".", "").astype(np.int64)
    assert (amounts % 1000 == 0).all()
    new_members = pd.to_numeric(df["new_members"].replace("", np.nan)).dropna()
    assert (new_members == 0).mean() > 0.8 and (new_members > 0).any()
    ids = df.loc[df["activity_id"] != "", "activity_id"]
    assert 0 < len(ids) < len(df) / 2 and ids.is_unique
    assert ids.str.fullmatch(r"HD-\d{4}-\d{6,}").all()


def test_default_keys_are_unique_where_the_id_is_blank(default_acts: pd.DataFrame):
    df = default_acts[default_acts["activity_id"] == ""]
    candidates = _unit_candidates()

    def unit_key(row) -> str:
        if not row["unit"]:
            return ""
        units = [u for u in candidates[fold(row["unit"])] if _valid_on(u, row["day"])]
        return units[0]["code"]

    key = pd.DataFrame(
        {
            "date": df["date"],
            "org": df["org_code"],
            "unit": [unit_key(r) for r in df[["unit", "day"]].to_dict("records")],
            "type": df["type_code"],
            "title": df["title"].map(fold),
        }
    )
    assert not key.duplicated().any()


def test_every_org_type_at_every_level(default_acts: pd.DataFrame):
    units = _units().set_index("name")

    def level(row) -> str:
        if row["unit"] in ("", "Tỉnh Sơn La", "Sơn La"):
            return "province"
        name = row["unit"][:1].upper() + row["unit"][1:]
        return units.loc[name, "level"] if isinstance(units.loc[name, "level"], str) else "commune"

    levels = default_acts.apply(level, axis=1)
    seen = set(zip(default_acts["org_code"], levels, strict=True))
    for org in ("MTTQ", "LDLD", "HLHPN", "DTN", "HND", "HCCB", "HLHTN"):
        for lv in ("province", "district", "commune"):
            assert (org, lv) in seen, (org, lv)


def test_dates_span_2021_to_this_month(default_acts: pd.DataFrame):
    assert default_acts["day"].min() == dt.date(2021, 1, 1) or default_acts["day"].min() < dt.date(2021, 1, 8)
    last = default_acts["day"].max()
    assert last <= TODAY and (last.year, last.month) == (TODAY.year, TODAY.month)
    months = {(d.year, d.month) for d in default_acts["day"]}
    y, m = 2021, 1
    while (y, m) <= (TODAY.year, TODAY.month):
        assert (y, m) in months, (y, m)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def test_units_are_used_only_while_they_exist(default_acts: pd.DataFrame):
    candidates = _unit_candidates()
    df = default_acts[default_acts["unit"] != ""]
    for name, day in zip(df["unit"], df["day"], strict=True):
        units = candidates[fold(name)]
        assert any(_valid_on(u, day) for u in units), (name, day)
        if len(units) == 1:  # a name only an old (or only a new) unit carries
            assert _valid_on(units[0], day), (name, day)
    district = df[df["unit"].str.lower() == "huyện mai sơn"]
    assert len(district) and district["day"].max() < REFORM
    new_only = df[df["unit"] == "Xã Mai Sơn"]
    assert len(new_only) and new_only["day"].min() >= REFORM
    old_only = df[df["unit"] == "Xã Nà Ớt"]
    assert len(old_only) and old_only["day"].max() < REFORM


def test_seasons_a_reader_recognises(default_acts: pd.DataFrame):
    df = default_acts
    month = df["day"].map(lambda d: d.month)
    tet_gifts = df["title"].str.contains("quà Tết|Tết vì người nghèo|Tết Sum vầy")
    assert set(month[tet_gifts]) <= {1, 2}
    summer = df["title"].str.contains("Mùa hè xanh|tình nguyện hè")
    assert summer.any() and set(month[summer]) <= {6, 7, 8}
    unity = df["title"].str.contains("Ngày hội Đại đoàn kết toàn dân tộc")
    assert unity.any() and set(month[unity]) <= {10, 11}
    sundays = df.loc[df["title"].str.contains("Chủ nhật xanh"), "day"]
    assert len(sundays) and all(d.weekday() == 6 for d in sundays)
    congress_2024 = df["title"].str.contains("Đại hội đại biểu Mặt trận Tổ quốc Việt Nam") & (
        df["day"].map(lambda d: d.year) == 2024
    )
    assert congress_2024.any()


def test_same_seed_same_bytes(small_dirs):
    a, b, c = small_dirs
    for name in (FILE_ACTIVITIES, FILE_TARGETS):
        assert (a / name).read_bytes() == (b / name).read_bytes()
    assert (a / FILE_ACTIVITIES).read_bytes() != (c / FILE_ACTIVITIES).read_bytes()


def test_rows_gives_exactly_n_rows_each_with_an_id(small_dirs, default_dir: Path):
    df = _read_activities(small_dirs[0] / FILE_ACTIVITIES)
    assert len(df) == 2000
    assert (df["activity_id"] != "").all() and df["activity_id"].is_unique
    assert list(df["day"]) == sorted(df["day"])
    # The other files do not depend on rows.
    assert (small_dirs[0] / FILE_TARGETS).read_bytes() != b""
    assert len(_read_activities(default_dir / FILE_ACTIVITIES)) != 2000


def test_rows_zero_and_a_past_today(tmp_path: Path):
    write_sample(tmp_path, rows=0, today=dt.date(2024, 7, 1))
    assert _read_activities(tmp_path / FILE_ACTIVITIES).empty
    meetings = _table(_read_sheet(tmp_path / FILE_MEETINGS_TASKS, SHEET_MEETINGS))
    assert max(_as_date(d) for d in meetings["Ngày"]) <= dt.date(2024, 7, 1)
    assert "HN-2024-06-13" in set(meetings["Mã hội nghị"])


def test_seed_briefing_and_its_tasks(default_dir: Path):
    book = default_dir / FILE_MEETINGS_TASKS
    meetings = _table(_read_sheet(book, SHEET_MEETINGS))
    seed = meetings[meetings["Mã hội nghị"] == "HN-2024-06-13"]
    assert len(seed) == 1
    row = seed.iloc[0]
    assert _as_date(row["Ngày"]) == dt.date(2024, 6, 13)
    assert MEETING_TYPE[fold(row["Loại hội nghị"])] == "giao_ban"
    assert row["Tên hội nghị"] == (
        "Hội nghị giao ban công tác Mặt trận và các tổ chức chính trị - xã hội huyện 6 tháng đầu năm 2024"
    )
    assert BODY[fold(row["Cơ quan chủ trì"])] == "TT_CAP_UY"
    assert row["Địa bàn"] == "Huyện Mai Sơn" and row["Người chủ trì"] == "Hồ Văn Vinh"
    assert {ORG[fold(o)] for o in row["Tổ chức tham dự"].split(";")} == set(ORG.values())
    assert "Hồ Văn Vinh" in row["Tóm tắt"]

    tasks = _table(_read_sheet(book, SHEET_TASKS))
    seed_tasks = tasks[tasks["Mã hội nghị"] == "HN-2024-06-13"]
    text = " ".join(seed_tasks["Nội dung nhiệm vụ"])
    for phrase in (
        "giải phóng mặt bằng",
        "phản biện xã hội",
        "dân vận chính quyền",
        "chăm sóc cây trồng, vật nuôi",
        "quyền và lợi ích chính đáng của đoàn viên, hội viên",
        "Đại hội đại biểu Mặt trận Tổ quốc Việt Nam huyện nhiệm kỳ 2024 - 2029",
        "Đại hội Hội Liên hiệp Thanh niên Việt Nam huyện nhiệm kỳ 2024 - 2029",
    ):
        assert phrase in text, phrase
    assignees = {BODY[fold(a)] for a in seed_tasks["Đơn vị thực hiện"]}
    assert {"MTTQ", "LDLD", "HLHPN", "DTN", "HND", "HCCB", "HLHTN"} <= assignees


def test_tasks_statuses_and_some_are_late(default_dir: Path):
    book = default_dir / FILE_MEETINGS_TASKS
    tasks = _table(_read_sheet(book, SHEET_TASKS))
    meetings = _table(_read_sheet(book, SHEET_MEETINGS))
    assert set(tasks["Mã hội nghị"]) <= set(meetings["Mã hội nghị"])
    assert tasks["Mã nhiệm vụ"].is_unique and meetings["Mã hội nghị"].is_unique
    status = tasks["Tình trạng"].map(lambda s: STATUS[fold(s)])
    due = tasks["Hạn hoàn thành"].map(_as_date)
    done = tasks["Ngày hoàn thành"].map(_as_date)
    assert set(status) == {"hoan_thanh", "dang_thuc_hien", "chua_thuc_hien"}
    late = (status != "hoan_thanh") & due.map(lambda d: d is not None and d < TODAY)
    assert late.sum() >= 5
    assert late[tasks["Mã hội nghị"] == "HN-2024-06-13"].any()
    assert ((status == "hoan_thanh") == done.notna()).all()
    assert all(d <= TODAY for d in done.dropna())
    # Dates both as Excel date cells and as dd/mm/yyyy text.
    raw = _read_sheet(book, SHEET_TASKS).iloc[3:, 5]
    assert any(isinstance(v, dt.datetime) for v in raw) and any(isinstance(v, str) for v in raw)
    for col, resolver in (("Cơ quan chủ trì", BODY), ("Loại hội nghị", MEETING_TYPE)):
        assert meetings[col].map(lambda s, r=resolver: fold(s) in r).all(), col
    assert tasks["Đơn vị thực hiện"].map(lambda s: fold(s) in BODY).all()


def test_members_snapshots(default_dir: Path):
    df = _table(_read_sheet(default_dir / FILE_MEMBERS))
    df["as_of"] = df["Tính đến ngày"].map(_as_date)
    assert {(d.month, d.day) for d in df["as_of"]} == {(6, 30), (12, 31)}
    assert df["Tổ chức"].map(lambda s: fold(s) in ORG).all()
    candidates = _unit_candidates()
    for unit, day in zip(df["Địa bàn"], df["as_of"], strict=True):
        if isinstance(unit, str) and unit:
            assert any(_valid_on(u, day) for u in candidates[fold(unit)]), (unit, day)
    district = df[df["Địa bàn"] == "Huyện Mai Sơn"].copy()
    district["org"] = district["Tổ chức"].map(lambda s: ORG[fold(s)])
    for _, g in district.groupby("org"):
        members = g.sort_values("as_of")["Tổng số đoàn viên, hội viên"].astype(int)
        assert members.iloc[-1] > members.iloc[0]  # growing slowly
    joined = df["Kết nạp mới trong kỳ"].astype(int)
    assert (joined >= 0).all() and (joined > 0).mean() > 0.9


def test_targets_some_met_some_missed(default_dir: Path, default_acts: pd.DataFrame):
    text = (default_dir / FILE_TARGETS).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines()[3:], delimiter=";"))
    targets = pd.DataFrame(rows, columns=["org", "unit", "year", "indicator", "target"])
    targets["org"] = targets["org"].map(lambda s: ORG[fold(s)])
    targets["indicator"] = targets["indicator"].map(lambda s: INDICATOR[fold(s)])
    targets["target"] = targets["target"].str.replace(".", "").astype(int)
    targets["year"] = targets["year"].astype(int)
    assert not targets.duplicated(["org", "unit", "year", "indicator"]).any()
    # Activities of each organization at its own level, past years.
    acts = default_acts.assign(year=default_acts["day"].map(lambda d: d.year))
    acts["unit"] = acts["unit"].replace({"Tỉnh Sơn La": "", "Sơn La": "", "huyện Mai Sơn": "Huyện Mai Sơn"})
    counts = acts.groupby(["org_code", "unit", "year"]).size()
    past = targets[(targets["indicator"] == "activities") & (targets["year"] < TODAY.year)]
    met = [counts.get((r.org, r.unit, r.year), 0) >= r.target for r in past.itertuples()]
    assert 0.2 < np.mean(met) < 0.8


def test_units_reference_is_generated_from_the_libraries():
    assert UNITS_CSV.read_text(encoding="utf-8") == units_csv_text(build_units())
    units = _units()
    assert list(units.columns) == [
        "code",
        "name",
        "level",
        "parent_code",
        "valid_from",
        "valid_to",
        "successor_code",
        "aliases",
    ]
    assert units["code"].is_unique
    assert (units["parent_code"] == "").sum() == 1
    root = units[units["parent_code"] == ""].iloc[0]
    assert root["level"] == "province" and root["valid_to"] == ""
    assert set(units["parent_code"]) - {""} <= set(units["code"])
    old = units[(units["level"] == "commune") & (units["valid_to"] != "")]
    new = units[(units["level"] == "commune") & (units["valid_to"] == "")]
    assert len(old) >= 15 and len(new) >= 1
    assert (old["valid_to"] == "2025-06-30").all() and (new["valid_from"] == "2025-07-01").all()
    assert set(old["successor_code"]) <= set(new["code"]) and set(new["code"]) <= set(old["successor_code"])
    district = units[units["level"] == "district"].iloc[0]
    assert district["valid_to"] == "2025-06-30" and (old["parent_code"] == district["code"]).all()
    assert (new["parent_code"] == root["code"]).all()
    assert units["code"].map(lambda c: re.fullmatch(r"\d{2}|\d{3}|\d{5}(-cu)?", c) is not None).all()
    assert units["name"].str.match(r"^(Tỉnh|Thành phố|Huyện|Xã|Thị trấn|Phường) ").all()

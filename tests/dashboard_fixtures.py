"""A small warehouse for dashboard tests, built without the ETL.

It has exactly the warehouse's tables (DESIGN.md §4, names final) and a few rows whose counts and
date ranges are known (``EXPECTED``). When ``etl.schema`` exists this can be swapped for it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

SCHEMA = [
    """CREATE TABLE activities (
        record_key VARCHAR PRIMARY KEY, activity_id VARCHAR, date DATE, org VARCHAR, unit VARCHAR,
        activity_type VARCHAR, themes VARCHAR[], themes_inferred BOOLEAN, title VARCHAR,
        participants BIGINT, beneficiaries BIGINT, funds_vnd BIGINT, new_members BIGINT,
        notes VARCHAR, batch_id BIGINT)""",
    """CREATE TABLE meetings (
        record_key VARCHAR PRIMARY KEY, meeting_id VARCHAR, date DATE, meeting_type VARCHAR,
        title VARCHAR, host VARCHAR, unit VARCHAR, chair VARCHAR, attendees BIGINT,
        orgs VARCHAR[], summary VARCHAR, batch_id BIGINT)""",
    """CREATE TABLE tasks (
        record_key VARCHAR PRIMARY KEY, task_id VARCHAR, meeting_id VARCHAR, assignee VARCHAR,
        description VARCHAR, themes VARCHAR[], due_date DATE, status VARCHAR,
        completed_date DATE, batch_id BIGINT)""",
    """CREATE TABLE members (
        record_key VARCHAR PRIMARY KEY, org VARCHAR, unit VARCHAR, as_of DATE, members BIGINT,
        new_members BIGINT, batch_id BIGINT)""",
    """CREATE TABLE targets (
        record_key VARCHAR PRIMARY KEY, org VARCHAR, unit VARCHAR, year INTEGER, indicator VARCHAR,
        target BIGINT, batch_id BIGINT)""",
    """CREATE TABLE batches (
        batch_id BIGINT PRIMARY KEY, kind VARCHAR, file_name VARCHAR, sheet VARCHAR,
        loaded_by VARCHAR, loaded_at TIMESTAMP, rows_read BIGINT, rows_new BIGINT,
        rows_updated BIGINT, rows_unchanged BIGINT, status VARCHAR, rolled_back_at TIMESTAMP)""",
    """CREATE TABLE org_types (
        code VARCHAR PRIMARY KEY, label_vi VARCHAR, label_en VARCHAR, short_vi VARCHAR,
        aliases VARCHAR[], founded VARCHAR)""",
    """CREATE TABLE units (
        code VARCHAR PRIMARY KEY, name VARCHAR, level VARCHAR, parent_code VARCHAR,
        valid_from DATE, valid_to DATE, successor_code VARCHAR, aliases VARCHAR[])""",
    """CREATE TABLE themes (code VARCHAR PRIMARY KEY, label_vi VARCHAR, label_en VARCHAR, aliases VARCHAR[])""",
    """CREATE TABLE activity_types (
        code VARCHAR PRIMARY KEY, label_vi VARCHAR, label_en VARCHAR, aliases VARCHAR[])""",
]

ORG_TYPES = [
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam", "Vietnam Fatherland Front Committee", "Mặt trận Tổ quốc"),
    ("LDLD", "Liên đoàn Lao động", "Labour Federation (Trade Union)", "Công đoàn"),
    ("HLHPN", "Hội Liên hiệp Phụ nữ", "Women's Union", "Hội Phụ nữ"),
    ("DTN", "Đoàn TNCS Hồ Chí Minh", "Ho Chi Minh Communist Youth Union", "Đoàn Thanh niên"),
    ("HND", "Hội Nông dân", "Farmers' Association", "Hội Nông dân"),
    ("HCCB", "Hội Cựu chiến binh", "Veterans' Association", "Hội Cựu chiến binh"),
    ("HLHTN", "Hội Liên hiệp Thanh niên Việt Nam", "Vietnam Youth Federation", "Hội LHTN"),
]

# Activities are generated: N_ACTIVITIES rows spread over ACTIVITY_DAYS consecutive days from
# ACTIVITY_START (531 is coprime with 892, so every day of the span is used) and over these orgs.
N_ACTIVITIES = 1234
ACTIVITY_START = dt.date(2023, 1, 5)
ACTIVITY_DAYS = 892
ACTIVITY_ORGS = ("MTTQ", "HLHPN", "DTN", "HND", "HCCB")

TASKS = [
    # task_id, due_date, status
    ("NV-01", dt.date(2024, 3, 31), "dang_thuc_hien"),  # late
    ("NV-02", dt.date(2024, 6, 30), "chua_thuc_hien"),  # late
    ("NV-03", dt.date(2024, 5, 1), "hoan_thanh"),
    ("NV-04", dt.date(2030, 12, 31), "chua_thuc_hien"),
    ("NV-05", None, "dang_thuc_hien"),
]

EXPECTED = {
    "activities": {
        "records": N_ACTIVITIES,
        "from": ACTIVITY_START,
        "to": ACTIVITY_START + dt.timedelta(days=ACTIVITY_DAYS - 1),
    },
    "meetings": {"records": 3, "from": dt.date(2024, 1, 10), "to": dt.date(2025, 1, 9)},
    "tasks": {"records": len(TASKS), "from": dt.date(2024, 3, 31), "to": dt.date(2030, 12, 31), "late": 2},
    "members": {"records": 7, "from": dt.date(2024, 6, 30), "to": dt.date(2024, 12, 31)},
    "targets": {"records": 12, "year_from": 2024, "year_to": 2025},
}
# A rolled-back batch whose file name looks like markup: it must be shown as plain text.
MARKUP_FILE_NAME = "<b>bao_cao</b> **6 tháng**.xlsx"


def create_warehouse(path: str | Path, *, with_data: bool = True, sample: bool = True) -> Path:
    """Write a warehouse at ``path`` (replacing any). ``with_data=False``: tables and reference
    rows only. ``sample``: the loaded batches' file names start with ``mau_`` (sample data)."""
    path = Path(path)
    for p in (path, Path(f"{path}.wal")):
        p.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    try:
        for statement in SCHEMA:
            con.execute(statement)
        _insert_reference(con)
        if with_data:
            _insert_records(con, sample=sample)
    finally:
        con.close()
    return path


def _insert_reference(con: duckdb.DuckDBPyConnection) -> None:
    con.executemany("INSERT INTO org_types VALUES (?, ?, ?, ?, [], NULL)", [list(row) for row in ORG_TYPES])
    con.executemany(
        "INSERT INTO units VALUES (?, ?, ?, ?, ?, ?, ?, [])",
        [
            ["001", "Huyện Mẫu", "huyen", None, dt.date(2000, 1, 1), dt.date(2025, 6, 30), "00010"],
            ["00010", "Xã Mẫu Sơn", "xa", None, dt.date(2025, 7, 1), None, None],
        ],
    )
    con.executemany(
        "INSERT INTO themes VALUES (?, ?, ?, [])",
        [
            ["an_sinh", "an sinh xã hội, từ thiện, nhân đạo", "social welfare, charity"],
            ["kinh_te", "phát triển kinh tế, sản xuất, giảm nghèo", "economic development"],
        ],
    )
    con.executemany(
        "INSERT INTO activity_types VALUES (?, ?, ?, [])",
        [
            ["ho_tro", "hỗ trợ, trao quà, từ thiện", "support, gifts, charity"],
            ["tuyen_truyen", "buổi tuyên truyền", "communication session"],
            ["xay_nha", "xây, sửa nhà", "house building or repair"],
        ],
    )


def _insert_records(con: duckdb.DuckDBPyConnection, *, sample: bool) -> None:
    prefix = "mau_" if sample else "bao_cao_"
    loaded = dt.datetime(2025, 1, 15, 9, 30)
    batches = [
        (1, "activities", f"{prefix}hoat_dong.csv", None, N_ACTIVITIES),
        (2, "meetings", f"{prefix}hoi_nghi.csv", None, 3),
        (3, "tasks", f"{prefix}nhiem_vu.xlsx", "Nhiệm vụ", len(TASKS)),
        (4, "members", f"{prefix}doan_vien.xlsx", "Số liệu", 7),
        (5, "targets", f"{prefix}chi_tieu.csv", None, 12),
    ]
    for batch_id, kind, file_name, sheet, rows in batches:
        con.execute(
            "INSERT INTO batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 'loaded', NULL)",
            [batch_id, kind, file_name, sheet, "admin", loaded + dt.timedelta(minutes=batch_id), rows, rows],
        )
    con.execute(
        "INSERT INTO batches VALUES (6, 'activities', ?, 'Sheet1', 'canbo.xa', ?, 40, 40, 0, 0, "
        "'rolled_back', ?)",
        [MARKUP_FILE_NAME, dt.datetime(2025, 2, 1, 8, 0), dt.datetime(2025, 2, 1, 8, 5)],
    )
    con.execute(
        """
        INSERT INTO activities
        SELECT 'a' || i, 'HD-' || i,
               $start + CAST((i * 531) % $days AS INTEGER),
               list_extract($orgs, CAST(1 + (i * 7 + i // 50) % len($orgs) AS INTEGER)),
               '001', 'tuyen_truyen', ['an_sinh'], false, 'Hoạt động số ' || i,
               20 + i % 30, i % 5, 1000000 * (i % 3), i % 2, NULL, 1
        FROM range($n) AS r(i)
        """,
        {"start": ACTIVITY_START, "days": ACTIVITY_DAYS, "orgs": list(ACTIVITY_ORGS), "n": N_ACTIVITIES},
    )
    con.executemany(
        "INSERT INTO meetings VALUES (?, ?, ?, ?, ?, ?, '001', ?, ?, ?, ?, 2)",
        [
            [
                "m1",
                "HN-2024-01",
                dt.date(2024, 1, 10),
                "giao_ban",
                "Hội nghị giao ban quý I/2024",
                "Thường trực Huyện ủy",
                "Bí thư Huyện ủy",
                45,
                ["MTTQ", "HLHPN"],
                "Giao ban đầu năm.",
            ],
            [
                "m2",
                "HN-2024-07",
                dt.date(2024, 7, 12),
                "so_ket",
                "Sơ kết 6 tháng đầu năm 2024",
                "Ủy ban MTTQ huyện",
                "Chủ tịch UBMTTQ",
                60,
                ["MTTQ", "DTN", "HND"],
                "Sơ kết.",
            ],
            [
                "m3",
                "HN-2025-01",
                dt.date(2025, 1, 9),
                "tong_ket",
                "Tổng kết năm 2024",
                "Thường trực Huyện ủy",
                "Bí thư Huyện ủy",
                80,
                ["MTTQ", "HCCB"],
                "Tổng kết.",
            ],
        ],
    )
    con.executemany(
        "INSERT INTO tasks VALUES (?, ?, 'HN-2024-01', 'Hội LHPN huyện', ?, ['an_sinh'], ?, ?, ?, 3)",
        [
            [
                "t" + task_id,
                task_id,
                f"Nhiệm vụ {task_id}",
                due,
                status,
                dt.date(2024, 4, 20) if status == "hoan_thanh" else None,
            ]
            for task_id, due, status in TASKS
        ],
    )
    con.executemany(
        "INSERT INTO members VALUES (?, ?, '001', ?, ?, ?, 4)",
        [
            [f"mb{i}", org, as_of, 1000 + 100 * i, 10 + i]
            for i, (org, as_of) in enumerate(
                [
                    ("MTTQ", dt.date(2024, 6, 30)),
                    ("HLHPN", dt.date(2024, 6, 30)),
                    ("DTN", dt.date(2024, 6, 30)),
                    ("HND", dt.date(2024, 6, 30)),
                    ("MTTQ", dt.date(2024, 12, 31)),
                    ("HLHPN", dt.date(2024, 12, 31)),
                    ("DTN", dt.date(2024, 12, 31)),
                ]
            )
        ],
    )
    con.executemany(
        "INSERT INTO targets VALUES (?, ?, '001', ?, ?, ?, 5)",
        [
            [f"tg{year}{org}{indicator}", org, year, indicator, 100]
            for year in (2024, 2025)
            for org in ("MTTQ", "HLHPN", "DTN")
            for indicator in ("activities", "new_members")
        ],
    )

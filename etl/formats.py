"""The upload contract (DESIGN.md §3): record kinds, their columns and how each is read.

Column types:
- ``text``: free text, NFC-normalized and trimmed.
- ``id``: an identifier written by the office (kept as text, case and spacing preserved).
- ``date``: dd/mm/yyyy, d/m/yyyy, ISO yyyy-mm-dd or an Excel date cell.
- ``count``: a whole number ≥ 0; ``money`` the same with an optional đ/đồng/VND.
- ``year``: a year such as 2024.
- ``ref:<list>``: one code of a reference list; ``refs:<list>`` a ``;``-separated list of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.text import fold, strip_diacritics


@dataclass(frozen=True)
class Column:
    name: str
    label_vi: str
    type: str
    required: bool = False
    # Other headers offices write for this column (matched like the label).
    header_aliases: tuple[str, ...] = ()
    label_en: str = ""

    @property
    def ref_list(self) -> str | None:
        if self.type.startswith(("ref:", "refs:")):
            return self.type.split(":", 1)[1]
        return None

    @property
    def is_list(self) -> bool:
        return self.type.startswith("refs:")


@dataclass(frozen=True)
class RecordKind:
    name: str
    label_vi: str
    columns: tuple[Column, ...]
    # Column holding the office's own id, if the kind has one.
    id_column: str | None
    # Columns whose values identify a record when its id is blank (or always, without id column).
    key_columns: tuple[str, ...]
    # The column an id is unique within, if not the whole kind: a task's id within its meeting
    # (offices number each conclusion's tasks 1, 2, 3).
    id_within: str | None = None
    column_by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_by_name", {c.name: c for c in self.columns})

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


def C(name: str, label_vi: str, type_: str, required: bool = False, *aliases: str, en: str = "") -> Column:
    return Column(name, label_vi, type_, required, tuple(aliases), en)


ACTIVITIES = RecordKind(
    "activities",
    "Hoạt động",
    (
        C("activity_id", "Mã hoạt động", "id", False, "Mã HĐ", "Mã số hoạt động", en="Activity ID"),
        C(
            "date",
            "Ngày",
            "date",
            True,
            "Ngày tổ chức",
            "Ngày thực hiện",
            "Ngày tháng",
            "Thời gian",
            en="Date",
        ),
        C("org", "Tổ chức", "ref:org", True, "Tổ chức thực hiện", "Đơn vị tổ chức", en="Organization"),
        C("unit", "Địa bàn", "ref:unit", False, "Đơn vị hành chính", "Xã, thị trấn", "Địa phương", en="Unit"),
        C("activity_type", "Loại hoạt động", "ref:activity_type", True, "Hình thức", en="Activity type"),
        C("themes", "Chủ đề", "refs:theme", False, "Lĩnh vực", en="Themes"),
        C("title", "Nội dung", "text", True, "Nội dung hoạt động", "Tên hoạt động", en="Title"),
        C(
            "participants",
            "Số người tham gia",
            "count",
            False,
            "Số lượt người tham gia",
            "Số người dự",
            "Số người",
            en="Participants",
        ),
        C("beneficiaries", "Số người hưởng lợi", "count", False, "Số người được hỗ trợ", en="Beneficiaries"),
        C(
            "funds_vnd",
            "Kinh phí (đồng)",
            "money",
            False,
            "Kinh phí",
            "Số tiền",
            "Kinh phí (VNĐ)",
            en="Funds (VND)",
        ),
        C("new_members", "Kết nạp mới", "count", False, "Số kết nạp mới", "Kết nạp", en="New members"),
        C("notes", "Ghi chú", "text", False, en="Notes"),
    ),
    id_column="activity_id",
    key_columns=("date", "org", "unit", "activity_type", "title"),
)

MEETINGS = RecordKind(
    "meetings",
    "Hội nghị",
    (
        C("meeting_id", "Mã hội nghị", "id", False, "Mã cuộc họp", en="Meeting ID"),
        C("date", "Ngày", "date", True, "Ngày họp", "Ngày tháng", "Thời gian", en="Date"),
        C("meeting_type", "Loại hội nghị", "ref:meeting_type", True, "Loại cuộc họp", en="Meeting type"),
        C("title", "Tên hội nghị", "text", True, "Tên cuộc họp", "Nội dung", en="Title"),
        C("host", "Cơ quan chủ trì", "ref:body", True, "Đơn vị chủ trì", "Chủ trì", en="Host"),
        C("unit", "Địa bàn", "ref:unit", False, "Địa phương", en="Unit"),
        C("chair", "Người chủ trì", "text", False, en="Chair"),
        C("attendees", "Số đại biểu", "count", False, "Số người dự", "Số đại biểu dự", en="Attendees"),
        C("orgs", "Tổ chức tham dự", "refs:org", False, "Thành phần", en="Organizations attending"),
        C("summary", "Tóm tắt", "text", False, "Nội dung chính", "Kết luận", en="Summary"),
    ),
    id_column="meeting_id",
    key_columns=("date", "meeting_type", "host", "unit", "title"),
)

TASKS = RecordKind(
    "tasks",
    "Nhiệm vụ",
    (
        C("task_id", "Mã nhiệm vụ", "id", False, en="Task ID"),
        C("meeting_id", "Mã hội nghị", "id", True, "Mã cuộc họp", en="Meeting ID"),
        C(
            "assignee",
            "Đơn vị thực hiện",
            "ref:body",
            True,
            "Đơn vị được giao",
            "Cơ quan thực hiện",
            en="Assignee",
        ),
        C("description", "Nội dung nhiệm vụ", "text", True, "Nhiệm vụ", en="Description"),
        C("themes", "Chủ đề", "refs:theme", False, "Lĩnh vực", en="Themes"),
        C(
            "due_date",
            "Hạn hoàn thành",
            "date",
            False,
            "Thời hạn",
            "Hạn",
            "Thời hạn hoàn thành",
            "Thời gian hoàn thành",
            "Hạn thực hiện",
            "Thời hạn thực hiện",
            "Thời gian thực hiện",
            en="Due date",
        ),
        C(
            "status",
            "Tình trạng",
            "ref:task_status",
            False,
            "Trạng thái",
            "Tiến độ",
            "Tiến độ thực hiện",
            "Tình trạng thực hiện",
            en="Status",
        ),
        C(
            "completed_date",
            "Ngày hoàn thành",
            "date",
            False,
            "Ngày hoàn thành thực tế",
            "Thời điểm hoàn thành",
            en="Completed on",
        ),
    ),
    id_column="task_id",
    key_columns=("meeting_id", "assignee", "description"),
    id_within="meeting_id",
)

MEMBERS = RecordKind(
    "members",
    "Đoàn viên, hội viên",
    (
        C("org", "Tổ chức", "ref:org", True, en="Organization"),
        C("unit", "Địa bàn", "ref:unit", False, "Địa phương", en="Unit"),
        C("as_of", "Tính đến ngày", "date", True, "Đến ngày", "Ngày", en="As of"),
        C(
            "members",
            "Tổng số đoàn viên, hội viên",
            "count",
            True,
            "Tổng số hội viên",
            "Tổng số đoàn viên",
            "Số hội viên",
            "Số đoàn viên",
            "Đoàn viên công đoàn",
            "Tổng số đoàn viên công đoàn",
            "Tổng số",
            en="Members",
        ),
        C("new_members", "Kết nạp mới trong kỳ", "count", False, "Kết nạp mới", en="New members"),
    ),
    id_column=None,
    key_columns=("org", "unit", "as_of"),
)

TARGETS = RecordKind(
    "targets",
    "Chỉ tiêu",
    (
        C("org", "Tổ chức", "ref:org", True, en="Organization"),
        C("unit", "Địa bàn", "ref:unit", False, "Địa phương", en="Unit"),
        C("year", "Năm", "year", True, en="Year"),
        C("indicator", "Chỉ số", "ref:indicator", True, "Chỉ tiêu về", "Tiêu chí", en="Indicator"),
        C("target", "Chỉ tiêu", "count", True, "Mức chỉ tiêu", "Kế hoạch", en="Target"),
    ),
    id_column=None,
    key_columns=("org", "unit", "year", "indicator"),
)

KINDS: dict[str, RecordKind] = {k.name: k for k in (ACTIVITIES, MEETINGS, TASKS, MEMBERS, TARGETS)}

# Kinds in the order a workbook's sheets are loaded (tasks refer to meetings).
LOAD_ORDER = ("meetings", "activities", "tasks", "members", "targets")

# Headers that are never data: the row-number column offices add.
IGNORED_HEADERS = frozenset(fold(h) for h in ("STT", "TT", "Số TT", "Số thứ tự", "No", "#"))


def header_keys(kind: RecordKind) -> dict[str, str]:
    """Folded header text -> canonical column name, for one kind."""
    keys: dict[str, str] = {}
    for col in kind.columns:
        for text in (col.name, col.label_vi, col.label_en, *col.header_aliases):
            if text:
                keys.setdefault(fold(text), col.name)
    return keys


HEADER_KEYS: dict[str, dict[str, str]] = {name: header_keys(kind) for name, kind in KINDS.items()}

# Money columns headed with their unit, often thousands or millions of đồng in report tables
# ("Kinh phí (triệu đồng)": 2,5 there is 2.500.000 đ): the unit, folded -> đồng per unit.
MONEY_UNITS: dict[str, int] = {
    fold(unit): factor
    for words, factor in (
        ("đồng, đ, VNĐ", 1),
        ("nghìn đồng, ngàn đồng, nghìn đ, ngàn đ, nghìn, ngàn, ng.đ, 1.000 đồng, 1.000 đ, nghìn VNĐ", 1_000),
        ("triệu đồng, triệu đ, triệu, tr.đ, tr đồng, triệu VNĐ", 1_000_000),
        ("tỷ đồng, tỷ đ, tỷ, tỉ đồng, tỉ", 1_000_000_000),
    )
    for unit in words.split(", ")
}
_UNITS_LONGEST_FIRST = sorted(MONEY_UNITS, key=len, reverse=True)

# Indicators counted in đồng: a target for one of them is an amount ("500 triệu", and in a
# column headed "Chỉ tiêu (triệu đồng)" 500 is 500.000.000 đ); other targets are counts.
MONEY_INDICATORS = frozenset({"funds_vnd"})


# Words in a target-like header that make it another figure: achieved, result, estimated.
_NOT_THE_TARGET = ("thuchien", "ketqua", "dat", "uoc", "luyke")


def holds_amounts(kind: str | RecordKind, column: Column) -> bool:
    """Whether a column holds amounts of money, on every row or (a target) on some."""
    return column.type == "money" or (spec(kind).name == "targets" and column.name == "target")


def scaled_money(kind: str | RecordKind, header: str) -> tuple[str, int] | None:
    """(money column, đồng per unit) for a header naming a money column with its unit: "Kinh phí
    (triệu đồng)" -> ("funds_vnd", 1000000); "Tổng kinh phí (đồng)", "Kinh phí hỗ trợ (ĐVT:
    nghìn đồng)" too (a money column's name first, its unit last). None for any other header."""
    key = fold(header or "").removeprefix("tong")
    if not key:
        return None
    for col in spec(kind).columns:
        if not holds_amounts(kind, col):
            continue
        for text in (col.label_vi, col.label_en, *col.header_aliases):
            base = fold(text)
            if not base or not key.startswith(base):
                continue
            rest = key[len(base) :]
            unit = next((u for u in _UNITS_LONGEST_FIRST if rest.endswith(u)), None)
            if unit is None:
                continue
            if col.name == "target" and any(w in rest[: -len(unit)] for w in _NOT_THE_TARGET):
                continue  # ("Chỉ tiêu thực hiện 6 tháng (triệu đồng)": what was achieved)
            return col.name, MONEY_UNITS[unit]
    return None


def spec(kind: str | RecordKind) -> RecordKind:
    """The record kind of a name, or the kind itself: files that are not records (the reference
    lists of ``etl.reference_edit``) are read with their own ``RecordKind``, never detected."""
    return kind if isinstance(kind, RecordKind) else KINDS[kind]


# What a count counts, as reports write it beside the number: in a header's brackets ("Số người
# tham gia (người)"), in a row of units under the header, after the number in a cell ("35 đại biểu").
COUNT_UNITS = (
    "lượt người",
    "người",
    "lượt",
    "đại biểu",
    "hội viên",
    "đoàn viên",
    "hộ",
    "suất",
    "cuộc",
    "buổi",
    "lớp",
)
_COUNT_WORDS = "|".join(
    sorted({w for unit in COUNT_UNITS for w in (unit, strip_diacritics(unit))}, key=len, reverse=True)
)
_COUNTED_IN = re.compile(rf"\s*[(\[]\s*(?:đvt\s*:?\s*)?(?:{_COUNT_WORDS})\s*[)\]]\s*$", re.IGNORECASE)
_COUNTED_AFTER = re.compile(rf"(?<=\d)\s*(?:{_COUNT_WORDS})\.?\s*$", re.IGNORECASE)


def without_count_word(cell: str) -> str:
    """A count's cell without what it counts after the number ("35 đại biểu" -> "35")."""
    return _COUNTED_AFTER.sub("", cell)


def without_count_unit(header: str) -> str:
    """A header without what it says it counts in brackets ("Tổng số (người)" -> "Tổng số")."""
    return _COUNTED_IN.sub("", header)


# How a date column's header may say to write it: "Hạn hoàn thành (dd/mm/yyyy)".
_DATE_HINT = re.compile(r"\s*[(\[]\s*(?:dd/mm/yyyy|dd/mm/yy|ngày/tháng/năm|ngay/thang/nam)\s*[)\]]\s*$", re.I)


# Columns read to understand others, not stored: a targets table's unit column ("ĐVT":
# "triệu đồng" on the row of a funds target says what its figure counts).
MEASURE_COLUMN = "_measure"
# A task's status marked with an "x" in one column per status ("Kết quả thực hiện" over
# "Đã hoàn thành | Đang thực hiện | Chưa thực hiện"): status code -> its column's headings.
STATUS_MARKS = {
    "hoan_thanh": ("Đã hoàn thành", "Hoàn thành"),
    "dang_thuc_hien": ("Đang thực hiện",),
    "chua_thuc_hien": ("Chưa thực hiện",),
}
_MARK_GROUPS = (
    "",
    "Kết quả thực hiện",
    "Kết quả",
    "Tiến độ thực hiện",
    "Tiến độ",
    "Tình trạng",
    "Tình trạng thực hiện",
)


def mark_column(status: str) -> str:
    return f"_mark_{status}"


_AUX_KEYS = {
    "targets": {fold(h): MEASURE_COLUMN for h in ("ĐVT", "Đơn vị tính", "ĐV tính", "Đơn vị đo")},
    "tasks": {
        fold(f"{group} {heading}"): mark_column(status)
        for status, headings in STATUS_MARKS.items()
        for heading in headings
        for group in _MARK_GROUPS
    },
}


def match_headers(kind: str | RecordKind, headers: list[str]) -> dict[int, str]:
    """Column position -> canonical name for the headers of one kind (first match wins)."""
    keys = HEADER_KEYS[kind] if isinstance(kind, str) else header_keys(kind)
    aux = _AUX_KEYS.get(kind if isinstance(kind, str) else kind.name, {})
    matched: dict[int, str] = {}
    seen: set[str] = set()
    for pos, header in enumerate(headers):
        name = keys.get(fold(header or "")) or aux.get(fold(header or ""))
        if name is None and (scaled := scaled_money(kind, header)):
            name = scaled[0]
        if name is None and (bare := without_count_unit(header or "")) != header:
            # "Số người tham gia (người)", "Tổng số đoàn viên (người)": a count with its unit.
            name = keys.get(fold(bare))
            name = name if name and spec(kind).column_by_name[name].type == "count" else None
        if name is None and (bare := _DATE_HINT.sub("", header or "")) != header:
            name = keys.get(fold(bare))  # ("Ngày (dd/mm/yyyy)", as the templates hint)
            name = name if name and spec(kind).column_by_name[name].type == "date" else None
        if name and name not in seen:
            matched[pos] = name
            seen.add(name)
    return matched


def detect_kind(headers: list[str]) -> tuple[str | None, dict[int, str]]:
    """The kind whose columns these headers name best, preferring kinds whose required columns are all there."""
    best: tuple[tuple[int, int], str | None, dict[int, str]] = ((0, 0), None, {})
    for name, kind in KINDS.items():
        matched = match_headers(name, headers)
        present = set(matched.values())
        required_found = sum(1 for r in kind.required if r in present)
        complete = int(required_found == len(kind.required))
        # Prefer complete kinds, then the most required columns, then the most columns.
        score = (complete * 1000 + required_found * 10 + len(present), -len(kind.columns))
        if len(present) >= 2 and score > best[0]:
            best = (score, name, matched)
    return best[1], best[2]

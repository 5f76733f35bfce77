"""Resolving what offices write ("Hội LHPN", "Xã Tân An", "Trao quà") to reference codes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import duckdb

from etl.text import fold, fold_words

# Words that may follow an organization's name to say its level ("Hội LHPN huyện").
LEVEL_WORDS = frozenset(
    fold(w)
    for w in ("huyện", "tỉnh", "xã", "phường", "thị trấn", "cơ sở", "thành phố", "thị xã", "quận", "cấp")
)
# A unit dissolved in the 2025 reform whose official code was handed on to a new unit keeps the
# code with this suffix ("cũ", old): records may still write the bare code, for either.
OLD_CODE_SUFFIX = "-cu"

UNIT_TYPE_WORDS = re.compile(r"^(xa|phuong|thi tran|huyen|tinh|thanh pho|thi xa|quan|tp)\s+")


@dataclass
class Resolver:
    """Folded spelling -> code for one reference list."""

    name: str
    keys: dict[str, str] = field(default_factory=dict)

    def add(self, text: str | None, code: str) -> None:
        if text:
            key = fold(text)
            if key:
                self.keys.setdefault(key, code)

    def resolve(self, value: str) -> str | None:
        return self.keys.get(fold(value))


def _label_parts(label: str) -> list[str]:
    return [p.strip() for p in label.split(",") if p.strip()]


def _build(name: str, rows: list[tuple]) -> Resolver:
    """rows: (code, label_vi, label_en, aliases[, short_vi]). Labels' comma parts count when unique."""
    resolver = Resolver(name)
    part_owner: dict[str, set[str]] = {}
    for row in rows:
        for part in _label_parts(row[1] or ""):
            part_owner.setdefault(fold(part), set()).add(row[0])
    for row in rows:
        code, label_vi, label_en, aliases = row[:4]
        resolver.add(code, code)
        resolver.add(label_vi, code)
        resolver.add(label_en, code)
        if len(row) > 4:
            resolver.add(row[4], code)
        for alias in aliases or []:
            resolver.add(alias, code)
    for row in rows:
        for part in _label_parts(row[1] or ""):
            if part_owner.get(fold(part)) == {row[0]}:
                resolver.add(part, row[0])
    return resolver


@dataclass
class Unit:
    code: str
    name: str
    level: str
    parent_code: str | None
    valid_from: date | None
    valid_to: date | None
    # The unit that took it over when it ended (the 2025 reform), if one did.
    successor_code: str | None = None


# "Hội nghị" before a meeting's type ("Hội nghị tổng kết năm"), folded.
_MEETING_WORDS = re.compile(r"^hoi nghi\s+")

# Words a task's status may carry about its timing, folded ("hoàn thành nhưng còn chậm").
TIMING_REMARK = re.compile(
    r"\b(?:nhung\s+)?(?:con\s+)?(?:qua han|tre han|cham tien do|dung tien do|dung han|truoc han|"
    r"cham|muon|tre)\b"
)


@dataclass
class Reference:
    """All reference lists of a warehouse, ready for matching."""

    lists: dict[str, Resolver]
    units: dict[str, Unit]
    unit_keys: dict[str, list[str]]
    root_unit: str

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> Reference:
        def rows(sql: str) -> list[tuple]:
            return con.execute(sql).fetchall()

        orgs = rows("select code, label_vi, label_en, aliases, short_vi from org_types order by code")
        bodies = rows("select code, label_vi, label_en, aliases, short_vi from bodies order by code")
        lists = {
            "org": _build("org", orgs),
            "body": _build("body", orgs + bodies),
            "theme": _build(
                "theme", rows("select code, label_vi, label_en, aliases from themes order by code")
            ),
            "activity_type": _build(
                "activity_type",
                rows("select code, label_vi, label_en, aliases from activity_types order by code"),
            ),
            "indicator": _build(
                "indicator", rows("select code, label_vi, label_en, aliases from indicators order by code")
            ),
            "meeting_type": _build(
                "meeting_type",
                rows("select code, label_vi, label_en, aliases from meeting_types order by code"),
            ),
            "task_status": _build(
                "task_status",
                rows("select code, label_vi, label_en, aliases from task_statuses order by code"),
            ),
        }
        units: dict[str, Unit] = {}
        unit_keys: dict[str, list[str]] = {}
        unit_rows = rows(
            "select code, name, level, parent_code, valid_from, valid_to, successor_code, aliases "
            "from units order by code"
        )
        successors = {row[6] for row in unit_rows if row[6]}
        for code, name, level, parent, vfrom, vto, successor, aliases in unit_rows:
            units[code] = Unit(code, name, level, parent, vfrom, vto, successor or None)
            # (The bare official code too: "04105" is Thị trấn Hát Lót before the reform, Xã Mai
            # Sơn after; the record's date decides, as for a name used twice.)
            official = code.removesuffix(OLD_CODE_SUFFIX)
            bare = UNIT_TYPE_WORDS.sub("", fold_words(name))
            spellings = {code, official, name, bare, *(aliases or [])}
            # "Chiềng Sung (cũ)", "Xã Chiềng Sung (mới)": a name the reform reused, told apart.
            marks = (["cu"] if vto else []) + (["moi"] if code in successors else [])
            spellings |= {f"{spelling} {mark}" for spelling in (name, bare) for mark in marks}
            for spelling in spellings:
                key = fold(spelling)
                if key and code not in unit_keys.setdefault(key, []):
                    unit_keys[key].append(code)
        roots = [u.code for u in units.values() if not u.parent_code]
        root = roots[0] if len(roots) == 1 else ""
        return cls(lists, units, unit_keys, root)

    def resolve(self, list_name: str, value: str) -> str | None:
        """The code for a value of a reference list, or None."""
        resolver = self.lists[list_name]
        code = resolver.resolve(value)
        if code is None and list_name == "meeting_type":
            # "Hội nghị sơ kết 6 tháng đầu năm", "Giao ban quý": the type, then its occasion.
            words = _MEETING_WORDS.sub("", fold_words(value)).split()
            return next(
                (c for cut in range(len(words), 0, -1) if (c := resolver.keys.get("".join(words[:cut])))),
                None,
            )
        if code is None and list_name == "task_status":
            # "Đã hoàn thành (chậm)", "Đang thực hiện - chậm tiến độ": a status with a remark on
            # its timing (lateness comes from the dates).
            rest = TIMING_REMARK.sub(" ", fold_words(value)).strip()
            return resolver.resolve(rest) if rest else None
        if code or list_name not in ("org", "body"):
            return code
        return self._with_place(list_name, value)[0]

    def org_unit(self, list_name: str, value: str) -> str | None:
        """The unit an organization's name carries, folded ("Hội LHPN xã Chiềng Sung" -> "xa chieng
        sung"), or None (a bare name, or only a level: "Hội LHPN huyện")."""
        if self.lists[list_name].resolve(value):
            return None
        return self._with_place(list_name, value)[1]

    def _with_place(self, list_name: str, value: str) -> tuple[str | None, str | None]:
        """ "Hội LHPN huyện", "Đoàn xã Tân An": the organization followed by its level or unit; its
        code, and the unit's words where it names one."""
        resolver = self.lists[list_name]
        words = fold_words(value).split()
        for cut in range(len(words) - 1, 0, -1):
            code = resolver.keys.get("".join(words[:cut]))
            if code:
                rest = words[cut:]
                rest_key = "".join(rest)
                if rest_key in LEVEL_WORDS:
                    return code, None
                if rest_key in self.unit_keys:
                    return code, " ".join(rest)
                for level in (1, 2):  # ("xã", "thị trấn" before the name)
                    if "".join(rest[:level]) in LEVEL_WORDS and "".join(rest[level:]) in self.unit_keys:
                        return code, " ".join(rest)
        return None, None

    def predecessors(self, code: str) -> list[Unit]:
        """The units that ended in the reform with this one taking them over."""
        return [u for u in self.units.values() if u.successor_code == code]

    def unit_candidates(self, value: str) -> list[Unit]:
        return [self.units[c] for c in self.unit_keys.get(fold(value), [])]

"""Build ``data/reference/units.csv`` (the deployment's administrative units) from the field libraries.

Run ``python -m etl.reference_units`` to regenerate the file; the output is deterministic.

The deployment is **Huyện Mai Sơn, Tỉnh Sơn La** (district 125, province 14): a rural district of
22 communes (21 xã and Thị trấn Hát Lót) that on 1 July 2025 merged into 8 new communes directly under
the province. Sơn La was not merged with another province, so the province is the one root of the tree.

Sources (nothing is typed by hand):

- ``vietnamadminunits`` (1.0.4): its SQLite ``dataset.db`` holds the 63-province list as it stood on
  30 June 2025 (table ``admin_units_legacy``: province → district → ward with official codes) and the
  34-province list (``admin_units``); ``converter_2025`` holds the old→new mapping
  (``DICT_PROVINCE``: new province ← old provinces; ``DICT_PROVINCE_WARD_NO_DIVIDED``: new ward ← whole
  old wards; ``DICT_PROVINCE_WARD_DIVIDED``: an old ward split over several new wards, one flagged
  ``isDefaultNewWard`` = the one that took most of it).
- ``vietnam-provinces`` (2025.10.1): the post-reform list only (34 provinces, ~3,300 communes, GSO
  codes); used to cross-check every new unit's code and name.

The libraries carry no dates for units older than the reform: old units get ``valid_from`` 2000-01-01
(earlier mergers, e.g. the 2019-2021 and 2023-2025 waves, are not in the libraries; Mai Sơn's communes
were not touched by the 2023-2025 wave, see Nghị quyết 1280/NQ-UBTVQH15 for Sơn La).

**Code collisions.** The official 2025 list (Quyết định 19/2025/QĐ-TTg, as in both libraries) gives
each new commune the code of one of the communes merged into it, usually the one whose seat it keeps:
Xã Mai Sơn has 04105, the code of Thị trấn Hát Lót; Xã Tà Hộc has 04136, the code of Xã Nà Bó; Xã
Chiềng Mai keeps 04132. An official code therefore names one unit per edition of the list, not one
unit for all time. Here a code must be unique across time, so: the bare official code belongs to the
unit that holds it in the *current* official list (that is what offices and other systems write
today), and a dissolved unit whose code was handed on keeps it with the suffix ``-cu`` ("cũ", old — as
offices write "xã Chiềng Mai (cũ)"): ``04105-cu`` is Thị trấn Hát Lót. Dissolved units whose code was
not reused keep their bare code.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from etl.config import REFERENCE_DIR
from etl.reference import OLD_CODE_SUFFIX
from etl.text import fold

PROVINCE_CODE = "14"  # Tỉnh Sơn La
DISTRICT_CODE = "125"  # Huyện Mai Sơn

OLD_VALID_FROM = "2000-01-01"
REFORM_VALID_FROM = "2025-07-01"
REFORM_VALID_TO = "2025-06-30"

COLUMNS = ("code", "name", "level", "parent_code", "valid_from", "valid_to", "successor_code", "aliases")
UNITS_CSV = REFERENCE_DIR / "units.csv"

_TYPE_ABBREVIATIONS = {"Thị trấn": "TT", "Huyện": "H.", "Tỉnh": "T."}


@dataclass
class Unit:
    code: str
    name: str
    type_word: str  # "Xã", "Thị trấn", "Huyện", "Tỉnh", "Thành phố", ...
    level: str
    parent_code: str = ""
    valid_from: str = OLD_VALID_FROM
    valid_to: str = ""
    successor_code: str = ""
    aliases: list[str] = field(default_factory=list)

    @property
    def short(self) -> str:
        return self.name[len(self.type_word) :].strip()

    def row(self) -> dict[str, str]:
        return {
            "code": self.code,
            "name": self.name,
            "level": self.level,
            "parent_code": self.parent_code,
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
            "successor_code": self.successor_code,
            "aliases": ";".join(self.aliases),
        }


def _query(sql: str, params: tuple = ()) -> list[dict]:
    """Rows of the library's bundled SQLite dataset (its ``query`` helper takes no parameters)."""
    import sqlite3

    from vietnamadminunits.database import main as db

    with sqlite3.connect(db.MODULE_DIR / "data/dataset.db") as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params).fetchall()]


def _type_word(name: str, candidates: tuple[str, ...]) -> str:
    for word in candidates:
        if name.startswith(word + " "):
            return word
    raise ValueError(f"no administrative type word in {name!r}")


_PROVINCE_TYPES = ("Thành phố", "Tỉnh")
_DISTRICT_TYPES = ("Thành phố", "Thị xã", "Quận", "Huyện")
_WARD_TYPES = ("Thị trấn", "Phường", "Xã", "Đặc khu")


def _new_ward_official(code: str) -> str:
    """The post-reform name of a commune in vietnam-provinces (the GSO list), by code."""
    from vietnam_provinces import Ward

    return Ward.from_code(int(code)).name


def _new_province_official(code: str) -> str:
    from vietnam_provinces import Province, ProvinceCode, VietNamDivisionType

    province = Province.from_code(ProvinceCode(int(code)))
    if province.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG:
        return province.name  # already "Thành phố Hà Nội"
    return f"Tỉnh {province.name}"


def build_units(province_code: str = PROVINCE_CODE, district_code: str = DISTRICT_CODE) -> list[Unit]:
    """The province, the district, its old communes and the new communes they merged into."""
    from vietnamadminunits.converter import converter_2025 as conv

    old = _query(
        "SELECT province, provinceCode, provinceKey, district, districtCode, districtKey, ward, wardType,"
        " wardCode, wardKey FROM admin_units_legacy WHERE provinceCode = ? AND districtCode = ?"
        " ORDER BY wardCode",
        (province_code, district_code),
    )
    if not old:
        raise ValueError(f"district {district_code} of province {province_code} not in the legacy list")
    first = old[0]
    old_province_key = first["provinceKey"]
    new_province_key = next(k for k, olds in conv.DICT_PROVINCE.items() if old_province_key in olds)
    new_rows = _query(
        "SELECT province, provinceCode, ward, wardType, wardCode, wardKey FROM admin_units WHERE provinceKey = ?",
        (new_province_key,),
    )
    new_by_key = {r["wardKey"]: r for r in new_rows}
    new_province_code = new_rows[0]["provinceCode"]
    new_province_name = new_rows[0]["province"]
    if new_province_name != _new_province_official(new_province_code):
        raise ValueError(f"libraries disagree on province {new_province_code}: {new_province_name!r}")

    # old ward key "tinhsonla_huyenmaison_xachiengban" -> (successor new key, all new keys it went to)
    whole = conv.DICT_PROVINCE_WARD_NO_DIVIDED[new_province_key]
    divided = conv.DICT_PROVINCE_WARD_DIVIDED.get(new_province_key, {})
    mapping: dict[str, tuple[str, list[str]]] = {}
    for new_key, old_keys in whole.items():
        for old_key in old_keys:
            mapping[old_key] = (new_key, [new_key])
    for old_key, parts in divided.items():
        default = next(p["newWardKey"] for p in parts if p["isDefaultNewWard"])
        mapping[old_key] = (default, [p["newWardKey"] for p in parts])

    units: list[Unit] = []
    top = Unit(
        new_province_code,
        new_province_name,
        _type_word(new_province_name, _PROVINCE_TYPES),
        "province",
        valid_from=OLD_VALID_FROM,
    )
    units.append(top)
    if first["provinceCode"] != new_province_code or first["province"] != new_province_name:
        # The old province merged into (or was renamed as) the new one. Keep one root: the old
        # province hangs under the province that exists today.
        units.append(
            Unit(
                first["provinceCode"],
                first["province"],
                _type_word(first["province"], _PROVINCE_TYPES),
                "province",
                parent_code=new_province_code,
                valid_to=REFORM_VALID_TO,
                successor_code=new_province_code,
            )
        )
    district = Unit(
        first["districtCode"],
        first["district"],
        _type_word(first["district"], _DISTRICT_TYPES),
        "district",
        parent_code=first["provinceCode"],
        valid_to=REFORM_VALID_TO,
    )
    units.append(district)

    new_units: dict[str, Unit] = {}
    old_units: list[Unit] = []
    for r in old:
        key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"
        successor_key, new_keys = mapping[key]
        for new_key in new_keys:
            if new_key not in new_units:
                n = new_by_key[new_key]
                if n["ward"] != _new_ward_official(n["wardCode"]):
                    raise ValueError(f"libraries disagree on commune {n['wardCode']}: {n['ward']!r}")
                new_units[new_key] = Unit(
                    n["wardCode"],
                    n["ward"],
                    _type_word(n["ward"], _WARD_TYPES),
                    "commune",
                    parent_code=new_province_code,
                    valid_from=REFORM_VALID_FROM,
                )
        old_units.append(
            Unit(
                r["wardCode"],
                r["ward"],
                _type_word(r["ward"], _WARD_TYPES),
                "commune",
                parent_code=district.code,
                valid_to=REFORM_VALID_TO,
                successor_code=new_units[successor_key].code,
            )
        )
    units.extend(old_units)
    units.extend(sorted(new_units.values(), key=lambda u: u.code))

    _make_codes_unique(units)
    _add_aliases(units)
    return units


def _make_codes_unique(units: list[Unit]) -> None:
    """A dissolved unit whose official code now names a live unit gets the ``-cu`` suffix (see above)."""
    live = {u.code for u in units if not u.valid_to}
    renamed = {}
    for u in units:
        if u.valid_to and u.code in live:
            renamed[u.code] = u.code + OLD_CODE_SUFFIX
            u.code = renamed[u.code]
    for u in units:
        # Parents and successors always point at the unit of the right period: a parent is never a live
        # unit that took over the code, a successor always is the live one. Only parents need fixing.
        if u.parent_code in renamed and u.valid_to:
            u.parent_code = renamed[u.parent_code]
    codes = [u.code for u in units]
    if len(codes) != len(set(codes)):
        raise ValueError("unit codes are not unique")


def _overlap(a: Unit, b: Unit) -> bool:
    a_to, b_to = a.valid_to or "9999-12-31", b.valid_to or "9999-12-31"
    return a.valid_from <= b_to and b.valid_from <= a_to


def _add_aliases(units: list[Unit]) -> None:
    """Short name, lower-case type + name, abbreviation, "(cũ)" for dissolved communes.

    An alias is dropped when it would name two units that exist at the same time (Thị trấn Hát Lót and
    Xã Hát Lót are both "Hát Lót"); names shared by an old and a new unit (Xã Chiềng Mai before and
    after 1 July 2025) are kept: the record's date tells them apart.
    """
    candidates: dict[str, list[str]] = {}
    for u in units:
        forms = [u.short, f"{u.type_word.lower()} {u.short}"]
        if u.type_word in _TYPE_ABBREVIATIONS:
            forms.append(f"{_TYPE_ABBREVIATIONS[u.type_word]} {u.short}")
        if u.valid_to and u.level == "commune":
            forms.append(f"{u.name} (cũ)")
        candidates[u.code] = forms
    owners: dict[str, list[Unit]] = {}
    for u in units:
        for form in {fold(f) for f in [u.name, *candidates[u.code]]}:
            owners.setdefault(form, []).append(u)
    for u in units:
        kept: list[str] = []
        for form in candidates[u.code]:
            others = [o for o in owners[fold(form)] if o is not u and _overlap(o, u)]
            if not others and form not in kept:
                kept.append(form)
        u.aliases = kept


def units_csv_text(units: list[Unit]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for u in units:
        writer.writerow(u.row())
    return buf.getvalue()


def write_units(path: Path = UNITS_CSV) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(units_csv_text(build_units()), encoding="utf-8")
    return path


if __name__ == "__main__":
    out = write_units()
    units = build_units()
    by_level: dict[str, int] = {}
    for u in units:
        by_level[u.level] = by_level.get(u.level, 0) + 1
    print(f"{out}: {len(units)} units {by_level}")

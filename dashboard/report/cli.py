"""``doanthe report``: the briefing pack from the command line.

``doanthe report --period 2024-H1 --unit 125 --org HLHPN --out baocao/`` writes one .docx and one
.xlsx into the folder. The period is written ``2024-H1``, ``2024-H2``, ``2024-Q2``, ``2024-9M``,
``2024``, ``2024-06`` or ``2024-01-01..2024-06-30`` (:func:`dashboard.periods.parse_period`, under
the deployment's cut-off); units and organizations by code or by name ("Mai Sơn", "Hội Phụ nữ"),
repeated or separated by commas. Exit codes: 0 written; 1 the warehouse cannot be read or a file
cannot be written; 2 a usage error (a bad period, date, unit or organization), said in Vietnamese.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

USAGE = 2
FAILED = 1

_DATE_FORMS = ("%d/%m/%Y", "%Y-%m-%d")


class UsageError(Exception):
    """A value on the command line that cannot be used; the message is for the clerk."""


def _split(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for value in values or []:
        out += [v.strip() for v in value.split(",") if v.strip()]
    return out


def parse_date(text: str) -> dt.date:
    for form in _DATE_FORMS:
        try:
            return dt.datetime.strptime(text.strip(), form).date()
        except ValueError:
            continue
    raise UsageError(f"Ngày lập báo cáo '{text}' không hợp lệ: viết dd/mm/yyyy, ví dụ 13/06/2024.")


def resolve_units(con, values: list[str]) -> tuple[str, ...]:
    """Unit codes from codes or names; a name that matches several units is an error."""
    from etl.reference import Reference
    from etl.text import fold

    ref = Reference.load(con)
    codes: list[str] = []
    for value in values:
        if value in ref.units:
            codes.append(value)
            continue
        found = ref.unit_keys.get(fold(value), [])
        if len(found) == 1:
            codes.append(found[0])
        elif not found:
            raise UsageError(
                f"Địa bàn '{value}' không có trong danh mục (dùng mã, ví dụ 125, hoặc tên đầy đủ)."
            )
        else:
            options = ", ".join(f"{ref.units[c].name} ({c})" for c in found)
            raise UsageError(f"Địa bàn '{value}' khớp nhiều đơn vị: {options}. Hãy dùng mã.")
    return tuple(dict.fromkeys(codes))


def resolve_orgs(con, values: list[str]) -> tuple[str, ...]:
    from dashboard.filters import ORG_TYPES
    from etl.reference import Reference

    ref = Reference.load(con)
    codes: list[str] = []
    for value in values:
        upper = value.upper()
        code = upper if upper in ORG_TYPES else ref.resolve("org", value)
        if code is None:
            raise UsageError(
                f"Tổ chức '{value}' không có trong danh mục (dùng mã {', '.join(ORG_TYPES)} hoặc tên, "
                "ví dụ 'Hội Phụ nữ')."
            )
        codes.append(code)
    return tuple(dict.fromkeys(codes))


def run(args) -> int:
    """The command's body (``args``: the parsed ``doanthe report`` arguments)."""
    from dashboard import db
    from dashboard import queries_ibis as q
    from dashboard.filters import Filters
    from dashboard.periods import default_cutoff, parse_period
    from dashboard.report.pack import build_pack
    from dashboard.report.phrases import decimal

    try:
        period = parse_period(args.period, cutoff=default_cutoff())
        today = parse_date(args.date) if args.date else dt.date.today()
    except (ValueError, UsageError) as exc:
        print(str(exc), file=sys.stderr)
        return USAGE
    out = Path(args.out)
    try:
        with db.warehouse(args.db) as con:
            try:
                units = resolve_units(con, _split(args.unit))
                orgs = resolve_orgs(con, _split(args.org))
            except UsageError as exc:
                print(str(exc), file=sys.stderr)
                return USAGE
            f = Filters(period=period, units=units, orgs=orgs)
            started = time.perf_counter()
            pack = build_pack(
                q.backend_for(con.cursor()), f, None, today=today, draw_charts=not args.no_charts
            )
            elapsed = time.perf_counter() - started
    except db.WarehouseUnavailable as exc:
        print(f"{exc} ({exc.path})", file=sys.stderr)
        return FAILED
    try:
        out.mkdir(parents=True, exist_ok=True)
        docx_path, xlsx_path = out / pack.docx_name, out / pack.xlsx_name
        docx_path.write_bytes(pack.docx)
        xlsx_path.write_bytes(pack.xlsx)
    except OSError as exc:
        print(f"Không ghi được tệp vào {out}: {exc.strerror or exc}", file=sys.stderr)
        return FAILED
    r = pack.report
    place = r.place.name or "toàn bộ địa bàn"
    print(f"Báo cáo {r.period.label('vi')} — {place}: {decimal(elapsed, 1)} giây")
    print(docx_path)
    print(xlsx_path)
    if pack.chart_error:
        print(f"Lưu ý: {pack.chart_error}; báo cáo có bảng số liệu thay cho biểu đồ.", file=sys.stderr)
    return 0

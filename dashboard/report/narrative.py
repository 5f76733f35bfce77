"""The report's text: a :class:`~dashboard.report.model.Report` in the words of a "báo cáo sơ kết".

:func:`compose` returns a :class:`Narrative` — the heading block (issuing body, number, place and
date), the title, the sections as blocks of text and the closing (recipients, signature) — that the
Word writer lays out. The layout follows the seed briefing and the usual review report:

- an opening paragraph ("Thực hiện chương trình công tác năm 2024, …");
- **I. Kết quả đạt được**: the overall figures against the same period last year, the
  organizations ranked, the themes that stood out or grew, each organization's results and its
  progress against the year's targets, the units, the tasks of the last briefing;
- **II. Hạn chế, khó khăn**: what fell, which targets lag behind the year's pace, which units did
  little, which tasks are late;
- **III. Nhiệm vụ trọng tâm** of the next period: late and unfinished tasks, lagging targets,
  organizations and units to support;
- a closing sentence, recipients and signature.

Every sentence comes from the model's figures through :mod:`dashboard.report.phrases`; the same
model always gives the same text. No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from dashboard.periods import containing
from dashboard.report import phrases as ph
from dashboard.report.model import (
    Meeting,
    OrgResult,
    Report,
    TargetProgress,
    Task,
    UnitResult,
)

__all__ = ["Block", "Narrative", "compose", "org_name", "kind_word"]

LIST_MAX = 6  # items named in one sentence before "và N … khác"
TASKS_MAX = 6
UNITS_NAMED = 3
THEMES_NAMED = 3
# A theme "grew" or "shrank" when it moved by at least this many activities and this share.
THEME_MIN_DIFF = 3
THEME_MIN_SHARE = 0.25

# Members are "đoàn viên" in the Youth Union and the trade unions, "hội viên" elsewhere; the Front
# has none of its own.
MEMBER_WORD = {"DTN": "đoàn viên", "LDLD": "đoàn viên công đoàn", "MTTQ": None}
DOC_SYMBOL = {
    "MTTQ": "MTTQ",
    "LDLD": "LĐLĐ",
    "HLHPN": "HLHPN",
    "DTN": "ĐTN",
    "HND": "HND",
    "HCCB": "CCB",
    "HLHTN": "HLHTN",
}
MEETING_NOUN = {
    "giao_ban": "Hội nghị giao ban",
    "so_ket": "Hội nghị sơ kết",
    "tong_ket": "Hội nghị tổng kết",
    "dai_hoi": "Đại hội",
    "chuyen_de": "Hội nghị chuyên đề",
}
# Party and state bodies as they are called at a level ("Thường trực Huyện ủy").
PARTY_COMMITTEE = {"province": "Tỉnh ủy", "district": "Huyện ủy", "commune": "Đảng ủy xã"}
BODY_FORMS = {
    "CAP_UY": "{committee}",
    "TT_CAP_UY": "Thường trực {committee}",
    "BTV_CAP_UY": "Ban Thường vụ {committee}",
    "BAN_DAN_VAN": "Ban Dân vận {committee}",
    "BAN_TO_CHUC": "Ban Tổ chức {committee}",
    "HDND": "Hội đồng nhân dân {level}",
    "UBND": "Ủy ban nhân dân {level}",
}
SUMMARY_INDICATORS = (
    "activities",
    "participants",
    "beneficiaries",
    "funds_vnd",
    "houses",
    "new_members",
    "members",
)
STATUS_WORDS = (
    ("hoan_thanh", "đã hoàn thành"),
    ("dang_thuc_hien", "đang thực hiện"),
    ("chua_thuc_hien", "chưa thực hiện"),
)


@dataclass(frozen=True)
class Block:
    """A piece of the body. ``kind``: ``heading1`` ("I. …"), ``heading2`` ("1. …"), ``para``
    (a paragraph), ``bullet`` (a "- " item) or ``numbered`` (an item already numbered)."""

    kind: str
    text: str


@dataclass(frozen=True)
class Narrative:
    """The document's words, in order."""

    issuer_parent: str  # the governing body, uppercase ("ỦY BAN MTTQ VIỆT NAM HUYỆN MAI SƠN")
    issuer: str  # the issuing body, uppercase bold ("BAN THƯỜNG TRỰC")
    number: str  # "Số:      /BC-MTTQ"
    date_line: str  # "Mai Sơn, ngày 26 tháng 11 năm 2026"
    title: str  # "BÁO CÁO"
    subtitle: str
    notice: str | None  # a warning when the figures come from sample data
    blocks: tuple[Block, ...]
    recipients: tuple[str, ...]
    signature: tuple[str, ...]  # "TM. BAN THƯỜNG TRỰC", "CHỦ TỊCH"
    signer: str
    appendix_title: str
    appendix_subtitle: str
    scope_line: str  # period, place and organizations the figures cover

    @property
    def text(self) -> str:
        """All the words of the body, one block a line (for tests and previews)."""
        return "\n".join(b.text for b in self.blocks)


# ── Names ─────────────────────────────────────────────────────────────────────────────────────────


def kind_word(r: Report) -> str:
    """ "sơ kết" for a half-year or nine months, "tổng kết" for a year or term, else "kết quả"."""
    if r.period.kind in ("half", "nine_months"):
        return "sơ kết"
    if r.period.kind in ("year", "term"):
        return "tổng kết"
    return "kết quả"


def _level_word(r: Report) -> str:
    """The place's level as a word after an organization ("huyện"), empty for several units."""
    if r.place.level is None:
        return ""
    word = ph.ADMIN_LEVEL_WORD.get(r.place.level, "")
    if r.place.level == "commune":
        match = ph.unit_in_sentence(r.place.name).split(" ")[0]
        if ph.unit_in_sentence(r.place.name).startswith("thị trấn"):
            return "thị trấn"
        return match if match in ("xã", "phường") else word
    return word


def org_name(r: Report, code: str) -> str:
    """An organization at the report's level: "Ủy ban Mặt trận Tổ quốc Việt Nam huyện",
    "Hội Liên hiệp Phụ nữ huyện", "Huyện đoàn" (the Youth Union of a district)."""
    level = _level_word(r)
    if code == "DTN" and level:
        return {"huyện": "Huyện đoàn", "tỉnh": "Tỉnh đoàn"}.get(level, f"Đoàn {level}")
    label = r.labels.org(code)
    return f"{label} {level}".strip()


def _who(r: Report, *, short: bool = False) -> str:
    """Who reports: "Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội" (all),
    one organization's name, or the few named."""
    codes = r.orgs_selected
    if r.all_orgs:
        if short:
            return "Mặt trận và các tổ chức chính trị - xã hội"
        return "Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội"
    if len(codes) == 1:
        return r.labels.org(codes[0])
    if 1 < len(codes) <= 3:
        return ph.join(r.labels.org(c) for c in codes)
    return "các tổ chức chính trị - xã hội"


def _who_at(r: Report, *, short: bool = False) -> str:
    """ "Mặt trận và các tổ chức chính trị - xã hội huyện Mai Sơn"."""
    place = ph.unit_in_sentence(r.place.name)
    return f"{_who(r, short=short)} {place}".strip()


def _committee(level: str | None) -> str:
    return PARTY_COMMITTEE.get(level or "", "cấp ủy")


def body_name(r: Report, code: str, level: str | None) -> str:
    """A meeting host by its name at the meeting's level: "Thường trực Huyện ủy", "Ban Dân vận
    Huyện ủy", "Hội Nông dân huyện"; unknown bodies by their label."""
    form = BODY_FORMS.get(code)
    word = ph.ADMIN_LEVEL_WORD.get(level or "", "")
    if form:
        return form.format(committee=_committee(level), level=word).strip()
    if code in r.labels.orgs:
        return f"{r.labels.org(code)} {word}".strip()
    return ph.cap(r.labels.org(code))


def _member_word(code: str) -> str | None:
    return MEMBER_WORD.get(code, "hội viên")


def _members_date(r: Report) -> str:
    """ "đến ngày 30/06/2024", or "theo số liệu mới nhất" when the period has not ended."""
    if r.period.end <= r.today:
        return f"đến ngày {ph.vn_date(r.period.end)}"
    return "theo số liệu mới nhất"


def _period(r: Report) -> str:
    return ph.period_in_sentence(r.period)


def _in_period(r: Report) -> str:
    """ "trong 6 tháng đầu năm 2024"; a date range as is ("từ ngày … đến ngày …")."""
    return _period(r) if r.period.kind == "custom" else f"trong {_period(r)}"


def _program_year(r: Report) -> str:
    """ "năm 2024": the reporting year holding the period's end (a term names itself)."""
    if r.period.kind == "term":
        return ph.period_in_sentence(r.period)
    return f"năm {containing(r.period.end, 'year', r.period.cutoff).year}"


def _and_more(items: list[str], total: int, noun: str, sep: str = "; ") -> str:
    text = sep.join(items)
    if total > len(items):
        text += f"{sep if sep != '; ' else '; '}và {ph.num(total - len(items))} {noun} khác"
    return text


# ── Heading and closing ───────────────────────────────────────────────────────────────────────────


def _signature(r: Report) -> tuple[str, ...]:
    if r.all_orgs or not r.orgs_selected or len(r.orgs_selected) > 1:
        return ("TM. BAN THƯỜNG TRỰC", "CHỦ TỊCH")
    code = r.orgs_selected[0]
    if code == "DTN":
        return ("TM. BAN THƯỜNG VỤ", "BÍ THƯ")
    return ("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH")


def _recipients(r: Report) -> tuple[str, ...]:
    committee = _committee(r.place.level)
    level = _level_word(r)
    out = [f"- Thường trực {committee} (b/c);", f"- Ban Dân vận {committee};"]
    parent_level = {"district": "tỉnh", "commune": "huyện"}.get(r.place.level or "")
    if len(r.orgs_selected) == 1 and parent_level and r.orgs_selected[0] != "MTTQ":
        out.insert(0, f"- {r.labels.org(r.orgs_selected[0])} {parent_level} (b/c);")
    if r.all_orgs:
        out.append(f"- Các tổ chức chính trị - xã hội {level};".replace("  ", " "))
    out += ["- Lưu: VT."]
    return tuple(out)


def _subtitle(r: Report) -> str:
    kind = kind_word(r)
    head = {"sơ kết": "Sơ kết công tác", "tổng kết": "Tổng kết công tác", "kết quả": "Kết quả công tác"}[kind]
    level = _level_word(r)
    who = _who(r, short=True)
    who = f"{who} {level}".strip() if level else who
    return f"{head} {who} {_period(r)}, nhiệm vụ trọng tâm {r.following_label}"


# ── I. Kết quả đạt được ──────────────────────────────────────────────────────────────────────────


def _k(r: Report, ind: str):
    return r.kpis.get(ind), r.kpis.get(f"{ind}_last_year"), r.kpis.get(f"{ind}_change_pct")


def _clause(now, last, pct_value, nonzero: str, zero: str | None) -> str | None:
    """``nonzero`` filled with the figure and its change, or ``zero`` when there is none (left out
    when last year had none either)."""
    if ph.is_missing(now) or not now:
        if ph.is_missing(last) or not last or zero is None:
            return None
        return zero.format(last=ph.num(last))
    return nonzero.format(change=ph.change_short(now, last, pct_value))


def _members_noun(r: Report) -> str:
    """ "đoàn viên, hội viên", or one organization's own word ("hội viên", "đoàn viên")."""
    if len(r.orgs_selected) == 1:
        return _member_word(r.orgs_selected[0]) or "đoàn viên, hội viên"
    return "đoàn viên, hội viên"


def overall_paragraph(r: Report) -> str:
    """The overall figures of the period against the same period last year."""
    who = _who_at(r, short=True)
    members = _members_noun(r)
    now, last, change = _k(r, "activities")
    if not now:
        tail = f" (cùng kỳ năm trước: {ph.count(last, 'hoạt động')})" if last else ""
        return ph.cap(f"{_in_period(r)}, chưa ghi nhận hoạt động nào của {who}{tail}.")
    clauses = [f"đã tổ chức {ph.count(now, 'hoạt động')}, {ph.change(now, last, pct_value=change)}"]
    p, pl, pc = _k(r, "participants")
    clauses.append(_clause(p, pl, pc, f"thu hút {ph.count(p, 'lượt người tham gia')} ({{change}})", None))
    b_, bl, bc = _k(r, "beneficiaries")
    clauses.append(
        _clause(
            b_,
            bl,
            bc,
            f"hỗ trợ {ph.count(b_, 'lượt người hưởng lợi')} ({{change}})",
            "chưa ghi nhận lượt người hưởng lợi (cùng kỳ năm trước: {last})",
        )
    )
    m, ml, mc = _k(r, "funds_vnd")
    clauses.append(
        _clause(
            m,
            ml,
            mc,
            f"tổng kinh phí vận động, hỗ trợ {ph.money(m)} ({{change}})",
            "chưa phát sinh kinh phí hỗ trợ (cùng kỳ năm trước: " + ph.money(ml) + ")" if ml else None,
        )
    )
    h, hl, hc = _k(r, "houses")
    clauses.append(
        _clause(
            h,
            hl,
            hc,
            f"xây mới, sửa chữa {ph.count(h, 'nhà')} ({{change}})",
            "chưa xây, sửa nhà nào (cùng kỳ năm trước: {last} nhà)",
        )
    )
    n, nl, nc = _k(r, "new_members")
    clauses.append(
        _clause(
            n,
            nl,
            nc,
            f"kết nạp {ph.count(n, members + ' mới')} ({{change}})",
            f"chưa kết nạp {members} mới (cùng kỳ năm trước: {{last}})",
        )
    )
    text = ph.cap(f"{_in_period(r)}, {who} " + "; ".join(c for c in clauses if c) + ".")
    mem, meml, memc = _k(r, "members")
    if ph.is_missing(mem):
        text += f" Chưa có số liệu tổng số {members} {_members_date(r)}."
    else:
        text += (
            f" Tổng số {members} {_members_date(r)} là {ph.num(mem)} người"
            f" ({ph.change(mem, meml, pct_value=memc)})."
        )
    peak = _peak(r)
    if peak:
        text += f" {peak}"
    return text


def _bucket_words(start: dt.date, r: Report) -> str:
    p = containing(start, r.grain, r.period.cutoff)
    return ph.period_in_sentence(p)


def _peak(r: Report) -> str | None:
    """The bucket with the most activities ("tháng 3/2024"), when there are several."""
    df = r.frames.get("trend")
    if df is None or len(df) < 2:
        return None
    rows = [
        (row.bucket_start.date(), int(row.value))
        for row in df.itertuples(index=False)
        if row.bucket_start.date() <= r.today
    ]
    if len(rows) < 2 or not any(v for _, v in rows):
        return None
    best = max(v for _, v in rows)
    first = next(s for s, v in rows if v == best)
    unit = {"month": "Tháng", "quarter": "Quý", "year": "Năm"}.get(r.grain, "Kỳ")
    return f"{unit} có nhiều hoạt động nhất là {_bucket_words(first, r)} ({ph.count(best, 'hoạt động')})."


def orgs_paragraph(r: Report) -> str | None:
    """The organizations that did most and least, and the largest rise and fall."""
    orgs = list(r.orgs)
    if len(orgs) < 2 or not r.has_activities:
        return None
    top_n = max(o.activities for o in orgs)
    low_n = min(o.activities for o in orgs)
    top = [o.short for o in orgs if o.activities == top_n]
    parts = []
    each = " mỗi tổ chức" if len(top) > 1 else ""
    lead = "Dẫn đầu về số hoạt động là" if len(top) == 1 else "Dẫn đầu về số hoạt động là các tổ chức"
    parts.append(f"{lead} {ph.join(top)} ({ph.count(top_n, 'hoạt động')}{each})")
    if low_n < top_n:
        low = [o.short for o in orgs if o.activities == low_n]
        if low_n == 0:
            parts.append(f"{ph.join(low)} chưa ghi nhận hoạt động nào")
        else:
            each_low = " mỗi tổ chức" if len(low) > 1 else ""
            parts.append(f"ít nhất là {ph.join(low)} ({ph.count(low_n, 'hoạt động')}{each_low})")
    text = "; ".join(parts) + "."
    changes = [(o, o.change_pct) for o in orgs if o.activities and o.change_pct is not None]
    up = [(o, c) for o, c in changes if c > 0]
    down = [(o, c) for o, c in changes if c < 0]
    bits = []
    if up:
        o, c = max(up, key=lambda oc: (oc[1], oc[0].code))
        bits.append(
            f"tăng nhiều nhất là {o.short} ({ph.change_short(o.activities, o.activities_last_year, c)})"
        )
    if down:
        o, c = min(down, key=lambda oc: (oc[1], oc[0].code))
        bits.append(
            f"giảm nhiều nhất là {o.short} ({ph.change_short(o.activities, o.activities_last_year, c)})"
        )
    if bits:
        text += " So với cùng kỳ, " + "; ".join(bits) + "."
    return text


def _theme_moves(r: Report) -> tuple[list, list]:
    grew, shrank = [], []
    for t in r.themes:
        diff = t.activities - t.last_year
        if abs(diff) < THEME_MIN_DIFF:
            continue
        if t.last_year and abs(diff) / t.last_year < THEME_MIN_SHARE:
            continue
        (grew if diff > 0 else shrank).append(t)
    grew.sort(key=lambda t: (-(t.activities - t.last_year), t.code))
    shrank.sort(key=lambda t: (t.activities - t.last_year, t.code))
    return grew[:THEMES_NAMED], shrank[:THEMES_NAMED]


def _theme_move(t) -> str:
    if t.activities > t.last_year:
        return f"{t.label} (từ {ph.num(t.last_year)} lên {ph.count(t.activities, 'hoạt động')})"
    return f"{t.label} (từ {ph.num(t.last_year)} xuống {ph.count(t.activities, 'hoạt động')})"


def themes_paragraph(r: Report) -> str | None:
    """The themes most activities served, and those that grew against the same period."""
    top = [t for t in r.themes if t.activities][:THEMES_NAMED]
    if not top:
        return None
    items = [f"{t.label} ({ph.count(t.activities, 'hoạt động')})" for t in top]
    text = f"Các hoạt động tập trung vào các nội dung: {ph.join_semicolons(items)}."
    grew, _ = _theme_moves(r)
    if grew:
        text += f" So với cùng kỳ, tăng nhiều ở các nội dung: {ph.join_semicolons([_theme_move(t) for t in grew])}."
    return text


def _target_words(t: TargetProgress) -> str:
    return f"{ph.INDICATOR_TOPIC.get(t.indicator, t.indicator)} {ph.target(t.percent)}"


def _amount(indicator: str, value) -> str:
    return ph.money(value) if indicator == "funds_vnd" else ph.num(value)


def org_paragraph(r: Report, o: OrgResult) -> str:
    """One organization's results: activities and their change, people, funds, houses, new
    members, main themes, members, progress against the year's targets."""
    name = org_name(r, o.code)
    member = _member_word(o.code)
    if not o.activities:
        tail = (
            f" (cùng kỳ năm trước: {ph.count(o.activities_last_year, 'hoạt động')})"
            if o.activities_last_year
            else ""
        )
        text = f"{name}: chưa ghi nhận hoạt động nào trong kỳ{tail}."
    else:
        change = ph.change(o.activities, o.activities_last_year, pct_value=o.change_pct)
        clauses = [f"tổ chức {ph.count(o.activities, 'hoạt động')} ({change})"]
        if o.participants:
            clauses[-1] += f", thu hút {ph.count(o.participants, 'lượt người tham gia')}"
        if o.beneficiaries and o.funds_vnd:
            clauses.append(
                f"hỗ trợ {ph.count(o.beneficiaries, 'lượt người hưởng lợi')} với kinh phí {ph.money(o.funds_vnd)}"
            )
        elif o.beneficiaries:
            clauses.append(f"hỗ trợ {ph.count(o.beneficiaries, 'lượt người hưởng lợi')}")
        elif o.funds_vnd:
            clauses.append(f"vận động, hỗ trợ kinh phí {ph.money(o.funds_vnd)}")
        if o.houses:
            clauses.append(f"xây mới, sửa chữa {ph.count(o.houses, 'nhà')}")
        if o.new_members and member:
            clauses.append(f"kết nạp {ph.count(o.new_members, member + ' mới')}")
        text = f"{name}: " + "; ".join(clauses) + "."
        if o.themes:
            items = [f"{r.labels.theme(c)} ({ph.count(n, 'hoạt động')})" for c, n in o.themes]
            text += f" Nội dung tập trung: {ph.join_semicolons(items)}."
    if member and o.members is not None:
        text += f" Tổng số {member} {_members_date(r)}: {ph.num(o.members)} người."
    if o.targets:
        text += f" Lũy kế từ đầu năm, {'; '.join(_target_words(t) for t in o.targets)}."
    return text


def targets_paragraph(r: Report, o: OrgResult) -> str:
    """One organization's progress against the year's targets, for a single organization's report."""
    pace = ""
    if r.expected_percent is not None:
        pace = f" (đã qua {ph.pct(r.expected_percent, 0)} thời gian của năm)"
    items = [
        f"{_target_words(t)} ({_amount(t.indicator, t.actual)}/{_amount(t.indicator, t.target)})"
        for t in o.targets
    ]
    return f"Lũy kế từ đầu năm đến ngày {ph.vn_date(r.results_end)}{pace}: {'; '.join(items)}."


def _unit_word(units: Iterable[UnitResult]) -> str:
    """ "các xã, thị trấn" / "các xã, phường" / "các xã" from the units' names."""
    kinds = []
    for u in units:
        first = ph.unit_in_sentence(u.name)
        kind = "thị trấn" if first.startswith("thị trấn") else first.split(" ")[0]
        if kind in ("xã", "phường", "thị trấn") and kind not in kinds:
            kinds.append(kind)
    order = ["xã", "phường", "thị trấn"]
    kinds.sort(key=order.index)
    return "các " + (", ".join(kinds) if kinds else "địa bàn cơ sở")


def communes(r: Report) -> list[UnitResult]:
    """The commune-level units of the report (the place itself and higher levels left out)."""
    return [u for u in r.units if u.level == "commune" and u.code != r.place.code]


def _unit_count(u: UnitResult) -> str:
    return f"{ph.unit_in_sentence(u.name)} ({ph.count(u.activities, 'hoạt động')})"


def weak_units(r: Report) -> list[UnitResult]:
    """Communes with under half the average activities of the communes, fewest first."""
    cs = communes(r)
    if len(cs) < 3 or not r.has_activities:
        return []
    mean = sum(u.activities for u in cs) / len(cs)
    weak = [u for u in cs if u.activities < mean / 2]
    return sorted(weak, key=lambda u: (u.activities, u.name))[:UNITS_NAMED]


def units_paragraph(r: Report) -> str | None:
    cs = communes(r)
    if len(cs) < 2 or not r.has_activities:
        return None
    word = _unit_word(cs)
    ranked = sorted(cs, key=lambda u: (-u.activities, u.name))
    top = [u for u in ranked if u.activities][:UNITS_NAMED]
    parts = []
    own = next((u for u in r.units if u.code == r.place.code), None)
    if own is not None and r.place.level in ("district", "province"):
        level = ph.ADMIN_LEVEL_WORD[r.place.level]
        below = sum(u.activities for u in cs)
        parts.append(
            f"Các tổ chức cấp {level} trực tiếp tổ chức {ph.count(own.activities, 'hoạt động')}; "
            f"{word} tổ chức {ph.count(below, 'hoạt động')}."
        )
    if top:
        parts.append(f"Các địa bàn có nhiều hoạt động: {', '.join(_unit_count(u) for u in top)}.")
    idle = [u for u in cs if not u.activities]
    rest = [u for u in sorted(cs, key=lambda u: (u.activities, u.name)) if u.activities and u not in top]
    low = rest[:UNITS_NAMED]
    if idle:
        names = [ph.unit_in_sentence(u.name) for u in sorted(idle, key=lambda u: u.name)]
        parts.append(
            f"Chưa ghi nhận hoạt động tại: {_and_more(names[:LIST_MAX], len(names), 'địa bàn', ', ')}."
        )
    elif low:
        parts.append(f"Các địa bàn ít hoạt động: {', '.join(_unit_count(u) for u in low)}.")
    return " ".join(parts) if parts else None


def _status_counts(tasks: Iterable[Task]) -> str:
    tasks = list(tasks)
    counts = {code: sum(t.status == code for t in tasks) for code, _ in STATUS_WORDS}
    if counts["hoan_thanh"] == len(tasks):
        return f"đã hoàn thành cả {ph.num(len(tasks))} nhiệm vụ"
    parts = [f"{word} {ph.num(counts[code])}" for code, word in STATUS_WORDS if counts[code]]
    other = len(tasks) - sum(counts.values())
    if other:
        parts.append(f"chưa rõ tình trạng {ph.num(other)}")
    return ", ".join(parts)


def _meeting_words(m: Meeting) -> str:
    return f"{MEETING_NOUN.get(m.meeting_type, 'hội nghị')} ngày {ph.vn_date(m.date)}"


def _late_words(tasks: list[Task], r: Report) -> str:
    late = sum(t.late for t in tasks)
    if not late:
        return "không có nhiệm vụ quá hạn"
    return f"{ph.num(late)} nhiệm vụ quá hạn (tính đến ngày {ph.vn_date(r.today)})"


def tasks_paragraphs(r: Report) -> list[str]:
    """How the conclusions of the last meetings and of this period's are being carried out."""
    out = []
    for m in r.meetings_previous:
        if not m.tasks:
            continue
        host = body_name(r, m.host, m.unit_level)
        out.append(
            f"Thực hiện kết luận của {host} tại {_meeting_words(m)}, {ph.num(len(m.tasks))} nhiệm vụ được giao: "
            f"{_status_counts(m.tasks)}; {_late_words(list(m.tasks), r)}."
        )
    for m in r.meetings_current:
        if not m.tasks:
            continue
        host = body_name(r, m.host, m.unit_level)
        out.append(
            f"Tại {_meeting_words(m)}, {host} đã kết luận, giao {ph.num(len(m.tasks))} nhiệm vụ; "
            f"đến ngày {ph.vn_date(r.today)}: {_status_counts(m.tasks)}; {_late_words(list(m.tasks), r)}."
        )
    return out


# ── II. Hạn chế, khó khăn ────────────────────────────────────────────────────────────────────────


def falls(r: Report) -> list[str]:
    """The indicators that fell against the same period last year ("số hoạt động (giảm 0,8%)")."""
    out = []
    for ind in SUMMARY_INDICATORS:
        now, last, change = _k(r, ind)
        if ph.is_missing(now) or ph.is_missing(last) or not last or now >= last:
            continue
        out.append(f"{ph.INDICATOR_TOPIC[ind]} ({ph.change_short(now, last, change)})")
    return out


def _lagging_words(r: Report, t: TargetProgress) -> str:
    org = f" của {r.labels.short(t.org)}" if len(r.orgs) > 1 else ""
    return (
        f"{ph.INDICATOR_TOPIC.get(t.indicator, t.indicator)}{org} chỉ đạt {ph.pct(t.percent, 0)} "
        f"({_amount(t.indicator, t.actual)}/{_amount(t.indicator, t.target)})"
    )


def limitations(r: Report) -> list[str]:
    out = []
    fell = falls(r)
    if fell:
        out.append(f"Một số chỉ số giảm so với cùng kỳ: {', '.join(fell)}.")
    down = [o for o in r.orgs if o.activities and o.change_pct is not None and o.change_pct < 0]
    down.sort(key=lambda o: (o.change_pct, o.code))
    if down and len(r.orgs) > 1:
        items = [
            f"{o.short} ({ph.count(o.activities, 'hoạt động')}, "
            f"{ph.change_short(o.activities, o.activities_last_year, o.change_pct)})"
            for o in down
        ]
        out.append(f"Số hoạt động của một số tổ chức giảm so với cùng kỳ: {'; '.join(items)}.")
    idle = [o for o in r.orgs if not o.activities]
    if idle and len(r.orgs) > 1 and r.has_activities:
        out.append(f"{ph.join(o.short for o in idle)} chưa ghi nhận hoạt động nào trong kỳ.")
    lagging = r.lagging_targets()
    if lagging:
        shown = [_lagging_words(r, t) for t in lagging[:LIST_MAX]]
        out.append(
            f"Một số chỉ tiêu năm {r.target_year} đạt thấp so với tiến độ (đến ngày {ph.vn_date(r.results_end)} "
            f"đã qua {ph.pct(r.expected_percent, 0)} thời gian của năm): "
            f"{_and_more(shown, len(lagging), 'chỉ tiêu')} (chi tiết tại Phụ lục)."
        )
    weak = weak_units(r)
    if weak:
        out.append(f"Một số địa bàn còn ít hoạt động: {', '.join(_unit_count(u) for u in weak)}.")
    _, shrank = _theme_moves(r)
    if shrank:
        out.append(
            f"Một số nội dung giảm so với cùng kỳ: {ph.join_semicolons([_theme_move(t) for t in shrank])}."
        )
    late = [t for m in (*r.meetings_previous, *r.meetings_current) for t in m.tasks if t.late]
    if late:
        out.append(
            f"Còn {ph.num(len(late))} nhiệm vụ theo kết luận hội nghị đã quá hạn mà chưa hoàn thành "
            f"(tính đến ngày {ph.vn_date(r.today)})."
        )
    if not out:
        if not r.has_activities:
            out.append(f"Chưa có số liệu hoạt động {_in_period(r)} để đánh giá hạn chế.")
        else:
            out.append(
                "Qua tổng hợp số liệu, không có chỉ số nào giảm so với cùng kỳ, không có chỉ tiêu chậm so "
                "với tiến độ và không có nhiệm vụ quá hạn."
            )
    return out


# ── III. Nhiệm vụ trọng tâm ──────────────────────────────────────────────────────────────────────


def _task_groups(pairs: list[tuple[Meeting, Task]], r: Report) -> list[str]:
    """Open tasks grouped by description (one conclusion is often given to several organizations):
    the assignees named together, the earliest due date."""
    groups: dict[str, list[tuple[Meeting, Task]]] = {}
    for m, t in pairs:
        groups.setdefault(" ".join(t.description.split()), []).append((m, t))
    out = []
    for desc, items in groups.items():
        who = ph.join(dict.fromkeys(r.labels.short(t.assignee) for _, t in items))
        due = min((t.due_date for _, t in items if t.due_date), default=None)
        when = f", hạn {ph.vn_date(due)}" if due else ""
        out.append(f"{desc.rstrip('.;')} ({who}{when})")
    return out


def next_tasks(r: Report) -> list[str]:
    out = []
    open_ = r.open_tasks()
    late = [(m, t) for m, t in open_ if t.late]
    pending = [(m, t) for m, t in open_ if not t.late]
    if late:
        groups = _task_groups(late, r)
        out.append(
            "Khẩn trương hoàn thành các nhiệm vụ đã quá hạn theo kết luận hội nghị: "
            f"{_and_more(groups[:TASKS_MAX], len(groups), 'nhiệm vụ')}."
        )
    if pending:
        groups = _task_groups(pending, r)
        out.append(
            "Tiếp tục thực hiện các nhiệm vụ theo kết luận hội nghị chưa hoàn thành: "
            f"{_and_more(groups[:TASKS_MAX], len(groups), 'nhiệm vụ')}."
        )
    lagging = r.lagging_targets()
    if lagging:
        by_ind: dict[str, list[str]] = {}
        for t in lagging:
            by_ind.setdefault(t.indicator, []).append(r.labels.short(t.org))
        if len(r.orgs) > 1:
            items = [f"{ph.INDICATOR_TOPIC.get(i, i)} ({ph.join(orgs)})" for i, orgs in by_ind.items()]
        else:
            items = [ph.INDICATOR_TOPIC.get(i, i) for i in by_ind]
        out.append(f"Tập trung thực hiện các chỉ tiêu năm {r.target_year} còn đạt thấp: {'; '.join(items)}.")
    down = [o for o in r.orgs if o.activities and o.change_pct is not None and o.change_pct < 0]
    idle = [o for o in r.orgs if not o.activities] if len(r.orgs) > 1 and r.has_activities else []
    if down or idle:
        what = []
        if down:
            what.append("số hoạt động giảm so với cùng kỳ")
        if idle:
            what.append("chưa có hoạt động trong kỳ")
        who = f"{ph.join(o.short for o in (*down, *idle))} t" if len(r.orgs) > 1 else "T"
        out.append(
            f"{who}ăng cường tổ chức các hoạt động ở cơ sở, khắc phục tình trạng {' hoặc '.join(what)}."
        )
    weak = weak_units(r)
    if weak:
        out.append(
            "Quan tâm chỉ đạo, hướng dẫn, hỗ trợ các địa bàn còn ít hoạt động: "
            f"{ph.join(ph.unit_in_sentence(u.name) for u in weak)}."
        )
    closing = f"Tiếp tục thực hiện tốt các nhiệm vụ theo chương trình, kế hoạch công tác {_program_year(r)}"
    if r.period.kind == "half" and r.period.number == 1 or r.period.kind == "nine_months":
        closing += f"; chuẩn bị nội dung tổng kết công tác năm {r.period.year}"
    out.append(closing + ".")
    return out


# ── The document ──────────────────────────────────────────────────────────────────────────────────


def opening(r: Report) -> str:
    span = ""
    if r.period.kind != "custom":
        span = f" (từ ngày {ph.vn_date(r.period.start)} đến ngày {ph.vn_date(r.period.end)})"
    if r.running:
        span = (
            span[:-1] + f"; số liệu tính đến ngày {ph.vn_date(r.today)})"
            if span
            else f" (số liệu tính đến ngày {ph.vn_date(r.today)})"
        )
    return (
        f"Thực hiện chương trình công tác {_program_year(r)}, {_who_at(r)} báo cáo {kind_word(r)} công tác "
        f"{_period(r)}{span} và nhiệm vụ trọng tâm {r.following_label} như sau:"
    )


def closing(r: Report) -> str:
    return (
        f"Trên đây là báo cáo {kind_word(r)} công tác {_period(r)} và nhiệm vụ trọng tâm {r.following_label} "
        f"của {_who_at(r)}./."
    )


def compose(r: Report) -> Narrative:
    """The report's words."""
    blocks: list[Block] = [Block("para", opening(r)), Block("heading1", "I. Kết quả đạt được")]
    blocks.append(Block("heading2", "1. Kết quả chung"))
    for text in (overall_paragraph(r), orgs_paragraph(r), themes_paragraph(r)):
        if text:
            blocks.append(Block("para", text))
    n = 2
    if len(r.orgs) > 1 and r.has_activities:
        blocks.append(Block("heading2", f"{n}. Kết quả hoạt động của các tổ chức"))
        blocks += [Block("bullet", f"- {org_paragraph(r, o)}") for o in r.orgs]
        n += 1
    elif len(r.orgs) == 1 and r.orgs[0].targets:
        blocks.append(Block("heading2", f"{n}. Thực hiện chỉ tiêu năm {r.target_year}"))
        blocks.append(Block("para", targets_paragraph(r, r.orgs[0])))
        n += 1
    units = units_paragraph(r)
    if units:
        blocks.append(Block("heading2", f"{n}. Kết quả theo địa bàn"))
        blocks.append(Block("para", units))
        n += 1
    tasks = tasks_paragraphs(r)
    if tasks:
        blocks.append(Block("heading2", f"{n}. Thực hiện kết luận các hội nghị"))
        blocks += [Block("para", t) for t in tasks]
    blocks.append(Block("heading1", "II. Hạn chế, khó khăn"))
    blocks += [Block("bullet", f"- {t}") for t in limitations(r)]
    blocks.append(Block("heading1", f"III. Nhiệm vụ trọng tâm {r.following_label}"))
    blocks += [Block("numbered", f"{i}. {t}") for i, t in enumerate(next_tasks(r), start=1)]
    blocks.append(Block("para", closing(r)))

    parent, issuer, symbol = _issuer(r)
    place_word = r.place.short if r.place.level else ""
    orgs_line = "tất cả các tổ chức" if r.all_orgs else ph.join(r.labels.short(c) for c in r.orgs_selected)
    scope_line = (
        f"Số liệu {_period(r)} (từ ngày {ph.vn_date(r.period.start)} đến ngày {ph.vn_date(r.period.end)}); "
        f"địa bàn: {r.place.name or 'toàn bộ'}; tổ chức: {orgs_line}; so sánh với cùng kỳ từ ngày "
        f"{ph.vn_date(r.comparison.start)} đến ngày {ph.vn_date(r.comparison.end)}."
    )
    notice = None
    if r.sample_data:
        notice = "DỮ LIỆU MẪU — các số liệu trong báo cáo này lấy từ tệp mẫu, không phải số liệu thật."
    return Narrative(
        issuer_parent=parent,
        issuer=issuer,
        number=f"Số:        /BC-{symbol}",
        date_line=ph.date_line(place_word, r.today),
        title="BÁO CÁO",
        subtitle=_subtitle(r),
        notice=notice,
        blocks=tuple(blocks),
        recipients=_recipients(r),
        signature=_signature(r),
        signer="",
        appendix_title="PHỤ LỤC SỐ LIỆU",
        appendix_subtitle=f"(Kèm theo Báo cáo số        /BC-{symbol} {ph.date_line('', r.today).lower()})",
        scope_line=scope_line,
    )


def _issuer(r: Report) -> tuple[str, str, str]:
    """(governing body, issuing body, document symbol), uppercase as the heading shows them."""
    parent_name = r.place.parent_name
    place = r.place.name.upper() if r.place.level else ""
    if r.all_orgs or not r.orgs_selected:
        return (f"ỦY BAN MTTQ VIỆT NAM {place}".strip(), "BAN THƯỜNG TRỰC", "MTTQ")
    if len(r.orgs_selected) == 1:
        code = r.orgs_selected[0]
        label = r.labels.org(code).upper()
        parent = f"{label} {parent_name.upper()}" if parent_name else ""
        return (parent, f"{label} {place}".strip(), DOC_SYMBOL.get(code, code))
    return ("", f"CÁC TỔ CHỨC CHÍNH TRỊ - XÃ HỘI {place}".strip(), "CTXH")

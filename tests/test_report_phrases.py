"""The report's words: numbers, money, changes, targets and whole sentences for zero, missing and
negative figures and for figures without a comparison — without a warehouse."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest

from dashboard.filters import Filters
from dashboard.periods import Period, parse_period
from dashboard.report import narrative as nv
from dashboard.report import phrases as ph
from dashboard.report.model import (
    REPORT_INDICATORS,
    Labels,
    Meeting,
    OrgResult,
    Place,
    Report,
    TargetProgress,
    Task,
    UnitResult,
    next_period,
)

# ── Numbers and money ─────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("vnd", "text"),
    [
        (0, "0 đồng"),
        (850_000, "850.000 đồng"),
        (1_000_000, "1 triệu đồng"),
        (350_000_000, "350 triệu đồng"),
        (504_900_000, "504,9 triệu đồng"),
        (12_350_000, "12,4 triệu đồng"),
        (999_960_000, "1 tỷ đồng"),
        (1_200_000_000, "1,2 tỷ đồng"),
        (1_250_000_000, "1,25 tỷ đồng"),
        (12_000_000_000, "12 tỷ đồng"),
        (None, "—"),
    ],
)
def test_money(vnd, text):
    assert ph.money(vnd) == text


def test_numbers_the_vietnamese_way():
    assert ph.num(1234567) == "1.234.567"
    assert ph.num(0) == "0"
    assert ph.num(None) == ph.MISSING
    assert ph.num(pd.NA) == ph.MISSING
    assert ph.decimal(12.54) == "12,5"
    assert ph.decimal(3.0) == "3"
    assert ph.decimal(1234.56) == "1.234,6"
    assert ph.decimal(-2.85) == "-2,9"
    assert ph.pct(12.5) == "12,5%"
    assert ph.pct(87.4, 0) == "87%"


# ── Comparisons ───────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("now", "last", "text"),
    [
        (225, 200, "tăng 12,5% so với cùng kỳ"),
        (97, 100, "giảm 3% so với cùng kỳ"),
        (0, 40, "giảm 100% so với cùng kỳ"),
        (5, 5, "bằng cùng kỳ"),
        (0, 0, "bằng cùng kỳ"),
        (5, 0, "cùng kỳ năm trước không có"),
        (5, None, "chưa có số liệu cùng kỳ"),
        (None, 5, "chưa có số liệu"),
        (100_001, 100_000, "tăng không đáng kể so với cùng kỳ"),
        (300, 100, "tăng 200% so với cùng kỳ"),
    ],
)
def test_change(now, last, text):
    assert ph.change(now, last) == text


def test_change_uses_the_query_layers_percent_and_has_a_short_form():
    assert ph.change(260, 231, pct_value=12.554) == "tăng 12,6% so với cùng kỳ"
    assert ph.change_short(97, 100) == "giảm 3%"
    assert ph.change_short(5, None) == "chưa có số liệu cùng kỳ"


@pytest.mark.parametrize(
    ("percent", "text"),
    [
        (87.2, "đạt 87% chỉ tiêu năm"),
        (0, "đạt 0% chỉ tiêu năm"),
        (100, "đạt 100% chỉ tiêu năm"),
        (100.2, "vượt chỉ tiêu năm"),
        (112.4, "vượt chỉ tiêu năm (đạt 112%)"),
        (None, "chưa có số liệu thực hiện chỉ tiêu"),
    ],
)
def test_target(percent, text):
    assert ph.target(percent) == text


def test_dates_and_names():
    assert ph.date_line("Mai Sơn", dt.date(2024, 2, 5)) == "Mai Sơn, ngày 05 tháng 02 năm 2024"
    assert ph.date_line("Mai Sơn", dt.date(2024, 6, 13)) == "Mai Sơn, ngày 13 tháng 6 năm 2024"
    assert ph.date_line("", dt.date(2024, 11, 26)) == "Ngày 26 tháng 11 năm 2024"
    assert ph.vn_date(pd.Timestamp("2024-06-13")) == "13/06/2024"
    assert ph.unit_in_sentence("Thị trấn Hát Lót") == "thị trấn Hát Lót"
    assert ph.unit_in_sentence("Huyện Mai Sơn") == "huyện Mai Sơn"
    assert ph.unit_short("Huyện Mai Sơn") == "Mai Sơn"
    assert ph.join(["a"]) == "a"
    assert ph.join(["a", "b", "c"]) == "a, b và c"
    assert ph.period_in_sentence(parse_period("2024-Q2")) == "quý II/2024"
    assert ph.period_in_sentence(parse_period("2024-H1")) == "6 tháng đầu năm 2024"
    assert ph.period_in_sentence(parse_period("2024-01-01..2024-03-15")) == (
        "từ ngày 01/01/2024 đến ngày 15/03/2024"
    )


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("2024-H1", "6 tháng cuối năm 2024"),
        ("2024-H2", "6 tháng đầu năm 2025"),
        ("2024-Q4", "quý I/2025"),
        ("2024-9M", "3 tháng cuối năm 2024"),
        ("2024", "năm 2025"),
        ("2024-12", "tháng 1/2025"),
        ("2024-01-01..2024-03-15", "thời gian tới"),
    ],
)
def test_next_period(code, label):
    assert next_period(parse_period(code))[1] == label


# ── Sentences from a hand-made report ─────────────────────────────────────────────────────────────

LABELS = Labels(
    orgs={
        "MTTQ": "Ủy ban Mặt trận Tổ quốc Việt Nam",
        "HLHPN": "Hội Liên hiệp Phụ nữ",
        "DTN": "Đoàn TNCS Hồ Chí Minh",
    },
    org_short={"MTTQ": "Mặt trận Tổ quốc", "HLHPN": "Hội Phụ nữ", "DTN": "Đoàn Thanh niên"},
    themes={"an_sinh": "an sinh xã hội, từ thiện, nhân đạo", "kinh_te": "phát triển kinh tế"},
    bodies={"TT_CAP_UY": "Thường trực cấp ủy"},
    statuses={"hoan_thanh": "hoàn thành"},
)
TODAY = dt.date(2024, 11, 26)


def kpis(**values) -> dict:
    out: dict = {}
    for ind in REPORT_INDICATORS:
        now, last = values.get(ind, (0, 0))
        out[ind], out[f"{ind}_last_year"] = now, last
        out[f"{ind}_change_pct"] = (
            None if not last or now is None or last is None else (now - last) * 100 / last
        )
    return out


def org(code: str, activities: int, last: int, **kw) -> OrgResult:
    base = {
        "code": code,
        "label": LABELS.orgs[code],
        "short": LABELS.org_short[code],
        "rank": 1,
        "activities": activities,
        "participants": 10 * activities,
        "beneficiaries": 0,
        "funds_vnd": 0,
        "new_members": 0,
        "houses": 0,
        "activities_last_year": last,
        "members": None,
    }
    return OrgResult(**(base | kw))


def make_report(period: str = "2024-H1", **overrides) -> Report:
    p = parse_period(period)
    following, label = next_period(p)
    base = {
        "filters": Filters(period=p, units=("125",)),
        "scope": None,
        "today": TODAY,
        "period": p,
        "comparison": p.same_period_last_year(),
        "running": False,
        "previous": p.previous(),
        "following": following,
        "following_label": label,
        "grain": "month",
        "place": Place("125", "Huyện Mai Sơn", "district", "Tỉnh Sơn La"),
        "orgs_selected": ("MTTQ", "HLHPN", "DTN"),
        "labels": LABELS,
        "kpis": kpis(
            activities=(120, 100),
            participants=(900, 1000),
            funds_vnd=(1_200_000_000, 0),
            members=(5000, None),
        ),
        "orgs": (org("MTTQ", 70, 50), org("HLHPN", 50, 30), org("DTN", 0, 20)),
        "units": (),
        "themes": (),
        "targets": (),
        "target_year": 2024,
        "expected_percent": 49.7,
        "meetings_previous": (),
        "meetings_current": (),
        "sample_data": False,
        "frames": {"trend": pd.DataFrame(columns=["bucket_start", "series", "value", "last_year"])},
    }
    return Report(**(base | overrides))


def test_overall_paragraph_with_rises_falls_missing_and_no_comparison():
    text = nv.overall_paragraph(make_report())
    assert text.startswith(
        "Trong 6 tháng đầu năm 2024, Mặt trận và các tổ chức chính trị - xã hội huyện Mai Sơn"
    )
    assert "đã tổ chức 120 hoạt động, tăng 20% so với cùng kỳ" in text
    assert "thu hút 900 lượt người tham gia (giảm 10%)" in text
    assert "1,2 tỷ đồng (cùng kỳ năm trước không có)" in text  # last year had none
    assert "Tổng số đoàn viên, hội viên đến ngày 30/06/2024 là 5.000 người (chưa có số liệu cùng kỳ)" in text
    assert "người hưởng lợi" not in text  # zero this year and last: left out
    assert "nhà" not in text.replace("nhân", "")


def test_overall_paragraph_when_zero_or_missing():
    r = make_report(kpis=kpis(activities=(0, 35), members=(None, None)))
    assert nv.overall_paragraph(r) == (
        "Trong 6 tháng đầu năm 2024, chưa ghi nhận hoạt động nào của Mặt trận và các tổ chức chính trị - xã "
        "hội huyện Mai Sơn (cùng kỳ năm trước: 35 hoạt động)."
    )
    r = make_report(kpis=kpis(activities=(0, 0)))
    assert nv.overall_paragraph(r).endswith("huyện Mai Sơn.")
    r = make_report(kpis=kpis(activities=(10, 10), new_members=(0, 43), members=(None, 50)))
    text = nv.overall_paragraph(r)
    assert "đã tổ chức 10 hoạt động, bằng cùng kỳ" in text
    assert "chưa kết nạp đoàn viên, hội viên mới (cùng kỳ năm trước: 43)" in text
    assert "Chưa có số liệu tổng số đoàn viên, hội viên đến ngày 30/06/2024." in text


def test_organizations_ranked_with_ties_and_an_idle_one():
    r = make_report(orgs=(org("MTTQ", 50, 40), org("HLHPN", 50, 60), org("DTN", 0, 20)))
    text = nv.orgs_paragraph(r)
    assert text.startswith(
        "Dẫn đầu về số hoạt động là các tổ chức Mặt trận Tổ quốc và Hội Phụ nữ (50 hoạt động mỗi tổ chức)"
    )
    assert "Đoàn Thanh niên chưa ghi nhận hoạt động nào" in text
    assert "tăng nhiều nhất là Mặt trận Tổ quốc (tăng 25%)" in text
    assert "giảm nhiều nhất là Hội Phụ nữ (giảm 16,7%)" in text  # the idle one has no percent to rank


def test_org_paragraph_for_zero_activities_and_members_words():
    r = make_report()
    assert nv.org_paragraph(r, org("DTN", 0, 20)) == (
        "Huyện đoàn: chưa ghi nhận hoạt động nào trong kỳ (cùng kỳ năm trước: 20 hoạt động)."
    )
    assert nv.org_paragraph(r, org("DTN", 0, 0)) == "Huyện đoàn: chưa ghi nhận hoạt động nào trong kỳ."
    o = org(
        "HLHPN",
        12,
        0,
        new_members=4,
        members=2500,
        funds_vnd=350_000_000,
        beneficiaries=30,
        targets=(
            TargetProgress("HLHPN", "new_members", 40, 4, 10.0),
            TargetProgress("HLHPN", "activities", 20, 24, 120.0),
        ),
    )
    text = nv.org_paragraph(r, o)
    assert text.startswith("Hội Liên hiệp Phụ nữ huyện: tổ chức 12 hoạt động (cùng kỳ năm trước không có)")
    assert "hỗ trợ 30 lượt người hưởng lợi với kinh phí 350 triệu đồng" in text
    assert "kết nạp 4 hội viên mới" in text
    assert "Tổng số hội viên đến ngày 30/06/2024: 2.500 người." in text
    assert "kết nạp mới đạt 10% chỉ tiêu năm; số hoạt động vượt chỉ tiêu năm (đạt 120%)" in text
    # The Front has no members of its own: no member sentence even with a figure.
    assert "viên" not in nv.org_paragraph(r, org("MTTQ", 5, 5, members=100, new_members=3))


def test_limitations_and_next_tasks_from_falls_lagging_targets_and_late_tasks():
    late = Task(
        "HN-1",
        dt.date(2023, 12, 15),
        "NV-1",
        "HLHPN",
        "Đẩy mạnh chuyển đổi số",
        dt.date(2024, 6, 30),
        "dang_thuc_hien",
        None,
        True,
        149,
    )
    late2 = dataclasses.replace(late, task_id="NV-2", assignee="MTTQ")
    done = dataclasses.replace(late, task_id="NV-3", status="hoan_thanh", late=False, days_late=0)
    meeting = Meeting(
        "HN-1",
        dt.date(2023, 12, 15),
        "giao_ban",
        "Giao ban",
        "TT_CAP_UY",
        "125",
        "Huyện Mai Sơn",
        "district",
        (late, late2, done),
    )
    r = make_report(
        targets=(TargetProgress("HLHPN", "funds_vnd", 500_000_000, 55_000_000, 11.0),),
        meetings_previous=(meeting,),
    )
    bullets = nv.limitations(r)
    assert "Một số chỉ số giảm so với cùng kỳ: số người tham gia (giảm 10%)." in bullets
    assert any(b == "Đoàn Thanh niên chưa ghi nhận hoạt động nào trong kỳ." for b in bullets)
    assert any("kinh phí của Hội Phụ nữ chỉ đạt 11% (55 triệu đồng/500 triệu đồng)" in b for b in bullets)
    assert any(b.startswith("Còn 2 nhiệm vụ theo kết luận hội nghị đã quá hạn") for b in bullets)
    tasks = nv.next_tasks(r)
    assert tasks[0] == (
        "Khẩn trương hoàn thành các nhiệm vụ đã quá hạn theo kết luận hội nghị: Đẩy mạnh chuyển đổi số "
        "(Hội Phụ nữ và Mặt trận Tổ quốc, hạn 30/06/2024)."
    )
    assert any(
        t.startswith("Tập trung thực hiện các chỉ tiêu năm 2024 còn đạt thấp: kinh phí (Hội Phụ nữ)")
        for t in tasks
    )
    assert tasks[-1].startswith(
        "Tiếp tục thực hiện tốt các nhiệm vụ theo chương trình, kế hoạch công tác năm 2024"
    )
    [paragraph] = nv.tasks_paragraphs(r)
    assert paragraph == (
        "Thực hiện kết luận của Thường trực Huyện ủy tại Hội nghị giao ban ngày 15/12/2023, 3 nhiệm vụ được "
        "giao: đã hoàn thành 1, đang thực hiện 2; 2 nhiệm vụ quá hạn (tính đến ngày 26/11/2024)."
    )


def test_limitations_when_nothing_lags():
    r = make_report(
        kpis=kpis(activities=(10, 5)),
        orgs=(org("MTTQ", 6, 3), org("HLHPN", 4, 2)),
        orgs_selected=("MTTQ", "HLHPN"),
    )
    assert nv.limitations(r) == [
        "Qua tổng hợp số liệu, không có chỉ số nào giảm so với cùng kỳ, không có chỉ tiêu chậm so với tiến "
        "độ và không có nhiệm vụ quá hạn."
    ]
    r = make_report(kpis=kpis(), orgs=(org("MTTQ", 0, 0),), orgs_selected=("MTTQ",))
    assert nv.limitations(r) == ["Chưa có số liệu hoạt động trong 6 tháng đầu năm 2024 để đánh giá hạn chế."]


def test_one_organizations_report_speaks_of_it_alone():
    r = make_report(
        orgs=(org("HLHPN", 50, 60, new_members=5),),
        orgs_selected=("HLHPN",),
        kpis=kpis(activities=(50, 60), new_members=(5, 2), members=(2500, 2400)),
        targets=(TargetProgress("HLHPN", "new_members", 40, 5, 12.5),),
    )
    n = nv.compose(r)
    assert n.issuer == "HỘI LIÊN HIỆP PHỤ NỮ HUYỆN MAI SƠN"
    assert n.issuer_parent == "HỘI LIÊN HIỆP PHỤ NỮ TỈNH SƠN LA"
    assert n.number.endswith("/BC-HLHPN")
    assert n.signature == ("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH")
    assert "kết nạp 5 hội viên mới" in n.text
    assert "Tổng số hội viên đến ngày 30/06/2024 là 2.500 người" in n.text
    assert "kết nạp mới chỉ đạt 13% (5/40)" in n.text
    assert (
        "Tăng cường tổ chức các hoạt động ở cơ sở, khắc phục tình trạng số hoạt động giảm so với cùng kỳ."
        in n.text
    )


def test_compose_lays_out_the_sections():
    n = nv.compose(make_report())
    kinds = [(b.kind, b.text) for b in n.blocks if b.kind.startswith("heading")]
    assert kinds[0] == ("heading1", "I. Kết quả đạt được")
    assert ("heading1", "II. Hạn chế, khó khăn") in kinds
    assert ("heading1", "III. Nhiệm vụ trọng tâm 6 tháng cuối năm 2024") in kinds
    assert n.blocks[0].text.startswith(
        "Thực hiện chương trình công tác năm 2024, Ủy ban Mặt trận Tổ quốc Việt Nam"
    )
    assert n.blocks[-1].text.endswith("huyện Mai Sơn./.")
    assert n.subtitle == (
        "Sơ kết công tác Mặt trận và các tổ chức chính trị - xã hội huyện 6 tháng đầu năm 2024, "
        "nhiệm vụ trọng tâm 6 tháng cuối năm 2024"
    )
    assert n.date_line == "Mai Sơn, ngày 26 tháng 11 năm 2024"
    assert n.issuer_parent == "ỦY BAN MTTQ VIỆT NAM HUYỆN MAI SƠN"
    assert n.recipients[0] == "- Thường trực Huyện ủy (b/c);"
    assert n.notice is None
    assert nv.compose(make_report(sample_data=True)).notice.startswith("DỮ LIỆU MẪU")
    assert nv.compose(make_report("2024")).subtitle.startswith("Tổng kết công tác")
    assert nv.compose(make_report("2024-Q2")).subtitle.startswith("Kết quả công tác")


def test_units_paragraph_names_the_most_and_least_active_communes():
    units = (
        UnitResult("125", "Huyện Mai Sơn", "district", 30, 20, 0, 0),
        UnitResult("1", "Xã A", "commune", 20, 10, 0, 0),
        UnitResult("2", "Thị trấn B", "commune", 18, 10, 0, 0),
        UnitResult("3", "Xã C", "commune", 9, 10, 0, 0),
        UnitResult("4", "Xã D", "commune", 1, 10, 0, 0),
    )
    text = nv.units_paragraph(make_report(units=units))
    assert text.startswith(
        "Các tổ chức cấp huyện trực tiếp tổ chức 30 hoạt động; các xã, thị trấn tổ chức 48 hoạt động."
    )
    assert (
        "Các địa bàn có nhiều hoạt động: xã A (20 hoạt động), thị trấn B (18 hoạt động), xã C (9 hoạt động)."
        in text
    )
    assert "Các địa bàn ít hoạt động: xã D (1 hoạt động)." in text
    assert [u.code for u in nv.weak_units(make_report(units=units))] == ["4"]


def test_a_date_range_report_reads_without_trong():
    r = make_report("2024-01-15..2024-03-20")
    assert nv.overall_paragraph(r).startswith("Từ ngày 15/01/2024 đến ngày 20/03/2024, Mặt trận")
    assert isinstance(r.period, Period)

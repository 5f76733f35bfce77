"""Theme inference from Vietnamese titles (etl/themes.py, data/reference/theme_keywords.csv)."""

from __future__ import annotations

import csv
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from etl.config import REFERENCE_DIR
from etl.text import fold_words, strip_diacritics
from etl.themes import (
    KEYWORDS_FILE,
    MAX_THEMES,
    THRESHOLD,
    evaluate,
    infer_themes,
    infer_themes_many,
    load_keywords,
    theme_scores,
)

LABELLED = Path(__file__).parent / "data" / "theme_titles.csv"


def _theme_codes() -> list[str]:
    with open(REFERENCE_DIR / "themes.csv", encoding="utf-8") as fh:
        return [row["code"] for row in csv.DictReader(fh)]


def _labelled() -> list[tuple[str, list[str]]]:
    with open(LABELLED, encoding="utf-8") as fh:
        return [(row["title"], [c for c in row["themes"].split(";") if c]) for row in csv.DictReader(fh)]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Hội nghị tuyên truyền Luật Đất đai 2024", ["tuyen_truyen"]),
        ("Trao 50 suất quà Tết cho hộ nghèo", ["an_sinh"]),
        ("Ra quân tổng vệ sinh môi trường hưởng ứng Ngày Môi trường thế giới", ["nong_thon_moi_moi_truong"]),
        ("Tập huấn kỹ thuật chăm sóc cây cà phê", ["kinh_te"]),
        ("Đại hội Hội LHTN Việt Nam huyện nhiệm kỳ 2024-2029", ["dai_hoi"]),
        ("Kết nạp 25 hội viên mới", ["to_chuc_hoi_vien"]),
        ("Lễ kỷ niệm 94 năm Ngày thành lập Đảng", ["ky_niem_le_lon"]),
        ("Phòng chống dịch tả lợn châu Phi", ["kinh_te"]),
        ("Hướng dẫn cài đặt VNeID, thanh toán không dùng tiền mặt", ["chuyen_doi_so"]),
        ("Hỗ trợ Nhân dân khắc phục hậu quả bão số 3", ["thien_tai", "an_sinh"]),
        (
            "Phối hợp tuyên truyền, vận động GPMB dự án mở rộng Quốc lộ 14",
            ["giai_phong_mat_bang", "tuyen_truyen"],
        ),
        ("Tổ chức tuần tra, đảm bảo ANTT dịp Tết Nguyên đán", ["an_ninh_trat_tu"]),
        ("Thăm, chúc mừng chức sắc các tôn giáo nhân dịp lễ Giáng sinh 2024", ["dan_toc_ton_giao"]),
        ("Thành lập Đội xung kích PCTT cấp xã", ["thien_tai"]),
        ("Ứng dụng CĐS trong hoạt động Hội, xây dựng trang fanpage", ["chuyen_doi_so"]),
        ("Phòng chống dịch Covid-19, bệnh tay chân miệng trong trường học", ["y_te"]),
        ("Thương lượng, ký kết thỏa ước lao động tập thể tại 5 doanh nghiệp", ["quyen_loi_hoi_vien"]),
        ("Phối hợp tổ chức tiếp xúc cử tri trước kỳ họp thứ 7 HĐND tỉnh", ["xay_dung_dang_chinh_quyen"]),
        ("Phát động phong trào thi đua yêu nước năm 2024", ["thi_dua"]),
        (
            "Bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái",
            ["chinh_tri_tu_tuong"],
        ),
        ("Hội nghị phản biện xã hội dự thảo Quy hoạch sử dụng đất huyện", ["giam_sat_phan_bien"]),
    ],
)
def test_known_titles(title: str, expected: list[str]) -> None:
    assert infer_themes(title) == expected


def test_monitoring_of_health_insurance_names_all_three_themes() -> None:
    themes = infer_themes("Giám sát việc thực hiện chính sách BHYT hộ cận nghèo")
    assert themes[0] == "giam_sat_phan_bien"
    assert set(themes) == {"giam_sat_phan_bien", "an_sinh", "y_te"}


def test_input_without_diacritics() -> None:
    assert infer_themes("Tap huan ky thuat trong lua cho hoi vien nong dan") == ["kinh_te"]
    assert infer_themes("Giai phong mat bang du an khu dan cu phia Bac thi tran") == ["giai_phong_mat_bang"]
    assert infer_themes("Ky niem 94 nam ngay thanh lap Mat tran 18/11") == ["ky_niem_le_lon"]


def test_nfd_input_gives_the_same_themes() -> None:
    title = "Đại hội đại biểu Mặt trận Tổ quốc Việt Nam huyện lần thứ XIV, nhiệm kỳ 2024 - 2029"
    nfd = unicodedata.normalize("NFD", title)
    assert nfd != title
    assert infer_themes(nfd) == infer_themes(title) == ["dai_hoi"]


def test_case_is_ignored() -> None:
    title = "Ra quân tổng vệ sinh môi trường"
    assert infer_themes(title.upper()) == infer_themes(title.lower()) == ["nong_thon_moi_moi_truong"]
    assert infer_themes("HỘI NGHỊ TUYÊN TRUYỀN LUẬT ĐẤT ĐAI") == ["tuyen_truyen"]


def test_every_labelled_title_is_insensitive_to_form() -> None:
    for title, _ in _labelled():
        expected = infer_themes(title)
        assert infer_themes(unicodedata.normalize("NFD", title)) == expected, title
        assert infer_themes(title.upper()) == expected, title
        assert infer_themes(strip_diacritics(title)) == expected, title


def test_keywords_match_whole_words_only() -> None:
    # "an sinh" straddles "Ban sinh viên"; "lũ" (lu) is not inside "Lũy" (luy).
    assert "an_sinh" not in theme_scores("Ban sinh viên trường Cao đẳng")
    assert "thien_tai" not in theme_scores("Lũy tre làng quê")
    assert infer_themes("Covid19") == ["y_te"]
    assert infer_themes("Covid19x") == []


def test_phrases_match_only_as_phrases() -> None:
    assert infer_themes("Xây dựng xã đạt chuẩn nông thôn mới") == ["nong_thon_moi_moi_truong"]
    assert infer_themes("Thôn mới của nông dân") == []


def test_longer_phrase_shadows_the_words_inside_it() -> None:
    # "phòng chống dịch" (health) lies inside "phòng chống dịch tả lợn châu Phi" (livestock).
    assert "y_te" not in theme_scores("Phòng chống dịch tả lợn châu Phi")
    # "đại đoàn kết" (unity) lies inside "nhà đại đoàn kết" (housing for the poor).
    assert infer_themes("Bàn giao nhà đại đoàn kết cho hộ nghèo") == ["an_sinh"]


def test_most_relevant_first_and_capped() -> None:
    themes = infer_themes("Thăm, tặng quà gia đình chính sách, người có công nhân dịp 27/7")
    assert themes == ["an_sinh", "ky_niem_le_lon"]
    for title, _ in _labelled():
        themes = infer_themes(title)
        scores = theme_scores(title)
        assert len(themes) <= MAX_THEMES
        assert all(scores[t] >= THRESHOLD for t in themes)
        assert [scores[t] for t in themes] == sorted((scores[t] for t in themes), reverse=True)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Họp Ban Thường vụ định kỳ tháng 5",
        "Giao lưu bóng đá giữa các chi đoàn",
        "Báo cáo kết quả hoạt động quý II/2024",
        "Thông báo lịch làm việc tuần 23",
        "12345",
        "!!!",
    ],
)
def test_no_theme_for_unrelated_or_empty_text(text: str) -> None:
    assert infer_themes(text) == []


def test_non_text_gives_no_theme() -> None:
    assert infer_themes(None) == []  # type: ignore[arg-type]
    assert infer_themes(float("nan")) == []  # type: ignore[arg-type]


def test_many_matches_one_by_one() -> None:
    titles = [title for title, _ in _labelled()]
    texts = titles + titles[:10] + ["", "Họp Ban Thường vụ"]
    assert infer_themes_many(texts) == [infer_themes(t) for t in texts]
    assert infer_themes_many(iter(texts[:5])) == [infer_themes(t) for t in texts[:5]]


def _reference_scores(text: str) -> dict[str, float]:
    """The documented rule, done the slow way: every match, drop those inside a longer one."""
    words = fold_words(text).split()
    keywords: dict[tuple[str, ...], dict[str, float]] = {}
    for theme, keyword, weight in load_keywords():
        themes = keywords.setdefault(tuple(fold_words(keyword).split()), {})
        themes[theme] = max(weight, themes.get(theme, 0.0))
    spans = [
        (i, i + len(kw), kw)
        for kw in keywords
        for i in range(len(words) - len(kw) + 1)
        if tuple(words[i : i + len(kw)]) == kw
    ]
    counted = {
        kw
        for s, e, kw in spans
        if not any(s2 <= s and e <= e2 and (e2 - s2) > (e - s) for s2, e2, _ in spans)
    }
    scores: dict[str, float] = {}
    for kw in counted:
        for theme, weight in keywords[kw].items():
            scores[theme] = scores.get(theme, 0.0) + weight
    return scores


def test_fast_matcher_agrees_with_the_documented_rule() -> None:
    texts = [title for title, _ in _labelled()] + [
        "Phòng chống dịch tả lợn châu Phi, phòng chống dịch bệnh cho gia súc, gia cầm",
        "Tuyên truyền tuyên truyền pháp luật pháp luật",
        "bão số bão số 3 lũ lũ quét",
    ]
    for text in texts:
        got = theme_scores(text)
        want = _reference_scores(text)
        assert got.keys() == want.keys(), text
        for theme in want:
            assert got[theme] == pytest.approx(want[theme]), (text, theme)


def test_precision_and_recall_on_labelled_titles() -> None:
    result = evaluate(LABELLED)
    assert result["titles"] >= 180
    assert result["precision"] >= 0.95, result["errors"]
    assert result["recall"] >= 0.95, result["errors"]
    assert result["tp"] + result["fn"] == sum(len(themes) for _, themes in _labelled())


def test_labelled_set_covers_every_theme() -> None:
    codes = set(_theme_codes())
    rows = _labelled()
    per_theme = Counter(code for _, themes in rows for code in themes)
    assert set(per_theme) == codes
    assert min(per_theme.values()) >= 8, per_theme
    assert sum(1 for _, themes in rows if not themes) >= 10
    assert len({title for title, _ in rows}) == len(rows)


def test_every_theme_has_keywords_and_every_keyword_a_known_theme() -> None:
    codes = set(_theme_codes())
    rows = load_keywords(KEYWORDS_FILE)
    per_theme = Counter(theme for theme, _, _ in rows)
    assert set(per_theme) <= codes, set(per_theme) - codes
    assert all(per_theme[code] >= 20 for code in codes), per_theme
    assert all(weight > 0 for _, _, weight in rows)
    pairs = [(theme, fold_words(keyword)) for theme, keyword, _ in rows]
    assert len(pairs) == len(set(pairs)), [p for p, n in Counter(pairs).items() if n > 1]


def test_keyword_file_rejects_bad_rows(tmp_path: Path) -> None:
    bad = tmp_path / "kw.csv"
    bad.write_text("theme,keyword,weight\nkinh_te,sản xuất,abc\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        load_keywords(bad)
    bad.write_text("theme,keyword,weight\nkinh_te,sản xuất,0\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        load_keywords(bad)


def test_word_by_word_folding_gives_the_words_of_the_whole_text():
    """infer_themes folds each whitespace-separated word once (remembered); the words are the
    ones folding the whole text gives, whatever the text holds."""
    import random
    import unicodedata

    from etl.text import fold_words
    from etl.themes import _words

    tricky = [
        "Hội  LHPN! tổ-chức",
        "a \u0301b",
        unicodedata.normalize("NFD", "Hội Phụ nữ Việt Nam"),
        "\u00a0x\u2003y\u3000z\x1cw",
        "İstanbul ΑΣ Β",
        "ﬁ ½ ² Ⅻ",
        "",
        "   ",
    ]
    rng = random.Random(7)
    alphabet = "aăâbcdđeêioôơuưyAĐÊ ,.;-_'\t\n\u00a0\u0300\u0301\u0309\u0323\u2003\u30000129İΣς\u200b\x0b\x85"
    fuzz = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    for text in tricky + fuzz:
        assert _words(text) == fold_words(text).split(), repr(text)

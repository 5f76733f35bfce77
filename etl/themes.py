"""Theme inference: which of the fixed themes (DESIGN.md §2) a Vietnamese title speaks of.

The rules are data, kept beside the taxonomy in ``data/reference/theme_keywords.csv``
(``theme,keyword,weight``). Text and keywords are folded with :func:`etl.text.fold_words`
(no case, diacritics, Unicode normalization or punctuation) and matched as whole word
sequences. A theme's score is the sum of the weights of its matched keywords, each keyword
counted once; a keyword whose match lies wholly inside the match of a longer keyword is not
counted ("dịch tả lợn châu Phi" does not also count "dịch"). Themes scoring at least
:data:`THRESHOLD` are returned, highest score first (ties by code), at most
:data:`MAX_THEMES` of them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from etl.config import REFERENCE_DIR
from etl.text import fold_words

KEYWORDS_FILE = REFERENCE_DIR / "theme_keywords.csv"
THRESHOLD = 2.0
MAX_THEMES = 3
# infer_themes_many remembers at most this many distinct texts at a time.
_MANY_CACHE_SIZE = 100_000
# Words folded and remembered (titles share a small vocabulary).
_WORDS_CACHE_SIZE = 100_000

# A keyword of two or more words, found through its first two words:
# (the words after the second, its length, its id).
_Candidate = tuple[list[str], int, int]


@dataclass(frozen=True)
class _Rules:
    # first folded word -> (id of the one-word keyword or -1, {second word -> candidates, longest first})
    index: dict[str, tuple[int, dict[str, tuple[_Candidate, ...]]]]
    # keyword id -> ((theme, weight), ...)
    targets: tuple[tuple[tuple[str, float], ...], ...]


def load_keywords(path: Path = KEYWORDS_FILE) -> list[tuple[str, str, float]]:
    """The rows of the keyword file as (theme, keyword, weight); a bad row raises ValueError."""
    rows: list[tuple[str, str, float]] = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for line_no, row in enumerate(csv.DictReader(fh), start=2):
            theme = (row.get("theme") or "").strip()
            keyword = (row.get("keyword") or "").strip()
            raw_weight = (row.get("weight") or "").strip()
            try:
                weight = float(raw_weight)
            except ValueError:
                raise ValueError(
                    f"{path.name}, line {line_no}: weight {raw_weight!r} is not a number"
                ) from None
            if not theme or not fold_words(keyword) or not weight > 0:
                raise ValueError(f"{path.name}, line {line_no}: needs a theme, a keyword and a weight > 0")
            rows.append((theme, keyword, weight))
    return rows


def _compile(rows: Iterable[tuple[str, str, float]]) -> _Rules:
    by_words: dict[tuple[str, ...], dict[str, float]] = {}
    for theme, keyword, weight in rows:
        words = tuple(fold_words(keyword).split())
        themes = by_words.setdefault(words, {})
        # The same folded keyword twice for one theme: keep the stronger weight.
        themes[theme] = max(weight, themes.get(theme, 0.0))
    singles: dict[str, int] = {}
    multis: dict[str, dict[str, list[_Candidate]]] = {}
    targets: list[tuple[tuple[str, float], ...]] = []
    for kid, (words, themes) in enumerate(by_words.items()):
        targets.append(tuple(sorted(themes.items())))
        if len(words) == 1:
            singles[words[0]] = kid
        else:
            multis.setdefault(words[0], {}).setdefault(words[1], []).append(
                (list(words[2:]), len(words), kid)
            )
    index = {
        first: (
            singles.get(first, -1),
            {
                second: tuple(sorted(cands, key=lambda c: -c[1]))
                for second, cands in multis.get(first, {}).items()
            },
        )
        for first in singles.keys() | multis.keys()
    }
    return _Rules(index=index, targets=tuple(targets))


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _compile(load_keywords(KEYWORDS_FILE))


@lru_cache(maxsize=_WORDS_CACHE_SIZE)
def _folded_word(word: str) -> tuple[str, ...]:
    return tuple(fold_words(word).split())


def _words(text: str) -> list[str]:
    """``fold_words(text).split()``, each whitespace-separated word folded once and remembered.

    The same words: folding works character by character (decomposing, dropping marks, lower
    case) and every whitespace character already separates words, so folding word by word
    gives the words folding the whole text gives.
    """
    out: list[str] = []
    for word in text.split():
        out.extend(_folded_word(word))
    return out


def _scores(words: list[str], rules: _Rules) -> dict[str, float]:
    index = rules.index
    n_words = len(words)
    counted: set[int] = set()
    covered_to = 0  # end of the furthest-reaching counted match so far
    for i in range(n_words):
        entry = index.get(words[i])
        if entry is None:
            continue
        # Only the longest keyword starting at i can count: a shorter one starting here lies
        # inside it. A match ending no later than an earlier match lies inside that one.
        single, by_second = entry
        if i + 1 < n_words and by_second:
            candidates = by_second.get(words[i + 1])
            if candidates is not None:
                for rest, length, kid in candidates:
                    end = i + length
                    if end <= covered_to:
                        break  # this one and all shorter ones are inside an earlier match
                    if end <= n_words and words[i + 2 : end] == rest:
                        counted.add(kid)
                        covered_to = end
                        single = -1
                        break
        if single >= 0 and i + 1 > covered_to:
            counted.add(single)
            covered_to = i + 1
    scores: dict[str, float] = {}
    targets = rules.targets
    for kid in counted:
        for theme, weight in targets[kid]:
            scores[theme] = scores.get(theme, 0.0) + weight
    return scores


def _rank(scores: dict[str, float]) -> list[str]:
    kept = [(-score, theme) for theme, score in scores.items() if score >= THRESHOLD]
    kept.sort()
    return [theme for _, theme in kept[:MAX_THEMES]]


def theme_scores(text: str) -> dict[str, float]:
    """Every theme's score for ``text`` (themes without a matched keyword are left out)."""
    if not isinstance(text, str) or not text:
        return {}
    return _scores(_words(text), _rules())


def infer_themes(text: str) -> list[str]:
    """Theme codes ``text`` speaks of, most relevant first; ``[]`` when none (or not a string)."""
    if not isinstance(text, str) or not text:
        return []
    return _rank(_scores(_words(text), _rules()))


def infer_themes_many(texts: Iterable[str]) -> list[list[str]]:
    """``infer_themes`` for each text, in order; repeated texts are inferred once."""
    rules = _rules()
    seen: dict[str, list[str]] = {}
    out: list[list[str]] = []
    for text in texts:
        if not isinstance(text, str) or not text:
            out.append([])
            continue
        themes = seen.get(text)
        if themes is None:
            themes = _rank(_scores(_words(text), rules))
            if len(seen) >= _MANY_CACHE_SIZE:
                seen.clear()
            seen[text] = themes
        out.append(list(themes))
    return out


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def evaluate(path: Path) -> dict:
    """Precision and recall, micro-averaged over (title, theme) pairs, on a labelled CSV.

    The file has columns ``title`` and ``themes`` (``;``-separated codes, blank for none).
    Returns ``precision``, ``recall``, ``f1``, the counts ``titles``, ``tp``, ``fp``, ``fn``,
    ``exact`` (titles whose predicted set equals the expected set), ``per_theme``
    (``{code: {tp, fp, fn, precision, recall}}``) and ``errors`` (titles predicted wrongly,
    as ``{title, expected, predicted}``). A ratio with nothing to count is 1.0.
    """
    with open(path, encoding="utf-8-sig", newline="") as fh:
        labelled = [
            (row["title"], [c.strip() for c in (row.get("themes") or "").split(";") if c.strip()])
            for row in csv.DictReader(fh)
        ]
    predictions = infer_themes_many(title for title, _ in labelled)
    tp = fp = fn = exact = 0
    per_theme: dict[str, dict[str, float]] = {}
    errors: list[dict] = []

    def bump(theme: str, key: str) -> None:
        counts = per_theme.setdefault(theme, {"tp": 0, "fp": 0, "fn": 0})
        counts[key] += 1

    for (title, expected), predicted in zip(labelled, predictions, strict=True):
        exp, pred = set(expected), set(predicted)
        for theme in exp & pred:
            bump(theme, "tp")
        for theme in pred - exp:
            bump(theme, "fp")
        for theme in exp - pred:
            bump(theme, "fn")
        tp += len(exp & pred)
        fp += len(pred - exp)
        fn += len(exp - pred)
        if exp == pred:
            exact += 1
        else:
            errors.append({"title": title, "expected": expected, "predicted": predicted})
    for counts in per_theme.values():
        counts["precision"] = _ratio(int(counts["tp"]), int(counts["tp"] + counts["fp"]))
        counts["recall"] = _ratio(int(counts["tp"]), int(counts["tp"] + counts["fn"]))
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return {
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "titles": len(labelled),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "exact": exact,
        "per_theme": dict(sorted(per_theme.items())),
        "errors": errors,
    }

"""Text normalization shared by reading, matching and theme inference."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")
# The combining marks Latin letters decompose into (Vietnamese tones and vowel marks).
_LATIN_MARKS = re.compile("[\u0300-\u036f]")


def nfc(text: str) -> str:
    """Unicode NFC, the form Vietnamese text is stored in."""
    return unicodedata.normalize("NFC", text)


def strip_diacritics(text: str) -> str:
    """'Hội Phụ nữ Đoàn' -> 'Hoi Phu nu Doan' (đ/Đ become d/D)."""
    if text.isascii():
        return text
    stripped = _LATIN_MARKS.sub("", unicodedata.normalize("NFD", text)).replace("đ", "d").replace("Đ", "D")
    if stripped.isascii():
        return stripped
    # (Other letters, or marks of other scripts: the general rule.)
    return "".join(ch for ch in stripped if unicodedata.category(ch) != "Mn")


def fold(text: str) -> str:
    """Matching key: no case, diacritics, spaces or punctuation ('Hội LHPN' -> 'hoilhpn')."""
    return _NON_ALNUM.sub("", strip_diacritics(text).lower())


def fold_words(text: str) -> str:
    """Like fold, but keeps single spaces between words ('Hội  LHPN!' -> 'hoi lhpn')."""
    return _SPACES.sub(" ", _NON_ALNUM.sub(" ", strip_diacritics(text).lower())).strip()


# Characters that show nothing (zero-width spaces and joiners, a byte-order mark in a cell).
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")


def clean_cell(text: str) -> str:
    """NFC, trimmed, inner runs of whitespace (incl. non-breaking spaces) made one space, and
    nothing left that shows nothing (a zero-width space)."""
    text = nfc(text)
    if not text.isascii():
        text = _INVISIBLE.sub("", text).replace("\u00a0", " ")
    return _SPACES.sub(" ", text).strip()

"""Pinyin candidates for typing Chinese names on a touch screen (issue 14).

`candidates("wang")` gives the characters read *wang*, most common in names first:
王 before 往 and 望. No reading or frequency is typed into this module; both come from
maintained packages:

- **Readings: pypinyin-dict's `ktghz2013` table** (same maintainer as pypinyin, from
  Unihan's kTGHZ2013: the readings of the 通用规范汉字字典 for the 8105 characters of the
  national standard character list, the list a registered name is written with). Modern
  readings only, surname readings included (单 shàn, 解 xiè, 仇 qiú, 区 ōu, 曾 zēng,
  查 zhā, 朴 piáo, 覃 qín). pypinyin's own table was tried first: it carries every
  historical reading (王 yù, 方 wǎng), which put 王 second under "yu". pypinyin itself
  turns toned readings into typed letters. Neither has a separate surname table.
- **Frequencies in names: jieba's part-of-speech model** (`jieba/posseg/prob_emit.p`),
  trained on a tagged news corpus in which people's names carry the tag `nr`. Its
  emission probabilities P(character | first character of a name) and P(character |
  later character of a name) are exactly "how common is this character as a surname"
  and "... in a given name" (李王张刘陈... come first). Characters no name in the corpus
  used are ranked after those by their frequency in jieba's dictionary (`dict.txt`,
  the summed frequencies of the words that hold them).
  Considered and not taken: wordfreq (56 MB wheel, frequencies of running text rather
  than of names, and no longer updated), ngender (name-character counts, but unmaintained
  since 2015), pypinyin's phrase table (readings only).
Only CJK Unified Ideographs (U+4E00-U+9FFF) of that list are offered: what a registry
name holds (the list's few characters in the extension blocks are left out).

Ü: typed as "v" or "ü" ("lv", "lü" -> 吕); after n and l a plain "u" also finds the ü
readings ("lu" -> 卢 and 吕, "nue" -> 虐); after j, q, x and y pinyin writes ü as u
("ju", "xue"), and "jv" is taken as "ju".

The index is built once, on first use, and kept (thread-safe: the kiosk warms it in a
worker). Measured on the development machine (Python 3.11): about 0.7 s to build, about
3 MB held afterwards (12 MB at the peak of the build, tracemalloc). The three packages are
pure Python without further dependencies but large on disk, compiled files included:
pypinyin-dict 108 MB (its phrase tables; one 170 kB table is used), jieba 42 MB (one
3 MB model and the 5 MB dictionary used), pypinyin 4 MB.
"""

from __future__ import annotations

import importlib.util
import math
import pickle
import re
import threading
from dataclasses import dataclass
from pathlib import Path

# Candidates per page: one row of the on-screen keyboard at 80 columns holds 8 keys of 8
# columns with one-column gaps, six characters and the two page keys
# (kiosk/ui/widgets/pinyin_candidates.py).
PAGE_SIZE = 6

_CJK_FIRST, _CJK_LAST = 0x4E00, 0x9FFF
_LETTERS = re.compile(r"[a-zü]+")

# jieba's name tags: B = first character of a name, M = a middle one, E = the last one.
_SURNAME_STATES = (("B", "nr"),)
_GIVEN_STATES = (("M", "nr"), ("E", "nr"))


@dataclass(frozen=True)
class _Ranking:
    """One order of characters: for the surname (position 0) or for a given name."""

    names: dict[str, float]  # log P(character | this place in a name), from jieba
    text: dict[str, float]  # log frequency in jieba's dictionary, for the rest
    by_syllable: dict[str, tuple[str, ...]]  # syllable -> characters, best first

    def key(self, char: str) -> tuple[int, float, int]:
        if char in self.names:
            return (0, -self.names[char], ord(char))
        return (1, -self.text.get(char, -math.inf), ord(char))


@dataclass(frozen=True)
class _Index:
    surname: _Ranking
    given: _Ranking


_index: _Index | None = None
_lock = threading.Lock()


def _jieba_root() -> Path:
    """jieba's package folder, found without importing jieba (its import loads every
    model it has, ~100 MB and seconds; this module needs one file of it)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("jieba")
    return Path(next(iter(spec.submodule_search_locations)))


def _name_scores(
    emit: dict[tuple[str, str], dict[str, float]], states: tuple[tuple[str, str], ...]
) -> dict[str, float]:
    """log P(character | state), the best over the given states."""
    scores: dict[str, float] = {}
    for state in states:
        for char, logp in emit.get(state, {}).items():
            if logp > scores.get(char, -math.inf):
                scores[char] = logp
    return scores


def _text_frequencies(root: Path) -> dict[str, float]:
    """log frequency of each character in jieba's dictionary (summed over its words)."""
    counts: dict[str, int] = {}
    with open(root / "dict.txt", encoding="utf-8") as lines:
        for line in lines:
            word, count, *_ = line.split(" ")
            n = int(count)
            for char in set(word):
                counts[char] = counts.get(char, 0) + n
    total = sum(counts.values()) or 1
    return {char: math.log(n / total) for char, n in counts.items()}


def _plain(reading: str) -> str:
    """A toned reading in the keyboard's spelling: 'lǚ' -> 'lv', 'wáng' -> 'wang'."""
    from pypinyin.contrib.tone_convert import to_normal

    return str(to_normal(reading))


def _build() -> _Index:
    # Imported as data only: its load() would replace pypinyin's own table process-wide.
    from pypinyin_dict.pinyin_data.ktghz2013 import pinyin_dict

    root = _jieba_root()
    # A pickle that jieba ships and loads itself: as trusted as the package's own code.
    with open(root / "posseg" / "prob_emit.p", "rb") as model:
        emit: dict[tuple[str, str], dict[str, float]] = pickle.load(model)
    surnames = _name_scores(emit, _SURNAME_STATES)
    given = _name_scores(emit, _GIVEN_STATES)
    del emit
    text = _text_frequencies(root)

    by_syllable: dict[str, set[str]] = {}
    for code, readings in pinyin_dict.items():
        if not _CJK_FIRST <= code <= _CJK_LAST:
            continue
        char = chr(code)
        for reading in readings.split(","):
            syllable = _plain(reading.strip())
            if syllable.isascii() and syllable.isalpha():
                by_syllable.setdefault(syllable, set()).add(char)

    return _Index(
        surname=_ranking(by_syllable, surnames, text), given=_ranking(by_syllable, given, text)
    )


def _ranking(
    by_syllable: dict[str, set[str]], names: dict[str, float], text: dict[str, float]
) -> _Ranking:
    ranking = _Ranking(names, text, {})
    for syllable, chars in by_syllable.items():
        ranking.by_syllable[syllable] = tuple(sorted(chars, key=ranking.key))
    return ranking


def index() -> _Index:
    """The index, built on first use and kept for the life of the process."""
    global _index
    if _index is None:
        with _lock:
            if _index is None:
                _index = _build()
    return _index


def warm() -> None:
    """Build the index now (call from a worker so that the first keystroke is quick)."""
    index()


def spellings(letters: str) -> list[str]:
    """The index keys a typed syllable stands for ('lu' -> ['lu', 'lv'])."""
    typed = letters.strip().lower().replace("u:", "ü").replace("v", "ü")
    if not _LETTERS.fullmatch(typed):
        return []
    if typed[0] in "jqxy":
        return [typed.replace("ü", "u")]
    keys = [typed.replace("ü", "v")]
    if typed[0] in "nl" and "u" in typed:
        keys.append(typed.replace("u", "v", 1))
    return keys


def candidates(letters: str, position: int = 0) -> list[str]:
    """Characters read `letters` (one syllable, no tones), most common in names first.

    `position` is the character's place in the name: 0 ranks surnames first, later places
    rank given-name characters first. Letters that spell no syllable give [].
    """
    built = index()
    ranking = built.surname if position == 0 else built.given
    found = [ranking.by_syllable[key] for key in spellings(letters) if key in ranking.by_syllable]
    if len(found) == 1:
        return list(found[0])
    # 'lu' is both lu and lü: one order over both.
    return sorted({char for chars in found for char in chars}, key=ranking.key)

import math

import pytest

from kiosk.domain.signature import (
    canonical,
    check_signature,
    letter_sha256,
    parse_strokes,
    signing_digest,
)


def scrawl(points=40, width=30.0, height=6.0):
    return [
        [
            (width * i / points, height / 2 + height / 2 * math.sin(i / 3), i * 15)
            for i in range(points)
        ]
    ]


def test_a_real_scrawl_is_accepted():
    assert check_signature(scrawl()) is None


@pytest.mark.parametrize(
    ("strokes", "key"),
    [
        ([], "signature.empty"),
        ([[]], "signature.empty"),
        ([[(5.0, 5.0, 0)]], "signature.trivial"),  # a dot
        (scrawl(points=40, width=30.0, height=0.5), "signature.trivial"),  # a flat line
        (scrawl(points=40, width=3.0, height=6.0), "signature.trivial"),  # a short tick
        (scrawl(points=5), "signature.trivial"),  # too few points
    ],
)
def test_empty_or_trivial_signatures_are_refused(strokes, key):
    assert check_signature(strokes) == key


def test_strokes_survive_storage_unchanged():
    strokes = scrawl()
    text = canonical(strokes)
    assert canonical(parse_strokes(text)) == text


def test_any_change_to_letter_strokes_holder_or_time_changes_the_digest():
    letter = letter_sha256("我承诺所填信息真实。")
    strokes = canonical(scrawl())
    base = signing_digest(letter, strokes, "11010519491231002X", "2026-11-25T10:00:00+00:00")
    assert base == signing_digest(
        letter, strokes, "11010519491231002X", "2026-11-25T10:00:00+00:00"
    )
    changed = [
        signing_digest(
            letter_sha256("我承诺所填信息真实！"),
            strokes,
            "11010519491231002X",
            "2026-11-25T10:00:00+00:00",
        ),
        signing_digest(
            letter, canonical(scrawl(points=41)), "11010519491231002X", "2026-11-25T10:00:00+00:00"
        ),
        signing_digest(letter, strokes, "110105194912310011", "2026-11-25T10:00:00+00:00"),
        signing_digest(letter, strokes, "11010519491231002X", "2026-11-25T10:00:01+00:00"),
    ]
    assert base not in changed and len(set(changed)) == 4

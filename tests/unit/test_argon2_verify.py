"""Verifying with a chosen number of threads gives argon2-cffi's answer, for every
thread count, and refuses what argon2-cffi refuses (kiosk/domain/argon2_verify.py)."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError
from argon2.low_level import ffi

from kiosk.domain.argon2_verify import Arena, verify_with_threads
from kiosk.domain.passwords import hash_locally, new_arena, unmatchable_hash, verify_locally

PASSWORD = "Hall-Pass-2026"
# Small parameters for the odd shapes, so the test stays quick.
SMALL = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=3)


@pytest.fixture(scope="module")
def stored() -> str:
    return hash_locally(PASSWORD)  # today's parameters: m=64 MiB, t=3, p=4


@pytest.mark.parametrize("threads", [1, 2, 4, 9])
def test_the_right_password_matches_with_any_number_of_threads(stored: str, threads: int) -> None:
    assert verify_with_threads(stored, PASSWORD, threads) is True


@pytest.mark.parametrize("threads", [1, 2])
def test_a_wrong_password_does_not(stored: str, threads: int) -> None:
    assert verify_with_threads(stored, PASSWORD + "x", threads) is False
    assert verify_with_threads(stored, "", threads) is False


def test_other_parameters_and_unicode_passwords_agree_with_argon2_cffi() -> None:
    for password in ["密码-Пароль-ñ-2026", "a" * 128]:
        made = SMALL.hash(password)
        assert SMALL.verify(made, password)
        assert verify_with_threads(made, password, 2) is True
        assert verify_with_threads(made, password[:-1], 2) is False


def test_the_unmatchable_hash_matches_nothing_and_is_read_like_a_real_one() -> None:
    assert verify_with_threads(unmatchable_hash(), PASSWORD, 2) is False


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "not a hash",
        "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ",  # no digest
        "$argon2id$v=19$m=65536,t=3,p=4$!!!$aGFzaGhhc2g",  # salt not base64
        "$argon2id$v=19$m=8,t=1,p=4$c29tZXNhbHQ$aGFzaGhhc2g",  # memory below 8 per lane
    ],
)
def test_an_unreadable_hash_is_refused_and_the_kiosk_says_no_match(bad: str) -> None:
    with pytest.raises(InvalidHashError):
        verify_with_threads(bad, PASSWORD, 2)
    assert verify_locally(bad, PASSWORD) is False


def test_an_argon2i_hash_is_left_to_argon2_cffi() -> None:
    old = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1, type=Type.I)
    made = old.hash(PASSWORD)
    with pytest.raises(InvalidHashError):
        verify_with_threads(made, PASSWORD, 2)
    assert verify_locally(made, PASSWORD) is True
    assert verify_locally(made, "wrong-password") is False


def test_an_arena_gives_the_same_answers_and_is_wiped_after_each_verify(stored: str) -> None:
    arena = new_arena()
    for _ in range(2):  # the second verify reuses the memory the first one left
        assert verify_with_threads(stored, PASSWORD, 2, arena) is True
        assert verify_with_threads(stored, PASSWORD + "x", 2, arena) is False
    assert arena.lent == 4
    # argon2 wiped its working memory: nothing derived from the password stays behind.
    assert bytes(ffi.buffer(arena.memory, arena.size)).count(0) == arena.size


def test_a_hash_larger_than_the_arena_is_verified_in_memory_of_its_own() -> None:
    small = Arena(256)  # KiB: smaller than SMALL's 1024
    made = SMALL.hash(PASSWORD)
    assert verify_with_threads(made, PASSWORD, 2, small) is True
    assert verify_with_threads(made, "wrong-password", 2, small) is False
    assert small.lent == 0

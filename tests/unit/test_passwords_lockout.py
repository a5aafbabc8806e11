import datetime

import pytest
from argon2 import PasswordHasher

from kiosk.domain.lockout import Attempts, LockoutPolicy, Throttle
from kiosk.domain.passwords import (
    hash_password,
    needs_rehash,
    password_problems,
    verify_password,
)

ID = "11010519491231002X"
BORN = "1949-12-31"


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("", "password.empty"),
        ("a" * 7, "password.too_short"),
        ("a" * 65, "password.too_long"),
        ("a" * 129, "password.too_long"),
        ("x" * 1_000_000, "password.too_long"),
        ("12345678", "password.common"),
        ("Password1", "password.common"),
        ("woaini1314", "password.common"),
        (ID, "password.like_id"),
        (ID.lower(), "password.like_id"),
        ("19491231", "password.like_id"),
        ("1949-12-31", "password.like_id"),
        ("a" * 8, None),
        ("correct horse battery", None),
        ("密码是八个字符吗", None),
        ("a" * 64, None),
    ],
)
def test_new_password_rules(password, problem):
    assert password_problems(password, ID, BORN) == problem


def test_hashes_are_argon2id_with_at_least_owasp_parameters():
    hashed = hash_password("a-good-password")
    assert hashed.startswith("$argon2id$")
    params = dict(p.split("=") for p in hashed.split("$")[3].split(","))
    assert int(params["m"]) >= 19456 and int(params["t"]) >= 2
    assert verify_password(hashed, "a-good-password")
    assert not verify_password(hashed, "a-good-passworD")
    assert not verify_password("not a hash", "x")


def test_weak_hashes_ask_to_be_upgraded():
    weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash("a-good-password")
    assert needs_rehash(weak)
    assert not needs_rehash(hash_password("a-good-password"))


def test_hashing_refuses_an_enormous_password():
    with pytest.raises(ValueError):
        hash_password("x" * 129)
    assert not verify_password(hash_password("x" * 128), "x" * 129)


T0 = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)
POLICY = LockoutPolicy()


def test_the_fifth_failure_within_the_window_locks_for_fifteen_minutes():
    attempts = Attempts()
    for minute in range(4):
        attempts = attempts.after_failure(T0 + datetime.timedelta(minutes=minute), POLICY)
        assert not attempts.locked(T0 + datetime.timedelta(minutes=minute))
    attempts = attempts.after_failure(T0 + datetime.timedelta(minutes=4), POLICY)
    assert attempts.locked(T0 + datetime.timedelta(minutes=18))
    assert not attempts.locked(T0 + datetime.timedelta(minutes=19))


def test_failures_spread_beyond_the_window_do_not_lock():
    attempts = Attempts()
    for n in range(10):
        attempts = attempts.after_failure(T0 + datetime.timedelta(minutes=4 * n), POLICY)
        assert not attempts.locked(T0 + datetime.timedelta(minutes=4 * n))


def test_a_terminal_throttle_doubles_its_wait_up_to_a_cap_and_forgets_when_quiet():
    throttle = Throttle()
    waits = [throttle.wait_after(n).total_seconds() for n in range(1, 12)]
    assert waits == [0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 300]
    assert throttle.wait_after(10_000) == datetime.timedelta(minutes=5)
    attempts = Attempts()
    for _ in range(3):
        attempts = throttle.after_failure(attempts, T0)
    assert attempts.locked(T0 + datetime.timedelta(seconds=1))
    assert not attempts.locked(T0 + datetime.timedelta(seconds=2))
    later = throttle.after_failure(attempts, T0 + datetime.timedelta(minutes=16))
    assert (later.failed_count, later.locked(T0 + datetime.timedelta(minutes=16))) == (1, False)

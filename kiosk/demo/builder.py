"""The demo registry: fictitious people in a fresh database, a few accounts pre-activated."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from kiosk.demo.registry import build_demo_registry
from kiosk.domain.passwords import hash_password, verify_password
from kiosk.services import audit
from kiosk.services.clock import stamp
from kiosk.services.database import open_database
from kiosk.store import Store
from kiosk.store import accounts as accounts_store
from kiosk.store import registry as registry_store
from kiosk.store import staff as staff_store

# Desk accounts of the demo database, printed by `kiosk demo-accounts` and the README.
DEMO_STAFF = (
    ("desk01", "Demo Clerk", "clerk", "Demo-Desk-01"),
    ("lead01", "Demo Supervisor", "supervisor", "Demo-Lead-01"),
)
DEFAULT_SEED = 2026
DEFAULT_PEOPLE = 240


@dataclass(frozen=True)
class DemoSummary:
    persons: int
    ledger_entries: int
    contributions: int
    entitlements: int
    accounts: int


@dataclass(frozen=True)
class DemoAccount:
    id_number: str
    name: str
    password: str
    note: str
    password_works: bool
    # (ID number, relationship) of the others in the holder's household, children first
    household: tuple[tuple[str, str], ...] = ()


def fill_demo_registry(
    store: Store,
    *,
    seed: int = DEFAULT_SEED,
    people: int = DEFAULT_PEOPLE,
    as_of: datetime.date | None = None,
) -> DemoSummary:
    """Write a demo registry into an (empty or demo) database, in one transaction."""
    plan = build_demo_registry(seed, people, as_of or datetime.date.today())
    # Hash before taking the write lock: argon2 is slow on purpose.
    hashes = [(id_number, hash_password(password)) for id_number, password, _ in plan.accounts]
    staff_hashes = [hash_password(password) for *_, password in DEMO_STAFF]
    with store.write() as db:
        registry_store.put_rows(db, "persons", plan.persons)
        registry_store.put_rows(db, "ledger_entries", plan.ledger_entries)
        registry_store.put_rows(db, "contributions", plan.contributions)
        registry_store.put_rows(db, "entitlements", plan.entitlements)
        now = stamp()
        for id_number, password_hash in hashes:
            accounts_store.set_credential(db, id_number, password_hash, now)
        for (staff_id, name, role, _), staff_hash in zip(DEMO_STAFF, staff_hashes, strict=True):
            if staff_store.get(db, staff_id) is None:
                staff_store.add(db, staff_id, name, role, staff_hash, now)
        registry_store.set_meta(db, "demo_seed", str(seed))
        registry_store.set_meta(db, "demo_people", str(people))
        audit.record(db, "operator", "demo:create", "", people=people, seed=seed)
    return DemoSummary(
        len(plan.persons),
        len(plan.ledger_entries),
        len(plan.contributions),
        len(plan.entitlements),
        len(plan.accounts),
    )


def ensure_database(path: Path, *, demo_if_new: bool = True) -> tuple[Store, bool]:
    """Open the database, creating it (with the demo registry) when the file is missing.

    Returns the store and whether it was created now.
    """
    created = not path.exists()
    store = open_database(path, create=True)
    if created and demo_if_new:
        fill_demo_registry(store)
    return store, created


def demo_accounts(store: Store) -> list[DemoAccount]:
    """The pre-activated demo accounts of this database, and whether each password still works."""
    db = store.db
    seed, people = (
        registry_store.get_meta(db, "demo_seed"),
        registry_store.get_meta(db, "demo_people"),
    )
    if seed is None or people is None:
        return []
    plan = build_demo_registry(int(seed), int(people), datetime.date.today())
    names = registry_store.person_names(db, [a[0] for a in plan.accounts])
    out = []
    for id_number, password, note in plan.accounts:
        stored = accounts_store.password_hash(db, id_number)
        works = stored is not None and verify_password(stored, password)
        household = tuple(plan.households.get(id_number, ()))
        name = names.get(id_number, "")
        out.append(DemoAccount(id_number, name, password, note, works, household))
    return out


def demo_staff(store: Store) -> list[tuple[str, str, str, str, bool]]:
    """(staff ID, name, role, password, password still works) of the demo desk accounts."""
    if registry_store.get_meta(store.db, "demo_seed") is None:
        return []
    out = []
    for staff_id, name, role, password in DEMO_STAFF:
        row = staff_store.get(store.db, staff_id)
        works = (
            row is not None
            and not row["disabled"]
            and verify_password(row["password_hash"], password)
        )
        out.append((staff_id, name, role, password, works))
    return out


def fill_demo_inbox(folder: Path, pages: int = 3) -> int:
    """Put a few fictitious household-register scans in the scanner inbox, now.

    They let a demo walk the family enrollment without a scanner. A session is offered
    only the scans that arrived after it began, so this is done after logging in
    (`kiosk demo-scans`), as a scanner would. Returns how many files were written.
    """
    from PIL import Image, ImageDraw

    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    for n in range(1, pages + 1):
        page = Image.new("RGB", (1240, 880), (246, 238, 220))
        draw = ImageDraw.Draw(page)
        draw.rectangle((0, 0, 1240, 110), fill=(170, 40, 40))
        draw.text((40, 40), f"HOUSEHOLD REGISTER - DEMO PAGE {n}", fill=(255, 255, 255))
        for row in range(8):
            top = 160 + row * 80
            draw.line((40, top, 1200, top), fill=(120, 100, 80), width=2)
            draw.text((50, top + 25), f"field {row + 1}: fictitious", fill=(60, 50, 40))
        draw.rectangle((980, 200, 1180, 440), outline=(120, 100, 80), width=3)
        page.save(folder / f"demo-household-page-{n}.jpg", "JPEG", quality=85)
    return pages

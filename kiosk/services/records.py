"""The card and the records a logged-in citizen may read (Social Insurance Law, art. 4)."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.domain.ids import InvalidIdNumber, mask_id, parse_id
from kiosk.services.accounts import CitizenSession
from kiosk.store import Store
from kiosk.store import records as records_store


@dataclass(frozen=True)
class Card:
    masked_id: str
    name: str
    sex: str
    birth_date: str
    insurance_type: str
    status: str
    balance_cents: int
    last_entry_date: str | None


@dataclass(frozen=True)
class LedgerLine:
    entry_date: str
    kind: str  # credit | debit
    amount_cents: int
    counterparty: str
    counterparty_kind: str
    balance_cents: int  # after this entry


@dataclass(frozen=True)
class YearTotals:
    year: int
    credits_cents: int
    debits_cents: int


@dataclass(frozen=True)
class Ledger:
    lines: list[LedgerLine]

    def years(self) -> list[int]:
        """Years with entries, newest first."""
        return sorted({int(line.entry_date[:4]) for line in self.lines}, reverse=True)

    def in_year(self, year: int) -> list[LedgerLine]:
        """That year's entries, newest first."""
        return [line for line in reversed(self.lines) if line.entry_date.startswith(f"{year}-")]

    def totals(self, year: int) -> YearTotals:
        lines = self.in_year(year)
        return YearTotals(
            year,
            sum(line.amount_cents for line in lines if line.kind == "credit"),
            sum(line.amount_cents for line in lines if line.kind == "debit"),
        )


@dataclass(frozen=True)
class Contribution:
    month: str
    base_cents: int
    employer_cents: int
    individual_cents: int
    status: str


@dataclass(frozen=True)
class Entitlement:
    start_date: str
    end_date: str | None
    insurance_type: str
    status: str
    reason: str


@dataclass(frozen=True)
class Records:
    """Everything the records screen shows."""

    ledger: Ledger
    contributions: list[Contribution]
    entitlements: list[Entitlement]


class RecordService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def card(self, session: CitizenSession) -> Card:
        card = self._card(session.id_number)
        if card is None:
            raise LookupError("the logged-in person left the registry")
        return card

    def card_before_login(self, id_raw: str) -> Card | None:
        """The card of the ID number being logged in with, read while the password is
        checked so that home is ready the moment it is right (issue 16).

        None for an ID number that is not valid or not in the registry. Only for
        LoginScreen, which shows it only after `AccountService.log_in` succeeded for this
        ID number and drops it otherwise.
        """
        try:
            id_number = parse_id(id_raw).number
        except InvalidIdNumber:
            return None
        return self._card(id_number)

    def _card(self, id_number: str) -> Card | None:
        row = records_store.card(self.store.db, id_number)
        if row is None:
            return None
        return Card(
            masked_id=mask_id(row["id_number"]),
            name=row["name"],
            sex=row["sex"],
            birth_date=row["birth_date"],
            insurance_type=row["insurance_type"],
            status=row["status"],
            balance_cents=row["balance_cents"],
            last_entry_date=row["last_entry_date"],
        )

    def summary(self, session: CitizenSession, limit: int = 24) -> tuple[Card, list[LedgerLine]]:
        """The card and its last entries, newest first, with the balance after each.

        Reads only those rows (the index on person and date), however long the history.
        """
        card = self.card(session)
        after = card.balance_cents
        lines = []
        for row in records_store.last_entries(self.store.db, session.id_number, limit):
            lines.append(
                LedgerLine(
                    row["entry_date"],
                    row["kind"],
                    row["amount_cents"],
                    row["counterparty"] or "",
                    row["counterparty_kind"] or "",
                    after,
                )
            )
            after -= row["amount_cents"] if row["kind"] == "credit" else -row["amount_cents"]
        return card, lines

    def records(self, session: CitizenSession) -> Records:
        """The ledger, contributions and entitlements, read before the screen opens so
        that it is drawn once, complete (issue 16: the screen switch)."""
        return Records(
            self.ledger(session), self.contributions(session), self.entitlements(session)
        )

    def ledger(self, session: CitizenSession) -> Ledger:
        balance = 0
        lines = []
        for row in records_store.ledger(self.store.db, session.id_number):
            sign = 1 if row["kind"] == "credit" else -1
            balance += sign * row["amount_cents"]
            lines.append(
                LedgerLine(
                    row["entry_date"],
                    row["kind"],
                    row["amount_cents"],
                    row["counterparty"] or "",
                    row["counterparty_kind"] or "",
                    balance,
                )
            )
        return Ledger(lines)

    def contributions(self, session: CitizenSession) -> list[Contribution]:
        return [
            Contribution(
                r["month"], r["base_cents"], r["employer_cents"], r["individual_cents"], r["status"]
            )
            for r in records_store.contributions(self.store.db, session.id_number)
        ]

    def entitlements(self, session: CitizenSession) -> list[Entitlement]:
        return [
            Entitlement(
                r["start_date"], r["end_date"], r["insurance_type"], r["status"], r["reason"] or ""
            )
            for r in records_store.entitlements(self.store.db, session.id_number)
        ]

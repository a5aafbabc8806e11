"""Big registry CSV files for the import's chunk, resume and lock tests, with refusals spread
through them: bad months, unknown people, and keys repeated thousands of lines later."""

from __future__ import annotations

import datetime
from pathlib import Path

from kiosk.domain.ids import make_id

PERSONS_HEADER = "id_number,name,phone,insurance_type,status,enrolled_on\n"
LEDGER_HEADER = "reference,id_number,entry_date,kind,amount,counterparty,counterparty_kind\n"
CONTRIBUTIONS_HEADER = "id_number,month,base,employer_share,individual_share,status\n"


def person_id(n: int) -> str:
    born = datetime.date(1950, 1, 1) + datetime.timedelta(days=n // 1000)
    return make_id("110105", born, n % 1000)


def write_persons(path: Path, people: int) -> Path:
    with open(path, "w", encoding="utf-8") as out:
        out.write(PERSONS_HEADER)
        for n in range(people):
            out.write(f"{person_id(n)},测试{n},1{3 + n % 7}{n:09d},employee,active,2015-01-01\n")
    return path


def write_ledger(path: Path, people: int, months: int = 24) -> Path:
    with open(path, "w", encoding="utf-8") as out:
        out.write(LEDGER_HEADER)
        for n in range(people):
            number = person_id(n)
            for m in range(months):
                out.write(
                    f"L{n:07d}{m:03d},{number},20{10 + m // 12}-{m % 12 + 1:02d}-05,credit,"
                    f"{300 + n % 100}.00,示范公司,employer\n"
                )
    return path


def write_contributions(path: Path, people: int, months: int = 20) -> Path:
    """people x months rows; every 997th row has a bad month, every 1499th an unknown
    person, and every 5003rd repeats the row written 4,000 rows before it."""
    stranger = make_id("440305", datetime.date(1990, 1, 1), 13)
    written: list[tuple[str, str]] = []
    with open(path, "w", encoding="utf-8") as out:
        out.write(CONTRIBUTIONS_HEADER)
        for n in range(people):
            number = person_id(n)
            for m in range(months):
                i = len(written)
                month = f"20{10 + m // 12}-{m % 12 + 1:02d}"
                if i and i % 5003 == 0:
                    number_, month_ = written[i - 4000]
                    out.write(f"{number_},{month_},9000,720,180,arrears\n")
                    written.append((number_, month_))
                if i % 997 == 996:
                    out.write(f"{number},2026-13,8000,640,160,paid\n")
                elif i % 1499 == 1498:
                    out.write(f"{stranger},{month},8000,640,160,paid\n")
                out.write(f"{number},{month},8000,640,160,paid\n")
                written.append((number, month))
    return path

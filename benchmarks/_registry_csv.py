"""Registry files for the benchmarks: N persons, each with 24 monthly ledger rows (every
third a consumption), written as `kiosk registry import` reads them."""

from __future__ import annotations

import datetime
from pathlib import Path

from kiosk.domain.ids import make_id

REGIONS = ("110105", "310115", "330106", "440305", "510107", "420106")


def person_id(n: int) -> str:
    born = datetime.date(1950, 1, 1) + datetime.timedelta(days=(n // 1000) % 25000)
    return make_id(REGIONS[n // 25_000_000 % len(REGIONS)], born, n % 1000)


def write_csvs(folder: Path, people: int) -> tuple[Path, Path]:
    persons, ledger = folder / "persons.csv", folder / "ledger.csv"
    with open(persons, "w", encoding="utf-8") as p, open(ledger, "w", encoding="utf-8") as led:
        p.write("id_number,name,phone,insurance_type,status,enrolled_on\n")
        led.write("reference,id_number,entry_date,kind,amount,counterparty,counterparty_kind\n")
        for n in range(people):
            number = person_id(n)
            p.write(f"{number},测试{n},1{3 + n % 7}{n % 10**9:09d},employee,active,2015-01-01\n")
            for month in range(24):
                year, mon = 2024 + month // 12, month % 12 + 1
                if month % 3 == 2:
                    led.write(
                        f"B{n:08d}{month:02d},{number},{year}-{mon:02d}-18,debit,"
                        f"{20 + n % 50}.50,示范药房,pharmacy\n"
                    )
                else:
                    led.write(
                        f"B{n:08d}{month:02d},{number},{year}-{mon:02d}-05,credit,"
                        f"{300 + n % 100}.00,示范公司,employer\n"
                    )
    return persons, ledger

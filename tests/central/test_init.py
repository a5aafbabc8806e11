"""`kiosk central init`: the central schema through yoyo-migrations, idempotent."""

from __future__ import annotations

import psycopg
from click.testing import CliRunner

from kiosk.central.schema import MIGRATIONS, pending
from kiosk.cli import main


def test_init_creates_the_schema_and_a_second_run_is_up_to_date(admin_url: str) -> None:
    runner = CliRunner()
    first = runner.invoke(main, ["central", "init", "--url", admin_url])
    assert first.exit_code == 0, first.output
    assert first.output.startswith("central schema: applied 0001_central")
    assert pending(admin_url) == []
    with psycopg.connect(admin_url) as conn:
        tables = {
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
        }
    assert {
        "persons",
        "ledger_entries",
        "contributions",
        "entitlements",
        "halls",
        "events",
        "account_changes",
        "audit_rows",
        "registry_imports",
    } <= tables
    second = runner.invoke(main, ["central", "init", "--url", admin_url])
    assert second.exit_code == 0, second.output
    assert second.output == "central schema: up to date\n"


def test_every_migration_file_is_applied(admin_url: str) -> None:
    files = sorted(p.stem for p in MIGRATIONS.glob("*.sql"))
    assert pending(admin_url) == files


def test_change_seq_moves_only_when_a_value_changes(admin_url: str) -> None:
    CliRunner().invoke(main, ["central", "init", "--url", admin_url], catch_exceptions=False)
    with psycopg.connect(admin_url) as conn:
        conn.execute(
            "INSERT INTO persons (id_number, name, phone, sex, birth_date, insurance_type, status) "
            "VALUES ('110101199003074514', 'A', '13800000000', 'M', '1990-03-07', 'employee', 'active')"
        )
        seq = "SELECT change_seq FROM persons WHERE id_number = '110101199003074514'"
        first = conn.execute(seq).fetchone()
        conn.execute("UPDATE persons SET name = 'A', change_seq = 0")  # same values
        assert conn.execute(seq).fetchone() == first
        conn.execute("UPDATE persons SET name = 'B'")
        second = conn.execute(seq).fetchone()
        assert first is not None and second is not None and second[0] > first[0]


def test_an_unreachable_server_is_one_line(postgres, central_database: str) -> None:
    url = postgres.url("postgres", postgres.password, central_database).replace(
        f":{postgres.port}/", ":1/"
    )
    result = CliRunner().invoke(main, ["central", "init", "--url", url])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot reach the central database")

"""Save the contributions certificate's first page as PNG, in Chinese and in Spanish.

    .venv/bin/python tools/certificate_screenshots.py [OUT_DIR]

Builds the demo database (kiosk/demo, its default seed and size, as of 2026-11-01) in a
throwaway folder, issues a certificate for its employee whose insurance is suspended for
three months in arrears (the last 12 months, as of 2026-11-25), renders it with
kiosk/services/certificate_pdf.py and the first page with pdftoppm (Debian poppler-utils)
at 110 dpi: docs/screenshots/certificate-zh.png and certificate-es.png by default.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
import tempfile
from pathlib import Path

from kiosk.config import Config
from kiosk.demo.builder import fill_demo_registry
from kiosk.services.certificate_pdf import render_pdf
from kiosk.services.database import open_database
from kiosk.services.terminal import Terminal

AS_OF = datetime.date(2026, 11, 1)
NOW = datetime.datetime(2026, 11, 25, 9, 30, tzinfo=datetime.UTC)
DPI = 110


def main(out: Path) -> None:
    import sqlite3

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "kiosk.db"
        store = open_database(database, create=True)
        fill_demo_registry(store, as_of=AS_OF)
        store.close()
        with sqlite3.connect(database) as conn:
            person = conn.execute(
                "SELECT DISTINCT id_number FROM contributions WHERE status = 'arrears' "
                "ORDER BY id_number LIMIT 1"
            ).fetchone()[0]
        terminal = Terminal(Config(database=database), now=lambda: NOW)
        certificates = terminal.certificates
        issued = certificates.issue(person, certificates.last_12_months(), "operator@tools")
        terminal.close()
        for language in ("zh", "es"):
            pdf = Path(folder) / f"certificate-{language}.pdf"
            pdf.write_bytes(render_pdf(issued, language))
            target = out / f"certificate-{language}"
            subprocess.run(
                ["pdftoppm", "-r", str(DPI), "-png", "-f", "1", "-l", "1", "-singlefile"]
                + [str(pdf), str(target)],
                check=True,
            )
            print(target.with_suffix(".png"))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots"))

"""Cost of one e-voucher refresh: sign the token, build the QR matrix, draw the widget.

    .venv/bin/python benchmarks/voucher.py [--rounds 200]

Measured in one run against the bare `qrcode` matrix for the same text; writes the
figures to docs/benchmarks.md. Target: under 15 ms per refresh.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import tempfile
import time
from pathlib import Path

import qrcode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import write_section  # noqa: E402

from kiosk.services.vouchers import VoucherIssuer, qr_matrix  # noqa: E402
from kiosk.ui.widgets.qr_code import QRCode  # noqa: E402


def bare_matrix(text: str) -> list:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    qr.add_data(text)
    qr.make(fit=True)
    return qr.get_matrix()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    issuer = VoucherIssuer(Path(tempfile.mkdtemp()) / "keys", "KIOSK-01")
    now = datetime.datetime.now(datetime.UTC)
    issuer.issue("王小明", now)  # make the key
    widget = QRCode([])
    parts: dict[str, list[float]] = {"sign": [], "matrix": [], "draw": [], "total": [], "bare": []}
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        text, _voucher = issuer.issue("王小明", now)
        t1 = time.perf_counter()
        matrix = qr_matrix(text)
        t2 = time.perf_counter()
        widget.matrix = matrix
        for y in range(widget.cells[1]):
            widget.render_line(y)
        t3 = time.perf_counter()
        bare_matrix(text)
        t4 = time.perf_counter()
        parts["sign"].append(t1 - t0)
        parts["matrix"].append(t2 - t1)
        parts["draw"].append(t3 - t2)
        parts["total"].append(t3 - t0)
        parts["bare"].append(t4 - t3)
    med = {k: statistics.median(v) * 1000 for k, v in parts.items()}
    p99 = sorted(parts["total"])[int(0.99 * len(parts["total"])) - 1] * 1000
    body = f"""## E-voucher: one refresh (sign + QR matrix + draw)

Command: `.venv/bin/python benchmarks/voucher.py --rounds {args.rounds}`

| step | median |
|---|---|
| sign the token (CBOR, COSE_Sign1, Ed25519, base45; reads the key file) | {med["sign"]:.2f} ms |
| QR matrix (`qrcode`, level M, {len(matrix)} modules with the quiet zone) | {med["matrix"]:.2f} ms |
| draw every line of the QR widget | {med["draw"]:.2f} ms |
| **one refresh** (p99 {p99:.2f} ms) | **{med["total"]:.2f} ms** |
| bare `qrcode` matrix for the same text | {med["bare"]:.2f} ms |

A refresh is {med["total"] / med["bare"]:.2f}x the bare matrix time:
{"meets" if med["total"] < 15 else "misses"} the 15 ms target. Token length {len(text)} characters.
"""
    write_section("voucher", body)
    print(body)


if __name__ == "__main__":
    main()

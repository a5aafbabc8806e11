"""Configuration: a TOML file, then environment variables, then command-line flags.

Every field is documented in the README's "Configuration" section; keep them in step.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.domain.family_rules import RELATIONSHIPS, FamilyRules

LANGUAGES = ("zh", "en", "es")

# A text shown on screen may be one string for every language or a table of them.
LocalText = str | dict[str, str]


class ConfigError(ValueError):
    """A configuration value that cannot be used; `field` is its dotted name."""

    def __init__(self, field_name: str, problem: str) -> None:
        super().__init__(f"{field_name}: {problem}")
        self.field = field_name
        self.problem = problem


@dataclass(frozen=True)
class IdleConfig:
    timeout_seconds: int = 90
    countdown_seconds: int = 20


@dataclass(frozen=True)
class LockoutConfig:
    max_failures: int = 5
    window_minutes: int = 15
    lock_minutes: int = 15


@dataclass(frozen=True)
class FamilyConfig(FamilyRules):
    """The family rules (members, holders, relationships: see kiosk.domain.family) and
    where the hall scanner's scans arrive."""

    inbox: Path | None = None  # default: "inbox" beside the database
    # Scans older than this are removed from the shared inbox by the kiosk on its own.
    inbox_max_age_minutes: int = 30


@dataclass(frozen=True)
class VoucherConfig:
    refresh_seconds: int = 60
    valid_seconds: int = 300
    skew_seconds: int = 120


@dataclass(frozen=True)
class StaffConfig:
    """The desk: staff sessions time out on their own clock, temporary passwords expire."""

    idle_timeout_seconds: int = 300
    countdown_seconds: int = 30
    temporary_password_hours: int = 24
    # Opens the staff login on a self-service terminal (Textual key name).
    login_key: str = "ctrl+f12"
    export_folder: Path | None = None  # default: "exports" beside the database


@dataclass(frozen=True)
class ServeConfig:
    """`kiosk serve`: where the hall machine listens, and the page the terminals load."""

    host: str = "127.0.0.1"
    port: int = 8000
    # Pixels per terminal cell's font in the browser (Chromium's zoom is off in kiosk mode).
    font_size: int = 16
    title: LocalText | None = None  # the browser page's title; default: the hall's name


PRINTER_KINDS = ("none", "cups", "escpos", "file")
ESCPOS_CONNECTIONS = ("network", "usb", "serial")


@dataclass(frozen=True)
class PrinterConfig:
    """The hall's printer (see kiosk/services/printing.py and the README's "Printers").

    `kind` is "none" (no printing: the print buttons are not shown), "cups" (a PDF sent
    with `lp` to `queue`), "escpos" (a thermal receipt printer, slips only, reached over
    `connection`) or "file" (PDFs written into `folder`).
    """

    kind: str = "none"
    queue: str = ""  # cups: the CUPS queue `lp -d` prints to
    folder: Path | None = None  # file: default "printouts" beside the database
    connection: str = ""  # escpos: network | usb | serial
    host: str = ""  # escpos network: the printer's address
    port: int = 9100  # escpos network: its raw TCP port
    usb_vendor_id: int = 0  # escpos usb: the printer's USB vendor and product IDs
    usb_product_id: int = 0
    device: str = ""  # escpos serial: the device file, e.g. /dev/ttyUSB0
    baudrate: int = 9600  # escpos serial
    columns: int = 32  # escpos: characters a line holds (58 mm paper: 32, 80 mm: 48)
    timeout_seconds: int = 20  # the longest wait for `lp` or the printer


@dataclass(frozen=True)
class CentralConfig:
    """`[central]`: the central office's database, as `kiosk central hall add` printed it."""

    url: str | None = None  # postgresql://HALL%40DB:PASSWORD@HOST:PORT/DB; None: not configured
    hall: str | None = None
    interval_seconds: int = 60

    @property
    def configured(self) -> bool:
        return self.url is not None


@dataclass(frozen=True)
class HallConfig:
    name: LocalText = field(
        default_factory=lambda: {
            "zh": "示范区医疗保障服务大厅",
            "en": "Demo District Medical Insurance Service Hall",
            "es": "Sala de Servicios del Seguro Médico del Distrito Demo",
        }
    )
    address: LocalText = field(
        default_factory=lambda: {
            "zh": "示范区人民路 100 号 1 楼",
            "en": "1st floor, 100 Renmin Road, Demo District",
            "es": "Planta 1, Calle Renmin 100, Distrito Demo",
        }
    )
    counter_hours: LocalText = field(
        default_factory=lambda: {
            "zh": "周一至周五 9:00-17:00",
            "en": "Monday to Friday, 9:00-17:00",
            "es": "De lunes a viernes, 9:00-17:00",
        }
    )
    hotline: str = "12333"
    website: str = "https://ybj.demo.example.gov.cn"


@dataclass(frozen=True)
class Config:
    database: Path = Path("data/kiosk.db")
    language: str = "zh"
    mode: str = "citizen"
    dev: bool = False
    # A touch screen with no keyboard: a tap on a field opens the on-screen keypad.
    # `kiosk serve` turns it on for citizen terminals; a desk's keyboard needs none.
    touch: bool = False
    terminal: str = "KIOSK-01"
    log_file: Path | None = None
    idle: IdleConfig = field(default_factory=IdleConfig)
    lockout: LockoutConfig = field(default_factory=LockoutConfig)
    hall: HallConfig = field(default_factory=HallConfig)
    family: FamilyConfig = field(default_factory=FamilyConfig)
    voucher: VoucherConfig = field(default_factory=VoucherConfig)
    staff: StaffConfig = field(default_factory=StaffConfig)
    serve: ServeConfig = field(default_factory=ServeConfig)
    central: CentralConfig = field(default_factory=CentralConfig)
    printer: PrinterConfig = field(default_factory=PrinterConfig)

    @property
    def log_path(self) -> Path:
        return self.log_file or self.database.parent / "kiosk.log"

    @property
    def inbox_path(self) -> Path:
        """The hall scanner's inbox: configured, or a folder "inbox" beside the database."""
        return self.family.inbox or self.database.parent / "inbox"

    @property
    def export_path(self) -> Path:
        """Where a supervisor's exported household-register images go."""
        return self.staff.export_folder or self.database.parent / "exports"

    @property
    def print_folder(self) -> Path:
        """Where the `file` printer kind writes its PDFs."""
        return self.printer.folder or self.database.parent / "printouts"

    def replace(self, **changes: Any) -> Config:
        return dataclasses.replace(self, **changes)


def local_text(value: LocalText, language: str) -> str:
    """Pick the text for a language, falling back to English, then to any."""
    if isinstance(value, str):
        return value
    return value.get(language) or value.get("en") or next(iter(value.values()), "")


def _int(table: dict[str, Any], key: str, prefix: str, default: int, low: int, high: int) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(f"{prefix}{key}", f"must be a whole number from {low} to {high}")
    return value


def _str(table: dict[str, Any], key: str, prefix: str, default: str) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{prefix}{key}", "must be a non-empty text")
    return value


def _local(table: dict[str, Any], key: str, prefix: str, default: LocalText) -> LocalText:
    value = table.get(key, default)
    if isinstance(value, str) and value.strip():
        return value
    if (
        isinstance(value, dict)
        and value
        and all(k in LANGUAGES and isinstance(v, str) and v.strip() for k, v in value.items())
    ):
        return value
    raise ConfigError(
        f"{prefix}{key}", "must be a text, or a table of texts keyed by zh, en and es"
    )


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(key, "must be a table")
    unknown = set(value) - _KNOWN[key]
    if unknown:
        raise ConfigError(f"{key}.{sorted(unknown)[0]}", "is not a known setting")
    return value


_KNOWN = {
    "": {
        "database",
        "language",
        "terminal",
        "touch",
        "log_file",
        "idle",
        "lockout",
        "hall",
        "family",
        "voucher",
        "staff",
        "serve",
        "central",
        "printer",
    },
    "idle": {f.name for f in dataclasses.fields(IdleConfig)},
    "lockout": {f.name for f in dataclasses.fields(LockoutConfig)},
    "hall": {f.name for f in dataclasses.fields(HallConfig)},
    "family": {f.name for f in dataclasses.fields(FamilyConfig)},
    "voucher": {f.name for f in dataclasses.fields(VoucherConfig)},
    "staff": {f.name for f in dataclasses.fields(StaffConfig)},
    "serve": {f.name for f in dataclasses.fields(ServeConfig)},
    "central": {f.name for f in dataclasses.fields(CentralConfig)},
    "printer": {f.name for f in dataclasses.fields(PrinterConfig)},
}


def language(value: str, field_name: str = "language") -> str:
    if value not in LANGUAGES:
        raise ConfigError(field_name, f"must be one of {', '.join(LANGUAGES)}")
    return value


def _choice(
    table: dict[str, Any], key: str, prefix: str, default: str, allowed: tuple[str, ...]
) -> str:
    value = table.get(key, default)
    if value not in allowed:
        raise ConfigError(f"{prefix}{key}", f"must be one of {', '.join(allowed)}")
    assert isinstance(value, str)
    return value


def _needed(table: dict[str, Any], key: str, when: str) -> None:
    if key not in table:
        raise ConfigError(f"printer.{key}", f"is needed when {when}")


def _printer(data: dict[str, Any]) -> PrinterConfig:
    table, p = _table(data, "printer"), "printer."
    base = PrinterConfig()
    kind = _choice(table, "kind", p, base.kind, PRINTER_KINDS)
    if kind == "cups":
        _needed(table, "queue", 'kind is "cups"')
    connection = base.connection
    if kind == "escpos":
        _needed(table, "connection", 'kind is "escpos"')
        connection = _choice(table, "connection", p, "", ESCPOS_CONNECTIONS)
        when = f'connection is "{connection}"'
        for key in {"network": ("host",), "usb": ("usb_vendor_id", "usb_product_id")}.get(
            connection, ("device",)
        ):
            _needed(table, key, when)
    elif "connection" in table:
        connection = _choice(table, "connection", p, "", ESCPOS_CONNECTIONS)
    queue = _str(table, "queue", p, "-") if "queue" in table else ""
    # `lp -d QUEUE`: a CUPS name, never something `lp` could read as an option.
    if queue and not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.@-]*", queue):
        raise ConfigError(f"{p}queue", "must be a CUPS queue name (letters, digits, _ . @ -)")
    return PrinterConfig(
        kind=kind,
        queue=queue,
        folder=Path(_str(table, "folder", p, "-")) if "folder" in table else None,
        connection=connection,
        host=_str(table, "host", p, "-") if "host" in table else "",
        port=_int(table, "port", p, base.port, 1, 65535),
        usb_vendor_id=_int(table, "usb_vendor_id", p, 0, 1, 0xFFFF)
        if "usb_vendor_id" in table
        else 0,
        usb_product_id=(
            _int(table, "usb_product_id", p, 0, 1, 0xFFFF) if "usb_product_id" in table else 0
        ),
        device=_str(table, "device", p, "-") if "device" in table else "",
        baudrate=_int(table, "baudrate", p, base.baudrate, 300, 921600),
        columns=_int(table, "columns", p, base.columns, 24, 64),
        timeout_seconds=_int(table, "timeout_seconds", p, base.timeout_seconds, 1, 300),
    )


def from_mapping(data: dict[str, Any]) -> Config:
    """Build a Config from parsed TOML, naming the first field that is wrong."""
    unknown = set(data) - _KNOWN[""]
    if unknown:
        raise ConfigError(sorted(unknown)[0], "is not a known setting")
    base = Config()
    idle, lockout, hall = _table(data, "idle"), _table(data, "lockout"), _table(data, "hall")
    idle_cfg = IdleConfig(
        timeout_seconds=_int(idle, "timeout_seconds", "idle.", 90, 10, 3600),
        # Long enough for someone who stepped away to notice and come back.
        countdown_seconds=_int(idle, "countdown_seconds", "idle.", 20, 20, 300),
    )
    lockout_cfg = LockoutConfig(
        max_failures=_int(lockout, "max_failures", "lockout.", 5, 1, 100),
        window_minutes=_int(lockout, "window_minutes", "lockout.", 15, 1, 1440),
        lock_minutes=_int(lockout, "lock_minutes", "lockout.", 15, 1, 1440),
    )
    defaults = HallConfig()
    hall_cfg = HallConfig(
        name=_local(hall, "name", "hall.", defaults.name),
        address=_local(hall, "address", "hall.", defaults.address),
        counter_hours=_local(hall, "counter_hours", "hall.", defaults.counter_hours),
        hotline=_str(hall, "hotline", "hall.", defaults.hotline),
        website=_str(hall, "website", "hall.", defaults.website),
    )
    family = _table(data, "family")
    relationships = family.get("relationships", list(RELATIONSHIPS))
    if (
        not isinstance(relationships, list)
        or not relationships
        or not set(relationships) <= set(RELATIONSHIPS)
    ):
        raise ConfigError(
            "family.relationships", f"must be a list drawn from {', '.join(RELATIONSHIPS)}"
        )
    rules = FamilyRules()
    family_cfg = FamilyConfig(
        max_members=_int(family, "max_members", "family.", rules.max_members, 1, 50),
        max_holders_per_member=_int(
            family, "max_holders_per_member", "family.", rules.max_holders_per_member, 1, 10
        ),
        relationships=tuple(dict.fromkeys(relationships)),
        inbox=Path(_str(family, "inbox", "family.", "-")) if "inbox" in family else None,
        inbox_max_age_minutes=_int(family, "inbox_max_age_minutes", "family.", 30, 1, 1440),
    )
    voucher = _table(data, "voucher")
    voucher_cfg = VoucherConfig(
        refresh_seconds=_int(voucher, "refresh_seconds", "voucher.", 60, 10, 3600),
        valid_seconds=_int(voucher, "valid_seconds", "voucher.", 300, 30, 86400),
        skew_seconds=_int(voucher, "skew_seconds", "voucher.", 120, 0, 3600),
    )
    if voucher_cfg.valid_seconds < voucher_cfg.refresh_seconds:
        raise ConfigError("voucher.valid_seconds", "must be at least voucher.refresh_seconds")
    staff = _table(data, "staff")
    staff_cfg = StaffConfig(
        idle_timeout_seconds=_int(staff, "idle_timeout_seconds", "staff.", 300, 30, 7200),
        countdown_seconds=_int(staff, "countdown_seconds", "staff.", 30, 10, 300),
        temporary_password_hours=_int(staff, "temporary_password_hours", "staff.", 24, 1, 720),
        login_key=_str(staff, "login_key", "staff.", "ctrl+f12"),
        export_folder=(
            Path(_str(staff, "export_folder", "staff.", "-")) if "export_folder" in staff else None
        ),
    )
    serve = _table(data, "serve")
    serve_cfg = ServeConfig(
        host=_str(serve, "host", "serve.", ServeConfig.host),
        port=_int(serve, "port", "serve.", ServeConfig.port, 1, 65535),
        font_size=_int(serve, "font_size", "serve.", ServeConfig.font_size, 8, 72),
        title=_local(serve, "title", "serve.", "-") if "title" in serve else None,
    )
    central = _table(data, "central")
    central_cfg = CentralConfig()
    if central:
        for required in ("url", "hall"):
            if required not in central:
                raise ConfigError(f"central.{required}", "is needed when [central] is given")
        url = _str(central, "url", "central.", "")
        if not url.startswith(("postgresql://", "postgres://")):
            raise ConfigError("central.url", "must be a postgresql:// URL")
        central_cfg = CentralConfig(
            url=url,
            hall=_str(central, "hall", "central.", ""),
            interval_seconds=_int(central, "interval_seconds", "central.", 60, 1, 86400),
        )
    touch = data.get("touch", base.touch)
    if not isinstance(touch, bool):
        raise ConfigError("touch", "must be true or false")
    log_file = data.get("log_file")
    if log_file is not None and (not isinstance(log_file, str) or not log_file.strip()):
        raise ConfigError("log_file", "must be a file path")
    return Config(
        database=Path(_str(data, "database", "", str(base.database))),
        language=language(_str(data, "language", "", base.language)),
        terminal=_str(data, "terminal", "", base.terminal),
        touch=touch,
        log_file=Path(log_file) if log_file else None,
        idle=idle_cfg,
        lockout=lockout_cfg,
        hall=hall_cfg,
        family=family_cfg,
        voucher=voucher_cfg,
        staff=staff_cfg,
        serve=serve_cfg,
        central=central_cfg,
        printer=_printer(data),
    )


def load(path: str | Path | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """Read the TOML file (if any) and apply KIOSK_DB on top."""
    env: Mapping[str, str] = os.environ if environ is None else environ
    path = path or env.get("KIOSK_CONFIG") or None
    data: dict[str, Any] = {}
    if path:
        try:
            with open(path, "rb") as handle:
                data = tomllib.load(handle)
        except FileNotFoundError:
            raise ConfigError("--config", f"no such file: {path}") from None
        except tomllib.TOMLDecodeError as err:
            raise ConfigError("--config", f"not valid TOML ({err})") from None
    config = from_mapping(data)
    if env.get("KIOSK_DB"):
        config = config.replace(database=Path(env["KIOSK_DB"]))
    return config

from pathlib import Path

import pytest

from kiosk.config import Config, ConfigError, from_mapping, load, local_text


def test_defaults_match_the_documented_values():
    config = from_mapping({})
    assert config.database == Path("data/kiosk.db")
    assert config.language == "zh"
    assert config.idle.timeout_seconds == 90
    assert config.idle.countdown_seconds == 20
    assert (
        config.lockout.max_failures,
        config.lockout.window_minutes,
        config.lockout.lock_minutes,
    ) == (5, 15, 15)
    assert config.hall.hotline == "12333"
    assert config.log_path == Path("data/kiosk.log")


def test_a_full_file_is_read(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text(
        'database = "x/y.db"\nlanguage = "es"\nterminal = "HALL-2"\n'
        "[idle]\ntimeout_seconds = 120\ncountdown_seconds = 30\n"
        "[lockout]\nmax_failures = 3\n"
        '[hall]\nname = { zh = "某大厅", en = "Some hall" }\nhotline = "0571-12345"\n',
        encoding="utf-8",
    )
    config = load(path, environ={})
    assert config.database == Path("x/y.db")
    assert config.language == "es"
    assert config.idle.timeout_seconds == 120
    assert config.lockout.max_failures == 3
    assert local_text(config.hall.name, "zh") == "某大厅"
    assert local_text(config.hall.name, "es") == "Some hall"  # falls back to English
    assert config.hall.hotline == "0571-12345"


def test_environment_chooses_the_database(tmp_path):
    config = load(None, environ={"KIOSK_DB": str(tmp_path / "env.db")})
    assert config.database == tmp_path / "env.db"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"language": "fr"}, "language"),
        ({"idle": {"timeout_seconds": "ninety"}}, "idle.timeout_seconds"),
        ({"idle": {"timeout_seconds": 5}}, "idle.timeout_seconds"),
        ({"idle": {"countdown_seconds": 10}}, "idle.countdown_seconds"),
        ({"idle": {"timeout_seconds": True}}, "idle.timeout_seconds"),
        ({"lockout": {"max_failures": 0}}, "lockout.max_failures"),
        ({"hall": {"name": ""}}, "hall.name"),
        ({"hall": {"name": {"fr": "Salle"}}}, "hall.name"),
        ({"hall": {"colour": "red"}}, "hall.colour"),
        ({"idle": 3}, "idle"),
        ({"databse": "typo.db"}, "databse"),
        ({"touch": "yes"}, "touch"),
    ],
)
def test_bad_values_name_their_field(data, field):
    with pytest.raises(ConfigError) as caught:
        from_mapping(data)
    assert caught.value.field == field


def test_broken_toml_and_missing_file_are_config_errors(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("language = \n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load(broken, environ={})
    with pytest.raises(ConfigError):
        load(tmp_path / "missing.toml", environ={})


def test_replace_keeps_other_fields():
    config = Config().replace(language="en")
    assert config.language == "en" and config.idle.timeout_seconds == 90


def test_voucher_timing_is_configurable():
    config = from_mapping({"voucher": {"refresh_seconds": 30, "valid_seconds": 120}})
    assert (
        config.voucher.refresh_seconds,
        config.voucher.valid_seconds,
        config.voucher.skew_seconds,
    ) == (30, 120, 120)
    with pytest.raises(ConfigError) as caught:
        from_mapping({"voucher": {"refresh_seconds": 600, "valid_seconds": 300}})
    assert caught.value.field == "voucher.valid_seconds"


def test_the_staff_section_is_read_and_checked():
    default = from_mapping({})
    assert (
        default.staff.idle_timeout_seconds,
        default.staff.temporary_password_hours,
        default.staff.login_key,
    ) == (300, 24, "ctrl+f12")
    assert default.export_path == Path("data/exports")
    config = from_mapping(
        {
            "staff": {
                "idle_timeout_seconds": 600,
                "temporary_password_hours": 4,
                "login_key": "f12",
                "export_folder": "/srv/exports",
            }
        }
    )
    assert (
        config.staff.idle_timeout_seconds,
        config.staff.temporary_password_hours,
        config.staff.login_key,
        config.export_path,
    ) == (600, 4, "f12", Path("/srv/exports"))
    with pytest.raises(ConfigError) as bad:
        from_mapping({"staff": {"temporary_password_hours": 0}})
    assert bad.value.field == "staff.temporary_password_hours"
    with pytest.raises(ConfigError) as unknown:
        from_mapping({"staff": {"password": "x"}})
    assert unknown.value.field == "staff.password"


def test_the_inbox_age_limit_is_read_and_checked():
    assert from_mapping({}).family.inbox_max_age_minutes == 30
    assert from_mapping({"family": {"inbox_max_age_minutes": 5}}).family.inbox_max_age_minutes == 5
    for bad in (0, -1, 1441, "30", True, 2.5):
        with pytest.raises(ConfigError) as caught:
            from_mapping({"family": {"inbox_max_age_minutes": bad}})
        assert caught.value.field == "family.inbox_max_age_minutes"


def test_touch_is_off_unless_the_file_says_so():
    assert from_mapping({}).touch is False
    assert from_mapping({"touch": True}).touch is True


def test_the_printer_is_none_unless_configured():
    config = from_mapping({})
    assert config.printer.kind == "none"
    assert config.print_folder == Path("data/printouts")


def test_each_printer_kind_reads_what_it_needs():
    cups = from_mapping({"printer": {"kind": "cups", "queue": "Hall_A4"}}).printer
    assert (cups.kind, cups.queue, cups.timeout_seconds) == ("cups", "Hall_A4", 20)
    file = from_mapping({"printer": {"kind": "file", "folder": "/srv/prints"}})
    assert file.print_folder == Path("/srv/prints")
    network = from_mapping(
        {"printer": {"kind": "escpos", "connection": "network", "host": "10.0.0.9", "port": 9101}}
    ).printer
    assert (network.connection, network.host, network.port, network.columns) == (
        "network",
        "10.0.0.9",
        9101,
        32,
    )
    usb = from_mapping(
        {
            "printer": {
                "kind": "escpos",
                "connection": "usb",
                "usb_vendor_id": 0x0416,
                "usb_product_id": 0x5011,
                "columns": 48,
            }
        }
    ).printer
    assert (usb.usb_vendor_id, usb.usb_product_id, usb.columns) == (0x0416, 0x5011, 48)
    serial = from_mapping(
        {"printer": {"kind": "escpos", "connection": "serial", "device": "/dev/ttyUSB0"}}
    ).printer
    assert (serial.device, serial.baudrate) == ("/dev/ttyUSB0", 9600)


def test_a_hex_usb_id_in_the_file_is_read(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text(
        '[printer]\nkind = "escpos"\nconnection = "usb"\n'
        "usb_vendor_id = 0x0416\nusb_product_id = 0x5011\n",
        encoding="utf-8",
    )
    printer = load(path, environ={}).printer
    assert (printer.usb_vendor_id, printer.usb_product_id) == (0x0416, 0x5011)


@pytest.mark.parametrize(
    ("printer", "field", "problem"),
    [
        ({"kind": "laser"}, "printer.kind", "must be one of none, cups, escpos, file"),
        ({"kind": "cups"}, "printer.queue", 'is needed when kind is "cups"'),
        ({"kind": "cups", "queue": ""}, "printer.queue", "must be a non-empty text"),
        ({"kind": "cups", "queue": "-o evil"}, "printer.queue", "must be a CUPS queue name"),
        ({"kind": "escpos"}, "printer.connection", 'is needed when kind is "escpos"'),
        (
            {"kind": "escpos", "connection": "bluetooth"},
            "printer.connection",
            "must be one of network, usb, serial",
        ),
        (
            {"kind": "escpos", "connection": "network"},
            "printer.host",
            'is needed when connection is "network"',
        ),
        (
            {"kind": "escpos", "connection": "network", "host": "p", "port": 0},
            "printer.port",
            "must be a whole number from 1 to 65535",
        ),
        (
            {"kind": "escpos", "connection": "usb", "usb_vendor_id": 0x0416},
            "printer.usb_product_id",
            'is needed when connection is "usb"',
        ),
        (
            {"kind": "escpos", "connection": "usb", "usb_vendor_id": "0416", "usb_product_id": 1},
            "printer.usb_vendor_id",
            "must be a whole number from 1 to 65535",
        ),
        (
            {"kind": "escpos", "connection": "serial"},
            "printer.device",
            'is needed when connection is "serial"',
        ),
        ({"kind": "file", "folder": ""}, "printer.folder", "must be a non-empty text"),
        (
            {"kind": "file", "columns": 10},
            "printer.columns",
            "must be a whole number from 24 to 64",
        ),
        ({"timeout_seconds": 0}, "printer.timeout_seconds", "must be a whole number from 1 to 300"),
        ({"papersize": "A4"}, "printer.papersize", "is not a known setting"),
    ],
)
def test_bad_printer_values_name_their_field(printer, field, problem):
    with pytest.raises(ConfigError) as caught:
        from_mapping({"printer": printer})
    assert caught.value.field == field
    assert caught.value.problem.startswith(problem)

import importlib

import click
import pytest
from click.testing import CliRunner

from kiosk.cli import COMMAND_TOPIC, main

COMMANDS = [
    [],
    ["run"],
    ["init"],
    ["registry"],
    ["registry", "import"],
    ["demo-accounts"],
    ["demo-scans"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "kiosk")
def test_every_command_has_help(command):
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_run_documents_its_options():
    result = CliRunner().invoke(main, ["run", "--help"])
    for option in ("--db", "--lang", "--mode", "--config", "--dev"):
        assert option in result.output


def test_bad_config_is_one_line_naming_the_field(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text("[idle]\ntimeout_seconds = 'soon'\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["init", "--config", str(config), "--db", str(tmp_path / "k.db")]
    )
    assert result.exit_code == 1
    assert "configuration error in idle.timeout_seconds" in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_options_alone_mean_run(tmp_path):
    # `kiosk --lang fr` reaches `run`'s own option check rather than "no such option".
    result = CliRunner().invoke(main, ["--lang", "fr", "--db", str(tmp_path / "k.db")])
    assert result.exit_code == 2
    assert "'fr' is not one of" in result.output


def test_kiosk_db_environment_variable_chooses_the_file(tmp_path):
    db = tmp_path / "env.db"
    result = CliRunner().invoke(main, ["init"], env={"KIOSK_DB": str(db)})
    assert result.exit_code == 0, result.output
    assert db.exists()


def test_python_dash_m_kiosk_is_the_same_command():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert "demo-accounts" in result.stdout


def test_a_big_file_shows_progress(tmp_path):
    import datetime

    from kiosk.domain.ids import make_id

    rows = ["id_number,name,phone,insurance_type,status,enrolled_on"]
    born = datetime.date(1960, 1, 1)
    for n in range(20000):
        rows.append(
            f"{make_id('110105', born + datetime.timedelta(days=n // 500), n % 500)},"
            f"测试人员{n},138{n:08d},resident,active,2020-01-01"
        )
    path = tmp_path / "persons.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert path.stat().st_size > 1_000_000
    result = CliRunner().invoke(
        main, ["registry", "import", str(path), "--db", str(tmp_path / "k.db")]
    )
    assert result.exit_code == 0, result.output
    assert "Importing persons.csv" in result.output
    assert "persons: 20000 rows, 20000 added or changed" in result.output


def _command_paths(command=main, path=()):
    yield list(path)
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            yield from _command_paths(command.get_command(ctx, name), (*path, name))


@pytest.mark.parametrize("command", list(_command_paths()), ids=lambda c: " ".join(c) or "kiosk")
def test_every_command_and_subcommand_has_help(command):
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_each_topic_names_its_commands_in_command_topic():
    # `main` imports a topic when one of its commands is asked for: a command missing
    # from COMMAND_TOPIC would never be found, a name there without a command fails here.
    topics = {}
    for topic in set(COMMAND_TOPIC.values()):
        for command in importlib.import_module(f"kiosk.cli.{topic}").COMMANDS:
            topics[command.name] = topic
    assert topics == COMMAND_TOPIC


def test_run_imports_no_other_topic():
    # `kiosk run` (every new terminal connection starts one) loads kiosk/cli/run.py alone.
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from kiosk.cli import main\n"
        "main.get_command(None, 'run')\n"
        "topics = sorted(n for n in sys.modules if n.startswith('kiosk.cli.'))\n"
        "assert topics == ['kiosk.cli.common', 'kiosk.cli.run'], topics\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]


def test_the_command_tree_is_whole():
    # The topics of kiosk/cli/ all reach `main` (through COMMAND_TOPIC).
    names = {" ".join(path) for path in _command_paths()}
    assert {
        "run",
        "serve",
        "init",
        "check",
        "demo-accounts",
        "demo-scans",
        "registry import",
        "staff add",
        "staff list",
        "staff disable",
        "staff enable",
        "staff password",
        "staff role",
        "audit verify",
        "audit export-head",
        "keys export-public",
        "keys rotate",
        "voucher verify",
        "central init",
        "central hall add",
        "central registry import",
        "slip print",
        "certificate issue",
        "certificate verify",
    } <= names


def test_help_imports_neither_textual_nor_sqlite():
    # `kiosk --help` stays quick: services, Textual and SQLite load only when a command runs.
    import subprocess
    import sys

    code = (
        "import contextlib, io, sys\n"
        "from kiosk.cli import main\n"
        f"for path in {list(_command_paths())!r}:\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        try:\n"
        "            main([*path, '--help'])\n"
        "        except SystemExit as done:\n"
        "            assert done.code == 0, (path, done.code)\n"
        "heavy = ('textual', 'rich', 'sqlite3', 'sqlite_utils', 'argon2', 'cryptography', 'PIL')\n"
        "bad = sorted(n for n in sys.modules\n"
        "             if n.split('.')[0] in heavy or n.startswith(('kiosk.services', 'kiosk.store', 'kiosk.ui')))\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]

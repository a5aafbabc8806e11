import pytest
from click.testing import CliRunner

from kiosk.cli import main

COMMANDS = [[], ["run"], ["init"], ["registry"], ["registry", "import"], ["demo-accounts"]]


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
    result = CliRunner().invoke(main, ["init", "--config", str(config), "--db", str(tmp_path / "k.db")])
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

"""The `kiosk` command. A thin layer: each command calls a service and prints its result.

One module per topic; each lists its commands in COMMANDS, and COMMAND_TOPIC below names
the topic of each command, so that running a command imports its own topic alone (`kiosk
run`, which every new terminal connection starts, the least: issue 16). A new topic is a
new module plus its commands' names in COMMAND_TOPIC (tests/unit/test_cli.py checks).

Importing a service is not free (the demo database builder, Textual, SQLite), so
commands import services when they run, not when `kiosk --help` does.
"""

from __future__ import annotations

import importlib

import click

# command name -> the module of kiosk/cli/ that defines it
COMMAND_TOPIC = {
    "run": "run",
    "init": "run",
    "demo-scans": "run",
    "demo-accounts": "run",
    "check": "run",
    "serve": "serve",
    "registry": "registry",
    "staff": "staff",
    "audit": "audit",
    "keys": "keys",
    "voucher": "keys",
    "central": "central",
    "sync": "sync",
    "certificate": "certificate",
    "slip": "slip",
}


class KioskCommands(click.Group):
    """The topics' commands, each topic imported when one of its commands is asked for;
    and `kiosk` and `kiosk --db X ...` mean `kiosk run ...`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0].startswith("-") and args[0] not in ("--help", "--version")):
            args = ["run", *args]
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_TOPIC)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        topic = COMMAND_TOPIC.get(cmd_name)
        if topic is not None and cmd_name not in self.commands:
            for command in importlib.import_module(f"kiosk.cli.{topic}").COMMANDS:
                self.add_command(command)
        return self.commands.get(cmd_name)


@click.group(cls=KioskCommands)
@click.version_option(package_name="hall-kiosk")
def main() -> None:
    """Hall kiosk: a medical-insurance self-service terminal.

    With no command (or only options), `kiosk` is `kiosk run`.
    """

"""The `kiosk` command. A thin layer: each command calls a service and prints its result.

One module per topic; each lists its commands in COMMANDS, and TOPICS below adds them
to `main`. A new topic is a new module plus its name in TOPICS.

Importing a service is not free (the demo database builder, Textual, SQLite), so
commands import services when they run, not when `kiosk --help` does.
"""

from __future__ import annotations

import click

from kiosk.cli import audit, keys, registry, run, serve, staff


class RunByDefault(click.Group):
    """`kiosk` and `kiosk --db X ...` mean `kiosk run ...`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0].startswith("-") and args[0] not in ("--help", "--version")):
            args = ["run", *args]
        return super().parse_args(ctx, args)


@click.group(cls=RunByDefault)
@click.version_option(package_name="hall-kiosk")
def main() -> None:
    """Hall kiosk: a medical-insurance self-service terminal.

    With no command (or only options), `kiosk` is `kiosk run`.
    """


TOPICS = (run, serve, registry, staff, audit, keys)


def _add_topics() -> None:
    for topic in TOPICS:
        for command in topic.COMMANDS:
            main.add_command(command)


_add_topics()

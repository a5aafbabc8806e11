"""`kiosk serve`: the hall's terminals in a browser, one kiosk process per connection."""

from __future__ import annotations

import dataclasses

import click

from kiosk.cli.common import common_options, load_config


@click.command("serve")
@common_options
@click.option("--host", help="Address to listen on (default [serve] host, 127.0.0.1).")
@click.option(
    "--port", type=click.IntRange(1, 65535), help="Port to listen on (default [serve] port, 8000)."
)
@click.option("--mode", type=click.Choice(["citizen", "staff"]), help="Terminal mode.")
def serve(
    db: str | None = None,
    config_file: str | None = None,
    host: str | None = None,
    port: int | None = None,
    mode: str | None = None,
) -> None:
    """Serve the kiosk to browsers (textual-serve): each connection runs its own kiosk
    over the one database; closing the page ends that kiosk."""
    from kiosk import logs

    config = load_config(config_file, db=db, mode=mode)
    serve_config = config.serve
    if host:
        serve_config = dataclasses.replace(serve_config, host=host)
    if port:
        serve_config = dataclasses.replace(serve_config, port=port)
    config = config.replace(serve=serve_config)
    logs.configure(config.log_path)
    if not config.database.exists():
        raise click.ClickException(f"no database at {config.database} (run `kiosk init` first)")
    from kiosk.web.server import KioskServer

    KioskServer(config, config_file).serve()


COMMANDS = (serve,)

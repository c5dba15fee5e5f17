"""The store commands: ``init``, ``versions``, ``rollback``, ``check-store``, backups."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from bildungsampel.cli import messages as _messages  # noqa: F401 - registers the messages
from bildungsampel.cli import output as term
from bildungsampel.cli.options import DatabaseUrlOpt, DataDirOpt, app, author
from bildungsampel.present.versions import local_time
from bildungsampel.service import publishing
from bildungsampel.service.store import default_data_dir, default_database_url, restore_backup
from indicators.errors import BildungsampelError
from indicators.messages import Message, text


@app.command()
def init(
    data_dir: DataDirOpt = None,
    database_url: DatabaseUrlOpt = None,
    empty: Annotated[
        bool,
        typer.Option(
            "--empty", help="Start without the sample city (for a city importing its own files)."
        ),
    ] = False,
) -> None:
    """Create a data directory (with the sample city unless --empty)."""
    try:
        store = publishing.open_store(data_dir, create_sample=False, database_url=database_url)
        if store.current_id() is not None:
            raise BildungsampelError(
                "cli.init.not_empty", data_dir=store.where, version=store.current_id()
            )
        if empty:
            store.declare_own_city()
        else:
            publishing.publish_sample(store, author=author())
    except (BildungsampelError, OSError) as error:
        term.fail(error)
        return
    term.out.print(
        f"store {store.where} ready" + ("" if empty else " with the sample city (version 1)"),
        highlight=False,
    )


@app.command()
def versions(data_dir: DataDirOpt = None, database_url: DatabaseUrlOpt = None) -> None:
    """List the published versions (newest first; * = current)."""
    try:
        store = publishing.open_store(data_dir, database_url=database_url)
        frame = store.versions()
    except (BildungsampelError, OSError) as error:
        term.fail(error)
        return
    if frame.empty:  # not an error: an empty city (init --empty) says what to do next
        term.out.print(text("cli.empty.no_versions", "en", path=store.where))
        return
    table = Table()
    for col in ("", "id", "kind", "created (Berlin)", "author", "source", "values"):
        table.add_column(col, no_wrap=col in ("", "id", "kind", "created (Berlin)", "values"))
    table.add_column("note", overflow="fold")
    for row in frame.itertuples():
        marker = "*" if row.current else ("deleted" if row.deleted else "")
        table.add_row(
            marker,
            str(row.id),
            str(row.kind),
            local_time(str(row.created_at), "en"),
            str(row.author),
            str(row.source_name),
            str(row.n_observations),
            str(row.note),
        )
    term.out.print(table)


@app.command()
def rollback(
    version: Annotated[int, typer.Argument(help="Version to return to.")],
    data_dir: DataDirOpt = None,
    database_url: DatabaseUrlOpt = None,
) -> None:
    """Publish an earlier version again (as a new version; nothing is lost)."""
    try:
        vid = publishing.open_store(data_dir, database_url=database_url).rollback(
            version, author=author()
        )
    except (BildungsampelError, OSError) as error:
        term.fail(error)
        return
    term.out.print(f"version {version} published again as version {vid}", highlight=False)


@app.command("check-store")
def check_store(data_dir: DataDirOpt = None, database_url: DatabaseUrlOpt = None) -> None:
    """Check the whole store (SQLite's integrity check and every version's checksums)."""
    try:
        store = publishing.open_store(data_dir, create_sample=False, database_url=database_url)
        problems = store.check()
        if problems:
            for problem in problems[:20]:
                term.err.print(f"problem: {problem.text('en')}", highlight=False, markup=False)
            raise store.damaged(Message("store.damage.problems", {"n": len(problems)}))
    except (BildungsampelError, OSError) as error:
        term.fail(error)
        return
    term.out.print(
        f"store {store.where} is intact ({len(store.versions())} versions)", highlight=False
    )
    if store.current_id() is None:
        return
    try:
        warnings = publishing.stored_plausibility(store, lang="en")
    except (BildungsampelError, OSError) as error:
        warnings = [str(error)]
    for warning in warnings:
        term.err.print(f"warning: {warning}", highlight=False, markup=False)


@app.command()
def backup(
    dest: Annotated[Path, typer.Argument(help="Backup file to write, or a folder for it.")],
    data_dir: DataDirOpt = None,
    database_url: DatabaseUrlOpt = None,
) -> None:
    """Copy the store to a backup file (SQLite online backup or pg_dump; publishing may go on)."""
    try:
        written = publishing.open_store(
            data_dir, create_sample=False, database_url=database_url
        ).backup(dest)
    except (BildungsampelError, OSError) as error:
        term.fail(error)
        return
    term.out.print(f"backup written to {written}", highlight=False)


@app.command()
def restore(
    source: Annotated[Path, typer.Argument(help="Backup file made by 'bildungsampel backup'.")],
    data_dir: DataDirOpt = None,
    database_url: DatabaseUrlOpt = None,
) -> None:
    """Replace the store by a backup (checked first; a damaged store is kept aside)."""
    try:
        url = database_url or (None if data_dir else default_database_url())
        store = restore_backup(None if url else data_dir or default_data_dir(), source, url=url)
        current = store.current_id()
    except (BildungsampelError, OSError) as error:
        term.fail(error)
        return
    term.out.print(
        f"{source} restored to {store.where} (current version {current}); restart the dashboard",
        highlight=False,
    )

"""PostgreSQL as the multi-user store: faults in words, roles, backups, several processes.

The store test-suite itself (versions, merging, rollback, purge, races, a killed
publish) runs against both backends through the ``store_at`` fixture; here is
what only a database server has: logins, privileges, a read-only server,
pg_dump, several dashboard processes on one database.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap

import pandas as pd
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from bildungsampel.cli import app
from bildungsampel.service import dataset, publishing
from bildungsampel.service.settings import load_settings
from bildungsampel.service.store import Publication, Store, StoreError, pgdump, restore_backup
from bildungsampel.service.store.postgres import shown
from indicators.errors import BildungsampelError
from tests import helpers

runner = CliRunner()


def obs(area: str, value: float, indicator: str = "gymnasium", period: str = "2030"):
    return pd.DataFrame(
        {
            "area_id": [area],
            "indicator": [indicator],
            "period": [period],
            "value": [value],
            "numerator": [None],
            "denominator": [None],
            "missing_reason": [None],
        }
    )


@pytest.fixture
def pg_store(pg_url):
    store = publishing.open_store(database_url=pg_url)
    yield store
    store.engine.dispose()


def other_url(pg_server, database: str, user: str = "postgres", password: str = "") -> str:
    login = f"{user}:{password}" if password else user
    return f"postgresql+psycopg://{login}@/{database}?host={pg_server.folder}&port={pg_server.port}"


# ------------------------------------------------------------------ faults in words
def test_server_down_is_a_message_without_the_password(pg_server):
    url = f"postgresql+psycopg://ba:s3cret-pw@127.0.0.1:{helpers_free_port()}/bildungsampel"
    with pytest.raises(StoreError, match=r"database server of .* cannot be reached") as raised:
        Store(url=url)
    error = raised.value
    assert "postgresql+psycopg://ba:***@127.0.0.1" in str(error)
    assert "Datenbankserver von" in error.text("de")
    assert "s3cret-pw" not in str(error)
    assert "s3cret-pw" not in error.text("de")


def helpers_free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_missing_database_says_how_to_create_it(pg_server):
    with pytest.raises(StoreError, match=r"database nirgends does not exist") as raised:
        Store(url=other_url(pg_server, "nirgends"))
    assert "createdb -O postgres nirgends" in str(raised.value)
    assert "Die Datenbank nirgends gibt es" in raised.value.text("de")


def test_unknown_role_is_a_refused_login(pg_server, pg_url):
    database = sa.make_url(pg_url).database
    with pytest.raises(StoreError, match=r"refused the login as niemand") as raised:
        Store(url=other_url(pg_server, database, user="niemand", password="geheim99"))
    assert "~/.pgpass" in str(raised.value)
    assert "geheim99" not in str(raised.value)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("mysql://ba:pw12345@db/x", "mysql://ba:***@db/x"),
        ("postgresql+psycopg://ba@db:5432", "postgresql+psycopg://ba@db:5432"),
        ("postgresql://ba:pw12345@db:notaport/x", "postgresql://ba:***@db:notaport/x"),
    ],
)
def test_a_wrong_url_is_refused_with_its_password_hidden(url, shown):
    with pytest.raises(StoreError, match="is not a supported database URL") as raised:
        Store(url=url)
    assert shown in str(raised.value)
    assert "pw12345" not in str(raised.value)


def test_data_dir_and_database_url_together_are_refused(tmp_path, pg_url):
    with pytest.raises(StoreError, match="give exactly one of a data directory"):
        publishing.open_store(tmp_path, database_url=pg_url)
    assert load_settings({"BILDUNGSAMPEL_DATABASE_URL": pg_url}).database_url == pg_url
    with pytest.raises(BildungsampelError, match="give exactly one"):
        load_settings({"BILDUNGSAMPEL_DATA_DIR": "/x", "BILDUNGSAMPEL_DATABASE_URL": pg_url})
    with pytest.raises(BildungsampelError, match=r"sqlite:///x is not a supported"):
        load_settings({"BILDUNGSAMPEL_DATABASE_URL": "sqlite:///x"})


# ------------------------------------------------------------------ roles
def test_viewer_role_reads_but_may_not_publish(pg_server, pg_store, pg_url):
    database = sa.make_url(pg_url).database
    pg_server.psql("DROP ROLE IF EXISTS viewer; CREATE ROLE viewer LOGIN", database)
    pg_server.psql("GRANT SELECT ON ALL TABLES IN SCHEMA public TO viewer", database)
    before = helpers.store_state(pg_store)
    viewer = Store(url=other_url(pg_server, database, user="viewer"))
    assert viewer.readonly
    assert len(viewer.snapshot().observations) == 2448
    with pytest.raises(StoreError, match=r"the role viewer may only read its tables") as raised:
        viewer.publish(Publication(kind="indicators", author="V", observations=obs("41", 1.0)))
    assert "Nothing was changed" in str(raised.value)
    assert "die Rolle viewer darf die Tabellen nur lesen" in raised.value.text("de")
    assert helpers.store_state(pg_store) == before
    viewer.engine.dispose()


def test_a_privilege_the_server_denies_mid_publish_changes_nothing(pg_server, pg_store, pg_url):
    database = sa.make_url(pg_url).database
    grants = (
        "DROP ROLE IF EXISTS halb; CREATE ROLE halb LOGIN; "
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO halb; "
        "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO halb; "
        "REVOKE DELETE ON digests FROM halb"
    )
    pg_server.psql(grants, database)
    before = helpers.store_state(pg_store)
    half = Store(url=other_url(pg_server, database, user="halb"))
    assert not half.readonly
    with pytest.raises(
        StoreError, match=r"the server denied it: permission denied for table digests"
    ):
        half.publish(Publication(kind="indicators", author="H", observations=obs("41", 1.0)))
    assert helpers.store_state(pg_store) == before
    half.engine.dispose()


def test_viewer_of_an_empty_database_is_told_to_run_init(pg_server, pg_url):
    database = sa.make_url(pg_url).database
    pg_server.psql("DROP ROLE IF EXISTS leser; CREATE ROLE leser LOGIN", database)
    pg_server.psql("REVOKE CREATE ON SCHEMA public FROM PUBLIC", database)
    with pytest.raises(StoreError, match=r"run 'bildungsampel init --database-url …' once"):
        Store(url=other_url(pg_server, database, user="leser"))


def test_read_only_server_refuses_to_publish(pg_server, pg_store, pg_url):
    database = sa.make_url(pg_url).database
    pg_server.psql(f"ALTER DATABASE {database} SET default_transaction_read_only = on")
    reader = Store(url=pg_url)
    assert reader.current_id() == 1
    with pytest.raises(StoreError, match=r"the server accepts reads only"):
        reader.rollback(1, author="A")
    assert reader.versions()["id"].tolist() == [1]
    reader.engine.dispose()


# ------------------------------------------------------------------ checks and backups
def test_changed_values_are_found_by_check_store_and_refused_before_a_publish(pg_store, pg_url):
    result = runner.invoke(app, ["check-store", "--database-url", pg_url])
    assert result.exit_code == 0, result.output
    assert "is intact (1 versions)" in result.output
    with pg_store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE chunk_rows SET missing_reason = 'x' WHERE area_id = '41'"))
    problems = pg_store.check()
    assert problems
    assert "differ from their checksum" in problems[0].text("en")
    with pytest.raises(StoreError, match=r"is damaged: the values of chunk \d+ differ"):
        pg_store.publish(
            Publication(
                kind="indicators", author="A", observations=obs("42", 1.0, period="2022/23")
            )
        )
    result = runner.invoke(app, ["check-store", "--database-url", pg_url])
    assert result.exit_code == 2
    assert "restore BACKUP --database-url" in result.stderr


def test_backup_and_restore_with_pg_dump(pg_store, pg_url, tmp_path):
    written = pg_store.backup(tmp_path)
    assert written.name.startswith("bildungsampel-")
    assert written.suffix == ".dump"
    assert pgdump.problems(written) == []
    second = pg_store.publish(
        Publication(kind="indicators", author="A", observations=obs("41", 1.0))
    )
    assert pg_store.current_id() == second
    with pytest.raises(StoreError, match="exists already"):
        pg_store.backup(written)
    restored = restore_backup(None, written, url=pg_url)
    assert restored.versions()["id"].tolist() == [1]
    assert restored.check() == []
    assert len(restored.snapshot().observations) == 2448
    restored.engine.dispose()


def test_restore_refuses_an_sqlite_backup_and_keeps_the_database(pg_store, pg_url, tmp_path):
    sqlite = publishing.open_store(tmp_path / "data")
    copy = sqlite.backup(tmp_path / "copy.sqlite")
    before = helpers.store_state(pg_store)
    with pytest.raises(StoreError, match=r"it is not a backup of a PostgreSQL store"):
        restore_backup(None, copy, url=pg_url)
    assert helpers.store_state(pg_store) == before
    sqlite.engine.dispose()


def test_backup_without_pg_dump_names_the_program(pg_store, tmp_path, monkeypatch):
    real = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "pg_dump" else real(name))
    with pytest.raises(StoreError, match=r"needs the program pg_dump \(Debian package"):
        pg_store.backup(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_cli_init_versions_backup_restore_on_a_database(pg_url, tmp_path):
    result = runner.invoke(app, ["init", "--database-url", pg_url])
    assert result.exit_code == 0, result.output
    assert "with the sample city (version 1)" in result.output
    assert f"store {shown(sa.make_url(pg_url))} ready" in result.output
    result = runner.invoke(app, ["versions", "--database-url", pg_url])
    assert result.exit_code == 0
    assert "init" in result.output
    result = runner.invoke(app, ["backup", str(tmp_path), "--database-url", pg_url])
    assert result.exit_code == 0, result.output
    dump = next(tmp_path.glob("bildungsampel-*.dump"))
    result = runner.invoke(app, ["restore", str(dump), "--database-url", pg_url])
    assert result.exit_code == 0, result.output
    assert "(current version 1)" in result.output
    both = runner.invoke(app, ["versions", "--database-url", pg_url, "--data-dir", str(tmp_path)])
    assert both.exit_code == 2
    assert "give exactly one of a data directory" in both.stderr


# ------------------------------------------------------------------ several processes
READER = textwrap.dedent("""
    import sys
    from bildungsampel.service import dataset
    from tests.pgserver import open_at
    store = open_at(sys.argv[1])
    for line in sys.stdin:
        data = dataset.from_store(store)
        print(store.current_id(), len(data.observations), flush=True)
""")


def test_two_processes_on_one_database_see_each_others_publishes(pg_store, pg_url):
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, pg_url],
        cwd=helpers.ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )

    def ask() -> str:
        reader.stdin.write("?\n")
        reader.stdin.flush()
        return reader.stdout.readline().strip()

    try:
        assert ask() == "1 2448"
        second = pg_store.publish(
            Publication(kind="indicators", author="A", observations=obs("41", 1.0))
        )
        assert ask() == f"{second} 2449"
        back = pg_store.rollback(1, author="B")
        assert ask() == f"{back} 2448"
    finally:
        reader.stdin.close()
        reader.wait(timeout=60)


def test_dashboard_pages_render_from_a_database(pg_url, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from bildungsampel.app import shell, state

    monkeypatch.delenv("BILDUNGSAMPEL_DATA_DIR", raising=False)
    monkeypatch.setenv("BILDUNGSAMPEL_DATABASE_URL", pg_url)
    for clear in (state.settings.cache_clear, st.cache_resource.clear, st.cache_data.clear):
        clear()
    try:
        at = AppTest.from_file(helpers.APP, default_timeout=120).run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.title[0].value == "Bildungsampel – Gelsenkirchen"
        for page, _, _ in shell.PAGES[1:]:
            at.switch_page(page).run()
            assert not at.exception, (page, [e.value for e in at.exception])
        # another process publishes: the next run shows it
        other = Store(url=pg_url)
        other.publish(
            Publication(kind="indicators", author="A", city_name="Nebenstadt", observations=None)
        )
        other.engine.dispose()
        at.switch_page("dashboard.py").run()
        assert at.title[0].value == "Bildungsampel – Nebenstadt"
    finally:
        for clear in (state.settings.cache_clear, st.cache_resource.clear, st.cache_data.clear):
            clear()
    assert dataset.from_store(Store(url=pg_url)).city_name == "Nebenstadt"


def _open(url: str, barrier) -> None:
    barrier.wait()
    publishing.open_store(database_url=url).engine.dispose()


@pytest.mark.slow  # four processes load the sample city (CI runs it; the fast lane not)
def test_four_processes_on_a_fresh_database_create_one_init_version(pg_url):
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(4)
    procs = [ctx.Process(target=_open, args=(pg_url, barrier)) for _ in range(4)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(120)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    store = Store(url=pg_url)
    assert store.versions()["kind"].tolist() == ["init"]
    assert store.check() == []
    store.engine.dispose()


def test_a_row_the_server_cannot_store_is_a_message_and_changes_nothing(pg_store):
    before = helpers.store_state(pg_store)
    with pytest.raises(StoreError, match=r"failed: .*0x00") as raised:
        pg_store.publish(
            Publication(kind="indicators", author="A", observations=obs("4\x001", 1.0))
        )
    assert "Traceback" not in str(raised.value)
    assert helpers.store_state(pg_store) == before

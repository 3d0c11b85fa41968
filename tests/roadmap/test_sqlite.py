"""SQLite as a real default: twenty concurrent saves end in successes or conflicts, never "database is
locked".

The threads work on a file-based SQLite database of their own, opened with the settings' SQLITE_OPTIONS
through a temporary connection alias: the suite's test database is in memory (one shared cache, whose
locking differs from a file's) and is not migrated into a file per test, which would cost seconds. Each
save does what monev.workflow.save_report does: read the row and its version, then write it only if
the version is unchanged (optimistic locking), inside one transaction.
"""

import threading

import pytest
from django.db import OperationalError, connections, transaction

from roadmap_site.env import SQLITE_OPTIONS, database_config

ALIAS = "sqlite_concurrency"
SAVES = 20


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker):
    """A temporary alias outside the test case's database isolation (it is not the test database)."""
    config = database_config(f"sqlite:///{tmp_path / 'pantau.sqlite3'}")
    connections.settings[ALIAS] = {**connections["default"].settings_dict, **config, "TEST": {}}
    with django_db_blocker.unblock():
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE report (id INTEGER PRIMARY KEY, version INTEGER, text TEXT)")
            cursor.execute("INSERT INTO report VALUES (1, 1, '')")
        connections[ALIAS].close()
        yield
    del connections.settings[ALIAS]


def save(outcomes: list, barrier: threading.Barrier, number: int) -> None:
    """One user's save of the same report: read, then write if nobody wrote in between."""
    connection = connections[ALIAS]
    barrier.wait()
    try:
        with transaction.atomic(using=ALIAS), connection.cursor() as cursor:
            cursor.execute("SELECT version FROM report WHERE id = 1")
            (version,) = cursor.fetchone()
            cursor.execute(
                "UPDATE report SET version = version + 1, text = %s WHERE id = 1 AND version = %s",
                [f"simpan {number}", version],
            )
            outcomes.append("success" if cursor.rowcount == 1 else "conflict")
    except OperationalError as error:  # what the user would see as a 500
        outcomes.append(f"error: {error}")
    finally:
        connection.close()


def test_twenty_concurrent_saves_succeed_or_conflict_never_lock_out(sqlite_file):
    outcomes: list[str] = []
    barrier = threading.Barrier(SAVES)
    threads = [threading.Thread(target=save, args=(outcomes, barrier, n)) for n in range(SAVES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == SAVES
    assert [outcome for outcome in outcomes if outcome.startswith("error")] == []
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT version FROM report WHERE id = 1")
        assert cursor.fetchone()[0] == 1 + outcomes.count("success")
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    connections[ALIAS].close()


def test_only_sqlite_gets_the_sqlite_options():
    assert database_config("sqlite:///x.sqlite3")["OPTIONS"] == SQLITE_OPTIONS
    assert "transaction_mode" not in database_config("postgres://u@h/db").get("OPTIONS", {})

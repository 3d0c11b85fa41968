"""Concurrent requests for the row-lock tests: each in its own thread, on its own database connection,
released together by a barrier once every one has read what its request would have read.

On PostgreSQL the writes really run at once. SQLite takes one database-wide write lock per transaction
(BEGIN IMMEDIATE, roadmap_site.env.SQLITE_OPTIONS) and waits for it up to its timeout; the suite's
in-memory shared-cache database answers "database table is locked" instead of waiting, so there the
writes are taken one after the other, as a file database would. Either way each request acts on what it
read before the others wrote: a workflow that trusts that stale read writes a second event.
"""

import threading
from collections.abc import Callable
from contextlib import nullcontext

from django.db import connection

from core.errors import WorkflowError


def race(prepare: Callable[[], Callable[[], object]], times: int = 10) -> list[str]:
    """Run `times` requests at once; `prepare()` does a request's reads and returns its write.

    Each outcome is "done", "refused" (a WorkflowError: the user's clear message) or "error: ..."
    (what would be a 500)."""
    barrier = threading.Barrier(times)
    outcomes: list[str] = []
    one_writer = threading.Lock() if connection.vendor == "sqlite" else nullcontext()

    def request() -> None:
        try:
            write = prepare()
            barrier.wait(timeout=30)
            with one_writer:
                write()
            outcomes.append("done")
        except WorkflowError:
            outcomes.append("refused")
        except Exception as error:  # noqa: BLE001 - every other failure is what the test reports
            outcomes.append(f"error: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes

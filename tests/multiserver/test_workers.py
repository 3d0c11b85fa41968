"""One machine as docs/deploy.md installs it without Redis: gunicorn with three workers. A report verified
through one worker shows on every worker at its next request (the versions are rows of the database and the
entries live in the database cache, core/cache.py)."""

import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection

from tests import live
from tests.multiserver.test_two_servers import Browser

WORKERS = 3


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    if connection.vendor != "sqlite":
        pytest.skip("runs once, in the SQLite run: its servers have their own SQLite database either way")
    work = tmp_path_factory.mktemp("three-workers")
    env = live.environment(DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}", MEDIA_ROOT=str(work / "media"))
    env.pop("REDIS_URL", None)
    live.prepare(env, [["migrate", "--noinput"], ["load_perbup"], ["create_periods"], ["setup_demo"]])
    port = live.free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(WORKERS),
        "--bind",
        f"127.0.0.1:{port}",
        "--access-logfile",
        "/dev/null",
        "tests.multiserver.pid_wsgi:application",
    ]
    process = subprocess.Popen(
        command, env=env, cwd=settings.BASE_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        live._wait_for(base)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


class WorkerBrowser(Browser):
    def answer(self, path: str) -> tuple[str, str]:
        """The page and the worker that answered it."""
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.headers["X-Worker-Pid"], response.read().decode()


def by_worker(browser: WorkerBrowser, path: str, read) -> dict[str, set]:
    """Ask until every worker has answered at least once: what each one said."""
    said: dict[str, set] = {}
    deadline = time.monotonic() + 120
    with ThreadPoolExecutor(WORKERS) as pool:  # concurrent requests reach different sync workers
        while len(said) < WORKERS and time.monotonic() < deadline:
            for pid, page in pool.map(lambda _n: browser.answer(path), range(WORKERS * 2)):
                said.setdefault(pid, set()).add(read(page))
    assert len(said) == WORKERS, f"only {len(said)} workers answered"
    return said


def test_a_report_verified_through_one_worker_shows_on_every_worker(gunicorn):
    browser = WorkerBrowser(gunicorn)
    browser.login("verifikator")
    period = browser.period_id("2023", "Semester I")
    export = f"/monev/dasbor/kelengkapan/?periode={period}&_export=csv"

    def verified(page: str) -> str:
        return Browser.csv_rows(page, "Bagian Hukum")["Diverifikasi"]

    before = by_worker(browser, export, verified)  # every worker has now computed and cached the results
    figures = set().union(*before.values())
    assert len(figures) == 1
    count = int(figures.pop())
    browser.post(f"/monev/laporan/{browser.first_report_waiting(period)}/verifikasi/", {})
    after = by_worker(browser, export, verified)
    assert after == {pid: {str(count + 1)} for pid in after}, "a worker answered with the old figure"


def test_every_worker_answers_the_trivial_page(gunicorn):
    with urllib.request.urlopen(gunicorn + "/akun/masuk/", timeout=10) as response:
        assert response.status == 200

"""Live app servers for the browser journeys and the two-server test: a database set up as `make run`
leaves it, and runserver processes on free ports."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings

SETUP = (["migrate", "--noinput"], ["load_perbup"], ["create_periods"], ["load_lke"], ["setup_demo"])


def environment(**overrides: str) -> dict:
    """A live server's environment: jobs (e-mail, report PDFs) run in the request, as no worker runs beside it."""
    return {
        **os.environ,
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "roadmap_site.settings",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        **overrides,
    }


def manage(env: dict, *command: str) -> str:
    """Run a management command in the live servers' environment; its output."""
    done = subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *command],
        env=env,
        check=True,
        capture_output=True,
        cwd=settings.BASE_DIR,
        text=True,
    )
    return done.stdout


def prepare(env: dict, commands=SETUP) -> None:
    for command in commands:
        manage(env, *command)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def servers(env: dict, count: int = 1) -> Iterator[list[str]]:
    """`count` runserver processes on the same environment; their base URLs, stopped on exit."""
    processes, bases = [], []
    try:
        for _server in range(count):
            port = free_port()
            processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        str(settings.BASE_DIR / "manage.py"),
                        "runserver",
                        f"127.0.0.1:{port}",
                        "--noreload",
                    ],
                    env=env,
                    cwd=settings.BASE_DIR,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            bases.append(f"http://127.0.0.1:{port}")
        for base in bases:
            _wait_for(base)
        yield bases
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


def _wait_for(base: str) -> None:
    for _attempt in range(150):
        try:
            urllib.request.urlopen(base + "/akun/masuk/", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"live server {base} did not start")

"""Benchmark at ten times the real data: server time, SQL queries and peak memory per page, export
times, and throughput under concurrent load. Writes bench/results.json. Run with `make bench`.

Not a test: numbers depend on the machine. A trivial page is measured in the same run so the
figures can be read as ratios on a noisy machine.
"""

import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import threading
import time
import tracemalloc
import urllib.request
from http.client import HTTPConnection
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
RESULTS = BASE / "bench" / "results.json"
WORK = BASE / "bench" / ".work"
REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))
LOAD_CLIENTS = int(os.environ.get("BENCH_CLIENTS", "20"))
LOAD_SECONDS = int(os.environ.get("BENCH_SECONDS", "30"))
PAGE_LOAD_SECONDS = float(os.environ.get("BENCH_PAGE_SECONDS", "10"))
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgres://postgres@127.0.0.1:5432/pantau_bench"


def environment() -> dict:
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    database = os.environ.get("BENCH_DATABASE_URL") or _postgres_or_sqlite()
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database,
        "DATABASE_CONN_MAX_AGE": "60",
        "MEDIA_ROOT": str(WORK / "media"),
        "STATIC_ROOT": str(WORK / "static"),
        "AXES_FAILURE_LIMIT": "1000",
        "PUBLIC_DASHBOARD": "1",
        "DJANGO_SETTINGS_MODULE": "roadmap_site.settings",
        # Production with several app servers shares Redis; without one, each process keeps its own cache
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", _redis_or_none()),
        "CACHE_KEY_PREFIX": f"pantau-bench-{secrets.token_hex(4)}",
        # Jobs run in the process, so an export is timed from request to file: the PDF's first run lays it
        # out (first_seconds), later runs of the same data get the kept file.
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    }


def _redis_or_none() -> str:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            if sock.recv(16).startswith(b"+PONG"):
                return "redis://127.0.0.1:6379/13"
    except OSError:
        pass
    return ""


def _postgres_or_sqlite() -> str:
    drop = ["psql", "-q", PG_ADMIN, "-c", "DROP DATABASE IF EXISTS pantau_bench", "-c", "CREATE DATABASE pantau_bench"]
    if shutil.which("psql") and subprocess.run(drop, capture_output=True).returncode == 0:
        return PG_BENCH
    return f"sqlite:///{WORK / 'bench.sqlite3'}"


def prepare(env: dict) -> None:
    manage = [sys.executable, str(BASE / "manage.py")]
    for command in (
        ["migrate", "--noinput"],
        ["load_perbup"],
        ["create_periods"],
        ["load_lke"],
        ["setup_demo", "--force"],
        ["collectstatic", "--noinput"],
    ):
        done = subprocess.run(manage + command, env=env, capture_output=True, cwd=BASE, text=True)
        if done.returncode:
            sys.exit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")


class QueryCounter(list):
    """A database execute wrapper that records every statement."""

    def __call__(self, execute, sql, params, many, context):
        self.append(sql)
        return execute(sql, params, many, context)


def measure_pages(client, pages: list[tuple[str, str, object]], before_each=None) -> list[dict]:
    """`before_each`, if given, runs before every request and outside its timing."""
    from django.db import connection

    results = []
    for name, url, user in pages:
        if user is not None:
            client.force_login(user)
        client.get(url)  # warm caches and the connection
        times = []
        for _run in range(REPEAT):
            if before_each is not None:
                before_each()
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        queries = QueryCounter()
        if before_each is not None:
            before_each()
        with connection.execute_wrapper(queries):
            client.get(url)
        if before_each is not None:
            before_each()
        tracemalloc.start()
        client.get(url)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        results.append(
            {
                "name": name,
                "url": url,
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(_percentile(times, 95), 1),
                "queries": len(queries),
                "peak_mb": round(peak / 2**20, 2),
            }
        )
        print(
            f"  {name:28} p50 {results[-1]['p50_ms']:7.1f} ms  p95 {results[-1]['p95_ms']:7.1f} ms  "
            f"{len(queries):3d} queries  {results[-1]['peak_mb']:6.2f} MB"
        )
    return results


def measure_exports(client, exports: list[tuple[str, str, object]], runs: int = 3) -> list[dict]:
    """Median of `runs` downloads each; the first PDF of a process also pays WeasyPrint's font setup."""
    results = []
    for name, url, user in exports:
        if user is not None:
            client.force_login(user)
        timings = []
        for _run in range(runs):
            start = time.perf_counter()
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            timings.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
        seconds = statistics.median(timings)
        results.append(
            {"name": name, "seconds": round(seconds, 3), "first_seconds": round(timings[0], 3), "bytes": len(body)}
        )
        print(f"  {name:28} {seconds:6.2f} s (first {timings[0]:.2f} s)  {len(body):9d} bytes")
    return results


def _percentile(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(percent / 100 * len(ordered)) - 1))
    return ordered[index]


def start_gunicorn(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(BASE / ".venv" / "bin" / "gunicorn"),
            "roadmap_site.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
            "--threads",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=BASE,
    )
    for _attempt in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/akun/masuk/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def load_test(port: int, cookie: str, urls: list[str], seconds: float, clients: int = LOAD_CLIENTS) -> dict:
    """`clients` keep-alive connections requesting `urls` in turn for `seconds`."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(number: int) -> None:
        connection = HTTPConnection("127.0.0.1", port, timeout=30)
        index = number
        while time.monotonic() < deadline:
            url = urls[index % len(urls)]
            index += 1
            start = time.perf_counter()
            try:
                connection.request("GET", url, headers={"Cookie": cookie, "Host": "127.0.0.1"})
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
                connection.close()
                connection = HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                latencies.append(elapsed)
                errors[0] += 0 if ok else 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.perf_counter() - started
    return {
        "clients": clients,
        "seconds": round(duration, 1),
        "requests": len(latencies),
        "rps": round(len(latencies) / duration, 1),
        "p95_ms": round(_percentile(latencies, 95), 1),
        "errors": errors[0],
    }


def main() -> None:
    env = environment()
    print(f"database: {env['DATABASE_URL']}")
    prepare(env)
    os.environ.update(env)
    sys.path.insert(0, str(BASE))
    import django

    django.setup()
    from django.core import signals
    from django.db import close_old_connections

    # As Django's test runner does: keep one connection for the whole run.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import Client

    from bench.dataset import build
    from monev.models import Period, Realisation
    from pmprb.models import Assessment
    from roadmap.models import OPD

    started = time.perf_counter()
    sizes = build()
    _analyse()
    print(f"dataset built in {time.perf_counter() - started:.1f} s: {sizes}")
    users = {u.username: u for u in get_user_model().objects.all()}
    verifier, evaluator, admin = users["verifikator"], users["evaluator"], users["admin"]
    operator = users["operator.inspektorat"]
    period = Period.objects.get(year=2023, semester=2)
    report = Realisation.objects.filter(opd__short_name="Inspektorat", period=period).first()
    assessment = Assessment.objects.get(year=2023)
    inspektorat = OPD.objects.get(short_name="Inspektorat")
    p = f"?periode={period.pk}"
    pages = [
        ("trivial (login page)", "/akun/masuk/", None),
        ("public dashboard", f"/monev/publik/{p}", None),
        ("home", "/", verifier),
        ("tugas saya", f"/monev/tugas/{p}", operator),
        ("report page", f"/monev/laporan/{report.pk}/", verifier),
        ("verification queue", f"/monev/verifikasi/?period={period.pk}&status=submitted", verifier),
        ("dashboard", f"/monev/dasbor/{p}", verifier),
        ("dashboard area", f"/monev/dasbor/area/6/{p}", verifier),
        ("dashboard opd", f"/monev/dasbor/opd/{inspektorat.pk}/{p}", verifier),
        ("indicator list", f"/monev/dasbor/indikator/{p}", verifier),
        ("activity list", f"/monev/dasbor/kegiatan/{p}", verifier),
        ("completeness list", f"/monev/dasbor/kelengkapan/{p}", verifier),
        ("indicator page", f"/monev/dasbor/indikator/{report.pk % 50 + 1}/", verifier),
        ("proposals", "/monev/usulan/", verifier),
        ("pmprb index", "/pmprb/", evaluator),
        ("pmprb assessment", f"/pmprb/{assessment.pk}/", evaluator),
        ("pmprb area", f"/pmprb/{assessment.pk}/area/7/", evaluator),
        ("recommendations", "/pmprb/rekomendasi/", evaluator),
        ("admin activities", "/admin/actionplan/activity/", admin),
    ]
    exports = [
        ("queue xlsx", f"/monev/verifikasi/?period={period.pk}&_export=xlsx", verifier),
        ("indicator list xlsx", f"/monev/dasbor/indikator/{p}&_export=xlsx", verifier),
        ("activity list csv", f"/monev/dasbor/kegiatan/{p}&_export=csv", verifier),
        ("tasks template xlsx", f"/monev/excel/{period.pk}/unduh/", operator),
        ("evaluation report pdf", f"/pmprb/{assessment.pk}/laporan.pdf", evaluator),
        ("evaluation report xlsx", f"/pmprb/{assessment.pk}/laporan.xlsx", evaluator),
        ("open data json", "/data/roadmap.json", None),  # the whole roadmap, public
    ]
    from core import cache
    from roadmap_site.gc_tuning import tune_for_server

    def report_changed() -> None:
        cache.bump(*cache.report_scopes(period.pk))  # what a save, submission or verification does

    memoised = {"dashboard", "indicator list", "public dashboard"}
    changed = [(f"{n} (after a change)", u, user) for n, u, user in pages if n in memoised]
    client = Client()
    print("pages after a change with CPython's default garbage collector (is roadmap_site/gc_tuning.py worth it?):")
    gc_default = measure_pages(client, changed, before_each=report_changed)
    tune_for_server()  # as roadmap_site/wsgi.py does for gunicorn
    print("pages (server time, in-process):")
    page_results = measure_pages(client, [(n, u, user) for n, u, user in pages if user is not None])
    anonymous = Client()
    page_results = measure_pages(anonymous, [(n, u, None) for n, u, user in pages if user is None]) + page_results
    print("pages on the first view after a report changed (period results recomputed, rows kept):")
    after_change = measure_pages(client, changed, before_each=report_changed)
    print("exports:")
    export_results = measure_exports(client, exports)

    def session_cookie(user) -> str:
        if user is None:
            return ""
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "accounts.backends.PermissionBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        return f"sessionid={session.session_key}"

    cookies = {user.pk: session_cookie(user) for _name, _url, user in pages if user is not None}
    from django.db import connections

    connections.close_all()
    load_urls = [
        url
        for name, url, _user in pages
        if name
        in {
            "dashboard",
            "verification queue",
            "indicator list",
            "dashboard opd",
            "pmprb assessment",
            "report page",
            "home",
        }
    ]
    cookie = cookies[verifier.pk]
    port = 8765
    server = start_gunicorn(env, port)
    try:
        print(f"load: {LOAD_CLIENTS} clients for {LOAD_SECONDS} s, a mix of pages, gunicorn (4 workers × 2 threads)")
        load = load_test(port, cookie, load_urls, LOAD_SECONDS)
        print(f"  {load}")
        print(f"load per page: {LOAD_CLIENTS} clients, {PAGE_LOAD_SECONDS:g} s each")
        load["trivial_rps"] = load_test(port, "", ["/akun/masuk/"], PAGE_LOAD_SECONDS)["rps"]
        print(f"  trivial (login page)         {load['trivial_rps']:7.1f} requests/s")
        load["pages"] = []
        for name, url, user in pages:
            if name not in LOADED_PAGES:
                continue
            measured = load_test(port, cookies.get(getattr(user, "pk", None), ""), [url], PAGE_LOAD_SECONDS)
            load["pages"].append(
                {
                    "name": name,
                    "url": url,
                    "rps": measured["rps"],
                    "p95_ms": measured["p95_ms"],
                    "errors": measured["errors"],
                }
            )
            print(
                f"  {name:28} {measured['rps']:7.1f} requests/s "
                f"({100 * measured['rps'] / load['trivial_rps']:4.1f} %)  p95 {measured['p95_ms']:7.1f} ms  "
                f"{measured['errors']} errors"
            )
    finally:
        server.terminate()
        server.wait(timeout=20)
    trivial = next(item for item in page_results if item["name"].startswith("trivial"))
    document = {
        "database": env["DATABASE_URL"].split("@")[-1],
        "dataset": sizes,
        "trivial_p50_ms": trivial["p50_ms"],
        "pages": page_results,
        # Not under the page targets: the one request after each write that recomputes the read models
        "pages_after_a_change": after_change,
        "pages_after_a_change_default_gc": gc_default,
        "exports": export_results,
        "load": load,
        "targets": _check(page_results, export_results, load),
    }
    RESULTS.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"written {RESULTS.relative_to(BASE)}; targets: {document['targets']}")


def _analyse() -> None:
    """Fresh planner statistics after the bulk load, as autovacuum gives a production database."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# Each dashboard and list page, loaded on its own under load (load.pages)
LOADED_PAGES = {
    "public dashboard",
    "tugas saya",
    "verification queue",
    "dashboard",
    "dashboard area",
    "dashboard opd",
    "indicator list",
    "activity list",
    "completeness list",
    "indicator page",
}


def _check(pages: list[dict], exports: list[dict], load: dict) -> dict:
    """The targets, as ratios to the trivial page measured in the same run (machines differ)."""
    pdf = next(e for e in exports if e["name"].endswith("pdf"))
    xlsx = [e for e in exports if e["name"].endswith("xlsx")]
    trivial_p50 = next(p["p50_ms"] for p in pages if p["name"].startswith("trivial"))
    trivial_rps = load["trivial_rps"]
    loaded = load["pages"]
    return {
        "pages_p95_le_40x_trivial_p50": all(p["p95_ms"] <= 40 * trivial_p50 for p in pages),
        "pages_le_25_queries": all(p["queries"] <= 25 for p in pages),
        "loaded_pages_ge_15pct_trivial_rps": all(p["rps"] >= 0.15 * trivial_rps for p in loaded),
        "public_ge_50pct_trivial_rps": all(
            p["rps"] >= 0.5 * trivial_rps for p in loaded if p["name"] == "public dashboard"
        ),
        "pdf_le_3s": pdf["seconds"] <= 3,
        "excel_le_2s": all(e["seconds"] <= 2 for e in xlsx),
        "zero_errors_under_load": load["errors"] == 0 and all(p["errors"] == 0 for p in loaded),
    }


if __name__ == "__main__":
    main()

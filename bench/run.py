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
    }


def _postgres_or_sqlite() -> str:
    drop = ["psql", "-q", PG_ADMIN, "-c", "DROP DATABASE IF EXISTS pantau_bench", "-c", "CREATE DATABASE pantau_bench"]
    if shutil.which("psql") and subprocess.run(drop, capture_output=True).returncode == 0:
        return PG_BENCH
    return f"sqlite:///{WORK / 'bench.sqlite3'}"


def prepare(env: dict) -> None:
    manage = [sys.executable, str(BASE / "manage.py")]
    for command in (["migrate", "--noinput"], ["load_perbup"], ["create_periods"], ["load_lke"],
                    ["setup_demo", "--force"], ["collectstatic", "--noinput"]):  # fmt: skip
        subprocess.run(manage + command, env=env, check=True, capture_output=True, cwd=BASE)


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
        results.append({
            "name": name, "url": url, "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(_percentile(times, 95), 1), "queries": len(queries), "peak_mb": round(peak / 2**20, 2),
        })  # fmt: skip
        print(f"  {name:28} p50 {results[-1]['p50_ms']:7.1f} ms  p95 {results[-1]['p95_ms']:7.1f} ms  "
              f"{len(queries):3d} queries  {results[-1]['peak_mb']:6.2f} MB")  # fmt: skip
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
        results.append({"name": name, "seconds": round(seconds, 3), "first_seconds": round(timings[0], 3),
                        "bytes": len(body)})  # fmt: skip
        print(f"  {name:28} {seconds:6.2f} s (first {timings[0]:.2f} s)  {len(body):9d} bytes")
    return results


def _percentile(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(percent / 100 * len(ordered)) - 1))
    return ordered[index]


def load_test(env: dict, cookie: str, urls: list[str]) -> dict:
    port = 8765
    server = subprocess.Popen(
        [str(BASE / ".venv" / "bin" / "gunicorn"), "roadmap_site.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "4", "--threads", "2", "--log-level", "warning"],
        env=env, cwd=BASE,
    )  # fmt: skip
    try:
        for _attempt in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/akun/masuk/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        latencies: list[float] = []
        errors = [0]
        lock = threading.Lock()
        deadline = time.monotonic() + LOAD_SECONDS

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

        threads = [threading.Thread(target=client, args=(n,)) for n in range(LOAD_CLIENTS)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        duration = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=20)
    return {
        "clients": LOAD_CLIENTS, "seconds": round(duration, 1), "requests": len(latencies),
        "rps": round(len(latencies) / duration, 1), "p95_ms": round(_percentile(latencies, 95), 1),
        "errors": errors[0],
    }  # fmt: skip


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
    from roadmap_site.gc_tuning import tune_for_server

    tune_for_server()  # as roadmap_site/wsgi.py does for gunicorn
    client = Client()
    print("pages (server time, in-process):")
    page_results = measure_pages(client, [(n, u, user) for n, u, user in pages if user is not None])
    anonymous = Client()
    page_results = measure_pages(anonymous, [(n, u, None) for n, u, user in pages if user is None]) + page_results
    print("pages on the first view after a report changed (period results recomputed, rows kept):")
    from dashboards import results as dashboard

    memoised = {"dashboard", "indicator list", "public dashboard"}
    changed = [(f"{n} (after a change)", u, user) for n, u, user in pages if n in memoised]
    page_results += measure_pages(client, changed, before_each=dashboard._RESULTS.clear)
    print("exports:")
    export_results = measure_exports(client, exports)
    session = SessionStore()
    session["_auth_user_id"] = str(verifier.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = verifier.get_session_auth_hash()
    session.create()
    from django.db import connections

    connections.close_all()
    load_urls = [url for name, url, _user in pages if name in {"dashboard", "verification queue", "indicator list",
                 "dashboard opd", "pmprb assessment", "report page", "home"}]  # fmt: skip
    print(f"load: {LOAD_CLIENTS} clients for {LOAD_SECONDS} s against gunicorn (4 workers × 2 threads)...")
    load = load_test(env, f"sessionid={session.session_key}", load_urls)
    print(f"  {load}")
    trivial = next(item for item in page_results if item["name"].startswith("trivial"))
    document = {
        "database": env["DATABASE_URL"].split("@")[-1],
        "dataset": sizes,
        "trivial_p50_ms": trivial["p50_ms"],
        "pages": page_results,
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


def _check(pages: list[dict], exports: list[dict], load: dict) -> dict:
    pdf = next(e for e in exports if e["name"].endswith("pdf"))
    xlsx = [e for e in exports if e["name"].endswith("xlsx")]
    return {
        "pages_p95_le_150ms": all(p["p95_ms"] <= 150 for p in pages),
        "pages_le_25_queries": all(p["queries"] <= 25 for p in pages),
        "pdf_le_3s": pdf["seconds"] <= 3,
        "excel_le_2s": all(e["seconds"] <= 2 for e in xlsx),
        "zero_errors_under_load": load["errors"] == 0,
    }


if __name__ == "__main__":
    main()

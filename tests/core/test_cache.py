"""The shared cache (core/cache.py): nothing of one reader in it, right when it fails, refused per process."""

import os
import pickle
import shutil
import signal
import subprocess
import time

import pytest
from django.core.checks import run_checks
from django.urls import reverse

from core import cache
from monev import workflow
from tests import factories

PAGES = [
    ("dashboards:overview", {}),
    ("dashboards:indicator_list", {}),
    ("dashboards:activity_list", {}),
    ("dashboards:completeness_list", {}),
    ("dashboards:annual", {}),
    ("monev:verification_queue", {}),
    ("monev:my_tasks", {}),
    ("pmprb:index", {}),
]


@pytest.fixture
def stored(monkeypatch):
    """Every value written to the shared cache during the test."""
    values = []
    real_set = cache._shared.set
    monkeypatch.setattr(cache._shared, "set", lambda key, value: values.append(value) or real_set(key, value))
    return values


@pytest.mark.django_db
def test_no_shared_entry_holds_a_readers_name_messages_or_token(
    client, stored, verifier, operator_a, head_a, open_period, activity_a
):
    for user in (verifier, operator_a, head_a):
        user.first_name, user.last_name, user.email = f"Nama{user.username}", "Pembaca", f"{user.username}@contoh.id"
        user.save()
    report = factories.report(operator_a, open_period, activity_a, submit=True)
    readers = {}
    for user in (verifier, operator_a):
        client.force_login(user)
        if user == verifier:  # a message waits in the session when the dashboards are read
            client.post(reverse("monev:verify", args=[report.pk]), {"confirm_no_evidence": "1"})
        for name, params in PAGES:
            response = client.get(reverse(name), {"periode": open_period.pk, **params})
            assert response.status_code in (200, 302, 403)
        readers[user] = client.cookies["csrftoken"].value
    assert any(isinstance(value, str) and "<table" in value for value in stored), "the tables are shared fragments"
    blob = b"".join(pickle.dumps(value) for value in stored).decode("latin-1")
    for user, token in readers.items():
        for private in (user.username, user.first_name, user.email, token, "Laporan diverifikasi."):
            assert private not in blob, f"{private!r} of {user} is in a shared entry"


@pytest.mark.django_db
def test_a_shared_fragment_with_a_form_token_is_refused(rf, verifier):
    from django.template import Context, Template

    request = rf.get("/")
    request.user = verifier
    shared = Template('{% load shared_fragments %}{% shared_fragment "x" %}{{ who }}{% endshared_fragment %}')
    assert shared.render(Context({"request": request, "who": "semua"})) == "semua"
    typed = Template('{% load shared_fragments %}{% shared_fragment "t" %}{{ kendala }}{% endshared_fragment %}')
    text = 'kolom name="csrfmiddlewaretoken" di formulir'  # a report's text may say anything
    assert "csrfmiddlewaretoken" in typed.render(Context({"request": request, "kendala": text}))
    posting = Template('{% load shared_fragments %}{% shared_fragment "y" %}{% csrf_token %}{% endshared_fragment %}')
    with pytest.raises(ValueError, match="CSRF"):
        posting.render(Context({"request": request, "csrf_token": "rahasia-pembaca"}))


@pytest.mark.django_db
def test_a_shared_fragment_is_computed_once_per_data_version_and_reader(rf, verifier, operator_a):
    from django.template import Context, Template

    calls = []
    shared = Template('{% load shared_fragments %}{% shared_fragment "z" data %}{{ n }}{% endshared_fragment %}')

    def render(user) -> str:
        request = rf.get("/halaman/?a=1")
        request.user = user
        return shared.render(Context({"request": request, "data": lambda: {"n": calls.append(1) or len(calls)}}))

    assert render(verifier) == "1" and render(verifier) == "1"
    assert render(operator_a) == "2"  # other powers, another OPD: its own fragment
    cache.bump(cache.MASTER)
    assert render(verifier) == "3"


def test_an_entry_of_another_release_is_never_read(settings, tmp_path, db):
    """A deploy that changes a template or the code (and runs no migrate) gets its own entries."""
    (tmp_path / "app").mkdir()
    template = tmp_path / "app" / "page.html"
    template.write_text("<p>{{ old }}</p>")
    settings.BASE_DIR = tmp_path
    cache.release.cache_clear()
    try:
        before = cache.release()
        computed = []
        assert cache.cached("uji-rilis", [cache.MASTER], lambda: computed.append(1) or "lama") == "lama"
        assert cache.cached("uji-rilis", [cache.MASTER], lambda: computed.append(1) or "baru") == "lama"
        template.write_text("<p>{{ new }}</p>")
        cache.release.cache_clear()
        assert cache.release() != before
        assert cache.cached("uji-rilis", [cache.MASTER], lambda: computed.append(1) or "baru") == "baru"
        assert len(computed) == 2
    finally:
        cache.release.cache_clear()


def test_a_per_process_cache_is_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert "core.E001" in [message.id for message in run_checks()]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "t"}}
    assert "core.E001" not in [message.id for message in run_checks()]
    settings.DEBUG = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert "core.E001" not in [message.id for message in run_checks()]


@pytest.mark.django_db
def test_the_database_cache_table_is_made_by_migrate(settings):
    from django.core.cache import caches

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "pantau_rb_cache"}
    }
    from core.apps import create_cache_table

    create_cache_table()
    caches["default"].set("probe", 41)
    assert caches["default"].get("probe") == 41


# -- Redis stopped, paused and back ------------------------------------------------------------------


@pytest.fixture
def redis_server(tmp_path, settings):
    """A Redis of this test's own on a free port, as the app's cache."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing in CI")
        pytest.skip("needs redis-server")
    from tests.live import free_port

    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    import redis

    client = redis.Redis.from_url(url)
    for _attempt in range(100):
        try:
            client.ping()
            break
        except redis.exceptions.ConnectionError:
            time.sleep(0.05)
    yield process
    process.kill()
    process.wait()


def verified_count(client, period) -> int:
    response = client.get(reverse("dashboards:completeness_list"), {"periode": period.pk, "_export": "csv"})
    assert response.status_code == 200
    lines = [line for line in response.content.decode("utf-8-sig").splitlines() if "Bagian Hukum" in line]
    header = response.content.decode("utf-8-sig").splitlines()[0].split(",")
    return int(lines[0].split(",")[header.index("Diverifikasi")])


@pytest.mark.django_db
def test_a_paused_redis_costs_no_save_and_no_page_and_leaves_nothing_stale(
    client, redis_server, verifier, operator_a, open_period, activity_a, stored
):
    first = factories.report(operator_a, open_period, activity_a, submit=True)
    client.force_login(verifier)
    assert verified_count(client, open_period) == 0 and stored  # the read models are now in Redis
    redis_server.send_signal(signal.SIGSTOP)  # paused: every call waits for its time-out
    try:
        started = time.monotonic()
        workflow.verify(verifier, first)  # the save succeeds without the cache
        assert verified_count(client, open_period) == 1  # computed without the cache, not a 500
        assert time.monotonic() - started < 5
    finally:
        redis_server.send_signal(signal.SIGCONT)
    cache.resume_shared_cache()
    # Back with its old entries: none of them is read again, the new version has its own key
    assert verified_count(client, open_period) == 1


@pytest.mark.django_db
def test_a_stopped_redis_answers_every_dashboard_and_save(
    client, redis_server, verifier, operator_a, open_period, activity_a
):
    report = factories.report(operator_a, open_period, activity_a, submit=True)
    client.force_login(verifier)
    verified_count(client, open_period)
    redis_server.kill()
    redis_server.wait()
    response = client.post(reverse("monev:verify", args=[report.pk]), {"confirm_no_evidence": "1"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "verified"
    for name, _params in PAGES:
        expected = 403 if name == "monev:my_tasks" else 200  # Tugas saya is the OPDs' page
        assert client.get(reverse(name), {"periode": open_period.pk}).status_code == expected, name
    assert verified_count(client, open_period) == 1


def test_a_get_request_reads_the_versions_once_and_again_after_its_own_write(rf, db, django_assert_num_queries):
    seen = []

    def view(request):
        with django_assert_num_queries(1):
            seen.append(cache.versions([cache.MASTER, cache.REPORTS]))
            seen.append(cache.versions([cache.REPORTS, cache.MASTER]))
        cache.bump(cache.MASTER)  # a write inside the request: what it read before is not current
        seen.append(cache.versions([cache.MASTER, cache.REPORTS]))
        return None

    cache.RequestVersions(view)(rf.get("/"))
    assert seen[0] == tuple(reversed(seen[1]))
    assert seen[2][0] != seen[0][0] and seen[2][1] == seen[0][1]
    posted = []
    cache.RequestVersions(lambda request: posted.append(cache.versions([cache.MASTER])))(rf.post("/"))
    cache.bump(cache.MASTER)
    assert cache.versions([cache.MASTER]) != posted[0]  # outside a GET nothing is remembered

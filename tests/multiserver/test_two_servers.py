"""Two app servers on one PostgreSQL database and one Redis: a change made through one shows on the other
at its next request (the dashboards' read models are shared under versioned keys, core/cache.py).

Needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL); skipped without them, except in CI where
.ci/run provides both and a skip would hide a broken setup.
"""

import csv
import http.cookiejar
import io
import os
import re
import urllib.parse
import urllib.request
from html.parser import HTMLParser

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from tests import live

pytestmark = pytest.mark.multiserver

DEMO_PASSWORD = "demo-pantau-rb"


def _requirements_missing() -> str | None:
    if connection.vendor != "postgresql":
        return "needs PostgreSQL (DATABASE_URL)"
    if not settings.REDIS_URL:
        return "needs Redis (REDIS_URL)"
    return None


@pytest.fixture(scope="module")
def servers(tmp_path_factory, django_db_blocker):
    missing = _requirements_missing()
    if missing:
        # CI runs the suite on SQLite (skipped here) and again on PostgreSQL with Redis (must run)
        if os.environ.get("CI") and connection.vendor == "postgresql":
            pytest.fail(f"two-server test {missing} in CI")
        pytest.skip(missing)
    params = connection.settings_dict
    name = f"pantau_two_servers_{os.getpid()}"
    admin = psycopg2.connect(
        dbname="postgres", user=params["USER"], host=params["HOST"], port=params["PORT"], password=params["PASSWORD"]
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    url = f"postgres://{params['USER']}@{params['HOST']}:{params['PORT']}/{name}"
    work = tmp_path_factory.mktemp("two-servers")
    env = live.environment(
        DATABASE_URL=url, REDIS_URL=settings.REDIS_URL, CACHE_KEY_PREFIX=name, MEDIA_ROOT=str(work / "media")
    )
    live.prepare(env, [["migrate", "--noinput"], ["load_perbup"], ["create_periods"], ["setup_demo"]])
    try:
        with live.servers(env, count=2) as bases:
            yield bases
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_a_report_verified_through_one_server_shows_on_the_others_dashboard(servers):
    first, second = (Browser(base) for base in servers)
    for browser in (first, second):
        browser.login("verifikator")
    period = second.period_id("2023", "Semester I")
    export = f"/monev/dasbor/kelengkapan/?periode={period}&_export=csv"
    verified_before = second.csv_cell(export, "Bagian Hukum", "Diverifikasi")
    report = first.first_report_waiting(period)
    first.post(f"/monev/laporan/{report}/verifikasi/", {})
    assert second.csv_cell(export, "Bagian Hukum", "Diverifikasi") == str(int(verified_before) + 1)


def test_an_admin_edit_of_a_rows_text_through_one_server_shows_on_the_other(servers):
    first, second = (Browser(base) for base in servers)
    first.login("admin")
    second.login("verifikator")
    period = second.period_id("2023", "Semester I")
    listing = f"/monev/dasbor/kegiatan/?periode={period}&q=Portal+data+terbuka+kabupaten&_export=csv"
    assert "Portal data terbuka kabupaten" not in second.get(listing)
    change = "/admin/actionplan/activity/1/change/"
    fields = FormFields.of(first.get(change))
    fields["kegiatan"] = "Portal data terbuka kabupaten"
    first.post(change, fields)
    assert "Portal data terbuka kabupaten" in second.get(listing)


# -- a small HTTP client with cookies and CSRF ----------------------------------------------------


class Browser:
    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path: str, data: dict) -> str:
        token = next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        with self.opener.open(request, timeout=30) as response:
            return response.read().decode()

    def login(self, username: str) -> None:
        self.get("/akun/masuk/")
        page = self.post("/akun/masuk/", {"username": username, "password": DEMO_PASSWORD})
        assert "Keluar" in page or "keluar" in page, f"{username} could not log in"

    def period_id(self, year: str, semester: str) -> str:
        page = self.get("/monev/dasbor/")
        match = re.search(rf'<option value="(\d+)"[^>]*>\s*{year}\D+{semester}\b', page)
        assert match, "period not in the picker"
        return match.group(1)

    def first_report_waiting(self, period: str) -> str:
        page = self.get(f"/monev/verifikasi/?status=submitted&period={period}")
        match = re.search(r'href="/monev/laporan/(\d+)/"', page)
        assert match, "no submitted report in the queue"
        return match.group(1)

    def csv_cell(self, path: str, row_label: str, column: str) -> str:
        return self.csv_rows(self.get(path), row_label)[column]

    @staticmethod
    def csv_rows(page: str, row_label: str) -> dict:
        """The first row of a CSV download that mentions `row_label`."""
        rows = list(csv.DictReader(io.StringIO(page.lstrip("\ufeff"))))
        found = [row for row in rows if row_label in " ".join(row.values())]
        assert found, f"{row_label} not in the download"
        return found[0]


class FormFields(HTMLParser):
    """The values an HTML form would post: inputs, selected options and textareas."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    @classmethod
    def of(cls, html: str) -> dict:
        parser = cls()
        parser.feed(html)
        return {name: values if len(values) > 1 else values[0] for name, values in parser.values.items()}

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                self.values.setdefault(name, []).append(attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.values.setdefault(self._select, []).append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.values.setdefault(name, []).append("")

    def handle_endtag(self, tag) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            # Browsers drop the newline Django writes right after <textarea>
            text = self.values[self._textarea][-1]
            self.values[self._textarea][-1] = text[1:] if text.startswith("\n") else text
            self._textarea = None

    def handle_data(self, data) -> None:
        if self._textarea:
            self.values[self._textarea][-1] += data

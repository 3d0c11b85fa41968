"""Indonesian error pages in the site's look, each with a way back home."""

import pytest
from django.test import Client
from django.urls import reverse
from django.views.defaults import server_error

HOME_LINK = 'href="/"'


def test_404_is_indonesian_with_a_way_home(client, db):
    response = client.get("/tidak-ada-halaman-ini/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in page and "Kembali ke beranda" in page and HOME_LINK in page
    assert "navbar" in page and "Resolver404" not in page


def test_403_shows_the_rules_message(client, db, operator_a):
    client.force_login(operator_a)
    response = client.get(reverse("monev:verification_queue"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "Akses ditolak" in page and "Antrean verifikasi untuk Bagian Organisasi" in page and HOME_LINK in page


def test_400_is_indonesian(client, db):
    response = client.get("/", HTTP_HOST="bukan-host-kami.example")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Permintaan tidak valid" in page and HOME_LINK in page


def test_500_renders_without_a_request_context_or_the_database(rf):
    response = server_error(rf.get("/"))  # no db fixture: any query would raise
    page = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi kesalahan pada server" in page and "Kembali ke beranda" in page and HOME_LINK in page


@pytest.mark.django_db
def test_a_csrf_failure_is_explained_in_indonesian():
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "a", "password": "b"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Formulir tidak dapat diterima" in page and "cookie" in page and HOME_LINK in page

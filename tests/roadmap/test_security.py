"""Security settings: login throttling, secure cookies and headers, uploads never under static."""

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.choices import Role
from tests import factories


def test_login_is_throttled_after_repeated_failures(client, db):
    factories.make_user("operator_x", Role.OPERATOR, "Bagian Hukum")
    url = reverse("login")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": "operator_x", "password": "salah"})
        assert response.status_code == 200
    assert client.post(url, {"username": "operator_x", "password": "salah"}).status_code == 429
    locked = client.post(url, {"username": "operator_x", "password": factories.PASSWORD})
    assert locked.status_code == 429
    assert "Akun dikunci sementara" in locked.content.decode()


def test_a_correct_login_works_and_resets_the_count(client, db):
    factories.make_user("operator_y", Role.OPERATOR, "Bagian Hukum")
    client.post(reverse("login"), {"username": "operator_y", "password": "salah"})
    response = client.post(reverse("login"), {"username": "operator_y", "password": factories.PASSWORD})
    assert response.status_code == 302


def test_wrong_password_message_is_indonesian(client, db):
    response = client.post(reverse("login"), {"username": "siapa", "password": "salah"})
    assert "nama pengguna atau sandi salah" in response.content.decode().lower()


def test_pages_send_a_content_security_policy_and_deny_framing(client, db):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_production_cookies_are_secure():
    # test settings run with DEBUG off, as production does
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE and settings.SESSION_COOKIE_HTTPONLY


def test_uploads_live_outside_every_static_path():
    media = settings.MEDIA_ROOT.resolve()
    for static in [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]:
        static = static.resolve()
        assert media != static and static not in media.parents and media not in static.parents


def test_no_url_serves_the_media_directory(client, db, administrator):
    """An evidence file that really exists under MEDIA_ROOT is not served at any media-like address,
    whatever MEDIA_URL is, even to an administrator."""
    stored = settings.MEDIA_ROOT / "bukti" / "rahasia.pdf"
    stored.parent.mkdir(parents=True, exist_ok=True)
    stored.write_bytes(b"%PDF-1.4 rahasia")
    client.force_login(administrator)
    prefixes = {"/media/", "/" + settings.MEDIA_URL.lstrip("/") if settings.MEDIA_URL else "/media/", "/static/"}
    for prefix in prefixes:
        response = client.get(f"{prefix.rstrip('/')}/bukti/rahasia.pdf")
        assert response.status_code == 404
        assert b"rahasia" not in b"".join(getattr(response, "streaming_content", [response.content]))


@pytest.mark.parametrize("username", ["x" * 300, "x" * 100_000, "nama\x00nul", "\x00"])
def test_an_absurd_login_name_is_an_ordinary_failed_login(client, db, username):
    response = client.post(reverse("login"), {"username": username, "password": "salah"})
    assert response.status_code == 200
    assert "nama pengguna atau sandi salah" in response.content.decode().lower() or response.context["form"].errors


def fail_logins(client, username: str, forwarded_for: str, times: int) -> list[int]:
    url = reverse("login")
    return [
        client.post(url, {"username": username, "password": "salah"}, HTTP_X_FORWARDED_FOR=forwarded_for).status_code
        for _attempt in range(times)
    ]


def test_behind_the_proxy_a_strangers_failures_do_not_lock_the_real_user_out(client, db, settings):
    settings.BEHIND_TLS_PROXY, settings.TRUSTED_PROXY_COUNT = True, 1
    factories.make_user("verifikator_x", Role.VERIFIER, "Bagian Organisasi")
    # every request arrives from the proxy (REMOTE_ADDR 127.0.0.1); nginx appends the client's address
    assert fail_logins(client, "verifikator_x", "203.0.113.9", settings.AXES_FAILURE_LIMIT)[-1] == 429
    own = client.post(
        reverse("login"),
        {"username": "verifikator_x", "password": factories.PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert own.status_code == 302


def test_a_forged_forwarded_address_does_not_escape_the_lock(client, db, settings):
    settings.BEHIND_TLS_PROXY, settings.TRUSTED_PROXY_COUNT = True, 1
    codes = [
        fail_logins(client, "siapa", f"10.0.0.{attempt}, 203.0.113.9", 1)[0]
        for attempt in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert codes[-1] == 429  # the client wrote the first address itself; the proxy's entry counts


def test_without_a_proxy_the_forwarded_header_is_ignored(client, db, settings):
    settings.BEHIND_TLS_PROXY = False
    codes = [fail_logins(client, "siapa", f"10.0.0.{n}", 1)[0] for n in range(settings.AXES_FAILURE_LIMIT)]
    assert codes[-1] == 429


def test_two_trusted_proxies_take_the_address_the_outer_one_saw(rf, settings):
    from accounts.throttling import client_ip

    settings.BEHIND_TLS_PROXY, settings.TRUSTED_PROXY_COUNT = True, 2
    request = rf.post("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7, 10.1.1.1", REMOTE_ADDR="10.1.1.2")
    assert client_ip(request) == "198.51.100.7"
    request = rf.post("/", HTTP_X_FORWARDED_FOR="bukan-alamat, 10.1.1.1", REMOTE_ADDR="10.1.1.2")
    assert client_ip(request) == "10.1.1.2"


def test_a_wrong_password_is_refused_in_one_indonesian_sentence(client, db):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("pengguna", password="sandi-benar-123")
    page = client.post("/akun/masuk/", {"username": "pengguna", "password": "salah"}).content.decode()
    assert "Nama pengguna atau sandi salah." in page and "nama pengguna nama pengguna" not in page.lower()


def test_password_reset_sends_an_indonesian_e_mail_with_a_working_link(client, db):
    import re

    from django.contrib.auth import get_user_model
    from django.core import mail

    get_user_model().objects.create_user("pengguna", email="p@example.test", password="sandi-lama-123")
    response = client.post("/akun/lupa-sandi/", {"email": "p@example.test"})
    assert response.status_code == 302 and len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Pantau RB: membuat sandi baru"
    link = re.search(r"http://testserver(/akun/lupa-sandi/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert "Buat sandi baru" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "Sandi-Baru-2024!", "new_password2": "Sandi-Baru-2024!"}
    )
    assert done.status_code == 302
    assert get_user_model().objects.get(username="pengguna").check_password("Sandi-Baru-2024!")


def test_password_change_uses_the_site_layout(client, db):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("pengguna", password="sandi-lama-123")
    client.force_login(user)
    page = client.get("/akun/ganti-sandi/").content.decode()
    assert "Ganti sandi" in page and "vendor/bootstrap/bootstrap.min.css" in page and "Django" not in page

"""Sessions outlive deploys: a session stored by an earlier release still signs its user in."""

from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from accounts.choices import Role
from tests import factories

# The backend path every session created since the first release carries (django.contrib.auth stores it).
STORED_BACKEND = "accounts.backends.PermissionBackend"


def test_a_session_stored_by_an_earlier_release_stays_signed_in(client, db):
    user = factories.make_user("operator.lama", Role.OPERATOR, "Bagian Hukum")
    session = SessionStore()
    session.update(
        {
            "_auth_user_id": str(user.pk),
            "_auth_user_backend": STORED_BACKEND,
            "_auth_user_hash": user.get_session_auth_hash(),
        }
    )
    session.create()
    client.cookies["sessionid"] = session.session_key
    response = client.get(reverse("monev:my_tasks"))
    assert response.status_code == 200 and response.wsgi_request.user == user
    assert response.wsgi_request.user.membership.opd.short_name == "Bagian Hukum"

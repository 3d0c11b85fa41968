"""Demo accounts for every role and two OPDs; created by `make run` only, never in production."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.choices import Role
from accounts.models import Membership
from roadmap.models import OPD

DEMO_PASSWORD = "demo-pantau-rb"

# username, full name, role, OPD short name (None: no OPD)
DEMO_ACCOUNTS = [
    ("admin", "Administrator Demo", Role.ADMINISTRATOR, None),
    ("verifikator", "Verifikator Bagian Organisasi", Role.VERIFIER, "Bagian Organisasi"),
    ("evaluator", "Evaluator Inspektorat", Role.EVALUATOR, "Inspektorat"),
    ("operator.hukum", "Operator Bagian Hukum", Role.OPERATOR, "Bagian Hukum"),
    ("kepala.hukum", "Kepala Bagian Hukum", Role.HEAD, "Bagian Hukum"),
    ("operator.bkppd", "Operator BKPPD", Role.OPERATOR, "BKPPD"),
    ("operator.inspektorat", "Operator Inspektorat", Role.OPERATOR, "Inspektorat"),
]


def create_demo_accounts() -> int:
    """Create missing demo users; existing ones are left as they are. Returns how many were made."""
    user_model = get_user_model()
    created = 0
    for username, full_name, role, opd_name in DEMO_ACCOUNTS:
        if user_model.objects.filter(username=username).exists():
            continue
        first_name, _space, last_name = full_name.partition(" ")
        user = user_model.objects.create_user(
            username=username,
            password=DEMO_PASSWORD,
            first_name=first_name,
            last_name=last_name,
            email=f"{username}@demo.pasuruankab.go.id",
            is_staff=role == Role.ADMINISTRATOR,
            is_superuser=role == Role.ADMINISTRATOR,
        )
        user.groups.add(Group.objects.get(name=role.value))
        if opd_name:
            Membership.objects.create(user=user, opd=OPD.objects.get(short_name=opd_name))
        created += 1
    return created

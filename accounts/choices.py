from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The five role groups. Their powers are permissions (accounts.roles.ROLE_PERMISSIONS), never these names."""

    OPERATOR = "Operator OPD", _("Operator OPD")
    HEAD = "Kepala OPD", _("Kepala OPD")
    VERIFIER = "Verifikator", _("Verifikator (Bagian Organisasi)")
    EVALUATOR = "Evaluator", _("Evaluator (Inspektorat)")
    ADMINISTRATOR = "Administrator", _("Administrator")

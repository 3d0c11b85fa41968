from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Membership(models.Model):
    """The OPD a user works for; a user belongs to at most one OPD."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    opd = models.ForeignKey("roadmap.OPD", on_delete=models.PROTECT, related_name="members", verbose_name=_("OPD"))

    class Meta:
        # Moved from monev with its table (a state-only migration): no data is copied.
        db_table = "monev_membership"
        ordering = ["opd", "user__username"]
        verbose_name = _("keanggotaan OPD")
        verbose_name_plural = _("keanggotaan OPD")

    def __str__(self) -> str:
        return f"{self.user} — {self.opd}"

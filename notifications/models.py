from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    RETURNED = "returned", _("laporan dikembalikan untuk diperbaiki")
    VERIFIED = "verified", _("laporan diverifikasi")
    APPROVAL_REQUESTED = "approval_requested", _("menunggu persetujuan Kepala OPD")
    APPROVED = "approved", _("laporan disetujui Kepala OPD")
    RESUBMITTED = "resubmitted", _("laporan diperbaiki dan diajukan kembali")
    FINDING = "finding", _("temuan dan rekomendasi baru")
    FOLLOW_UP = "follow_up", _("tindak lanjut rekomendasi")
    FOLLOW_UP_DECIDED = "follow_up_decided", _("tindak lanjut diputuskan")
    REMINDER = "reminder", _("pengingat batas waktu")
    ESCALATION = "escalation", _("laporan terlambat")


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> "NotificationQuerySet":
        return self.filter(recipient=user) if user.is_authenticated else self.none()

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message to one user about something that needs their attention, shown in the application."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("jenis"), max_length=30, choices=Kind.choices)
    message = models.TextField(_("pesan"))
    url = models.CharField(_("tautan"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)
    emailed = models.BooleanField(_("dikirim lewat e-mail"), default=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")

    def __str__(self) -> str:
        return self.message[:80]

    def get_absolute_url(self) -> str:
        return reverse("notifications:open", args=[self.pk])

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Preference(models.Model):
    """A user's choice of how to be told; without a row, e-mail is on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_enabled = models.BooleanField(
        _("kirim pemberitahuan lewat e-mail"),
        default=True,
        help_text=_("Pemberitahuan tetap tampil di aplikasi walaupun e-mail dimatikan."),
    )

    class Meta:
        verbose_name = _("preferensi pemberitahuan")
        verbose_name_plural = _("preferensi pemberitahuan")

    def __str__(self) -> str:
        return str(self.user)


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("menunggu dikirim")
    SENDING = "sending", _("sedang dikirim")
    SENT = "sent", _("terkirim")
    FAILED = "failed", _("gagal, tidak dicoba lagi")


class OutboxMessageQuerySet(models.QuerySet):
    def due(self, now=None) -> "OutboxMessageQuerySet":
        """Messages waiting whose next attempt has come."""
        return self.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now or timezone.now())


class OutboxMessage(models.Model):
    """One e-mail to send, written in the transaction of what it tells; sent and retried by the task queue."""

    to = models.TextField(_("penerima"), help_text=_("Alamat dipisahkan koma."))
    cc = models.TextField(_("tembusan"), blank=True)
    subject = models.CharField(_("subjek"), max_length=255)
    body = models.TextField(_("isi"))
    notification = models.OneToOneField(
        Notification, on_delete=models.SET_NULL, null=True, blank=True, related_name="outbox_message"
    )
    status = models.CharField(_("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), default=timezone.now)
    claimed_at = models.DateTimeField(_("mulai dikirim"), null=True, blank=True)
    last_error = models.TextField(_("kesalahan terakhir"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="outbox_sent_has_time",
                violation_error_message=_("Pesan terkirim harus mencatat waktu kirimnya."),
            )
        ]
        verbose_name = _("e-mail keluar")
        verbose_name_plural = _("e-mail keluar")

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"

    @property
    def to_list(self) -> list[str]:
        return _split(self.to)

    @property
    def cc_list(self) -> list[str]:
        return _split(self.cc)


def _split(addresses: str) -> list[str]:
    return [address.strip() for address in addresses.split(",") if address.strip()]

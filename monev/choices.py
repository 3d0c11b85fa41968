from django.db import models
from django.utils.translation import gettext_lazy as _


class Semester(models.IntegerChoices):
    I = 1, _("Semester I (Januari–Juni)")  # noqa: E741 - the semester's official name
    II = 2, _("Semester II (Juli–Desember)")


class Status(models.TextChoices):
    """Status of one OPD's report on one row; 'belum diisi' is the absence of a report.

    Each label says what happens next (who acts), in every list, notification and e-mail."""

    DRAFT = "draft", _("draf, belum diajukan")
    AWAITING_APPROVAL = "awaiting_approval", _("menunggu persetujuan Kepala OPD")
    SUBMITTED = "submitted", _("menunggu verifikasi Bagian Organisasi")
    RETURNED = "returned", _("dikembalikan, menunggu perbaikan OPD")
    VERIFIED = "verified", _("diverifikasi")


NOT_STARTED = "not_started"
NOT_STARTED_LABEL = _("belum diisi")


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("diusulkan")
    APPROVED = "approved", _("disetujui")
    REJECTED = "rejected", _("ditolak")


class RowKind(models.TextChoices):
    """What a roadmap row is: a rencana aksi kegiatan or a road map indikator. The value is also the word the
    report URL carries (monev:report_row), so it never changes."""

    KEGIATAN = "kegiatan", _("Kegiatan")
    INDIKATOR = "indikator", _("Indikator")

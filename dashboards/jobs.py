"""The evaluation report PDF as a job of the task queue (django-tasks): laid out by the worker, not the
request, with its progress on a row the browser watches, and kept per data version."""

import logging
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from dashboards.models import ReportFile
from dashboards.report_data import ReportData, build

logger = logging.getLogger(__name__)

# A job queued or running longer than this has lost its worker: the next request queues a new one.
STALE_AFTER = timedelta(minutes=10)


def request_pdf(data: ReportData) -> ReportFile:
    """The PDF of this data version: made before, being made, or queued now."""
    from dashboards.pdf import pdf_fingerprint

    version = {
        "assessment": data.assessment,
        "period": data.period if data.semester_only else None,
        "fingerprint": pdf_fingerprint(data),
    }
    same_version = ReportFile.objects.filter(**version).select_related("assessment", "period")
    for job in same_version.filter(status=ReportFile.Status.DONE):
        if job.file and job.file.storage.exists(job.file.name):
            return job
    in_progress = same_version.filter(status__in=[ReportFile.Status.QUEUED, ReportFile.Status.RUNNING])
    job = in_progress.filter(created_at__gte=timezone.now() - STALE_AFTER).first()
    if job is None:
        job = ReportFile.objects.create(**version, stage=_("Menunggu pekerja"))
        make_report_pdf.enqueue(job.pk)  # an in-process queue has finished it on return
        job.refresh_from_db()
    return job


def is_stale(job: ReportFile) -> bool:
    return job.status in (ReportFile.Status.QUEUED, ReportFile.Status.RUNNING) and (
        job.created_at < timezone.now() - STALE_AFTER
    )


@task()
def make_report_pdf(job_id: int) -> None:
    """Build the data again (it may have changed since the request), lay it out and keep the file under the
    fingerprint of what it shows."""
    from dashboards.pdf import pdf_fingerprint, render_pdf

    if not ReportFile.objects.filter(pk=job_id, status=ReportFile.Status.QUEUED).update(
        status=ReportFile.Status.RUNNING, stage=_("Mengumpulkan data"), progress=10
    ):
        return  # another worker took it
    job = ReportFile.objects.select_related("assessment__version", "period").get(pk=job_id)
    try:
        data = build(job.assessment, job.period)
        _progress(job_id, 25, _("Menyusun laporan"))
        fingerprint = pdf_fingerprint(data)
        content = render_pdf(data, progress=lambda percent, stage: _progress(job_id, percent, stage))
        job.fingerprint = fingerprint
        job.file.save("laporan.pdf", ContentFile(content), save=False)
    except Exception as error:  # noqa: BLE001 - any failure is shown on the progress page, not lost
        logger.exception("Evaluation report PDF %s failed", job_id)
        ReportFile.objects.filter(pk=job_id).update(
            status=ReportFile.Status.FAILED, stage=_("Gagal"), error=f"{type(error).__name__}: {error}"[:2000]
        )
        return
    ReportFile.objects.filter(pk=job_id).update(
        status=ReportFile.Status.DONE,
        stage=_("Selesai"),
        progress=100,
        fingerprint=fingerprint,
        file=job.file.name,
        finished_at=timezone.now(),
    )


def _progress(job_id: int, percent: int, stage: str) -> None:
    ReportFile.objects.filter(pk=job_id).update(progress=percent, stage=stage[:100])

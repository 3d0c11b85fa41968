"""The evaluation report PDF as a job of the task queue: the request does not lay it out, the page shows
its progress, and the file is kept per data version."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dashboards import jobs
from dashboards.models import ReportFile
from pmprb import workflow
from pmprb.models import Assessment
from tests import factories

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def assessment(evaluator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    factories.period(2023, 2)
    return workflow.create_assessment(evaluator, 2023, version=factories.lke_2014())


@pytest.fixture
def queue(settings):
    settings.TASKS = DATABASE_QUEUE


def run_queued_jobs() -> None:
    """What db_worker does with each job waiting."""
    for job in DBTaskResult.objects.order_by("enqueued_at"):
        job.task.call(*job.task_result.args)
        job.delete()


def test_the_request_queues_the_pdf_and_the_page_shows_its_progress_then_the_file(
    client, queue, evaluator, assessment, monkeypatch
):
    client.force_login(evaluator)
    response = client.get(reverse("dashboards:report_pdf", args=[assessment.pk]))
    job = ReportFile.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == ReportFile.Status.QUEUED and not job.file  # nothing was laid out in the request

    page = client.get(job.get_absolute_url())
    assert page.status_code == 200 and 'http-equiv="refresh"' in page.content.decode()
    assert "Menunggu pekerja" in page.content.decode()

    steps = []
    progress = jobs._progress
    monkeypatch.setattr(
        jobs, "_progress", lambda pk, percent, stage: steps.append(percent) or progress(pk, percent, stage)
    )
    run_queued_jobs()
    assert steps == [25, 40, 80]
    job.refresh_from_db()
    assert job.status == ReportFile.Status.DONE and job.progress == 100 and job.finished_at is not None

    done = client.get(job.get_absolute_url())
    assert done.status_code == 200 and done["Content-Type"] == "application/pdf"
    assert done.content.startswith(b"%PDF") and 'filename="laporan-evaluasi-rb-2023.pdf"' in done["Content-Disposition"]


def test_the_same_data_is_laid_out_once_and_changed_data_anew(client, queue, evaluator, assessment):
    client.force_login(evaluator)
    url = reverse("dashboards:report_pdf", args=[assessment.pk])
    client.get(url)
    run_queued_jobs()
    again = client.get(url)
    assert again.status_code == 200 and again.content.startswith(b"%PDF")  # the kept file, at once
    assert ReportFile.objects.count() == 1 and not DBTaskResult.objects.exists()

    Assessment.objects.filter(pk=assessment.pk).update(team="Ketua: Inspektur Pembantu I")  # printed in the report
    changed = client.get(url)
    assert changed.status_code == 302 and ReportFile.objects.count() == 2
    assert ReportFile.objects.values("fingerprint").distinct().count() == 2


def test_a_second_reader_waits_for_the_same_job(client, queue, evaluator, verifier, assessment):
    url = reverse("dashboards:report_pdf", args=[assessment.pk])
    client.force_login(evaluator)
    first = client.get(url)
    client.force_login(verifier)
    second = client.get(url)
    assert first["Location"] == second["Location"] and DBTaskResult.objects.count() == 1


def test_a_failed_job_says_so_and_offers_to_try_again(client, queue, evaluator, assessment, monkeypatch):
    from dashboards import pdf

    client.force_login(evaluator)
    client.get(reverse("dashboards:report_pdf", args=[assessment.pk]))

    def broken(data, progress=None):
        raise OSError("Pango tidak ditemukan")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    run_queued_jobs()
    job = ReportFile.objects.get()
    page = client.get(job.get_absolute_url()).content.decode()
    assert job.status == ReportFile.Status.FAILED and "Pango tidak ditemukan" in page and "Coba lagi" in page
    assert 'http-equiv="refresh"' not in page


def test_a_job_whose_worker_was_lost_is_queued_anew(client, queue, evaluator, assessment):
    client.force_login(evaluator)
    url = reverse("dashboards:report_pdf", args=[assessment.pk])
    client.get(url)
    ReportFile.objects.update(created_at=timezone.now() - timedelta(minutes=11))
    lost = ReportFile.objects.get()
    assert "tidak menyelesaikan" in client.get(lost.get_absolute_url()).content.decode()
    response = client.get(url)
    assert ReportFile.objects.count() == 2 and response["Location"] != lost.get_absolute_url()


def test_only_readers_see_a_job_and_only_under_its_own_assessment(client, evaluator, operator_a, assessment):
    job = ReportFile.objects.create(assessment=assessment, fingerprint="0" * 64)
    client.force_login(operator_a)
    assert client.get(job.get_absolute_url()).status_code == 403
    other = workflow.create_assessment(evaluator, 2022, version=factories.lke_2014())
    client.force_login(evaluator)
    assert client.get(reverse("dashboards:report_pdf_job", args=[other.pk, job.pk])).status_code == 404

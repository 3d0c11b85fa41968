"""Every URL of the project × every persona × GET and POST, against an explicit expectation.

The URL list comes from the URL conf: a new URL without a row in EXPECTED fails
test_every_url_has_an_expectation. Object URLs use OPD A's objects, so Operator OPD B tries
another OPD's ids. Each request runs in a savepoint that is rolled back, and every request that
must be refused is checked to have changed nothing.
"""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from accounts.choices import Role
from dashboards.models import ReportFile
from monev import workflow as monev_workflow
from monev.models import Evidence, OPDProposal, Realisation, ReportEvent, UploadSession
from monev.periods import ensure_periods
from notifications.models import Kind
from notifications.service import notify
from pmprb import workflow as pmprb_workflow
from pmprb.models import (
    Answer,
    Assessment,
    AssessmentEvent,
    FollowUp,
    HasilInput,
    LkeArea,
    Question,
    QuestionEvidence,
    Recommendation,
)
from roadmap.models import OPD
from snapshots import capture
from tests import factories

PERSONAS = ["anonymous", "operator_a", "operator_b", "head_a", "verifier", "evaluator", "administrator"]
L = "login"  # redirected to the login page
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def row(anonymous, operator_a, operator_b, head_a, verifier, evaluator, administrator):
    return dict(
        zip(PERSONAS, [anonymous, operator_a, operator_b, head_a, verifier, evaluator, administrator], strict=True)
    )


ALL = row(200, 200, 200, 200, 200, 200, 200)
LOGGED_IN = row(L, 200, 200, 200, 200, 200, 200)
REPORTERS = row(L, 200, 200, 200, 403, 403, 403)
OWN_OPD = row(L, 200, 404, 200, 200, 200, 200)
OWN_OPD_ONLY = row(L, 200, 404, 200, 403, 403, 403)
READERS = row(L, 403, 403, 403, 200, 200, 200)
WRITERS_POST = row(L, 403, 403, 403, 403, 302, 302)
WRITERS = row(L, 403, 403, 403, 403, 200, 200)
NOT_ALLOWED = row(405, 405, 405, 405, 405, 405, 405)
ACTION = row(L, 302, 404, 302, 302, 302, 302)  # refused transitions come back as a message
READERS_GET_ONLY = row(L, 403, 403, 403, 405, 405, 405)  # class-based lists: access first, then method

# url name: (GET expectations, POST expectations)
EXPECTED = {
    "home": (LOGGED_IN, NOT_ALLOWED),
    "perbup:roadmap_json": (ALL, NOT_ALLOWED),
    "login": (ALL, ALL),
    "logout": (NOT_ALLOWED, row(L, L, L, L, L, L, L)),  # logs out, then shows the login page
    "password_change": (LOGGED_IN, LOGGED_IN),
    "password_change_done": (LOGGED_IN, row(L, 405, 405, 405, 405, 405, 405)),
    "monev:my_tasks": (REPORTERS, NOT_ALLOWED),
    "monev:report_row": (OWN_OPD_ONLY, OWN_OPD_ONLY),
    "monev:realisation_detail": (OWN_OPD, NOT_ALLOWED),
    "monev:submit": (NOT_ALLOWED, ACTION),
    "monev:approve": (NOT_ALLOWED, ACTION),
    "monev:verify": (NOT_ALLOWED, ACTION),
    "monev:return": (NOT_ALLOWED, ACTION),
    "monev:comment": (NOT_ALLOWED, ACTION),
    "monev:upload_evidence": (NOT_ALLOWED, ACTION),
    "monev:evidence_download": (OWN_OPD, NOT_ALLOWED),
    "monev:verification_queue": (READERS, READERS_GET_ONLY),
    "monev:excel_download": (REPORTERS, NOT_ALLOWED),
    "monev:excel_upload": (REPORTERS, REPORTERS),
    "monev:excel_apply": (NOT_ALLOWED, row(L, 302, 302, 302, 403, 403, 403)),
    "monev:proposals": (LOGGED_IN, row(L, 200, 200, 200, 403, 403, 403)),
    "monev:decide_proposal": (NOT_ALLOWED, row(L, 403, 403, 403, 302, 403, 403)),
    "dashboards:overview": (READERS, NOT_ALLOWED),
    "dashboards:area": (READERS, NOT_ALLOWED),
    "dashboards:opd": (OWN_OPD, NOT_ALLOWED),
    "dashboards:indicator_list": (READERS, READERS_GET_ONLY),
    "dashboards:indicator": (LOGGED_IN, NOT_ALLOWED),
    "dashboards:activity_list": (READERS, READERS_GET_ONLY),
    "dashboards:completeness_list": (READERS, READERS_GET_ONLY),
    "dashboards:annual": (READERS, NOT_ALLOWED),
    "dashboards:public": (row(404, 404, 404, 404, 404, 404, 404), NOT_ALLOWED),  # PUBLIC_DASHBOARD is off
    "pmprb:index": (READERS, row(L, 403, 403, 403, 403, 200, 200)),
    "pmprb:import_lke": (WRITERS, WRITERS),  # a refused or empty upload shows the form again
    "pmprb:assessment": (READERS, NOT_ALLOWED),
    "pmprb:area": (READERS, WRITERS_POST),  # an area's answers in one POST
    "pmprb:add_evidence": (NOT_ALLOWED, WRITERS_POST),
    "pmprb:evidence_file": (READERS, NOT_ALLOWED),
    "pmprb:hasil": (NOT_ALLOWED, WRITERS_POST),
    "pmprb:finalise": (WRITERS, WRITERS),  # a confirmation page; only a POST with confirm=1 finalises
    "pmprb:reopen": (NOT_ALLOWED, row(L, 403, 403, 403, 403, 403, 302)),
    "pmprb:report_details": (NOT_ALLOWED, WRITERS_POST),
    "pmprb:decide_follow_up": (NOT_ALLOWED, row(L, 403, 403, 403, 403, 302, 302)),
    "dashboards:report_pdf": (READERS, NOT_ALLOWED),
    "dashboards:report_xlsx": (READERS, NOT_ALLOWED),
    "dashboards:report_pdf_job": (READERS, NOT_ALLOWED),
    "pmprb:recommendations": (LOGGED_IN, row(L, 403, 403, 403, 403, 200, 200)),
    "pmprb:recommendation": (OWN_OPD, row(L, 200, 404, 200, 403, 403, 403)),
    "pmprb:follow_up_file": (OWN_OPD, NOT_ALLOWED),
    "roadmap:perbup": (LOGGED_IN, NOT_ALLOWED),
    "perbup:open_data": (ALL, NOT_ALLOWED),
    "password_reset": (ALL, ALL),  # a POST without an address shows the form again
    "password_reset_done": (ALL, row(405, 405, 405, 405, 405, 405, 405)),
    "password_reset_confirm": (ALL, ALL),  # an invalid link says so
    "password_reset_complete": (ALL, row(405, 405, 405, 405, 405, 405, 405)),
    "monev:return_to_operator": (NOT_ALLOWED, ACTION),
    "monev:evidence_preview": (OWN_OPD, NOT_ALLOWED),
    "monev:bulk_verify": (NOT_ALLOWED, row(L, 403, 403, 403, 302, 403, 403)),  # nothing chosen: back to the queue
    "monev:submit_complete": (NOT_ALLOWED, row(L, 302, 302, 302, 403, 403, 403)),
    "notifications:list": (LOGGED_IN, NOT_ALLOWED),
    "notifications:open": (NOT_ALLOWED, row(L, 302, 404, 404, 404, 404, 404)),  # operator A's notification
    "notifications:mark_all_read": (NOT_ALLOWED, row(L, 302, 302, 302, 302, 302, 302)),
    "notifications:profile": (LOGGED_IN, row(L, 302, 302, 302, 302, 302, 302)),
    "snapshots:verify": (ALL, NOT_ALLOWED),  # public: whoever holds the paper; figures only to readers
    # tus endpoints: a POST without Upload-Length is a bad request for staff of an OPD
    "monev:upload_create": (NOT_ALLOWED, row(403, 400, 400, 400, 403, 403, 403)),
    "monev:upload_session": (NOT_ALLOWED, NOT_ALLOWED),  # HEAD/PATCH/DELETE only (tests/monev/test_uploads.py)
}
REFUSED = {L, 403, 404, 405}


def url_names(resolver=None, prefix="") -> dict[str, URLPattern]:
    names = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names.update(url_names(pattern, namespace))
        elif pattern.name:
            names[prefix + pattern.name] = pattern
    return names


ALL_NAMES = url_names()
PROJECT_NAMES = sorted(name for name in ALL_NAMES if not name.startswith("admin:"))


def _reversible_without_arguments(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


# The admin's own login and logout pages are for everyone by design.
ADMIN_NAMES = sorted(
    name
    for name in ALL_NAMES
    if name.startswith("admin:") and name not in {"admin:login", "admin:logout"} and _reversible_without_arguments(name)
)


def test_every_url_has_an_expectation():
    assert sorted(EXPECTED) == PROJECT_NAMES


@pytest.fixture
def world(db):
    """OPD A's objects, one of each kind a URL can point at."""
    ensure_periods(factories.perbup_roadmap())
    users = {
        "operator_a": factories.make_user("operator_a", Role.OPERATOR, "Bagian Hukum"),
        "operator_b": factories.make_user("operator_b", Role.OPERATOR, "BKPPD"),
        "head_a": factories.make_user("head_a", Role.HEAD, "Bagian Hukum"),
        "verifier": factories.make_user("verifier", Role.VERIFIER, "Bagian Organisasi"),
        "evaluator": factories.make_user("evaluator", Role.EVALUATOR, "Inspektorat"),
        "administrator": factories.make_user("administrator", Role.ADMINISTRATOR, is_staff=True),
    }
    period = factories.period(2023, 2)
    activity = factories.activity_of("Bagian Hukum")
    realisation = factories.report(users["operator_a"], period, activity)
    evidence = monev_workflow.add_evidence(users["operator_a"], realisation, SimpleUploadedFile("a.pdf", PDF))
    monev_workflow.submit(users["operator_a"], realisation)
    hukum = OPD.objects.get(short_name="Bagian Hukum")
    proposal = OPDProposal.objects.create(
        opd=hukum, area=activity.area, kegiatan="k", criteria="c", output_target="t", proposed_by=users["operator_a"]
    )
    assessment = pmprb_workflow.create_assessment(users["evaluator"], 2023, version=factories.lke_2014())
    area = LkeArea.objects.get(component__version=assessment.version, number=1)
    finding = pmprb_workflow.add_finding(users["evaluator"], 2023, area, "temuan")
    recommendation = pmprb_workflow.add_recommendation(
        users["evaluator"], finding, "rekomendasi", hukum, date.today() + timedelta(days=30)
    )
    follow_up = pmprb_workflow.record_follow_up(
        users["operator_a"], recommendation, "proses", "catatan", SimpleUploadedFile("b.pdf", PDF)
    )
    question = Question.objects.filter(subarea__area=area).first()
    question_evidence = pmprb_workflow.add_question_evidence(
        users["evaluator"], assessment, question, SimpleUploadedFile("c.pdf", PDF)
    )
    notification = notify([users["operator_a"]], Kind.VERIFIED, "pesan", realisation.get_absolute_url())[0]
    args = {
        "monev:report_row": [period.pk, "kegiatan", activity.pk],
        "monev:excel_download": [period.pk],
        "monev:excel_upload": [period.pk],
        "monev:excel_apply": [period.pk],
        "monev:decide_proposal": [proposal.pk],
        "dashboards:area": [activity.area.number],
        "dashboards:opd": [hukum.pk],
        "dashboards:indicator": [factories.indicator("Nilai SAKIP").pk],
        "monev:evidence_download": [evidence.pk],
        "pmprb:assessment": [assessment.pk],
        "pmprb:area": [assessment.pk, 1],
        "pmprb:add_evidence": [assessment.pk, question.pk],
        "pmprb:evidence_file": [question_evidence.pk],
        "pmprb:hasil": [assessment.pk],
        "pmprb:finalise": [assessment.pk],
        "pmprb:reopen": [assessment.pk],
        "pmprb:report_details": [assessment.pk],
        "pmprb:decide_follow_up": [follow_up.pk],
        "dashboards:report_pdf": [assessment.pk],
        "dashboards:report_xlsx": [assessment.pk],
        "dashboards:report_pdf_job": [
            assessment.pk,
            ReportFile.objects.create(assessment=assessment, fingerprint="0").pk,
        ],
        "pmprb:recommendation": [recommendation.pk],
        "pmprb:follow_up_file": [follow_up.pk],
        "monev:evidence_preview": [evidence.pk],
        "monev:submit_complete": [period.pk],
        "notifications:open": [notification.pk],
        "password_reset_confirm": ["MQ", "kunci-tidak-sah"],
        "monev:upload_session": [
            UploadSession.objects.create(user=users["operator_a"], filename="a.pdf", length=10).pk
        ],
        "snapshots:verify": [capture.take_realisation(realisation, users["verifier"]).token],
    }
    for name in [
        "submit",
        "approve",
        "verify",
        "return",
        "comment",
        "upload_evidence",
        "realisation_detail",
        "return_to_operator",
    ]:
        args[f"monev:{name}"] = [realisation.pk]
    return users, args


def fingerprint() -> tuple:
    """What a refused request must not change."""
    return (
        list(Realisation.objects.values_list("pk", "status", "version", "progress")),
        ReportEvent.objects.count(),
        Evidence.objects.count(),
        OPDProposal.objects.values_list("status").first(),
        Assessment.objects.values_list("pk", "status").first(),
        Answer.objects.count(),
        HasilInput.objects.count(),
        Recommendation.objects.values_list("status").first(),
        FollowUp.objects.count(),
        QuestionEvidence.objects.count(),
        AssessmentEvent.objects.count(),
        FollowUp.objects.exclude(decision="").count(),
        Assessment.objects.values_list("signatory_name").first(),
    )


def outcome(response) -> int | str:
    if response.status_code == 302 and "/akun/masuk/" in response["Location"]:
        return L
    return response.status_code


@pytest.mark.parametrize("name", PROJECT_NAMES)
def test_permission_matrix(client, world, name):
    users, args = world
    url = reverse(name, args=args.get(name, []))
    failures = []
    for persona in PERSONAS:
        client.logout()
        if persona != "anonymous":
            client.force_login(users[persona])
        for method, expectations in zip(("GET", "POST"), EXPECTED[name], strict=True):
            expected = expectations[persona]
            with transaction.atomic():
                before = fingerprint()
                response = client.get(url) if method == "GET" else client.post(url, {})
                got = outcome(response)
                changed = fingerprint() != before
                transaction.set_rollback(True)
            if got != expected:
                failures.append(f"{method} {url} as {persona}: expected {expected}, got {got}")
            elif expected in REFUSED and changed:
                failures.append(f"{method} {url} as {persona}: refused ({got}) but data changed")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("name", ADMIN_NAMES)
def test_admin_is_for_administrators_only(client, world, name):
    users, _args = world
    url = reverse(name)
    assert client.get(url).status_code == 302  # anonymous → admin login
    for persona in ["operator_a", "verifier", "evaluator"]:
        client.force_login(users[persona])
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], (persona, url)
    client.force_login(users["administrator"])
    assert client.get(url).status_code in (200, 403, 405)  # 403: add views of read-only models; 405: POST-only steps

"""List pages run a fixed number of SQL queries, whatever the amount of data (checked at two sizes)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan.models import Activity
from tests import factories


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def fill_reports(user, period, how_many: int, submit: bool = True) -> None:
    rows = Activity.objects.filter(opd_links__opd=user.membership.opd).order_by("pk")[:how_many]
    for activity in rows:
        factories.report(user, period, activity, submit=submit)


def test_tugas_saya_query_count_does_not_grow(client, operator_inspektorat, open_period, django_assert_num_queries):
    client.force_login(operator_inspektorat)
    url = reverse("monev:my_tasks")
    fill_reports(operator_inspektorat, factories.period(2023, 1), 2)
    fill_reports(operator_inspektorat, open_period, 2, submit=False)
    small = count_queries(client, url, {"periode": open_period.pk})
    fill_reports(operator_inspektorat, factories.period(2022, 2), 20)
    fill_reports(operator_inspektorat, open_period, 30, submit=False)
    # session, user with OPD, the user's and the groups' powers; the chosen period with its roadmap; the data
    # versions (read once for the request's kept entries: counts, rows, the table's fragment); this OPD's
    # reports; activities; indicators; targets of the year; every roadmap's periods for the picker; unread
    # notifications (navbar)
    assert small == 12
    fill_reports(operator_inspektorat, open_period, 1, submit=False)  # a new version: the rows again
    with django_assert_num_queries(small):
        client.get(url, {"periode": open_period.pk})
    with CaptureQueriesContext(connection) as warm:
        client.get(url, {"periode": open_period.pk})
    assert len(warm) < small  # the OPD's rows from the cache


def test_verification_queue_query_count_does_not_grow(
    client, operator_a, operator_inspektorat, verifier, open_period, django_assert_num_queries
):
    client.force_login(verifier)
    url = reverse("monev:verification_queue")
    fill_reports(operator_a, open_period, 2)
    small = count_queries(client, url, {"status": "submitted"})
    fill_reports(operator_inspektorat, open_period, 40)
    # session, user, groups; the data versions (of the shared filters and table); count; page of reports
    # with period/OPD/row; filter choices (period, OPD, area)
    with django_assert_num_queries(small):
        client.get(url, {"status": "submitted"})
    assert small <= 14
    with CaptureQueriesContext(connection) as warm:
        client.get(url, {"status": "submitted"})
    assert len(warm) < small  # the table comes from the shared fragment


def test_report_page_query_count_does_not_grow_with_history(
    client, operator_a, verifier, open_period, activity_a, django_assert_num_queries
):
    from monev import workflow

    realisation = factories.report(operator_a, open_period, activity_a, submit=True)
    client.force_login(verifier)
    url = realisation.get_absolute_url()
    small = count_queries(client, url)
    for round_number in range(5):
        workflow.return_report(verifier, realisation, f"Perbaiki {round_number}")
        realisation.refresh_from_db()
        workflow.submit(operator_a, realisation)
        realisation.refresh_from_db()
    with django_assert_num_queries(small):
        client.get(url)

"""Administrators keep the master data in an Indonesian Django admin; nobody else gets in."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.fixture
def administrator():
    return get_user_model().objects.create_superuser("administrator", "admin@example.test", "sandi-rahasia-123")


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_changelist_and_first_change_page_opens(client, administrator, model):
    client.force_login(administrator)
    opts = model._meta
    changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    first = model.objects.first()
    if first is not None:
        change = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk]))
        assert change.status_code == 200


def test_admin_speaks_indonesian(client, administrator):
    client.force_login(administrator)
    page = client.get(reverse("admin:actionplan_activity_changelist")).content.decode()
    assert "Kegiatan rencana aksi" in page or "kegiatan rencana aksi" in page
    assert "Cari" in page


def test_search_and_filters_work_on_activities(client, administrator):
    client.force_login(administrator)
    url = reverse("admin:actionplan_activity_changelist")
    page = client.get(url, {"q": "gratifikasi"}).content.decode()
    assert "Menyusun kebijakan gratifikasi" in page
    assert "Pembentukan Tim Reformasi Birokrasi" not in page


def test_raw_target_text_is_shown_read_only_beside_parsed_value(client, administrator):
    from indicators.models import Indicator

    client.force_login(administrator)
    sakip = Indicator.objects.get(name="Nilai SAKIP")
    page = client.get(reverse("admin:indicators_indicator_change", args=[sakip.pk])).content.decode()
    assert "85 (A)" in page
    assert 'name="targets-3-raw_text"' not in page  # read-only: not an input


def test_staff_without_permissions_and_anonymous_are_kept_out(client):
    url = reverse("admin:indicators_target_changelist")
    assert client.get(url).status_code == 302
    staff = get_user_model().objects.create_user("staf", password="sandi-rahasia-123", is_staff=True)
    client.force_login(staff)
    assert client.get(url).status_code == 403


def test_activity_changelist_query_count_is_pinned(client, administrator, django_assert_max_num_queries):
    client.force_login(administrator)
    with django_assert_max_num_queries(12):
        client.get(reverse("admin:actionplan_activity_changelist"))


PERBUP_MODELS = [
    "roadmap.roadmap",
    "roadmap.opd",
    "roadmap.changearea",
    "roadmap.focuspriority",
    "roadmap.focusitem",
    "roadmap.quickwin",
    "indicators.indicator",
    "indicators.target",
    "actionplan.activity",
    "actionplan.program",
]


@pytest.mark.parametrize("label", PERBUP_MODELS)
def test_perbup_master_data_cannot_be_deleted_in_bulk(client, administrator, label):
    from django.apps import apps

    model = apps.get_model(label)
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    client.force_login(administrator)
    assert 'name="action"' not in client.get(url).content.decode()
    before = model.objects.count()
    ids = list(model.objects.values_list("pk", flat=True)[:3])
    client.post(url, {"action": "delete_selected", "_selected_action": ids, "post": "yes"})  # forged
    assert model.objects.count() == before > 0

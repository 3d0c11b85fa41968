"""The period's admin page: lock and unlock as buttons, locked dates read-only, reopenings in the list."""

from django.urls import reverse

from monev.models import Period, PeriodReopening
from roadmap.models import OPD


def test_lock_and_unlock_are_buttons_on_the_period_page(client, administrator, open_period):
    client.force_login(administrator)
    change = reverse("admin:monev_period_change", args=[open_period.pk])
    assert 'id="period-lock"' in client.get(change).content.decode()
    client.post(reverse("admin:monev_period_lock", args=[open_period.pk]))
    open_period.refresh_from_db()
    assert open_period.is_locked
    page = client.get(change).content.decode()
    assert 'id="period-unlock"' in page and 'name="deadline"' not in page  # dates read-only once locked
    client.post(reverse("admin:monev_period_unlock", args=[open_period.pk]))
    open_period.refresh_from_db()
    assert not open_period.is_locked


def test_lock_is_refused_by_get_and_for_non_administrators(client, administrator, verifier, open_period):
    client.force_login(administrator)
    assert client.get(reverse("admin:monev_period_lock", args=[open_period.pk])).status_code == 405
    client.force_login(verifier)
    client.post(reverse("admin:monev_period_lock", args=[open_period.pk]))
    open_period.refresh_from_db()
    assert not open_period.is_locked


def test_the_list_shows_which_opds_a_period_is_reopened_for(client, administrator, locked_period):
    PeriodReopening.objects.create(
        period=locked_period, opd=OPD.objects.get(short_name="BKPPD"), reason="Server mati", reopened_by=administrator
    )
    client.force_login(administrator)
    page = client.get(reverse("admin:monev_period_changelist")).content.decode()
    assert "dibuka kembali untuk" in page.lower() and "BKPPD" in page


def test_no_delete_shortcut_beside_the_roadmap(client, administrator, open_period):
    client.force_login(administrator)
    page = client.get(reverse("admin:monev_period_change", args=[Period.objects.first().pk])).content.decode()
    assert "delete_id_roadmap" not in page
    area_page = client.get(reverse("admin:roadmap_changearea_change", args=[1])).content.decode()
    assert "delete_id_roadmap" not in area_page


def test_login_attempts_are_out_of_the_main_menu(client, administrator):
    client.force_login(administrator)
    index = client.get(reverse("admin:index")).content.decode()
    assert "axes" not in index.lower().replace("axes/", "")
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200


def test_a_lock_on_a_stale_page_does_not_move_the_lock_time(administrator, open_period):
    import pytest

    from core.errors import WorkflowError
    from monev import periods

    stale = Period.objects.get(pk=open_period.pk)
    locked_at = periods.lock(administrator, open_period).locked_at
    with pytest.raises(WorkflowError, match="sudah dikunci"):
        periods.lock(administrator, stale)
    assert Period.objects.get(pk=open_period.pk).locked_at == locked_at
    stale_locked = Period.objects.get(pk=open_period.pk)
    periods.unlock(administrator, open_period)
    with pytest.raises(WorkflowError, match="tidak dikunci"):
        periods.unlock(administrator, stale_locked)  # it still reads locked

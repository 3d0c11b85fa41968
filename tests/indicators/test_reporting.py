"""Every indicator has a reporter: the Perbup's OPDs or the Pemda's penanggung jawab data."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.choices import Role
from dashboards import results as dashboard
from indicators.models import AssignmentChange, Indicator, ReportingAssignment
from roadmap.models import OPD, QuickWin
from tests import factories

pytestmark = pytest.mark.django_db


def test_every_one_of_the_52_indicators_is_reported_through_tugas_saya_and_the_excel_template(client, open_period):
    indicators = list(Indicator.objects.with_targets())
    assert len(indicators) == 52
    reporters: dict[OPD, set[int]] = {}
    for indicator in indicators:
        opds = indicator.responsible_opds()
        assert opds, f"{indicator} has no reporter"
        reporters.setdefault(opds[0], set()).add(indicator.pk)
    for number, (opd, expected) in enumerate(reporters.items()):
        user = factories.make_user(f"pelapor{number}", Role.OPERATOR, opd.short_name)
        client.force_login(user)
        page = client.get(reverse("monev:my_tasks"), {"periode": open_period.pk})
        listed = {task.row.pk for task in page.context["table"]()["rows"] if task.kind == "indikator"}
        assert expected <= listed, opd
        sheet = load_workbook(io.BytesIO(client.get(reverse("monev:excel_download", args=[open_period.pk])).content))
        ids = {cell.value for cell in sheet["Laporan"]["A"][1:]}
        assert {f"I-{pk}" for pk in expected} <= ids, opd
    results = dashboard.period_results(open_period).indicator_rows
    assert len(results) == 52 and all(result.parts for result in results)


def test_assignments_are_kept_apart_from_the_perbups_opds():
    bpk = Indicator.objects.get(focus_item__priority__number=2, focus_item__code="a")
    assert bpk.perbup_opds() == [] and not bpk.opd_links.exists()
    assert [opd.short_name for opd in bpk.assigned_opds()] == ["BKD", "Inspektorat"]
    assert all(a.reason for a in bpk.assignments.all())
    pemerintahan = OPD.objects.get(short_name="Bagian Pemerintahan")
    assert not pemerintahan.named_in_perbup
    assert AssignmentChange.objects.filter(action=AssignmentChange.Action.SEEDED).count() == (
        ReportingAssignment.objects.count()
    )


def test_quick_win_indicators_follow_the_lampirans_quick_win_rows():
    for indicator in Indicator.objects.filter(focus_item__priority__number=3, focus_item__code="e"):
        quick_win = QuickWin.objects.get(source=QuickWin.Source.LAMPIRAN, number=indicator.order)
        assignments = list(indicator.assignments.order_by("position"))
        assert {a.quick_win_id for a in assignments} == {quick_win.pk}
        assert [a.opd_id for a in assignments] == [link.opd_id for link in quick_win.opd_links.all()]


def test_reloading_the_fixtures_keeps_an_administrators_change(settings):
    from perbup.loader import load_perbup

    sop = Indicator.objects.get(focus_item__priority__number=1, focus_item__code="c", order=2)
    sop.assignments.all().delete()
    ReportingAssignment.objects.create(
        indicator=sop, opd=OPD.objects.get(short_name="Bappeda"), reason="Keputusan rapat"
    )
    load_perbup(settings.PERBUP_FIXTURES_DIR)
    assert [opd.short_name for opd in sop.assigned_opds()] == ["Bappeda"]


def test_the_admin_records_who_changed_a_reporter_when_and_why(client, administrator):
    client.force_login(administrator)
    sop = Indicator.objects.get(focus_item__priority__number=1, focus_item__code="c", order=2)
    url = reverse("admin:indicators_indicator_change", args=[sop.pk])
    page = client.get(url)
    assert page.status_code == 200 and "ditetapkan Pemda, bukan Perbup" in page.content.decode()
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and not isinstance(value, list)}
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        prefix = formset.formset.prefix
        for name in management.fields:
            data[f"{prefix}-{name}"] = management.initial.get(name, management[name].value())
        for number, inline in enumerate(formset.formset.forms):
            for name, field in inline.fields.items():
                value = inline.initial.get(name, field.initial)
                if value is not None:
                    data[f"{prefix}-{number}-{name}"] = getattr(value, "pk", value)
    assignments_prefix = next(
        f.formset.prefix for f in page.context["inline_admin_formsets"] if f.formset.model is ReportingAssignment
    )
    data[f"{assignments_prefix}-0-reason"] = "Diputuskan rapat Tim RB 3 Maret"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    change = AssignmentChange.objects.filter(indicator=sop).first()
    assert (change.action, change.actor, change.reason) == (
        AssignmentChange.Action.CHANGED,
        administrator,
        "Diputuskan rapat Tim RB 3 Maret",
    )


def test_the_perbups_band_contradictions_are_exactly_the_documented_anomalies(settings):
    from indicators.models import Target

    found = set()
    for target in Target.objects.select_related("level__scale", "indicator__focus_item__priority"):
        band = target.band_conflict
        if band is not None:
            found.add((target.indicator.focus_item.section_code, target.year, target.raw_text, band.code))
    assert found == {
        ("1.d", 2022, "68 (BB)", "B"),
        ("1.d", 2023, "70 (BB)", "B"),
        ("2.c", 2021, "81 (BB)", "A"),
        ("1.a", 2019, "3,5 (B) (Baik)", "B-"),
        ("1.a", 2022, "4,00 (A-) (Sangat Baik)", "B"),
        ("1.c", 2019, "2,40 (Kurang)", "Cukup"),
        ("1.c", 2020, "2,55 (Baik)", "Cukup"),
    }
    readme = (settings.PERBUP_FIXTURES_DIR / "README.md").read_text()
    for _section, year, raw, band in found:
        assert f"| {year} | {raw} | {band} (" in readme


def test_tugas_saya_marks_the_pemdas_assignments_annual_rows_and_the_kegiatan_plan(client, operator_inspektorat):
    client.force_login(operator_inspektorat)
    first = factories.period(2023, 1)
    page = client.get(reverse("monev:my_tasks"), {"periode": first.pk})
    tasks = {task.row.pk: task for task in page.context["table"]()["rows"] if task.kind == "indikator"}
    bpk = Indicator.objects.get(focus_item__priority__number=2, focus_item__code="a")
    apip = Indicator.objects.get(focus_item__priority__number=1, focus_item__code="e", order=2)
    assert tasks[bpk.pk].assigned and not tasks[apip.pk].assigned  # 1.e's section names Inspektorat
    text = page.content.decode()
    assert "ditetapkan Pemda, bukan Perbup" in text and "tahunan: sebutkan tahun data" in text
    assert "rencana progres 50%" in text
    assert tasks[bpk.pk].awaiting and "menunggu hasil tahunan" in text

"""A report's value and level agree, and an annual result states its data year, on every path."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.choices import Role
from accounts.models import Membership
from core.errors import WorkflowError
from indicators.models import Indicator, ScaleLevel
from monev import workflow
from monev.models import Realisation
from tests import factories


def row(section: str, order: int = 1) -> Indicator:
    priority, code = section.split(".")
    return Indicator.objects.get(focus_item__priority__number=int(priority), focus_item__code=code, order=order)


def level(indicator: Indicator, code: str) -> ScaleLevel:
    return indicator.scale.levels.get(code=code)


@pytest.fixture
def organisasi():
    return factories.make_user("operator_organisasi", Role.OPERATOR, "Bagian Organisasi")


def save(user, period, indicator, **values):
    opd = Membership.objects.get(user=user).opd
    return workflow.save_report(
        user=user, period=period, opd=opd, indicator=indicator, values={"narrative": "uji", **values}, version=None
    )


@pytest.mark.parametrize(
    ("section", "value", "code", "derived"),
    [
        ("2.c", "78", "A", "BB"),  # SAKIP 78 is BB (>70–80)
        ("1.d", "68", "BB", "B"),  # Indeks RB 68 is B, whatever the Perbup prints
        ("2.h", "90", "B", "A"),  # IKM 90 is A (88,31–100)
        ("1.b.4", "75", "Tinggi", "Sedang"),  # IP ASN 75 is Sedang (71–80)
    ],
)
def test_a_value_and_a_contradicting_level_are_refused(organisasi, open_period, section, value, code, derived):
    if section == "1.b.4":
        indicator = row("1.b", 4)
        organisasi = factories.make_user("operator_bkppd", Role.OPERATOR, "BKPPD")
    else:
        indicator = row(section)
    with pytest.raises(WorkflowError, match=f"termasuk tingkat {derived} .* bukan {code}"):
        save(organisasi, open_period, indicator, value=Decimal(value), level=level(indicator, code))
    assert not Realisation.objects.filter(indicator=indicator).exists()


def test_the_level_follows_from_the_value_when_left_empty(organisasi, open_period):
    sakip = row("2.c")
    report = save(organisasi, open_period, sakip, value=Decimal("78"), level=None, data_year=2023)
    assert report.level.code == "BB"


@pytest.mark.parametrize(
    ("value", "derived"),
    [("60.5", "Sangat Rendah"), ("60", "Sangat Rendah"), ("61", "Rendah"), ("70.99", "Rendah"), ("90.5", "Tinggi")],
)
def test_a_decimal_score_between_two_printed_band_edges_takes_the_lower_band(open_period, value, derived):
    bkppd = factories.make_user("operator_bkppd", Role.OPERATOR, "BKPPD")
    ip_asn = row("1.b", 4)  # Sangat Rendah "<= 60", Rendah "61–70": 60,5 is printed in neither
    report = save(bkppd, open_period, ip_asn, value=Decimal(value), data_year=2023)
    assert report.level.code == derived


@pytest.mark.parametrize("value", ["88.305", "88.30", "88.31"])
def test_every_ikm_score_has_exactly_one_band(value):
    from indicators.models import Scale

    levels = list(row("2.h").scale.levels.all())
    holding = [level for level in levels if level.contains(Decimal(value))]
    assert len(holding) <= 1 and Scale.level_for(Decimal(value), levels) is not None
    assert Scale.level_for(Decimal(value), levels).code == ("A" if value == "88.31" else "B")


def test_a_value_outside_the_scale_is_refused(organisasi, open_period):
    with pytest.raises(WorkflowError, match="di luar rentang"):
        save(organisasi, open_period, row("2.c"), value=Decimal("120"))


def test_a_number_on_a_scale_without_bands_needs_its_level(organisasi, open_period):
    lppd_user = factories.make_user("operator_pemerintahan", Role.OPERATOR, "Bagian Pemerintahan")
    with pytest.raises(WorkflowError, match="tidak punya rentang angka"):
        save(lppd_user, open_period, row("2.f"), value=Decimal("3.2"))
    lppd = row("2.f")
    report = save(lppd_user, open_period, lppd, value=Decimal("3.2"), level=level(lppd, "Sangat Tinggi"))
    assert report.level.code == "Sangat Tinggi"


def test_an_apip_level_reported_as_its_number_becomes_the_level(operator_inspektorat, open_period):
    apip = row("1.e", 4)
    report = save(operator_inspektorat, open_period, apip, value=Decimal("3"))
    assert report.level.code == "3"
    with pytest.raises(WorkflowError, match="adalah tingkat"):
        save(operator_inspektorat, open_period, apip, value=Decimal("3"), level=level(apip, "4"))


def test_an_annual_result_cannot_be_submitted_without_its_data_year(organisasi, open_period):
    report = save(organisasi, open_period, row("2.c"), value=Decimal("78"))
    with pytest.raises(WorkflowError, match="tahun data"):
        workflow.submit(organisasi, report)


@pytest.mark.parametrize("data_year", [2021, 2024])
def test_a_data_year_far_from_the_period_is_refused(organisasi, open_period, data_year):
    with pytest.raises(WorkflowError, match="Tahun data"):
        save(organisasi, open_period, row("2.c"), value=Decimal("78"), data_year=data_year)


def test_the_form_refuses_a_contradicting_pair_and_saves_nothing(client, organisasi, open_period):
    sakip = row("2.c")
    client.force_login(organisasi)
    url = reverse("monev:report_row", args=[open_period.pk, "indikator", sakip.pk])
    page = client.get(url)
    assert page.context["form"].initial["data_year"] == 2023  # Semester II: this year's result may be in
    response = client.post(
        url, {"value": "78", "level": level(sakip, "A").pk, "data_year": "2022", "narrative": "x", "version": "0"}
    )
    assert response.status_code == 200 and "termasuk tingkat BB" in response.content.decode()
    assert not Realisation.objects.filter(indicator=sakip).exists()


def test_the_report_page_shows_the_band_rule_beside_a_contradicting_perbup_target(client, organisasi):
    period = factories.period(2022, 2)
    client.force_login(organisasi)
    page = client.get(reverse("monev:report_row", args=[period.pk, "indikator", row("1.d").pk]))
    text = page.content.decode()
    assert "68 (BB)" in text and "68 termasuk B (&gt;60–70), bukan BB" in text
    assert "ditetapkan Pemda, bukan Perbup" in text


def test_a_level_whose_band_straddles_the_number_target_asks_for_the_number(open_period):
    bkppd = factories.make_user("operator_bkppd", Role.OPERATOR, "BKPPD")
    ip_asn = row("1.b", 4)  # 2023 target 74; Sedang is 71–80
    report = save(bkppd, open_period, ip_asn, level=level(ip_asn, "Sedang"), data_year=2023)
    with pytest.raises(WorkflowError, match="isi nilai angkanya: .*Sedang.*laporkan nilainya"):
        workflow.submit(bkppd, report)
    report.refresh_from_db()
    assert report.status == "draft"
    report = save(bkppd, open_period, ip_asn, value=Decimal("75.4"), level=None, data_year=2023)
    assert workflow.submit(bkppd, report).status == "submitted"


def test_a_level_whose_whole_band_decides_needs_no_number_and_the_verifier_sees_why(client, open_period, verifier):
    bkppd = factories.make_user("operator_bkppd", Role.OPERATOR, "BKPPD")
    ip_asn = row("1.b", 4)
    report = save(bkppd, open_period, ip_asn, level=level(ip_asn, "Tinggi"), data_year=2023)
    workflow.submit(bkppd, report)
    client.force_login(verifier)
    text = client.get(report.get_absolute_url()).content.decode()
    assert "Penilaian" in text and "bila diverifikasi" in text
    assert "Seluruh rentang tingkat Tinggi (81–90) memenuhi target 74." in text


def test_the_form_of_a_banded_indicator_asks_for_the_number_first(client, open_period):
    bkppd = factories.make_user("operator_bkppd", Role.OPERATOR, "BKPPD")
    client.force_login(bkppd)
    form = client.get(reverse("monev:report_row", args=[open_period.pk, "indikator", row("1.b", 4).pk])).context["form"]
    assert "tingkatnya ditentukan dari nilai ini" in form.fields["value"].help_text
    assert "Hanya bila nilai angkanya tidak ada" in form.fields["level"].help_text
    client.force_login(factories.make_user("operator_insp", Role.OPERATOR, "Inspektorat"))
    apip = client.get(reverse("monev:report_row", args=[open_period.pk, "indikator", row("1.e", 4).pk]))
    assert "tingkatnya ditentukan" not in str(apip.context["form"].fields["value"].help_text)  # APIP: no bands

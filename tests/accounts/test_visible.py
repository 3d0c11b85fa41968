"""One rule for the lists a user may read (accounts.rules.visible): reports, recommendations, proposals alike.

Bagian Hukum merges with Bagian Layanan Pengadaan into a new unit: the new unit's accounts read what both
owned, another OPD's accounts read none of it, and the readers of every OPD read all."""

from datetime import date, timedelta

import pytest

from accounts.choices import Role
from accounts.reorganisation import record_change
from monev import proposals
from monev.models import OPDProposal, Realisation
from pmprb import workflow
from pmprb.models import LkeArea, Recommendation
from roadmap.models import OPD, OPDChange
from tests import factories

OLD_UNITS = ("Bagian Hukum", "Bagian Layanan Pengadaan")


@pytest.fixture
def merged(roadmap, administrator, evaluator, open_period):
    """A report and a recommendation of each old unit and of Bappeda, then the merger."""
    owners = [OPD.objects.get(short_name=name) for name in (*OLD_UNITS, "Bappeda")]
    area = LkeArea.objects.get(component__version=factories.lke_2014(), number=2)
    finding = workflow.add_finding(evaluator, 2023, area, "Evaluasi produk hukum belum berkala.")
    for opd in owners:
        Realisation.objects.create(
            period=open_period, opd=opd, activity=factories.activity_of(opd.short_name), created_by=administrator
        )
        workflow.add_recommendation(evaluator, finding, "Jadwalkan evaluasi.", opd, date.today() + timedelta(30))
        OPDProposal.objects.create(
            opd=opd,
            area=roadmap.areas.first(),
            kegiatan="Usulan",
            criteria="-",
            output_target="-",
            proposed_by=administrator,
        )
    new = OPD.objects.create(short_name="Bagian Hukum dan Pengadaan", name="Bagian Hukum dan Pengadaan Barang/Jasa")
    record_change(administrator, OPDChange.Kind.MERGE, owners[:2], [new], date(2023, 7, 1), "Perbup (UJI)")
    return new


@pytest.mark.parametrize("model", [Realisation, Recommendation, OPDProposal])
def test_a_unit_reads_what_the_units_merged_into_it_own_and_nothing_else(merged, model):
    reader = factories.make_user("operator.gabungan", Role.OPERATOR, merged.short_name)
    outsider = factories.make_user("operator.bappeda", Role.OPERATOR, "Bappeda")
    everyone = factories.make_user(
        "verifikator.semua", Role.VERIFIER if model is Realisation else Role.EVALUATOR, "Bagian Organisasi"
    )

    def owned_by(user) -> list[str]:
        readable = proposals.listed(user) if model is OPDProposal else model.objects.for_user(user)
        return sorted(readable.values_list("opd__short_name", flat=True))

    assert owned_by(reader) == sorted(OLD_UNITS)
    assert owned_by(outsider) == ["Bappeda"]
    assert owned_by(everyone) == sorted([*OLD_UNITS, "Bappeda"])
    assert owned_by(factories.make_user("tanpa.opd", Role.OPERATOR)) == []

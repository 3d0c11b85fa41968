"""A dataset ten times the real roadmap: ≈10× OPDs and rows, every semester 2019–2023 reported,
evidence rows and history. Built with bulk inserts on top of the loaded Perbup."""

import hashlib
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from accounts.choices import Role
from accounts.models import Membership
from actionplan.models import Activity, ActivityOPD
from indicators.models import Indicator, IndicatorOPD, Target
from monev.choices import Status
from monev.models import Evidence, Period, Realisation, ReportEvent
from pmprb.models import Answer, Assessment, HasilIndicator, HasilInput, Question, WorksheetVersion
from roadmap.models import OPD

FACTOR = 10
PDF = b"%PDF-1.4\n% bench evidence\n%%EOF\n"
STATUSES = [Status.VERIFIED] * 6 + [Status.SUBMITTED] * 2 + [Status.RETURNED, Status.DRAFT]


@transaction.atomic
def build(seed: int = 2019) -> dict:
    rng = random.Random(seed)
    real_opds = list(OPD.objects.all())
    synthetic = OPD.objects.bulk_create(
        OPD(name=f"OPD Sintetis {n}", short_name=f"OPD-S{n:03d}", named_in_perbup=False)
        for n in range(len(real_opds) * (FACTOR - 1))
    )
    opds = real_opds + synthetic
    _copy_activities(opds, rng)
    _copy_indicators(opds, rng)
    user = _operator(opds[0])
    counts = _fill_reports(user, rng)
    _assessments(user, rng)
    return {
        "opds": len(opds),
        "activities": Activity.objects.count(),
        "indicators": Indicator.objects.count(),
        **counts,
    }


def _copy_activities(opds, rng) -> None:
    originals = list(Activity.objects.prefetch_related("opd_links"))
    for copy_number in range(1, FACTOR):
        copies = Activity.objects.bulk_create(
            Activity(
                area_id=a.area_id,
                order=a.order + 1000 * copy_number,
                subprogram_no=a.subprogram_no,
                subprogram=a.subprogram,
                letter=a.letter,
                kegiatan=f"{a.kegiatan} (salinan {copy_number})",
                criteria=a.criteria,
                output_target=a.output_target,
                source_line=None,
            )
            for a in originals
        )
        ActivityOPD.objects.bulk_create(ActivityOPD(activity=copy, opd=rng.choice(opds), position=1) for copy in copies)


def _copy_indicators(opds, rng) -> None:
    originals = list(Indicator.objects.prefetch_related("targets"))
    for copy_number in range(1, FACTOR):
        copies = Indicator.objects.bulk_create(
            Indicator(
                focus_item_id=i.focus_item_id,
                order=i.order + 100 * copy_number,
                sasaran=i.sasaran,
                name=f"{i.name} (salinan {copy_number})",
                scale_id=i.scale_id,
                unit=i.unit,
                direction=i.direction,
                source_line=i.source_line,
            )
            for i in originals
        )
        Target.objects.bulk_create(
            Target(indicator=copy, year=t.year, raw_text=t.raw_text, value=t.value, unit=t.unit, level_id=t.level_id)
            for original, copy in zip(originals, copies, strict=True)
            for t in original.targets.all()
        )
        IndicatorOPD.objects.bulk_create(IndicatorOPD(indicator=copy, opd=rng.choice(opds)) for copy in copies)


def _operator(opd):
    user = get_user_model().objects.create_user("bench.operator", password="bench-pantau-rb")
    user.groups.add(Group.objects.get(name=Role.OPERATOR.value))
    Membership.objects.create(user=user, opd=opd)
    return user


def _fill_reports(user, rng) -> dict:
    sha = hashlib.sha256(PDF).hexdigest()
    path = f"bukti/{sha[:2]}/{sha}.pdf"
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(PDF))
    parts = [(link.activity_id, None, link.opd_id) for link in ActivityOPD.objects.all()]
    parts += [
        (None, indicator.pk, opd.pk)
        for indicator in Indicator.objects.prefetch_related("opd_links__opd", "focus_item__opd_links__opd")
        for opd in indicator.responsible_opds()
    ]
    realisations = 0
    for period in Period.objects.order_by("year", "semester"):
        existing = set(Realisation.objects.filter(period=period).values_list("activity_id", "indicator_id", "opd_id"))
        batch = Realisation.objects.bulk_create(
            Realisation(
                period=period,
                opd_id=opd_id,
                activity_id=activity_id,
                indicator_id=indicator_id,
                status=rng.choice(STATUSES),
                progress=Decimal(rng.randint(0, 100)) if activity_id else None,
                value=Decimal(rng.randint(40, 100)) if indicator_id else None,
                narrative="Capaian semester sesuai rencana kerja.",
                obstacles="Anggaran terbatas.",
                created_by=user,
            )
            for activity_id, indicator_id, opd_id in parts
            if (activity_id, indicator_id, opd_id) not in existing
        )
        Evidence.objects.bulk_create(
            Evidence(
                realisation=r,
                file=path,
                original_name="bukti.pdf",
                content_type="application/pdf",
                extension=".pdf",
                size=len(PDF),
                sha256=sha,
                uploaded_by=user,
            )
            for r in batch
        )
        ReportEvent.objects.bulk_create(
            ReportEvent(realisation=r, actor=user, action=action, changes={"status": ["draf", "diajukan"]})
            for r in batch
            for action in (ReportEvent.Action.SAVED, ReportEvent.Action.SUBMITTED, ReportEvent.Action.VERIFIED)
        )
        realisations += len(batch)
    return {"realisations": realisations, "evidence": realisations, "events": realisations * 3}


def _assessments(user, rng) -> None:
    version = WorksheetVersion.objects.get(code="permenpan-14-2014")
    questions = list(Question.objects.filter(subarea__area__component__version=version).prefetch_related("options"))
    for year in range(2019, 2024):
        assessment = Assessment.objects.create(version=version, year=year, created_by=user)
        Answer.objects.bulk_create(
            Answer(assessment=assessment, question=q, final_option=rng.choice(list(q.options.all()))) for q in questions
        )
        for indicator in HasilIndicator.objects.filter(component__version=version).prefetch_related("levels"):
            if indicator.input_max is None:
                HasilInput.objects.create(
                    assessment=assessment, indicator=indicator, level=indicator.levels.first(), entered_by=user
                )
            else:
                HasilInput.objects.create(
                    assessment=assessment,
                    indicator=indicator,
                    value=indicator.input_max * Decimal("0.7"),
                    entered_by=user,
                )

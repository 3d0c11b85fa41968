"""The semester report workflow: save, submit, approve or return to the operator, verify, return, comment,
attach and remove evidence; each step tells the people who act next (notifications.notify).

Every writer (views, Excel import, admin actions) goes through these functions, so each rule is
enforced in one place. Each function runs in one transaction and raises WorkflowError with a
message for the user when a rule refuses the change; nothing is changed then.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts import rules
from accounts.choices import Role
from actionplan.models import Activity
from core import numbers
from core import text as free_text
from core.errors import WorkflowError
from core.formatting import decimal_text
from core.photos import photos_pdf
from core.uploads import inspect_upload
from indicators.achievement import Achievement, Measured, judge_indicator
from indicators.models import Indicator, Scale, ScaleLevel
from monev import uploads
from monev.choices import Status
from monev.models import Evidence, Period, Realisation, ReportEvent
from monev.signals import report_verified, verification_withdrawn
from notifications.models import Kind
from notifications.service import notify, opd_members
from roadmap.models import OPD

REPORT_FIELDS = ("value", "level", "progress", "data_year", "narrative", "obstacles", "follow_up")


def ensure_responsible(period: Period, opd: OPD, activity: Activity | None, indicator: Indicator | None) -> None:
    """The OPD reports the row, and the row belongs to the roadmap of the period."""
    activities = Activity.objects.for_opd(opd).in_roadmap(period.roadmap_id)
    if activity is not None and not activities.filter(pk=activity.pk).exists():
        raise WorkflowError(_("OPD ini tidak bertanggung jawab atas kegiatan tersebut."))
    indicators = Indicator.objects.for_opd(opd).in_roadmap(period.roadmap_id)
    if indicator is not None and not indicators.filter(pk=indicator.pk).exists():
        raise WorkflowError(_("OPD ini tidak bertanggung jawab atas indikator tersebut."))


def lock(realisation: Realisation) -> None:
    """Re-read the report under a row lock, in place: a concurrent submit, approval, verification or
    return waits here and then sees the state the first one left, so each change is checked against
    the current state and recorded once. (On SQLite the transaction already holds the database's write
    lock, BEGIN IMMEDIATE; the re-read is what matters there.)"""
    realisation.refresh_from_db(from_queryset=Realisation.objects.select_for_update())


def ensure_version(realisation: Realisation, version: int | None) -> None:
    if version is not None and version != realisation.version:
        raise WorkflowError(
            _(
                "Laporan ini sudah diubah orang lain (%(who)s) sejak Anda membukanya. "
                "Muat ulang halaman untuk melihat versi terbaru; perubahan Anda belum disimpan."
            )
            % {"who": _last_actor(realisation)}
        )


def validate_values(
    values: dict, activity: Activity | None, indicator: Indicator | None, period: Period | None = None
) -> None:
    """Server-side checks on a report's values, whatever path they came by (form, Excel, admin).

    On a scale with numeric bands the level follows from the value: a missing level is filled in
    `values`, a contradicting one refused."""
    for name in ("value", "progress"):
        if values.get(name) is not None:
            try:
                numbers.parse_decimal(values[name], **numbers.limits(Realisation, name))
            except numbers.NumberError as error:
                label = Realisation._meta.get_field(name).verbose_name
                raise WorkflowError(f"{str(label).capitalize()}: {error}") from error
    for name in ("narrative", "obstacles", "follow_up"):
        if name in values:
            values[name] = free_text.ensure_fits(values[name], Realisation, name)
    progress = values.get("progress")
    if progress is not None and not (Decimal(0) <= progress <= Decimal(100)):
        raise WorkflowError(_("Progres harus antara 0 dan 100 persen."))
    level: ScaleLevel | None = values.get("level")
    if level is not None and (indicator is None or level.scale_id != indicator.scale_id):
        raise WorkflowError(_("Tingkat '%(level)s' tidak ada pada skala indikator ini.") % {"level": level})
    if activity is not None and level is not None:
        raise WorkflowError(_("Kegiatan tidak memakai tingkat skala."))
    if indicator is not None and indicator.scale_id and values.get("value") is not None:
        _agree_value_and_level(values, indicator)
    _check_data_year(values.get("data_year"), activity, period)


def _agree_value_and_level(values: dict, indicator: Indicator) -> None:
    value, level = values["value"], values.get("level")
    levels = list(indicator.scale.levels.all())
    scale = indicator.scale.name
    if Scale.has_bands(levels):
        derived = Scale.level_for(value, levels)
        if derived is None:
            raise WorkflowError(
                _("Nilai %(value)s di luar rentang skala %(scale)s.") % {"value": decimal_text(value), "scale": scale}
            )
        if level is not None and level != derived:
            raise WorkflowError(
                _(
                    "Nilai %(value)s termasuk tingkat %(derived)s (%(band)s) pada skala %(scale)s, bukan %(level)s. "
                    "Perbaiki nilai atau tingkatnya."
                )
                % {
                    "value": decimal_text(value),
                    "derived": derived.code,
                    "band": derived.band_text(),
                    "scale": scale,
                    "level": level.code,
                }
            )
        values["level"] = derived
        return
    numbered = next((x for x in levels if value == value.to_integral_value() and x.code == str(int(value))), None)
    if numbered is None and level is None:
        raise WorkflowError(
            _("Skala %(scale)s tidak punya rentang angka; pilih tingkatnya (nilai angka boleh ditambahkan).")
            % {"scale": scale}
        )
    if numbered is not None and level is not None and level != numbered:
        raise WorkflowError(
            _("Nilai %(value)s adalah tingkat %(numbered)s, bukan %(level)s.")
            % {"value": decimal_text(value), "numbered": numbered, "level": level}
        )
    if numbered is not None:
        values["level"] = numbered


def _check_data_year(data_year: int | None, activity: Activity | None, period: Period | None) -> None:
    if data_year is None:
        return
    if activity is not None:
        raise WorkflowError(_("Kegiatan tidak memakai tahun data."))
    if period is not None and not (period.year - 1 <= data_year <= period.year):
        raise WorkflowError(
            _("Tahun data %(data_year)s tidak cocok dengan periode %(year)s: isi %(before)s atau %(year)s.")
            % {"data_year": data_year, "year": period.year, "before": period.year - 1}
        )


@transaction.atomic
def save_report(
    *,
    user,
    period: Period,
    opd: OPD,
    values: dict,
    version: int | None,
    activity: Activity | None = None,
    indicator: Indicator | None = None,
    action: str = ReportEvent.Action.SAVED,
) -> Realisation:
    """Create or update the OPD's draft for one row; refuses a stale `version`."""
    # The row's report, locked: by the OPD, else by a unit it carries on (one query)
    existing = Realisation.objects.select_for_update().of_row(period, opd, activity, indicator)
    realisation = existing or Realisation(period=period, opd=opd, activity=activity, indicator=indicator)
    rules.require("monev.edit_report", user, realisation)
    ensure_responsible(period, opd, activity, indicator)
    validate_values(values, activity, indicator, period)
    if existing is None:
        return _create(user, period, opd, activity, indicator, values, action)
    ensure_version(realisation, version)
    changes = _changes(realisation, values)
    if not changes:
        return realisation
    _update(realisation, version=realisation.version, **values)
    _record(realisation, user, action, changes)
    return realisation


@transaction.atomic
def save_with_evidence(
    *,
    user,
    period: Period,
    opd: OPD,
    activity: Activity | None,
    indicator: Indicator | None,
    values: dict,
    version: int | None,
    remove: list[int],
    files: list,
    sent_ahead: list[str],
    photos: list,
    then_submit: bool,
) -> tuple[Realisation, str]:
    """The report form's save in one transaction, so a refused file or submit undoes the save too: the values,
    the files taken off (`remove`, evidence ids) and added (`files` sent with the form, `sent_ahead` upload ids
    of files sent in pieces, `photos` as one PDF), then the submit when asked. Returns the report and what was
    done, in words."""
    realisation = save_report(
        user=user, period=period, opd=opd, activity=activity, indicator=indicator, values=values, version=version
    )
    removed = realisation.evidence.active().filter(pk__in=remove)
    for evidence in removed:
        remove_evidence(user, evidence)
    completed = uploads.completed_files(user, sent_ahead)
    files = [*files, *(file for _session, file in completed)]
    for upload in files:
        add_evidence(user, realisation, upload)
    uploads.discard_after_commit([session for session, _file in completed])
    if photos:
        add_photo_evidence(user, realisation, photos)
    done = [_("Draf disimpan.")]
    if then_submit:
        submit(user, realisation)
        done = [_("Laporan disimpan."), submitted_text(realisation)]
    if files:
        done.append(_("%(n)d bukti diunggah.") % {"n": len(files)})
    if photos:
        done.append(_("%(n)d foto disimpan sebagai satu PDF bukti.") % {"n": len(photos)})
    if removed:
        done.append(_("%(n)d bukti dihapus dari laporan.") % {"n": len(removed)})
    return realisation, " ".join(str(part) for part in done)


def _create(user, period, opd, activity, indicator, values, action) -> Realisation:
    try:
        with transaction.atomic():
            realisation = Realisation.objects.create(
                period=period, opd=opd, activity=activity, indicator=indicator, created_by=user, **values
            )
    except IntegrityError as exc:
        raise WorkflowError(
            _("Laporan ini baru saja dibuat orang lain. Muat ulang halaman; perubahan Anda belum disimpan.")
        ) from exc
    _record(realisation, user, action, {name: [None, _display(values.get(name))] for name in values if values[name]})
    return realisation


@transaction.atomic
def submit(user, realisation: Realisation, version: int | None = None) -> Realisation:
    lock(realisation)
    rules.require("monev.submit_report", user, realisation)
    ensure_version(realisation, version)
    _ensure_complete(realisation)
    needs_head = needs_head_approval(user, realisation.opd)
    status = Status.AWAITING_APPROVAL if needs_head else Status.SUBMITTED
    was_returned = realisation.status == Status.RETURNED
    returned_by = _returned_by(realisation) if was_returned else None
    if needs_head:
        action = ReportEvent.Action.FORWARDED
    else:
        action = ReportEvent.Action.RESUBMITTED if was_returned else ReportEvent.Action.SUBMITTED
    _transition(realisation, user, status, action, submitted_at=timezone.now())
    if needs_head:
        _tell(
            opd_members(realisation.opd_id, Role.HEAD),
            user,
            Kind.APPROVAL_REQUESTED,
            realisation,
            _("Menunggu persetujuan Anda: %(report)s"),
        )
    elif returned_by is not None:
        _tell([returned_by], user, Kind.RESUBMITTED, realisation, _("Diperbaiki dan diajukan kembali: %(report)s"))
    return realisation


def needs_head_approval(user, opd: OPD) -> bool:
    """Whether the user's submit goes to the Kepala OPD first: in an OPD that asks for the head's approval,
    unless the head submits."""
    return opd.requires_head_approval and not rules.is_head(user)


def submit_drafts(user, opd: OPD, period: Period) -> tuple[int, int]:
    """Submit every draft of the OPD in the period (e.g. after an Excel import), each in its own transaction:
    (how many were submitted, how many stay drafts because a rule refused them, mostly as incomplete)."""
    drafts = Realisation.objects.filter(period=period, opd=opd, status=Status.DRAFT).select_related("period", "opd")
    submitted, refused = 0, 0
    for realisation in drafts:
        try:
            submit(user, realisation)
            submitted += 1
        except WorkflowError:
            refused += 1
    return submitted, refused


SUBMIT_ACTIONS = (ReportEvent.Action.FORWARDED, ReportEvent.Action.SUBMITTED, ReportEvent.Action.RESUBMITTED)


def submitted_text(realisation: Realisation) -> str:
    """What a submit just did, in words that say what happens next (the message after the button)."""
    event = realisation.events.filter(action__in=SUBMIT_ACTIONS).order_by("-at", "-pk").first()
    action = event.action if event is not None else ReportEvent.Action.SUBMITTED
    return {
        ReportEvent.Action.FORWARDED: _("Laporan diteruskan ke Kepala OPD dan menunggu persetujuannya."),
        ReportEvent.Action.RESUBMITTED: _(
            "Laporan diperbaiki dan diajukan kembali; menunggu verifikasi Bagian Organisasi."
        ),
        ReportEvent.Action.SUBMITTED: _("Laporan diajukan ke Bagian Organisasi dan menunggu verifikasi."),
    }[action]


@transaction.atomic
def approve(user, realisation: Realisation, version: int | None = None) -> Realisation:
    lock(realisation)
    rules.require("monev.approve_report", user, realisation)
    ensure_version(realisation, version)
    returned_by = _returned_by(realisation)
    _transition(realisation, user, Status.SUBMITTED, ReportEvent.Action.APPROVED)
    _tell(
        opd_members(realisation.opd_id, Role.OPERATOR),
        user,
        Kind.APPROVED,
        realisation,
        _("Disetujui Kepala OPD dan diajukan ke Bagian Organisasi: %(report)s"),
    )
    if returned_by is not None:
        _tell([returned_by], user, Kind.RESUBMITTED, realisation, _("Diperbaiki dan diajukan kembali: %(report)s"))
    return realisation


@transaction.atomic
def return_to_operator(user, realisation: Realisation, note: str, version: int | None = None) -> Realisation:
    """The Kepala OPD sends a report awaiting approval back to the operator with a note."""
    lock(realisation)
    rules.require("monev.return_to_operator", user, realisation)
    note = _required_note(note)
    ensure_version(realisation, version)
    _transition(
        realisation, user, Status.RETURNED, ReportEvent.Action.RETURNED_TO_OPERATOR, note=note, return_note=note
    )
    _tell(
        opd_members(realisation.opd_id, Role.OPERATOR),
        user,
        Kind.RETURNED,
        realisation,
        _("Dikembalikan Kepala OPD untuk diperbaiki: %(report)s") + " — " + note,
    )
    return realisation


@transaction.atomic
def verify(user, realisation: Realisation, version: int | None = None) -> Realisation:
    lock(realisation)
    rules.require("monev.verify_report", user, realisation)
    ensure_version(realisation, version)
    _transition(
        realisation, user, Status.VERIFIED, ReportEvent.Action.VERIFIED, verified_at=timezone.now(), verified_by=user
    )
    report_verified.send(Realisation, realisation=realisation, user=user)
    _tell(
        opd_members(realisation.opd_id),
        user,
        Kind.VERIFIED,
        realisation,
        _("Diverifikasi Bagian Organisasi: %(report)s"),
    )
    return realisation


@transaction.atomic
def return_report(user, realisation: Realisation, note: str, version: int | None = None) -> Realisation:
    lock(realisation)
    rules.require("monev.return_report", user, realisation)
    note = _required_note(note)
    ensure_version(realisation, version)
    if realisation.is_verified:
        verification_withdrawn.send(Realisation, realisation=realisation)
    _transition(
        realisation,
        user,
        Status.RETURNED,
        ReportEvent.Action.RETURNED,
        note=note,
        return_note=note,
        verified_at=None,
        verified_by=None,
    )
    message = _("Dikembalikan Bagian Organisasi untuk diperbaiki: %(report)s") + " — " + note
    if not realisation.period.is_open_for(realisation.opd):
        message += " " + locked_return_note(realisation)
    _tell(opd_members(realisation.opd_id), user, Kind.RETURNED, realisation, message)
    return realisation


def returned_text(realisation: Realisation) -> str:
    """What a return just did, in words that say what happens next (the message after the button)."""
    done = _("Laporan dikembalikan ke OPD dengan catatan; menunggu perbaikan OPD.")
    if not realisation.period.is_open_for(realisation.opd):
        done += " " + locked_return_note(realisation)
    return done


def verify_each(user, realisations: list[Realisation]) -> tuple[int, list[str]]:
    """Verify several reports, each in its own transaction (`verify`): (how many were verified, each refused
    one by OPD and row with the reason). A refused one changes nothing and stays in the queue."""
    verified, refused = 0, []
    for realisation in realisations:
        try:
            verify(user, realisation)
            verified += 1
        except WorkflowError as error:
            refused.append(f"{realisation.opd.short_name} — {realisation.row_label[:60]}: {error}")
    return verified, refused


def locked_return_note(realisation: Realisation) -> str:
    """Said to both sides when a report is returned after its period was locked: the fix waits for a reopening."""
    return _(
        "Periode %(period)s sudah dikunci: OPD dapat memperbaikinya setelah Administrator membuka kembali "
        "periode untuk OPD ini."
    ) % {"period": realisation.period}


@transaction.atomic
def add_comment(user, realisation: Realisation, text: str) -> ReportEvent:
    rules.require("monev.comment_report", user, realisation)
    text = free_text.ensure_fits(text, ReportEvent, "note")
    if not text:
        raise WorkflowError(_("Komentar tidak boleh kosong."))
    return ReportEvent.objects.create(realisation=realisation, actor=user, action=ReportEvent.Action.COMMENT, note=text)


@transaction.atomic
def add_evidence(user, realisation: Realisation, upload) -> Evidence:
    lock(realisation)
    rules.require("monev.add_evidence", user, realisation)
    try:
        inspected = inspect_upload(upload)
    except ValidationError as exc:
        raise WorkflowError(" ".join(exc.messages)) from exc
    if realisation.evidence.active().filter(sha256=inspected.sha256).exists():
        raise WorkflowError(_("Berkas yang sama sudah menjadi bukti laporan ini."))
    evidence = Evidence(
        realisation=realisation,
        original_name=upload.name[:255],
        content_type=inspected.content_type,
        extension=inspected.extension,
        size=inspected.size,
        sha256=inspected.sha256,
        uploaded_by=user,
    )
    stored = Evidence.objects.filter(sha256=inspected.sha256).first()
    if stored is not None and stored.file.storage.exists(stored.file.name):
        evidence.file.name = stored.file.name  # same content already stored: keep one copy
        evidence.save()
    else:
        evidence.file.save(upload.name, ContentFile(inspected.content), save=True)
    _record(realisation, user, ReportEvent.Action.EVIDENCE, {"bukti": [None, evidence.original_name]})
    return evidence


def add_photo_evidence(user, realisation: Realisation, photos: list) -> Evidence:
    """Photos taken on a phone, as one PDF evidence file (core.photos), stored like any other upload."""
    rules.require("monev.add_evidence", user, realisation)  # before the costly part, not only after it
    realisation = Realisation.objects.with_details().get(pk=realisation.pk)
    today = timezone.localdate()
    caption = f"{realisation.row_label} — {realisation.opd.name}, {realisation.period.short_label}"
    try:
        pdf = photos_pdf(photos, caption, date_format(today, "j F Y"))
    except ValidationError as exc:
        raise WorkflowError(" ".join(exc.messages)) from exc
    name = f"foto-bukti-{today:%Y%m%d}-{len(photos)}-foto.pdf"
    return add_evidence(user, realisation, SimpleUploadedFile(name, pdf, content_type="application/pdf"))


@transaction.atomic
def remove_evidence(user, evidence: Evidence) -> Evidence:
    """Takes a file off a report that is still editable; the row and the file stay, marked removed."""
    realisation = evidence.realisation
    lock(realisation)
    rules.require("monev.remove_evidence", user, realisation)
    updated = Evidence.objects.filter(pk=evidence.pk, removed_at__isnull=True).update(
        removed_at=timezone.now(), removed_by=user
    )
    if updated != 1:
        raise WorkflowError(_("Bukti ini sudah dihapus dari laporan."))
    evidence.refresh_from_db()
    _record(realisation, user, ReportEvent.Action.EVIDENCE_REMOVED, {"bukti": [evidence.original_name, None]})
    return evidence


def combined_status(statuses: list[str | None]) -> str:
    """Status of a row reported by several OPDs: the least advanced part decides."""
    from monev.choices import NOT_STARTED

    present = [status for status in statuses if status]
    if not present:
        return NOT_STARTED
    if Status.RETURNED in present:
        return Status.RETURNED
    if len(present) == len(statuses) and all(status == Status.VERIFIED for status in present):
        return Status.VERIFIED
    if len(present) == len(statuses) and all(status in {Status.SUBMITTED, Status.VERIFIED} for status in present):
        return Status.SUBMITTED
    return Status.DRAFT


# -- internals -----------------------------------------------------------------------------


def _ensure_complete(realisation: Realisation) -> None:
    missing = []
    if realisation.indicator_id and realisation.value is None and realisation.level_id is None:
        missing.append(_("nilai realisasi"))
    if realisation.activity_id and realisation.progress is None:
        missing.append(_("progres"))
    if realisation.indicator_id and realisation.indicator.is_annual and realisation.data_year is None:
        missing.append(_("tahun data (hasil tahun berapa yang dilaporkan)"))
    if not realisation.narrative.strip():
        missing.append(_("uraian capaian"))
    if missing:
        raise WorkflowError(_("Sebelum diajukan, lengkapi: %(fields)s.") % {"fields": ", ".join(missing)})
    undecided = _undecided_band(realisation)
    if undecided:
        raise WorkflowError(_("Sebelum diajukan, isi nilai angkanya: %(reason)s") % {"reason": undecided})


def _undecided_band(realisation: Realisation) -> str:
    """The reason a level reported without its number cannot be judged against the year's number target
    (the band straddles it: IP ASN Sedang, 71–80, against 74), else ''. The scales with bands are
    published with their numbers, so the number can be asked for."""
    indicator = realisation.indicator
    if indicator is None or realisation.value is not None or realisation.level_id is None or not indicator.scale_id:
        return ""
    levels = list(indicator.scale.levels.all())
    target = indicator.targets.filter(year=realisation.target_year).first()
    if target is None or target.value is None or not Scale.has_bands(levels):
        return ""
    level = next(x for x in levels if x.pk == realisation.level_id)
    measured = Measured(rank=level.rank, verified=True, level=level)
    judgement = judge_indicator(target, measured, indicator.direction, levels=levels)
    return judgement.note if judgement.status == Achievement.UNJUDGEABLE else ""


def _transition(realisation: Realisation, user, status: str, action: str, note: str = "", **fields) -> None:
    changes = {"status": [realisation.get_status_display(), str(Status(status).label)]}
    _update(realisation, version=realisation.version, status=status, **fields)
    _record(realisation, user, action, changes, note)


def _update(realisation: Realisation, version: int, **fields) -> None:
    """Write only if nobody changed the row since we read it (works the same on SQLite and PostgreSQL)."""
    updated = Realisation.objects.filter(pk=realisation.pk, version=version).update(
        version=F("version") + 1, updated_at=timezone.now(), **fields
    )
    if updated != 1:
        realisation.refresh_from_db()
        ensure_version(realisation, version)
        raise WorkflowError(_("Laporan tidak dapat disimpan; muat ulang halaman."))
    realisation.refresh_from_db()


def _changes(realisation: Realisation, values: dict) -> dict:
    changes = {}
    for name, new in values.items():
        old = getattr(realisation, name)
        if old != new and not (old in (None, "") and new in (None, "")):
            changes[name] = [_display(old), _display(new)]
    return changes


def _display(value) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return decimal_text(value)
    return str(value)


def _required_note(note: str | None) -> str:
    note = free_text.ensure_fits((note or "").strip(), Realisation, "return_note")
    if not note:
        raise WorkflowError(_("Catatan pengembalian wajib diisi agar OPD tahu apa yang harus diperbaiki."))
    return note


def _returned_by(realisation: Realisation):
    """The verifier who returned the report, unless it was verified since: told when it comes back."""
    actions = [ReportEvent.Action.RETURNED, ReportEvent.Action.VERIFIED]
    event = realisation.events.filter(action__in=actions).select_related("actor").order_by("-at", "-pk").first()
    return event.actor if event is not None and event.action == ReportEvent.Action.RETURNED else None


def _tell(recipients, actor, kind: str, realisation: Realisation, template: str) -> None:
    report = f"{realisation.period.short_label} {realisation.opd.short_name} — {realisation.row_label}"
    notify(recipients, kind, template % {"report": report[:200]}, realisation.get_absolute_url(), exclude=actor)


def _record(realisation: Realisation, user, action: str, changes: dict, note: str = "") -> None:
    ReportEvent.objects.create(realisation=realisation, actor=user, action=action, changes=changes, note=note)


def _last_actor(realisation: Realisation) -> str:
    event = realisation.events.select_related("actor").order_by("-at", "-pk").first()
    if event is None:
        return _("pengguna lain")
    return event.actor.get_full_name() or event.actor.username

"""Import and export of the OPD registry in the admin: short name, name, spellings, head approval.

An OPD added by import is the Pemda's, not the Perbup's (named_in_perbup stays False); the Perbup's
own flag and source lines are never changed by an import.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, widgets

from core.resources import ColumnErrorsResource
from roadmap.models import OPD


class YesNoWidget(widgets.Widget):
    """ya/tidak (also 1/0, true/false) as a spreadsheet user writes it."""

    def clean(self, value, row=None, **kwargs) -> bool:
        text = str(value if value is not None else "").strip().casefold()
        if text in {"ya", "y", "1", "true", "benar"}:
            return True
        if text in {"tidak", "t", "0", "false", "salah", ""}:
            return False
        raise ValueError(_("Isi 'ya' atau 'tidak', bukan '%(value)s'.") % {"value": value})

    def render(self, value, obj=None, **kwargs) -> str:
        return _("ya") if value else _("tidak")


class AliasesWidget(widgets.Widget):
    """Spellings separated by semicolons."""

    def clean(self, value, row=None, **kwargs) -> list[str]:
        return [item.strip() for item in str(value or "").split(";") if item.strip()]

    def render(self, value, obj=None, **kwargs) -> str:
        return "; ".join(value or [])


class OPDResource(ColumnErrorsResource):
    unique_ignoring_case = ("short_name", "name")
    short_name = fields.Field(attribute="short_name", column_name="nama_singkat")
    name = fields.Field(attribute="name", column_name="nama")
    aliases = fields.Field(attribute="aliases", column_name="variasi_ejaan", widget=AliasesWidget())
    requires_head_approval = fields.Field(
        attribute="requires_head_approval", column_name="perlu_persetujuan_kepala", widget=YesNoWidget()
    )
    named_in_perbup = fields.Field(
        attribute="named_in_perbup", column_name="disebut_dalam_perbup", widget=YesNoWidget(), readonly=True
    )

    class Meta:
        model = OPD
        fields = ("short_name", "name", "aliases", "requires_head_approval", "named_in_perbup")
        import_id_fields = ("short_name",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True) -> None:
        renamed = instance.pk and OPD.objects.filter(pk=instance.pk, realisations__isnull=False).exclude(
            name=instance.name
        )
        if renamed and renamed.exists():
            raise ValidationError({"nama": reported_unit_keeps_its_name()})
        super().validate_instance(instance, import_validation_errors, validate_unique)


def reported_unit_keeps_its_name() -> str:
    """A unit that has reported keeps its name: a new name is a rename (Perubahan OPD), so its reports keep theirs."""
    return _(
        "OPD ini sudah punya laporan atas namanya; nama baru dicatat sebagai Perubahan OPD (ganti nama ke OPD "
        "baru), agar laporan lama tetap atas nama saat itu."
    )

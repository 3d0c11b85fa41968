"""Base for django-import-export resources: refused rows name the spreadsheet's column, not the attribute;
a key given twice (letter case ignored) is refused; an .xlsx is read by core.spreadsheets."""

import io
import os

import tablib
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from import_export import resources
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats

from core import pending, spreadsheets

MAX_IMPORT_ROWS = 5000
MAX_IMPORT_COLUMNS = 50


class XLSX(base_formats.XLSX):
    """An .xlsx import read by the one workbook reader (size limits; a cell it cannot read exactly, such
    as a formula without its value or NaN, refuses the file naming the cell) instead of openpyxl as is."""

    def create_dataset(self, in_stream):
        workbook = spreadsheets.open_workbook(io.BytesIO(in_stream), max_rows=MAX_IMPORT_ROWS + 1)
        try:
            title = workbook.active.title  # the sheet import-export reads
            header = spreadsheets.first_rows(workbook[title], 1, MAX_IMPORT_COLUMNS)
            headers = list(header[0]) if header else []
            while headers and headers[-1] in (None, ""):
                headers.pop()
            rows, problems = spreadsheets.read_rows(workbook, title, MAX_IMPORT_ROWS + 1, len(headers))
        finally:
            workbook.close()
        if problems:
            raise spreadsheets.UnreadableWorkbook("; ".join(str(problem) for problem in problems), problems)
        if len(rows) > MAX_IMPORT_ROWS:
            raise spreadsheets.UnreadableWorkbook(
                _("Terlalu banyak baris (maksimal %(max)d).") % {"max": MAX_IMPORT_ROWS}
            )
        dataset = tablib.Dataset(headers=headers)
        for row in rows[1:]:
            if any(value not in (None, "") for value in row):
                dataset.append(row)
        return dataset


class SpreadsheetImportMixin(ImportExportMixin):
    """The admin's import: CSV, or .xlsx through the one reader, whose refusal is shown as it is written
    (import-export would only name the exception's type). Between the preview and the confirmation the file
    is the user's pending upload of this admin's import (core/pending.py, IMPORT_EXPORT_TMP_STORAGE_CLASS);
    the preview lists refused cells as core.spreadsheets.Problem, like every other import."""

    import_formats = [base_formats.CSV, XLSX]

    def pending_kind(self) -> str:
        return f"admin-import:{self.opts.label_lower}"

    def import_action(self, request, **kwargs):
        with pending.acting(request.user, self.pending_kind()):
            response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        if request.method == "POST" and "confirm_form" not in context:
            pending.forget(request.user, self.pending_kind())  # a preview that cannot be confirmed keeps no file
        if context.get("result") is not None:
            context["problems"] = refused_cells(context["result"])
        return response

    def process_import(self, request, **kwargs):
        """The confirmation: only the user's own, unexpired pending upload of this import is applied, and it
        is removed afterwards whether the import succeeded or not."""
        if request.method != "POST":
            return super().process_import(request, **kwargs)
        confirm = self.create_confirm_form(request)
        if not self.has_import_permission(request) or not confirm.is_valid():
            return super().process_import(request, **kwargs)  # refused as import-export refuses; the upload stays
        chosen = confirm.cleaned_data["format"]
        if not (chosen.isascii() and chosen.isdigit() and int(chosen) < len(self.get_import_formats())):
            # import-export would index its formats with it (a 500); the upload stays for a proper confirmation
            messages.error(request, _("Format berkas tidak dikenal; ulangi konfirmasi dari pratinjau."))
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
        name = os.path.basename(request.POST.get("import_file_name", ""))
        try:
            with (
                pending.take(request.user, self.pending_kind(), name) as claimed,
                pending.acting(request.user, self.pending_kind(), claimed),
            ):
                return super().process_import(request, **kwargs)
        except pending.NotFound as error:
            messages.error(request, str(error))
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")

    def add_data_read_fail_error_to_form(self, form, e) -> None:
        if isinstance(e, spreadsheets.UnreadableWorkbook):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)


def refused_cells(result) -> list[spreadsheets.Problem]:
    """The refused cells of an import-export preview, each a row, a column and what is wrong."""
    problems = []
    for row in result.invalid_rows:
        for column, errors in row.field_specific_errors.items():
            problems += [spreadsheets.Problem("", row.number, column, str(error)) for error in errors]
        problems += [spreadsheets.Problem("", row.number, "", str(error)) for error in row.non_field_specific_errors]
    return problems


class ColumnErrorsResource(resources.ModelResource):
    """Imports whose preview lists each refused row by row number and by the column the user typed in.
    Exported cells go through core.spreadsheets (formula-like text quoted, refused characters removed);
    an import takes the quote off again, so an exported file imports unchanged."""

    # Attributes whose values must differ in more than letter case, within the file and from other rows
    # already stored (a second "Operator_A" would otherwise be created, or the last row would win).
    unique_ignoring_case: tuple[str, ...] = ()

    def export_field(self, field, instance, **kwargs):
        return spreadsheets.cell_value(super().export_field(field, instance, **kwargs))

    def before_import(self, dataset, **kwargs) -> None:
        super().before_import(dataset, **kwargs)
        self._repeated = self._repeated_rows(dataset)

    def _repeated_rows(self, dataset) -> dict[int, dict[str, list[str]]]:
        """{row number: {column: [message]}} for each row repeating an earlier row's key."""
        repeated: dict[int, dict[str, list[str]]] = {}
        columns = {field.attribute: field.column_name for field in self.get_import_fields()}
        for attribute in self.unique_ignoring_case:
            column, first = columns[attribute], {}
            if column not in (dataset.headers or []):
                continue
            for number, row in enumerate(dataset.dict, start=1):
                value = _folded(row.get(column))
                if not value:
                    continue
                if value in first:
                    message = _(
                        "sama dengan baris %(row)d (huruf besar/kecil tidak dibedakan); tiap %(column)s "
                        "hanya boleh satu kali."
                    ) % {"row": first[value], "column": column}
                    repeated.setdefault(number, {})[column] = [message]
                else:
                    first[value] = number
        return repeated

    def before_import_row(self, row, **kwargs) -> None:
        for key, value in list(row.items()):
            if isinstance(value, str):
                row[key] = spreadsheets.text_from_cell(value)
        super().before_import_row(row, **kwargs)
        repeated = getattr(self, "_repeated", {}).get(kwargs.get("row_number"))
        if repeated:
            raise ValidationError(repeated)

    def _by_column(self, error: ValidationError) -> ValidationError:
        if not hasattr(error, "error_dict"):
            return error
        columns = {field.attribute: field.column_name for field in self.get_import_fields()}
        columns.pop(NON_FIELD_ERRORS, None)
        return ValidationError({columns.get(key, key): value for key, value in error.error_dict.items()})

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True) -> None:
        import_validation_errors = dict(import_validation_errors or {})
        for attribute in self.unique_ignoring_case:
            value = str(getattr(instance, attribute, "") or "").strip()
            others = type(instance)._default_manager.filter(**{f"{attribute}__iexact": value}).exclude(pk=instance.pk)
            other = others.first() if value else None
            if other is not None and attribute not in import_validation_errors:
                import_validation_errors[attribute] = [
                    _("'%(value)s' sudah dipakai oleh '%(other)s' (huruf besar/kecil tidak dibedakan).")
                    % {"value": value, "other": getattr(other, attribute)}
                ]
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            raise self._by_column(error) from error


def _folded(value) -> str:
    return spreadsheets.text_from_cell(value).strip().casefold() if value is not None else ""


class ImportTemplateMixin:
    """An admin with django-import-export's ImportExportMixin: a blank spreadsheet to fill in, with the
    resource's column names and `import_example` (a row of example values), linked from the import page."""

    import_example: list[str] = []

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_template_view)
        return [path("impor/templat/", view, name=self._template_url_name())] + super().get_urls()

    def _template_url_name(self) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_import_template"

    def import_template_view(self, request) -> HttpResponse:
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource = self.get_import_resource_classes(request)[0]()
        headers = [field.column_name for field in resource.get_import_fields() if not field.readonly]
        rows = [self.import_example] if self.import_example else []
        content = spreadsheets.xlsx_bytes(headers, rows, title=str(self.opts.verbose_name_plural))
        response = HttpResponse(content, content_type=spreadsheets.CONTENT_TYPES["xlsx"])
        response["Content-Disposition"] = f'attachment; filename="templat-{self.opts.model_name}.xlsx"'
        return response

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        context["import_template_url"] = reverse(f"admin:{self._template_url_name()}")
        return context

"""Base for django-import-export resources: refused rows name the spreadsheet's column, not the attribute."""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import HttpResponse
from django.urls import path, reverse
from import_export import resources

from core import spreadsheets


class ColumnErrorsResource(resources.ModelResource):
    """Imports whose preview lists each refused row by row number and by the column the user typed in.
    Exported cells go through core.spreadsheets (formula-like text quoted, refused characters removed);
    an import takes the quote off again, so an exported file imports unchanged."""

    def export_field(self, field, instance, **kwargs):
        return spreadsheets.cell_value(super().export_field(field, instance, **kwargs))

    def before_import_row(self, row, **kwargs) -> None:
        for key, value in list(row.items()):
            if isinstance(value, str):
                row[key] = spreadsheets.text_from_cell(value)
        super().before_import_row(row, **kwargs)

    def _by_column(self, error: ValidationError) -> ValidationError:
        if not hasattr(error, "error_dict"):
            return error
        columns = {field.attribute: field.column_name for field in self.get_import_fields()}
        columns.pop(NON_FIELD_ERRORS, None)
        return ValidationError({columns.get(key, key): value for key, value in error.error_dict.items()})

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True) -> None:
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            raise self._by_column(error) from error


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

"""Base for django-import-export resources: refused rows name the spreadsheet's column, not the attribute."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
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

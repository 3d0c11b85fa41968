"""Shared list view: a django-tables2 table, a django-filter filterset and .xlsx/.csv export.

Per-model list views declare `queryset` (or `get_queryset`), `table_class`, `filterset_class`
and `template_name`; the export always uses the same filtered queryset as the screen.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.utils.encoding import force_str
from django.views.generic.base import ContextMixin
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export.views import ExportMixin

from core import spreadsheets
from core.params import positive_int


def table_values(table, exclude_columns=()) -> tuple[list[str], list[list]]:
    """(headers, rows) of a django-tables2 table as its export writes them: each column's value_* (or its
    rendered text); unlike Table.as_values, a core.spreadsheets.NumberCell stays one, so a workbook gets the
    number and a CSV the printed text."""
    columns = [
        column
        for column in table.columns.iterall()
        if not (column.column.exclude_from_export or column.name in exclude_columns)
    ]
    headers = [str(column.header) for column in columns]
    rows = ([_cell(row.get_cell_value(column.name)) for column in columns] for row in table.rows)
    return headers, rows


def _cell(value):
    return value if isinstance(value, spreadsheets.NumberCell) else force_str(value, strings_only=True)


class FilteredTableView(LoginRequiredMixin, ExportMixin, SingleTableMixin, FilterView):
    template_name = "generic/list.html"
    paginate_by = 50
    export_formats = spreadsheets.FORMATS
    export_name = "pantau-rb"
    page_title = ""

    max_per_page = 200
    # The table is built only when the template's shared fragment around it is not cached (its context then
    # holds `table_data`, a callable, instead of `table`): see accounts/templatetags/shared_fragments.py.
    shared_table = False

    def get(self, request, *args, **kwargs):
        request.GET = self.clean_paging(request.GET)
        return super().get(request, *args, **kwargs)

    def clean_paging(self, query):
        """Page and page size as whole numbers in range; any other value falls back to the default
        (django-tables2 would answer a negative page size with a 500)."""
        query = query.copy()
        for name, largest in (("page", 10**9), ("per_page", self.max_per_page)):
            if name not in query:
                continue
            value = positive_int(query[name])
            if value is None:
                del query[name]
            else:
                query[name] = str(min(value, largest))
        return query

    def get_export_filename(self, export_format: str) -> str:
        return f"{self.export_name}.{export_format}"

    def export_rows(self) -> tuple[list[str], list[list]] | None:
        """A view may return (headers, rows) built from .values() for a fast export of many rows."""
        return None

    def render_to_response(self, context, **kwargs):
        """Export only in the formats offered; any other `_export` value shows the page."""
        export_format = self.request.GET.get(self.export_trigger_param)
        if export_format in self.export_formats:
            return self.create_export(export_format)
        return super(ExportMixin, self).render_to_response(context, **kwargs)

    def create_export(self, export_format: str):
        """Both exports go through core.spreadsheets, the one writer that neutralises formulas."""
        fast = self.export_rows()
        if fast is None:
            fast = table_values(self.get_table(**self.get_table_kwargs()), self.exclude_columns)
        headers, rows = fast
        return spreadsheets.export_response(export_format, headers, rows, self.get_export_filename(export_format))

    def get_context_data(self, **kwargs):
        if self.shared_table:
            # Neither the table nor the list's pagination (its COUNT query): both only when the fragment is computed
            context = ContextMixin.get_context_data(self, **kwargs)
            context["table_data"] = lambda: {"table": self.get_table(**self.get_table_kwargs())}
        else:
            context = super().get_context_data(**kwargs)
        context["page_title"] = self.page_title
        query = self.request.GET.copy()
        query.pop("page", None)
        context["export_query"] = query.urlencode()
        return context


def csrf_failure(request, reason: str = ""):
    """A refused form (CSRF check) explained in Indonesian, in the site's look (CSRF_FAILURE_VIEW)."""
    return render(request, "403_csrf.html", status=403)

"""Shared list view: a django-tables2 table, a django-filter filterset and .xlsx/.csv export.

Per-model list views declare `queryset` (or `get_queryset`), `table_class`, `filterset_class`
and `template_name`; the export always uses the same filtered queryset as the screen.
"""

import tablib
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export.views import ExportMixin


class FilteredTableView(LoginRequiredMixin, ExportMixin, SingleTableMixin, FilterView):
    template_name = "generic/list.html"
    paginate_by = 50
    export_formats = ("xlsx", "csv")
    export_name = "pantau-rb"
    page_title = ""

    def get_export_filename(self, export_format: str) -> str:
        return f"{self.export_name}.{export_format}"

    def export_rows(self) -> tuple[list[str], list[list]] | None:
        """A view may return (headers, rows) built from .values() for a fast export of many rows."""
        return None

    def create_export(self, export_format: str):
        fast = self.export_rows()
        if fast is None:
            return super().create_export(export_format)
        headers, rows = fast
        dataset = tablib.Dataset(*rows, headers=headers)
        content_types = {
            "csv": "text/csv; charset=utf-8",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
        response = HttpResponse(dataset.export(export_format), content_type=content_types[export_format])
        response["Content-Disposition"] = f'attachment; filename="{self.get_export_filename(export_format)}"'
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = self.page_title
        query = self.request.GET.copy()
        query.pop("page", None)
        context["export_query"] = query.urlencode()
        return context

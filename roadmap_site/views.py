"""Shared list view: a django-tables2 table, a django-filter filterset and .xlsx/.csv export.

Per-model list views declare `queryset` (or `get_queryset`), `table_class`, `filterset_class`
and `template_name`; the export always uses the same filtered queryset as the screen.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = self.page_title
        query = self.request.GET.copy()
        query.pop("page", None)
        context["export_query"] = query.urlencode()
        return context

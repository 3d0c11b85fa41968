"""Dashboards for Bagian Organisasi (and Inspektorat): overview, drill-down, tables, public page."""

import functools

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_safe
from django_tables2 import RequestConfig

from accounts import rules
from actionplan.models import Activity
from core import spreadsheets
from core.params import positive_int
from core.views import FilteredTableView, table_values
from dashboards import pages
from dashboards.annual import annual_recap
from dashboards.filtersets import ActivityFilterSet, IndicatorFilterSet, OPDFilterSet
from dashboards.tables import AnnualRecapTable, CompletenessTable, RowResultTable
from indicators.achievement import Achievement
from indicators.models import Indicator
from monev.choices import RowKind
from monev.models import Period
from monev.periods import chosen_period
from roadmap.models import OPD, ChangeArea, Roadmap


@require_safe
@rules.entry(rules.DASHBOARDS)
def overview(request):
    period = chosen_period(request, with_data=True)
    periods = list(Period.objects.filter(roadmap_id=period.roadmap_id).order_by("year", "semester"))
    # The figures are computed only when the page's shared fragment is not cached for this data version
    return render(
        request,
        "dashboards/overview.html",
        {"period": period, "periods": periods, "data": lambda: pages.overview_data(period, periods)},
    )


@require_safe
@rules.entry(rules.DASHBOARDS)
def area_detail(request, number: int):
    period = chosen_period(request, with_data=True)
    area = get_object_or_404(ChangeArea, roadmap_id=period.roadmap_id, number=number)
    context = {
        "period": period,
        "periods": Period.objects.filter(roadmap_id=period.roadmap_id),
        "area": area,
        "data": lambda: pages.area_data(period, area),
    }
    return render(request, "dashboards/area.html", context)


@require_safe
@rules.entry(rules.SIGNED_IN)
def opd_detail(request, pk: int):
    opd = get_object_or_404(OPD, pk=pk)
    if not rules.sees_all_opds(request.user) and rules.user_opd(request.user) != opd:
        raise Http404
    period = chosen_period(request, with_data=True)
    context = {
        "opd": opd,
        "period": period,
        # Who did what names people, whose names no data version covers: read for each request
        "events": pages.recent_events(set(opd.lineage_ids)),
        # Computed once, when either of the page's two shared fragments is not cached
        "data": functools.cache(lambda: pages.opd_data(opd, period)),
    }
    return render(request, "dashboards/opd.html", context)


@require_safe
@rules.entry(rules.INDICATOR_PAGES)
def indicator_detail(request, pk: int):
    indicator = get_object_or_404(Indicator.objects.select_related("focus_item__priority"), pk=pk)
    context = {"indicator": indicator, "data": lambda: pages.indicator_data(pk, request.user)}
    return render(request, "dashboards/indicator.html", context)


@require_safe
@rules.entry(rules.DASHBOARDS)
def annual(request):
    """Rekap tahunan: a year's verified results against the Perbup target, per area or OPD; .xlsx/.csv export."""
    roadmap = _chosen(request, "roadmap", Roadmap.objects.all(), "pk") or Roadmap.objects.current()
    if roadmap is None:
        raise Http404(_("Belum ada road map."))
    year = _chosen_year(request, roadmap)
    area = _chosen(request, "area", ChangeArea.objects.filter(roadmap=roadmap), "number")
    opd = _chosen(request, "opd", OPD.objects.all(), "pk")
    recap = annual_recap(roadmap, year, area=area, opd=opd)
    table = AnnualRecapTable(recap)
    export_format = request.GET.get("_export")
    if export_format in spreadsheets.FORMATS:  # through the one writer: formulas neutralised, numbers as numbers
        name = f"rekap-tahunan-{year}" + (f"-area{area.number}" if area else "") + (f"-opd{opd.pk}" if opd else "")
        headers, values = table_values(table)
        return spreadsheets.export_response(export_format, headers, values, f"{name}.{export_format}")
    RequestConfig(request, paginate=False).configure(table)
    query = request.GET.copy()
    query.pop("_export", None)
    context = {
        "roadmap": roadmap,
        "roadmaps": Roadmap.objects.order_by("-is_active", "-year", "-number"),
        "year": year,
        "area": area,
        "opd": opd,
        "table": table,
        "areas": ChangeArea.objects.filter(roadmap=roadmap).order_by("number"),
        "opds": OPD.objects.order_by("short_name"),
        "export_query": query.urlencode(),
        "summary": pages.annual_summary(recap),
    }
    return render(request, "dashboards/annual.html", context)


def _chosen_year(request, roadmap: Roadmap) -> int:
    wanted = request.GET.get("tahun", "")
    if not wanted:
        period = chosen_period(request, with_data=True)
        if period.roadmap_id == roadmap.pk:
            return period.year
        return min(roadmap.end_year, max(roadmap.start_year, timezone.localdate().year))
    year = positive_int(wanted)
    if year is None or year not in roadmap.years:
        raise Http404(_("Tahun di luar road map."))
    return year


def _chosen(request, name: str, queryset, field: str):
    """An optional filter object from the query string; a bad value is a 404, not a 500."""
    wanted = request.GET.get(name, "")
    if not wanted:
        return None
    value = positive_int(wanted)
    if value is None:
        raise Http404
    return get_object_or_404(queryset, **{field: value})


@require_safe
def public(request):
    """The roadmap with verified achievements only: no evidence, no names, no drafts."""
    if not settings.PUBLIC_DASHBOARD:
        raise Http404
    # The period too is read only when the fragment is computed: an unknown one is a 404 from there
    return render(
        request, "dashboards/public.html", {"data": lambda: pages.public_data(chosen_period(request, with_data=True))}
    )


class RowResultListView(rules.EntryMixin, FilteredTableView):
    """Indicators or kegiatan of a period with their status; filters and export as on screen.

    The status is computed (indicators/achievement.py), so it is filtered after the SQL filters.
    """

    table_class = RowResultTable
    template_name = "dashboards/row_list.html"
    shared_table = True
    door = rules.DASHBOARDS
    kind: RowKind

    def get_export_filename(self, export_format: str) -> str:
        return f"{self.export_name}-{self.period.year}-s{self.period.semester}.{export_format}"

    def get(self, request, *args, **kwargs):
        self.period = chosen_period(request, with_data=True)
        return super().get(request, *args, **kwargs)

    def get_table_data(self):
        row_ids = set(self.object_list.values_list("pk", flat=True))
        return pages.row_results(self.period, self.kind, row_ids, self.request.GET.get("status"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            period=self.period,
            periods=Period.objects.filter(roadmap_id=self.period.roadmap_id),
            statuses=Achievement.choices,
            chosen_status=self.request.GET.get("status", ""),
            **pages.rule_context(),
        )
        return context


class IndicatorListView(RowResultListView):
    filterset_class = IndicatorFilterSet
    export_name = "capaian-indikator"
    page_title = _lazy("Capaian indikator")

    kind = RowKind.INDIKATOR

    def get_queryset(self):
        return Indicator.objects.filter(focus_item__priority__roadmap_id=self.period.roadmap_id)


class ActivityListView(RowResultListView):
    filterset_class = ActivityFilterSet
    export_name = "capaian-kegiatan"
    page_title = _lazy("Capaian kegiatan rencana aksi")

    kind = RowKind.KEGIATAN

    def get_queryset(self):
        return Activity.objects.filter(area__roadmap_id=self.period.roadmap_id)


class CompletenessListView(RowResultListView):
    """Every OPD's completeness in a period, the late ones first; filters and export as on screen."""

    table_class = CompletenessTable
    filterset_class = OPDFilterSet
    export_name = "kelengkapan-opd"
    page_title = _lazy("Kelengkapan laporan per OPD")

    def get_queryset(self):
        return OPD.objects.all()

    def get_table_data(self):
        opd_ids = set(self.object_list.values_list("pk", flat=True))
        return pages.completeness_entries(self.period, opd_ids, late_only=self.request.GET.get("status") == "late")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statuses"] = [("late", _("hanya yang terlambat"))]
        return context

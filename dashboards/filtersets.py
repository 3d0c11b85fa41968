import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actionplan.models import Activity
from indicators.models import Indicator
from roadmap.models import OPD, ChangeArea, FocusItem

SELECT = forms.Select(attrs={"class": "form-select form-select-sm"})


class IndicatorFilterSet(django_filters.FilterSet):
    section = django_filters.ModelChoiceFilter(
        label=_("Bagian"), queryset=FocusItem.objects.select_related("priority"), field_name="focus_item", widget=SELECT
    )
    opd = django_filters.ModelChoiceFilter(
        label=_("OPD"), queryset=OPD.objects.all(), method="filter_opd", widget=SELECT
    )
    q = django_filters.CharFilter(
        label=_("Cari"), method="search", widget=forms.TextInput(attrs={"class": "form-control form-control-sm"})
    )

    class Meta:
        model = Indicator
        fields = ["section", "opd"]

    def filter_opd(self, queryset, name, value):
        return queryset.filter(pk__in=Indicator.objects.for_opd(value).values("pk"))

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(sasaran__icontains=value))


class ActivityFilterSet(django_filters.FilterSet):
    area = django_filters.ModelChoiceFilter(label=_("Area"), queryset=ChangeArea.objects.all(), widget=SELECT)
    subprogram = django_filters.CharFilter(
        label=_("Sub-program"),
        lookup_expr="icontains",
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    opd = django_filters.ModelChoiceFilter(
        label=_("OPD"), queryset=OPD.objects.all(), field_name="opd_links__opd", widget=SELECT
    )
    q = django_filters.CharFilter(
        label=_("Cari"), method="search", widget=forms.TextInput(attrs={"class": "form-control form-control-sm"})
    )

    class Meta:
        model = Activity
        fields = ["area", "subprogram", "opd"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(kegiatan__icontains=value) | Q(criteria__icontains=value) | Q(output_target__icontains=value)
        )


class OPDFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Cari OPD"), method="search", widget=forms.TextInput(attrs={"class": "form-control form-control-sm"})
    )

    class Meta:
        model = OPD
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value))

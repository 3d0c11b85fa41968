import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from monev.choices import Status
from monev.models import Period, Realisation
from roadmap.models import OPD, ChangeArea

SELECT = forms.Select(attrs={"class": "form-select form-select-sm"})


class RealisationFilterSet(django_filters.FilterSet):
    period = django_filters.ModelChoiceFilter(label=_("Periode"), queryset=Period.objects.all(), widget=SELECT)
    opd = django_filters.ModelChoiceFilter(label=_("OPD"), queryset=OPD.objects.all(), widget=SELECT)
    area = django_filters.ModelChoiceFilter(
        label=_("Area"), queryset=ChangeArea.objects.all(), field_name="activity__area", widget=SELECT
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices, widget=SELECT)
    q = django_filters.CharFilter(
        label=_("Cari"), method="search", widget=forms.TextInput(attrs={"class": "form-control form-control-sm"})
    )

    class Meta:
        model = Realisation
        fields = ["period", "opd", "area", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(activity__kegiatan__icontains=value)
            | Q(indicator__name__icontains=value)
            | Q(narrative__icontains=value)
            | Q(obstacles__icontains=value)
        )

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.views.decorators.http import require_safe

from roadmap.models import Roadmap


@require_safe
@login_required
def perbup_table(request):
    """The Perbup's areas of change with their rencana aksi rows (the old home page)."""
    roadmap = Roadmap.objects.current()
    areas = []
    if roadmap is not None:
        areas = roadmap.areas.annotate(activity_count=Count("activities")).order_by("number")
    return render(request, "roadmap/perbup.html", {"roadmap": roadmap, "areas": areas})

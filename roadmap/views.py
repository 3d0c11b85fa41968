from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_safe

from roadmap.opendata import build_roadmap_document, current_roadmap


@require_GET
def roadmap_json(request):
    """The open-data document; public, as the Perbup asks for keterbukaan informasi publik."""
    roadmap = current_roadmap()
    if roadmap is None:
        raise Http404("Road map belum dimuat.")
    response = JsonResponse(
        build_roadmap_document(roadmap),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = 'inline; filename="roadmap.json"'
    return response


@require_safe
@login_required
def home(request):
    roadmap = current_roadmap()
    areas = []
    if roadmap is not None:
        areas = roadmap.areas.annotate(activity_count=Count("activities")).order_by("number")
    return render(request, "roadmap/home.html", {"roadmap": roadmap, "areas": areas})

from django.db.models import Count
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_safe

from core.params import positive_int
from perbup.opendata import build_roadmap_document
from roadmap.models import Roadmap


@require_GET
def roadmap_json(request):
    """The open-data document; public, as the Perbup asks for keterbukaan informasi publik.

    The active roadmap, or `?roadmap=<id>` for another one (an old roadmap stays published)."""
    chosen = request.GET.get("roadmap", "")
    if chosen:
        if positive_int(chosen) is None:
            raise Http404("Road map tidak dikenal.")
        roadmap = get_object_or_404(Roadmap, pk=positive_int(chosen))
    else:
        roadmap = Roadmap.objects.current()
    if roadmap is None:
        raise Http404("Road map belum dimuat.")
    response = JsonResponse(
        build_roadmap_document(roadmap),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = 'inline; filename="roadmap.json"'
    return response


@require_safe
def open_data(request):
    """Data terbuka: what the dataset holds, its fields and licence, and the JSON to download."""
    roadmap = Roadmap.objects.current()
    counts = {}
    if roadmap is not None:
        counts = roadmap.areas.aggregate(
            areas=Count("pk", distinct=True), activities=Count("activities", distinct=True)
        )
    return render(request, "perbup/open_data.html", {"roadmap": roadmap, "counts": counts})

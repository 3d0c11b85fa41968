from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from perbup.opendata import build_roadmap_document
from roadmap.models import Roadmap


@require_GET
def roadmap_json(request):
    """The open-data document; public, as the Perbup asks for keterbukaan informasi publik."""
    roadmap = Roadmap.objects.current()
    if roadmap is None:
        raise Http404("Road map belum dimuat.")
    response = JsonResponse(
        build_roadmap_document(roadmap),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = 'inline; filename="roadmap.json"'
    return response

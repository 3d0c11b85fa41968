from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from accounts import rules
from monev.models import Realisation
from snapshots.models import Snapshot


@require_safe
def verify(request, token: str):
    """Public: what the document is, when and by whom it was finalised, its hashes, whether it still holds.

    Anyone holding the paper may open it; the figures and the person's name only to a reader who may
    see the document itself in the application.
    """
    snapshot = get_object_or_404(Snapshot.objects.select_related("taken_by", "replaced_by"), token=token)
    return render(request, "snapshots/verify.html", {"snapshot": snapshot, "reader": may_read(request.user, snapshot)})


def may_read(user, snapshot: Snapshot) -> bool:
    if not user.is_authenticated:
        return False
    if snapshot.assessment_id:
        return rules.reads_assessments(user)
    return Realisation.objects.for_user(user).filter(pk=snapshot.realisation_id).exists()

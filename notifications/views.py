from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts import rules
from notifications.forms import PreferenceForm
from notifications.models import Notification, Preference


@require_safe
@rules.entry(rules.SIGNED_IN)
def inbox(request):
    """The user's notifications, newest first, 30 to a page."""
    notifications = Notification.objects.for_user(request.user)
    page = Paginator(notifications, 30).get_page(request.GET.get("halaman"))
    return render(request, "notifications/list.html", {"page": page})


@require_POST
@rules.entry(rules.SIGNED_IN)
def open_notification(request, pk: int):
    """Marks the notification read and goes where it points."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    if notification.read_at is None:
        Notification.objects.filter(pk=pk).update(read_at=timezone.now())
    safe = url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()})
    return redirect(notification.url if notification.url and safe else "notifications:list")


@require_POST
@rules.entry(rules.SIGNED_IN)
def mark_all_read(request):
    count = Notification.objects.for_user(request.user).unread().update(read_at=timezone.now())
    messages.success(request, _("%(n)d pemberitahuan ditandai sudah dibaca.") % {"n": count})
    return redirect("notifications:list")


@rules.entry(rules.SIGNED_IN)
def profile(request):
    """Profil: who the user is, the OPD and roles, e-mail on or off, the password change link."""
    preference = Preference.objects.filter(user=request.user).first() or Preference(user=request.user)
    form = PreferenceForm(request.POST if request.method == "POST" else None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Preferensi pemberitahuan disimpan."))
        return redirect("notifications:profile")
    context = {
        "form": form,
        "opd": rules.user_opd(request.user),
        "roles": [group.name for group in request.user.groups.all()],
    }
    return render(request, "notifications/profile.html", context)

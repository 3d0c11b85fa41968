from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class PermissionBackend(ModelBackend):
    """Django's ModelBackend (powers from permissions), loading the signed-in user with their OPD membership in
    the same query. Its path is stored in every session: renaming it would sign everyone out at the next deploy.

    Every signed-in page asks for the user's OPD (accounts.rules.user_opd) for the menu, its buttons and
    what the user may see; Django's relation cache then answers without another query."""

    def get_user(self, user_id):
        user = get_user_model()._default_manager.select_related("membership__opd").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

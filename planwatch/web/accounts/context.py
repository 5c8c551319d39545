"""Template context: the current user's scope, for showing only the menu entries they can use."""

from planwatch.web.accounts.permissions import can_view_audit, scope_of


def roles(request):
    scope = scope_of(getattr(request, "user", None))
    return {"pw_scope": scope, "pw_can_audit": can_view_audit(request.user)}

"""Template context: the current user's scope, for showing only the menu entries they can use."""

from planwatch.web.accounts.permissions import can_view_audit, scope_of


def roles(request):
    # No user on requests that skip the middleware (a missing file under /static/ → 404 page).
    user = getattr(request, "user", None)
    return {"pw_scope": scope_of(user), "pw_can_audit": can_view_audit(user)}

"""Template context for the site menu: the current user's scope, so the menu shows only the entries
they can use (a project-level view over every app's permissions)."""

from planwatch.web.accounts.permissions import scope_of
from planwatch.web.audit.permissions import can_view_audit


def roles(request):
    # No user on requests that skip the middleware (a missing file under /static/ → 404 page).
    user = getattr(request, "user", None)
    return {"pw_scope": scope_of(user), "pw_can_audit": can_view_audit(user)}

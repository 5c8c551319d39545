"""Response headers that Django does not set itself: the Permissions-Policy that turns off the
browser features no page of the platform uses. (The Content-Security-Policy is django-csp's,
configured in settings.)
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

# No page uses a camera, a microphone, the location or payments: none may, even if a page were
# ever made to carry someone else's script.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

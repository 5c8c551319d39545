"""Which language a request is served in: Chinese, unless the visitor picked English with the
switch in the page header (Django's ``set_language`` view, which stores the choice in a cookie).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class CookieLocaleMiddleware:
    """Django's LocaleMiddleware without Accept-Language: staff browsers often send English, yet
    the platform must open in Chinese for everyone who has not chosen English themselves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


def chosen_language(request: HttpRequest) -> str:
    """The language in the cookie if it is one we offer, otherwise LANGUAGE_CODE (Chinese)."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return settings.LANGUAGE_CODE

from django.conf import settings
from django.db import OperationalError
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Simplified Chinese unless the user chose another language, which a cookie remembers;
    the browser's own language list is not consulted, so the firm's default holds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = code
        with translation.override(code):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", code)
        patch_vary_headers(response, ("Cookie",))
        return response


class BusyDatabaseMiddleware:
    """On SQLite one write waits for another: while the import worker writes a long file,
    a change that waited out the timeout gets a plain "busy, try again" page (nothing was
    saved) instead of an error page. PostgreSQL never waits like this."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError) and "locked" in str(exception):
            response = render(request, "lawtracker/busy.html", status=503)
            response["Retry-After"] = "60"
            return response
        return None

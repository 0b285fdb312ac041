from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _


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


class NulRefusedMiddleware:
    """A query string holding a NUL byte is a bad request: no record holds one, and
    PostgreSQL refuses one in any text it is sent."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in name + "".join(values) for name, values in request.GET.lists()):
            return HttpResponseBadRequest(_("The address holds a character no page accepts."))
        return self.get_response(request)


class PrivateCacheMiddleware:
    """A page shown to a logged-in user is kept by no cache, shared or the browser's own:
    it holds client matters. Static files, answered before this, keep their long cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


class PolicyMiddleware(CSPMiddleware):
    """django-csp's Content-Security-Policy, with the admin's narrow exception
    (settings.ADMIN_CONTENT_SECURITY_POLICY_REPLACE) on the admin's pages alone."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(reverse("admin:index")):
            parts.replace = settings.ADMIN_CONTENT_SECURITY_POLICY_REPLACE | (parts.replace or {})
        return parts

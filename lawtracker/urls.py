from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from enforcement.api import CampaignViewSet, CaseViewSet
from enforcement.views import OverviewView
from instruments.api import InstrumentViewSet
from lawtracker.api import ReadsTheTracker, without_login_page
from lawtracker.views import GlossaryView, favicon

handler400 = "lawtracker.views.bad_request"
handler403 = "lawtracker.views.permission_denied"
handler404 = "lawtracker.views.page_not_found"
handler500 = "lawtracker.views.server_error"

admin.site.site_header = _("Lawtracker")
admin.site.site_title = _("Lawtracker")
admin.site.index_title = _("China cyber and data law")

# The read-only JSON API: /api/v1/cases/, instruments/, campaigns/, and its schema.
api = DefaultRouter(trailing_slash=True)
api.include_root_view = False
api.include_format_suffixes = False
api.register("cases", CaseViewSet, basename="case")
api.register("instruments", InstrumentViewSet, basename="instrument")
api.register("campaigns", CampaignViewSet, basename="campaign")
api_urls = [
    *api.urls,
    path(
        "schema/", SpectacularAPIView.as_view(permission_classes=[ReadsTheTracker]), name="schema"
    ),
]

urlpatterns = [
    path("", OverviewView.as_view(), name="dashboard"),
    path("glossary/", GlossaryView.as_view(), name="glossary"),
    path("", include("enforcement.urls")),
    path("", include("instruments.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include((without_login_page(api_urls), "api"))),
    # Browsers ask for it at the root, whatever the page says.
    path("favicon.ico", favicon, name="favicon"),
]

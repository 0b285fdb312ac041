from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from enforcement.views import OverviewView
from lawtracker.views import GlossaryView, favicon

handler400 = "lawtracker.views.bad_request"
handler403 = "lawtracker.views.permission_denied"
handler404 = "lawtracker.views.page_not_found"
handler500 = "lawtracker.views.server_error"

admin.site.site_header = _("Lawtracker")
admin.site.site_title = _("Lawtracker")
admin.site.index_title = _("China cyber and data law")

urlpatterns = [
    path("", OverviewView.as_view(), name="dashboard"),
    path("glossary/", GlossaryView.as_view(), name="glossary"),
    path("", include("enforcement.urls")),
    path("", include("instruments.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Browsers ask for it at the root, whatever the page says.
    path("favicon.ico", favicon, name="favicon"),
]

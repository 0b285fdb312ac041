from django.urls import path

from instruments import views

app_name = "instruments"

urlpatterns = [
    path("instruments/", views.InstrumentListView.as_view(), name="instrument-list"),
    path(
        "instruments/export.<str:format>",
        views.InstrumentExportView.as_view(),
        name="instrument-export",
    ),
    path("instruments/<int:pk>/", views.InstrumentDetailView.as_view(), name="instrument-detail"),
    path("authorities/<int:pk>/", views.AuthorityDetailView.as_view(), name="authority-detail"),
    path("authorities/suggest/", views.AuthoritySuggestView.as_view(), name="authority-suggest"),
]

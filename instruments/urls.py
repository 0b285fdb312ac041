from django.urls import path

from instruments import views

app_name = "instruments"

urlpatterns = [
    path("instruments/", views.InstrumentListView.as_view(), name="instrument-list"),
]

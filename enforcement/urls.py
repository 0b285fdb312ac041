from django.urls import path

from enforcement import views

app_name = "enforcement"

urlpatterns = [
    path("cases/", views.CaseListView.as_view(), name="case-list"),
    path("cases/export.<str:format>", views.CaseExportView.as_view(), name="case-export"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case-detail"),
    path("campaigns/", views.CampaignListView.as_view(), name="campaign-list"),
    path(
        "campaigns/export.<str:format>", views.CampaignExportView.as_view(), name="campaign-export"
    ),
    path("campaigns/<int:pk>/", views.CampaignDetailView.as_view(), name="campaign-detail"),
    path("review/", views.ReviewView.as_view(), name="review"),
    path("review/review.docx", views.ReviewDocxView.as_view(), name="review-docx"),
    path("review/freeze", views.ReviewFreezeView.as_view(), name="review-freeze"),
]

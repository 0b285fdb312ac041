from django.contrib.auth.decorators import login_not_required
from django.urls import path

from enforcement import feeds, views

app_name = "enforcement"

urlpatterns = [
    path("cases/", views.CaseListView.as_view(), name="case-list"),
    path("cases/export.<str:format>", views.CaseExportView.as_view(), name="case-export"),
    path(
        "cases/export-credit.<str:format>",
        views.CaseCreditExportView.as_view(),
        name="case-export-credit",
    ),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case-detail"),
    path("campaigns/", views.CampaignListView.as_view(), name="campaign-list"),
    path(
        "campaigns/export.<str:format>", views.CampaignExportView.as_view(), name="campaign-export"
    ),
    path("campaigns/<int:pk>/", views.CampaignDetailView.as_view(), name="campaign-detail"),
    path("review/", views.ReviewView.as_view(), name="review"),
    path("review/review.docx", views.ReviewDocxView.as_view(), name="review-docx"),
    path("review/freeze", views.ReviewFreezeView.as_view(), name="review-freeze"),
    path("changes/", views.ChangesView.as_view(), name="changes"),
    path(
        "feeds/<str:key>/changes.atom",
        login_not_required(feeds.ChangesFeed()),
        name="feed-changes",
    ),
    path(
        "feeds/<str:key>/upcoming.atom",
        login_not_required(feeds.UpcomingFeed()),
        name="feed-upcoming",
    ),
    path(
        "feeds/<str:key>/drafts.atom", login_not_required(feeds.DraftsFeed()), name="feed-drafts"
    ),
    path(
        "feeds/<str:key>/cases.atom", login_not_required(feeds.CaseSearchFeed()), name="feed-cases"
    ),
    path(
        "feeds/<str:key>/instruments.atom",
        login_not_required(feeds.InstrumentSearchFeed()),
        name="feed-instruments",
    ),
    path("searches/", views.SavedSearchesView.as_view(), name="saved-searches"),
    path("searches/<int:pk>/", views.SavedSearchView.as_view(), name="saved-search"),
    path("digests/unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    path("verify/", views.VerificationQueueView.as_view(), name="verification-queue"),
    path("verify/<str:kind>/<int:pk>/", views.VerifyRecordView.as_view(), name="verify-record"),
]

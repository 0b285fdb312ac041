"""What the read-only JSON API's views share (Django REST framework): who may read (a
reader with the view permission of the records, as on the pages), pages by cursor (no
count, the same cost however deep), lists filtered by their page's own FilterSet, and
no cache keeping an answer. Knows no app: each app's `api.py` declares its views."""

from django.contrib.auth.decorators import login_not_required
from django.utils.cache import patch_cache_control
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import permissions, serializers, viewsets
from rest_framework.pagination import CursorPagination

from lawtracker.roles import is_reader

# Records a page of the API holds, unless `per_page` asks for fewer or more (at most MOST).
PAGE_SIZE = 50
MOST = 200


class ReadsTheTracker(permissions.BasePermission):
    """A partner, an associate or an administrator, who may view this kind of record;
    nothing but reading."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if user is None or not user.is_authenticated:
            return False
        if request.method not in permissions.SAFE_METHODS or not is_reader(user):
            return False
        queryset = getattr(view, "queryset", None)
        if queryset is None:
            return True  # the schema: every reader
        opts = queryset.model._meta
        return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


class Pages(CursorPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "per_page"
    max_page_size = MOST
    ordering = "-id"


class FilteredViewSet(viewsets.ReadOnlyModelViewSet):
    """Records of one kind, filtered by their list page's own FilterSet (`filterset_class`,
    over the same `queryset` the page's selector reads; its filters are the schema's
    query parameters), and one record by its key."""

    permission_classes = [ReadsTheTracker]
    pagination_class = Pages
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        return self.with_related(super().get_queryset())

    def with_related(self, rows):
        """What a record's answer reads, joined (no query a record)."""
        return rows

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)  # client matters
        return response


class VerificationSerializer(serializers.Serializer):
    """Whether a record was checked against its source, by when and against what."""

    state = serializers.CharField(source="verification")
    verified_at = serializers.DateTimeField()
    verified_source = serializers.URLField()
    source_checked_at = serializers.DateTimeField()


def without_login_page(urlpatterns: list) -> list:
    """The API's addresses answer for themselves (401 without a token or a session)
    instead of sending to the login page."""
    for pattern in urlpatterns:
        pattern.callback = login_not_required(pattern.callback)
    return urlpatterns

"""The instruments in the read-only JSON API (lawtracker.api): what their pages show,
filtered as their list is."""

from rest_framework import serializers

from instruments.filters import InstrumentFilter
from instruments.models import Instrument
from lawtracker.api import FilteredViewSet, VerificationSerializer


class InstrumentSerializer(serializers.ModelSerializer):
    page = serializers.HyperlinkedIdentityField(view_name="instruments:instrument-detail")
    status = serializers.CharField(read_only=True)
    issuers = serializers.SlugRelatedField(
        source="authorities", slug_field="name", many=True, read_only=True
    )
    topics = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    verification = VerificationSerializer(source="*", read_only=True)

    class Meta:
        model = Instrument
        fields = [
            "id",
            "public_id",
            "page",
            "title",
            "title_en",
            "doc_number",
            "level",
            "is_draft",
            "status",
            "issuers_text",
            "issuers",
            "topics",
            "source_url",
            "published_text",
            "published_on",
            "published_precision",
            "published_note",
            "effective_text",
            "effective_on",
            "effective_precision",
            "repealed_on",
            "final_version",
            "amends",
            "verification",
            "created_at",
            "updated_at",
        ]


class InstrumentViewSet(FilteredViewSet):
    """Instruments, the latest entered first; the instrument list's filters (`q`,
    `level`, `status`, issuer, topic, dates)."""

    queryset = Instrument.objects.for_list()
    serializer_class = InstrumentSerializer
    filterset_class = InstrumentFilter

    def with_related(self, rows):
        return rows.prefetch_related("topics")

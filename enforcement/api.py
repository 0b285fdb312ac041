"""Cases (with their penalties and citations) and campaigns in the read-only JSON API
(lawtracker.api): what their pages show, filtered as their lists are."""

from django.db.models import Prefetch
from rest_framework import serializers

from enforcement.filters import CampaignFilter, CaseFilter
from enforcement.models import Campaign, Case, Citation, Penalty
from lawtracker.api import FilteredViewSet, VerificationSerializer


class PenaltySerializer(serializers.ModelSerializer):
    class Meta:
        model = Penalty
        fields = ["kind", "target", "person", "amount", "days", "text"]


class CitationSerializer(serializers.ModelSerializer):
    instrument_public_id = serializers.CharField(
        source="instrument.public_id", default=None, read_only=True
    )

    class Meta:
        model = Citation
        fields = [
            "title",
            "article",
            "article_number",
            "source",
            "instrument",
            "instrument_public_id",
        ]


class CaseSerializer(serializers.ModelSerializer):
    page = serializers.HyperlinkedIdentityField(view_name="enforcement:case-detail")
    province = serializers.SlugRelatedField(slug_field="code", read_only=True)
    violation_categories = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True
    )
    penalties = PenaltySerializer(many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True)
    verification = VerificationSerializer(source="*", read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "public_id",
            "page",
            "family",
            "decided_text",
            "decided_on",
            "decided_precision",
            "decided_end",
            "region_text",
            "national",
            "province",
            "city",
            "subject",
            "subject_kind",
            "agency_text",
            "facts",
            "penalty_text",
            "penalties",
            "org_fines",
            "individual_fines",
            "fines_unknown",
            "violation_categories",
            "legal_basis_text",
            "citations",
            "decision_number",
            "campaign",
            "source_url",
            "verification",
            "created_at",
            "updated_at",
        ]


class CaseViewSet(FilteredViewSet):
    """Cases, the latest entered first; the case list's filters (`q`, `family`,
    `province`, `date_from`, `date_to`, `penalty`, fine ranges, …)."""

    queryset = Case.objects.for_list()
    serializer_class = CaseSerializer
    filterset_class = CaseFilter

    def with_related(self, rows):
        return rows.prefetch_related(
            Prefetch("citations", Citation.objects.select_related("instrument"))
        )


class CampaignSerializer(serializers.ModelSerializer):
    page = serializers.HyperlinkedIdentityField(view_name="enforcement:campaign-detail")
    authorities = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    case_count = serializers.IntegerField(read_only=True)
    verification = VerificationSerializer(source="*", read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "page",
            "family",
            "number",
            "name",
            "started_text",
            "started_on",
            "started_precision",
            "ended_on",
            "focus",
            "authorities",
            "case_count",
            "source_url",
            "verification",
            "created_at",
            "updated_at",
        ]


class CampaignViewSet(FilteredViewSet):
    """Campaigns, the latest entered first; the campaign list's filters."""

    queryset = Campaign.objects.for_list()
    serializer_class = CampaignSerializer
    filterset_class = CampaignFilter

    def with_related(self, rows):
        return rows.prefetch_related("authorities")

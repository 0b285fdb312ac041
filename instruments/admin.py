from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportModelAdmin

from instruments.models import Authority, AuthorityAlias, Instrument, Region, Topic
from instruments.names import name_key
from instruments.resources import InstrumentResource
from instruments.services import (
    add_alias,
    alias_owner,
    link_versions,
    merge_authorities,
    renew_alias_keys,
)
from instruments.titles import base_title
from lawtracker import history
from lawtracker.admin import JobImportAdminMixin, PublicIdAdminMixin, VerificationAdminMixin
from lawtracker.forms import (
    HTTPS_URLS,
    PartialDateTextMixin,
    https_urls,
)


class AuthoritiesWithProvinceMixin:
    """Selected authorities show their province; read them in the same query."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "authorities":
            kwargs["queryset"] = db_field.related_model.objects.select_related("province")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Region)
class RegionAdmin(history.HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["short_name", "name", "name_en", "code", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "name_en", "code"]


class AliasForm(forms.ModelForm):
    class Meta:
        model = AuthorityAlias
        fields = ["name"]

    parent: Authority | None = None  # the authority being edited (set by the inline)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        province = self.parent.province if self.parent else None
        owner = alias_owner(name=name, province=province)
        if owner is not None and owner != self.parent:
            raise forms.ValidationError(
                _("“%(name)s” already names %(owner)s: merge the two authorities instead.")
                % {"name": name, "owner": owner}
            )
        return name


class AliasInline(admin.TabularInline):
    model = AuthorityAlias
    form = AliasForm
    extra = 1
    verbose_name_plural = _("also written as")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.parent = obj  # the authority whose spellings these are
        return formset


class AuthorityForm(history.VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Authority
        fields = "__all__"


@admin.register(Authority)
class AuthorityAdmin(history.HistoryAdminMixin, admin.ModelAdmin):
    form = AuthorityForm
    list_display = ["name", "family", "province", "name_en", "spellings"]
    list_filter = ["family", "province"]
    list_select_related = ["province"]
    search_fields = ["name", "name_en", "aliases__name"]
    autocomplete_fields = ["province"]
    inlines = [AliasInline]
    actions = ["merge"]

    def get_queryset(self, request):
        # An authority's name shows its province: autocomplete must not query per row.
        queryset = super().get_queryset(request).select_related("province")
        if request.resolver_match.url_name == "instruments_authority_changelist":
            queryset = queryset.annotate(Count("aliases")).order_by("name")
        return queryset

    @admin.display(description=_("spellings"), ordering="aliases__count")
    def spellings(self, obj):
        return getattr(obj, "aliases__count", "")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "province" in form.changed_data:
            renew_alias_keys(authority=obj)  # its spellings now read in its new province
        add_alias(authority=obj, name=obj.name)

    def save_formset(self, request, form, formset, change):
        aliases = formset.save(commit=False)
        for alias in aliases:
            alias.key = name_key(alias.name, form.instance.province)
            alias.save()
        for alias in formset.deleted_objects:
            alias.delete()

    @admin.action(
        description=_("Merge the selected authorities into one"),
        permissions=["change", "delete"],
    )
    def merge(self, request, queryset):
        """One body written several ways: choose the authority to keep, and the others'
        cases, campaigns, instruments and spellings move to it."""
        authorities = list(
            queryset.select_related("province").annotate(
                n_cases=Count("cases", distinct=True),
                n_campaigns=Count("campaigns", distinct=True),
                n_instruments=Count("instruments", distinct=True),
            )
        )
        if len(authorities) < 2:
            self.message_user(request, _("Select two or more authorities to merge."), "warning")
            return None
        keep_id = request.POST.get("keep")
        keep = next((a for a in authorities if str(a.pk) == keep_id), None)
        if request.POST.get("confirm") and keep is not None:
            moved = merge_authorities(keep=keep, others=authorities, user=request.user)
            self.message_user(
                request,
                _(
                    "Merged into %(keep)s: %(cases)d cases, %(campaigns)d campaigns and "
                    "%(instruments)d instruments moved; the other names are its aliases."
                )
                % {
                    "keep": keep,
                    "cases": moved.get("cases", 0),
                    "campaigns": moved.get("campaigns", 0),
                    "instruments": moved.get("instruments", 0),
                },
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Merge authorities"),
            "authorities": authorities,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/instruments/authority/merge.html", context)


@admin.register(Topic)
class TopicAdmin(history.HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "name_en"]
    search_fields = ["name", "name_en"]


class InstrumentForm(history.VersionedFormMixin, PartialDateTextMixin, forms.ModelForm):
    date_texts = {
        "published_text": ("published_on", "published_precision", "published_note"),
        "effective_text": ("effective_on", "effective_precision", None),
    }

    class Meta:
        model = Instrument
        fields = "__all__"
        formfield_callback = https_urls

    def clean(self):
        cleaned = super().clean()
        # An associate who sets the level has decided it: it is no longer inferred.
        if "level" in self.changed_data:
            cleaned["level_inferred"] = False
        self.instance.version_key = base_title(cleaned.get("title") or "")
        return cleaned


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Instrument.Status.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(status=self.value())
        return queryset


@admin.register(Instrument)
class InstrumentAdmin(
    PublicIdAdminMixin,
    VerificationAdminMixin,
    history.HistoryAdminMixin,
    AuthoritiesWithProvinceMixin,
    JobImportAdminMixin,
    ImportExportModelAdmin,
):
    formfield_overrides = HTTPS_URLS
    form = InstrumentForm
    resource_classes = [InstrumentResource]

    list_display = [
        "title",
        "public_id",
        "level_shown",
        "status_display",
        "published_text",
        "effective_text",
        "doc_number",
    ]
    list_filter = [
        StatusFilter,
        "level",
        "level_inferred",
        "is_draft",
        "published_on",
        "effective_on",
        "topics",
    ]
    actions = ["confirm_levels"]
    search_fields = ["public_id", "title", "title_en", "doc_number"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["authorities", "topics", "final_version", "amends"]
    readonly_fields = [
        "published_on",
        "published_precision",
        "published_note",
        "effective_on",
        "effective_precision",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "public_id",
                    "title",
                    "title_en",
                    "doc_number",
                    ("level", "level_inferred"),
                    "is_draft",
                ]
            },
        ),
        (
            _("dates"),
            {
                "fields": [
                    ("published_text", "published_on", "published_precision", "published_note"),
                    ("effective_text", "effective_on", "effective_precision"),
                    "repealed_on",
                ]
            },
        ),
        (
            _("links"),
            {
                "fields": [
                    "issuers_text",
                    "authorities",
                    "topics",
                    "final_version",
                    "amends",
                    "source_url",
                ]
            },
        ),
        (_("notes"), {"fields": ["notes", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_status()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A final version saved by hand finds its drafts, an amendment what it amends.
        links = link_versions(instrument=obj)
        for draft in links.drafts:
            self.message_user(request, _("Linked as the final version of “%s”.") % draft.title)
        if links.amends is not None:
            self.message_user(request, _("Linked as amending “%s”.") % links.amends.title)

    @admin.display(description=_("level"), ordering="level")
    def level_shown(self, obj):
        if obj.level_inferred:
            return _("%s (inferred)") % obj.get_level_display()
        return obj.get_level_display()

    @admin.action(
        description=_("Confirm the levels of the selected instruments"),
        permissions=["change"],
    )
    def confirm_levels(self, request, queryset):
        """The levels read from titles are right: they are no longer marked inferred, and
        each instrument's history says who confirmed it (two queries an instrument)."""
        confirmed = list(queryset.filter(level_inferred=True))
        for instrument in confirmed:
            instrument.level_inferred = False
            instrument._change_reason = _("Level confirmed: %s") % instrument.get_level_display()
            instrument.save(update_fields=["level_inferred", "updated_at"])
        self.message_user(
            request,
            ngettext(
                "Level confirmed for %(count)d instrument.",
                "Levels confirmed for %(count)d instruments.",
                len(confirmed),
            )
            % {"count": len(confirmed)},
            messages.SUCCESS,
        )

    @admin.display(description=_("status"), ordering="status")
    def status_display(self, obj):
        return Instrument.Status(obj.status).label

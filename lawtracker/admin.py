from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from rest_framework.authtoken.models import TokenProxy

from lawtracker import public_ids, verification
from lawtracker.export_formats import SAFE_FORMATS
from lawtracker.forms import choice_value, import_form
from lawtracker.imports.jobs import (
    STALLED_AFTER,
    cancel_import,
    confirm_import,
    import_storage,
    job_progress,
    job_stalled,
    restart_import,
    start_import,
    sweep_jobs,
)
from lawtracker.imports.kinds import kind_of, model_of, resource_for
from lawtracker.models import ImportJob, ImportRecord, ImportState

# API tokens are secrets: made and replaced by `manage.py api_token`, never shown in the
# admin.
admin.site.unregister(TokenProxy)


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    """Imports are a record of what happened: readable by staff, never edited."""

    list_display = [
        "imported_at",
        "file_name",
        "kind",
        "source",
        "user",
        "records_created",
        "records_updated",
    ]
    list_filter = ["kind", "source"]
    list_select_related = ["user"]
    search_fields = ["file_name", "sha256"]
    date_hierarchy = "imported_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PublicIdAdminMixin:
    """A record added by hand gets its public ID as it is saved; the ID is shown, never
    edited."""

    def get_readonly_fields(self, request, obj=None):
        return ["public_id", *super().get_readonly_fields(request, obj)]

    def save_model(self, request, obj, form, change):
        if not change:
            public_ids.assign(obj)
        super().save_model(request, obj, form, change)


class VerificationAdminMixin:
    """A record's verification in the admin: shown (never typed) on its form and in its
    list, filtered on, set by an action against each record's own source link; an edit of
    a verified record's facts (a revert too) puts it back to "needs re-check"."""

    verification_fields = [
        "verification",
        "verified_by",
        "verified_at",
        "verified_source",
        "source_checked_at",
    ]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self.verification_fields]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.fieldsets:
            return fieldsets
        return [*fieldsets, (gettext_lazy("verification"), {"fields": self.verification_fields})]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "verification"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), "verification"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_change_permission(request):
            action = VerificationAdminMixin.verify_selected
            actions["verify_selected"] = (
                action,
                "verify_selected",
                action.short_description,
            )
        return actions

    def save_model(self, request, obj, form, change):
        if change:
            verification.before_saving_edit(obj)
        super().save_model(request, obj, form, change)

    def verify_selected(self, request, queryset):
        """The selected records are verified, each against its own source link, by the
        associate acting; refused whole when one has no link to verify against."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        records = list(queryset)
        missing = [str(record) for record in records if not record.source_url]
        if missing:
            self.message_user(
                request,
                _("Nothing verified: these have no source link to verify against: %s")
                % "; ".join(missing[:10]),
                messages.ERROR,
            )
            return
        verification.verify(records=records, user=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d record verified against its source link.",
                "%(count)d records verified against their source links.",
                len(records),
            )
            % {"count": len(records)},
            messages.SUCCESS,
        )

    verify_selected.short_description = gettext_lazy("Verify the selected against their sources")


class JobImportAdminMixin:
    """The admin's import as a job for the background worker: the upload is stored and
    queued, and the job's page shows the check, then the import (see ImportJobAdmin).
    Export is django-import-export's, in CSV and XLSX with formula cells neutralised.

    The upload form offers the kind's whole-file options (its resource's FILE_OPTIONS)."""

    formats = SAFE_FORMATS

    def import_action(self, request, **kwargs):
        """Upload: store the file and queue its check (a few queries, however long)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource = resource_for(kind_of(self.model))
        form = import_form(resource)(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            options = {
                name: choice_value(form.cleaned_data.get(name)) for name in resource.FILE_OPTIONS
            }
            job = start_import(
                upload=form.cleaned_data["import_file"],
                kind=kind_of(self.model),
                options={name: value for name, value in options.items() if value is not None},
                user=request.user,
                language=request.LANGUAGE_CODE,
            )
            return redirect("admin:lawtracker_importjob_change", job.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import %s") % self.opts.verbose_name_plural,
            "form": form,
            "columns": [
                (column, variants, column in resource.REQUIRED)
                for column, variants in resource.COLUMNS.items()
            ],
            "recent_jobs": ImportJob.objects.filter(kind=kind_of(self.model))
            .select_related("user")
            .order_by("-created_at")[:10],
        }
        return TemplateResponse(request, "admin/lawtracker/import_form.html", context)

    def process_import(self, request, **kwargs):
        """django-import-export's confirm step: imports are confirmed on the job's page."""
        return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")


def file_choices(job: ImportJob) -> list[tuple[str, str]]:
    """The whole-file choices a job was uploaded with, as (the model field's name, the
    label of the value chosen)."""
    model, options = model_of(job.kind), resource_for(job.kind).FILE_OPTIONS
    return [
        (field.verbose_name, dict(field.flatchoices).get(value, value))
        for name, value in job.options.items()
        if name in options and options[name].choices is not None
        for field in [model._meta.get_field(name)]
    ]


def with_would(report: dict) -> dict:
    """A report with what its rows would do; reports kept from before that was reported
    apart counted it as created and updated."""
    if report and "would" not in report:
        report = report | {
            "would": {name: report.get(name, 0) for name in ("created", "updated", "unchanged")}
        }
    return report


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Uploaded files and where they stand; a job's page is its preview, its confirm
    button, its progress and its result."""

    list_display = ["created_at", "file_name", "kind", "state", "user", "counts"]
    list_filter = ["state", "kind"]
    list_select_related = ["user"]
    search_fields = ["file_name", "sha256"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.resolver_match.url_name == "lawtracker_importjob_changelist":
            # The list shows the counts, not the reports, which may be large.
            queryset = queryset.defer("preview", "result")
        return queryset

    @admin.display(description=gettext_lazy("rows"))
    def counts(self, job):
        if job.problems is None:
            return ""
        if job.state == ImportState.IMPORTED:
            return _("%(created)d added, %(updated)d changed") % {
                "created": job.records_created,
                "updated": job.records_updated,
            }
        # Nothing is written until a file is imported: say what its rows would do.
        return _(
            "nothing written; would add %(new)d, change %(changed)d; %(problems)d problems"
        ) % {
            "new": job.rows_new or 0,
            "changed": job.rows_changed or 0,
            "problems": job.problems,
        }

    def get_urls(self):
        download = path(
            "<int:object_id>/file/",
            self.admin_site.admin_view(self.download),
            name="lawtracker_importjob_file",
        )
        return [download, *super().get_urls()]

    def download(self, request, object_id):
        """The file as it was uploaded."""
        job = self.get_object(request, str(object_id))
        if job is None:
            raise Http404
        if not self.has_view_permission(request, job):
            raise PermissionDenied
        try:
            file = import_storage().open(job.stored_name, "rb")
        except FileNotFoundError:
            raise Http404(_("The uploaded file is no longer kept.")) from None
        return FileResponse(file, as_attachment=True, filename=job.file_name)

    def may_act(self, request, job: ImportJob) -> bool:
        """The uploader (or an administrator) confirms or drops a job, if still allowed
        to import this kind of record."""
        model = model_of(job.kind)
        allowed = request.user.has_perm(f"{model._meta.app_label}.add_{model._meta.model_name}")
        return allowed and (request.user == job.user or request.user.is_superuser)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self.get_object(request, object_id)
        if job is None:  # no such job, or not a job's number at all
            raise Http404
        if not self.has_view_permission(request, job):
            raise PermissionDenied
        if request.method == "POST":
            return self.act(request, job)
        if job.state in ImportJob.RUNNING and sweep_jobs(only=job.pk):
            job.refresh_from_db()  # its worker had died: the page says so, and offers a rerun
        model = model_of(job.kind)
        report = job.result if job.state in (ImportState.IMPORTED, ImportState.FAILED) else None
        preview = with_would(job.preview or {})
        progress = job_progress(job) if job.state in ImportJob.RUNNING else None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": job.file_name,
            "job": job,
            "model_opts": model._meta,
            "running": job.state in ImportJob.RUNNING,
            "progress": progress,
            "stalled": progress is not None and job_stalled(job),
            "stalled_minutes": STALLED_AFTER // 60,
            "preview": preview,
            "review_only": bool(preview.get("errors"))
            and all(error.get("review") for error in preview["errors"]),
            "report": with_would(report) if report else None,
            "imported": job.state == ImportState.IMPORTED,
            "file_choices": file_choices(job),
            "held_rows_added": bool(job.options.get(resource_for(job.kind).HELD_ROWS_OPTION)),
            "may_act": self.may_act(request, job),
            "change_url_prefix": reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
            ),
        }
        return TemplateResponse(request, "admin/lawtracker/importjob/job.html", context)

    def act(self, request, job: ImportJob):
        """Confirm, drop, run a failed job again, or check the file again allowing similar
        cases."""
        if not self.may_act(request, job):
            raise PermissionDenied
        action = request.POST.get("action")
        here = reverse("admin:lawtracker_importjob_change", args=[job.pk])
        if action == "confirm":
            if confirm_import(job=job):
                messages.success(request, _("Importing: this page shows how far it has got."))
            else:
                messages.error(request, _("This file is not waiting to be imported."))
        elif action == "cancel":
            if cancel_import(job=job):
                messages.info(request, _("Dropped: nothing from this file was imported."))
            else:
                messages.error(request, _("This job is being worked on and cannot be dropped."))
        elif action == "run_again" and job.state == ImportState.FAILED:
            new = restart_import(job=job, options=job.options, user=request.user)
            messages.info(
                request, _("The file is checked again; nothing is written until you confirm.")
            )
            return redirect("admin:lawtracker_importjob_change", new.pk)
        elif action == "allow_held_rows" and (held := resource_for(job.kind).HELD_ROWS_OPTION):
            new = restart_import(job=job, options=job.options | {held: True}, user=request.user)
            return redirect("admin:lawtracker_importjob_change", new.pk)
        return redirect(here)


class SuperusersOnlyMixin:
    """Login records name people and addresses: superusers alone see them, whatever
    permissions a staff account is given (django-axes' own admin, registered here)."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        # Deleting a user's access attempt unlocks that user.
        return request.user.is_superuser


@admin.register(AccessAttempt)
class LockoutAttemptAdmin(SuperusersOnlyMixin, AccessAttemptAdmin):
    @admin.action(description=gettext_lazy("Clean up expired attempts"))
    def cleanup_expired_attempts(self, request, queryset):
        # django-axes' action reads the attempt time its login handling sets on a request.
        AxesProxyHandler.update_request(request)
        return super().cleanup_expired_attempts(request, queryset)


@admin.register(AccessLog)
class LoginLogAdmin(SuperusersOnlyMixin, AccessLogAdmin):
    pass


@admin.register(AccessFailureLog)
class LoginFailureLogAdmin(SuperusersOnlyMixin, AccessFailureLogAdmin):
    pass

"""Optimistic locking: a record's `version` goes up by one with every write, and a write
made from an older version than the row holds is refused (`StaleWrite`), never a silent
overwrite of someone else's change. Knows no app: the apps' models take the mixin."""

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class StaleWrite(Exception):
    """The row was changed since this copy of it was read."""

    def __init__(self, instance: models.Model, version: int):
        self.instance, self.version = instance, version
        super().__init__(
            _("%(record)s was changed by someone else since version %(version)d was read.")
            % {"record": instance._meta.verbose_name, "version": version}
        )


class VersionedQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """An UPDATE of many rows moves each row's version on too, so that a form opened
        before it is refused (unless the caller sets `version` itself)."""
        kwargs.setdefault("version", F("version") + 1)
        return super().update(**kwargs)


class Versioned(models.Model):
    """Every save of an existing row is a compare-and-increment: the UPDATE itself says
    `WHERE version = <the version read>` and sets the next one (no extra query), and
    matching no row while the row exists raises StaleWrite."""

    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Goes up with every change; a save from an older version is refused."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.pk is None:
            return super().save(*args, **kwargs)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        read = self.version
        self.version, self._version_read = read + 1, read
        try:
            return super().save(*args, **kwargs)
        except BaseException:
            self.version = read
            raise
        finally:
            del self._version_read

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        read = getattr(self, "_version_read", None)
        if read is None:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        updated = super()._do_update(
            base_qs.filter(version=read), using, pk_val, values, update_fields, forced_update
        )
        if not updated and base_qs.filter(pk=pk_val).exists():
            raise StaleWrite(self, read)
        return updated

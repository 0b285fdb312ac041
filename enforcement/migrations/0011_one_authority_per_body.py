"""Every authority's name becomes a spelling (alias) of it, and authorities that are one
body written several ways (北京市网信办, 北京网信办, 北京市互联网信息办公室; 广东省通信管理局 and
通信管理局 in 广东) become one: the one with the fullest name stays and takes the others'
cases, campaigns, instruments and spellings; its history says so. Here, not in
instruments, because the links it moves belong to this app too."""

from django.db import migrations

from instruments.names import name_key
from instruments.places import reference_regions

MESSAGE = "Merged %(names)s into this authority (one body written several ways)"


def merge(apps, schema_editor):
    Region = apps.get_model("instruments", "Region")
    Authority = apps.get_model("instruments", "Authority")
    Alias = apps.get_model("instruments", "AuthorityAlias")
    by_key: dict[str, list] = {}
    with reference_regions(list(Region.objects.all())):
        for authority in Authority.objects.select_related("province").order_by("pk"):
            by_key.setdefault(name_key(authority.name, authority.province), []).append(authority)
    links = [
        (apps.get_model("enforcement", "Case").authorities.through, "case_id"),
        (apps.get_model("enforcement", "Campaign").authorities.through, "campaign_id"),
        (apps.get_model("instruments", "Instrument").authorities.through, "instrument_id"),
    ]
    merged = []
    for key, group in by_key.items():
        # The fullest name stays (广东省通信管理局 over 通信管理局), the oldest of equals.
        keep, *others = sorted(group, key=lambda a: (-len(a.name), a.pk))
        Alias.objects.bulk_create(
            [Alias(authority=keep, name=a.name, key=key) for a in group], ignore_conflicts=True
        )
        if not others:
            continue
        for through, owner in links:
            moving = through.objects.filter(authority__in=others)
            owners = set(moving.values_list(owner, flat=True))
            held = set(
                through.objects.filter(authority=keep, **{f"{owner}__in": owners}).values_list(
                    owner, flat=True
                )
            )
            moving.delete()
            through.objects.bulk_create(
                through(authority_id=keep.pk, **{owner: pk}) for pk in sorted(owners - held)
            )
        Authority.objects.filter(pk__in=[other.pk for other in others]).delete()
        merged.append((keep, others))
    log(apps, merged)


def log(apps, merged) -> None:
    """An entry in each kept authority's history, by the first administrator."""
    User = apps.get_model("auth", "User")
    LogEntry = apps.get_model("admin", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None or not merged:
        return
    content_type, _created = ContentType.objects.get_or_create(
        app_label="instruments", model="authority"
    )
    LogEntry.objects.bulk_create(
        LogEntry(
            user=admin,
            content_type=content_type,
            object_id=str(keep.pk),
            object_repr=keep.name[:200],
            action_flag=2,  # change
            change_message=MESSAGE
            % {"names": "、".join(f"{other.name} (#{other.pk})" for other in others)},
        )
        for keep, others in merged
    )


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0010_fingerprints_as_read"),
        ("instruments", "0003_authority_aliases_level_inferred"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(merge, migrations.RunPython.noop)]

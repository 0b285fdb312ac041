"""Fill the list fields of cases that existed before them: the last possible day of the
decision date and the fine totals (0007 builds the search text and its grams)."""

from decimal import Decimal

from django.db import migrations

from lawtracker.dates import period_end


def fill(apps, schema_editor):
    Case = apps.get_model("enforcement", "Case")
    Penalty = apps.get_model("enforcement", "Penalty")
    for case in Case.objects.all():
        case.decided_end = period_end(case.decided_on, case.decided_precision)
        org = individual = Decimal(0)
        unknown = 0
        for penalty in Penalty.objects.filter(case=case, kind="fine"):
            if penalty.amount is None:
                unknown += 1
            elif penalty.target == "organization":
                org += penalty.amount
            else:
                individual += penalty.amount
        case.org_fines, case.individual_fines, case.fines_unknown = org, individual, unknown
        case.save()


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0004_case_list_fields")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]

from django_tasks_db.management.commands import db_worker

from lawtracker.imports.jobs import sweep_jobs, worker_id


class Command(db_worker.Command):
    help = (
        "Run the import worker (django-tasks' db_worker, with the same options), after "
        "failing the checks and imports of workers that died, which can then be run again."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # An id naming this process, so the next worker can tell this one died.
        parser.set_defaults(worker_id=worker_id())

    def handle(self, *args, **options):
        failed = sweep_jobs()
        if failed and options["verbosity"]:
            self.stdout.write(
                f"Failed {len(failed)} job(s) whose worker had stopped: "
                + ", ".join(map(str, failed))
            )
        super().handle(*args, **options)

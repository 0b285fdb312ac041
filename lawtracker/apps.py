from django.apps import AppConfig


class LawtrackerConfig(AppConfig):
    name = "lawtracker"
    verbose_name = "Lawtracker"

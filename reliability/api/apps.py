from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "reliability.api"
    label = "api"
    verbose_name = "REST API"

from django.apps import AppConfig


class DisputesConfig(AppConfig):
    name = "reliability.disputes"
    label = "disputes"
    verbose_name = "Publisher replies"

from django.apps import AppConfig


class SignalsOutConfig(AppConfig):
    name = "reliability.signals_out"
    label = "signals_out"
    verbose_name = "Signal export and webhooks"

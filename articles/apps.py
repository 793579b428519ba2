"""App config for outlets, articles, sentences and their ingestion."""

from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Outlets and articles"

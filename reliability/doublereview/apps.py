from django.apps import AppConfig


class DoubleReviewConfig(AppConfig):
    name = "reliability.doublereview"
    label = "doublereview"
    verbose_name = "Double review"

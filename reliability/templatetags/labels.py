"""The `label_name` filter, built into every template (settings.TEMPLATES): a label in words."""

from django import template

from reliability.analysis.vocabulary import label_name

register = template.Library()
register.filter("label_name", label_name)

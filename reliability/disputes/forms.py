"""The public dispute form: which outlet (and claim), what is wrong, what should change, who asks."""

from django import forms

from articles.models import Sentence
from articles.outlets import listed_outlets
from reliability.disputes.models import CORRECTION_MAX, NAME_MAX, TEXT_MAX


class DisputeForm(forms.Form):
    outlet = forms.ModelChoiceField(listed_outlets(), to_field_name="slug", empty_label="Choose the outlet")
    claim = forms.IntegerField(
        label="Claim number (optional)",
        required=False,
        min_value=1,
        help_text="To dispute one claim's label, not the outlet's score: the number shown with the claim.",
    )
    what_is_wrong = forms.CharField(label="What is wrong", max_length=TEXT_MAX, widget=forms.Textarea)
    requested_correction = forms.CharField(
        label="The correction you ask for", max_length=CORRECTION_MAX, widget=forms.Textarea
    )
    contact_name = forms.CharField(label="Your name", max_length=NAME_MAX)
    contact_email = forms.EmailField(label="Your email (never published)")

    def clean(self):
        cleaned = super().clean()
        outlet, number = cleaned.get("outlet"), cleaned.get("claim")
        if outlet and number:
            claim = Sentence.objects.filter(pk=number, article__outlet=outlet).first()
            if claim is None:
                self.add_error("claim", f"There is no claim number {number} in an article by {outlet.name}.")
            cleaned["claim"] = claim
        return cleaned

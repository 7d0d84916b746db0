from django import forms
from django.utils.translation import gettext_lazy as _

from approvals.models import Decision, ObjectionOutcome
from orgs.models import Office


class ListMetaForm(forms.Form):
    offices = forms.ModelMultipleChoiceField(
        label=_("Offices signing off (joint review)"),
        queryset=Office.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("The managing office always signs; choose at least one more. A leader signs last or in between."),
        required=False,
    )
    note = forms.CharField(
        label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class SignOffForm(forms.Form):
    seat = forms.ChoiceField(label=_("Signing for"))
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, seats: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seat"].choices = seats


class ObjectionForm(forms.Form):
    item = forms.TypedChoiceField(label=_("Project objected to"), coerce=int, required=False, empty_value=None)
    name = forms.CharField(label=_("Real name"), max_length=50)
    id_number = forms.CharField(label=_("Resident ID number"), max_length=18)
    phone = forms.CharField(label=_("Mobile phone"), max_length=11)
    email = forms.EmailField(label=_("E-mail (for the answer)"), required=False)
    content = forms.CharField(
        label=_("Objection and its grounds"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", _("The list as a whole"))] + [
            (item.pk, f"{item.rank}. {item.application.title}") for item in items
        ]


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ObjectionOutcome.choices, widget=forms.RadioSelect)
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)

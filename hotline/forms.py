import secrets

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.human_check import human_check_field
from hotline.models import Channel, Rating, RequestCategory
from orgs.models import Office


def _categories():
    return RequestCategory.objects.filter(is_active=True)


class PublicRequestForm(forms.Form):
    """The portal's form (field names are part of the browser journey: keep them stable)."""

    category = forms.ModelChoiceField(label=_("Kind of request"), queryset=_categories(), empty_label=None)
    title = forms.CharField(label=pgettext_lazy("service request", "Subject"), max_length=120)
    content = forms.CharField(
        label=_("Your request"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000, min_length=10
    )
    name = forms.CharField(label=_("Your name"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail (for the reply and the rating link)"), required=False)
    captcha = human_check_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = _categories()
        self.fields["category"].label_from_instance = lambda c: f"{c.name}（{c.limit_days}个工作日内答复）"


class StaffRequestForm(forms.Form):
    submit_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)
    channel = forms.ChoiceField(label=_("Channel"), choices=[c for c in Channel.choices if c[0] != Channel.WEB])
    received_at = forms.DateTimeField(
        label=_("Received at"),
        required=False,
        help_text=_("Leave empty for now; the time limit counts from the day after this date."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    category = forms.ModelChoiceField(label=_("Kind of request"), queryset=_categories(), empty_label=None)
    is_urgent = forms.BooleanField(label=_("Urgent (急事急办, shorter time limit)"), required=False)
    title = forms.CharField(label=pgettext_lazy("service request", "Subject"), max_length=120)
    content = forms.CharField(
        label=_("Content of the request"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )
    name = forms.CharField(label=_("Requester"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    office = forms.ModelChoiceField(
        label=_("Assign at once to"),
        queryset=Office.objects.filter(is_active=True),
        required=False,
        help_text=_("Optional: the office that will handle it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = _categories()
        self.fields["office"].queryset = Office.objects.filter(is_active=True)
        self.initial.setdefault("submit_key", secrets.token_urlsafe(16))


class AssignForm(forms.Form):
    office = forms.ModelChoiceField(label=_("Office handling it"), queryset=Office.objects.filter(is_active=True))
    category = forms.ModelChoiceField(label=_("Kind of request"), queryset=_categories(), empty_label=None)
    is_urgent = forms.BooleanField(label=_("Urgent (急事急办, shorter time limit)"), required=False)
    note = forms.CharField(label=_("Note to the office"), required=False, max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = Office.objects.filter(is_active=True)
        self.fields["category"].queryset = _categories()


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("Reply to the requester"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
    version = forms.IntegerField(widget=forms.HiddenInput)


class RatingForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("Are you satisfied with the reply?"),
        choices=Rating.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you are not satisfied: tell us what is still unresolved."),
    )


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=30)
    code = forms.CharField(label=_("Code"), max_length=30)
    limit_days = forms.IntegerField(label=_("Time limit (working days)"), min_value=1, max_value=60)
    urgent_limit_days = forms.IntegerField(label=_("Time limit when urgent (working days)"), min_value=1, max_value=60)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    sort_order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, initial=0)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

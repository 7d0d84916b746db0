import secrets

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.roles import Role
from accounts.selectors import users_with_role
from orgs.models import Office
from supervision.models import TaskSource
from supervision.services import POLICY_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
STAGE_ROWS = 4
DEFAULT_STAGES = (_("Plan drawn up"), _("Implementation"), _("Summary and acceptance"))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (the Django documentation's pattern)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name or obj.username}（{obj.username}）"


class TaskForm(forms.Form):
    """A supervised task or, with ``subtask=True``, a subtask of a parent (no source of its own)."""

    title = forms.CharField(label=pgettext_lazy("supervision", "Task"), max_length=200)
    requirements = forms.CharField(
        label=_("requirements"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What is to be done, to what standard."),
    )
    source = forms.ChoiceField(label=pgettext_lazy("supervision", "Source"), choices=TaskSource.choices)
    source_details = forms.CharField(
        label=_("source details"),
        max_length=200,
        required=False,
        help_text=_("e.g. the meeting and its minutes number, the instruction, the call record."),
    )
    office = forms.ModelChoiceField(label=_("responsible office"), queryset=Office.objects.none())
    co_offices = forms.ModelMultipleChoiceField(
        label=_("co-operating offices"),
        queryset=Office.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    owner = PersonChoice(label=_("person responsible"), queryset=users_with_role(Role.OFFICER).none())
    leader = PersonChoice(label=_("leader in charge"), queryset=users_with_role(Role.LEADER).none())
    is_urgent = forms.BooleanField(label=_("urgent (急事急办)"), required=False)
    deadline = forms.DateField(
        label=pgettext_lazy("supervision", "Deadline"),
        widget=DATE,
        required=False,
        help_text=_("Leave empty for the policy's time limit in working days."),
    )

    submit_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)

    def __init__(self, *args, subtask: bool = False, rectification_items=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submit_key", secrets.token_urlsafe(16))
        offices = Office.objects.filter(is_active=True)
        self.fields["office"].queryset = offices
        self.fields["co_offices"].queryset = offices
        self.fields["owner"].queryset = users_with_role(Role.OFFICER).order_by("username")
        self.fields["leader"].queryset = users_with_role(Role.LEADER).order_by("username")
        for name in ("office", "owner", "leader"):
            self.fields[name].empty_label = _("Please choose")
        if subtask:
            del self.fields["source"], self.fields["source_details"]
        elif rectification_items is not None:
            self.fields["rectification_item"] = forms.ModelChoiceField(
                label=_("rectification item"),
                queryset=rectification_items,
                required=False,
                empty_label="—",
            )
        for n in range(1, STAGE_ROWS + 1):
            initial = DEFAULT_STAGES[n - 1] if n <= len(DEFAULT_STAGES) and not self.is_bound else ""
            self.fields[f"stage_{n}_name"] = forms.CharField(
                label=_("Stage %(n)d") % {"n": n}, max_length=60, required=False, initial=initial
            )
            self.fields[f"stage_{n}_date"] = forms.DateField(
                label=_("Stage %(n)d date") % {"n": n}, widget=DATE, required=False
            )

    def stages(self) -> list:
        data = self.cleaned_data
        return [(data.get(f"stage_{n}_name") or "", data.get(f"stage_{n}_date")) for n in range(1, STAGE_ROWS + 1)]

    def service_values(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("stage_")}
        return data | {"stages": self.stages()}


class TaskEditForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("supervision", "Task"), max_length=200)
    requirements = forms.CharField(label=_("requirements"), widget=forms.Textarea(attrs={"rows": 4}))
    source_details = forms.CharField(label=_("source details"), max_length=200, required=False)
    co_offices = forms.ModelMultipleChoiceField(
        label=_("co-operating offices"),
        queryset=Office.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    owner = PersonChoice(label=_("person responsible"), queryset=users_with_role(Role.OFFICER).none())
    leader = PersonChoice(label=_("leader in charge"), queryset=users_with_role(Role.LEADER).none())
    is_urgent = forms.BooleanField(label=_("urgent (急事急办)"), required=False)
    deadline = forms.DateField(label=pgettext_lazy("supervision", "Deadline"), widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["co_offices"].queryset = Office.objects.filter(is_active=True)
        self.fields["owner"].queryset = users_with_role(Role.OFFICER).order_by("username")
        self.fields["leader"].queryset = users_with_role(Role.LEADER).order_by("username")


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("progress made"), widget=forms.Textarea(attrs={"rows": 3}))
    progress = forms.IntegerField(label=_("progress (%)"), min_value=0, max_value=100)
    stage = forms.TypedChoiceField(
        label=pgettext_lazy("supervision", "Stage"), required=False, coerce=int, empty_value=None
    )
    stage_done = forms.BooleanField(label=_("This stage is complete"), required=False)

    def __init__(self, *args, stages=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", "—"), *((s.pk, f"{s.name}（{s.due_on:%Y-%m-%d}）") for s in stages)]


class ReportForm(forms.Form):
    completion_summary = forms.CharField(label=_("completion summary"), widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(
        label=_("evidence files"),
        required=False,
        help_text=_("Documents, minutes, photos; at least one evidence file is needed."),
    )


class PolicyForm(forms.Form):
    default_limit_days = forms.IntegerField(label=_("default time limit (working days)"), min_value=1, max_value=60)
    urgent_limit_days = forms.IntegerField(label=_("urgent time limit (working days)"), min_value=1, max_value=60)
    warn_before_days = forms.IntegerField(label=_("warn before the deadline (working days)"), min_value=1, max_value=60)
    urgent_warn_before_days = forms.IntegerField(
        label=_("urgent: warn daily from (working days before)"), min_value=1, max_value=60
    )
    escalate_after_days = forms.IntegerField(
        label=_("escalate to the leader after (working days overdue)"), min_value=1, max_value=60
    )
    urgent_escalate_after_days = forms.IntegerField(
        label=_("urgent: escalate after (working days overdue)"), min_value=1, max_value=60
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    field_order = [*POLICY_FIELDS, "version"]

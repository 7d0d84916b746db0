"""The application form: scalar fields plus the team, indicator, cooperation and budget tables."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import BUDGET_CATEGORIES, Application
from applications.services import EDITABLE_FIELDS
from plans.models import Call

TEAM_ROWS = 8
INDICATOR_ROWS = 6
COOPERATION_ROWS = 4
TABLE_FIELDS = ("team", "indicators", "budget", "cooperation_units")  # edited as tables, not form fields
TEAM_COLUMNS = ("name", "unit", "title", "role")
INDICATOR_COLUMNS = ("name", "target")


class StartForm(forms.Form):
    title = forms.CharField(label=_("Project title"), max_length=200)
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=None, required=False, empty_label=_("Please choose"))
    challenge = forms.ModelChoiceField(
        label=_("Challenge"), queryset=None, required=False, empty_label=_("Please choose")
    )

    def __init__(self, *args, call: Call, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = call.topics.all()
        self.fields["challenge"].queryset = call.challenges.all()
        if not call.topics.exists():
            del self.fields["topic"]
        if not call.challenges.exists():
            del self.fields["challenge"]


class ApplicationForm(forms.ModelForm):
    """Scalar fields; the tables come from ``table_rows`` (fixed rows, blank rows ignored)."""

    class Meta:
        model = Application
        fields = [name for name in EDITABLE_FIELDS if name not in TABLE_FIELDS]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "abstract": forms.Textarea(attrs={"rows": 5}),
            "objectives": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "keywords": _("At least 3, separated by commas or 、."),
            "discipline_codes": _("GB/T 13745 codes, e.g. 460.45"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        call = self.instance.call
        self.fields["topic"].queryset = call.topics.all()
        self.fields["challenge"].queryset = call.challenges.all()
        for name in ("topic", "challenge"):
            self.fields[name].empty_label = _("Please choose")
        if not call.topics.exists():
            del self.fields["topic"]
        if not call.challenges.exists():
            del self.fields["challenge"]


def table_rows(data, prefix: str, columns: tuple[str, ...], rows: int) -> list[dict]:
    """Rows of a fixed-size table posted as ``<prefix>-<n>-<column>``; empty rows are dropped."""
    result = []
    for n in range(rows):
        row = {column: (data.get(f"{prefix}-{n}-{column}") or "").strip()[:200] for column in columns}
        if any(row.values()):
            result.append(row)
    return result


def budget_from(data) -> dict:
    return {
        key: {part: (data.get(f"budget-{key}-{part}") or "0").strip() for part in ("grant", "matching")}
        for key in BUDGET_CATEGORIES
    }


def cooperation_from(data) -> list[str]:
    return [text for n in range(COOPERATION_ROWS) if (text := (data.get(f"coop-{n}") or "").strip()[:100])]


def padded(rows: list, size: int, blank) -> list:
    return list(rows) + [blank] * max(0, size - len(rows))

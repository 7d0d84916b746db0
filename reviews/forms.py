"""Forms of expert review: the round and its rubric, manual assignment, panel sessions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reviews.models import ReviewRound
from reviews.services import ROUND_FIELDS

CRITERIA_ROWS = 6
DEFAULT_RUBRIC = (  # 评分标准 of a typical key R&D call
    ("创新性与先进性", "研究内容的创新程度、技术指标的先进性", 30, 10),
    ("技术路线可行性", "技术路线、研究方法与实施方案是否合理可行", 25, 10),
    ("研究基础与团队", "前期基础、团队结构与承担能力", 20, 10),
    ("预期效益", "经济社会效益、成果转化与示范推广前景", 15, 10),
    ("经费合理性", "预算编制的合理性与自筹资金落实情况", 10, 10),
)


class RoundForm(forms.ModelForm):
    deadline = forms.DateTimeField(
        label=_("Scoring deadline"), widget=forms.DateTimeInput({"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ReviewRound
        fields = list(ROUND_FIELDS)  # the rules the services accept


def criteria_from(post) -> list[dict]:
    """Rubric rows from the form's ``criterion-N-*`` inputs (empty rows ignored by the service)."""
    rows = []
    for n in range(CRITERIA_ROWS + 4):
        name = post.get(f"criterion-{n}-name")
        if name is None:
            continue
        rows.append(
            {
                "name": name,
                "guidance": post.get(f"criterion-{n}-guidance", ""),
                "weight": _int(post.get(f"criterion-{n}-weight")),
                "max_score": _int(post.get(f"criterion-{n}-max_score")),
            }
        )
    return rows


def _int(text) -> int:
    try:
        return int(str(text).strip())
    except (TypeError, ValueError):
        return 0


def criteria_rows(criteria: list[dict]) -> list[dict]:
    return list(criteria) + [{}] * max(0, CRITERIA_ROWS - len(criteria))


def default_criteria() -> list[dict]:
    return [{"name": n, "guidance": g, "weight": w, "max_score": m} for n, g, w, m in DEFAULT_RUBRIC]


class PanelSessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    held_at = forms.DateTimeField(
        label=_("Held at"), widget=forms.DateTimeInput({"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)

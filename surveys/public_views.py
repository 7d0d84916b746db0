"""The public answer page (no sign-in): reached only through a recipient's unguessable link."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import access, public
from core.forms import errors_by_field
from core.ratelimit import client_ip, rate_limited
from surveys.models import SurveyStatus
from surveys.permissions import recipient_get_by_token
from surveys.services import response_submit

ANSWERS_PER_HOUR = 30


@access(public)
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The questionnaire for one recipient: one response per link, only while the survey is open."""
    recipient = recipient_get_by_token(token)
    survey = recipient.survey
    today = timezone.localdate()
    is_open = survey.status == SurveyStatus.OPEN and survey.opens_on <= today <= survey.closes_on
    questions = list(survey.questions.all())
    errors: dict = {}
    posted = {}
    if request.method == "POST" and not recipient.answered:
        posted = {q.pk: [v[:2100] for v in request.POST.getlist(f"q{q.pk}")[:20]] for q in questions}
        if rate_limited("survey_answer", client_ip(request), limit=ANSWERS_PER_HOUR, window=3600):
            errors = {"general": [_("Too many answers from this address; try again in an hour.")]}
        else:
            try:
                response_submit(recipient=recipient, values=posted, today=today)
            except ValidationError as exc:
                errors = errors_by_field(exc)
            else:
                return redirect("surveys_public:answer", token=token)
    context = {
        "survey": survey,
        "recipient": recipient,
        "is_open": is_open,
        "today": today,
        "rows": [
            (q, f"q{q.pk}", posted.get(q.pk, []), list(enumerate(q.options)), errors.get(f"q{q.pk}", []))
            for q in questions
        ],
        "errors": errors,
    }
    return render(request, "surveys/public/answer.html", context, status=400 if errors else 200)

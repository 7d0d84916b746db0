"""The portal's service-request pages (no sign-in): the form, the private status page and the
one-time satisfaction link. Contact data is never shown here."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.access import access, public
from core.forms import apply_errors
from core.ratelimit import client_ip, rate_limited
from hotline.forms import PublicRequestForm, RatingForm
from hotline.models import RatingLink, RequestStatus, ServiceRequest
from hotline.services import rating_link_state, service_request_file, service_request_rate

REQUESTS_PER_HOUR = 5
RATINGS_PER_HOUR = 20


@access(public)
def request_new(request: HttpRequest) -> HttpResponse:
    form = PublicRequestForm(data=request.POST or None)
    if request.method == "POST":
        if rate_limited("hotline", client_ip(request), limit=REQUESTS_PER_HOUR, window=3600):
            form.add_error(None, _("Too many requests from this address; try again in an hour."))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                filed = service_request_file(
                    name=data["name"],
                    phone=data["phone"],
                    email=data["email"],
                    category=data["category"],
                    title=data["title"],
                    content=data["content"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect(reverse("hotline_public:status", args=[filed.token]) + "?new=1")
    return render(request, "hotline/public/new.html", {"form": form}, status=400 if form.errors else 200)


@access(public)
def request_status(request: HttpRequest, token) -> HttpResponse:
    """What the requester sees through the private link: status, deadline, the reply and, while it is
    open, the rating link."""
    found = ServiceRequest.objects.select_related("category", "office").filter(token=token).first()
    if found is None:
        raise Http404
    link = found.rating_links.filter(round=found.round, used_at__isnull=True).first()
    context = {
        "obj": found,
        "new": request.GET.get("new") == "1",
        "rating_link": link if link is not None and found.status == RequestStatus.REPLIED else None,
    }
    return render(request, "hotline/public/status.html", context)


@access(public)
def request_rate(request: HttpRequest, token) -> HttpResponse:
    """The one-time satisfaction link: a second use says it has been used."""
    link = RatingLink.objects.select_related("request").filter(token=token).first()
    if link is None:
        raise Http404
    form = RatingForm(data=request.POST or None)
    state = rating_link_state(link)
    done = None
    if request.method == "POST" and state == "open":
        if rate_limited("hotline_rate", client_ip(request), limit=RATINGS_PER_HOUR, window=3600):
            form.add_error(None, _("Too many attempts from this address; try again in an hour."))
        elif form.is_valid():
            try:
                done = service_request_rate(
                    token=link.token, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]
                )
            except ValidationError as exc:
                if getattr(exc, "code", None) in ("used", "expired"):
                    state = exc.code
                else:
                    apply_errors(form, exc)
    context = {"link": link, "obj": done or link.request, "form": form, "state": "thanks" if done else state}
    status = 400 if form.errors else (410 if state in ("used", "expired") and request.method == "POST" else 200)
    return render(request, "hotline/public/rate.html", context, status=status)

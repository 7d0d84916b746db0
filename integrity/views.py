from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role, has_role
from core.access import access
from core.forms import apply_errors
from integrity.forms import IntegrityRecordForm
from integrity.models import IntegrityRecord
from integrity.services import integrity_record_create, integrity_record_revoke

can_read = has_role(Role.OFFICER, Role.LEADER, Role.SUPERVISOR)
can_manage = has_role(Role.OFFICER)


@access(can_read)
def records(request: HttpRequest) -> HttpResponse:
    form = IntegrityRecordForm(data=request.POST or None)
    if request.method == "POST":
        if not can_manage.test(request.user):
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                integrity_record_create(
                    actor=request.user,
                    person=data.get("person"),
                    unit=data.get("unit"),
                    list_kind=data["list_kind"],
                    restrictions=data["restrictions"],
                    reason=data["reason"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Integrity record saved."))
                return redirect("integrity:records")
    page = Paginator(IntegrityRecord.objects.select_related("person", "unit"), 50).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "can_manage": can_manage.test(request.user),
        "breadcrumbs": [(_("Integrity records"), None)],
    }
    return render(request, "integrity/records.html", context)


@require_POST
@access(can_manage)
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    record = IntegrityRecord.objects.filter(pk=pk, revoked_at__isnull=True).first()
    if record is None:
        raise Http404
    try:
        integrity_record_revoke(actor=request.user, record=record, reason=request.POST.get("reason", ""))
        messages.success(request, _("Record revoked."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("integrity:records")

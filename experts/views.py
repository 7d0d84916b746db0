from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import access
from core.forms import apply_errors
from experts.forms import AVOID_ROWS, ExpertProfileForm, PoolFilterForm, avoid_people_from
from experts.models import ExpertProfile
from experts.permissions import expert_profile_get_for_user, is_expert, manages_pool, reads_pool
from experts.selectors import integrity_of, pool_search, review_history
from experts.services import PROFILE_WORKFLOW, EditConflict, expert_profile_decide, expert_profile_save


@access(is_expert)
def my_profile(request: HttpRequest) -> HttpResponse:
    profile = ExpertProfile.objects.filter(user=request.user).select_related("region", "unit").first()
    initial = ExpertProfileForm.initial_from(profile, request.user)
    form = ExpertProfileForm(data=request.POST or None, initial=initial)
    avoid = avoid_people_from(request.POST) if request.method == "POST" else (profile.avoid_people if profile else [])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            expert_profile_save(
                actor=request.user,
                data=data,
                version=data.get("version"),
                avoid_units=data["avoid_units"],
                avoid_people=avoid,
            )
        except EditConflict:
            form.add_error(None, _("Your profile was changed in another window. Reload the page and save again."))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Profile saved and sent for approval."))
            return redirect("experts:me")
    context = {
        "form": form,
        "profile": profile,
        "avoid_rows": list(avoid) + [{}] * max(0, AVOID_ROWS - len(avoid)),
        "breadcrumbs": [(_("My expert profile"), None)],
    }
    return render(request, "experts/my_profile.html", context)


@access(reads_pool)
def pool(request: HttpRequest) -> HttpResponse:
    filters = PoolFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    profiles = pool_search(**{k: v for k, v in criteria.items() if v})
    page = Paginator(profiles, 50).get_page(request.GET.get("page"))
    flags = integrity_of(p.user_id for p in page)
    for profile in page:
        profile.integrity = flags.get(profile.user_id, [])
    context = {
        "filters": filters,
        "page": page,
        "can_manage": manages_pool.test(request.user),
        "breadcrumbs": [(_("Expert pool"), None)],
    }
    return render(request, "experts/pool.html", context)


@access(reads_pool)
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = expert_profile_get_for_user(request.user, pk)
    context = {
        "profile": profile,
        "integrity": integrity_of([profile.user_id]).get(profile.user_id, []),
        "history": review_history(profile.user),
        "actions": {t.name for t in PROFILE_WORKFLOW.available(profile, request.user)},
        "breadcrumbs": [(_("Expert pool"), "experts:pool"), (str(profile), None)],
    }
    return render(request, "experts/profile_detail.html", context)


@require_POST
@access(manages_pool)
def profile_decide(request: HttpRequest, pk: int) -> HttpResponse:
    profile = expert_profile_get_for_user(request.user, pk, write=True)
    approve = request.POST.get("decision") == "approve"
    try:
        expert_profile_decide(
            actor=request.user, profile=profile, approve=approve, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("experts:profile", pk=pk)
    messages.success(request, _("Profile approved.") if approve else _("Profile returned to the expert."))
    return redirect("experts:pool")

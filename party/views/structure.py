"""Pages that edit the organization tree: add an organization below one, edit it, dissolve it,
fill and end its posts. Services in ``party.structure`` decide what is allowed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import access
from core.forms import apply_errors
from party.forms import OrgForm, PostForm
from party.models import MemberStatus, PartyMember, PartyPost
from party.permissions import descendants, holds_party_post, managed_org_ids, org_get_for_manager
from party.structure import org_create, org_deactivate, org_update, post_assign, post_end


def _crumbs(org, last):
    return [(_("Party organizations"), "party:orgs"), (org.name, f"/party/orgs/{org.pk}/"), (last, None)]


@access(holds_party_post)
def org_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Set up an organization below ``pk``."""
    parent = org_get_for_manager(request.user, pk)
    form = OrgForm(request.POST or None, parent_kind=parent.kind)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            org = org_create(actor=request.user, parent=parent, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(org)s was set up.") % {"org": org.name})
            return redirect("party:org", pk=org.pk)
    context = {"form": form, "parent": parent, "breadcrumbs": _crumbs(parent, _("New organization below"))}
    return render(request, "party/org_form.html", context, status=400 if form.errors else 200)


@access(holds_party_post)
def org_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_get_for_manager(request.user, pk)
    initial = {
        "name": org.name,
        "kind": org.kind,
        "office": org.office_id,
        "unit": org.unit_id,
        "team": org.team,
        "term_started_on": org.term_started_on,
        "term_years": org.term_years,
        "dues_day": org.dues_day,
        "order": org.order,
    }
    form = OrgForm(request.POST or None, initial=initial, kind=org.kind)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "kind"}
        try:
            org_update(actor=request.user, organization=org, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The organization was saved."))
            return redirect("party:org", pk=org.pk)
    context = {"form": form, "org": org, "breadcrumbs": _crumbs(org, _("Edit"))}
    return render(request, "party/org_form.html", context, status=400 if form.errors else 200)


@access(holds_party_post)
@require_POST
def org_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_get_for_manager(request.user, pk)
    try:
        org_deactivate(actor=request.user, organization=org, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("party:org", pk=org.pk)
    messages.success(request, _("%(org)s was dissolved.") % {"org": org.name})
    return redirect("party:org", pk=org.parent_id) if org.parent_id else redirect("party:orgs")


def _post_members(org):
    return PartyMember.objects.filter(
        organization__in=descendants([org.pk]), is_active=True, status=MemberStatus.FULL
    ).order_by("name")


@access(holds_party_post)
def posts(request: HttpRequest, pk: int) -> HttpResponse:
    """The organization's posts: who holds them since when; fill a post."""
    org = org_get_for_manager(request.user, pk)
    form = PostForm(request.POST or None, members=_post_members(org))
    if request.method == "POST" and form.is_valid():
        try:
            post_assign(actor=request.user, organization=org, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The post was filled."))
            return redirect("party:posts", pk=org.pk)
    context = {
        "org": org,
        "form": form,
        "held": org.posts.select_related("member__organization").order_by("post", "since"),
        "breadcrumbs": _crumbs(org, _("Posts")),
    }
    return render(request, "party/posts.html", context, status=400 if form.errors else 200)


@access(holds_party_post)
@require_POST
def post_remove(request: HttpRequest, pk: int) -> HttpResponse:
    post = PartyPost.objects.select_related("member", "organization").filter(pk=pk).first()
    if post is None or post.organization_id not in managed_org_ids(request.user):
        raise Http404
    try:
        post_end(actor=request.user, post=post)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The post was ended."))
    return redirect("party:posts", pk=post.organization_id)

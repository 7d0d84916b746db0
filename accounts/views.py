"""Sign-in, password, second factor, registration, unit bindings, tokens and role management."""

import base64
import io
from datetime import datetime, time

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.forms import (
    LoginForm,
    MembershipDecisionForm,
    OTPTokenForm,
    PasswordChangeForm,
    RegistrationForm,
    RoleGrantForm,
    SecurityPolicyForm,
    TokenForm,
    UserCreateForm,
)
from accounts.lockout import locked_until
from accounts.models import SecurityPolicy, User
from accounts.permissions import (
    membership_get_for_user,
    role_assignment_get_for_user,
    token_get_for_user,
    user_get_for_admin,
)
from accounts.roles import Role, has_role, is_security_admin, is_sysadmin, is_unit_admin
from accounts.selectors import pending_memberships_for
from audit.services import audit_record
from core.access import access, authenticated, public
from core.forms import apply_errors


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """Shown for a locked account name, whether or not the account exists."""
    form = LoginForm(request, data=request.POST or None)
    until = locked_until((credentials or {}).get("username", ""))
    message = _("Too many failed sign-in attempts. Try again in 30 minutes.")
    if until:
        local = timezone.localtime(until)
        message = _("Too many failed sign-in attempts. Try again after %(time)s.") % {"time": local.strftime("%H:%M")}
    return render(request, "accounts/login.html", {"form": form, "lockout": message}, status=429)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()) else "/"


@access(public)
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        return redirect("/")
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.get_user())  # cycles the session id
        return redirect(_safe_next(request))
    notice = _("Your session has expired. Please sign in again.") if request.GET.get("expired") else ""
    return render(request, "accounts/login.html", {"form": form, "next": _safe_next(request), "notice": notice})


@require_POST
@access(public)
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)  # flushes the session
    return redirect("accounts:login")


@access(authenticated)
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_change_password(
            actor=request.user, user=request.user, new_password=form.cleaned_data["new_password1"]
        )
        from django.contrib.auth import update_session_auth_hash

        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your password has been changed."))
        return redirect("/")
    forced = request.user.must_change_password
    return render(request, "accounts/password_change.html", {"form": form, "forced": forced})


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]


@access(authenticated)
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: show a QR code, confirm with the first code."""
    user = request.user
    if user.totpdevice_set.filter(confirmed=True).exists() and not request.user.is_verified():
        return redirect("accounts:otp_verify")
    device = user.totpdevice_set.filter(confirmed=False).first() or TOTPDevice.objects.create(
        user=user, name=_("Authenticator app"), confirmed=False
    )
    form = OTPTokenForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not device.verify_is_allowed()[0]:
            form.add_error("token", _("Too many wrong codes. Wait a few seconds and try again."))
        elif device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                audit_record(actor=user, action="otp.enrol", target=user)
            otp_login(request, device)
            messages.success(request, _("Two-step verification is now on for your account."))
            return redirect("/")
        else:
            form.add_error("token", _("The code is not correct. Check the time on your phone and try again."))
    secret = base64.b32encode(device.bin_key).decode()
    context = {"form": form, "qr_svg": mark_safe(_qr_svg(device.config_url)), "secret": secret}  # noqa: S308 (generated SVG)
    return render(request, "accounts/otp_setup.html", context)


@access(authenticated)
def otp_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = OTPTokenForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in user.totpdevice_set.filter(confirmed=True):
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                return redirect(_safe_next(request))
        with transaction.atomic():
            audit_record(actor=user, action="otp.failure", target=user, result="failure")
        form.add_error("token", _("The code is not correct. Check the time on your phone and try again."))
    return render(request, "accounts/otp_verify.html", {"form": form})


@access(public)
def register(request: HttpRequest) -> HttpResponse:
    form = RegistrationForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.applicant_register(
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                id_number=data["id_number"],
                title=data["title"],
                unit=data["unit"],
                password=data["password1"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Registration received. Sign in now; your unit admin will confirm your binding.")
            )
            return redirect("accounts:login")
    return render(request, "accounts/register.html", {"form": form})


@access(public)
def privacy_notice(request: HttpRequest) -> HttpResponse:
    """个人信息处理告知: what is collected at registration, why, and who sees it."""
    return render(request, "accounts/privacy.html", {"breadcrumbs": [(_("Personal information notice"), None)]})


@access(authenticated)
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "memberships": user.unit_memberships.select_related("unit"),
        "roles": user.active_roles,
        "has_otp": user.totpdevice_set.filter(confirmed=True).exists(),
        "breadcrumbs": [(_("My account"), None)],
    }
    return render(request, "accounts/profile.html", context)


@access(is_unit_admin)
def memberships(request: HttpRequest) -> HttpResponse:
    context = {"pending": pending_memberships_for(request.user), "breadcrumbs": [(_("Unit confirmations"), None)]}
    return render(request, "accounts/memberships.html", context)


@require_POST
@access(is_unit_admin)
def membership_decide(request: HttpRequest, pk: int) -> HttpResponse:
    membership = membership_get_for_user(request.user, pk)
    form = MembershipDecisionForm(data=request.POST)
    if form.is_valid():
        try:
            services.membership_decide(
                actor=request.user,
                membership=membership,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Decision recorded."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("accounts:memberships")


@access(authenticated)
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(data=request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        expires_at = timezone.make_aware(datetime.combine(form.cleaned_data["expires_at"], time.max))
        try:
            _token, new_token = services.token_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=expires_at,
            )
            form = TokenForm()
        except ValidationError as exc:
            apply_errors(form, exc)
    context = {
        "form": form,
        "new_token": new_token,
        "tokens": request.user.access_tokens.all(),
        "breadcrumbs": [(_("Access tokens"), None)],
    }
    return render(request, "accounts/tokens.html", context)


@require_POST
@access(authenticated)
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    services.token_revoke(actor=request.user, token=token_get_for_user(request.user, pk))
    messages.success(request, _("The token has been revoked."))
    return redirect("accounts:tokens")


# --- Administration: system admin manages accounts, security admin manages roles ------------

can_see_users = has_role("sysadmin", "security_admin")


@access(can_see_users)
def user_list(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/user_list.html", _user_list_context(request, UserCreateForm()))


def _user_list_context(request: HttpRequest, create_form: UserCreateForm) -> dict:
    from accounts.selectors import user_search

    query = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    return {
        "page": user_search(query=query, role=role, page=request.GET.get("page")),
        "query": query,
        "role": role,
        "roles": Role.choices,
        "breadcrumbs": [(_("Users"), None)],
        "create_form": create_form,
        "can_create": is_sysadmin.test(request.user),
    }


@require_POST
@access(is_sysadmin)
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(data=request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            user, issued = services.user_create(
                actor=request.user,
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                unit=data["unit"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Account %(username)s created. Issued password (shown once): %(password)s")
                % {"username": user.username, "password": issued},
            )
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_list.html", _user_list_context(request, form))


@access(can_see_users)
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    subject = user_get_for_admin(request.user, pk)
    return render(request, "accounts/user_detail.html", _user_detail_context(request, subject, RoleGrantForm()))


def _user_detail_context(request: HttpRequest, subject: User, grant_form: RoleGrantForm) -> dict:
    return {
        "subject": subject,
        "roles": subject.role_assignments.filter(is_active=True).select_related("unit", "recommender", "office"),
        "grant_form": grant_form,
        "can_grant": is_security_admin.test(request.user),
        "locked_until": locked_until(subject.username),
        "can_manage": is_sysadmin.test(request.user),
        "breadcrumbs": [(_("Users"), "/accounts/users/"), (subject.full_name or subject.username, None)],
    }


@require_POST
@access(is_security_admin)
def role_grant(request: HttpRequest, pk: int) -> HttpResponse:
    subject = user_get_for_admin(request.user, pk)
    form = RoleGrantForm(data=request.POST)
    if form.is_valid():
        try:
            services.role_grant(actor=request.user, user=subject, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Role granted."))
            return redirect("accounts:user_detail", pk=subject.pk)
    return render(request, "accounts/user_detail.html", _user_detail_context(request, subject, form), status=400)


@require_POST
@access(is_security_admin)
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = role_assignment_get_for_user(request.user, pk)
    services.role_revoke(actor=request.user, assignment=assignment)
    messages.success(request, _("Role revoked."))
    return redirect("accounts:user_detail", pk=assignment.user_id)


@require_POST
@access(is_sysadmin)
def user_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    subject = user_get_for_admin(request.user, pk)
    issued = services.user_reset_password(actor=request.user, user=subject)
    messages.success(request, _("New issued password (shown once): %(password)s") % {"password": issued})
    return redirect("accounts:user_detail", pk=subject.pk)


@require_POST
@access(is_sysadmin)
def user_toggle_active(request: HttpRequest, pk: int) -> HttpResponse:
    subject = user_get_for_admin(request.user, pk)
    services.user_set_active(actor=request.user, user=subject, active=not subject.is_active)
    return redirect("accounts:user_detail", pk=subject.pk)


@require_POST
@access(is_security_admin)
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    subject = user_get_for_admin(request.user, pk)
    services.account_unlock(actor=request.user, user=subject)
    messages.success(request, _("The sign-in lock has been lifted."))
    return redirect("accounts:user_detail", pk=subject.pk)


@access(is_security_admin)
def security_policy(request: HttpRequest) -> HttpResponse:
    policy = SecurityPolicy.current()
    form = SecurityPolicyForm(data=request.POST or None, initial={"password_expiry_days": policy.password_expiry_days})
    if request.method == "POST" and form.is_valid():
        services.security_policy_update(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Security policy saved."))
        return redirect("accounts:security_policy")
    return render(
        request, "accounts/security_policy.html", {"form": form, "breadcrumbs": [(_("Security policy"), None)]}
    )

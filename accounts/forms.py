from datetime import timedelta
from functools import partial

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import TokenScope, User
from accounts.passwords import policy_help_html
from accounts.roles import Role
from core.validators import validate_id_number, validate_mobile
from orgs.models import Office, Recommender, Unit

PLEASE_CHOOSE = _("Please choose")


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Account name")

    error_messages = {
        # One message for unknown account and wrong password: no hint which one it was.
        "invalid_login": _("The account name or password is incorrect."),
        "inactive": _("The account name or password is incorrect."),
    }


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("Current password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password1 = forms.CharField(
        label=_("New password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=lazy(policy_help_html, str)(),
    )
    new_password2 = forms.CharField(
        label=_("Repeat new password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, user: User, *args, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_old_password(self) -> str:
        value = self.cleaned_data["old_password"]
        if not self.user.check_password(value):
            raise ValidationError(_("The current password is incorrect."))
        return value

    def clean(self) -> dict:
        data = super().clean()
        p1, p2 = data.get("new_password1"), data.get("new_password2")
        if p1 and p2 and p1 != p2:
            self.add_error("new_password2", _("The two new passwords differ."))
        elif p1:
            try:
                validate_password(p1, self.user)
            except ValidationError as exc:
                self.add_error("new_password1", exc)
        return data


class OTPTokenForm(forms.Form):
    token = forms.CharField(
        label=_("6-digit code"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class RegistrationForm(forms.Form):
    username = forms.RegexField(
        label=_("Account name"),
        regex=r"^[A-Za-z0-9_.-]{4,30}$",
        max_length=30,
        help_text=_("4–30 letters, digits, dots, dashes or underscores."),
        error_messages={"invalid": _("Use 4–30 letters, digits, dots, dashes or underscores.")},
    )
    full_name = forms.CharField(label=_("Full name"), max_length=50)
    id_number = forms.CharField(label=_("Resident ID number"), max_length=18, validators=[validate_id_number])
    phone = forms.CharField(label=_("Mobile phone"), max_length=11, validators=[validate_mobile])
    email = forms.EmailField(label=_("E-mail"))
    title = forms.CharField(label=_("Professional title"), max_length=50, required=False)
    unit = forms.ModelChoiceField(
        empty_label=PLEASE_CHOOSE, label=_("Unit"), queryset=Unit.objects.filter(is_active=True).order_by("name")
    )
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=lazy(partial(policy_help_html, include_history=False), str)(),
    )
    password2 = forms.CharField(
        label=_("Repeat password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    consent = forms.BooleanField(
        label=_("I have read the personal information notice and agree that my data is processed as it describes."),
        error_messages={"required": _("Registration needs your consent to the personal information notice.")},
    )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("This account name is already taken."))
        return username

    def clean(self) -> dict:
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1 and data.get("username"):
            try:
                validate_password(p1, User(username=data["username"], full_name=data.get("full_name", "")))
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class MembershipDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Confirm")), ("reject", _("Reject"))])
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class TokenForm(forms.Form):
    MAX_DAYS = 365

    name = forms.CharField(label=_("Name"), max_length=60)
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=TokenScope.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    expires_at = forms.DateField(
        label=_("Expires on"),
        help_text=_("At most one year from today."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expires_at"].initial = timezone.localdate() + timedelta(days=90)

    def clean_expires_at(self):
        value = self.cleaned_data["expires_at"]
        today = timezone.localdate()
        if value <= today or value > today + timedelta(days=self.MAX_DAYS):
            raise ValidationError(_("Choose a date after today and at most one year ahead."))
        return value


class UserCreateForm(forms.Form):
    username = RegistrationForm.base_fields["username"]
    full_name = forms.CharField(label=_("Full name"), max_length=50)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Mobile phone"), max_length=11, required=False, validators=[validate_mobile])
    unit = forms.ModelChoiceField(
        empty_label=PLEASE_CHOOSE, label=_("Unit"), queryset=Unit.objects.order_by("name"), required=False
    )

    def clean_username(self) -> str:
        return RegistrationForm.clean_username(self)


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = forms.ModelChoiceField(
        empty_label=PLEASE_CHOOSE, label=_("Unit"), queryset=Unit.objects.order_by("name"), required=False
    )
    recommender = forms.ModelChoiceField(
        empty_label=PLEASE_CHOOSE, label=_("Recommender"), queryset=Recommender.objects.all(), required=False
    )
    office = forms.ModelChoiceField(
        empty_label=PLEASE_CHOOSE, label=_("Office"), queryset=Office.objects.all(), required=False
    )


class SecurityPolicyForm(forms.Form):
    password_expiry_days = forms.IntegerField(label=_("Password expiry (days, 0 = never)"), min_value=0, max_value=365)

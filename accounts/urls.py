from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("otp/verify/", views.otp_verify, name="otp_verify"),
    path("register/", views.register, name="register"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path("profile/", views.profile, name="profile"),
    path("memberships/", views.memberships, name="memberships"),
    path("memberships/<int:pk>/decide/", views.membership_decide, name="membership_decide"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("users/", views.user_list, name="users"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/roles/", views.role_grant, name="role_grant"),
    path("users/<int:pk>/reset-password/", views.user_reset_password, name="user_reset_password"),
    path("users/<int:pk>/toggle-active/", views.user_toggle_active, name="user_toggle_active"),
    path("users/<int:pk>/unlock/", views.user_unlock, name="user_unlock"),
    path("roles/<int:pk>/revoke/", views.role_revoke, name="role_revoke"),
    path("security-policy/", views.security_policy, name="security_policy"),
]

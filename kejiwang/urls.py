from django.urls import include, path

from core import views as core_views
from kejiwang.api import api

urlpatterns = [
    path("", include("workbench.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("accounts/", include("accounts.urls")),
    path("audit/", include("audit.urls")),
    path("orgs/", include("orgs.urls")),
    path("notifications/", include("notifications.urls")),
    path("files/", include("attachments.urls")),
    path("plans/", include("plans.urls")),
    path("applications/", include("applications.urls")),
    path("integrity/", include("integrity.urls")),
    path("approvals/", include("approvals.urls")),
    path("experts/", include("experts.urls")),
    path("reviews/", include("reviews.urls")),
    path("party/", include("party.urls")),
    path("study/", include("study.urls")),
    path("evaluation/", include("evaluation.urls")),
    path("supervision/", include("supervision.urls")),
    path("rectification/", include("rectification.urls")),
    path("hotline/", include("hotline.urls")),
    path("surveys/", include("surveys.urls")),
    path("catalogue/", include("catalogue.urls")),
    # Public pages of the supervision and service modules live under the portal.
    path("portal/guide/", include("catalogue.public_urls")),
    path("portal/hotline/", include("hotline.public_urls")),
    path("portal/rectification/", include("rectification.public_urls")),
    path("portal/surveys/", include("surveys.public_urls")),
    path("portal/", include("portal.urls")),
    path("captcha/", include("core.captcha_urls")),
    path("", include("core.urls")),
    path("api/", api.urls),
]

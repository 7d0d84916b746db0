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
    path("portal/", include("portal.urls")),
    path("", include("core.urls")),
    path("api/", api.urls),
]

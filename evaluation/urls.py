from django.urls import path

from evaluation.views import duties, honours, members, reports, review

app_name = "evaluation"
urlpatterns = [
    path("reports/", reports.reports, name="reports"),
    path("reports/orgs/<int:pk>/", reports.report_form, name="report_form"),
    path("reports/<int:pk>/", reports.report_detail, name="report"),
    path("reports/<int:pk>/comment/", reports.report_comment_view, name="report_comment"),
    path("reviews/", review.campaigns, name="reviews"),
    path("reviews/new/<int:pk>/", review.campaign_new, name="review_new"),
    path("reviews/<int:pk>/", review.campaign, name="review"),
    path("reviews/<int:pk>/act/", review.campaign_act, name="review_act"),
    path("reviews/<int:pk>/results.xlsx", review.campaign_export, name="review_export"),
    path("members/<int:pk>/", members.branch, name="members"),
    path("members/mine/", members.mine, name="my_evaluation"),
    path("duties/", duties.duties, name="duties"),
    path("duties/new/<int:pk>/", duties.duty_list_new, name="duty_new"),
    path("duties/<int:pk>/", duties.duty_list, name="duty_list"),
    path("honours/", honours.honours, name="honours"),
]

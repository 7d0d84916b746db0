from django.urls import path

from surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_new, name="new"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/edit/", views.survey_edit, name="edit"),
    path("<int:pk>/act/", views.survey_act, name="act"),
    path("<int:pk>/questions/", views.question_new, name="question_add"),
    path("<int:pk>/questions/<int:question_id>/", views.question_act, name="question_act"),
    path("<int:pk>/recipients/", views.recipients, name="recipients"),
    path("<int:pk>/recipients/<int:recipient_id>/remove/", views.recipient_delete, name="recipient_remove"),
    path("<int:pk>/results/", views.survey_results, name="results"),
    path("<int:pk>/results.xlsx", views.survey_export, name="export"),
    path("<int:pk>/comments/", views.survey_comments, name="comments"),
    path("<int:pk>/findings/", views.survey_findings, name="findings"),
    path("<int:pk>/findings/<int:finding_id>/rectify/", views.finding_to_rectification, name="finding_rectify"),
]

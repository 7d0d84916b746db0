from django.urls import path

from supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.tasks, name="tasks"),
    path("export/", views.tasks_export, name="export"),
    path("distribution/", views.distribution_view, name="distribution"),
    path("new/", views.task_new, name="task_new"),
    path("<int:pk>/", views.task_detail, name="task"),
    path("<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("<int:pk>/subtasks/new/", views.subtask_new, name="subtask_new"),
    path("<int:pk>/act/", views.task_act, name="task_act"),
    path("<int:pk>/progress/", views.task_progress, name="task_progress"),
    path("<int:pk>/report/", views.task_report, name="task_report"),
    path("<int:pk>/evidence/", views.task_evidence, name="task_evidence"),
    path("<int:pk>/check/", views.task_check, name="task_check"),
    path("weekly/", views.weekly, name="weekly"),
    path("bulletins/", views.bulletins, name="bulletins"),
    path("bulletins/<int:pk>/", views.bulletin, name="bulletin"),
    path("policy/", views.policy_view, name="policy"),
]

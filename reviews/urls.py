from django.urls import path

from reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.rounds, name="rounds"),
    path("calls/<int:call_pk>/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("rounds/<int:pk>/assign/", views.assign_run, name="assign_run"),
    path("rounds/<int:pk>/assignments/", views.assignments, name="assignments"),
    path("rounds/<int:pk>/assignments/<int:item_pk>/", views.assignment_item, name="assignment_item"),
    path("rounds/<int:pk>/invite/", views.invite, name="invite"),
    path("rounds/<int:pk>/deadline/", views.deadline_extend, name="deadline"),
    path("rounds/<int:pk>/results/", views.results, name="results"),
    path("rounds/<int:pk>/results/publish/", views.results_publish, name="results_publish"),
    path("rounds/<int:pk>/results.xlsx", views.results_export, name="results_export"),
    path("rounds/<int:pk>/panel/new/", views.panel_new, name="panel_new"),
    path("panel/<int:pk>/", views.panel_detail, name="panel"),
    path("panel/<int:pk>/close/", views.panel_close, name="panel_close"),
    path("panel/<int:pk>/vote/", views.vote, name="vote"),
    path("withdraw/<int:pk>/", views.assignment_withdraw, name="withdraw"),
    path("reviews/<int:pk>/reopen/", views.review_reopen, name="reopen"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:pk>/", views.assignment_detail, name="assignment"),
    path("mine/<int:pk>/answer/", views.assignment_answer, name="answer"),
    path("mine/<int:pk>/conflict/", views.assignment_conflict, name="conflict"),
    path("mine/<int:pk>/files/<uuid:file_pk>/", views.assignment_file, name="file"),
    path("mine/<int:pk>/review.pdf", views.review_pdf, name="review_pdf"),
    path("feedback/<int:pk>/", views.feedback, name="feedback"),
    path("feedback/<int:pk>/comments.pdf", views.feedback_pdf, name="feedback_pdf"),
    path("applications/<int:pk>/avoid/", views.avoidances, name="avoidances"),
    path("avoid/<int:pk>/remove/", views.avoidance_remove, name="avoidance_remove"),
]

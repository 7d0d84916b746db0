from django.urls import path

from study.views import admin, member, rankings

app_name = "study"
urlpatterns = [
    path("", member.home, name="home"),
    path("cards/", member.cards, name="cards"),
    path("cards/<int:pk>/", member.card, name="card"),
    path("tests/<int:pk>/start/", member.test_start, name="test_start"),
    path("attempts/<int:pk>/", member.attempt, name="attempt"),
    path("attempts/<int:pk>/result/", member.result, name="result"),
    path("rankings/", rankings.organizations, name="rankings"),
    path("admin/", admin.overview, name="admin"),
    path("admin/cards/", admin.card_list, name="admin_cards"),
    path("admin/cards/new/", admin.card_edit, name="admin_card_new"),
    path("admin/cards/<int:pk>/", admin.card_edit, name="admin_card"),
    path("admin/questions/", admin.question_list, name="admin_questions"),
    path("admin/questions/new/", admin.question_form, name="admin_question_new"),
    path("admin/questions/<int:pk>/", admin.question_form, name="admin_question"),
    path("admin/tests/new/", admin.test_new, name="admin_test_new"),
    path("admin/tests/<int:pk>/", admin.test_results, name="admin_test"),
    path("admin/people/", rankings.people, name="admin_people"),
]

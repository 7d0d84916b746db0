from django.urls import path

from study.views import admin, center_group, member, rankings, writing

app_name = "study"
urlpatterns = [
    path("", member.home, name="home"),
    path("cards/", member.cards, name="cards"),
    path("cards/<int:pk>/", member.card, name="card"),
    path("tests/<int:pk>/start/", member.test_start, name="test_start"),
    path("attempts/<int:pk>/", member.attempt, name="attempt"),
    path("attempts/<int:pk>/result/", member.result, name="result"),
    path("rankings/", rankings.organizations, name="rankings"),
    path("notes/", writing.notes, name="notes"),
    path("notes/<int:pk>/", writing.note_edit, name="note"),
    path("exhibition/", writing.exhibition, name="exhibition"),
    path("discussions/", writing.discussions, name="discussions"),
    path("discussions/<int:pk>/", writing.discussion, name="discussion"),
    path("center-group/", center_group.overview, name="center_group"),
    path("center-group/sessions/<int:pk>/", center_group.session, name="session"),
    path("center-group/sessions/<int:pk>/circulate/", center_group.circulate, name="circulate"),
    path("admin/notes/", writing.admin_notes, name="admin_notes"),
    path("admin/notes/<int:pk>/exhibit/", writing.admin_exhibit, name="admin_exhibit"),
    path("admin/discussions/", writing.admin_discussions, name="admin_discussions"),
    path("admin/discussions/<int:pk>/", writing.admin_discussion, name="admin_discussion"),
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

"""The human check on public forms: a challenge answered once, right or wrong, from any server."""

import re

from django import forms

from core.human_check import human_check_answer, human_check_field


class _PublicForm(forms.Form):
    content = forms.CharField()
    captcha = human_check_field()


def _challenge_key() -> str:
    html = str(_PublicForm()["captcha"])
    return re.search(r'name="captcha_0" value="(\w+)"', html).group(1)


def test_the_right_answer_passes_once(db):
    key = _challenge_key()
    answer = human_check_answer(key)
    data = {"content": "咨询", "captcha_0": key, "captcha_1": answer}
    assert _PublicForm(data=data).is_valid()
    replay = _PublicForm(data=data)
    assert not replay.is_valid()  # the challenge was used up by the first check
    assert list(replay.errors) == ["captcha"]


def test_a_wrong_answer_is_refused_at_the_field_and_uses_up_the_challenge(db):
    key = _challenge_key()
    answer = human_check_answer(key)
    wrong = _PublicForm(data={"content": "咨询", "captcha_0": key, "captcha_1": str(int(answer) + 1)})
    assert not wrong.is_valid()
    assert list(wrong.errors) == ["captcha"]
    again = _PublicForm(data={"content": "咨询", "captcha_0": key, "captcha_1": answer})
    assert not again.is_valid()  # no second try at the same picture


def test_the_picture_is_served_to_anyone(client, db):
    key = _challenge_key()
    response = client.get(f"/captcha/image/{key}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"

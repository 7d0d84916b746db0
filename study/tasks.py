"""Background work of party study: the daily push of cards and closing attempts out of time."""

from django_tasks import task


@task()
def study_sweep() -> dict:
    from study.cards import cards_push
    from study.exams import attempts_expire

    return {"pushed": cards_push(), "expired": attempts_expire()}

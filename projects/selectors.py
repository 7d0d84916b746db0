"""Reads about projects."""

from projects.models import Project, ProjectStatus


def active_projects_of(person) -> int:
    """How many projects the person leads that are still in progress (限项: active projects per PI)."""
    return Project.objects.filter(pi=person, status=ProjectStatus.ACTIVE).count()

"""Exceptions shared by every module's services."""


class EditConflict(Exception):
    """The record changed in another tab or session since this one loaded it (optimistic lock)."""

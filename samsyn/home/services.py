"""Writes of the start floor: a person's reminder settings (the one record kind it keeps that
a page edits)."""

from typing import Any

from django.core.exceptions import PermissionDenied

from samsyn.associations.writes import Actor, Saved, require_own, save_row
from samsyn.home.models import ReminderPreference


def save_reminder_preference(actor: Actor, preference: ReminderPreference, *,
                             version: int | None = None, **options: Any) -> Saved:
    """Only the person themselves chooses their reminders."""
    require_own(actor, preference.membership.association_id)
    if actor.user is not None and preference.membership.user_id != actor.user.pk:
        raise PermissionDenied
    return save_row(actor, preference, version=version, **options)

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from samsyn.catalog import search
from samsyn.interventions.models import Intervention, TargetGroup


@receiver(post_save, sender=Intervention)
def index_saved(sender: Any, instance: Intervention, **kwargs: Any) -> None:
    search.index(instance)


@receiver(post_delete, sender=Intervention)
def index_deleted(sender: Any, instance: Intervention, **kwargs: Any) -> None:
    search.unindex(instance.pk)


@receiver(m2m_changed, sender=Intervention.target_groups.through)
def index_groups(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, Intervention) and kwargs.get("action", "").startswith("post_"):
        search.index(instance)


@receiver(post_save, sender=TargetGroup)
def index_group_changed(sender: Any, instance: TargetGroup, **kwargs: Any) -> None:
    # A target group's name and description are part of each of its insatser's search text.
    for intervention in instance.interventions.filter(public=True):
        search.index(intervention)

"""Any saved participation or count makes the förbund's cached figures stale.

Only saves are caught here: a delete receiver would make Django fetch every row of a bulk
delete (retention) before deleting it, so the services that delete call
queries.records_changed themselves, as must any bulk write (bulk_create, COPY, update()).
"""

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from samsyn.participants.models import MonthlyCount, Participation, ReducedParticipation
from samsyn.participants.queries import intervention_changed


@receiver(post_save, sender=Participation)
@receiver(post_save, sender=MonthlyCount)
@receiver(post_save, sender=ReducedParticipation)
def records_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    intervention_changed(instance.intervention_id)

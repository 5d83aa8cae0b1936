"""Opening the finance settings writes nothing: the page made the förbund's settings row on a
GET, outside the one write path (no audit entry, no data version; found by redteam7 as a row
that appeared while only reading roles posted). The first save makes it, logged."""

from django.urls import reverse

from samsyn.audit.models import AuditEntry
from samsyn.finance.models import FinanceSettings


def test_opening_the_finance_settings_writes_nothing(alfa, login):
    FinanceSettings.objects.filter(association=alfa.association).delete()
    office = login(alfa.users["office"])
    audit = AuditEntry.objects.count()
    response = office.get(reverse("finance_settings_edit", args=["alfa"]))
    assert response.status_code == 200
    assert not FinanceSettings.objects.filter(association=alfa.association).exists()
    assert AuditEntry.objects.count() == audit


def test_the_first_save_of_the_finance_settings_makes_them_and_logs_it(alfa, login):
    FinanceSettings.objects.filter(association=alfa.association).delete()
    office = login(alfa.users["office"])
    response = office.post(reverse("finance_settings_edit", args=["alfa"]),
                           {"esf_presentation": "net", "account_plan": "bas"})
    assert response.status_code == 302
    settings = FinanceSettings.objects.get(association=alfa.association)
    assert settings.esf_presentation == "net"
    assert AuditEntry.objects.filter(object_type="finance.FinanceSettings",
                                     action="save").exists()

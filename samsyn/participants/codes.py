"""The national code lists (DESIGN.md, Code lists), with the Swedish labels files may use."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    WOMAN = "kvinna", _("Woman")
    MAN = "man", _("Man")
    NOT_STATED = "ej_angett", _("Not stated")


class Referrer(models.TextChoices):
    AF = "af", _("Arbetsförmedlingen")
    FK = "fk", _("Försäkringskassan")
    KOMMUN = "kommun", _("Municipality")
    REGION = "region", _("Region (health care)")
    SELF = "egen", _("Self-referral")
    OTHER = "annat", _("Other")


class ExitReason(models.TextChoices):
    WORK = "arbete", _("Work")
    STUDIES = "studier", _("Studies")
    AF_PROGRAMME = "ordinarie_af", _("Work-oriented programme at Arbetsförmedlingen")
    KOMMUN_PROGRAMME = "ordinarie_kommun", _("Work-oriented programme in the municipality")
    OTHER_INTERVENTION = "annan_insats", _("Another intervention of the förbund")
    REHABILITATION = "fortsatt_rehab", _("Continued rehabilitation")
    ILLNESS = "sjukdom", _("Illness")
    OTHER = "ovrigt", _("Other (moved, parental leave, unknown)")


class Support(models.TextChoices):
    SOCIAL_ASSISTANCE = "forsorjningsstod", _("Social assistance")
    SICKNESS_BENEFIT = "sjukpenning_rehab", _("Sickness or rehabilitation benefit")
    ACTIVITY_COMPENSATION = "aktivitetsersattning", _("Activity compensation")
    SICKNESS_COMPENSATION = "sjukersattning", _("Sickness compensation")
    ACTIVITY_SUPPORT = "aktivitetsstod", _("Activity support")
    UNEMPLOYMENT = "a_kassa", _("Unemployment insurance")
    ESTABLISHMENT = "etableringsersattning", _("Establishment allowance")
    SALARY = "lon", _("Salary")
    NONE = "ingen", _("None")
    OTHER = "annan", _("Other")


class Occupation(models.TextChoices):
    """Sysselsättning at start, at exit and at follow-up, as SUS asked for it."""

    WORK = "arbete", _("Work")
    STUDIES = "studier", _("Studies")
    JOB_SEEKING = "arbetssokande", _("Job-seeking")
    NONE = "ingen", _("No occupation")
    OTHER = "annan", _("Other")


class SupportTime(models.TextChoices):
    UNDER_1 = "<1", _("Less than 1 year")
    Y1_3 = "1-3", _("1–3 years")
    Y3_5 = "3-5", _("3–5 years")
    Y5_9 = "5-9", _("5–9 years")
    Y9 = "9+", _("9 years or more")


AGE_GROUPS = (("16-18", 16, 18), ("19-24", 19, 24), ("25-29", 25, 29), ("30-64", 30, 64),
              ("65-66", 65, 66))

# What people write in spreadsheets, lower-cased, for each code. Swedish and English labels,
# and the codes themselves, are accepted.
SYNONYMS: dict[str, dict[str, str]] = {
    "gender": {"kvinna": "kvinna", "k": "kvinna", "woman": "kvinna", "female": "kvinna",
               "man": "man", "m": "man", "male": "man",
               "ej angett": "ej_angett", "ej_angett": "ej_angett", "not stated": "ej_angett",
               "okänt": "ej_angett", "annat": "ej_angett", "": "ej_angett"},
    "referrer": {"af": "af", "arbetsförmedlingen": "af", "fk": "fk",
                 "försäkringskassan": "fk", "kommun": "kommun", "kommunen": "kommun",
                 "socialtjänsten": "kommun", "region": "region", "regionen": "region",
                 "vården": "region", "hälso- och sjukvården": "region", "egen": "egen",
                 "egen anmälan": "egen", "annat": "annat", "annan": "annat"},
    "exit_reason": {"arbete": "arbete", "studier": "studier",
                    "ordinarie_af": "ordinarie_af", "ordinarie insats af": "ordinarie_af",
                    "arbetsförmedlingen": "ordinarie_af",
                    "ordinarie_kommun": "ordinarie_kommun",
                    "ordinarie insats kommun": "ordinarie_kommun",
                    "annan_insats": "annan_insats", "annan insats": "annan_insats",
                    "fortsatt_rehab": "fortsatt_rehab", "fortsatt rehabilitering": "fortsatt_rehab",
                    "forts. rehab": "fortsatt_rehab", "sjukdom": "sjukdom",
                    "ovrigt": "ovrigt", "övrigt": "ovrigt"},
    "support_at_start": {c.value: c.value for c in Support} | {
        "försörjningsstöd": "forsorjningsstod", "ekonomiskt bistånd": "forsorjningsstod",
        "sjukpenning": "sjukpenning_rehab", "rehabiliteringspenning": "sjukpenning_rehab",
        "aktivitetsersättning": "aktivitetsersattning", "sjukersättning": "sjukersattning",
        "aktivitetsstöd": "aktivitetsstod", "a-kassa": "a_kassa",
        "etableringsersättning": "etableringsersattning", "lön": "lon", "": ""},
}


def age_group(birth_year: int, on_year: int) -> str:
    age = on_year - birth_year
    for label, low, high in AGE_GROUPS:
        if low <= age <= high:
            return label
    return "other"

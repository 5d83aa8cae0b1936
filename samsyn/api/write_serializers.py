"""What a case system or a script sends to write: validated here, saved by samsyn.api.writes."""


from rest_framework import serializers

from samsyn.finance.categories import Category, Scenario
from samsyn.participants.codes import ExitReason, Gender, Occupation, Support, SupportTime
from samsyn.web.years import FIRST_YEAR, LAST_YEAR


class ParticipationWriteSerializer(serializers.Serializer):
    """One participation. `participant` (a personnummer or a local code) is turned into a
    pseudonym at once and never stored; with `start_date` it identifies the participation."""

    version = serializers.IntegerField(
        required=False, min_value=0, write_only=True,
        help_text="the version of the stored participation as read; refused (409 conflict) "
                  "if it has changed since")
    participant = serializers.CharField(
        max_length=40, write_only=True,
        help_text="personnummer or local code; hashed at once, never stored")
    gender = serializers.ChoiceField(choices=Gender.choices)
    birth_year = serializers.IntegerField(min_value=1900, max_value=2100)
    municipality = serializers.CharField(max_length=100, required=False, allow_blank=True,
                                         help_text="a member kommun's name")
    referrer = serializers.CharField(
        max_length=40, help_text="a national referrer code or one of the förbund's own")
    start_date = serializers.DateField()
    support_at_start = serializers.ChoiceField(choices=Support.choices, allow_blank=True,
        required=False)
    support_time = serializers.ChoiceField(choices=SupportTime.choices, allow_blank=True,
        required=False)
    occupation_at_start = serializers.ChoiceField(choices=Occupation.choices, allow_blank=True,
                                                  required=False)
    consent_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    exit_reason = serializers.ChoiceField(choices=ExitReason.choices, allow_blank=True,
        required=False)
    occupation_at_exit = serializers.ChoiceField(choices=Occupation.choices, allow_blank=True,
                                                 required=False)
    support_at_exit = serializers.ChoiceField(choices=Support.choices, allow_blank=True,
        required=False)
    followup_date = serializers.DateField(required=False, allow_null=True)
    followup_occupation = serializers.ChoiceField(choices=Occupation.choices, allow_blank=True,
                                                  required=False)
    followup_support = serializers.ChoiceField(choices=Support.choices, allow_blank=True,
        required=False)


class ParticipationPatchSerializer(ParticipationWriteSerializer):
    """A change of a known participation (ending it: end_date and exit_reason)."""

    participant = None


class BudgetLineWriteSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, min_value=0, write_only=True,
        help_text="for a change: the line's version as read; refused (409 conflict) if it "
                  "has changed since")
    year = serializers.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR)
    scenario = serializers.ChoiceField(choices=Scenario.choices)
    category = serializers.ChoiceField(choices=Category.choices)
    intervention = serializers.CharField(max_length=80, required=False, allow_null=True,
                                         allow_blank=True, help_text="an insats' short name")
    member = serializers.CharField(max_length=200, required=False, allow_null=True,
                                   allow_blank=True,
                                   help_text="for contributions: the paying member's name")
    label = serializers.CharField(max_length=200, required=False, allow_blank=True)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    reason = serializers.CharField(
        max_length=300, required=False, allow_blank=True, write_only=True,
        help_text="an administrator's reason for a change in a signed-off year")

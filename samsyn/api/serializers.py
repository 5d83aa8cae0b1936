from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from samsyn.associations.models import Member, Population
from samsyn.finance.models import BudgetLine, SieImport
from samsyn.interventions.models import Activity, FocusArea, Goal, Intervention, PlanGoal, PlanYear
from samsyn.participants.models import Participation


class PopulationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Population
        fields = ["date", "count"]


class MemberSerializer(serializers.ModelSerializer):
    populations = PopulationSerializer(many=True, read_only=True)

    class Meta:
        model = Member
        fields = ["id", "name", "kind", "pays", "populations"]


class GoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Goal
        fields = ["id", "name", "metric", "target", "unit", "comparison", "year"]


class InterventionSerializer(serializers.ModelSerializer):
    run_by = serializers.SlugRelatedField(slug_field="name", read_only=True, allow_null=True)
    municipalities = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    target_groups = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    goals = GoalSerializer(many=True, read_only=True)
    # Codes of samsyn/interventions/codes/malgrupp.toml (docs/uppfoljning-finsam.md).
    target_group_codes = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Intervention
        fields = ["slug", "name", "kind", "start", "end", "run_by", "municipalities",
                  "target_groups", "esf_funded", "target_group_text", "followup_method",
                  "precise_orientation", "esf_programme", "target_group_codes",
                  "budgeted_participants", "aggregate_only", "public",
                  # A project's financing from outside the förbund, as the plan prints it.
                  "external_financier", "external_amount", "external_start", "external_end",
                  "goals"]


class ActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Activity
        fields = ["id", "name"]


class PlanGoalSerializer(serializers.ModelSerializer):
    activities = ActivitySerializer(many=True, read_only=True)

    class Meta:
        model = PlanGoal
        fields = ["id", "name", "activities"]


class FocusAreaSerializer(serializers.ModelSerializer):
    goals = PlanGoalSerializer(many=True, read_only=True)
    # The area's activities under none of its goals (001 lists them beside the goals); an
    # activity under a goal is in that goal's "activities".
    activities = serializers.SerializerMethodField()

    class Meta:
        model = FocusArea
        fields = ["id", "name", "goals", "activities"]

    @extend_schema_field(ActivitySerializer(many=True))
    def get_activities(self, area: FocusArea) -> list[dict[str, Any]]:
        own = [a for a in area.activities.all() if a.goal_id is None]
        return list(ActivitySerializer(own, many=True).data)


class PlanSerializer(serializers.ModelSerializer):
    focus_areas = FocusAreaSerializer(many=True, read_only=True)

    class Meta:
        model = PlanYear
        fields = ["year", "title", "decided", "describes_interventions", "focus_areas"]


class BudgetLineSerializer(serializers.ModelSerializer):
    intervention = serializers.SlugRelatedField(slug_field="slug", read_only=True,
                                                allow_null=True)
    member = serializers.SlugRelatedField(slug_field="name", read_only=True, allow_null=True)

    class Meta:
        model = BudgetLine
        fields = ["id", "year", "scenario", "category", "intervention", "member", "label",
                  "amount", "version"]


class SieImportSerializer(serializers.ModelSerializer):
    class Meta:
        model = SieImport
        fields = ["id", "year", "start", "end", "filename", "program", "company", "vouchers",
                  "unbalanced_accepted", "imported_at"]


class ParticipationSerializer(serializers.ModelSerializer):
    intervention = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    participant = serializers.CharField(source="participant.short", read_only=True)
    municipality = serializers.SlugRelatedField(slug_field="name", read_only=True,
                                                allow_null=True)

    class Meta:
        model = Participation
        fields = ["id", "intervention", "participant", "gender", "birth_year", "municipality",
                  "referrer", "referrer_category", "start_date", "support_at_start",
                  "support_time", "occupation_at_start", "consent_date", "end_date",
                  "exit_reason", "occupation_at_exit", "support_at_exit", "followup_date",
                  "followup_occupation", "followup_support", "version"]


class CatalogEntrySerializer(serializers.ModelSerializer):
    association = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    municipalities = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    target_groups = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = Intervention
        fields = ["association", "slug", "name", "kind", "start", "end", "catalog_offers",
                  "catalog_audience", "catalog_referral", "catalog_contact", "municipalities",
                  "target_groups"]

import datetime as dt
import hashlib
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samsyn.associations import versions
from samsyn.associations.access import Access, association_view
from samsyn.associations.editing import (
    LATE_REASON,
    add_refusal,
    asks_reason,
    confirm_delete,
    reason_field,
    save_form,
)
from samsyn.associations.writes import Actor
from samsyn.associations.years import chosen_year, years_with_data
from samsyn.interventions import codelists, services
from samsyn.interventions.forms import (
    ActivityForm,
    CommentForm,
    FocusAreaForm,
    FollowUpForm,
    GoalForm,
    InterventionForm,
    PlanGoalForm,
    PlanYearForm,
    TargetGroupForm,
)
from samsyn.interventions.models import (
    Activity,
    FocusArea,
    FollowUp,
    Goal,
    Intervention,
    PlanGoal,
    PlanYear,
    TargetGroup,
    running_in,
)
from samsyn.interventions.plan_tree import plan_tree
from samsyn.interventions.results import goal_fulfilment
from samsyn.interventions.services import FollowUpConflict, record_follow_up

# The parts of the förbund's data the insats page's plan pieces read: the insats, its goals
# and target groups (the plan's rows); decided reports and signed-off periods (the reports').
PLAN_AND_REPORTS = ("plan", "reports")


def _ctx(access: Access, **extra: object) -> dict[str, object]:
    return {"access": access, "association": access.association, **extra}


# Target groups


def _groups_url(access: Access) -> str:
    return reverse("target_group_list", args=[access.association.slug])


def _target_group(access: Access, target_group_id: int) -> TargetGroup:
    return get_object_or_404(TargetGroup, association=access.association, pk=target_group_id)


@association_view()
def target_group_list(request: HttpRequest, access: Access) -> HttpResponse:
    groups = access.association.target_groups.annotate(n_interventions=Count("interventions"))
    return render(request, "interventions/target_group_list.html", _ctx(access, groups=groups))


@association_view(edit=True)
def target_group_create(request: HttpRequest, access: Access) -> HttpResponse:
    form = TargetGroupForm(request.POST or None,
                           instance=TargetGroup(association=access.association))
    return save_form(request, access, form, title=_("New target group"),
                     cancel_url=_groups_url(access), success_url=_groups_url(access),
                     save=services.save_target_group)


@association_view(edit=True)
def target_group_edit(request: HttpRequest, access: Access, target_group_id: int) -> HttpResponse:
    form = TargetGroupForm(request.POST or None, instance=_target_group(access, target_group_id))
    return save_form(request, access, form, title=_("Edit target group"),
                     cancel_url=_groups_url(access), success_url=_groups_url(access),
                     save=services.save_target_group)


@association_view(edit=True)
def target_group_delete(
    request: HttpRequest, access: Access, target_group_id: int
) -> HttpResponse:
    return confirm_delete(request, access, _target_group(access, target_group_id),
                          cancel_url=_groups_url(access), success_url=_groups_url(access))


# Interventions


def _intervention(access: Access, intervention_slug: str) -> Intervention:
    return get_object_or_404(access.interventions().select_related("run_by"),
                             slug=intervention_slug)


def _intervention_url(access: Access, intervention: Intervention) -> str:
    return reverse("intervention_detail", args=[access.association.slug, intervention.slug])


def list_interventions(qs: QuerySet[Any], status: str, today: dt.date) -> QuerySet[Any]:
    """Running insatser first, then ended ones, each by name; `status` keeps one kind."""
    running = Q(end__isnull=True) | Q(end__gte=today)
    if status == "active":
        qs = qs.filter(running)
    elif status == "ended":
        qs = qs.exclude(running)
    return (qs.select_related("run_by").prefetch_related("municipalities", "target_groups")
            .annotate(n_goals=Count("goals"),
                      running=Case(When(running, then=Value(True)), default=Value(False),
                                   output_field=BooleanField()))
            .order_by("-running", "name"))


@association_view()
def intervention_list(request: HttpRequest, access: Access) -> HttpResponse:
    status = request.GET.get("status", "")
    interventions: Any = list_interventions(access.interventions(), status,
                                            timezone.localdate())
    if status == "unclassified":
        # What the national form asks and Samsyn has no answer to yet: read from the code
        # lists (data), so filtered here rather than in SQL.
        interventions = [i for i in interventions if i.to_classify]
    return render(request, "interventions/intervention_list.html",
                  _ctx(access, interventions=interventions, status=status))


@association_view(edit=True)
def intervention_create(request: HttpRequest, access: Access) -> HttpResponse:
    form = InterventionForm(request.POST or None, association=access.association,
                            instance=Intervention(association=access.association))
    return save_form(request, access, form, title=_("New intervention"),
                     cancel_url=reverse("intervention_list", args=[access.association.slug]),
                     success_url=lambda obj: _intervention_url(access, obj),
                     save=services.save_intervention)


@association_view()
def intervention_detail(
    request: HttpRequest, access: Access, intervention_slug: str
) -> HttpResponse:
    intervention = _intervention(access, intervention_slug)
    year = chosen_year(request, access.association)
    # Computed again only after a write to the förbund (versions.py).
    key, page = versions.keyed_page_data(access, "intervention", (intervention.pk, year), lambda: {
        **_plan_of(access, intervention),
        "years": years_with_data(access.association),
        "goal_results": goal_fulfilment(access, intervention, year),
    })
    return render(request, "interventions/intervention_detail.html", _ctx(
        access, intervention=intervention, year=year, **page, page_key=key))


def _plan_of(access: Access, intervention: Intervention) -> dict[str, Any]:
    """What the insats page shows of the plan and of the reports, kept under those two parts'
    tokens (the förbund's own settings, such as its kommuner, move every token): a
    participation saved builds the page again from these, not from five statements
    (docs/benchmarks.md round 31). The insats's own dates and classification are in
    the key with the language the sentences are in."""
    what = repr((intervention.pk, intervention.start, intervention.end,
                 intervention.classification, translation.get_language()))
    found: dict[str, Any] = versions.kept(
        access.association,
        f"insats-page-plan:{hashlib.sha256(what.encode()).hexdigest()[:24]}",
        lambda: {
            "goals": list(intervention.goals.all()),
            "municipalities": list(intervention.municipalities.all()),
            "target_groups": list(intervention.target_groups.all()),
            "classification": codelists.shown(intervention.classification),
            "locked_by": services.reported_in(intervention),
        },
        parts=PLAN_AND_REPORTS)
    return found


@association_view(edit=True)
def intervention_edit(request: HttpRequest, access: Access, intervention_slug: str) -> HttpResponse:
    intervention = _intervention(access, intervention_slug)
    form = InterventionForm(request.POST or None, association=access.association,
                            instance=intervention)
    url = _intervention_url(access, intervention)
    return save_form(request, access, form, title=_("Edit intervention"), cancel_url=url,
                     success_url=url,
                     save=services.save_intervention)


@association_view(edit=True)
def intervention_delete(
    request: HttpRequest, access: Access, intervention_slug: str
) -> HttpResponse:
    intervention = _intervention(access, intervention_slug)
    return confirm_delete(
        request, access, intervention, cancel_url=_intervention_url(access, intervention),
        success_url=reverse("intervention_list", args=[access.association.slug]),
    )


@association_view(edit=True)
def goal_create(request: HttpRequest, access: Access, intervention_slug: str) -> HttpResponse:
    intervention = _intervention(access, intervention_slug)
    form = GoalForm(request.POST or None, instance=Goal(intervention=intervention))
    url = _intervention_url(access, intervention)
    return save_form(request, access, form, title=_("New goal"), cancel_url=url, success_url=url,
                     save=services.save_goal)


def _goal(access: Access, intervention_slug: str, goal_id: int) -> Goal:
    return get_object_or_404(
        Goal.objects.select_related("intervention"),
        intervention__in=access.interventions(), intervention__slug=intervention_slug,
        pk=goal_id,
    )


@association_view(edit=True)
def goal_edit(
    request: HttpRequest, access: Access, intervention_slug: str, goal_id: int
) -> HttpResponse:
    goal = _goal(access, intervention_slug, goal_id)
    form = GoalForm(request.POST or None, instance=goal)
    url = _intervention_url(access, goal.intervention)
    return save_form(request, access, form, title=_("Edit goal"), cancel_url=url, success_url=url,
                     save=services.save_goal)


@association_view(edit=True)
def goal_delete(
    request: HttpRequest, access: Access, intervention_slug: str, goal_id: int
) -> HttpResponse:
    goal = _goal(access, intervention_slug, goal_id)
    url = _intervention_url(access, goal.intervention)
    return confirm_delete(request, access, goal, cancel_url=url, success_url=url,
                          remove=services.delete_goal)


# The year plan: målområden -> mål -> aktiviteter


def _plan(access: Access, year: int) -> PlanYear:
    return get_object_or_404(PlanYear, association=access.association, year=year)


def _plan_url(access: Access, plan: PlanYear) -> str:
    return reverse("plan_detail", args=[access.association.slug, plan.year])


@association_view()
def plan_list(request: HttpRequest, access: Access) -> HttpResponse:
    plans = PlanYear.objects.filter(association=access.association).annotate(
        n_areas=Count("focus_areas", distinct=True)
    )
    return render(request, "interventions/plan_list.html", _ctx(access, plans=plans))


@association_view(edit=True)
def plan_create(request: HttpRequest, access: Access) -> HttpResponse:
    form = PlanYearForm(request.POST or None, instance=PlanYear(association=access.association))
    return save_form(request, access, form, title=_("New business plan"),
                     cancel_url=reverse("plan_list", args=[access.association.slug]),
                     success_url=lambda plan: _plan_url(access, plan),
                     save=services.save_plan_year)


@association_view()
def plan_detail(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    """The plan as a tree, each goal and activity with the light of its latest follow-up."""
    plan = _plan(access, year)
    interventions = running_in(access.interventions(), plan.year).prefetch_related(
        "target_groups", "goals"
    )
    return render(request, "interventions/plan_detail.html", _ctx(
        access, plan=plan, tree=plan_tree(plan, timezone.localdate()),
        interventions=interventions,
        next_year_taken=PlanYear.objects.filter(association=access.association,
                                                year=plan.year + 1).exists()))


@association_view(edit=True)
def plan_copy(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    """Copy this plan to the year after, with one confirmation (services.copy_plan)."""
    plan = _plan(access, year)
    target = plan.year + 1
    taken = PlanYear.objects.filter(association=access.association, year=target).exists()
    refusal = ""
    if request.method == "POST":
        try:
            new = services.copy_plan(Actor.of(access, request), plan, target)
        except ValidationError as exc:
            refusal = " ".join(exc.messages)
        else:
            messages.success(request, _("The plan for %(year)s is made from the plan for "
                                        "%(source)s. Follow it up and change it here.")
                             % {"year": target, "source": plan.year})
            return redirect(_plan_url(access, new))
    elif taken:
        refusal = _("There is already a business plan for %(year)s. Open it and change it "
                    "there, or remove it first.") % {"year": target}
    counts = {"areas": plan.focus_areas.count(),
              "goals": PlanGoal.objects.filter(focus_area__plan=plan).count(),
              "activities": Activity.objects.filter(focus_area__plan=plan).count()}
    return render(request, "interventions/plan_copy.html", _ctx(
        access, plan=plan, target=target, refusal=refusal, counts=counts,
        target_url=(reverse("plan_detail", args=[access.association.slug, target])
                    if taken else "")), status=409 if refusal and request.method == "POST"
        else 200)


@association_view(edit=True)
def plan_edit(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    plan = _plan(access, year)
    form = PlanYearForm(request.POST or None, instance=plan)
    return save_form(request, access, form, title=_("Edit business plan"),
                     cancel_url=_plan_url(access, plan),
                     success_url=lambda obj: _plan_url(access, obj),
                     save=services.save_plan_year)


@association_view(edit=True)
def plan_delete(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    plan = _plan(access, year)
    return confirm_delete(request, access, plan, cancel_url=_plan_url(access, plan),
                          success_url=reverse("plan_list", args=[access.association.slug]),
                          remove=services.delete_plan_row)


@association_view(edit=True)
def focus_area_create(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    plan = _plan(access, year)
    form = FocusAreaForm(request.POST or None,
                         instance=FocusArea(plan=plan, order=plan.focus_areas.count()))
    url = _plan_url(access, plan)
    return save_form(request, access, form, title=_("New focus area"), cancel_url=url,
                     success_url=url,
                     save=services.save_focus_area)


def _focus_area(access: Access, year: int, focus_area_id: int) -> FocusArea:
    return get_object_or_404(
        FocusArea.objects.select_related("plan"), plan__association=access.association,
        plan__year=year, pk=focus_area_id,
    )


@association_view(edit=True)
def focus_area_edit(
    request: HttpRequest, access: Access, year: int, focus_area_id: int
) -> HttpResponse:
    area = _focus_area(access, year, focus_area_id)
    form = FocusAreaForm(request.POST or None, instance=area)
    url = _plan_url(access, area.plan)
    return save_form(request, access, form, title=_("Edit focus area"), cancel_url=url,
                     success_url=url,
                     save=services.save_focus_area)


@association_view(edit=True)
def focus_area_delete(
    request: HttpRequest, access: Access, year: int, focus_area_id: int
) -> HttpResponse:
    area = _focus_area(access, year, focus_area_id)
    url = _plan_url(access, area.plan)
    return confirm_delete(request, access, area, cancel_url=url, success_url=url,
                          remove=services.delete_plan_row)


@association_view(edit=True)
def plan_goal_create(
    request: HttpRequest, access: Access, year: int, focus_area_id: int
) -> HttpResponse:
    area = _focus_area(access, year, focus_area_id)
    form = PlanGoalForm(request.POST or None,
                        instance=PlanGoal(focus_area=area, order=area.goals.count()))
    url = _plan_url(access, area.plan)
    return save_form(request, access, form, title=_("New goal"), cancel_url=url,
                     success_url=url,
                     save=services.save_plan_goal)


def _plan_goal(access: Access, year: int, plan_goal_id: int) -> PlanGoal:
    return get_object_or_404(
        PlanGoal.objects.select_related("focus_area__plan"),
        focus_area__plan__association=access.association, focus_area__plan__year=year,
        pk=plan_goal_id,
    )


@association_view(edit=True)
def plan_goal_edit(
    request: HttpRequest, access: Access, year: int, plan_goal_id: int
) -> HttpResponse:
    goal = _plan_goal(access, year, plan_goal_id)
    form = PlanGoalForm(request.POST or None, instance=goal)
    url = _plan_url(access, goal.focus_area.plan)
    return save_form(request, access, form, title=_("Edit goal"), cancel_url=url, success_url=url,
                     save=services.save_plan_goal)


@association_view(edit=True)
def plan_goal_delete(
    request: HttpRequest, access: Access, year: int, plan_goal_id: int
) -> HttpResponse:
    goal = _plan_goal(access, year, plan_goal_id)
    url = _plan_url(access, goal.focus_area.plan)
    return confirm_delete(request, access, goal, cancel_url=url, success_url=url,
                          remove=services.delete_plan_row)


@association_view(edit=True)
def activity_create(
    request: HttpRequest, access: Access, year: int, plan_goal_id: int
) -> HttpResponse:
    goal = _plan_goal(access, year, plan_goal_id)
    form = ActivityForm(request.POST or None, association=access.association,
                        instance=Activity(focus_area=goal.focus_area, goal=goal,
                                          order=goal.activities.count()))
    url = _plan_url(access, goal.focus_area.plan)
    return save_form(request, access, form, title=_("New activity"), cancel_url=url,
                     success_url=url,
                     save=services.save_activity)


@association_view(edit=True)
def area_activity_create(
    request: HttpRequest, access: Access, year: int, focus_area_id: int
) -> HttpResponse:
    """An activity of the focus area as a whole, under none of its goals (as 001 lists
    them); the form may still tie it to one."""
    area = _focus_area(access, year, focus_area_id)
    form = ActivityForm(request.POST or None, association=access.association,
                        instance=Activity(focus_area=area,
                                          order=area.activities.filter(goal=None).count()))
    url = _plan_url(access, area.plan)
    return save_form(request, access, form, title=_("New activity"), cancel_url=url,
                     success_url=url,
                     save=services.save_activity)


def _activity(access: Access, year: int, activity_id: int) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related("focus_area__plan", "goal", "responsible__user"),
        focus_area__plan__association=access.association,
        focus_area__plan__year=year, pk=activity_id,
    )


@association_view(edit=True)
def activity_edit(
    request: HttpRequest, access: Access, year: int, activity_id: int
) -> HttpResponse:
    activity = _activity(access, year, activity_id)
    form = ActivityForm(request.POST or None, association=access.association,
                        instance=activity)
    url = _plan_url(access, activity.focus_area.plan)
    return save_form(request, access, form, title=_("Edit activity"), cancel_url=url,
                     success_url=url,
                     save=services.save_activity)


@association_view(edit=True)
def activity_delete(
    request: HttpRequest, access: Access, year: int, activity_id: int
) -> HttpResponse:
    activity = _activity(access, year, activity_id)
    url = _plan_url(access, activity.focus_area.plan)
    return confirm_delete(request, access, activity, cancel_url=url, success_url=url,
                          remove=services.delete_plan_row)


@association_view()
def plan_follow_up(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    """Every goal and activity of the plan with its status at the end of a half-year.

    `?half=1` is January–June, `?half=2` the whole year."""
    raw = request.GET.get("half", "1")
    if raw not in ("1", "2"):
        raise Http404
    half = int(raw)
    plan = _plan(access, year)
    goals = list(PlanGoal.objects.filter(focus_area__plan=plan)
                 .select_related("focus_area").order_by("focus_area__order", "focus_area_id",
                                                        "order", "id"))
    activities = list(Activity.objects.filter(focus_area__plan=plan)
                      .order_by("focus_area__order", "focus_area_id", "order", "id"))
    targets: list[tuple[str, PlanGoal | Activity]] = []
    # Area by area: each goal with its activities, then the area's activities under no goal,
    # which are followed up on their own.
    for area in plan.focus_areas.all():
        for goal in (g for g in goals if g.focus_area_id == area.pk):
            targets.append((f"g{goal.pk}", goal))
            targets.extend((f"a{a.pk}", a) for a in activities if a.goal_id == goal.pk)
        targets.extend((f"a{a.pk}", a) for a in activities
                       if a.focus_area_id == area.pk and a.goal_id is None)
    kept = {f"g{f.plan_goal_id}" if f.plan_goal_id else f"a{f.activity_id}": f
            for f in FollowUp.objects.filter(half=half).filter(
                Q(plan_goal__in=goals) | Q(activity__in=activities))}
    editable = access.can_edit
    form = FollowUpForm(request.POST if request.method == "POST" and editable else None,
                        targets=targets, kept=kept)
    if asks_reason(access, request.user, record_follow_up):
        form.fields[LATE_REASON] = reason_field()
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                record_follow_up(half, form.rows(), actor=Actor.of(access, request),
                                 seen=form.seen_rows(),
                                 reason=form.cleaned_data.get(LATE_REASON))
            except FollowUpConflict as refused:
                kept = {f"g{f.plan_goal_id}" if f.plan_goal_id else f"a{f.activity_id}": f
                        for f in FollowUp.objects.filter(half=half).filter(
                            Q(plan_goal__in=goals) | Q(activity__in=activities))}
                return render(request, "interventions/plan_follow_up.html",
                              _ctx(access, plan=plan, half=half, editable=editable,
                                   form=form.rebased(kept, refused)), status=409)
            except ValidationError as locked:  # a signed-off period: what was typed stays
                add_refusal(form, locked)
                return render(request, "interventions/plan_follow_up.html",
                              _ctx(access, plan=plan, half=half, form=form, editable=editable))
            messages.success(request, _("The follow-up is kept."))
            return redirect(f"{request.path}?half={half}")
    return render(request, "interventions/plan_follow_up.html",
                  _ctx(access, plan=plan, half=half, form=form, editable=editable))


# Comments: kept with who and when, never edited


def _comments_page(request: HttpRequest, access: Access, target: PlanGoal | Activity,
                   may_write: bool) -> HttpResponse:
    plan = services.plan_of(target)
    form = CommentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.add_comment(Actor.of(access, request), target,
                                     form.cleaned_data["text"])
            except ValidationError as exc:
                add_refusal(form, exc)
            else:
                messages.success(request, _("The comment is kept."))
                return redirect(request.path)
    return render(request, "interventions/plan_comments.html", _ctx(
        access, plan=plan, target=target, is_activity=isinstance(target, Activity),
        comments=target.comments.select_related("author"), form=form, may_write=may_write))


@association_view()
def plan_goal_comments(request: HttpRequest, access: Access, year: int,
                       plan_goal_id: int) -> HttpResponse:
    goal = _plan_goal(access, year, plan_goal_id)
    return _comments_page(request, access, goal, access.can_edit)


@association_view()
def activity_comments(request: HttpRequest, access: Access, year: int,
                      activity_id: int) -> HttpResponse:
    """The kansli comments, and so does the person responsible for the activity."""
    activity = _activity(access, year, activity_id)
    return _comments_page(request, access, activity,
                          access.can_edit or activity.responsible_id == access.membership.pk)

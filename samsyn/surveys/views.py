
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from samsyn.associations.access import Access, association_view
from samsyn.associations.editing import save_form
from samsyn.associations.writes import Conflict
from samsyn.surveys import services
from samsyn.surveys.forms import (
    AnswerForm,
    ImportAnswersForm,
    InviteForm,
    LocalQuestionForm,
    PublishedSharesForm,
    RoundForm,
    TemplateFileForm,
)
from samsyn.surveys.models import Question, Round, Template


def _ctx(access: Access, **extra: object) -> dict[str, object]:
    return {"access": access, "association": access.association, **extra}


def _url(access: Access, name: str, *args: object) -> str:
    return reverse(name, args=[access.association.slug, *args])


def _round(access: Access, round_id: int) -> Round:
    return get_object_or_404(Round.objects.select_related("template", "intervention"),
                             association=access.association, pk=round_id)


@association_view()
def survey_home(request: HttpRequest, access: Access) -> HttpResponse:
    association = access.association
    return render(request, "surveys/home.html", _ctx(
        access,
        rounds=Round.objects.filter(association=association)
        .select_related("template", "intervention"),
        templates=Template.objects.filter(association=association),
        file_form=TemplateFileForm(),
    ))


@association_view(edit=True)
def template_load(request: HttpRequest, access: Access) -> HttpResponse:
    form = TemplateFileForm(request.POST or None, request.FILES or None)
    back = _url(access, "survey_home")
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload is None:
                loaded = services.load_nns_set(access.association)
            else:
                if upload.size > settings.IMPORT_MAX_BYTES:
                    raise services.SurveyError(_("The file is larger than %(max)s MB.") % {
                        "max": settings.IMPORT_MAX_BYTES // (1024 * 1024)})
                loaded = [services.load_template(access.association,
                                                 services.read_template(upload.read()))]
        except services.SurveyError as exc:
            messages.error(request, _("The template file is refused: %(reason)s")
                           % {"reason": exc})
        else:
            messages.success(request, _("Loaded: %(names)s")
                             % {"names": ", ".join(t.name for t in loaded)})
        return redirect(back)
    return render(request, "form.html", _ctx(access, form=form, cancel_url=back,
                                             title=_("Load survey templates")))


@association_view()
def template_detail(request: HttpRequest, access: Access, template_id: int) -> HttpResponse:
    template = get_object_or_404(Template, association=access.association, pk=template_id)
    return render(request, "surveys/template_detail.html",
                  _ctx(access, template=template, questions=template.questions.all()))


@association_view(edit=True)
def local_question_create(request: HttpRequest, access: Access,
                          template_id: int) -> HttpResponse:
    template = get_object_or_404(Template, association=access.association, pk=template_id)
    order = template.questions.count() + 1
    form = LocalQuestionForm(request.POST or None,
                             instance=Question(template=template, local=True, order=order))
    back = _url(access, "template_detail", template.pk)
    return save_form(request, access, form, title=_("New local question"), cancel_url=back,
                     success_url=back)


@association_view(edit=True)
def round_create(request: HttpRequest, access: Access) -> HttpResponse:
    form = RoundForm(request.POST or None, instance=Round(association=access.association),
                     association=access.association)
    return save_form(request, access, form, title=_("New survey round"),
                     cancel_url=_url(access, "survey_home"),
                     success_url=lambda obj: _url(access, "round_detail", obj.pk))


@association_view()
def round_detail(request: HttpRequest, access: Access, round_id: int) -> HttpResponse:
    round = _round(access, round_id)
    return render(request, "surveys/round_detail.html", _ctx(
        access, round=round, invited=round.invitations.count(),
        answered=round.invitations.filter(used=True).count(),
        responses=round.responses.count(), pending=services.pending_count(round),
        invite_form=InviteForm(),
        eligible=len(services.eligible(round, timezone.localdate())),
    ))


@association_view(edit=True)
def round_invite(request: HttpRequest, access: Access, round_id: int) -> HttpResponse:
    """New links are shown once, to print or hand out; e-mailed ones are sent at once."""
    round = _round(access, round_id)
    form = InviteForm(request.POST or None)
    tokens: list[str] = []
    if request.method == "POST" and form.is_valid():
        if "participants" in request.POST:
            tokens = services.invite(round, services.eligible(round, timezone.localdate()))
        else:
            tokens = services.invite(round, count=form.cleaned_data["links"] or 0)
            sent = services.send_invitations(
                round, form.cleaned_data["emails"],
                lambda t: request.build_absolute_uri(reverse("survey_answer", args=[t])))
            if sent:
                messages.success(request, _("%(n)s invitations sent.") % {"n": sent})
    links = [request.build_absolute_uri(reverse("survey_answer", args=[t])) for t in tokens]
    return render(request, "surveys/round_invite.html",
                  _ctx(access, round=round, form=form, links=links))


@association_view()
def round_results(request: HttpRequest, access: Access, round_id: int) -> HttpResponse:
    round = _round(access, round_id)
    return render(request, "surveys/round_results.html", _ctx(
        access, result=services.results(round),
        # Free text may name people: the office reads it, the board does not.
        show_texts=access.role in ("admin", "office", "analyst"),
    ))


@association_view(edit=True)
def round_import(request: HttpRequest, access: Access, round_id: int) -> HttpResponse:
    round = _round(access, round_id)
    form = ImportAnswersForm(request.POST or None, request.FILES or None)
    back = _url(access, "round_detail", round.pk)
    if request.method == "POST" and form.is_valid():
        try:
            n = services.import_answers(round, form.cleaned_data["file"].file,
                                        form.cleaned_data["asked"], user=request.user,
                                        request=request)
        except services.SurveyError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("%(n)s answers imported.") % {"n": n})
            return redirect(back)
    return render(request, "form.html", _ctx(access, form=form, cancel_url=back,
                                             title=_("Import answers to %(round)s")
                                             % {"round": round}))


@association_view(edit=True)
def round_published(request: HttpRequest, access: Access, round_id: int) -> HttpResponse:
    """The round's results as the förbund published them (NNS's summary, an annual report)."""
    round = _round(access, round_id)
    form = PublishedSharesForm(request.POST or None, round=round,
                               shown=services.published_as_shown(round))
    back = _url(access, "round_detail", round.pk)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.save_published(round, form.cleaned_data["answered"],
                                    form.cleaned_data["asked"], form.shares(),
                                    user=request.user, request=request,
                                    seen=form.seen_values())
        except Conflict as conflict:
            who = conflict.by() or _("Someone else")
            for label, old, new in form.changes(conflict.current):
                form.add_error(None, _("%(user)s changed %(field)s from %(old)s to %(new)s while "
                                       "you were editing.")
                               % {"user": who, "field": label, "old": old or "–",
                                  "new": new or "–"})
            form.add_error(None, _("Your change is not saved. What you typed is kept below, "
                                   "and the fields you left show theirs: check, and save again "
                                   "to keep yours."))
            form.rebase(conflict.current)
            status = 409
        except services.SurveyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The published results are saved."))
            return redirect(back)
    return render(request, "surveys/round_published.html",
                  _ctx(access, round=round, form=form, cancel_url=back), status=status)


# The public answer page


@never_cache
def survey_answer(request: HttpRequest, token: str) -> HttpResponse:
    today = timezone.localdate()
    try:
        invitation = services.open_invitation(token, today)
    except services.SurveyError as exc:
        return render(request, "surveys/answer_closed.html", {"message": str(exc)}, status=410)
    round = invitation.round
    form = AnswerForm(request.POST or None, template=round.template)
    if request.method == "POST" and form.is_valid():
        values, texts = form.values()
        try:
            services.submit(token, values, texts, today)
        except services.SurveyError as exc:
            return render(request, "surveys/answer_closed.html", {"message": str(exc)},
                          status=410)
        return render(request, "surveys/answer_thanks.html", {"round": round})
    return render(request, "surveys/answer.html", {"round": round, "form": form})

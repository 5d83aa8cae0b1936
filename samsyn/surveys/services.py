"""Survey operations: templates from files, invitations, answering, results, imported answers."""

import datetime as dt
import io
import json
import re
import secrets
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import IO, Any

from django.core.mail import send_mail
from django.db import OperationalError, connection, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from samsyn.associations import versions
from samsyn.associations.models import Association
from samsyn.associations.writes import Conflict, Edit
from samsyn.audit.models import AuditEntry, Category
from samsyn.audit.services import record
from samsyn.participants.models import Participation
from samsyn.periods.locks import year_span
from samsyn.periods.services import PeriodLocked, blocking, check_open
from samsyn.surveys.bands import Scale, Shares, response_rate, shares
from samsyn.surveys.models import (
    Answer,
    Group,
    Invitation,
    Invitee,
    PendingResponse,
    PublishedShares,
    Question,
    Response,
    Round,
    Template,
    hash_token,
)
from samsyn.web.tabular import Limits, TabularError, csv_rows, load_json

NNS_DIR = Path(__file__).resolve().parent / "nns"


class SurveyError(ValueError):
    pass


def _check_year(round: Round, user: Any, what: str) -> None:
    """A round's results are figures of its year (the annual report's NNS table): once the
    year is signed off they change only while an administrator has opened it, logged as a
    later change. The pages and the command show a SurveyError; neither asks for a reason."""
    try:
        check_open(round.association, [year_span(round.year)], user,
                   what=f"{what}: {round}"[:300], asked=False)
    except PeriodLocked as locked:
        raise SurveyError(" ".join(locked.messages)) from None


def year_signed_off(round: Round) -> bool:
    """The round's year is signed off as reported and not opened for changes: its results
    are printed, so no answer may be added to them any more."""
    return bool(blocking(round.association, [year_span(round.year)], None))


def _closed_by_sign_off(round: Round) -> SurveyError:
    return SurveyError(_("This survey is closed: the results of %(year)s are reported. "
                         "Thank you all the same.") % {"year": round.year})


# Templates

_WHOLE = re.compile(r"[0-9]{1,3}")


def _shown(value: str) -> str:
    """A cell as a message repeats it: short, and never a run of digits like a personnummer."""
    if sum(c.isdigit() for c in value) >= 10:
        return _("(a value with 10 or more digits, not shown)")
    return repr(value[:40] + ("…" if len(value) > 40 else ""))



MAX_QUESTIONS = 200


def check_template(data: Any) -> list[str]:
    """Every fault of a template file, by its path in the file, in Swedish."""
    errors: list[str] = []
    if not isinstance(data, dict):
        return [_("the file must hold one JSON object")]
    name = data.get("name")
    if not isinstance(name, str) or not name.strip() or len(name.strip()) > 200:
        errors.append(_("name: give the template a name of at most 200 characters"))
    if data.get("group") not in Group.values:
        errors.append(_("group: one of %(choices)s") % {"choices": ", ".join(Group.values)})
    scale = data.get("scale")
    keys = ("low", "high", "negative_max", "positive_min", "clearly_positive_min")
    values = [scale.get(k) for k in keys] if isinstance(scale, dict) else []
    if len(values) != len(keys) or not all(
            type(v) is int and 0 <= v <= 100 for v in values):
        errors.append(_("scale: low, high, negative_max, positive_min and "
                        "clearly_positive_min, whole numbers from 0 to 100"))
    else:
        try:
            Scale(*(int(str(v)) for v in values))
        except ValueError:
            errors.append(_("scale: low, high, negative_max, positive_min and "
                            "clearly_positive_min, in that order on the scale"))
    if isinstance(scale, dict):
        for key in ("low_label", "high_label"):
            label = scale.get(key, "")
            if not isinstance(label, str) or len(label) > 60:
                errors.append(_("scale.%(key)s: text of at most 60 characters") % {"key": key})
    questions = data.get("questions")
    if not isinstance(questions, list) or not questions or len(questions) > MAX_QUESTIONS:
        errors.append(_("questions: from 1 to %(max)s") % {"max": MAX_QUESTIONS})
        return errors
    seen: set[str] = set()
    for i, q in enumerate(questions):
        where = f"questions[{i}]"
        if not isinstance(q, dict):
            errors.append(_("%(where)s: an object with code and text") % {"where": where})
            continue
        code = q.get("code")
        if not isinstance(code, str) or not code.strip() or len(code) > 20 \
                or "\x00" in code:
            errors.append(_("%(where)s.code: 1 to 20 characters") % {"where": where})
        elif code in seen:
            errors.append(_("%(where)s.code: %(code)s is used twice")
                          % {"where": where, "code": code})
        else:
            seen.add(code)
        text = q.get("text")
        if not isinstance(text, str) or not text.strip() or len(text.strip()) > 400:
            errors.append(_("%(where)s.text: the question, at most 400 characters")
                          % {"where": where})
        if q.get("kind", "scale") not in Question.Kind.values:
            errors.append(_("%(where)s.kind: scale or text") % {"where": where})
        if not isinstance(q.get("local", False), bool):
            errors.append(_("%(where)s.local: true or false") % {"where": where})
    if not errors and isinstance(scale, dict):
        # PostgreSQL stores no NUL in text: every text of the file, by its path.
        texts = {"name": name, "scale.low_label": scale.get("low_label", ""),
                 "scale.high_label": scale.get("high_label", "")}
        texts |= {f"questions[{i}].{key}": q[key] for i, q in enumerate(questions)
                  for key in ("code", "text")}
        errors.extend(_("%(where)s: a NUL character cannot be stored") % {"where": where}
                      for where, text in texts.items() if "\x00" in text)
    return errors


def read_template(data: bytes) -> dict[str, Any]:
    """A template file's bytes as the object load_template takes; SurveyError if unreadable."""
    try:
        loaded = load_json(data)
    except TabularError as exc:
        raise SurveyError(str(exc)) from None
    if not isinstance(loaded, dict):
        raise SurveyError(_("the file must hold one JSON object"))
    return loaded


@transaction.atomic
def load_template(association: Association, data: dict[str, Any]) -> Template:
    errors = check_template(data)
    if errors:
        raise SurveyError("; ".join(errors))
    scale = data["scale"]
    template, _created = Template.objects.update_or_create(
        association=association, name=data["name"].strip(),
        defaults={"group": data["group"], "scale_min": scale["low"], "scale_max": scale["high"],
                  "low_label": scale.get("low_label") or "Inte alls",
                  "high_label": scale.get("high_label") or "Helt och hållet",
                  "negative_max": scale["negative_max"], "positive_min": scale["positive_min"],
                  "clearly_positive_min": scale["clearly_positive_min"]},
    )
    for order, q in enumerate(data["questions"], start=1):
        Question.objects.update_or_create(
            template=template, code=q["code"],
            defaults={"order": order, "text": q["text"].strip().replace("\x00", ""),
                      "kind": q.get("kind", "scale"), "local": bool(q.get("local", False))},
        )
    versions.changed(association, ["surveys"])
    return template


def load_nns_set(association: Association) -> list[Template]:
    return [load_template(association, json.loads(path.read_text(encoding="utf-8")))
            for path in sorted(NNS_DIR.glob("*.json"))]


@cache
def nns_question_texts() -> dict[str, str]:
    """The national NNS questions' texts by code (C1, P3, …), as the shipped templates word
    them: a code is the same question in every förbund. A förbund's own questions are not
    here; their codes are its own."""
    texts: dict[str, str] = {}
    for path in sorted(NNS_DIR.glob("*.json")):
        for question in json.loads(path.read_text(encoding="utf-8"))["questions"]:
            texts.setdefault(question["code"], question["text"])
    return texts


def scale_of(template: Template) -> Scale:
    return Scale(template.scale_min, template.scale_max, template.negative_max,
                 template.positive_min, template.clearly_positive_min)


# Invitations


def eligible(round: Round, today: dt.date) -> list[Participation]:
    """Participants to ask: during the insats after the förbund's months, or at their exit."""
    group = round.template.group
    if group not in (Group.PARTICIPANTS, Group.PARTICIPANTS_END):
        return []
    qs = Participation.objects.filter(intervention__association=round.association)
    if round.intervention_id:
        qs = qs.filter(intervention=round.intervention)
    # Asked once per round, answered or not: an answer never makes anyone eligible again.
    qs = qs.exclude(pk__in=Invitee.objects.filter(round=round).values("participation_id"))
    if group == Group.PARTICIPANTS:
        months = round.association.survey_min_months
        started_by = _months_before(today, months)
        qs = qs.filter(start_date__lte=started_by).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today))
    else:
        qs = qs.filter(end_date__year=round.year, end_date__lte=today)
    return list(qs.select_related("intervention", "participant"))


def _months_before(day: dt.date, months: int) -> dt.date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def invite(round: Round, participations: list[Participation] | None = None,
           count: int = 0) -> list[str]:
    """New single-use links: one per participation, or `count` for handing out. Shown once.

    Who was asked (Invitee) and the links (Invitation) are written in two transactions, the
    links in a random order, so neither transaction ids nor row order pair a person with a
    link.
    """
    participations = list(participations or [])
    with transaction.atomic():
        Invitee.objects.bulk_create(
            [Invitee(round=round, participation=p) for p in participations])
        versions.changed(round.association_id, ["surveys"])
    tokens = []
    with transaction.atomic():
        for _i in range(len(participations) + count):
            _inv, token = Invitation.issue(round)
            tokens.append(token)
    secrets.SystemRandom().shuffle(tokens)
    return tokens


def send_invitations(round: Round, addresses: list[str], link: Any) -> int:
    """E-mail one link each; the addresses are not kept."""
    tokens = invite(round, count=len(addresses))
    for address, token in zip(addresses, tokens, strict=True):
        send_mail(
            subject=_("A few questions from %(association)s") % {
                "association": round.association.name},
            message=_("You are asked to answer a short survey about %(survey)s. Your answers "
                      "are anonymous.\n\n%(link)s\n\nThe link works once, until %(closes)s.")
            % {"survey": round.template.name, "link": link(token),
               "closes": round.closes.isoformat()},
            from_email=None, recipient_list=[address],
        )
    return len(tokens)


# Answering


def open_invitation(token: str, today: dt.date) -> Invitation:
    try:
        invitation = (Invitation.objects.select_related("round__template", "round__association")
                      .filter(token_hash=hash_token(token)).first())
    except OperationalError as exc:  # SQLite: a writer holds the database just now
        raise SurveyError(_busy()) from exc
    if invitation is None:
        raise SurveyError(_("This link is not valid."))
    if invitation.used:
        raise SurveyError(_("This survey has already been answered with this link. Thank you!"))
    if today > invitation.round.closes:
        raise SurveyError(_("This survey closed on %(date)s.")
                          % {"date": invitation.round.closes.isoformat()})
    if year_signed_off(invitation.round):
        raise _closed_by_sign_off(invitation.round)
    return invitation


def submit(token: str, values: dict[str, int | None], texts: dict[str, str],
           today: dt.date) -> None:
    """Use the link up and keep the answers as pending, all or nothing.

    The answers are not stored as a response here: a response written now would carry the
    moment (and on PostgreSQL the transaction id) of the link's use. They wait, naming no
    link, until `flush_pending` writes a round's waiting answers in one shuffled batch.
    A second submit of the same link finds it claimed and is refused, never a 500.
    """
    try:
        _claim(token, values, texts, today)
    except OperationalError as exc:  # SQLite: another writer held the database too long
        raise SurveyError(_busy()) from exc


def _busy() -> str:
    return _("Many are answering just now. Please send your answers again.")


def _claim(token: str, values: dict[str, int | None], texts: dict[str, str],
           today: dt.date) -> None:
    invitation = (Invitation.objects.select_related("round__template", "round__association")
                  .filter(token_hash=hash_token(token)).first())
    if invitation is None or invitation.used or today > invitation.round.closes:
        raise SurveyError(_("This link cannot be used any more."))
    round = invitation.round
    if year_signed_off(round):  # signed off while the page was open
        raise _closed_by_sign_off(round)
    codes = {q.code for q in round.template.questions.all()}
    unknown = (set(values) | set(texts)) - codes
    if unknown:
        raise SurveyError(_("Unknown question: %(code)s") % {"code": sorted(unknown)[0]})
    with transaction.atomic():
        claimed = Invitation.objects.filter(pk=invitation.pk, used=False).update(used=True)
        if not claimed:
            raise SurveyError(_("This link cannot be used any more."))
        PendingResponse.objects.create(round=round, answers={
            "values": values,
            "texts": {code: text for code, text in texts.items() if text.strip()}})


@dataclass(frozen=True)
class Flushed:
    round: Round
    stored: int


def flush_pending(today: dt.date, *, rounds: Any = None, force: bool = False) -> list[Flushed]:
    """Store the answers waiting in each round as responses, in one shuffled batch per round.

    A round's batch is written once it holds at least the förbund's fewest reported answers,
    or when the round has closed (or `force`): a batch of one would be as telling as writing
    at once. The responses get the batch's day and an order drawn at random, so neither
    their dates, their order nor (on PostgreSQL) their transaction ids follow the order in
    which the links were used. Which waiting rows a batch takes is read, and the run logged,
    in a transaction of its own first: every link of the batch was claimed before it began,
    so the batch's transaction is never the one right after a link's.
    """
    found: list[Flushed] = []
    candidates = Round.objects.filter(pending__isnull=False).distinct().select_related(
        "association", "template")
    if rounds is not None:
        candidates = candidates.filter(pk__in=[r.pk for r in rounds])
    for round in candidates:
        with transaction.atomic():
            ids = list(PendingResponse.objects.filter(round=round).values_list("pk", flat=True))
            due = (force or today > round.closes
                   or len(ids) >= round.association.survey_min_answers)
            if not ids or not due:
                continue
            # Answers sent before the year was signed off wait until an administrator opens
            # it (then stored and logged as a later change): never added silently.
            if year_signed_off(round):
                continue
            check_open(round.association, [year_span(round.year)], None,
                       what=f"survey answers stored: {round}"[:300])
            record(category=Category.DATA, action="survey_answers_stored",
                   association=round.association, obj=round, rows=len(ids))
        found.append(Flushed(round, _write_batch(round, ids, today)))
    return found


def _write_batch(round: Round, ids: list[int], today: dt.date) -> int:
    questions = {q.code: q for q in round.template.questions.all()}
    with transaction.atomic():
        if connection.vendor == "sqlite":
            # The removed rows' bytes are overwritten, not left in the file's free pages.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA secure_delete = ON")
        pending = list(PendingResponse.objects.select_for_update().filter(pk__in=ids))
        secrets.SystemRandom().shuffle(pending)
        responses = Response.objects.bulk_create(
            [Response(round=round, submitted=today) for _ in pending])
        answers: list[Answer] = []
        for response, waiting in zip(responses, pending, strict=True):
            given = waiting.answers
            answers += [Answer(response=response, question=questions[code], value=value)
                        for code, value in given.get("values", {}).items() if code in questions]
            answers += [Answer(response=response, question=questions[code], text=text)
                        for code, text in given.get("texts", {}).items() if code in questions]
        Answer.objects.bulk_create(answers)
        PendingResponse.objects.filter(pk__in=[p.pk for p in pending]).delete()
        versions.changed(round.association_id, ["surveys"])
    return len(pending)


def pending_count(round: Round) -> int:
    return round.pending.count()


# Results


@dataclass
class QuestionResult:
    question: Question
    current: Shares
    previous: Shares | None
    too_few: bool


@dataclass
class RoundResult:
    round: Round
    asked: int
    answers: int
    rate: Any
    questions: list[QuestionResult]
    texts: list[tuple[Question, list[str]]]
    previous_round: Round | None
    too_few: bool


def previous_round(round: Round) -> Round | None:
    return (Round.objects.filter(association=round.association, year=round.year - 1,
                                 template__group=round.template.group,
                                 intervention=round.intervention)
            # Its scale is read for its shares (_shares_by_code).
            .select_related("template").order_by("-pk").first())


def results(round: Round) -> RoundResult:
    """A round's shares per question, from its answers or as the förbund published them."""
    minimum = round.association.survey_min_answers
    published = round.published_answers is not None
    if published:
        answers, asked = round.published_answers or 0, round.invited_elsewhere
    else:
        answers = round.responses.count()
        asked = round.invitations.count() + round.invited_elsewhere
    earlier = previous_round(round)
    questions = list(round.template.questions.all())
    current_shares = _shares_by_code(round)
    earlier_shares = _shares_by_code(earlier) if earlier else {}
    # Published shares were public before they came here: the förbund chose to print them,
    # so they are shown as printed. The fewest-answers rule is for answers Samsyn collects.
    earlier_hidden = (earlier is not None and earlier.published_answers is None
                      and earlier.responses.count() < minimum)
    rows = []
    for q in questions:
        if q.kind != Question.Kind.SCALE:
            continue
        current = current_shares.get(q.code) or Shares(answers if published else 0,
                                                       None, None, None, None)
        # A question new this year has no earlier figures; one the earlier round lacked is None.
        previous = None if earlier_hidden else earlier_shares.get(q.code)
        rows.append(QuestionResult(q, current, previous,
                                   not published and current.answers < minimum))
    texts = [(q, [a.text for a in Answer.objects.filter(question=q, response__round=round)
                  .exclude(text="").order_by("pk")])
             for q in questions if q.kind == Question.Kind.TEXT]
    return RoundResult(round, asked, answers, response_rate(answers, asked), rows, texts,
                       earlier, not published and answers < minimum)


HUNDRED = Decimal(100)


def _shares_by_code(round: Round) -> dict[str, Shares]:
    if round.published_answers is None:
        scale = scale_of(round.template)
        return {code: shares(scale, values) for code, values in _values(round).items()}
    n = round.published_answers

    def part(value: Decimal | None) -> Decimal | None:
        return None if value is None else (value / HUNDRED).quantize(Decimal("0.0001"))

    return {p.question.code: Shares(n, part(p.negative), part(p.neither), part(p.positive),
                                    part(p.clearly_positive))
            for p in PublishedShares.objects.filter(round=round).select_related("question")}


def published_sums_off(result: RoundResult) -> list[tuple[str, Decimal]]:
    """Published rows whose bands do not add up to 100 % (more than rounding can explain)."""
    if result.round.published_answers is None:
        return []
    off = []
    for q in result.questions:
        bands = [b for b in (q.current.negative, q.current.neither, q.current.positive)
                 if b is not None]
        if len(bands) < 3:
            continue
        total = sum(bands, Decimal(0)) * HUNDRED
        if abs(total - HUNDRED) > 1:
            off.append((q.question.code, total))
    return off


def _values(round: Round) -> dict[str, list[int | None]]:
    found: dict[str, list[int | None]] = {}
    for code, value in (Answer.objects.filter(response__round=round, text="")
                        .values_list("question__code", "value")):
        found.setdefault(code, []).append(value)
    return found


# Answers from another tool


MAX_LISTED = 50


@transaction.atomic
def import_answers(round: Round, data: bytes | IO[bytes], asked: int | None = None, *,
                   user: Any = None, request: Any = None) -> int:
    """One row per respondent, a column per question code; all rows or none (logged)."""
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    questions = {q.code: q for q in round.template.questions.all()}
    scale = scale_of(round.template)
    errors: list[str] = []
    parsed: list[list[tuple[Question, int | None, str]]] = []
    try:
        rows = csv_rows(stream, Limits.from_settings())
        first = next(rows, None)
        if first is None:
            raise SurveyError(_("The file is empty."))
        header = [h.strip() for h in first[1]]
        unknown = [h for h in header if h and h not in questions]
        if unknown:
            raise SurveyError(_("Row 1: no question with the code %(codes)s in %(template)s.")
                              % {"codes": ", ".join(_shown(h) for h in unknown),
                                 "template": round.template})
        twice = sorted({h for h in header if h and header.count(h) > 1})
        if twice:
            raise SurveyError(_("Row 1: the column %(codes)s appears twice.")
                              % {"codes": ", ".join(twice)})
        for number, row in rows:
            if not any(c.strip() for c in row):
                continue
            answers: list[tuple[Question, int | None, str]] = []
            for code, cell in zip(header, row, strict=False):
                if not code:
                    continue  # a column without a heading holds nothing to import
                q, cell = questions[code], cell.strip()
                if q.kind == Question.Kind.TEXT:
                    answers.append((q, None, cell[:4000]))
                elif not cell or cell.lower() in ("vet ej", "ej aktuellt"):
                    answers.append((q, None, ""))
                elif not _WHOLE.fullmatch(cell) or not scale.low <= int(cell) <= scale.high:
                    if len(errors) < MAX_LISTED:
                        errors.append(_("Row %(row)s, column %(code)s: %(value)s is not an "
                                        "answer from %(low)s to %(high)s.")
                                      % {"row": number, "code": code, "value": _shown(cell),
                                         "low": scale.low, "high": scale.high})
                else:
                    answers.append((q, int(cell), ""))
            parsed.append(answers)
    except TabularError as exc:
        raise SurveyError(str(exc)) from None
    if errors:
        raise SurveyError(" ".join(errors))
    _check_year(round, user, "survey answers imported")
    for answers in parsed:
        response = Response.objects.create(round=round, submitted=round.closes, imported=True)
        Answer.objects.bulk_create(
            Answer(response=response, question=q, value=v, text=t)
            for q, v, t in answers if v is not None or t or q.kind == Question.Kind.SCALE
        )
    if asked is not None:
        round.invited_elsewhere = asked
        round.save(update_fields=["invited_elsewhere"])
    versions.changed(round.association_id, ["surveys"])
    record(category=Category.DATA, action="survey_answers_imported", user=user,
           association=round.association, obj=round, rows=len(parsed), request=request,
           detail={"asked": asked})
    return len(parsed)


PUBLISHED_BANDS = ("negative", "neither", "positive", "clearly_positive")


def published_as_shown(round: Round) -> dict[str, str]:
    """The round's published results field by field as text (empty ones left out): what a
    person saw when they opened the page, compared with what is stored when they save."""
    shown = {"answered": round.published_answers, "asked": round.invited_elsewhere or None}
    for held in PublishedShares.objects.filter(round=round).select_related("question"):
        for band in PUBLISHED_BANDS:
            shown[f"{held.question.code}__{band}"] = getattr(held, band)
    return {name: str(value) for name, value in shown.items() if value is not None}


def _published_edits(round: Round) -> list[Edit]:
    last = (AuditEntry.objects.filter(association_id=round.association_id,
                                      action="survey_published_shares",
                                      object_type=Round._meta.label,
                                      object_id=str(round.pk))
            .order_by("-pk").values_list("username", flat=True).first())
    return [Edit(last, 0, ())] if last else []


def save_published(round: Round, answered: int, asked: int,
                   shares_by_code: dict[str, dict[str, Any]], *, user: Any = None,
                   request: Any = None, seen: dict[str, str] | None = None) -> None:
    """Hold a round's results as the published shares (all or nothing, logged).

    The results are saved whole, so `seen` (what the page showed; None from a script) is
    their version: when what is stored differs, the save is a Conflict whose `current` is
    the stored results (published_as_shown), and nothing is written."""
    if round.responses.exists() or round.pending.exists():
        raise SurveyError(_("The round already holds answers: published shares go into a round "
                            "without answers."))
    questions = {q.code: q for q in round.template.questions.all()}
    with transaction.atomic():
        # One writer at a time per round (PostgreSQL; SQLite writes one at a time anyway).
        round = Round.objects.select_for_update().get(pk=round.pk)
        current = published_as_shown(round)
        if seen is not None and seen != current:
            raise Conflict(PublishedShares, None, current, _published_edits(round))
        _check_year(round, user, "survey published shares")
        round.published_answers, round.invited_elsewhere = answered, asked
        round.save(update_fields=["published_answers", "invited_elsewhere"])
        PublishedShares.objects.filter(round=round).delete()
        PublishedShares.objects.bulk_create(
            PublishedShares(round=round, question=questions[code], **values)
            for code, values in shares_by_code.items()
            if any(v is not None for v in values.values()))
        versions.changed(round.association_id, ["surveys"])
        record(category=Category.DATA, action="survey_published_shares", user=user,
               association=round.association, obj=round, rows=len(shares_by_code),
               request=request, detail={"answered": answered, "asked": asked})

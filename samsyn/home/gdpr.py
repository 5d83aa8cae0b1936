"""GDPR documents a förbund can adopt and keep, written from its own records and settings.

A record of processing (article 30), a draft data protection impact assessment (article 35)
and a template processor agreement (article 28) for the hosting provider. Every fact in them
is read here, when the document is made: which roles exist and how many people hold each,
the gallring decisions and retention settings, whether sign-in needs a second factor or single
sign-on, where the installation runs, the counts of records. `facts()` reads; the builders
turn plain facts into a `Report` (samsyn.reports.document), which the report framework renders
as a page, PDF or Word file. docs/gdpr.md.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_otp.plugins.otp_totp.models import TOTPDevice

from samsyn.associations.access import POLICY, SECOND_FACTOR_ROLES, Action
from samsyn.associations.models import Association, RecordKind, RetentionDecision, Role
from samsyn.audit.models import AuditEntry
from samsyn.home.models import AccessibilityReport
from samsyn.participants.codes import Support
from samsyn.participants.models import Participant, Participation, ReducedParticipation
from samsyn.reports.document import Cell, Column, Report, Table
from samsyn.surveys.models import Invitee, Response

# Means of support that tell of a person's health: a participation holding one is a record of
# sensitive data (article 9), whatever else it holds.
HEALTH_SUPPORT = (Support.SICKNESS_BENEFIT, Support.ACTIVITY_COMPENSATION,
                  Support.SICKNESS_COMPENSATION)


@dataclass(frozen=True)
class RoleFacts:
    role: str
    label: str
    users: int
    reads_records: bool
    edits_records: bool
    exact_counts: bool
    administers: bool
    second_factor: bool  # the role must give a second factor in this installation
    with_device: int  # of its users, those with a second factor set up


@dataclass(frozen=True)
class DecisionFacts:
    reference: str
    decided_on: dt.date
    adopted_by: str
    kinds: list[str]
    months: int


@dataclass
class Facts:
    """Everything the documents state, read at one moment."""

    made: dt.date
    name: str
    slug: str
    org_number: str
    contact: str
    dpo: str
    installation: str
    hosting_provider: str
    hosting_location: str
    database: str
    replicas: int
    mail_server: str
    roles: list[RoleFacts]
    sso_available: bool
    sso_name: str
    sso_required: bool
    brake_attempts: int
    brake_max_seconds: int
    idle_minutes: int
    session_hours: int
    api_key_days: int
    threshold: int
    published_periods: str
    retention_years: int
    decisions: list[DecisionFacts]
    in_force: dict[str, DecisionFacts | None]
    pending_import_minutes: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def users(self) -> int:
        return sum(r.users for r in self.roles)


def facts(association: Association, today: dt.date) -> Facts:
    memberships = association.memberships.all()
    by_role = {r: memberships.filter(role=r) for r in Role.values}
    devices = set(TOTPDevice.objects.filter(
        user__memberships__association=association, confirmed=True)
        .values_list("user_id", flat=True))
    required = settings.SAMSYN_REQUIRE_SECOND_FACTOR
    roles = [RoleFacts(
        role=role, label=str(label), users=by_role[role].count(),
        reads_records=Action.RECORDS_READ in POLICY[role],
        edits_records=Action.RECORDS_EDIT in POLICY[role],
        exact_counts=Action.AGGREGATES_EXACT in POLICY[role],
        administers=Action.ADMIN in POLICY[role],
        second_factor=required and role in SECOND_FACTOR_ROLES,
        with_device=sum(1 for u in by_role[role].values_list("user_id", flat=True)
                        if u in devices),
    ) for role, label in Role.choices]
    try:
        sso_required = bool(association.single_sign_on.required)
    except ObjectDoesNotExist:
        sso_required = False
    decisions = [DecisionFacts(d.reference, d.decided_on, d.adopted_by, d.record_kind_labels(),
                               d.retention_months)
                 for d in association.retention_decisions.all()]
    in_force = {}
    for kind in RecordKind.values:
        found = RetentionDecision.in_force(association, kind, today)
        in_force[kind] = (DecisionFacts(found.reference, found.decided_on, found.adopted_by,
                                        found.record_kind_labels(), found.retention_months)
                          if found else None)
    participations = Participation.objects.filter(intervention__association=association)
    smtp = str(settings.EMAIL_BACKEND).endswith("smtp.EmailBackend")
    return Facts(
        made=today, name=association.name, slug=association.slug,
        org_number=association.org_number, contact=association.contact_email,
        dpo=association.data_protection_officer, installation=settings.SAMSYN_INSTALLATION_NAME,
        hosting_provider=settings.SAMSYN_HOSTING_PROVIDER,
        hosting_location=settings.SAMSYN_HOSTING_LOCATION,
        database={"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(connection.vendor,
                                                                      connection.vendor),
        replicas=len(settings.DATABASE_REPLICA_URLS),
        mail_server=settings.EMAIL_HOST if smtp else "",
        roles=roles, sso_available=settings.SAMSYN_OIDC_ENABLED,
        sso_name=settings.SAMSYN_OIDC_NAME, sso_required=sso_required,
        brake_attempts=settings.SAMSYN_LOGIN_FAILURE_LIMIT,
        brake_max_seconds=settings.SAMSYN_BRAKE_MAX_SECONDS,
        idle_minutes=settings.SESSION_COOKIE_AGE // 60,
        session_hours=settings.SAMSYN_SESSION_MAX_HOURS, api_key_days=settings.SAMSYN_API_KEY_DAYS,
        threshold=association.suppression_threshold,
        published_periods=str(association.get_published_periods_display()),
        retention_years=association.retention_years, decisions=decisions, in_force=in_force,
        pending_import_minutes=settings.IMPORT_PENDING_SECONDS // 60,
        counts={
            "participants": Participant.objects.filter(association=association).count(),
            "participations": participations.count(),
            "open": participations.filter(end_date__isnull=True).count(),
            "health": participations.filter(support_at_start__in=HEALTH_SUPPORT).count(),
            "reduced": ReducedParticipation.objects.filter(
                intervention__association=association).count(),
            "interventions": association.interventions.count(),
            "with_records": association.interventions.filter(
                participations__isnull=False).distinct().count(),
            "invitees": Invitee.objects.filter(round__association=association).count(),
            "responses": Response.objects.filter(round__association=association).count(),
            "audit": AuditEntry.objects.filter(association_id=association.pk).count(),
            "reports": AccessibilityReport.objects.filter(association=association).count(),
        },
    )


# The documents


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def _not_given(value: str) -> str:
    return value or _("not given (to be filled in)")


def _report(f: Facts, kind: str, title: str) -> Report:
    return Report(kind=kind, title=title, association=f.slug, association_name=f.name,
                  period_start=f.made, period_end=f.made, counts_people=False)


def _controller(f: Facts) -> str:
    return _(
        "Controller: %(name)s (organisation number %(org)s), contact %(contact)s.\n\n"
        "Data protection officer: %(dpo)s."
    ) % {"name": f.name, "org": _not_given(f.org_number), "contact": _not_given(f.contact),
         "dpo": _not_given(f.dpo)}


def _subjects(f: Facts) -> Table:
    c = f.counts
    rows: list[dict[str, Cell]] = [
        {"who": _("Participants in the förbund's insatser"),
         "data": _("A pseudonym (a keyed hash of the personnummer or of a local code; the "
                   "number itself is never stored), gender, birth year, kommun, insats, "
                   "referrer, dates of start, end and follow-up, means of support and "
                   "occupation at start, exit and follow-up, exit reason, date of consent"),
         "sensitive": _("Yes: a means of support such as sickness benefit, activity or "
                        "sickness compensation tells of health (article 9); %(n)s "
                        "participations hold one") % {"n": c["health"]},
         "count": c["participants"]},
        {"who": _("Participants invited to a survey"),
         "data": _("That a participation was given a link; the answers are kept without "
                   "anything that leads back to the person"),
         "sensitive": _("no"), "count": c["invitees"]},
        {"who": _("The förbund's users (office, board, insats staff, analysts)"),
         "data": _("User name, e-mail address, role, the insatser they work in, sign-ins, "
                   "and what they read or changed (the audit log, with network address)"),
         "sensitive": _("no"), "count": f.users},
        {"who": _("People who reported an accessibility problem"),
         "data": _("Name and e-mail address if they gave them, the page and the problem"),
         "sensitive": _("no"), "count": c["reports"]},
    ]
    return Table(
        title=_("Categories of data subjects and of personal data"),
        columns=[Column("who", _("Data subjects")), Column("data", _("Personal data")),
                 Column("sensitive", _("Sensitive data")),
                 Column("count", _("Held now"), "int")],
        rows=rows, section=_("Data subjects and personal data"), key="subjects",
        note=_("Participant records held now: %(participations)s participations (%(open)s "
               "open) in %(with_records)s of the förbund's %(interventions)s insatser, and "
               "%(reduced)s rows of counts left by gallring, which hold no person.")
        % c,
    )


def _roles(f: Facts) -> Table:
    return Table(
        title=_("Who in the förbund reaches the data: roles, people and rights"),
        columns=[Column("role", _("Role")), Column("users", _("People"), "int"),
                 Column("reads", _("Reads participant records")),
                 Column("edits", _("Changes participant records")),
                 Column("exact", _("Sees exact counts")),
                 Column("factor", _("Second factor required")),
                 Column("devices", _("With a second factor set up"), "int")],
        rows=[{"role": r.label, "users": r.users, "reads": _yes(r.reads_records),
               "edits": _yes(r.edits_records), "exact": _yes(r.exact_counts),
               "factor": _yes(r.second_factor), "devices": r.with_device} for r in f.roles],
        total={"role": _("All"), "users": f.users, "reads": "", "edits": "", "exact": "",
               "factor": "", "devices": sum(r.with_device for r in f.roles)},
        section=_("Recipients"), key="roles",
        note=_("Insats staff read and change only the records of the insatser named on their "
               "role. Everyone else in the förbund sees participant figures only as counts, "
               "published ones with counts below %(threshold)s hidden.")
        % {"threshold": f.threshold},
    )


def _outside(f: Facts) -> Table:
    rows: list[dict[str, Cell]] = [
        {"who": _("The national view (other förbund, the public)"),
         "what": _("Only published counts of standard periods (%(periods)s), with counts "
                   "below %(threshold)s hidden; no personal data")
         % {"periods": f.published_periods, "threshold": f.threshold}},
        {"who": _not_given(f.hosting_provider) + " " + _("(hosting, processor)"),
         "what": _("Everything the installation holds, to run it, under the processor "
                   "agreement")},
    ]
    if f.mail_server:
        rows.append({"who": _("The mail server %(host)s") % {"host": f.mail_server},
                     "what": _("E-mail: survey invitations, password resets, reports of "
                               "accessibility problems")})
    return Table(title=_("Recipients outside the förbund"),
                 columns=[Column("who", _("Recipient")), Column("what", _("What they get"))],
                 rows=rows, key="outside")


def _decision_text(d: DecisionFacts | None) -> str:
    if d is None:
        return _("No gallring decision recorded: not removed by Samsyn")
    return _("%(months)s months, under decision %(reference)s of %(date)s (%(by)s)") % {
        "months": d.months, "reference": d.reference, "date": d.decided_on.isoformat(),
        "by": d.adopted_by}


def _retention(f: Facts) -> Table:
    rows: list[dict[str, Cell]] = [
        {"what": _("Participant records"),
         "kept": _decision_text(f.in_force[RecordKind.PARTICIPATIONS]),
         "how": _("Reduced to counts per month and category after the end of the "
                  "participation (reduce_participations); the förbund's own setting is "
                  "%(years)s years") % {"years": f.retention_years}},
        {"what": _("Survey answers"), "kept": _decision_text(f.in_force[RecordKind.SURVEY_ANSWERS]),
         "how": _("Not removed by Samsyn")},
        {"what": _("Audit log"), "kept": _decision_text(f.in_force[RecordKind.AUDIT_LOG]),
         "how": _("Append-only and hash-chained: not removed by Samsyn")},
        {"what": _("Participant files waiting for an import to be confirmed"),
         "kept": _("%(minutes)s minutes") % {"minutes": f.pending_import_minutes},
         "how": _("Pseudonymised rows only; deleted on confirm, cancel or after the time")},
        {"what": _("Sign-in sessions"),
         "kept": _("%(idle)s minutes without activity, at most %(hours)s hours")
         % {"idle": f.idle_minutes, "hours": f.session_hours},
         "how": _("Removed nightly (clearsessions)")},
    ]
    return Table(title=_("How long personal data is kept"),
                 columns=[Column("what", _("Data")), Column("kept", _("Kept")),
                          Column("how", _("How"))],
                 rows=rows, section=_("Retention and gallring"), key="retention",
                 note=_("Gallring decisions recorded: %(n)s.") % {"n": len(f.decisions)})


def _security(f: Facts) -> Table:
    factor_roles = [r.label for r in f.roles if r.second_factor]
    rows: list[dict[str, Cell]] = [
        {"measure": _("Pseudonyms"),
         "how": _("HMAC-SHA256 under the installation's secret and the förbund's own salt; "
                  "no personnummer is stored, logged or exported; placeholder and interim "
                  "numbers are refused"),
         "here": _("in force")},
        {"measure": _("Second factor at sign-in"),
         "how": _("A one-time code (TOTP) or a recovery code after the password"),
         "here": (_("required for: %(roles)s") % {"roles": ", ".join(factor_roles)})
         if factor_roles else _("not required in this installation")},
        {"measure": _("Single sign-on"),
         "how": _("OpenID Connect with the members' identity provider"),
         "here": (_("available (%(name)s); the only way in for the förbund: %(required)s")
                  % {"name": f.sso_name or "OIDC", "required": _yes(f.sso_required)})
         if f.sso_available else _("not set up in this installation")},
        {"measure": _("Sign-in brakes"),
         "how": _("After repeated failures each further attempt must wait longer, per user name "
                  "and address and per address; the user is told"),
         "here": _("from %(n)s failures, up to %(seconds)s seconds a try")
         % {"n": f.brake_attempts, "seconds": f.brake_max_seconds}},
        {"measure": _("Sessions"), "how": _("Signed out after inactivity and after a day's work"),
         "here": _("%(idle)s minutes idle, %(hours)s hours at most")
         % {"idle": f.idle_minutes, "hours": f.session_hours}},
        {"measure": _("Rights by role"),
         "how": _("One table of rights; staff reach only their own insatser's records"),
         "here": _("%(n)s people in %(roles)s roles")
         % {"n": f.users, "roles": sum(1 for r in f.roles if r.users)}},
        {"measure": _("Audit log"),
         "how": _("Every read and change of participant records, every sign-in and change of "
                  "rights; append-only and hash-chained, checked by verify_audit"),
         "here": _("%(n)s entries for the förbund") % {"n": f.counts["audit"]}},
        {"measure": _("Suppression"),
         "how": _("Published counts below the threshold are hidden, with linked suppression "
                  "across periods"),
         "here": _("threshold %(threshold)s; periods: %(periods)s")
         % {"threshold": f.threshold, "periods": f.published_periods}},
        {"measure": _("API keys"), "how": _("Personal keys that expire"),
         "here": _("%(days)s days") % {"days": f.api_key_days}},
    ]
    return Table(title=_("Technical and organisational security measures"),
                 columns=[Column("measure", _("Measure")), Column("how", _("How")),
                          Column("here", _("In this installation"))],
                 rows=rows, section=_("Security (article 32)"), key="security")


def _hosting(f: Facts) -> str:
    return _(
        "%(installation)s runs at %(location)s, operated by %(provider)s. The database is "
        "%(database)s%(replicas)s. Samsyn itself transfers no personal data to a third "
        "country."
    ) % {"installation": f.installation, "location": _not_given(f.hosting_location),
         "provider": _not_given(f.hosting_provider), "database": f.database,
         "replicas": (_(" with %(n)s read replicas") % {"n": f.replicas}) if f.replicas else ""}


def _made(f: Facts) -> str:
    return _(
        "Made by Samsyn on %(date)s from the förbund's records and settings. It is a draft "
        "until the förbund has reviewed and adopted it; once adopted, keep it with the "
        "förbund's records (it is an allmän handling) and make a new one when the facts "
        "change."
    ) % {"date": f.made.isoformat()}


PURPOSES = gettext_noop(
    "To follow up the insatser the förbund funds under the law on financial coordination "
    "(lag 2003:1210): who took part, from where, for how long and how they left, as counts for "
    "the förbund's plan, half-year and annual reports and the national follow-up; to run the "
    "indicator surveys; and to let the förbund's people sign in and to log what they do."
)


def record_of_processing(f: Facts) -> Report:
    report = _report(f, "registerforteckning", _("Record of processing activities"))
    report.texts = [
        (_("Controller"), _controller(f)),
        (_("Purposes"), _(PURPOSES)),
        (_("Legal basis"), _(
            "To be confirmed by the förbund: a task in the public interest (article 6.1 e) "
            "under lag 2003:1210, and for sensitive data article 9.2 g or h with the "
            "supplementing Swedish law the förbund relies on.")),
        (_("Where the data is processed"), _hosting(f)),
    ]
    report.tables = [_subjects(f), _roles(f), _outside(f), _retention(f), _security(f)]
    report.closing_texts = [(_("About this record"), _made(f))]
    return report


def _risks(f: Facts) -> Table:
    factor_roles = [r for r in f.roles if r.second_factor]
    missing = sum(r.users - r.with_device for r in factor_roles)
    participations = f.in_force[RecordKind.PARTICIPATIONS]
    rows: list[dict[str, Cell]] = [
        {"risk": _("Someone without the right reads participant records"),
         "measure": _("Rights by role; staff only their own insatser; every read logged"),
         "here": _("%(readers)s people may read records; second factor required for "
                   "%(roles)s; %(missing)s of them have not yet set it up")
         % {"readers": sum(r.users for r in f.roles if r.reads_records),
            "roles": ", ".join(r.label for r in factor_roles) or _("no role"),
            "missing": missing}},
        {"risk": _("A person is recognised in published figures"),
         "measure": _("Suppression of small counts, linked across periods; standard "
                      "periods that have ended only"),
         "here": _("threshold %(threshold)s; periods: %(periods)s")
         % {"threshold": f.threshold, "periods": f.published_periods}},
        {"risk": _("A personnummer leaks from Samsyn"),
         "measure": _("Only a keyed pseudonym is stored; error messages never repeat "
                      "what was typed"),
         "here": _("no personnummer stored")},
        {"risk": _("People with a protected identity are merged or exposed"),
         "measure": _("Placeholder and interim numbers are refused; such people get a local "
                      "code the insats keeps"),
         "here": _("in force")},
        {"risk": _("Records are kept longer than needed"),
         "measure": _("Gallring to counts under the board's decision"),
         "here": _decision_text(participations)},
        {"risk": _("Misuse is not discovered"),
         "measure": _("Hash-chained audit log of reads, changes and sign-ins"),
         "here": _("%(n)s entries for the förbund") % {"n": f.counts["audit"]}},
        {"risk": _("An account is taken over"),
         "measure": _("Sign-in brakes, second factor, single sign-on, session limits"),
         "here": _("brakes from %(n)s failures; single sign-on %(sso)s")
         % {"n": f.brake_attempts,
            "sso": _("required") if f.sso_required else
            (_("available") if f.sso_available else _("not set up"))}},
    ]
    return Table(title=_("Risks to the data subjects and the measures Samsyn takes"),
                 columns=[Column("risk", _("Risk")), Column("measure", _("Measure")),
                          Column("here", _("In this installation now"))],
                 rows=rows, section=_("Risks and measures"), key="risks",
                 note=_("The förbund judges likelihood, severity and the risk that remains."))


def impact_assessment(f: Facts) -> Report:
    report = _report(f, "konsekvensbedomning",
                     _("Data protection impact assessment (draft)"))
    c = f.counts
    report.texts = [
        (_("What is processed"), _(
            "%(name)s keeps a pseudonymous register of the participants in its insatser in "
            "%(installation)s: now %(participants)s participants with %(participations)s "
            "participations in %(with_records)s insatser, of which %(health)s hold a means "
            "of support that tells of health. The data is of people in a vulnerable "
            "position, on a large scale over the years, and includes sensitive data: an "
            "impact assessment is therefore made (article 35).")
            % {"name": f.name, "installation": f.installation, **c}),
        (_("Why"), _(PURPOSES)),
        (_("Necessity and proportionality"), _(
            "Without records per person the förbund cannot tell how many finished an insats "
            "to work or studies, which the national follow-up no longer gives. Samsyn keeps "
            "the least that answers it: a pseudonym instead of the personnummer, the birth "
            "year instead of the date, codes instead of free text; reports leave the office "
            "as counts, and records are reduced to counts under the gallring decision.")),
    ]
    report.tables = [_subjects(f), _risks(f), _roles(f), _security(f)]
    report.closing_texts = [
        (_("The förbund's judgement"), _(
            "To be completed by the förbund with its data protection officer: the risk that "
            "remains after the measures, whether it is acceptable, and whether the "
            "supervisory authority must be consulted (article 36).")),
        (_("About this assessment"), _made(f)),
    ]
    return report


def processor_agreement(f: Facts) -> Report:
    report = _report(f, "pub-avtal", _("Data processing agreement (template)"))
    provider = _not_given(f.hosting_provider)
    report.texts = [
        (_("Parties"), _(
            "%(name)s (organisation number %(org)s), the controller, and %(provider)s, the "
            "processor, which runs %(installation)s for the controller.")
            % {"name": f.name, "org": _not_given(f.org_number), "provider": provider,
               "installation": f.installation}),
        (_("Subject, nature and purpose"), _(
            "The processor hosts and operates the installation: servers, database, backups "
            "and updates. It processes the personal data only to do so, on the controller's "
            "documented instructions, for as long as this agreement runs. The categories of "
            "data subjects and of personal data are those in the tables below.")),
        (_("The processor's obligations"), _(
            "The processor shall: process the data only on documented instructions; ensure "
            "that those who process it are bound to confidentiality; take the measures of "
            "article 32; engage a sub-processor only with the controller's written consent "
            "and on the same terms; help the controller to answer the data subjects and to "
            "meet articles 32 to 36; report a personal data breach to the controller without "
            "undue delay; at the end delete or return all personal data, backups included; "
            "and give the controller what it needs to show compliance, audits included.")),
        (_("Where the data is processed"), _hosting(f)),
        (_("Sub-processors"), _("None unless listed here by the parties: ") + "______"),
    ]
    report.tables = [_subjects(f), _security(f), _retention(f)]
    sign = _("Place and date: ______________________\n\nSignature: ______________________"
             "\n\nName in print: ______________________")
    report.closing_texts = [
        (_("Signatures"), _("Signed in two copies, of which the parties have taken one each.")),
        (_("For %(name)s, controller") % {"name": f.name}, sign),
        (_("For %(name)s, processor") % {"name": provider}, sign),
        (_("About this template"), _made(f)),
    ]
    return report


# The address of each document under /f/<förbund>/dataskydd/ and its builder.
DOCUMENTS = {
    "registerforteckning": record_of_processing,
    "konsekvensbedomning": impact_assessment,
    "pub-avtal": processor_agreement,
}

"""Inviting a person to a förbund by e-mail, and the invitee accepting.

The administrator names an e-mail address and a role, never an account: whether the address
belongs to an account anywhere in the installation is not told to them (the answer is the same
either way), so no förbund can probe another's people. The invitee gets a one-time link that
expires (SAMSYN_INVITATION_DAYS); with it they set a password for a new account, or, if an
account with that address exists, accept after signing in to it.
"""

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.associations.models import Association, Invitation, Membership
from samsyn.audit.services import security_event


class InvitationRefused(Exception):
    """One sentence for the invitee."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(association: Association, email: str, role: str, interventions: Iterable[Any],
           sees_finance: bool, *, by: Any, link_for: Any, request: Any = None) -> Invitation:
    """Make an invitation and mail its link; link_for(token) gives the absolute URL.

    A pending invitation of the same address to the same förbund is replaced.
    """
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        Invitation.objects.filter(association=association, email__iexact=email,
                                  accepted__isnull=True).delete()
        invitation = Invitation.objects.create(
            association=association, email=email.strip(), role=role,
            sees_finance=sees_finance, token_hash=_hash(token),
            invited_by=by.get_username(),
            expires=timezone.now() + dt.timedelta(days=settings.SAMSYN_INVITATION_DAYS))
        invitation.interventions.set(list(interventions))
        security_event("invitation_sent", user=by, request=request, association=association,
                       detail={"email": invitation.email, "role": role})
    send_mail(
        _("Invitation to %(association)s in Samsyn") % {"association": association.name},
        _("%(who)s invites you to %(association)s in Samsyn as %(role)s.\n\n"
          "Open this link to accept; it works once, until %(until)s:\n%(link)s\n\n"
          "If you did not expect this, ignore this message.")
        % {"who": by.get_username(), "association": association.name,
           "role": invitation.get_role_display(), "link": link_for(token),
           "until": timezone.localtime(invitation.expires).strftime("%Y-%m-%d %H:%M")},
        None, [invitation.email])
    return invitation


def pending(token: str) -> Invitation | None:
    """The invitation a link names, if it is still unused and unexpired."""
    return (Invitation.objects.select_related("association")
            .filter(token_hash=_hash(token), accepted__isnull=True,
                    expires__gt=timezone.now()).first())


def holder_exists(invitation: Invitation) -> bool:
    """Whether an account has the invited address (told only to the link's holder)."""
    return get_user_model().objects.filter(email__iexact=invitation.email,
                                           is_active=True).exists()


def matches(invitation: Invitation, user: Any) -> bool:
    return bool(user.email) and user.email.casefold() == invitation.email.casefold()


def accept(invitation: Invitation, user: Any, request: Any = None) -> Membership:
    """The invitee, signed in to the account with the invited address, joins the förbund."""
    if not matches(invitation, user):
        raise InvitationRefused(_("This invitation was sent to another e-mail address."))
    with transaction.atomic():
        claimed = Invitation.objects.filter(pk=invitation.pk, accepted__isnull=True,
                                            expires__gt=timezone.now()
                                            ).update(accepted=timezone.now())
        if not claimed:
            raise InvitationRefused(_("This invitation has been used or has expired."))
        if Membership.objects.filter(user=user, association=invitation.association).exists():
            raise InvitationRefused(_("You already belong to this förbund."))
        membership = Membership.objects.create(user=user, association=invitation.association,
                                               role=invitation.role,
                                               sees_finance=invitation.sees_finance)
        membership.interventions.set(list(invitation.interventions.all()))
        security_event("invitation_accepted", user=user, request=request,
                       association=invitation.association,
                       detail={"role": invitation.role, "invited_by": invitation.invited_by})
    return membership


def create_account_and_accept(invitation: Invitation, username: str, password: str,
                              request: Any = None) -> Any:
    """A new account with the invited address (the password already validated)."""
    with transaction.atomic():
        user = get_user_model().objects.create_user(username=username, email=invitation.email,
                                                    password=password)
        accept(invitation, user, request)
    return user


def withdraw(invitation: Invitation, *, by: Any, request: Any = None) -> None:
    with transaction.atomic():
        security_event("invitation_withdrawn", user=by, request=request,
                       association=invitation.association,
                       detail={"email": invitation.email, "role": invitation.role})
        invitation.delete()

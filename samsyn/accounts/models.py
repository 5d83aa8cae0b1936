from django.db import models
from django.utils.translation import gettext_lazy as _

from samsyn.associations.models import Association


class SingleSignOn(models.Model):
    """A förbund's sign-in through its members' identity provider (OpenID Connect)."""

    association = models.OneToOneField(Association, on_delete=models.CASCADE,
                                       related_name="single_sign_on",
                                       verbose_name=_("association"))
    required = models.BooleanField(
        _("single sign-on is the only way in"), default=False,
        help_text=_("When set, the förbund's users cannot sign in with a password."))

    class Meta:
        verbose_name = _("single sign-on")
        verbose_name_plural = _("single sign-on")

    def __str__(self) -> str:
        return str(self.association)

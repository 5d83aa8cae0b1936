"""The statements every signed-in request makes, written out (samsyn/web/rows.py), give the
very objects the ORM's querysets gave: the same fields, the same Python types."""

import datetime as dt

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client, RequestFactory
from django.utils import timezone
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from samsyn.accounts.backends import PasswordBackend
from samsyn.accounts.middleware import SessionDevice
from samsyn.associations.access import memberships_of
from samsyn.associations.models import Association, Membership
from samsyn.testing import log_in_verified, make_world, second_factor_device
from samsyn.web.sessions import SessionStore


def _fields(obj):
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def _same(ours, theirs):
    assert type(ours) is type(theirs)
    assert ours._state.db == theirs._state.db and ours._state.adding is False
    for name, value in _fields(theirs).items():
        assert getattr(ours, name) == value, name
        assert type(getattr(ours, name)) is type(value), name


def test_the_user_is_the_orms_user(alfa):
    user = alfa.users["office"]
    user.last_login = timezone.now()
    user.save()
    read = PasswordBackend().get_user(user.pk)
    _same(read, type(user).objects.get(pk=user.pk))
    assert isinstance(read.last_login, dt.datetime) and read.last_login.tzinfo is not None
    assert PasswordBackend().get_user(10**9) is None


def test_the_memberships_are_the_orms_with_their_forbund_read_along(alfa,
                                                                     django_assert_num_queries):
    beta = make_world("beta")
    user = alfa.users["staff"]
    user.memberships.update(sees_finance=True)
    Membership.objects.create(user=user, association=beta.association, role="office")
    request = RequestFactory().get("/")
    request.user = user
    ours = memberships_of(request)
    theirs = list(Membership.objects.select_related("association").filter(user=user)
                  .order_by("pk"))
    assert [m.pk for m in ours] == [m.pk for m in theirs] and len(ours) == 2
    with django_assert_num_queries(0):
        for mine, orms in zip(ours, theirs, strict=True):
            _same(mine, orms)
            _same(mine.association, orms.association)
    assert isinstance(ours[0].association, Association)


def test_the_device_is_django_otps_device_and_nothing_else_is(alfa):
    user = alfa.users["office"]
    totp = second_factor_device(user)
    recovery = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    middleware = SessionDevice(lambda request: None)
    for device in (totp, recovery):
        _same(middleware._device_from_persistent_id(device.persistent_id),
              Device.from_persistent_id(device.persistent_id))
    for wrong in ("otp_totp.totpdevice/999999", "otp_totp.totpdevice/x", "nothing.here/1",
                  "auth.user/1", "no-slash"):
        assert middleware._device_from_persistent_id(wrong) is None, wrong
    # The legacy form of a persistent id (a dotted path) is read as django-otp reads it.
    legacy = f"django_otp.plugins.otp_totp.models.TOTPDevice/{totp.pk}"
    assert middleware._device_from_persistent_id(legacy) == totp


def test_a_device_of_another_user_or_unconfirmed_verifies_no_one(alfa):
    office, board = alfa.users["office"], alfa.users["board"]
    client = log_in_verified(Client(), office)
    assert client.get("/f/alfa/").status_code == 200
    session = client.session
    session["otp_device_id"] = second_factor_device(board).persistent_id
    session.save()
    assert client.get("/f/alfa/").status_code == 302
    client = log_in_verified(Client(), office)
    TOTPDevice.objects.filter(user=office).update(confirmed=False)
    assert client.get("/f/alfa/").status_code == 302


@pytest.mark.django_db
def test_the_session_is_the_orms_and_an_expired_one_is_no_session():
    store = SessionStore()
    store[SESSION_KEY] = "7"
    store.create()
    key = store.session_key
    read = SessionStore(key)._get_session_from_db()
    _same(read, Session.objects.get(session_key=key))
    assert SessionStore(key).load()[SESSION_KEY] == "7"
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1))
    expired = SessionStore(key)
    assert expired.load() == {}
    assert expired.session_key is None
    assert SessionStore("x" * 32).load() == {}

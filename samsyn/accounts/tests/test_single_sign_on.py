"""Single sign-on against a small OpenID Connect provider on loopback, with real signed tokens."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from django.urls import reverse

from samsyn.accounts.models import SingleSignOn, SsoIdentity
from samsyn.accounts.oidc import LINK_SESSION_KEY, NIN_ISSUER, mfa_asserted, nin_digest
from samsyn.audit.models import AuditEntry
from samsyn.testing import PASSWORD, log_in_verified

CLIENT_ID = "samsyn-test"
HOME = "/f/alfa/"


class Provider:
    """Hands out an id_token signed with its own RSA key, with the claims a test sets."""

    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        self.jwks = {"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]}
        self.claims = {}
        self.nonce = ""
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, data):
                body = json.dumps(data).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                if self.path.startswith("/jwks"):
                    self._json(provider.jwks)
                else:
                    self._json({"sub": provider.claims["sub"],
                                "email": provider.claims.get("email", ""),
                                "email_verified": True})

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                now = int(time.time())
                token = jwt.encode({"iss": provider.url, "aud": CLIENT_ID,
                                    "nonce": provider.nonce, "iat": now, "exp": now + 300,
                                    **provider.claims},
                                   provider.key, algorithm="RS256", headers={"kid": "k1"})
                self._json({"id_token": token, "access_token": "at", "token_type": "Bearer"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def provider(settings):
    p = Provider()
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = p.url + "/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = p.url + "/token"
    settings.OIDC_OP_USER_ENDPOINT = p.url + "/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = p.url + "/jwks"
    settings.SAMSYN_OIDC_ENABLED = True
    yield p
    p.server.shutdown()


MFA = {"amr": ["pwd", "mfa"]}


def _sso(client, provider, **claims):
    start = client.get(reverse("oidc_authentication_init"), {"next": HOME})
    query = parse_qs(urlparse(start["Location"]).query)
    provider.claims, provider.nonce = {"sub": "u1", **claims}, query["nonce"][0]
    return client.get(reverse("oidc_authentication_callback"),
                      {"code": "c1", "state": query["state"][0]})


def _linked(user, provider, subject="u1"):
    return SsoIdentity.objects.create(user=user, issuer=provider.url, subject=subject)


def test_a_linked_user_signs_in_by_subject_and_the_providers_mfa_is_the_second_factor(
        alfa, provider):
    user = alfa.users["office"]
    _linked(user, provider)
    client = Client()
    _sso(client, provider, **MFA)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(HOME).status_code == 200


def test_a_sign_in_the_provider_does_not_say_had_a_second_factor_asks_for_ours(
        alfa, provider):
    user = alfa.users["office"]
    _linked(user, provider)
    client = Client()
    _sso(client, provider, amr=["pwd"])
    assert client.session["_auth_user_id"] == str(user.pk)
    page = client.get(HOME)
    assert page.status_code == 302 and page["Location"].startswith("/konto/tvastegs/")
    assert client.get(reverse("api_members", args=["alfa"])).status_code == 403


def test_the_accepted_values_are_a_setting_and_acr_counts_too(alfa, provider, settings):
    settings.SAMSYN_OIDC_MFA_VALUES = ["http://id.elegnamnden.se/loa/1.0/loa3"]
    _linked(alfa.users["analyst"], provider)
    client = Client()
    _sso(client, provider, acr="http://id.elegnamnden.se/loa/1.0/loa3")
    assert client.get(HOME).status_code == 200
    other = Client()
    _sso(other, provider, **MFA)  # no longer one of the accepted values
    assert other.get(HOME).status_code == 302


def test_an_e_mail_address_alone_finds_no_one(alfa, provider):
    user = alfa.users["office"]
    user.email = "kansli@alfa.example"
    user.save()
    client = Client()
    _sso(client, provider, email="kansli@alfa.example", **MFA)
    assert "_auth_user_id" not in client.session
    told = client.get("/konto/logga-in/").content.decode()
    assert "inte kopplat" in told and reverse("sso_identities") in told


def test_the_user_links_their_account_after_the_second_factor(alfa, provider, login):
    user = alfa.users["analyst"]
    client = login(user)
    start = client.post(reverse("sso_identities"))
    assert start.status_code == 302
    init = client.get(start["Location"])
    query = parse_qs(urlparse(init["Location"]).query)
    provider.claims, provider.nonce = {"sub": "analytiker-7", "amr": ["pwd"]}, query["nonce"][0]
    client.get(reverse("oidc_authentication_callback"),
               {"code": "c1", "state": query["state"][0]})
    identity = SsoIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (provider.url, "analytiker-7")
    assert AuditEntry.objects.filter(action="sso_linked", username=user.username).exists()
    fresh = Client()
    _sso(fresh, provider, sub="analytiker-7", **MFA)
    assert fresh.session["_auth_user_id"] == str(user.pk)


def test_a_password_alone_cannot_link_an_identity(alfa, provider):
    user = alfa.users["office"]
    client = Client()
    client.post("/konto/logga-in/", {"username": user.username, "password": PASSWORD})
    assert client.post(reverse("sso_identities"))["Location"].startswith("/konto/tvastegs/")
    # Even with the link asked for in the session, the provider's answer links nothing.
    session = client.session
    session[LINK_SESSION_KEY] = user.pk
    session.save()
    _sso(client, provider, sub="angripare", **MFA)
    assert not SsoIdentity.objects.filter(user=user).exists()


def test_a_personal_identity_number_matches_only_when_allowed(alfa, provider, settings):
    user = alfa.users["office"]
    SsoIdentity.objects.create(user=user, issuer=NIN_ISSUER,
                               subject=nin_digest("19800101-1234"))
    client = Client()
    _sso(client, provider, sub="annan", nin="198001011234", **MFA)
    assert "_auth_user_id" not in client.session
    settings.SAMSYN_OIDC_MATCH_NIN = True
    _sso(client, provider, sub="annan", nin="198001011234", **MFA)
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_provider_creates_no_accounts(alfa, provider):
    client = Client()
    _sso(client, provider, sub="okand", **MFA)
    assert "_auth_user_id" not in client.session


def test_a_token_signed_by_someone_else_is_refused(alfa, provider):
    _linked(alfa.users["office"], provider)
    provider.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    client = Client()
    _sso(client, provider, **MFA)
    assert "_auth_user_id" not in client.session


def test_a_forbund_can_make_sso_the_only_way_in(alfa, provider):
    user = alfa.users["board"]
    _linked(user, provider)
    login = {"username": user.username, "password": PASSWORD}
    assert Client().post("/konto/logga-in/", login).status_code == 302
    SingleSignOn.objects.create(association=alfa.association, required=True)
    refused = Client().post("/konto/logga-in/", login)
    assert refused.status_code == 200
    client = Client()
    _sso(client, provider)
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_forbunds_admin_sets_sso_as_the_only_way_in(alfa):
    url = reverse("sign_in_settings", args=["alfa"])
    assert log_in_verified(Client(), alfa.users["board"]).get(url).status_code == 403
    client = log_in_verified(Client(), alfa.users["admin"])
    assert client.post(url, {"required": "on"}).status_code == 302
    assert SingleSignOn.objects.get(association=alfa.association).required


def test_mfa_is_read_from_amr_lists_strings_and_acr():
    accepted = ["mfa", "otp"]
    assert mfa_asserted({"amr": ["pwd", "otp"]}, accepted)
    assert mfa_asserted({"amr": "MFA"}, accepted)
    assert mfa_asserted({"acr": "mfa"}, accepted)
    assert not mfa_asserted({"amr": ["pwd"], "acr": "loa1"}, accepted)
    assert not mfa_asserted({"amr": {"mfa": True}}, accepted)
    assert not mfa_asserted({}, accepted)

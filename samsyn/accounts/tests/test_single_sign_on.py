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

from samsyn.accounts.models import SingleSignOn
from samsyn.testing import PASSWORD

CLIENT_ID = "samsyn-test"
HOME = "/f/alfa/"


class Provider:
    """Hands out an id_token signed with its own RSA key for whoever `email` is."""

    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        self.jwks = {"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]}
        self.email = ""
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
                    self._json({"sub": "u1", "email": provider.email, "email_verified": True})

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                now = int(time.time())
                token = jwt.encode({"iss": provider.url, "aud": CLIENT_ID, "sub": "u1",
                                    "email": provider.email, "nonce": provider.nonce,
                                    "iat": now, "exp": now + 300},
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
    yield p
    p.server.shutdown()


def _sso(client, provider, email):
    start = client.get(reverse("oidc_authentication_init"), {"next": HOME})
    query = parse_qs(urlparse(start["Location"]).query)
    provider.email, provider.nonce = email, query["nonce"][0]
    return client.get(reverse("oidc_authentication_callback"),
                      {"code": "c1", "state": query["state"][0]})


def test_a_known_user_signs_in_through_the_provider_and_needs_no_second_factor(alfa, provider):
    user = alfa.users["office"]
    user.email = "kansli@alfa.example"
    user.save()
    client = Client()
    _sso(client, provider, "Kansli@alfa.example")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(HOME).status_code == 200


def test_the_provider_creates_no_accounts(alfa, provider):
    client = Client()
    _sso(client, provider, "okand@example.org")
    assert "_auth_user_id" not in client.session


def test_a_token_signed_by_someone_else_is_refused(alfa, provider):
    user = alfa.users["office"]
    user.email = "kansli@alfa.example"
    user.save()
    provider.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    client = Client()
    _sso(client, provider, "kansli@alfa.example")
    assert "_auth_user_id" not in client.session


def test_a_forbund_can_make_sso_the_only_way_in(alfa, provider):
    user = alfa.users["board"]
    user.email = "styrelse@alfa.example"
    user.save()
    login = {"username": user.username, "password": PASSWORD}
    assert Client().post("/konto/logga-in/", login).status_code == 302
    SingleSignOn.objects.create(association=alfa.association, required=True)
    refused = Client().post("/konto/logga-in/", login)
    assert refused.status_code == 200
    client = Client()
    _sso(client, provider, "styrelse@alfa.example")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_forbunds_admin_sets_sso_as_the_only_way_in(alfa, login):
    client = login(alfa.users["admin"])
    url = reverse("sign_in_settings", args=["alfa"])
    assert client.post(url, {"required": "on"}).status_code == 302
    assert SingleSignOn.objects.get(association=alfa.association).required
    board = login(alfa.users["board"])
    assert board.get(url).status_code == 403

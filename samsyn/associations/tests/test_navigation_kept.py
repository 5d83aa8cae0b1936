"""The förbund's menu and trail are rendered once and kept, and still show each reader theirs."""

from django.test import Client
from django.urls import reverse

from samsyn.testing import log_in_verified

HOME = "/f/alfa/"


def _menu(html):
    start = html.index('class="nav"')
    return html[start:html.index("</nav>", start)]


def test_a_role_never_gets_the_menu_kept_for_another(alfa):
    admin = log_in_verified(Client(), alfa.users["admin"]).get(HOME).content.decode()
    office = log_in_verified(Client(), alfa.users["office"]).get(HOME).content.decode()
    staff = log_in_verified(Client(), alfa.users["staff"]).get(HOME).content.decode()
    assert "Användare" in _menu(admin)
    assert "Användare" not in _menu(office) and "Publicera nationellt" in _menu(office)
    assert "Publicera nationellt" not in _menu(staff) and "Ekonomi" not in _menu(staff)


def test_a_renamed_forbund_shows_its_new_name_in_the_trail(alfa):
    client = log_in_verified(Client(), alfa.users["office"])
    path = reverse("intervention_list", args=["alfa"])
    client.get(path)
    alfa.association.name = "Samordningsförbundet Nytt Namn"
    alfa.association.save()
    html = client.get(path).content.decode()
    crumbs = html[html.index('class="crumbs"'):html.index("</nav>", html.index('class="crumbs"'))]
    assert "Samordningsförbundet Nytt Namn" in crumbs


def test_the_menu_follows_the_language(alfa):
    client = log_in_verified(Client(), alfa.users["office"])
    assert "Insatser" in _menu(client.get(HOME).content.decode())
    client.cookies["django_language"] = "en"
    english = client.get(HOME, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Interventions" in _menu(english) and "Insatser" not in _menu(english)


def test_the_account_menu_names_its_own_reader(alfa):
    for role in ("office", "admin"):
        user = alfa.users[role]
        html = log_in_verified(Client(), user).get(HOME).content.decode()
        menu = html[html.index('class="account-menu"'):]
        assert f'<p class="account-menu__who">{user.username}</p>' in menu
        other = alfa.users["admin" if role == "office" else "office"].username
        assert other not in menu

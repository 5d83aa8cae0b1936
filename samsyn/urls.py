from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from samsyn.accounts import account_views as own_account
from samsyn.accounts import keys as account_keys
from samsyn.accounts import views as account_views
from samsyn.home.urls import public_patterns as home_public_patterns
from samsyn.home.views import home
from samsyn.national.urls import association_patterns as national_association_patterns
from samsyn.surveys.urls import public_patterns as survey_public_patterns
from samsyn.web.views import favicon

# Every page of one förbund lives under /f/<association_slug>/; each app adds its own.
association_patterns = [
    path("", include("samsyn.home.urls")),
    path("", include("samsyn.associations.urls")),
    path("", include("samsyn.interventions.urls")),
    path("ekonomi/", include("samsyn.finance.urls")),
    path("", include("samsyn.participants.urls")),
    path("", include("samsyn.surveys.urls")),
    path("", include("samsyn.reports.urls")),
    path("", include("samsyn.periods.urls")),
    path("", include(national_association_patterns)),
    path("", include("samsyn.accounts.urls")),
]

urlpatterns = [
    # First: nearly every request is a förbund's page, and Django tries the patterns in
    # order. No pattern listed below matches a path starting "f/" (a route starting with a
    # converter would), so the order changes no page, only how many patterns are tried.
    path("f/<slug:association_slug>/", include(association_patterns)),
    path("", home, name="home"),
    path("favicon.ico", favicon),
    path("konto/", own_account.account_home, name="account"),
    path("konto/tvastegs/av/", own_account.second_factor_off, name="second_factor_off"),
    path("konto/inloggningar/", own_account.session_list, name="sessions"),
    path("konto/inloggningar/avsluta-andra/", own_account.session_end_others,
         name="sessions_end_others"),
    path("konto/logga-in/",
         auth_views.LoginView.as_view(redirect_authenticated_user=True,
                                      extra_context={"sso": settings.SAMSYN_OIDC_ENABLED,
                                                     "sso_name": settings.SAMSYN_OIDC_NAME}),
         name="login"),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/losenord/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("konto/losenord/klart/", auth_views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
    path("konto/losenord/glomt/", auth_views.PasswordResetView.as_view(),
         name="password_reset"),
    path("konto/losenord/glomt/skickat/", auth_views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("konto/losenord/nytt/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("konto/losenord/nytt/klart/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("konto/tvastegs/", account_views.second_factor_verify, name="second_factor_verify"),
    path("konto/tvastegs/ny/", account_views.second_factor_setup, name="second_factor_setup"),
    path("konto/tvastegs/reservkoder/", account_views.recovery_codes, name="recovery_codes"),
    path("konto/sso/", account_views.sso_identities, name="sso_identities"),
    path("konto/api-nycklar/", account_keys.key_list, name="api_keys"),
    path("konto/api-nycklar/<int:token_id>/aterkalla/", account_keys.key_revoke,
         name="api_key_revoke"),
    path("konto/inbjudan/<str:token>/", account_views.invitation_accept,
         name="invitation_accept"),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    *survey_public_patterns,
    *home_public_patterns,
    path("", include("samsyn.catalog.urls")),
    path("", include("samsyn.api.urls")),
    path("", include("samsyn.national.urls")),
    path("admin/", admin.site.urls),
]

# Swedish pages inside the layout; under /api/ the 404 stays JSON (samsyn.errors).
handler403 = "samsyn.errors.permission_denied"
handler404 = "samsyn.errors.page_not_found"
handler500 = "samsyn.errors.server_error"

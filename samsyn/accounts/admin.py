from django.contrib import admin

from samsyn.accounts.models import SingleSignOn

admin.site.register(SingleSignOn)

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonThrottle(AnonRateThrottle):
    def get_rate(self) -> str:
        return str(settings.SAMSYN_API_RATES["anon"])


class UserThrottle(UserRateThrottle):
    def get_rate(self) -> str:
        return str(settings.SAMSYN_API_RATES["user"])

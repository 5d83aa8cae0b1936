from django.apps import AppConfig
from django.urls import register_converter

from samsyn.web.converters import YearConverter


class WebConfig(AppConfig):
    name = "samsyn.web"

    def ready(self) -> None:
        # Before any URLconf is read: every app's urls.py writes years as <year:year>.
        register_converter(YearConverter, "year")

from samsyn.web.years import is_year


class YearConverter:
    """A year in a URL: four digits, of a year a förbund can have. `<int:...>` would take any
    length, and a year of 25 digits overflows the date arithmetic behind every page of a
    year; year 0 has no date and year 9999 no year after it (a 500 instead of a 404)."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not is_year(year):
            raise ValueError(value)  # no match: the URL is not found
        return year

    def to_url(self, value: int) -> str:
        return f"{int(value):04d}"

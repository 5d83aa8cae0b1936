"""URL converters of our own."""


class YearConverter:
    """A year in a URL: four digits. `<int:...>` would take any length, and a year of 25 digits
    overflows the date arithmetic behind every page of a year (a 500 instead of a 404)."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{int(value):04d}"

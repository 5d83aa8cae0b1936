"""The years a förbund can have. Finsam began in 2004; no förbund has a year before it, nor one
after 2100 (a year of 25 digits overflows the date arithmetic behind every page of a year).

On the lowest floor so that every app takes the same bounds: the URL converter, the ?year=
reader (samsyn.associations.years), the national view, the API and the forms and models.
Plain values: no Django."""

FIRST_YEAR = 2004
LAST_YEAR = 2100


def is_year(year: int) -> bool:
    """Whether a förbund can have this year."""
    return FIRST_YEAR <= year <= LAST_YEAR

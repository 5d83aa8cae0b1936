"""How answers on a scale band into negative, neither and positive (002 Bilaga 2).

"Klart positivt" is a part of positive, not a fourth band. Answers outside the scale and "vet
ej" (no value) count in no band: shares are of those who placed themselves on the scale.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Scale:
    low: int
    high: int
    negative_max: int
    positive_min: int
    clearly_positive_min: int

    def __post_init__(self) -> None:
        if not (self.low <= self.negative_max < self.positive_min
                <= self.clearly_positive_min <= self.high):
            raise ValueError("the bands must follow each other within the scale")

    def band(self, value: int) -> str | None:
        if not self.low <= value <= self.high:
            return None
        if value <= self.negative_max:
            return "negative"
        if value >= self.positive_min:
            return "positive"
        return "neither"


@dataclass(frozen=True)
class Shares:
    answers: int
    negative: Decimal | None
    neither: Decimal | None
    positive: Decimal | None
    clearly_positive: Decimal | None

    def as_json(self) -> dict[str, object]:
        return {"answers": self.answers, "negative": self.negative, "neither": self.neither,
                "positive": self.positive, "clearly_positive": self.clearly_positive}


def shares(scale: Scale, values: Iterable[int | None]) -> Shares:
    counts = {"negative": 0, "neither": 0, "positive": 0}
    clearly = 0
    for value in values:
        if value is None:
            continue
        band = scale.band(value)
        if band is None:
            continue
        counts[band] += 1
        if value >= scale.clearly_positive_min:
            clearly += 1
    total = sum(counts.values())

    def part(n: int) -> Decimal | None:
        if not total:
            return None
        return (Decimal(n) / Decimal(total)).quantize(Decimal("0.0001"), ROUND_HALF_UP)

    return Shares(total, part(counts["negative"]), part(counts["neither"]),
                  part(counts["positive"]), part(clearly))


def response_rate(answers: int, asked: int) -> Decimal | None:
    if not asked:
        return None
    return (Decimal(answers) / Decimal(asked)).quantize(Decimal("0.0001"), ROUND_HALF_UP)

"""generate_dataset: a small national installation, the same from the same seed."""

from io import StringIO

from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F

from samsyn.associations.models import Association
from samsyn.participants import queries
from samsyn.participants.models import Participant, Participation
from samsyn.surveys.models import Answer


def generate(seed=7):
    out = StringIO()
    call_command("generate_dataset", "--associations", "3", "--participations", "600",
                 "--years", "3", "--seed", str(seed), stdout=out)
    return out.getvalue()


def figures():
    return {a.slug: queries.compute(list(a.interventions.values_list("pk", "slug")),
                                    queries.year(2024)).per[queries.ALL].as_json()
            for a in Association.objects.filter(slug__startswith="gen-")}


def test_a_small_installation_has_every_part(db):
    out = generate()
    assert "3 förbund" in out and "600 participations" in out
    generated = Association.objects.filter(slug__startswith="gen-")
    assert generated.count() == 3
    assert Participation.objects.filter(intervention__association__in=generated).count() == 600
    for association in generated:
        assert association.members.filter(kind="kommun", populations__isnull=False).exists()
        assert association.budget_lines.filter(scenario="outcome").exists()
    assert Answer.objects.exists()
    closed = Participation.objects.filter(end_date__isnull=False)
    assert not closed.filter(exit_reason="").exists()
    assert not closed.filter(end_date__lt=F("start_date")).exists()
    # Some people take part more than once, and the pseudonyms are hashes of random codes.
    repeated = (Participation.objects.values("participant").annotate(n=Count("id"))
                .filter(n__gt=1))
    assert repeated.exists()
    assert all(len(p) == 64 for p in Participant.objects.values_list("pseudonym", flat=True))


class Undo(Exception):
    pass


def test_the_same_seed_gives_the_same_figures(db):
    try:
        with transaction.atomic():
            generate(seed=3)
            first = figures()
            pseudonyms = set(Participant.objects.values_list("pseudonym", flat=True))
            raise Undo
    except Undo:
        pass
    assert not Association.objects.filter(slug__startswith="gen-").exists()
    generate(seed=3)
    assert figures() == first
    assert set(Participant.objects.values_list("pseudonym", flat=True)) == pseudonyms
    assert sum(f["new"]["total"] for f in first.values()) > 0

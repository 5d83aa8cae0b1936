"""What the management commands that read a förbund's file share."""

from pathlib import Path

from django.core.management.base import CommandError

from samsyn.associations.models import Association


def association_or_error(slug: str) -> Association:
    association = Association.objects.filter(slug=slug).first()
    if association is None:
        raise CommandError(f"no förbund with the short name {slug!r}")
    return association


def read_bytes_or_error(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CommandError(f"{path}: {exc.strerror}") from exc

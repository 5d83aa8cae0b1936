"""The second factor's devices: a TOTP app and a sheet of recovery codes."""

import base64
import secrets
from typing import Any

import segno
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10


def has_device(user: Any) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists()
                or StaticDevice.objects.filter(user=user, confirmed=True,
                                               token_set__isnull=False).exists())


def pending_totp(user: Any) -> TOTPDevice:
    """The app being enrolled: made once, shown until a code from it is given."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The key as an authenticator app asks for it: base32, in groups of four."""
    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def qr_svg(uri: str) -> str:
    """The otpauth:// URI as a QR code in SVG, drawn here: the key never leaves the server.

    segno draws with attributes only (no style attribute), so the inline SVG passes the
    Content-Security-Policy without 'unsafe-inline'. The light modules are drawn white so a
    dark page around it cannot make the code unreadable.
    """
    return str(segno.make(uri, error="m", micro=False).svg_inline(
        scale=4, border=4, dark="#000", light="#fff", omitsize=True, svgclass="qr"))


def remove_devices(user: Any) -> None:
    """Turn the second factor off: the app and the recovery codes."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def new_recovery_codes(user: Any) -> list[str]:
    """Replace the user's recovery codes with fresh ones; each works once."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name="recovery",
                                                          defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes

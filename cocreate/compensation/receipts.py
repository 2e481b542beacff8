"""Receipts: photos or PDFs of costs claimed at actual cost, checked and kept out of the public web.

A file is accepted by what it is, read from its first bytes (JPEG, PNG, HEIC/HEIF, WebP or PDF), not
by its name or the type the browser claims, and only up to `settings.RECEIPT_MAX_BYTES` (10 MB). It
is stored with Django's default storage under MEDIA_ROOT with a random name (`models.receipt_path`);
no URL serves MEDIA_ROOT, only `views_claims.receipt`, which asks `may_see_receipt` first.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from cocreate.core.access import Tenant
from cocreate.core.errors import WriteError

from .models import Receipt

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/heic": "heic",
    "image/webp": "webp",
    "application/pdf": "pdf",
}


def max_bytes() -> int:
    return int(getattr(settings, "RECEIPT_MAX_BYTES", DEFAULT_MAX_BYTES))


def sniff(head: bytes) -> str | None:
    """The content type the first bytes of a file show, among those accepted; None for anything else."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in HEIC_BRANDS:
        return "image/heic"
    return None


def check(upload, field: str = "receipt") -> str:
    """The upload's content type, or WriteError at `field` (not an image or PDF; too big; empty)."""
    size = getattr(upload, "size", None) or 0
    if size <= 0:
        raise WriteError({field: _("This file is empty. Take the photo again, or choose another file.")})
    if size > max_bytes():
        raise WriteError(
            {
                field: _("This file is %(size)s MB; a receipt can be up to %(max)s MB. Take a smaller photo.")
                % {"size": round(size / 1024 / 1024, 1), "max": max_bytes() // (1024 * 1024)}
            }
        )
    upload.seek(0)
    head = upload.read(32)
    upload.seek(0)
    kind = sniff(head)
    if kind is None:
        raise WriteError({field: _("A receipt must be a photo (JPEG, PNG, HEIC or WebP) or a PDF.")})
    return kind


def store(organization, upload, *, acting_user, field: str = "receipt", claim=None) -> Receipt:
    """Check the upload and keep it as a receipt (of `claim`, or waiting for the claim it is sent with)."""
    content_type = check(upload, field)
    name = (getattr(upload, "name", "") or "receipt")[-200:]
    receipt = Receipt(
        organization=organization,
        claim=claim,
        original_name=name,
        content_type=content_type,
        size=upload.size,
        uploaded_by=acting_user,
    )
    receipt.file.save(name, upload, save=False)
    receipt.save()
    return receipt


def may_see_receipt(tenant: Tenant, receipt: Receipt) -> bool | None:
    """True for the claimant (or the one who uploaded it, before it was sent), an approver of the
    claim's community ("claim.approve" there) and finance; None when the claim's community is out of
    sight (404); False otherwise (403)."""
    user = tenant.user
    claim = receipt.claim
    if claim is None:
        return True if receipt.uploaded_by_id == user.pk else None
    if claim.partner.user_id == user.pk:
        return True
    if tenant.can("claim.approve", claim.community_id) or tenant.can("claim.pay"):
        return True
    if not (tenant.sees_every_community or claim.community_id in tenant.community_roles):
        return None
    return False


def filename_for(receipt: Receipt) -> str:
    """A plain download name: receipt-<pk>.<ext>, whatever the uploader called the file."""
    return f"receipt-{receipt.pk}.{EXTENSIONS.get(receipt.content_type, 'bin')}"

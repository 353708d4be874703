"""Encryption at rest of citizens' personal data (第二十一条): AES-256-GCM, key from the environment.

PERSONAL_DATA_KEY is 32 random bytes, base64-encoded (`python -c "import os,base64;
print(base64.b64encode(os.urandom(32)).decode())"`). From it two keys are derived with HKDF: one
encrypts, one makes the keyed hash (HMAC-SHA256) that lets staff search by an exact phone number
without decrypting every row. Ciphertext format: "v1:" + base64(nonce(12) + ciphertext + tag).
"""

import base64
import hashlib
import hmac
import os
import re
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "v1:"


@lru_cache(maxsize=4)
def _keys(master_b64):
    try:
        master = base64.b64decode(master_b64, validate=True)
    except ValueError as exc:
        raise ImproperlyConfigured("PERSONAL_DATA_KEY must be base64.") from exc
    if len(master) != 32:
        raise ImproperlyConfigured("PERSONAL_DATA_KEY must decode to 32 bytes.")

    def derive(label):
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label).derive(master)

    return derive(b"ganfutong personal data encryption"), derive(b"ganfutong personal data search hash")


def _encryption_key():
    return _keys(settings.PERSONAL_DATA_KEY)[0]


def _hash_key():
    return _keys(settings.PERSONAL_DATA_KEY)[1]


def encrypt(plaintext):
    if plaintext is None or plaintext == "":
        return plaintext
    nonce = os.urandom(12)
    sealed = AESGCM(_encryption_key()).encrypt(nonce, str(plaintext).encode(), None)
    return PREFIX + base64.b64encode(nonce + sealed).decode()


def decrypt(token):
    if token is None or token == "":
        return token
    if not str(token).startswith(PREFIX):
        raise ValueError("not an encrypted value")
    raw = base64.b64decode(token[len(PREFIX):])
    return AESGCM(_encryption_key()).decrypt(raw[:12], raw[12:], None).decode()


def normalize_phone(phone):
    digits = re.sub(r"\D", "", str(phone or ""))
    return digits[2:] if digits.startswith("86") and len(digits) == 13 else digits


def search_hash(value):
    """Keyed hash for exact-match search; the same input always gives the same hash."""
    if not value:
        return ""
    return hmac.new(_hash_key(), str(value).encode(), hashlib.sha256).hexdigest()

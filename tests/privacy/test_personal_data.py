"""Encryption, search hash and masking of citizens' personal data (kernel helpers reused by chapters)."""

import base64
import os

import pytest
from django.core.exceptions import ImproperlyConfigured

from ganfutong_admin.audit.models import EventKind, SecurityEvent
from ganfutong_admin.privacy import crypto
from ganfutong_admin.privacy.masking import display, mask_id_number, mask_name, mask_phone


def test_round_trip_and_fresh_nonce_each_time():
    a = crypto.encrypt("13812345678")
    b = crypto.encrypt("13812345678")
    assert a.startswith("v1:") and b.startswith("v1:")
    assert a != b  # random nonce: equal plaintexts do not give equal ciphertexts
    assert "13812345678" not in a
    assert crypto.decrypt(a) == crypto.decrypt(b) == "13812345678"


def test_tampered_ciphertext_is_refused():
    token = crypto.encrypt("360102199001011234")
    raw = bytearray(base64.b64decode(token[3:]))
    raw[-1] ^= 1
    with pytest.raises(Exception):  # noqa: B017 - cryptography raises InvalidTag
        crypto.decrypt("v1:" + base64.b64encode(bytes(raw)).decode())


def test_another_key_cannot_read(settings):
    token = crypto.encrypt("张三")
    settings.PERSONAL_DATA_KEY = base64.b64encode(os.urandom(32)).decode()
    with pytest.raises(Exception):  # noqa: B017
        crypto.decrypt(token)


def test_bad_key_is_a_configuration_error(settings):
    settings.PERSONAL_DATA_KEY = base64.b64encode(b"short").decode()
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("x")


def test_search_hash_is_keyed_and_stable(settings):
    assert crypto.search_hash(crypto.normalize_phone("+86 138-1234-5678")) == crypto.search_hash("13812345678")
    before = crypto.search_hash("13812345678")
    settings.PERSONAL_DATA_KEY = base64.b64encode(os.urandom(32)).decode()
    assert crypto.search_hash("13812345678") != before


def test_masks():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("360102199001011234") == "360***********1234"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳小明") == "欧***"


@pytest.mark.django_db
def test_unmask_needs_the_permission_and_is_logged(make_user):
    from django.contrib.auth.models import Permission

    clerk = make_user("clerk", "submitter", "360102")
    assert display("13812345678", "phone", clerk, unmask=True) == "138****5678"
    assert not SecurityEvent.objects.filter(kind=EventKind.UNMASK).exists()

    officer = make_user("officer", "submitter", "360102")
    officer.user_permissions.add(Permission.objects.get(codename="unmask_personal_data"))
    officer = type(officer).objects.get(pk=officer.pk)  # drop the permission cache
    assert display("13812345678", "phone", officer) == "138****5678"  # masked unless asked
    assert display("13812345678", "phone", officer, unmask=True, target="work order 7") == "13812345678"
    event = SecurityEvent.objects.get(kind=EventKind.UNMASK)
    assert (event.username, event.target, event.detail) == ("officer", "work order 7", {"field": "phone"})


def test_encrypted_field_stores_ciphertext_and_reads_plaintext():
    from ganfutong_admin.privacy.fields import EncryptedTextField

    field = EncryptedTextField()
    stored = field.get_prep_value("13812345678")
    assert stored.startswith("v1:") and "13812345678" not in stored
    assert field.get_prep_value(stored) == stored  # already encrypted: not encrypted twice
    assert field.from_db_value(stored, None, None) == "13812345678"
    assert field.get_prep_value("") == "" and field.get_prep_value(None) is None

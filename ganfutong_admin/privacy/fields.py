"""Model fields that keep personal data encrypted in the database and plain in Python."""

from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    """Stores AES-GCM ciphertext; reads back plaintext. Not searchable: pair it with a hash field."""

    description = "Text encrypted at rest (AES-256-GCM)"

    def from_db_value(self, value, expression, connection):
        return crypto.decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "" or str(value).startswith(crypto.PREFIX):
            return value
        return crypto.encrypt(value)

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import EventKind, record


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    record(EventKind.LOGIN, user=user, request=request)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(EventKind.LOGOUT, user=user, request=request)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # reason: why the attempt failed before the password was checked (locked, rate-limited), from the sign-in guard
    extra = {"reason": str(kwargs["reason"])[:60]} if kwargs.get("reason") else {}
    record(EventKind.LOGIN_FAILED, request=request, username=str(credentials.get("username", ""))[:150], **extra)

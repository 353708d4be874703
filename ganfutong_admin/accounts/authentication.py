from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .models import ApiToken
from .second_factor.tokens import refuse_unverified_token


class HashedTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>` (or `Token <token>`) against the hashed, expiring token table."""

    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="ignore").lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Malformed Authorization header."))
        token = ApiToken.find_active(header[1].decode(errors="ignore"))
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid or expired token."))
        if token.user.must_change_password:  # an initial or reset password: the pages ask for the change first
            raise exceptions.PermissionDenied(_("Change your password before using the system."))
        refuse_unverified_token(request, token)  # 403 for a token issued without the second factor
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user, token

    def authenticate_header(self, request):
        return "Bearer"


try:
    from drf_spectacular.extensions import OpenApiAuthenticationExtension
except ImportError:  # pragma: no cover - drf-spectacular is a hard dependency
    OpenApiAuthenticationExtension = None

if OpenApiAuthenticationExtension is not None:

    class HashedTokenScheme(OpenApiAuthenticationExtension):
        target_class = "ganfutong_admin.accounts.authentication.HashedTokenAuthentication"
        name = "bearerToken"

        def get_security_definition(self, auto_schema):
            return {"type": "http", "scheme": "bearer",
                    "description": "Token from POST /api/v1/auth/token/ (expires; stored hashed)."}

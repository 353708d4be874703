from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import lockout, signin_guard
from ..models import ApiToken
from ..second_factor import tokens as second_factor_tokens


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False)
    # A code of the user's authenticator app (or a recovery code): the token then passes the second factor.
    otp = serializers.CharField(max_length=32, required=False, allow_blank=True)


class ObtainTokenView(APIView):
    """Exchange a user name and password for an expiring bearer token (shown once, stored hashed).

    Through the same sign-in guard as the login page (signin_guard): one rate limit, one failure count and one
    lock for both; a refused attempt is a 429 whose password was not checked.
    """

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []  # the guard's rate limit, shared with the login page

    @extend_schema(
        request=TokenRequestSerializer,
        responses={201: inline_serializer("TokenResponse", {
            "token": serializers.CharField(), "expires_at": serializers.DateTimeField(),
        })},
    )
    def post(self, request):
        refusal = signin_guard.check_rate(request._request)  # before the body is read: a malformed one counts too
        if refusal is not None:
            return lockout.refusal_json(refusal)
        payload = TokenRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        outcome = signin_guard.sign_in(request._request, payload.validated_data["username"],
                                       payload.validated_data["password"])
        if outcome.refused:
            return lockout.refusal_json(outcome)
        user = outcome.user
        if user is None or not user.is_active:
            return Response({"detail": _("Wrong user name or password.")}, status=status.HTTP_401_UNAUTHORIZED)
        otp_verified = second_factor_tokens.code_verifies(request._request, user, payload.validated_data.get("otp"))
        token, raw = ApiToken.issue(user, name="api", request=request._request)
        if otp_verified:
            ApiToken.objects.filter(pk=token.pk).update(second_factor_verified=True)
        return Response({"token": raw, "expires_at": token.expires_at}, status=status.HTTP_201_CREATED)

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from ..models import ApiToken


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class TokenThrottle(AnonRateThrottle):
    rate = "30/min"


class ObtainTokenView(APIView):
    """Exchange a user name and password for an expiring bearer token (shown once, stored hashed).

    Failures count towards the same lockout as the login page (django-axes).
    """

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenThrottle]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={201: inline_serializer("TokenResponse", {
            "token": serializers.CharField(), "expires_at": serializers.DateTimeField(),
        })},
    )
    def post(self, request):
        payload = TokenRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = authenticate(request._request, username=payload.validated_data["username"],
                            password=payload.validated_data["password"])
        if getattr(request._request, "axes_locked_out", False):
            return Response({"detail": _("Too many failed attempts: this account is locked for 30 minutes.")},
                            status=status.HTTP_403_FORBIDDEN)
        if user is None or not user.is_active:
            return Response({"detail": _("Wrong user name or password.")}, status=status.HTTP_401_UNAUTHORIZED)
        token, raw = ApiToken.issue(user, name="api")
        return Response({"token": raw, "expires_at": token.expires_at}, status=status.HTTP_201_CREATED)

"""The one API-side glue around the engine: POST …/{id}/transitions/ on every workflow viewset.

Body: `{"action", "version", "comment", …}`; the fields of the action's payload sit beside them, under the
names its serializer declares. 200 with the record (the viewset's retrieve serializer); 400 bad input (a body
that is not an object, an unknown action, a refused guard, an invalid payload with its field errors), 403 not
the caller's to take, 404 out of scope, 409 a stale version or an action the record's state does not allow.
Every refusal has `detail` and `code`; an invalid payload adds its field errors beside them.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from .. import engine
from .serializers import TransitionRequestSerializer


def refusal(exc):
    """The engine's refusal as a response; an invalid payload also carries its field errors, DRF-style."""
    body = {"detail": str(exc.message), "code": type(exc).__name__}
    if isinstance(exc, engine.InvalidPayload):
        body = {**exc.errors, **body}
    return Response(body, status=exc.status_code)


class TransitionActionMixin:
    """Adds the `transitions` action to a scoped viewset of a workflow model."""

    def detail_response(self, pk):
        """The record after the transition, as the viewset's detail serializer shows it. Read past the scope: a
        transition may hand the record to another org unit (a work order returned to the operator), and the
        caller, who just acted on it, is told the outcome."""
        self.action = "retrieve"
        record = self.scoped_queryset(self.queryset.model.objects.all()).get(pk=pk)
        return self.get_serializer(record).data

    def take_transition(self, request, pk, action=None, current_version=False):
        """The one path of every transition endpoint: `action` fixes it for an endpoint of one action (a
        fault's review, an inspection's completion); `current_version` lets a system omit the version (the
        hotline's callback: it acts on whatever the record is now)."""
        if not isinstance(request.data, dict):
            return Response({"detail": _("The body must be a JSON object."), "code": "ParseError"},
                            status=status.HTTP_400_BAD_REQUEST)
        body = dict(request.data.items())
        if action is not None:
            body["action"] = action
        if current_version and body.get("version") in (None, ""):
            record = self.get_object()
            body["version"] = record.version
        head = TransitionRequestSerializer(data=body)
        head.is_valid(raise_exception=True)
        data = head.validated_data
        try:
            engine.perform(self.queryset.model, pk, data["action"], request.user, data["version"], data["comment"],
                           payload=body)
        except engine.NotFound:
            raise NotFound() from None
        except engine.TransitionError as exc:
            return refusal(exc)
        return Response(self.detail_response(pk), status=status.HTTP_200_OK)

    @extend_schema(request=TransitionRequestSerializer)
    @action(detail=True, methods=["post"], url_path="transitions")
    def transitions(self, request, pk=None):
        return self.take_transition(request, pk)

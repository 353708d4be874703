"""The one page-side glue around the engine: read a transition form, perform it, say what happened.

Every workflow record's detail page posts its action buttons (components/transition_form.html) to a
TransitionView: `action`, `version`, `comment`, and the fields of the action's payload under the same names the
API takes. Not visible is 404, visible but not the user's to act on is 403; a refusal (stale version, wrong
state, guard, invalid input) is told on the page, by default after a redirect back to the record.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from . import engine
from .forms import TransitionForm


class TransitionView(LoginRequiredMixin, View):
    model = None
    # The actions taken from this page; None: every action of the model's workflow.
    actions = None
    # A page of one action (e.g. completing an inspection): the action need not be posted.
    fixed_action = None
    http_method_names = ["post"]

    def back_url(self):
        """Where the user returns: the record's page."""
        return self.model(pk=self.kwargs["pk"]).get_absolute_url()

    def success_url(self, obj):
        return obj.get_absolute_url()

    def success_message(self, obj, action):
        return _("Done: the record is now “%(status)s”.") % {"status": obj.get_status_display()}

    def refused(self, exc, form):
        """A refused action: its message on the record's page. Views that keep what was typed re-render instead."""
        messages.error(self.request, exc.message)
        return redirect(self.back_url())

    def unreadable(self, form):
        messages.error(self.request, _("The action could not be read. Reload the page and try again."))
        return redirect(self.back_url())

    def payload(self):
        return self.request.POST

    def bound_form(self, form_class, exc=None):
        """The page's own form bound to what was posted, with a refused payload's errors on its fields: what a
        view that re-renders on refusal shows, so that nothing typed is lost."""
        form = form_class(self.request.POST)
        form.is_valid()
        if isinstance(exc, engine.InvalidPayload):
            add_payload_errors(form, exc)
        return form

    def post(self, request, pk):
        data = request.POST
        if self.fixed_action:
            data = data.copy()
            data["action"] = self.fixed_action
        form = TransitionForm(data)
        if not form.is_valid():
            return self.unreadable(form)
        action = form.cleaned_data["action"]
        if self.actions is not None and action not in self.actions and action != self.fixed_action:
            return self.unreadable(form)
        try:
            obj = engine.perform(self.model, pk, action, request.user, form.cleaned_data["version"],
                                 form.cleaned_data["comment"], payload=self.payload())
        except engine.NotFound:
            raise Http404 from None
        except engine.NotPermitted:
            raise PermissionDenied from None
        except engine.TransitionError as exc:
            return self.refused(exc, form)
        messages.success(request, self.success_message(obj, action))
        return redirect(self.success_url(obj))


def add_payload_errors(form, exc):
    """The field errors of a refused payload on the page's form, beside what the user typed."""
    for field, messages_ in exc.errors.items():
        for message in messages_ if isinstance(messages_, list | tuple) else [messages_]:
            form.add_error(field if field in form.fields else None, str(message))

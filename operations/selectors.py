"""What other chapters may ask of the operations chapter, without reaching into its internals
(docs/architecture.md: chapters talk through a selector module or a foreign key)."""

from django.utils import timezone

from .responsible.models import Duty, ResponsiblePerson

__all__ = ["Duty", "current_responsible_person", "current_responsible_persons"]


def current_responsible_person(org, duty, day=None):
    """The person designated for `duty` (a Duty value) of the org unit `org` (instance or pk), valid on `day`
    (default today), or None. With overlapping designations the one that started last answers."""
    org_id = getattr(org, "pk", org)
    return (ResponsiblePerson.objects.filter(owner_org_id=org_id, duty=duty).current(day or timezone.localdate())
            .order_by("-valid_from", "-pk").first())


def current_responsible_persons(org, day=None):
    """{duty: person} of the org unit's current designations (duties without one are absent): one query."""
    org_id = getattr(org, "pk", org)
    found = {}
    for person in (ResponsiblePerson.objects.filter(owner_org_id=org_id).current(day or timezone.localdate())
                   .order_by("duty", "-valid_from", "-pk")):
        found.setdefault(person.duty, person)
    return found

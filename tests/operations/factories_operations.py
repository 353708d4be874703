"""Factories of the operations chapter: records inserted in the state a test needs."""

from datetime import date

from factories import org

from operations.responsible.models import ResponsiblePerson


def make_person(code, duty="operations", name="张专员", valid_from=date(2025, 1, 1), valid_to=None,
                mobile="13912345678", **extra):
    return ResponsiblePerson.objects.create(
        owner_org=org(code), duty=duty, name=name, post=extra.pop("post", "运营科科长"),
        office_phone=extra.pop("office_phone", "0791-88880000"), mobile=mobile, valid_from=valid_from,
        valid_to=valid_to, **extra)

"""Which records a case may be linked to: any scoped model of a domain app (its manager has visible_to), named
"app_label.model"; the target must exist and be visible to the person linking it."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from ganfutong_admin.accounts.roles import domain_apps


def linkable_models():
    found = []
    for label in domain_apps():
        try:
            config = apps.get_app_config(label.split(".")[-1])
        except LookupError:
            continue
        for model in config.get_models():
            if hasattr(model.objects, "visible_to") and hasattr(model, "owner_org") and \
                    not model.__name__.startswith("Historical"):
                found.append(model)
    return found


def type_choices():
    return sorted((f"{m._meta.app_label}.{m._meta.model_name}", str(m._meta.verbose_name).capitalize())
                  for m in linkable_models())


def resolve(user, type_name, target_id):
    """(content type, target) or raises ValueError with the message for the field."""
    models = {f"{m._meta.app_label}.{m._meta.model_name}": m for m in linkable_models()}
    model = models.get(type_name or "")
    if model is None:
        raise ValueError(("target_type", _("Choose the kind of record.")))
    target = model.objects.visible_to(user, "view").filter(pk=target_id).first()
    if target is None:
        raise ValueError(("target_id", _("No such record in your scope.")))
    return ContentType.objects.get_for_model(model), target

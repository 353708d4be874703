"""The OpenAPI schema tells the truth about every operation (issue 11, point 7).

Two rules drf-spectacular does not apply by itself, kept here once for every current and future endpoint:

- A read-only field can be null or blank exactly when the model field it reads can: DRF drops
  `allow_blank` from read-only model fields and a dotted source (`parent.code`) through a nullable
  relation gives null, so the schema marks them from the model (`nullable`, `""` in the enum).
- Every operation documents the errors the API answers with (they all come from the one exception
  handler and the engine's mapping): 400, 401, 403, 404 and 429 everywhere, 409, 413 and 415 where a body
  is sent.
"""

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

ERROR_SCHEMA = "ErrorResponse"
ERRORS = {
    "400": "请求有误：字段错误（字段名 → 消息列表）或 detail",
    "401": "未登录或令牌无效",
    "403": "无权执行此操作",
    "404": "记录不存在（或不在本人管辖范围内）",
    "429": "请求过于频繁",
}
BODY_ERRORS = {
    "409": "版本冲突或状态已变化（请刷新后重试）",
    "413": "请求体过大",
    "415": "不支持的内容类型",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}


def _model_fields_along(field):
    """The model fields a serializer field's source passes through, or [] when it is not a model path."""
    parent = getattr(field, "parent", None)
    model = getattr(getattr(parent, "Meta", None), "model", None)
    if model is None or field.source == "*":
        return []
    found = []
    for attr in field.source.split("."):
        try:
            model_field = model._meta.get_field(attr)
        except FieldDoesNotExist:
            return found
        found.append(model_field)
        model = getattr(model_field, "related_model", None)
        if model is None:
            break
    return found


class TruthfulAutoSchema(AutoSchema):
    def _get_serializer_field_meta(self, field, direction):
        meta = super()._get_serializer_field_meta(field, direction)
        if direction == "response" and isinstance(field, serializers.Field) and field.read_only:
            along = _model_fields_along(field)
            if field.default is None or any(getattr(f, "null", False) for f in along):
                meta["nullable"] = True
        return meta

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if (
            direction == "response"
            and isinstance(field, serializers.ChoiceField)
            and field.read_only
            and not field.allow_blank
        ):
            along = _model_fields_along(field)
            if along and along[-1].blank:
                field.allow_blank = True  # only this schema-time instance: a read-only field validates nothing
        return super()._map_serializer_field(field, direction, bypass_extensions)


def document_error_responses(result, generator, request, public):
    """POSTPROCESSING hook: the error answers of every operation, with one shared error schema."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas[ERROR_SCHEMA] = {
        "description": "错误：detail（及 code），或字段错误（字段名 → 消息列表），或消息列表",
        "oneOf": [
            {
                "type": "object",
                # `code` is the error's code, or the messages of a field named code (a service's 服务编码).
                "properties": {"detail": {"type": "string"},
                               "code": {"oneOf": [{"type": "string"},
                                                  {"type": "array", "items": {"type": "string"}}]}},
                "additionalProperties": True,
            },
            {"type": "array", "items": {}},
        ],
    }
    ref = {"$ref": f"#/components/schemas/{ERROR_SCHEMA}"}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = {**ERRORS, **(BODY_ERRORS if method in WRITE_METHODS else {})}
            for code, description in codes.items():
                operation["responses"].setdefault(
                    code, {"description": description, "content": {"application/json": {"schema": ref}}}
                )
    return result

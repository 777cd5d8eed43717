"""Pydantic models built without a validation pass when validation could change nothing.

The assembly makes a Fact (with its Evidence) for every mention it attributes: about
2,000 per five papers, and pydantic's ``validate_python`` was the largest single cost
of the assembly. For a model whose fields are plain types (str, int, float, an enum,
None) and which has no validators, aliases, constraints, private attributes or
config, validating a value whose type is exactly the declared one returns that value
unchanged. ``ExactBuilder`` checks exactly that for every field and then fills the
model's slots as ``model_construct`` does; any other value (an int for a float field,
a float for an int field, a str subclass, a missing or unknown field) goes through
``validate_python``, which converts it or raises as before. The result is the same
object either way: same ``__dict__`` (in field order), same fields set, no extras.
"""
from __future__ import annotations

import typing
from enum import Enum
from types import NoneType, UnionType

from pydantic import BaseModel

_PLAIN = (str, int, float, bool, NoneType)
_REQUIRED = object()  # stands in for a required field not given: no allowed type matches it
_setattr = object.__setattr__


def _allowed_types(annotation) -> frozenset[type] | None:
    """The types a field stores unchanged, None if it has any other kind of type."""
    args = typing.get_args(annotation) if isinstance(annotation, UnionType) \
        or typing.get_origin(annotation) is typing.Union else (annotation,)
    for a in args:
        if a in _PLAIN or (isinstance(a, type) and issubclass(a, Enum)):
            continue
        if isinstance(a, type) and issubclass(a, BaseModel) and "revalidate_instances" not in a.model_config:
            continue  # an instance of the model class is kept as it is (revalidate_instances="never")
        return None
    return frozenset(args)


class ExactBuilder:
    """``build(values)`` == ``validate_python(values)`` for a model of plain fields."""

    def __init__(self, model: type[BaseModel]) -> None:
        self.model = model
        self.validate = model.__pydantic_validator__.validate_python
        self.types: dict[str, frozenset[type]] | None = {}
        self.defaults: dict = {}
        d = model.__pydantic_decorators__
        plain_model = not (model.model_config or model.__private_attributes__
                           or model.__pydantic_root_model__ or model.__pydantic_post_init__
                           or d.validators or d.field_validators or d.root_validators
                           or d.field_serializers or d.model_serializers or d.model_validators
                           or d.computed_fields)
        for name, f in model.model_fields.items():
            allowed = _allowed_types(f.annotation)
            if not plain_model or allowed is None or f.metadata or f.alias or f.validation_alias \
                    or f.default_factory is not None \
                    or not (f.is_required() or type(f.default) in allowed):
                self.types = None  # validation may do more than check types: always validate
                break
            self.types[name] = allowed
            self.defaults[name] = _REQUIRED if f.is_required() else f.default

    def build(self, values: dict) -> BaseModel:
        """The model of ``values`` (the caller gives up ``values``)."""
        types = self.types
        if types is None:
            return self.validate(values)
        d = self.defaults.copy()
        d.update(values)
        for k, v in d.items():
            allowed = types.get(k)
            if allowed is None or type(v) not in allowed:
                return self.validate(values)
        m = self.model.__new__(self.model)
        _setattr(m, "__dict__", d)
        _setattr(m, "__pydantic_fields_set__", set(values))
        _setattr(m, "__pydantic_extra__", None)
        _setattr(m, "__pydantic_private__", None)
        return m

"""Build a generator's Params from `NAME=VALUE` text (the CLI's --param), with one-line errors."""

from __future__ import annotations

import json

from pydantic import BaseModel, ValidationError

from studio.errors import UserError


def parse_params(params_model: type[BaseModel], assignments: list[str]) -> BaseModel:
    """Validate NAME=VALUE pairs against `params_model`; numbers and booleans come from text
    by pydantic's usual coercion, lists and objects as JSON."""
    values: dict[str, object] = {}
    fields = params_model.model_fields
    for assignment in assignments:
        name, sep, text = assignment.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UserError(f"--param {assignment!r}: expected NAME=VALUE")
        if name not in fields:
            known = ", ".join(fields) or "no parameters"
            raise UserError(f"--param {name}: unknown parameter (this generator takes {known})")
        values[name] = _maybe_json(text)
    return validate_params(params_model, values)


def validate_params(params_model: type[BaseModel], values: dict) -> BaseModel:
    try:
        return params_model.model_validate(values)
    except ValidationError as exc:
        raise UserError(describe_validation_error(exc)) from None


def describe_validation_error(exc: ValidationError) -> str:
    """pydantic's messages, one line: `--param steps: Input should be ... (got '0')`."""
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error["loc"]) or "params"
        parts.append(f"--param {where}: {error['msg']} (got {error.get('input')!r})")
    return "; ".join(parts)


def _maybe_json(text: str) -> object:
    # Only structured values are parsed: "3" stays text so pydantic's str→int coercion
    # (and its messages) apply, and a prompt-like value such as "null" stays a string.
    stripped = text.strip()
    if stripped and stripped[0] in "[{":
        try:
            return json.loads(stripped)
        except ValueError:
            pass
    return text

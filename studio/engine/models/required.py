"""Refuse a generation whose model is not installed, before it is queued: the user hears
which model is missing and how to get it, not a loader's error from deep in a worker."""

from __future__ import annotations

from pydantic import BaseModel

from studio.errors import UserError


class ModelNotInstalled(UserError):
    """The request names a Hub model that is not (wholly) in the cache; the UI offers the
    Models window for `model`."""

    def __init__(self, model: str, generator_id: str, partial: bool) -> None:
        from studio.plugins.model_source import not_installed

        self.model = model
        self.generator_id = generator_id
        if partial:
            text = (
                f"{model} is only partly downloaded: resume it in the Models window "
                f"(Generate > Models…) or with `storyreel models download {model}`"
            )
        else:
            text = not_installed(model)
        super().__init__(text)


def model_fields(params: BaseModel) -> dict[str, str]:
    """The params' model fields (those marked `models_for`) and the model each names."""
    fields = {}
    for name, info in type(params).model_fields.items():
        extra = info.json_schema_extra
        if isinstance(extra, dict) and extra.get("models_for"):
            value = getattr(params, name, None)
            if isinstance(value, str) and value.strip():
                fields[name] = value.strip()
    return fields


def require_installed(generator_id: str, params: BaseModel | None) -> None:
    """Raise ModelNotInstalled if a model field names a repo id that is not whole here.
    Local folders and files pass: their loader names what is wrong with them."""
    from studio.engine.models.inventory import INSTALLED, PARTIAL, is_repo_id, state_of

    if params is None:
        return
    for model in model_fields(params).values():
        if not is_repo_id(model):
            continue
        state = state_of(model).state
        if state != INSTALLED:
            raise ModelNotInstalled(model, generator_id, partial=state == PARTIAL)

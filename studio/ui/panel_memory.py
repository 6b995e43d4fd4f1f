"""What each generating panel remembers in the project: its generator and parameters."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def remember(session, panel: str, generator_id: str, params) -> None:
    """Keep the panel's choice with the project (saved with it, no undo step)."""
    if session is not None:
        state = {"generator": generator_id, "params": params.model_dump(mode="json")}
        session.doc.remember(panel, state)


def restore(session, panel: str, choice) -> None:
    """Choose the generator and set the parameters the project remembers for `panel`,
    if that generator is installed; parameters it no longer takes are left at defaults."""
    if session is None:
        return
    state = session.project.panels.get(panel) or {}
    generator_id = state.get("generator")
    if not generator_id or not choice.choose(generator_id):
        return
    if choice.form is not None and isinstance(state.get("params"), dict):
        try:
            choice.form.set_values(state["params"])
        except (ValueError, TypeError, KeyError):  # a plugin's parameters changed since
            log.info("the %s panel's saved parameters no longer fit", panel, exc_info=True)

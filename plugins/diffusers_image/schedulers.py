"""The scheduler choices offered in the UI, mapped to diffusers classes and their options."""

from __future__ import annotations

from typing import Any

# name → (diffusers class name, extra config); built from the model's own scheduler config,
# so betas, prediction type and timestep spacing stay those the model was trained with.
SCHEDULERS: dict[str, tuple[str, dict[str, Any]]] = {
    "ddim": ("DDIMScheduler", {}),
    "euler": ("EulerDiscreteScheduler", {}),
    "euler-ancestral": ("EulerAncestralDiscreteScheduler", {}),
    "dpm++2m": ("DPMSolverMultistepScheduler", {"algorithm_type": "dpmsolver++"}),
    "dpm++2m-karras": (
        "DPMSolverMultistepScheduler",
        {"algorithm_type": "dpmsolver++", "use_karras_sigmas": True},
    ),
    "unipc": ("UniPCMultistepScheduler", {}),
    "pndm": ("PNDMScheduler", {"skip_prk_steps": True}),
}


def set_scheduler(pipe: Any, choice: str, default: Any) -> None:
    """Give `pipe` the chosen scheduler; `default` is the one it was loaded with."""
    if choice == "default":
        if pipe.scheduler is not default:
            pipe.scheduler = default
        return
    import diffusers

    class_name, options = SCHEDULERS[choice]
    current = pipe.scheduler
    if type(current).__name__ == class_name and all(
        current.config.get(k) == v for k, v in options.items()
    ):
        return
    cls = getattr(diffusers, class_name)
    compatible = {c.__name__ for c in getattr(default, "compatibles", ())} | {
        type(default).__name__
    }
    if class_name not in compatible:
        raise ValueError(
            f"this model's {type(default).__name__} cannot be swapped for {choice} "
            f"({class_name}); use the default scheduler"
        )
    pipe.scheduler = cls.from_config(default.config, **options)

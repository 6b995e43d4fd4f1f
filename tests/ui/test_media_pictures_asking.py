"""Every paint asks for every visible clip's thumbnail: asking again for one being made
costs a dictionary look-up, not its file's path worked out again."""

from __future__ import annotations

from studio.model import Asset, MediaKind
from studio.ui.qt_app import create_app
from studio.ui.qt_media_pictures import MediaPictures
from studio.ui.qt_workers import BackgroundWork


def test_a_picture_being_made_is_not_looked_for_again(tmp_path, monkeypatch):
    create_app()
    work = BackgroundWork("media", workers=1)
    pictures = MediaPictures(work)
    pictures.set_project_folder(tmp_path)
    paths: list[str] = []
    real = MediaPictures._source
    monkeypatch.setattr(
        MediaPictures, "_source", lambda self, asset: paths.append(asset.id) or real(self, asset)
    )
    still = Asset("a1", MediaKind.IMAGE, "still", "media/still.png")
    tone = Asset("a2", MediaKind.AUDIO, "tone", "media/tone.wav")
    try:
        for _ in range(50):  # fifty paints before the worker answers
            assert pictures.thumbnail(still, 0.0, 40) is None
            assert pictures.peaks(tone) is None
        assert paths == ["a1", "a2"]
        assert pictures.busy()
    finally:
        pictures._flush.stop()  # nothing sent: the files do not exist
        work.shutdown()

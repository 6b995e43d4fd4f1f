"""A JPEG's EXIF orientation turns it: in the media facts, the viewer, thumbnails and render."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageOps

from studio.media.compose import Compositor
from studio.media.decode import load_still
from studio.media.probe import probe
from studio.media.render import RenderJob, render
from studio.media.thumbnails import thumbnail
from studio.model import TrackKind
from studio.plugins.api import Kind, Media

from .conftest import add_asset, make_project, place
from .makers import write_sideways_jpeg

RED, BLUE = (255, 0, 0), (0, 0, 255)


@pytest.fixture(scope="module")
def sideways(tmp_path_factory):
    """Stored 40x20, red left and blue right; EXIF orientation 6: seen 20x40, red on top."""
    return write_sideways_jpeg(tmp_path_factory.mktemp("exif") / "phone.jpg")


def colour(pixels: np.ndarray, x: float, y: float) -> tuple[int, ...]:
    """The colour near (x, y), given as fractions of the width and height."""
    height, width = pixels.shape[:2]
    return tuple(int(v) for v in pixels[int(y * height), int(x * width), :3])


def near(seen: tuple[int, ...], wanted: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 40 for a, b in zip(seen, wanted, strict=True))


def assert_upright(pixels: np.ndarray) -> None:
    height, width = pixels.shape[:2]
    assert height == 2 * width, (width, height)
    assert near(colour(pixels, 0.5, 0.2), RED) and near(colour(pixels, 0.5, 0.8), BLUE)


def test_the_facts_are_of_the_picture_as_seen(sideways):
    info = probe(sideways)

    assert (info.width, info.height) == (20, 40)


def test_the_viewer_shows_it_upright(sideways):
    assert_upright(load_still(sideways, (100, 200)))


def test_its_thumbnail_is_upright(sideways):
    picture = thumbnail(sideways, 0.0, 40)

    assert picture.size == (20, 40)
    assert_upright(np.asarray(picture))


def test_the_timeline_and_its_render_show_it_upright(tmp_path, sideways):
    doc = make_project(tmp_path / "p", size=(20, 40))
    place(doc, TrackKind.VIDEO, add_asset(doc, sideways), 0, 2)

    with Compositor(doc.project, doc.path) as compositor:
        assert_upright(compositor.frame(0))
    (first, _) = sorted(
        render(RenderJob(doc.project, doc.path), tmp_path / "out" / "f.png").glob("f_*.png")
    )
    assert_upright(np.asarray(Image.open(first)))


def test_a_generator_gets_it_upright(sideways):
    assert_upright(np.asarray(Media(Kind.IMAGE, path=sideways).image()))


@pytest.mark.parametrize("orientation", [1, 2, 3, 4, 5, 7, 8])
def test_every_orientation_is_applied(tmp_path, orientation):
    # Each orientation mirrors and turns the stored picture its own way; the facts and the
    # viewer agree on the size as seen, and the viewer's pixels are Pillow's upright ones.
    path = write_sideways_jpeg(tmp_path / f"o{orientation}.jpg", orientation)
    with Image.open(path) as image:
        reference = np.asarray(ImageOps.exif_transpose(image).convert("RGB"))

    info = probe(path)
    shown = load_still(path, (info.width, info.height))

    assert (info.width, info.height) == (reference.shape[1], reference.shape[0])
    assert shown.shape[:2] == reference.shape[:2]
    corners = ((0.05, 0.05), (0.95, 0.05), (0.05, 0.95), (0.95, 0.95))
    assert sum(near(colour(reference, x, y), (0, 255, 0)) for x, y in corners) == 1
    for x, y in ((0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75), *corners):
        assert near(colour(shown, x, y), colour(reference, x, y))

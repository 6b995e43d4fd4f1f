"""The compositor: stacking order, hidden tracks, fitting, dissolves, titles, offline media."""

from __future__ import annotations

import av
import numpy as np

from studio.media.compose import Compositor

from .conftest import add_asset, make_project, place


def test_nothing_on_the_timeline_is_black(tmp_path):
    doc = make_project(tmp_path / "p")
    pixels = Compositor(doc.project, doc.path).frame(0)
    assert pixels.shape == (90, 160, 3) and not pixels.any()


def test_upper_tracks_cover_lower_ones_and_hidden_tracks_show_nothing(tmp_path, signals):
    doc = make_project(tmp_path / "p")
    place(doc, "V1", add_asset(doc, signals["red"]), 0, 10)
    place(doc, "V2", add_asset(doc, signals["blue"]), 5, 10)
    compositor = Compositor(doc.project, doc.path)
    assert tuple(compositor.frame(2)[40, 80]) == (255, 0, 0)
    assert tuple(compositor.frame(6)[40, 80]) == (0, 0, 255)
    assert tuple(compositor.frame(12)[40, 80]) == (0, 0, 255)
    next(t for t in doc.project.tracks if t.name == "V2").hidden = True
    assert tuple(compositor.frame(6)[40, 80]) == (255, 0, 0)
    assert not compositor.frame(12).any()


def test_a_narrow_picture_is_centred_and_the_track_below_shows_beside_it(tmp_path, signals):
    doc = make_project(tmp_path / "p")
    place(doc, "V1", add_asset(doc, signals["red"]), 0, 10)
    place(doc, "V2", add_asset(doc, signals["portrait"]), 0, 10)
    pixels = Compositor(doc.project, doc.path).frame(0)
    assert tuple(pixels[45, 80]) == (0, 255, 0)
    assert tuple(pixels[45, 5]) == (255, 0, 0) and tuple(pixels[45, 155]) == (255, 0, 0)


def test_a_still_held_for_many_frames_is_composited_once(tmp_path, signals):
    doc = make_project(tmp_path / "p")
    place(doc, "V1", add_asset(doc, signals["red"]), 0, 48)
    compositor = Compositor(doc.project, doc.path)
    assert compositor.layers(3) == compositor.layers(40)
    assert compositor.frame(3) is compositor.frame(40)


def test_a_requested_dissolve_mixes_the_two_clips_around_the_cut(tmp_path, signals):
    doc = make_project(tmp_path / "p")
    place(doc, "V1", add_asset(doc, signals["red"]), 0, 20)
    incoming = place(doc, "V1", add_asset(doc, signals["blue"]), 20, 20)
    plain = Compositor(doc.project, doc.path)
    dissolve = Compositor(doc.project, doc.path, transitions={incoming.id: 9})
    assert tuple(plain.frame(19)[0, 0]) == (255, 0, 0)
    # Nine frames centred on the cut: 16..24; the middle one (20) is half and half.
    assert tuple(dissolve.frame(15)[0, 0]) == (255, 0, 0)
    red, _, blue = (int(v) for v in dissolve.frame(20)[0, 0])
    assert abs(red - 128) <= 1 and abs(blue - 128) <= 1
    reds = [int(dissolve.frame(n)[0, 0, 0]) for n in range(15, 26)]
    assert reds == sorted(reds, reverse=True) and reds[0] == 255 and reds[-1] == 0
    assert tuple(dissolve.frame(25)[0, 0]) == (0, 0, 255)


def test_a_title_clip_draws_white_text_in_the_lower_third(tmp_path, signals):
    doc = make_project(tmp_path / "p", size=(320, 180))
    place(doc, "T1", None, 0, 10, text="THE END")
    pixels = Compositor(doc.project, doc.path).frame(0)
    ink = np.argwhere(pixels.min(axis=2) > 200)
    assert len(ink) > 20
    assert ink[:, 0].min() > 180 * 0.6


def test_missing_media_shows_a_red_offline_frame(tmp_path, signals):
    doc = make_project(tmp_path / "p")
    asset = add_asset(doc, signals["blue"])
    asset.offline = True
    place(doc, "V1", asset, 0, 10)
    red, green, blue = Compositor(doc.project, doc.path).frame(0)[2, 2]
    assert red > 100 and green < 40 and blue < 40


def test_video_frames_follow_the_clip_in_point_across_frame_rates(tmp_path, signals):
    doc = make_project(tmp_path / "p")  # 24 fps timeline, 23.976 fps video
    asset = add_asset(doc, signals["video"])
    place(doc, "V1", asset, 10, 20, source_in=5)
    with av.open(str(signals["video"])) as container:
        reference = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    compositor = Compositor(doc.project, doc.path)
    for frame in (10, 11, 20, 29, 12, 10):
        shown = compositor.frame(frame)
        # Timeline frame 20 is 15 frames into the media: 15/24 s, which is media frame 14.
        expected = (frame - 10 + 5) * asset.fps.numerator // (24 * asset.fps.denominator)
        distances = [np.abs(shown.astype(int) - ref).mean() for ref in reference]
        assert int(np.argmin(distances)) == expected


def test_the_clip_dissolve_in_field_drives_the_dissolve(tmp_path, signals):
    doc = make_project(tmp_path / "p")
    place(doc, "V1", add_asset(doc, signals["red"]), 0, 20)
    incoming = place(doc, "V1", add_asset(doc, signals["blue"]), 20, 20)
    incoming.dissolve_in = 9
    red, _, blue = (int(v) for v in Compositor(doc.project, doc.path).frame(20)[0, 0])
    assert abs(red - 128) <= 1 and abs(blue - 128) <= 1


def test_clip_opacity_lets_the_track_below_show(tmp_path, signals):
    doc = make_project(tmp_path / "p")
    place(doc, "V1", add_asset(doc, signals["red"]), 0, 20)
    place(doc, "V2", add_asset(doc, signals["blue"]), 0, 20).opacity = 0.25
    red, _, blue = (int(v) for v in Compositor(doc.project, doc.path).frame(5)[0, 0])
    assert abs(red - 191) <= 2 and abs(blue - 64) <= 2

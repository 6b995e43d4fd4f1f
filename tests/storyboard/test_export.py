"""Storyboard export: PDF pages of panels and a PNG contact sheet, from the sample project."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from studio.errors import MediaError
from studio.media.storyboard_sheet import write_contact_sheet, write_storyboard_pdf
from studio.model import Project
from studio.model.files import load_project, media_path
from studio.sample_project import ensure_sample_project


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    folder = ensure_sample_project(tmp_path_factory.mktemp("sample"))
    return load_project(folder)


@pytest.mark.parametrize(("per_page", "pages"), [(6, 1), (4, 2), (2, 3)])
def test_pdf_has_n_panels_a_page_with_number_length_and_description(
    sample, tmp_path, per_page, pages
):
    out = tmp_path / "board.pdf"
    assert write_storyboard_pdf(sample.project, sample.path, out, per_page=per_page) == pages
    reader = PdfReader(out)
    assert len(reader.pages) == pages
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "The Lighthouse Keeper's Daughter" in text
    assert "Mira runs along the quay toward camera" in text
    assert "00:00:03:00 - 3.0 s" in text  # shot 2's length
    assert sum(len(page.images) for page in reader.pages) == 6  # every shot's frame
    assert not list(tmp_path.glob(".*"))  # no temp file left


def test_contact_sheet_is_a_grid_with_every_frame(sample, tmp_path):
    out = write_contact_sheet(sample.project, sample.path, tmp_path / "sheet.png", columns=3)
    sheet = np.asarray(Image.open(out).convert("RGB"))
    assert sheet.shape[1] == 3 * (480 + 16) + 16
    # Shot 1's card is blue-grey (#4d6475): below its caption it is that colour, not paper.
    assert tuple(sheet[16 + 250, 16 + 240]) == (0x4D, 0x64, 0x75)


def test_an_offline_frame_prints_as_an_empty_panel(sample, tmp_path):
    project = sample.project
    first = project.assets[project.shots[0].picked]
    moved = tmp_path / "moved.png"
    media_path(sample.path, first).rename(moved)
    try:
        assert write_storyboard_pdf(project, sample.path, tmp_path / "b.pdf") == 1
        assert "no frame yet" in PdfReader(tmp_path / "b.pdf").pages[0].extract_text()
    finally:
        moved.rename(media_path(sample.path, first))


def test_an_empty_storyboard_or_bad_layout_is_refused(sample, tmp_path):
    with pytest.raises(MediaError, match="no shots"):
        write_storyboard_pdf(Project(), tmp_path, tmp_path / "x.pdf")
    with pytest.raises(MediaError, match="not a layout"):
        write_storyboard_pdf(sample.project, sample.path, tmp_path / "x.pdf", per_page=5)
    assert not (tmp_path / "x.pdf").exists()


def test_the_command_line_prints_the_board(sample, tmp_path, capsys):
    from studio.cli import main

    assert main(["storyboard", str(sample.path), "--out", str(tmp_path / "b.pdf")]) == 0
    assert "6 panels on 1 page(s)" in capsys.readouterr().out
    assert main(["storyboard", str(sample.path), "--out", str(tmp_path / "b.png")]) == 0
    assert main(["storyboard", str(sample.path), "--out", str(tmp_path / "b.gif")]) == 1
    assert "exports as .pdf or .png" in capsys.readouterr().err

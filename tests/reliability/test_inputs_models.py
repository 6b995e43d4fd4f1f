"""Broken model folders and files: each is refused in one line that names the file at fault,
before torch reads anything (a missing UNet, truncated weights, a missing tokenizer, a
damaged model_index.json)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.diffusers_image.sources import ModelSourceError, resolve_source
from studio.plugins.api import model_source
from tests.reliability.cli_run import storyreel


def resolve(model: Path):
    return resolve_source(str(model), allow_pickle=False, allow_download=False)


@pytest.fixture
def sd_copy(tiny_sd, tmp_path) -> Path:
    return Path(shutil.copytree(tiny_sd, tmp_path / "sd"))


def truncate(file: Path) -> None:
    data = file.read_bytes()
    file.write_bytes(data[: len(data) // 2])


def test_the_intact_tiny_model_passes(tiny_sd, tiny_sd_single_file):
    assert resolve(tiny_sd).kind == "folder"
    assert resolve(tiny_sd_single_file).kind == "file"


def test_a_missing_unet_file_is_named(sd_copy):
    (sd_copy / "unet" / "diffusion_pytorch_model.safetensors").unlink()
    with pytest.raises(ModelSourceError, match=r"unet/ has no weights \(diffusion_pytorch_model"):
        resolve(sd_copy)


def test_a_missing_component_folder_is_named(sd_copy):
    shutil.rmtree(sd_copy / "vae")
    with pytest.raises(ModelSourceError, match=r"vae/ is missing"):
        resolve(sd_copy)


def test_truncated_weights_in_a_folder_are_named(sd_copy):
    truncate(sd_copy / "text_encoder" / "model.safetensors")
    with pytest.raises(ModelSourceError, match=r"text_encoder/model\.safetensors is truncated"):
        resolve(sd_copy)


def test_a_truncated_single_file_is_named(tiny_sd_single_file, tmp_path):
    broken = tmp_path / tiny_sd_single_file.name
    shutil.copy(tiny_sd_single_file, broken)
    truncate(broken)
    with pytest.raises(ModelSourceError, match=r"tiny-sd\.safetensors is (truncated|damaged)"):
        resolve(broken)


def test_a_damaged_safetensors_header_is_named(tmp_path):
    broken = tmp_path / "model.safetensors"
    broken.write_bytes((10**12).to_bytes(8, "little") + b"{}")
    with pytest.raises(model_source.ModelFilesError, match="model.safetensors is damaged"):
        model_source.check_safetensors(broken)


def test_a_missing_tokenizer_is_named(sd_copy):
    for file in (sd_copy / "tokenizer").iterdir():
        file.unlink()
    with pytest.raises(ModelSourceError, match=r"tokenizer/ has no tokenizer files"):
        resolve(sd_copy)


def test_a_broken_model_index_is_named_with_its_place(sd_copy):
    (sd_copy / "model_index.json").write_text('{"_class_name": "StableDiffusionPipeline",\n  oops')
    with pytest.raises(ModelSourceError, match=r"model_index\.json is damaged: .* line 2"):
        resolve(sd_copy)


def test_generate_with_a_broken_model_gives_one_line_naming_the_file(sd_copy, tmp_path):
    (sd_copy / "unet" / "diffusion_pytorch_model.safetensors").unlink()
    done = storyreel(
        "generate",
        "diffusers.image",
        "--prompt",
        "a boat",
        "--param",
        f"model={sd_copy}",
        "--out",
        tmp_path / "boat.png",
        timeout=180,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert "unet/" in last and "diffusion_pytorch_model.safetensors" in last, done.stderr


def test_a_text_model_with_truncated_weights_is_named(tiny_llama, tmp_path):
    from plugins.transformers_text.generator import load_causal_lm

    broken = Path(shutil.copytree(tiny_llama, tmp_path / "llama"))
    truncate(broken / "model.safetensors")
    with pytest.raises(ValueError, match=r"llama/model\.safetensors is truncated"):
        load_causal_lm(str(broken), "cpu")


def test_a_music_model_without_its_tokenizer_is_named(tiny_musicgen, tmp_path):
    broken = Path(shutil.copytree(tiny_musicgen, tmp_path / "musicgen"))
    (broken / "tokenizer.json").unlink()
    from studio.engine.discovery import discover
    from studio.plugins.api import Context, Request

    cls = discover(user_dirs=[], entry_points=False).get("music.musicgen")
    generator = cls()
    generator.load(Context())
    request = Request("calm", params=cls.Params(model=str(broken)), duration=0.5)
    with pytest.raises(ValueError, match=r"musicgen/ has no tokenizer files"):
        generator.generate(request, Context())


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_as_safetensors_are_accepted_or_named(tmp_path_factory, data):
    file = tmp_path_factory.mktemp("st") / "weights.safetensors"
    file.write_bytes(data)
    try:
        model_source.check_safetensors(file)
    except model_source.ModelFilesError as exc:
        assert "weights.safetensors" in str(exc) and "\n" not in str(exc)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.text(max_size=5),
        st.one_of(
            st.none(),
            st.integers(),
            st.fixed_dictionaries({"data_offsets": st.lists(st.integers(-5, 50), max_size=3)}),
        ),
        max_size=4,
    ),
    st.integers(0, 64),
)
def test_any_header_is_accepted_or_named(tmp_path_factory, header, data_bytes):
    import json

    text = json.dumps(header).encode()
    file = tmp_path_factory.mktemp("st") / "weights.safetensors"
    file.write_bytes(len(text).to_bytes(8, "little") + text + b"\0" * data_bytes)
    try:
        model_source.check_safetensors(file)
    except model_source.ModelFilesError as exc:
        assert "weights.safetensors" in str(exc)

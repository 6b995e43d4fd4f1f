"""References of the shot's cast reach the pipeline: through a tiny IP-Adapter when one is
configured, else as the image-to-image input; each run says which it used."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image as PILImage

from plugins.diffusers_image.references import (
    IGNORED,
    IMAGE_TO_IMAGE,
    IP_ADAPTER,
    NONE,
    adapter_spec,
)
from plugins.diffusers_image.sources import ModelSourceError
from studio.plugins.api import ELEMENT, REFERENCE, Kind, Media, Request

from .conftest import Recorder

pytestmark = pytest.mark.slow


def picture(tmp_path, name, colour):
    path = tmp_path / f"{name}.png"
    PILImage.new("RGB", (48, 48), colour).save(path)
    return path


def run(generator, params, *inputs, seed=3):
    rec = Recorder()
    request = Request(
        prompt="a girl on a quay", params=params, seed=seed, width=64, height=64, inputs=inputs
    )
    return np.asarray(generator.generate(request, rec.context()).image, int), rec


def ref(path, label="MIRA"):
    return Media(Kind.IMAGE, path, role=REFERENCE, label=label)


def test_the_ip_adapter_gets_every_reference_picture(generator, params, tiny_ip_adapter, tmp_path):
    red, blue = picture(tmp_path, "red", (220, 30, 30)), picture(tmp_path, "blue", (30, 30, 220))
    description = Media(Kind.TEXT, text="oilskin coat", role=ELEMENT, label="MIRA")
    with_adapter = params(ip_adapter=str(tiny_ip_adapter), ip_adapter_scale=1.0)
    plain, _ = run(generator, params())
    steered_red, rec = run(generator, with_adapter, description, ref(red))
    use = generator.last_references
    assert use.how == IP_ADAPTER and len(use.pictures) == 1
    assert any("through the IP-Adapter" in m for _, m in rec.progress)
    assert rec.progress[-1][1].startswith("done; 1 reference picture(s) of MIRA")
    steered_blue, _ = run(generator, with_adapter, ref(blue))
    both, _ = run(generator, with_adapter, ref(red), ref(blue, "HARBOUR"))
    assert generator.last_references.labels == ("MIRA", "HARBOUR")
    # The pictures themselves steer the result: another picture, another image.
    assert np.abs(steered_red - plain).max() > 0
    assert np.abs(steered_red - steered_blue).max() > 0
    assert np.abs(both - steered_red).max() > 0
    # A run without references afterwards takes the adapter off: the plain image again.
    again, _ = run(generator, with_adapter)
    assert generator.last_references.how == NONE
    assert np.abs(again - plain).max() <= 1


def test_without_an_adapter_the_main_reference_is_the_image_to_image_input(
    generator, params, tmp_path
):
    red, blue = picture(tmp_path, "red", (220, 30, 30)), picture(tmp_path, "blue", (30, 30, 220))
    p = params(steps=8, strength=0.5)
    from_refs, rec = run(generator, p, ref(red), ref(blue, "HARBOUR"))
    use = generator.last_references
    assert use.how == IMAGE_TO_IMAGE and use.labels == ("MIRA",)
    assert any("main reference of MIRA as image-to-image input" in m for _, m in rec.progress)
    assert rec.steps[-1] == "step 4/4"  # an image-to-image run: 8 steps × strength 0.5
    # Exactly the run that takes the red picture as its input frame.
    as_input, _ = run(generator, p, Media(Kind.IMAGE, red, role="init-image"))
    assert np.abs(from_refs - as_input).max() <= 1
    from_blue, _ = run(generator, p, ref(blue), ref(red))
    assert np.abs(from_blue - from_refs).max() > 0


def test_a_variation_keeps_its_take_and_says_the_references_went_unused(
    generator, params, tmp_path
):
    take, red = picture(tmp_path, "take", (90, 90, 90)), picture(tmp_path, "red", (220, 30, 30))
    p = params(steps=8, strength=0.5)
    varied, rec = run(generator, p, Media(Kind.IMAGE, take, role="take"), ref(red))
    assert generator.last_references.how == IGNORED
    assert any("not used" in m for _, m in rec.progress)
    alone, _ = run(generator, p, Media(Kind.IMAGE, take, role="take"))
    assert np.abs(varied - alone).max() <= 1


def test_adapter_locations(tmp_path):
    weights = tmp_path / "ip.safetensors"
    weights.write_bytes(b"x")
    assert adapter_spec(str(weights), False).weight_name == "ip.safetensors"
    assert adapter_spec(str(tmp_path), False).location == str(tmp_path)
    spec = adapter_spec("h94/IP-Adapter/models/ip-adapter_sd15.safetensors", False)
    assert (spec.location, spec.subfolder, spec.image_encoder_folder) == (
        "h94/IP-Adapter",
        "models",
        "models/image_encoder",
    )
    assert spec.local_files_only
    with pytest.raises(ModelSourceError, match="IP-Adapter not found"):
        adapter_spec("nowhere", False)
    (tmp_path / "second.safetensors").write_bytes(b"x")
    with pytest.raises(ModelSourceError, match="holds 2"):
        adapter_spec(str(tmp_path), False)

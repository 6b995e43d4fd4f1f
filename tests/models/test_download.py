"""Downloads from a fake Hub on 127.0.0.1: listing, progress, cancel, resume, checksums,
offline refusal and gated repos, each through huggingface_hub's own calls."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studio.engine.models import inventory
from studio.engine.models.download import (
    Download,
    DownloadCancelled,
    DownloadError,
    RemoteFile,
    select_files,
)

WEIGHTS = bytes(range(256)) * 4096  # 1 MiB, several network chunks


def tiny_repo(hub, repo_id="org/tiny", **kw):
    files = {
        "config.json": b'{"architectures": ["LlamaForCausalLM"], "model_type": "llama"}',
        "model.safetensors": _safetensors(WEIGHTS),
        "README.md": b"# not fetched",
        "pytorch_model.bin": b"pickle: never fetched",
    }
    return hub.add_files(repo_id, files, **kw)


def _safetensors(payload: bytes) -> bytes:
    import json

    header = json.dumps(
        {"w": {"dtype": "U8", "shape": [len(payload)], "data_offsets": [0, len(payload)]}}
    ).encode()
    return len(header).to_bytes(8, "little") + header + payload


def test_download_fetches_the_needed_files_into_the_cache_with_progress(hub):
    tiny_repo(hub)
    events = []
    snapshot = Download("org/tiny", on_progress=events.append).run()
    assert sorted(p.name for p in snapshot.iterdir()) == ["config.json", "model.safetensors"]
    assert (snapshot / "model.safetensors").read_bytes() == _safetensors(WEIGHTS)
    total = len(_safetensors(WEIGHTS)) + len(
        b'{"architectures": ["LlamaForCausalLM"], "model_type": "llama"}'
    )
    assert events[-1].stage == "done"
    assert (events[-1].bytes_done, events[-1].bytes_total) == (total, total)
    assert (events[-1].files_done, events[-1].files_total) == (2, 2)
    done = [e.bytes_done for e in events]
    assert done == sorted(done) and len(set(done)) > 3  # bytes, chunk by chunk
    state = inventory.state_of("org/tiny")
    assert state.state == inventory.INSTALLED and state.generators == ("text.llm",)
    assert "org/tiny" in inventory.cached_repo_ids()


def test_cancel_stops_mid_file_and_a_second_run_resumes_with_a_range_request(hub):
    tiny_repo(hub)
    hub.delay_per_chunk = 0.05
    download = Download("org/tiny")
    started = threading.Event()

    def watch(progress):
        if progress.current == "model.safetensors" and progress.bytes_done > 200:
            started.set()
            download.cancel()

    download._report = watch
    with pytest.raises(DownloadCancelled):
        download.run()
    assert started.is_set()
    assert inventory.state_of("org/tiny").state == inventory.PARTIAL
    part = next((inventory.repo_folder("org/tiny") / "blobs").glob("*.incomplete"))
    kept = part.stat().st_size
    assert 0 < kept < len(_safetensors(WEIGHTS))

    hub.delay_per_chunk = 0.0
    hub.requests.clear()
    snapshot = Download("org/tiny").run()
    assert (snapshot / "model.safetensors").read_bytes() == _safetensors(WEIGHTS)
    ranges = [r for method, path, r in hub.requests if method == "GET" and "resolve" in path]
    assert ranges == [f"bytes={kept}-"]
    assert inventory.state_of("org/tiny").state == inventory.INSTALLED


def test_a_dropped_connection_resumes_where_it_stopped(hub):
    tiny_repo(hub)
    hub.drop_after["model.safetensors"] = 300_000
    snapshot = Download("org/tiny").run()
    assert (snapshot / "model.safetensors").read_bytes() == _safetensors(WEIGHTS)
    ranges = [r for m, p, r in hub.requests if m == "GET" and p.endswith("model.safetensors")]
    assert ranges[0] == "" and ranges[-1].startswith("bytes=") and len(ranges) == 2


def test_a_corrupted_file_is_caught_by_its_checksum_and_deleted(hub):
    repo = tiny_repo(hub)
    repo.corrupt.add("model.safetensors")
    with pytest.raises(DownloadError, match="model.safetensors failed its checksum"):
        Download("org/tiny").run()
    blobs = inventory.repo_folder("org/tiny") / "blobs"
    assert not [p for p in blobs.iterdir() if p.stat().st_size > 100_000]
    assert inventory.state_of("org/tiny").state != inventory.INSTALLED
    repo.corrupt.clear()  # the next try fetches it afresh
    assert (Download("org/tiny").run() / "model.safetensors").is_file()


def test_hf_hub_offline_refuses_before_any_request(hub, monkeypatch):
    tiny_repo(hub)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(DownloadError, match="HF_HUB_OFFLINE is set"):
        Download("org/tiny").run()
    assert hub.requests == []


def test_gated_and_missing_repos_are_explained_in_one_line(hub):
    tiny_repo(hub, "org/gated", gated=True)
    with pytest.raises(DownloadError) as gated:
        Download("org/gated").run()
    assert "is gated" in str(gated.value) and "hf auth login" in str(gated.value)
    with pytest.raises(DownloadError, match="is not on the Hub") as missing:
        Download("org/nothing").run()
    assert "\n" not in str(gated.value) + str(missing.value)


def test_no_network_is_one_line(hf_home, monkeypatch):
    import huggingface_hub.constants

    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens there
    with pytest.raises(DownloadError, match="cannot be reached"):
        Download("org/tiny").run()


def _remote(path, size=1):
    return RemoteFile(path, size, None, "x")


def test_select_files_keeps_a_pipelines_components_not_its_checkpoints():
    listing = [
        "model_index.json",
        "v1-5-pruned.safetensors",
        "v1-5-pruned.ckpt",
        "unet/config.json",
        "unet/diffusion_pytorch_model.safetensors",
        "unet/diffusion_pytorch_model.fp16.safetensors",
        "unet/diffusion_pytorch_model.bin",
        "text_encoder/model.safetensors",
        "tokenizer/vocab.json",
        "README.md",
        "onnx/unet/model.onnx",
        "flax_model.msgpack",
    ]
    chosen = [f.path for f in select_files([_remote(p) for p in listing])]
    assert chosen == [
        "model_index.json",
        "unet/config.json",
        "unet/diffusion_pytorch_model.safetensors",
        "text_encoder/model.safetensors",
        "tokenizer/vocab.json",
    ]


_names = st.lists(
    st.tuples(
        st.sampled_from(["", "unet/", "text_encoder/", "vae/", "onnx/", "tokenizer/"]),
        st.sampled_from(["model", "diffusion_pytorch_model", "config", "vocab", "x"]),
        st.sampled_from(["", ".fp16", ".bf16"]),
        st.sampled_from([".safetensors", ".bin", ".ckpt", ".json", ".txt", ".md", ".onnx"]),
    ).map("".join),
    unique=True,
    max_size=25,
)


@given(names=_names, diffusers=st.booleans())
def test_select_files_never_takes_pickles_or_exports_and_keeps_every_config(names, diffusers):
    listing = [*names, *(["model_index.json"] if diffusers else [])]
    chosen = {f.path for f in select_files([_remote(p) for p in listing])}
    assert chosen <= set(listing)
    for path in chosen:
        assert not path.endswith((".bin", ".ckpt", ".onnx", ".md")) and not path.startswith("onnx/")
        if diffusers and path.endswith(".safetensors"):
            assert "/" in path  # components only, not the checkpoint beside them
    for path in listing:
        if path.endswith((".json", ".txt")) and not path.startswith("onnx/"):
            kept = path in chosen
            assert kept or any(m in path for m in (".fp16.", ".bf16."))
    again = {f.path for f in select_files([_remote(p) for p in sorted(chosen)])}
    assert again == chosen  # choosing twice chooses the same

"""The drag-and-drop formats the panels agree on."""

ASSET_MIME = "application/x-storyreel-assets"  # newline-separated asset ids


def encode_assets(asset_ids: list[str]) -> bytes:
    return "\n".join(asset_ids).encode("utf-8")


def decode_assets(data: bytes) -> list[str]:
    return [line for line in bytes(data).decode("utf-8").splitlines() if line]

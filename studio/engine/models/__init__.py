"""Models on this machine: the recommended ones per panel, what is installed (read from the
Hugging Face cache and the app's model folder), and explicit downloads with progress.

Qt-free; huggingface_hub is imported only when something is downloaded or removed.
"""

"""A secret key made once for a machine and kept in the git-ignored data folder (`make run`)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def secret_key_from_file(path: Path) -> str:
    """The key stored at path, created there (readable by its owner only) the first time it is asked for.

    Two processes starting at once both read the one key: the file is created exclusively, and a
    process that loses the race reads the winner's.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_text(encoding="ascii").strip()
        if len(key) < 50:
            raise ValueError(f"{path} holds no usable secret key; delete it and a new one is made") from None
        return key
    key = secrets.token_urlsafe(64)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key

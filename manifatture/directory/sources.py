"""Reading official open-data files by path or URL."""

import json
import urllib.request
from pathlib import Path


def read_text(source: str, *, timeout: int = 30) -> str:
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=timeout) as response:
            return response.read().decode("utf-8-sig")
    return Path(source).read_text(encoding="utf-8-sig")


def read_json(source: str) -> dict:
    return json.loads(read_text(source))

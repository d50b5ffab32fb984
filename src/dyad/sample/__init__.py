"""The bundled sample articles (Wikipedia, CC BY-SA; see ATTRIBUTION.md)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def article_paths() -> list[Path]:
    """Paths of the bundled sample articles, the Armenia–Artsakh seed first."""
    folder = Path(str(resources.files(__name__) / "articles"))
    paths = sorted(folder.glob("*.txt"))
    paths.sort(key=lambda p: p.name != "Armenia-Artsakh_relations.txt")
    return paths

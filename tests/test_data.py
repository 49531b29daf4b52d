"""The bundled inputs are the ones documented, byte for byte."""

from __future__ import annotations

import hashlib
import re


def test_raw_inputs_match_the_hashes_in_the_data_readme(project_root):
    readme = (project_root / "data" / "README.md").read_text("utf-8")
    documented = dict(re.findall(r"\| `([\w.-]+\.txt)` \| [\d,]+ \| `([0-9a-f]{64})` \|", readme))
    assert set(documented) == {
        "source.txt",
        "derivative.txt",
        "xsum-source.txt",
        "xsum-derivative.txt",
    }
    for name, digest in documented.items():
        data = (project_root / "data" / "raw" / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, name


def test_generated_folders_are_ignored_by_git(project_root):
    ignored = (project_root / ".gitignore").read_text("utf-8").splitlines()
    for folder in ("/reports/", "/data/processed/", "/data/nltk_data/", "/.venv/"):
        assert folder in ignored

"""The pinned environment: environment.yml, the pip requirements and the lock agree."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)$")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    """The ``name==version`` lines of a requirements file, following ``-r`` includes."""
    found: dict[str, str] = {}
    for raw in path.read_text("utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-r "):
            found |= pins(path.parent / line[3:].strip())
            continue
        match = PIN.match(line)
        assert match, f"{path.name}: not pinned with ==: {line!r}"
        found[canonical(match[1])] = match[2]
    return found


def test_environment_yml_has_the_same_pins_as_pip(project_root):
    environment = yaml.safe_load((project_root / "environment.yml").read_text("utf-8"))
    dependencies = environment["dependencies"]
    assert "python=3.11" in dependencies
    pip_section = next(item["pip"] for item in dependencies if isinstance(item, dict))
    conda_pins = {}
    for entry in pip_section:
        if entry == "-e .":
            continue
        match = PIN.match(entry)
        assert match, f"environment.yml: not pinned with ==: {entry!r}"
        conda_pins[canonical(match[1])] = match[2]
    assert conda_pins == pins(project_root / "requirements-dev.txt")


def test_every_direct_pin_is_in_the_lock_with_the_same_version(project_root):
    lock = pins(project_root / "constraints.txt")
    direct = pins(project_root / "requirements-dev.txt")
    assert {name: lock.get(name) for name in direct} == direct


def test_package_metadata_takes_its_dependencies_from_requirements_txt(project_root):
    project = tomllib.loads((project_root / "pyproject.toml").read_text("utf-8"))
    assert project["tool"]["setuptools"]["dynamic"]["dependencies"] == {
        "file": ["requirements.txt"]
    }
    assert project["project"]["requires-python"] == ">=3.11"


def test_optional_heavy_packages_stay_out_of_the_core_pins(project_root):
    core = pins(project_root / "requirements-dev.txt")
    assert not {"torch", "sentence-transformers", "tensorflow", "spacy"} & set(core)

"""The native library each supported header belongs to, and the release its headers come from.

The banner of every generated file and one version constant in the header class name that release, so
a drift check on a machine with other headers shows the version difference first. A header this table
does not know is an error: every binding states where its version comes from.
"""

import re
from dataclasses import dataclass
from pathlib import Path


class LibraryError(Exception):
    """The header belongs to no known library, or its version is not where the table says."""


class VersionNotFound(LibraryError):
    """The file that records the headers' release is missing: an incomplete install, not a bad options file."""


@dataclass(frozen=True)
class Library:
    name: str                # in the banner, e.g. "OpenVINO"
    version: str             # e.g. "2026.4.1"
    constant: str            # the version constant in the header class, e.g. OPENVINO_VERSION
    constant_doc: str        # its Javadoc sentence(s), without comment markers
    loaded_file: str         # the library native/ loads by absolute path, for a comment


def for_header(header: str, include_dirs: list[Path]) -> Library:
    if header == "<openvino/c/openvino.h>":
        return Library("OpenVINO", openvino_version(include_dirs[0]), "OPENVINO_VERSION",
                       "The OpenVINO release these bindings were generated from (OPENVINO_VERSION_MAJOR/MINOR/PATCH in\n"
                       "openvino/core/version.hpp). Enum values move between releases, so the loader compares this\n"
                       "with {@code ov_get_openvino_version} before the first real call.",
                       "libopenvino_c")
    if header == "<turbojpeg.h>":
        return Library("libjpeg-turbo", turbojpeg_version(include_dirs[0]), "TURBOJPEG_VERSION",
                       "The libjpeg-turbo release whose turbojpeg.h these bindings were generated from (Version in\n"
                       "libturbojpeg.pc beside the headers). The TurboJPEG 2.x functions and constants bound here keep\n"
                       "their signatures and values in later releases; the loader reports this beside the library it found.",
                       "libturbojpeg")
    raise LibraryError(f"no library is known for header {header}; add it to tools/bindgen/libraries.py")


def openvino_version(include_dir: Path) -> str:
    """The release the headers belong to, from OPENVINO_VERSION_MAJOR/MINOR/PATCH in version.hpp."""
    path = include_dir / "openvino" / "core" / "version.hpp"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise VersionNotFound(f"cannot read {path}: {e.strerror}") from e
    parts = []
    for part in ("MAJOR", "MINOR", "PATCH"):
        m = re.search(rf"#define\s+OPENVINO_VERSION_{part}\s+(\d+)", text)
        if not m:
            raise LibraryError(f"OPENVINO_VERSION_{part} not found in {path}")
        parts.append(m.group(1))
    return ".".join(parts)


def pkgconfig_files(include_dir: Path, name: str) -> list[Path]:
    """Where a package installing headers into <prefix>/include puts <name>.pc, in search order."""
    prefix = include_dir.parent
    candidates = sorted(prefix.glob(f"lib/*/pkgconfig/{name}.pc"))
    candidates += [prefix / d / "pkgconfig" / f"{name}.pc" for d in ("lib", "lib64", "share")]
    return candidates


def turbojpeg_version(include_dir: Path) -> str:
    """turbojpeg.h 2.x carries no version macro; its package's libturbojpeg.pc does (Version: 2.1.5)."""
    candidates = pkgconfig_files(include_dir, "libturbojpeg")
    for path in candidates:
        if path.is_file():
            m = re.search(r"^Version:\s*(\S+)\s*$", path.read_text(encoding="utf-8"), re.MULTILINE)
            if not m:
                raise LibraryError(f"no Version: line in {path}")
            return m.group(1)
    raise VersionNotFound("libturbojpeg.pc not found beside the headers; looked for "
                       + ", ".join(str(p) for p in candidates))

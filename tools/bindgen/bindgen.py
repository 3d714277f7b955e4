#!/usr/bin/env python3
"""Generates Java FFM bindings from a jextract options file, without jextract.

    bindgen.py --options bindings/openvino.jextract [--include-dir DIR] --out bindings/src/main/java
    bindgen.py --options bindings/openvino.jextract [--include-dir DIR] --check [--against DIR]
    (the same for bindings/turbojpeg.jextract)

The options file is a real jextract @argfile; this program reads the same file, parses the headers
with libclang (PyPI `libclang`) and writes the Java that jextract 22 would, plus a constant naming
the headers' release (OPENVINO_VERSION, TURBOJPEG_VERSION: see libraries.py). --check regenerates
in memory and compares with the committed sources.

Exit codes: 0 done / no difference; 1 --check found a difference (a unified diff is printed);
2 the options file or headers cannot produce bindings (bad option, unknown symbol, missing
dependency, parse error); 3 the environment lacks libclang, the header directory, the header or its version file.
"""

import argparse
import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, str(HERE))

import argfile  # noqa: E402
import libraries  # noqa: E402

EXIT_DRIFT, EXIT_INVALID, EXIT_ENVIRONMENT = 1, 2, 3


def main(argv=None) -> int:
    args = _arguments().parse_args(argv)
    try:
        import clang.cindex  # noqa: F401  (the PyPI wheel bundles libclang.so)
    except ImportError as e:
        print(f"bindgen: libclang is not importable ({e}); install PyPI 'libclang' in the venv", file=sys.stderr)
        return EXIT_ENVIRONMENT
    import cparse
    import layouts

    try:
        opts = argfile.load(Path(args.options))
    except argfile.OptionsError as e:
        print(f"bindgen: {args.options}: {e}", file=sys.stderr)
        return EXIT_INVALID
    include_dirs = [Path(args.include_dir)] if args.include_dir else [REPO_ROOT / d for d in opts.include_dirs]
    missing = [d for d in include_dirs if not d.is_dir()]
    if not include_dirs or missing:
        print(f"bindgen: header directory not found: {', '.join(map(str, missing)) or '(no -I given)'}",
              file=sys.stderr)
        return EXIT_ENVIRONMENT
    header = _find_header(opts.headers[0], include_dirs) if opts.headers else None
    if opts.headers and header is None:
        print(f"bindgen: header {opts.headers[0]} not found in {', '.join(map(str, include_dirs))}"
              " (is the library's development package installed?)", file=sys.stderr)
        return EXIT_ENVIRONMENT
    label = _options_label(Path(args.options))
    try:
        files = generate(opts, include_dirs, label)
    except libraries.VersionNotFound as e:
        print(f"bindgen: {e}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    except (cparse.GenerationError, layouts.UnsupportedType, libraries.LibraryError) as e:
        print(f"bindgen: ERROR: {e}", file=sys.stderr)
        return EXIT_INVALID
    if args.check:
        against = Path(args.against) if args.against else REPO_ROOT / (opts.output or ".")
        return check(files, against, label, opts.output or "<source root>")
    write(files, Path(args.out))
    print(f"bindgen: wrote {len(files)} files under {args.out}")
    return 0


def _arguments():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--options", required=True, help="jextract @argfile, e.g. bindings/openvino.jextract")
    p.add_argument("--include-dir", help="header directory (default: the options file's -I, from the repo root)")
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--out", help="source root to write into (the package directories are created)")
    mode.add_argument("--check", action="store_true", help="compare with committed sources; exit 1 on a difference")
    p.add_argument("--against", help="source root compared by --check (default: the options file's --output)")
    return p


def _find_header(header: str, include_dirs: list[Path]) -> Path | None:
    """A <name> header searched in the -I directories, as the compiler would; a "name" one as given."""
    if header.startswith("<") and header.endswith(">"):
        name = header[1:-1]
        return next((d / name for d in include_dirs if (d / name).is_file()), None)
    path = Path(header)
    return path if path.is_file() else None


def _options_label(path: Path) -> str:
    """The options file as the banner names it: repository-relative, so output never has local paths."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return resolved.name


def system_include_dirs() -> list[str]:
    """Compiler built-in headers (stddef.h, stdbool.h) that the libclang wheel does not ship."""
    for cc in ("cc", "gcc", "clang"):
        if shutil.which(cc):
            out = subprocess.run([cc, "-print-file-name=include"], capture_output=True, text=True)
            d = out.stdout.strip()
            if out.returncode == 0 and os.path.isfile(os.path.join(d, "stddef.h")):
                return [d]
    return []


def generate(opts, include_dirs: list[Path], options_label: str) -> dict[str, str]:
    """Relative path (package dirs + class name + .java) -> file content, all deterministic."""
    import cparse
    import javahdr
    import javarec
    import javatext
    import layouts

    if len(opts.headers) != 1:
        raise cparse.GenerationError("exactly one header is supported")
    tu = cparse.parse_headers(opts.headers[0], [str(d) for d in include_dirs], system_include_dirs(), opts.defines)
    api = cparse.select(tu, opts, opts.header_class_name)
    cfg = javatext.FileConfig(opts.target_package, opts.header_class_name, options_label,
                              libraries.for_header(opts.headers[0], include_dirs))
    namer = layouts.LayoutNamer(cfg.header_class, api.struct_names)
    files = {cfg.header_class: javahdr.emit(api, cfg, namer)}
    for s in api.structs:
        files[s.java_name] = javarec.emit_struct(s, cfg, namer)
    for t in api.struct_typedefs:
        files[t.name] = javarec.emit_typedef(t, cfg)
    for fp in api.function_pointers:
        files[fp.name] = javarec.emit_function_pointer(fp, cfg, namer)
    pkg_dir = opts.target_package.replace(".", "/")
    return {f"{pkg_dir}/{name}.java" if pkg_dir else f"{name}.java": text for name, text in sorted(files.items())}


def write(files: dict[str, str], out: Path):
    for rel, text in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    # The package directory holds generated code only: drop classes of symbols no longer selected.
    for pkg in {Path(rel).parent for rel in files}:
        for stale in sorted((out / pkg).glob("*.java")):
            if (pkg / stale.name).as_posix() not in files:
                stale.unlink()


def check(files: dict[str, str], against: Path, options_label: str, output: str) -> int:
    pkgs = {Path(rel).parent for rel in files}
    committed = {(pkg / p.name).as_posix() for pkg in pkgs for p in (against / pkg).glob("*.java")}
    differences = 0
    for rel in sorted(set(files) | committed):
        old_path = against / rel
        old = old_path.read_text(encoding="utf-8") if old_path.is_file() else ""
        new = files.get(rel, "")
        if old != new:
            differences += 1
            sys.stdout.writelines(difflib.unified_diff(
                old.splitlines(keepends=True), new.splitlines(keepends=True),
                fromfile=f"committed/{rel}" if rel in committed else "/dev/null",
                tofile=f"generated/{rel}" if rel in files else "/dev/null"))
    if differences:
        print(f"bindgen: {differences} generated file(s) differ from {_shown(against)}; regenerate with "
              f"tools/bindgen/bindgen.py --options {options_label} --out {output}",
              file=sys.stderr)
        return EXIT_DRIFT
    print(f"bindgen: {len(files)} generated files match {_shown(against)}")
    return 0


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())

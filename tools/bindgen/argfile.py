"""Reads a jextract @argfile into the options the generator obeys.

The tokenizer follows the rules jextract uses for @argfiles (those of javac's command files):
tokens are separated by blanks or line ends, a '#' at the start of a token comments out the rest
of the line, and single or double quotes group blanks into one token. Only the options that shape
the generated API are accepted; anything else is rejected so the file never says more than this
generator honours.
"""

from dataclasses import dataclass, field
from pathlib import Path

INCLUDE_KINDS = ("function", "constant", "struct", "union", "typedef", "var")


class OptionsError(Exception):
    """The options file cannot be used: unknown option, missing value, or missing header."""


@dataclass
class Options:
    output: str | None = None
    target_package: str = ""
    header_class_name: str | None = None
    include_dirs: list[str] = field(default_factory=list)
    defines: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    includes: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in INCLUDE_KINDS})

    def included(self, kind: str) -> set[str]:
        return set(self.includes[kind])


def tokenize(text: str) -> list[str]:
    """Splits argfile text into tokens the way jextract's command-file reader does."""
    tokens: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in " \t\f\r\n":
            i += 1
            continue
        if ch == "#":
            while i < n and text[i] not in "\r\n":
                i += 1
            continue
        token: list[str] = []
        quote = None
        while i < n:
            ch = text[i]
            if quote is None and ch in " \t\f":
                break
            if ch in "\r\n":
                break
            if ch in "'\"":
                if quote is None:
                    quote = ch
                elif quote == ch:
                    quote = None
                else:
                    token.append(ch)
            elif ch == "\\" and quote is not None and i + 1 < n:
                i += 1
                token.append({"n": "\n", "r": "\r", "t": "\t", "f": "\f"}.get(text[i], text[i]))
            else:
                token.append(ch)
            i += 1
        tokens.append("".join(token))
    return tokens


_VALUE_OPTIONS = {
    "--output": "output",
    "-t": "target_package",
    "--target-package": "target_package",
    "--header-class-name": "header_class_name",
}


def parse(tokens: list[str]) -> Options:
    opts = Options()
    it = iter(tokens)
    for tok in it:
        if tok in _VALUE_OPTIONS:
            setattr(opts, _VALUE_OPTIONS[tok], _value(it, tok))
        elif tok in ("-I", "--include-dir"):
            opts.include_dirs.append(_value(it, tok))
        elif tok in ("-D", "--define-macro"):
            opts.defines.append(_value(it, tok))
        elif tok.startswith("--include-"):
            kind = tok[len("--include-"):]
            if kind not in INCLUDE_KINDS:
                raise OptionsError(f"unknown option {tok}")
            opts.includes[kind].append(_value(it, tok))
        elif tok.startswith("-"):
            raise OptionsError(f"option {tok} is not supported by tools/bindgen")
        else:
            opts.headers.append(tok)
    if not opts.headers:
        raise OptionsError("no header file given (it must be the last token of the options file)")
    if not opts.header_class_name:
        raise OptionsError("--header-class-name is required")
    for kind, names in opts.includes.items():
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise OptionsError(f"--include-{kind} repeated for: {', '.join(dupes)}")
    return opts


def _value(it, option: str) -> str:
    try:
        return next(it)
    except StopIteration:
        raise OptionsError(f"option {option} needs a value") from None


def load(path: Path) -> Options:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise OptionsError(f"cannot read options file {path}: {e.strerror}") from e
    return parse(tokenize(text))

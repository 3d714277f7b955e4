"""Prints C declarations for the {@snippet lang=c} doc comments, as jextract's generated code shows them."""


def declarator(type_spelling: str, name: str) -> str:
    """`const char *` + `key` -> `const char *key`; `void (*)(void *)` + `cb` -> `void (*cb)(void *)`."""
    if "(*)" in type_spelling:
        return type_spelling.replace("(*)", f"(*{name})", 1)
    if not name:
        return type_spelling
    if type_spelling.endswith("*"):
        return type_spelling + name
    return f"{type_spelling} {name}"


def function(name: str, result_spelling: str, params: list[tuple[str, str]], variadic: bool,
             prototyped: bool) -> str:
    args = [declarator(spelling, pname) for pname, spelling in params]
    if variadic and prototyped:
        args.append("...")
    return declarator(result_spelling, f"{name}({', '.join(args)})")


def record(keyword: str, tag: str, fields: list[str], typedef_name: str | None) -> str:
    """`struct tag {\\n    field;\\n}` or `typedef struct {\\n    field;\\n} name`."""
    head = f"{keyword} {tag} {{" if tag else f"{keyword} {{"
    body = "".join(f"    {f};\n" for f in fields)
    text = f"{head}\n{body}}}"
    return f"typedef {text} {typedef_name}" if typedef_name else text

"""Parses the C headers with libclang and selects what the options file includes.

Selection and the dependency rule follow jextract: a symbol is generated only when an
--include-* option names it, enum constants are selected one by one with --include-constant,
typedefs of enums and of opaque structs produce nothing, and a selected declaration that needs a
struct class which is not selected is an error. This generator is stricter than jextract in two
ways, both to keep the options file honest: an --include-* name that matches nothing is an error,
and so is a pointer to a complete struct whose class is not selected (the safe layer needs its
accessors).
"""

import re

from clang.cindex import CursorKind, Index, StorageClass, TranslationUnit, TypeKind

import cdecl
import layouts
from cmodel import (Api, Constant, Field, FuncType, Function, FunctionPointer, LayoutTypedef, Struct,
                    StructTypedef, Var)


class GenerationError(Exception):
    """The headers or the options file cannot produce a consistent API."""


_INT_MACRO = re.compile(r"^\(?\s*(-?)\s*(0[xX][0-9a-fA-F]+|\d+)[uUlL]*\s*\)?$")


def parse_headers(header: str, include_dirs: list[str], system_dirs: list[str], defines: list[str]):
    args = ["-x", "c", "-ferror-limit=0"]
    for d in include_dirs:
        args += ["-I", d]
    for d in system_dirs:
        args += ["-isystem", d]
    for d in defines:
        args.append("-D" + d)
    source = f"#include {header}\n" if header.startswith("<") else f'#include "{header}"\n'
    tu = Index.create().parse(
        "bindgen_main.h", args=args, unsaved_files=[("bindgen_main.h", source)],
        options=TranslationUnit.PARSE_DETAILED_PROCESSING_RECORD | TranslationUnit.PARSE_SKIP_FUNCTION_BODIES)
    errors = [d for d in tu.diagnostics if d.severity >= 3]
    if errors:
        raise GenerationError("clang could not parse the headers:\n" + "\n".join(f"  {d}" for d in errors))
    return tu


def _is_anonymous_record(cursor) -> bool:
    tokens = [t.spelling for t in cursor.get_tokens()][:2]
    return len(tokens) == 2 and tokens[1] == "{"


def _func_type(ctype, names: list[str]) -> FuncType:
    canon = ctype.get_canonical()
    if canon.kind == TypeKind.FUNCTIONNOPROTO:
        # jextract treats `f()` (no prototype in C17) as variadic: an invoker class, not a method.
        return FuncType(canon.get_result(), [], True)
    types = list(canon.argument_types())
    names = names + [""] * (len(types) - len(names))
    return FuncType(canon.get_result(), list(zip(names, types)), canon.is_function_variadic())


def _param_names(cursor) -> list[str]:
    return [c.spelling for c in cursor.get_children() if c.kind == CursorKind.PARM_DECL]


class _Collector:
    """Walks the translation unit once, keeping every declaration by name in source order."""

    def __init__(self, tu):
        self.order = []               # (kind, name) in translation-unit order
        self.functions = {}
        self.vars = {}
        self.constants = {}           # name -> (value, enum cursor, usr of the enclosing struct or None)
        self.macros = {}
        self.records = {}             # usr -> cursor (definitions only)
        self.record_names = {}        # usr -> Java class name
        self.anonymous = set()        # usr of records declared as `typedef struct { } name`
        self.typedefs = {}
        for c in tu.cursor.get_children():
            self._visit(c)

    def _visit(self, c):
        if c.kind == CursorKind.FUNCTION_DECL and c.storage_class != StorageClass.STATIC:
            if c.spelling not in self.functions:
                self.functions[c.spelling] = c
                self.order.append(("function", c.spelling))
        elif c.kind == CursorKind.VAR_DECL and c.storage_class == StorageClass.EXTERN:
            if c.spelling not in self.vars:
                self.vars[c.spelling] = c
                self.order.append(("var", c.spelling))
        elif c.kind == CursorKind.ENUM_DECL and c.is_definition():
            self._enum(c, None)
        elif c.kind in (CursorKind.STRUCT_DECL, CursorKind.UNION_DECL) and c.is_definition():
            self._record(c)
        elif c.kind == CursorKind.TYPEDEF_DECL:
            if c.spelling not in self.typedefs:
                self.typedefs[c.spelling] = c
                self.order.append(("typedef", c.spelling))
        elif c.kind == CursorKind.MACRO_DEFINITION and c.location.file is not None:
            tokens = [t.spelling for t in c.get_tokens()][1:]
            m = _INT_MACRO.match(" ".join(tokens))
            if m and c.spelling not in self.macros:
                self.macros[c.spelling] = int(m.group(1) + m.group(2), 0)
                self.order.append(("macro", c.spelling))

    def _enum(self, c, owner):
        for e in c.get_children():
            if e.kind == CursorKind.ENUM_CONSTANT_DECL and e.spelling not in self.constants:
                self.constants[e.spelling] = (e.enum_value, c, owner)
                self.order.append(("constant", e.spelling))

    def _record(self, c):
        usr = c.get_usr()
        if usr in self.records:
            return
        self.records[usr] = c
        self.record_names[usr] = c.spelling
        if _is_anonymous_record(c):
            self.anonymous.add(usr)
        self.order.append(("record", usr))
        for m in c.get_children():
            if m.kind == CursorKind.ENUM_DECL:
                self._enum(m, usr)   # C hoists nested enums: their constants are top-level names
            elif m.kind in (CursorKind.STRUCT_DECL, CursorKind.UNION_DECL) and m.is_definition():
                self._record(m)


def select(tu, opts, header_class: str) -> Api:
    col = _Collector(tu)
    inc = {kind: opts.included(kind) for kind in opts.includes}
    _check_names_exist(col, inc)

    generated = {u for u, n in col.record_names.items()
                 if (u in col.anonymous and (n in inc["struct"] | inc["union"] | inc["typedef"]))
                 or (u not in col.anonymous and n in inc["struct"] | inc["union"])}
    struct_names = {u: col.record_names[u] for u in generated}
    deps = _DependencyChecker(col, generated)

    header_items, structs, struct_typedefs, fptrs = [], [], [], []
    for kind, name in col.order:
        if kind == "function" and name in inc["function"]:
            fn = _function(col.functions[name])
            deps.check_function(fn)
            header_items.append(fn)
        elif kind == "var" and name in inc["var"]:
            c = col.vars[name]
            if not layouts.is_primitive_or_pointer(c.type):
                raise GenerationError(f"--include-var {name}: only primitive and pointer globals are supported")
            deps.check(name, c.type)
            header_items.append(Var(name, c.type, "extern " + cdecl.declarator(c.type.spelling, name)))
        elif kind == "constant" and name in inc["constant"]:
            header_items.append(_constant(name, *col.constants[name]))
        elif kind == "macro" and name in inc["constant"] and name not in col.constants:
            value = col.macros[name]
            jtype = "int" if -2**31 <= value < 2**31 else "long"
            header_items.append(Constant(name, value, jtype, f"#define {name} {value}"))
        elif kind == "record" and name in generated:
            struct = _struct(col, name)
            for f in struct.fields:
                deps.check(f"{struct.java_name}.{f.name}", f.ctype)
            structs.append(struct)
        elif kind == "typedef" and name in inc["typedef"]:
            item = _typedef(col, col.typedefs[name], deps)
            if isinstance(item, LayoutTypedef):
                header_items.append(item)
            elif isinstance(item, StructTypedef):
                struct_typedefs.append(item)
            elif isinstance(item, FunctionPointer):
                fptrs.append(item)
    deps.raise_if_missing()
    return Api(header_items, structs, struct_typedefs, fptrs, struct_names)


def _check_names_exist(col, inc):
    known = {
        "function": set(col.functions),
        "var": set(col.vars),
        "constant": set(col.constants) | set(col.macros),
        "struct": {n for u, n in col.record_names.items() if col.records[u].kind == CursorKind.STRUCT_DECL},
        "union": {n for u, n in col.record_names.items() if col.records[u].kind == CursorKind.UNION_DECL},
        "typedef": set(col.typedefs),
    }
    missing = [f"--include-{k} {n}" for k in sorted(inc) for n in sorted(inc[k] - known[k])]
    if missing:
        raise GenerationError("the options file names symbols the headers do not declare:\n"
                              + "\n".join(f"  {m}" for m in missing))


def _function(c) -> Function:
    ftype = _func_type(c.type, _param_names(c))
    if layouts.is_record(ftype.result):
        raise GenerationError(f"{c.spelling} returns a struct by value, which this generator does not support")
    for a in c.get_arguments():
        if a.type.kind == TypeKind.POINTER and layouts.is_function_pointer(a.type):
            # jextract would add a class <function>$<param>; typedef the pointer type instead
            raise GenerationError(f"{c.spelling}: parameter {a.spelling} is a raw function pointer, not supported")
    proto = c.type.get_canonical().kind == TypeKind.FUNCTIONPROTO
    params = [(a.spelling, a.type.spelling) for a in c.get_arguments()]
    return Function(c.spelling, ftype, cdecl.function(c.spelling, c.result_type.spelling, params,
                                                       ftype.variadic, proto))


def _constant(name, value, enum_cursor, _owner) -> Constant:
    jtype = "int" if layouts.canonical(enum_cursor.enum_type).get_size() <= 4 else "long"
    enum_name = enum_cursor.spelling or "<anonymous>"
    return Constant(name, value, jtype, f"enum {enum_name}.{name} = {value}")


def _struct(col, usr) -> Struct:
    c = col.records[usr]
    anonymous = usr in col.anonymous
    name = col.record_names[usr]
    fields, lines = [], []
    for m in c.get_children():
        if m.kind != CursorKind.FIELD_DECL:
            continue
        if m.is_bitfield():
            raise GenerationError(f"{name}.{m.spelling} is a bit field, which is not supported")
        fptr = _func_type(m.type.get_canonical().get_pointee(), _param_names(m)) \
            if layouts.is_function_pointer(m.type) else None
        if fptr is not None and fptr.variadic:
            raise GenerationError(f"{name}.{m.spelling} is a variadic function pointer")
        spelling = m.type.spelling
        decl = cdecl.declarator(spelling, m.spelling)
        fields.append(Field(m.spelling, m.type, m.get_field_offsetof(), m.type.get_size() * 8, decl, fptr))
        lines.append(decl)
    keyword = "union" if c.kind == CursorKind.UNION_DECL else "struct"
    doc = cdecl.record(keyword, "" if anonymous else name, lines, name if anonymous else None)
    return Struct(name, c.kind == CursorKind.UNION_DECL, c.type.get_size(), c.type.get_align(),
                  fields, doc, anonymous)


def _typedef(col, c, deps):
    name = c.spelling
    under = c.underlying_typedef_type
    canon = under.get_canonical()
    decl_text = "typedef " + cdecl.declarator(under.spelling, name)
    if canon.kind == TypeKind.RECORD:
        usr = layouts.record_key(under)
        if usr in col.anonymous and col.record_names[usr] == name:
            return None  # `typedef struct {...} name`: the struct's own class carries the name
        if usr not in col.records:
            raise GenerationError(f"--include-typedef {name}: {name} is an opaque handle (incomplete struct);"
                                  " remove it, handles are plain pointers (MemorySegment)")
        deps.check(name, under)
        return StructTypedef(name, col.record_names[usr], decl_text)
    if canon.kind == TypeKind.ENUM:
        raise GenerationError(f"--include-typedef {name}: enum typedefs generate nothing (as in jextract);"
                              " select the enumerators with --include-constant")
    if layouts.is_function_pointer(under):
        ftype = _func_type(canon.get_pointee(), _param_names(c))
        for _, ptype in ftype.params + [("", ftype.result)]:
            deps.check(name, ptype)
        return FunctionPointer(name, ftype, decl_text)
    if layouts.is_primitive_or_pointer(under):
        deps.check(name, under)
        return LayoutTypedef(name, under, decl_text)
    raise GenerationError(f"--include-typedef {name}: type '{under.spelling}' is not supported")


class _DependencyChecker:
    """jextract's rule: a selected declaration may not need a struct class that is not selected."""

    def __init__(self, col, generated):
        self.col = col
        self.generated = generated
        self.missing = []

    def check_function(self, fn: Function):
        for _, t in fn.ftype.params + [("", fn.ftype.result)]:
            self.check(fn.name, t)

    def check(self, who: str, ctype):
        canon = ctype.get_canonical()
        while canon.kind in (TypeKind.POINTER, TypeKind.CONSTANTARRAY, TypeKind.INCOMPLETEARRAY):
            canon = (canon.get_pointee() if canon.kind == TypeKind.POINTER else canon.element_type).get_canonical()
        if canon.kind != TypeKind.RECORD:
            return
        usr = layouts.record_key(canon)
        if usr in self.col.records and usr not in self.generated:
            name = self.col.record_names[usr]
            option = "--include-typedef" if usr in self.col.anonymous else "--include-struct"
            self.missing.append(f"{who} depends on {name}, which has been excluded (add {option} {name})")

    def raise_if_missing(self):
        if self.missing:
            raise GenerationError("missing dependencies:\n" + "\n".join(f"  {m}" for m in sorted(set(self.missing))))


"""The declarations the generator turns into Java, independent of libclang.

cparse.py fills these from a translation unit; the emitters only read them. Types stay libclang
`Type` objects (always used through their canonical form) because layouts need sizes, kinds and
record declarations that a hand-made copy would only duplicate.
"""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FuncType:
    """A C function signature: of a declared function or of a function-pointer type."""
    result: Any                      # clang Type
    params: list[tuple[str, Any]]    # (name or "", clang Type)
    variadic: bool                   # declared with "..." or without a prototype: f()


@dataclass(frozen=True)
class Function:
    name: str
    ftype: FuncType
    c_decl: str                      # one-line C declaration for doc comments


@dataclass(frozen=True)
class Constant:
    name: str
    value: int
    java_type: str                   # "int" or "long"
    c_decl: str


@dataclass(frozen=True)
class Var:
    name: str
    ctype: Any
    c_decl: str


@dataclass(frozen=True)
class LayoutTypedef:
    """typedef of a primitive or data pointer: a layout constant in the header class."""
    name: str
    ctype: Any
    c_decl: str


@dataclass(frozen=True)
class Field:
    name: str
    ctype: Any
    offset_bits: int
    size_bits: int
    c_decl: str
    fptr: FuncType | None = None     # set when the field is a function pointer


@dataclass
class Struct:
    java_name: str
    is_union: bool
    size_bytes: int
    align_bytes: int
    fields: list[Field]
    c_decl: str
    anonymous: bool                  # typedef struct { ... } name;


@dataclass(frozen=True)
class StructTypedef:
    """typedef naming a struct that has its own class: a class extending that struct's class."""
    name: str
    super_name: str
    c_decl: str


@dataclass(frozen=True)
class FunctionPointer:
    """typedef of a function pointer: a class with Function, allocate and invoke."""
    name: str
    ftype: FuncType
    c_decl: str


@dataclass
class Api:
    """Everything selected by the options file, in the order of the translation unit."""
    header_items: list[Any]          # Function | Constant | Var | LayoutTypedef
    structs: list[Struct]
    struct_typedefs: list[StructTypedef]
    function_pointers: list[FunctionPointer]
    struct_names: dict[str, str]     # libclang USR of each generated struct -> its Java class

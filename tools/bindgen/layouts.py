"""Maps C types to FFM layouts and Java carriers, the way jextract does on Linux x86_64.

A C type is always looked at in its canonical form, so typedefs (size_t, int64_t, ov_rank_t)
resolve to what they stand for, exactly as jextract never refers to a typedef by name in a layout.
"""

from clang.cindex import TypeKind

# canonical kind -> (header constant, Java carrier, layout interface, natural alignment in bytes)
_PRIMITIVES = {
    TypeKind.BOOL: ("C_BOOL", "boolean", "OfBoolean", 1),
    TypeKind.CHAR_S: ("C_CHAR", "byte", "OfByte", 1),
    TypeKind.SCHAR: ("C_CHAR", "byte", "OfByte", 1),
    TypeKind.CHAR_U: ("C_CHAR", "byte", "OfByte", 1),
    TypeKind.UCHAR: ("C_CHAR", "byte", "OfByte", 1),
    TypeKind.SHORT: ("C_SHORT", "short", "OfShort", 2),
    TypeKind.USHORT: ("C_SHORT", "short", "OfShort", 2),
    TypeKind.INT: ("C_INT", "int", "OfInt", 4),
    TypeKind.UINT: ("C_INT", "int", "OfInt", 4),
    TypeKind.LONG: ("C_LONG", "long", "OfLong", 8),
    TypeKind.ULONG: ("C_LONG", "long", "OfLong", 8),
    TypeKind.LONGLONG: ("C_LONG_LONG", "long", "OfLong", 8),
    TypeKind.ULONGLONG: ("C_LONG_LONG", "long", "OfLong", 8),
    TypeKind.FLOAT: ("C_FLOAT", "float", "OfFloat", 4),
    TypeKind.DOUBLE: ("C_DOUBLE", "double", "OfDouble", 8),
    TypeKind.POINTER: ("C_POINTER", "MemorySegment", "AddressLayout", 8),
}


class UnsupportedType(Exception):
    """A C type this generator (like jextract) cannot express as a layout."""


def canonical(ctype):
    c = ctype.get_canonical()
    if c.kind == TypeKind.ENUM:
        # an enum is passed as its underlying integer type
        return c.get_declaration().enum_type.get_canonical()
    return c


def is_void(ctype) -> bool:
    return ctype.get_canonical().kind == TypeKind.VOID


def is_record(ctype) -> bool:
    return ctype.get_canonical().kind == TypeKind.RECORD


def is_function_pointer(ctype) -> bool:
    c = ctype.get_canonical()
    return c.kind == TypeKind.POINTER and c.get_pointee().get_canonical().kind in (
        TypeKind.FUNCTIONPROTO, TypeKind.FUNCTIONNOPROTO)


def is_primitive_or_pointer(ctype) -> bool:
    return canonical(ctype).kind in _PRIMITIVES


def record_key(ctype) -> str:
    """Identity of a struct/union type across typedefs (libclang USR of its declaration)."""
    return ctype.get_canonical().get_declaration().get_usr()


class LayoutNamer:
    """Turns C types into layout expressions; struct types need the name of their Java class."""

    def __init__(self, header_class: str, struct_names: dict[str, str]):
        self.header_class = header_class
        self.struct_names = struct_names  # record_key -> Java class name

    def _primitive(self, ctype):
        c = canonical(ctype)
        if c.kind not in _PRIMITIVES:
            raise UnsupportedType(f"type '{ctype.spelling}' ({c.kind.name}) is not supported")
        return _PRIMITIVES[c.kind]

    def layout(self, ctype, struct_align: int | None = None) -> str:
        """Layout expression; inside a packed struct the member alignment is lowered as jextract does."""
        if is_record(ctype):
            return f"{self.struct_class(ctype)}.layout()"
        const, _, _, natural = self._primitive(ctype)
        expr = f"{self.header_class}.{const}"
        if struct_align is not None and struct_align < natural:
            expr += f".withByteAlignment({struct_align})"
        return expr

    def carrier(self, ctype) -> str:
        if is_void(ctype):
            return "void"
        if is_record(ctype):
            return "MemorySegment"
        return self._primitive(ctype)[1]

    def layout_type(self, ctype) -> str:
        if is_record(ctype):
            return "GroupLayout"
        return self._primitive(ctype)[2]

    def struct_class(self, ctype) -> str:
        key = record_key(ctype)
        if key not in self.struct_names:
            raise UnsupportedType(f"struct type '{ctype.spelling}' has no generated class")
        return self.struct_names[key]

    def function_descriptor(self, ftype, indent: str) -> str:
        """FunctionDescriptor.of(...)/ofVoid(...) with one layout per line, jextract's shape."""
        args = [self.layout(t) for _, t in ftype.params]
        if is_void(ftype.result):
            head, items = "FunctionDescriptor.ofVoid(", args
        else:
            head, items = "FunctionDescriptor.of(", [self.layout(ftype.result)] + args
        if not items:
            return head + ")"
        inner = ",\n".join(indent + "    " + item for item in items)
        return f"{head}\n{inner}\n{indent})"

"""Emits one class per struct, struct typedef and function-pointer typedef, as jextract 22 does.

A struct class holds its GroupLayout (members, padding and alignment from libclang's offsets) and
static accessors per field; a typedef of a struct is an empty subclass, so its name reaches the
same static methods; a function pointer becomes a class with a Function interface, an upcall
factory and a downcall invoker, nested in the struct when it is the type of a field.
"""

import layouts
import javatext
from javatext import doc

I = "    "


def emit_struct(s, cfg, namer) -> str:
    body = [doc(s.c_decl, ""), f"public class {s.java_name} {{\n\n",
            f"{I}{s.java_name}() {{\n{I}    // Should not be called directly\n{I}}}\n",
            _layout_decl(s, namer)]
    for f in s.fields:
        if f.fptr is not None:
            body.append("\n" + javatext.indent_block(_function_pointer(f.name, f.fptr, f.c_decl, cfg, namer, True), I))
        body.append(_field(f, s, namer))
    body.append(_struct_tail(s))
    return javatext.banner(cfg) + "".join(body) + "}\n"


def emit_typedef(t, cfg) -> str:
    return (javatext.banner(cfg) + doc(t.c_decl, "")
            + f"public class {t.name} extends {t.super_name} {{\n\n"
            + f"{I}{t.name}() {{\n{I}    // Should not be called directly\n{I}}}\n}}\n")


def emit_function_pointer(fp, cfg, namer) -> str:
    return javatext.banner(cfg) + _function_pointer(fp.name, fp.ftype, fp.c_decl, cfg, namer, False)


def _layout_decl(s, namer) -> str:
    members, offset = [], 0
    for f in s.fields:
        start = f.offset_bits // 8
        if not s.is_union and start > offset:
            members.append(f"MemoryLayout.paddingLayout({start - offset})")
            offset = start
        layout = namer.layout(f.ctype, s.align_bytes)
        members.append(f'{layout}.withName("{f.name}")')
        offset = max(offset, start + f.size_bits // 8)
    if s.is_union:
        offset = max([f.size_bits // 8 for f in s.fields], default=0)
    if offset < s.size_bytes:
        members.append(f"MemoryLayout.paddingLayout({s.size_bytes - offset})")
    kind = "unionLayout" if s.is_union else "structLayout"
    inner = ",\n".join(f"{I}{I}{m}" for m in members)
    what = "union" if s.is_union else "struct"
    return f"""
{I}private static final GroupLayout $LAYOUT = MemoryLayout.{kind}(
{inner}
{I}).withName("{s.java_name}");

{I}/**
{I} * The layout of this {what}
{I} */
{I}public static final GroupLayout layout() {{
{I}    return $LAYOUT;
{I}}}
"""


def _field(f, s, namer) -> str:
    n, ltype = f.name, namer.layout_type(f.ctype)
    param = "union" if s.is_union else "struct"
    head = f"""
{I}private static final {ltype} {n}$LAYOUT = ({ltype})$LAYOUT.select(groupElement("{n}"));

{doc(f.c_decl, I, "Layout for field:")}{I}public static final {ltype} {n}$layout() {{
{I}    return {n}$LAYOUT;
{I}}}

{I}private static final long {n}$OFFSET = {f.offset_bits // 8};

{doc(f.c_decl, I, "Offset for field:")}{I}public static final long {n}$offset() {{
{I}    return {n}$OFFSET;
{I}}}
"""
    if layouts.is_record(f.ctype):
        get = f"return {param}.asSlice({n}$OFFSET, {n}$LAYOUT.byteSize());"
        set_ = f"MemorySegment.copy(fieldValue, 0L, {param}, {n}$OFFSET, {n}$LAYOUT.byteSize());"
        carrier = "MemorySegment"
    else:
        carrier = namer.carrier(f.ctype)
        get = f"return {param}.get({n}$LAYOUT, {n}$OFFSET);"
        set_ = f"{param}.set({n}$LAYOUT, {n}$OFFSET, fieldValue);"
    return head + f"""
{doc(f.c_decl, I, "Getter for field:")}{I}public static {carrier} {n}(MemorySegment {param}) {{
{I}    {get}
{I}}}

{doc(f.c_decl, I, "Setter for field:")}{I}public static void {n}(MemorySegment {param}, {carrier} fieldValue) {{
{I}    {set_}
{I}}}
"""


def _struct_tail(s) -> str:
    what = "union" if s.is_union else "struct"
    return f"""
{I}/**
{I} * Obtains a slice of {{@code arrayParam}} which selects the array element at {{@code index}}.
{I} * The returned segment has address {{@code arrayParam.address() + index * layout().byteSize()}}
{I} */
{I}public static MemorySegment asSlice(MemorySegment array, long index) {{
{I}    return array.asSlice(layout().byteSize() * index);
{I}}}

{I}/**
{I} * The size (in bytes) of this {what}
{I} */
{I}public static long sizeof() {{ return layout().byteSize(); }}

{I}/**
{I} * Allocate a segment of size {{@code layout().byteSize()}} using {{@code allocator}}
{I} */
{I}public static MemorySegment allocate(SegmentAllocator allocator) {{
{I}    return allocator.allocate(layout());
{I}}}

{I}/**
{I} * Allocate an array of size {{@code elementCount}} using {{@code allocator}}.
{I} * The returned segment has size {{@code elementCount * layout().byteSize()}}.
{I} */
{I}public static MemorySegment allocateArray(long elementCount, SegmentAllocator allocator) {{
{I}    return allocator.allocate(MemoryLayout.sequenceLayout(elementCount, layout()));
{I}}}

{I}/**
{I} * Reinterprets {{@code addr}} using target {{@code arena}} and {{@code cleanupAction}} (if any).
{I} * The returned segment has size {{@code layout().byteSize()}}
{I} */
{I}public static MemorySegment reinterpret(MemorySegment addr, Arena arena, Consumer<MemorySegment> cleanup) {{
{I}    return reinterpret(addr, 1, arena, cleanup);
{I}}}

{I}/**
{I} * Reinterprets {{@code addr}} using target {{@code arena}} and {{@code cleanupAction}} (if any).
{I} * The returned segment has size {{@code elementCount * layout().byteSize()}}
{I} */
{I}public static MemorySegment reinterpret(MemorySegment addr, long elementCount, Arena arena, Consumer<MemorySegment> cleanup) {{
{I}    return addr.reinterpret(layout().byteSize() * elementCount, arena, cleanup);
{I}}}
"""


def _function_pointer(name, ftype, c_decl, cfg, namer, nested: bool) -> str:
    """The class for one function-pointer type; nested ones are `public static` inside a struct."""
    h = cfg.header_class
    names = ["_x%d" % i if not n else javatext.java_name(n) for i, (n, _) in enumerate(ftype.params)]
    decls = ", ".join(f"{namer.carrier(t)} {p}" for p, (_, t) in zip(names, ftype.params))
    ret = namer.carrier(ftype.result)
    call = f"DOWN$MH.invokeExact({', '.join(['funcPtr'] + names)});"
    call = call if ret == "void" else f"return ({ret}) {call}"
    modifiers = "public static class" if nested else "public class"
    return f"""{doc(c_decl, "")}{modifiers} {name} {{

{I}{name}() {{
{I}    // Should not be called directly
{I}}}

{I}/**
{I} * The function pointer signature, expressed as a functional interface
{I} */
{I}public interface Function {{
{I}    {ret} apply({decls});
{I}}}

{I}private static final FunctionDescriptor $DESC = {namer.function_descriptor(ftype, I)};

{I}/**
{I} * The descriptor of this function pointer
{I} */
{I}public static FunctionDescriptor descriptor() {{
{I}    return $DESC;
{I}}}

{I}private static final MethodHandle UP$MH = {h}.upcallHandle({name}.Function.class, "apply", $DESC);

{I}/**
{I} * Allocates a new upcall stub, whose implementation is defined by {{@code fi}}.
{I} * The lifetime of the returned segment is managed by {{@code arena}}
{I} */
{I}public static MemorySegment allocate({name}.Function fi, Arena arena) {{
{I}    return Linker.nativeLinker().upcallStub(UP$MH.bindTo(fi), $DESC, arena);
{I}}}

{I}private static final MethodHandle DOWN$MH = Linker.nativeLinker().downcallHandle($DESC);

{I}/**
{I} * Invoke the upcall stub {{@code funcPtr}}, with given parameters
{I} */
{I}public static {ret} invoke({', '.join(["MemorySegment funcPtr"] + ([decls] if decls else []))}) {{
{I}    try {{
{I}        {call}
{I}    }} catch (Error | RuntimeException ex) {{
{I}        throw ex;
{I}    }} catch (Throwable ex$) {{
{I}        throw new AssertionError("should not reach here", ex$);
{I}    }}
{I}}}
}}
"""

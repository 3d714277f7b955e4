"""Emits the header class (openvino_h, turbojpeg_h): layouts, functions, invokers, constants and globals.

The shapes are jextract 22's: a lazily initialised holder class per function, so loading the
header class never needs the native library and a missing symbol fails only the call that needs
it (UnsatisfiedLinkError "unresolved symbol: f"); variadic functions become invoker classes;
enum constants and globals become static getters.
"""

import javatext
from cmodel import Constant, Function, LayoutTypedef, Var
from javatext import doc

I = "    "


def emit(api, cfg, namer) -> str:
    h = cfg.header_class
    out = [javatext.banner(cfg), _preamble(h, cfg.library)]
    holders: set[str] = set()

    def holder_name(base: str) -> str:
        name = base
        while name.lower() in holders:
            name += "$"
        holders.add(name.lower())
        return name

    for item in api.header_items:
        if isinstance(item, Function):
            out.append(_invoker(item, h, namer, holder_name(item.name)) if item.ftype.variadic
                       else _function(item, h, namer, holder_name(item.name)))
        elif isinstance(item, Constant):
            out.append(_constant(item))
        elif isinstance(item, Var):
            out.append(_var(item, h, namer, holder_name(f"{item.name}$constants")))
        elif isinstance(item, LayoutTypedef):
            out.append("\n" + doc(item.c_decl, I)
                       + f"{I}public static final {namer.layout_type(item.ctype)} {item.name} = {namer.layout(item.ctype)};\n")
    out.append("}\n")
    return "".join(out)


def _preamble(h: str, library) -> str:
    version_doc = "\n".join(f"     * {line}" for line in library.constant_doc.split("\n"))
    return f"""public final class {h} {{

    private {h}() {{
        // Should not be called directly
    }}

    /**
{version_doc}
     */
    public static final String {library.constant} = "{library.version}";

    static final boolean TRACE_DOWNCALLS = Boolean.getBoolean("jextract.trace.downcalls");

    static void traceDowncall(String name, Object... args) {{
         String traceArgs = Arrays.stream(args)
                       .map(Object::toString)
                       .collect(Collectors.joining(", "));
         System.out.printf("%s(%s)\\n", name, traceArgs);
    }}

    static MemorySegment findOrThrow(String symbol) {{
        return SYMBOL_LOOKUP.find(symbol)
            .orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol: " + symbol));
    }}

    static MethodHandle upcallHandle(Class<?> fi, String name, FunctionDescriptor fdesc) {{
        try {{
            return MethodHandles.lookup().findVirtual(fi, name, fdesc.toMethodType());
        }} catch (ReflectiveOperationException ex) {{
            throw new AssertionError(ex);
        }}
    }}

    static MemoryLayout align(MemoryLayout layout, long align) {{
        return switch (layout) {{
            case PaddingLayout p -> p;
            case ValueLayout v -> v.withByteAlignment(align);
            case GroupLayout g -> {{
                MemoryLayout[] alignedMembers = g.memberLayouts().stream()
                        .map(m -> align(m, align)).toArray(MemoryLayout[]::new);
                yield g instanceof StructLayout ?
                        MemoryLayout.structLayout(alignedMembers) : MemoryLayout.unionLayout(alignedMembers);
            }}
            case SequenceLayout s -> MemoryLayout.sequenceLayout(s.elementCount(), align(s.elementLayout(), align));
        }};
    }}

    // No --library: symbols come from libraries loaded with System.load/loadLibrary by a class of
    // this class loader (native/ loads {library.loaded_file} by absolute path), then from the default lookup.
    static final SymbolLookup SYMBOL_LOOKUP = SymbolLookup.loaderLookup()
            .or(Linker.nativeLinker().defaultLookup());

    public static final ValueLayout.OfBoolean C_BOOL = ValueLayout.JAVA_BOOLEAN;
    public static final ValueLayout.OfByte C_CHAR = ValueLayout.JAVA_BYTE;
    public static final ValueLayout.OfShort C_SHORT = ValueLayout.JAVA_SHORT;
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
    public static final ValueLayout.OfFloat C_FLOAT = ValueLayout.JAVA_FLOAT;
    public static final ValueLayout.OfDouble C_DOUBLE = ValueLayout.JAVA_DOUBLE;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
            .withTargetLayout(MemoryLayout.sequenceLayout(java.lang.Long.MAX_VALUE, JAVA_BYTE));
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
"""


def _signature(fn: Function, namer):
    names = javatext.param_names(fn.ftype.params)
    decls = [f"{namer.carrier(t)} {n}" for n, (_, t) in zip(names, fn.ftype.params)]
    return names, decls, namer.carrier(fn.ftype.result)


def _call(ret: str, target: str, args: list[str]) -> str:
    if ret == "void":
        return f"{target}.invokeExact({', '.join(args)});"
    return f"return ({ret}){target}.invokeExact({', '.join(args)});"


def _trace(name: str, args: list[str]) -> str:
    return ", ".join([f'"{name}"'] + args)


def _function(fn: Function, h: str, namer, holder: str) -> str:
    names, decls, ret = _signature(fn, namer)
    desc = namer.function_descriptor(fn.ftype, I * 2)
    return f"""
{I}private static class {holder} {{
{I}    public static final FunctionDescriptor DESC = {desc};

{I}    public static final MemorySegment ADDR = {h}.findOrThrow("{fn.name}");

{I}    public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
{I}}}

{doc(fn.c_decl, I, "Function descriptor for:")}{I}public static FunctionDescriptor {fn.name}$descriptor() {{
{I}    return {holder}.DESC;
{I}}}

{doc(fn.c_decl, I, "Downcall method handle for:")}{I}public static MethodHandle {fn.name}$handle() {{
{I}    return {holder}.HANDLE;
{I}}}

{doc(fn.c_decl, I, "Address for:")}{I}public static MemorySegment {fn.name}$address() {{
{I}    return {holder}.ADDR;
{I}}}

{doc(fn.c_decl, I)}{I}public static {ret} {fn.name}({', '.join(decls)}) {{
{I}    var mh$ = {holder}.HANDLE;
{I}    try {{
{I}        if (TRACE_DOWNCALLS) {{
{I}            traceDowncall({_trace(fn.name, names)});
{I}        }}
{I}        {_call(ret, "mh$", names)}
{I}    }} catch (Error | RuntimeException ex) {{
{I}       throw ex;
{I}    }} catch (Throwable ex$) {{
{I}       throw new AssertionError("should not reach here", ex$);
{I}    }}
{I}}}
"""


def _invoker(fn: Function, h: str, namer, cls: str) -> str:
    names, decls, ret = _signature(fn, namer)
    rest = f"x{len(names)}"
    desc = namer.function_descriptor(fn.ftype, I * 2)
    return f"""
{doc(fn.c_decl, I, "Variadic invoker class for:")}{I}public static class {cls} {{
{I}    private static final FunctionDescriptor BASE_DESC = {desc};
{I}    private static final MemorySegment ADDR = {h}.findOrThrow("{fn.name}");

{I}    private final MethodHandle handle;
{I}    private final FunctionDescriptor descriptor;
{I}    private final MethodHandle spreader;

{I}    private {cls}(MethodHandle handle, FunctionDescriptor descriptor, MethodHandle spreader) {{
{I}        this.handle = handle;
{I}        this.descriptor = descriptor;
{I}        this.spreader = spreader;
{I}    }}

{doc(fn.c_decl, I * 2, "Variadic invoker factory for:")}{I}    public static {cls} makeInvoker(MemoryLayout... layouts) {{
{I}        FunctionDescriptor desc$ = BASE_DESC.appendArgumentLayouts(layouts);
{I}        Linker.Option fva$ = Linker.Option.firstVariadicArg(BASE_DESC.argumentLayouts().size());
{I}        var mh$ = Linker.nativeLinker().downcallHandle(ADDR, desc$, fva$);
{I}        var spreader$ = mh$.asSpreader(Object[].class, layouts.length);
{I}        return new {cls}(mh$, desc$, spreader$);
{I}    }}

{I}    /**
{I}     * {{@return the address}}
{I}     */
{I}    public static MemorySegment address() {{
{I}        return ADDR;
{I}    }}

{I}    /**
{I}     * {{@return the specialized method handle}}
{I}     */
{I}    public MethodHandle handle() {{
{I}        return handle;
{I}    }}

{I}    /**
{I}     * {{@return the specialized descriptor}}
{I}     */
{I}    public FunctionDescriptor descriptor() {{
{I}        return descriptor;
{I}    }}

{I}    public {ret} apply({', '.join(decls + [f"Object... {rest}"])}) {{
{I}        try {{
{I}            if (TRACE_DOWNCALLS) {{
{I}                traceDowncall({_trace(fn.name, names + [rest])});
{I}            }}
{I}            {_call(ret, "spreader", names + [rest])}
{I}        }} catch (Error | RuntimeException ex) {{
{I}            throw ex;
{I}        }} catch (Throwable ex$) {{
{I}            throw new AssertionError("should not reach here", ex$);
{I}        }}
{I}    }}
{I}}}
"""


def _constant(c: Constant) -> str:
    value = f"(int){c.value}L" if c.java_type == "int" else f"{c.value}L"
    return f"""
{I}private static final {c.java_type} {c.name} = {value};
{doc(c.c_decl, I)}{I}public static {c.java_type} {c.name}() {{
{I}    return {c.name};
{I}}}
"""


def _var(v: Var, h: str, namer, holder: str) -> str:
    ltype, carrier = namer.layout_type(v.ctype), namer.carrier(v.ctype)
    return f"""
{I}private static class {holder} {{
{I}    public static final {ltype} LAYOUT = {namer.layout(v.ctype)};
{I}    public static final MemorySegment SEGMENT = {h}.findOrThrow("{v.name}").reinterpret(LAYOUT.byteSize());
{I}}}

{doc(v.c_decl, I, "Layout for variable:")}{I}public static {ltype} {v.name}$layout() {{
{I}    return {holder}.LAYOUT;
{I}}}

{doc(v.c_decl, I, "Segment for variable:")}{I}public static MemorySegment {v.name}$segment() {{
{I}    return {holder}.SEGMENT;
{I}}}

{doc(v.c_decl, I, "Getter for variable:")}{I}public static {carrier} {v.name}() {{
{I}    return {holder}.SEGMENT.get({holder}.LAYOUT, 0L);
{I}}}

{doc(v.c_decl, I, "Setter for variable:")}{I}public static void {v.name}({carrier} varValue) {{
{I}    {holder}.SEGMENT.set({holder}.LAYOUT, 0L, varValue);
{I}}}
"""

package dev.panamaedge.models.ir;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads and writes the {@link ModelMetadata} sidecar, {@value #FILE_NAME}, beside {@code model.xml}.
 *
 * <p>Strict on purpose: it is our own file, so an unknown or missing field, a wrong type or an invalid
 * value means a wrong or corrupted file, and reading throws {@link InvalidModelException} naming the file
 * and the field path ({@code provenance.createdAt}). Element types are written by their IR names
 * ({@code f32}). One mapper, built once, serves every call (Jackson mappers are thread-safe).
 *
 * <p>The one optional field is {@code outputQuantization} (absent in files written before it existed, and for
 * float outputs): it is an {@link Optional} in the record, written only when present. Optional is handled
 * here rather than through jackson-datatype-jdk8, since it is this file's only one.
 */
public final class ModelMetadataFile {
    public static final String FILE_NAME = "metadata.json";

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .addModule(new SimpleModule("ir-element-types")
                    .addSerializer(ElementType.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(ElementType value, JsonGenerator gen, SerializerProvider provider)
                                throws IOException {
                            gen.writeString(value.irName());
                        }
                    })
                    .addDeserializer(ElementType.class, new JsonDeserializer<>() {
                        @Override
                        public ElementType deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                            try {
                                return ElementType.fromIrName(p.getValueAsString(""));
                            } catch (IllegalArgumentException e) {
                                throw JsonMappingException.from(p, e.getMessage(), e);
                            }
                        }
                    })
                    .addSerializer(Optional.class, new OptionalSerializer())
                    .addDeserializer(Optional.class, new OptionalDeserializer(null)))
            .build();

    /** Optional fields that old files may lack; read as {@code Optional.empty()}. */
    private static final java.util.List<String> OPTIONAL_FIELDS = java.util.List.of("outputQuantization");

    private ModelMetadataFile() {
    }

    /** The sidecar path for a model: {@value #FILE_NAME} in the directory of {@code modelXml}. */
    public static Path sidecarOf(Path modelXml) {
        return modelXml.toAbsolutePath().resolveSibling(FILE_NAME);
    }

    /**
     * Reads a sidecar.
     *
     * @throws InvalidModelException naming the file and the field when the content is malformed
     * @throws IOException           when the file cannot be read
     */
    public static ModelMetadata read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        byte[] bytes = Files.readAllBytes(file);
        try {
            var tree = MAPPER.readTree(bytes);
            if (tree instanceof ObjectNode object) {
                // Strict about every other field, but a file from before an optional field existed still loads.
                OPTIONAL_FIELDS.stream().filter(f -> !object.has(f)).forEach(object::putNull);
            }
            return MAPPER.treeToValue(tree, ModelMetadata.class);
        } catch (UnrecognizedPropertyException e) {
            // The path ends with the unknown property itself: provenance.licence.
            throw new InvalidModelException(file + ": unknown field '" + path(e) + "'", e);
        } catch (JsonMappingException e) {
            Throwable root = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            String message = root == e ? e.getOriginalMessage() : root.getMessage();
            String at = path(e);
            // A record's own validation fails at the record's path; its message names the component.
            throw new InvalidModelException(file + ": " + (at.isEmpty() ? "" : "field '" + at + "': ")
                    + firstLine(message), e);
        } catch (JacksonException e) {
            throw new InvalidModelException(file + ": malformed JSON: " + firstLine(e.getOriginalMessage()), e);
        }
    }

    /** Writes a sidecar atomically (temporary sibling, then move). */
    public static void write(ModelMetadata metadata, Path file) throws IOException {
        Objects.requireNonNull(metadata, "metadata");
        String json = toJson(metadata);
        AtomicFiles.write(file, out -> out.write(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** The sidecar's JSON text. */
    public static String toJson(ModelMetadata metadata) {
        try {
            return MAPPER.writeValueAsString(metadata) + "\n";
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot serialize metadata '" + metadata.name() + "'", e);
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid value";
        }
        int nl = message.indexOf('\n');
        return nl >= 0 ? message.substring(0, nl) : message;
    }

    /** Writes an Optional's value; an empty one counts as empty, so {@code NON_EMPTY} leaves the field out. */
    @SuppressWarnings("rawtypes")
    private static final class OptionalSerializer extends JsonSerializer<Optional> {
        @Override
        public void serialize(Optional value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value.isPresent()) {
                provider.defaultSerializeValue(value.get(), gen);
            } else {
                gen.writeNull();
            }
        }

        @Override
        public boolean isEmpty(SerializerProvider provider, Optional value) {
            return value == null || value.isEmpty();
        }
    }

    /** Reads an Optional's value with the deserializer of its declared content type; JSON null is empty. */
    @SuppressWarnings("rawtypes")
    private static final class OptionalDeserializer extends JsonDeserializer<Optional> implements ContextualDeserializer {
        private final JsonDeserializer<Object> content;

        OptionalDeserializer(JsonDeserializer<Object> content) {
            this.content = content;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
                throws JsonMappingException {
            JavaType type = property == null ? null : property.getType().containedType(0);
            if (type == null) {
                throw JsonMappingException.from(ctxt, "Optional without a declared content type");
            }
            return new OptionalDeserializer(ctxt.findContextualValueDeserializer(type, property));
        }

        @Override
        public Optional deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return Optional.ofNullable(content.deserialize(p, ctxt));
        }

        @Override
        public Optional getNullValue(DeserializationContext ctxt) {
            return Optional.empty();
        }
    }
}

package dev.panamaedge.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The Kubernetes and KServe documents of {@code deploy/kubernetes}, parsed with SnakeYAML (safe loading). */
final class Manifests {
    private final List<Map<String, Object>> documents;

    private Manifests(List<Map<String, Object>> documents) {
        this.documents = documents;
    }

    static Manifests load(Path... files) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Path file : files) {
            try (Reader in = Files.newBufferedReader(file)) {
                for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(in)) {
                    if (doc != null) {
                        docs.add(map(doc, file + ": document"));
                    }
                }
            }
        }
        return new Manifests(docs);
    }

    /** The one document of {@code kind}. */
    Map<String, Object> one(String kind) {
        List<Map<String, Object>> found = documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
        assertEquals(1, found.size(), "documents of kind " + kind);
        return found.getFirst();
    }

    List<Map<String, Object>> all() {
        return documents;
    }

    /** The value at a dotted path of maps ({@code "spec.template.spec"}); absent keys fail the test. */
    @SuppressWarnings("unchecked")
    static <T> T at(Object node, String path) {
        Object current = node;
        for (String key : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> m) || !m.containsKey(key)) {
                return fail("no " + path + " (at '" + key + "') in " + node);
            }
            current = m.get(key);
        }
        return (T) current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String what) {
        if (node instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        return fail(what + " is not a mapping: " + node);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object node, String what) {
        if (node instanceof List<?> l) {
            return (List<Map<String, Object>>) l;
        }
        return fail(what + " is not a list: " + node);
    }
}

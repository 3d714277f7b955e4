package dev.panamaedge.server.triton;

import dev.panamaedge.server.ModelNotFoundException;
import dev.panamaedge.server.ModelRegistry;
import dev.panamaedge.server.ModelSource;
import dev.panamaedge.server.ModelUnavailableException;
import dev.panamaedge.server.PermissionDeniedException;
import dev.panamaedge.server.RepositoryAccess;
import dev.panamaedge.server.grpc.inference.RepositoryIndexResponse.ModelIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * Triton's model repository extension over the {@link ModelRegistry}: the index lists every version the
 * repository holds with Triton's states (READY, LOADING, UNAVAILABLE and why); a load loads a model's versions
 * afresh from their files and returns once they are served (or failed); an unload stops serving it, its
 * admitted requests finishing first. All three are refused unless {@link RepositoryAccess} allows them: a
 * client that can load and unload models controls what the gateway serves.
 */
public final class ModelRepositoryControl {
    private static final Logger LOG = Logger.getLogger(ModelRepositoryControl.class.getName());

    private final ModelRegistry registry;
    private final RepositoryAccess access;

    public ModelRepositoryControl(ModelRegistry registry, RepositoryAccess access) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.access = Objects.requireNonNull(access, "access");
    }

    /** @param readyOnly list only the versions that are serving */
    public List<ModelIndex> index(boolean readyOnly) {
        check();
        List<ModelIndex> out = new ArrayList<>();
        for (ModelSource s : registry.control().listed()) {
            ModelIndex i = state(s);
            if (!readyOnly || i.getState().equals("READY")) {
                out.add(i);
            }
        }
        return out;
    }

    private ModelIndex state(ModelSource s) {
        ModelIndex.Builder b = ModelIndex.newBuilder().setName(s.name()).setVersion(s.version());
        if (registry.control().isUnloaded(s.name())) {
            return b.setState("UNAVAILABLE").setReason("unloaded").build();
        }
        try {
            registry.resolve(s.name(), Optional.of(s.version()));
            return b.setState("READY").build();
        } catch (ModelNotFoundException e) {
            return b.setState("UNAVAILABLE").setReason("not loaded yet: the repository is re-read every "
                    + "reload-interval-ms, or load it").build();
        } catch (ModelUnavailableException e) {
            boolean loading = e.getMessage().endsWith("still loading");
            return b.setState(loading ? "LOADING" : "UNAVAILABLE").setReason(loading ? "" : e.getMessage()).build();
        }
    }

    /**
     * Loads (or reloads) {@code model}'s versions from their files.
     *
     * @param parameters the request's parameters: Triton's {@code config} and {@code file:} overrides are refused,
     *                   since this server's models are their IR files
     * @throws ModelNotFoundException     when the repository lists no such model (messages begin "failed to load")
     * @throws ModelUnavailableException when a version failed to load (naming why)
     */
    public void load(String model, Set<String> parameters) {
        check();
        for (String p : parameters) {
            if (p.equals("config") || p.startsWith("file:")) {
                throw new IllegalArgumentException("failed to load '" + model + "': load parameter '" + p + "' is not "
                        + "supported: panama-edge loads a model from its files in the repository "
                        + "({model}/{version}/model.xml), whose configuration it derives from the IR and metadata.json");
            }
        }
        if (registry.control().listed().stream().noneMatch(s -> s.name().equals(model))) {
            // "failed to load" as Triton words it: its model-control examples look for those words.
            throw new ModelNotFoundException("failed to load '" + model + "': no such model in the model repository; "
                    + "it holds " + listedNames());
        }
        LOG.info(model + ": load requested through the repository extension");
        registry.load(model);
        for (String v : registry.versions(model)) {
            registry.resolve(model, Optional.of(v)); // throws, naming the failure, for a version that did not load
        }
    }

    /** Stops serving {@code model}; unloading a model that is not served is an error, as in Triton. */
    public void unload(String model, Map<String, Boolean> flags) {
        check();
        if (!registry.names().contains(model)) {
            throw new ModelNotFoundException("model '" + model + "' is not loaded; loaded: " + registry.names());
        }
        LOG.info(model + ": unload requested through the repository extension");
        registry.unload(model);
    }

    private Set<String> listedNames() {
        Set<String> names = new TreeSet<>();
        registry.control().listed().forEach(s -> names.add(s.name()));
        return names;
    }

    private void check() {
        access.refusal().ifPresent(r -> {
            throw new PermissionDeniedException(r);
        });
    }
}

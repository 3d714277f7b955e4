package dev.panamaedge.server.grpc;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.grpc.protobuf.ProtoFileDescriptorSupplier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What server reflection answers from: the served gRPC services and every proto file they need, by file
 * name, by fully qualified symbol (services, methods, messages, enums, fields) and by extension. Built once
 * from the generated services' schema descriptors, so it lists exactly what is routed.
 */
final class ReflectionIndex {
    private final List<String> services;
    private final Map<String, FileDescriptor> filesByName = new LinkedHashMap<>();
    private final Map<String, FileDescriptor> filesBySymbol = new HashMap<>();
    private final Map<String, Map<Integer, FileDescriptor>> extensionsByType = new HashMap<>();

    private ReflectionIndex(List<io.grpc.ServiceDescriptor> served) {
        Set<String> names = new TreeSet<>();
        for (io.grpc.ServiceDescriptor service : served) {
            if (!(service.getSchemaDescriptor() instanceof ProtoFileDescriptorSupplier supplier)) {
                throw new IllegalArgumentException("service " + service.getName() + " has no proto descriptor");
            }
            names.add(service.getName());
            addWithDependencies(supplier.getFileDescriptor());
        }
        services = List.copyOf(names);
    }

    /** @param served the services the server routes, as their generated {@code …Grpc.getServiceDescriptor()} */
    static ReflectionIndex of(List<io.grpc.ServiceDescriptor> served) {
        return new ReflectionIndex(served);
    }

    /** Served service names, sorted. */
    List<String> services() {
        return services;
    }

    Optional<FileDescriptor> fileByName(String name) {
        return Optional.ofNullable(filesByName.get(name));
    }

    Optional<FileDescriptor> fileContainingSymbol(String symbol) {
        return Optional.ofNullable(filesBySymbol.get(symbol));
    }

    Optional<FileDescriptor> fileContainingExtension(String type, int number) {
        return Optional.ofNullable(extensionsByType.getOrDefault(type, Map.of()).get(number));
    }

    /** The extension numbers known for a message type; empty for a known type without extensions. */
    Optional<List<Integer>> extensionNumbers(String type) {
        if (!(filesBySymbol.containsKey(type))) {
            return Optional.empty();
        }
        return Optional.of(List.copyOf(new TreeSet<>(extensionsByType.getOrDefault(type, Map.of()).keySet())));
    }

    /**
     * {@code file} and every file it imports, transitively, the file first: what a reflection client needs
     * to build the descriptors (grpc-java's reflection service answers the same set).
     */
    static List<FileDescriptor> withDependencies(FileDescriptor file) {
        Set<FileDescriptor> seen = new LinkedHashSet<>();
        Deque<FileDescriptor> todo = new ArrayDeque<>(List.of(file));
        while (!todo.isEmpty()) {
            FileDescriptor f = todo.removeFirst();
            if (seen.add(f)) {
                todo.addAll(f.getDependencies());
            }
        }
        return new ArrayList<>(seen);
    }

    private void addWithDependencies(FileDescriptor root) {
        for (FileDescriptor file : withDependencies(root)) {
            if (filesByName.putIfAbsent(file.getName(), file) == null) {
                indexSymbols(file);
            }
        }
    }

    private void indexSymbols(FileDescriptor file) {
        for (ServiceDescriptor service : file.getServices()) {
            filesBySymbol.put(service.getFullName(), file);
            for (MethodDescriptor method : service.getMethods()) {
                filesBySymbol.put(method.getFullName(), file);
            }
        }
        file.getMessageTypes().forEach(m -> indexMessage(file, m));
        file.getEnumTypes().forEach(e -> filesBySymbol.put(e.getFullName(), file));
        file.getExtensions().forEach(x -> indexExtension(file, x));
    }

    private void indexMessage(FileDescriptor file, Descriptor message) {
        filesBySymbol.put(message.getFullName(), file);
        message.getFields().forEach(f -> filesBySymbol.put(f.getFullName(), file));
        message.getNestedTypes().forEach(n -> indexMessage(file, n));
        for (EnumDescriptor e : message.getEnumTypes()) {
            filesBySymbol.put(e.getFullName(), file);
        }
        message.getExtensions().forEach(x -> indexExtension(file, x));
    }

    private void indexExtension(FileDescriptor file, FieldDescriptor extension) {
        filesBySymbol.put(extension.getFullName(), file);
        extensionsByType.computeIfAbsent(extension.getContainingType().getFullName(), k -> new HashMap<>())
                .put(extension.getNumber(), file);
    }
}

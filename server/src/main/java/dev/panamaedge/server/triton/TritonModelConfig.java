package dev.panamaedge.server.triton;

import dev.panamaedge.models.ir.Preprocessing;
import dev.panamaedge.runtime.TensorSpec;
import dev.panamaedge.server.ServedModel;
import dev.panamaedge.server.Batching;
import dev.panamaedge.server.WireType;
import dev.panamaedge.server.grpc.inference.DataType;
import dev.panamaedge.server.grpc.inference.ModelConfig;
import dev.panamaedge.server.grpc.inference.ModelDynamicBatching;
import dev.panamaedge.server.grpc.inference.ModelInput;
import dev.panamaedge.server.grpc.inference.ModelInstanceGroup;
import dev.panamaedge.server.grpc.inference.ModelOutput;
import dev.panamaedge.server.grpc.inference.ModelParameter;
import dev.panamaedge.server.grpc.inference.ModelVersionPolicy;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A Triton model configuration derived from a served model's IR and metadata, as Triton's clients read it
 * (image_client.py takes {@code max_batch_size}, the input's {@code format} and the metadata's dims from it).
 *
 * <p>Batching: when every input and output has a first dimension of 1 or dynamic, that dimension is the batch
 * and {@code dims} leave it out, as Triton's do; {@code max_batch_size} is 1 for a static batch of 1, and for a
 * dynamic one the largest batch whose inputs fit the request size limit. Otherwise {@code max_batch_size} is 0
 * and {@code dims} are the full shapes. An image input's {@code format} is its metadata's layout. The instance
 * group is the device and the inferences run at once. With dynamic batching on ({@code max-batch-size} > 1),
 * {@code max_batch_size} is that setting and {@code dynamic_batching} carries its preferred sizes and queue delay,
 * as Triton's does; otherwise there is no {@code dynamic_batching} and each request runs as sent.
 */
public final class TritonModelConfig {
    /** {@code platform} and {@code backend} of every model. */
    public static final String PLATFORM = "openvino";

    private TritonModelConfig() {
    }

    /** @param maxRequestBytes the request size limit, which bounds a dynamic batch */
    public static ModelConfig of(ServedModel m, long maxRequestBytes) {
        boolean batching = batching(m);
        Batching dynamic = m.settings().batching();
        ModelConfig.Builder c = ModelConfig.newBuilder().setName(m.name()).setPlatform(PLATFORM).setBackend(PLATFORM)
                .setVersionPolicy(ModelVersionPolicy.newBuilder().setAll(ModelVersionPolicy.All.getDefaultInstance()))
                .setMaxBatchSize(!batching ? 0 : dynamic.isOn() ? dynamic.maxBatchSize() : maxBatch(m, maxRequestBytes))
                .setDefaultModelFilename("model.xml");
        if (batching && dynamic.isOn()) {
            c.setDynamicBatching(ModelDynamicBatching.newBuilder()
                    .addAllPreferredBatchSize(dynamic.preferredBatchSizes())
                    .setMaxQueueDelayMicroseconds(dynamic.maxQueueDelayMicros()));
        }
        for (int i = 0; i < m.inputs().size(); i++) {
            TensorSpec s = m.inputs().get(i);
            ModelInput.Builder in = ModelInput.newBuilder().setName(s.name()).setDataType(dataType(s))
                    .addAllDims(dims(s, batching));
            long rank = s.dims().length - (batching ? 1 : 0);
            if (i == 0 && m.inputs().size() == 1 && rank == 3 && m.card().preprocessing().isPresent()) {
                Preprocessing p = m.card().preprocessing().get();
                in.setFormat(p.layout().equals("NHWC") ? ModelInput.Format.FORMAT_NHWC : ModelInput.Format.FORMAT_NCHW);
            }
            c.addInput(in);
        }
        for (TensorSpec s : m.outputs()) {
            c.addOutput(ModelOutput.newBuilder().setName(s.name()).setDataType(dataType(s)).addAllDims(dims(s, batching)));
        }
        String device = m.settings().device();
        c.addInstanceGroup(ModelInstanceGroup.newBuilder().setName(m.name()).setCount(m.concurrency())
                .setKind(kind(device)));
        c.putParameters("device", ModelParameter.newBuilder().setStringValue(device).build());
        c.putParameters("engine", ModelParameter.newBuilder().setStringValue(m.engineName()).build());
        c.putParameters("performance_hint", ModelParameter.newBuilder().setStringValue(m.settings().hint()).build());
        return c.build();
    }

    /** True when the first dimension of every input and output is 1 or dynamic: the batch dimension. */
    public static boolean batching(ServedModel m) {
        return Stream.concat(m.inputs().stream(), m.outputs().stream())
                .allMatch(s -> s.dims().length > 0 && (s.dims()[0] == 1 || s.dims()[0] < 0));
    }

    private static int maxBatch(ServedModel m, long maxRequestBytes) {
        if (m.inputs().stream().allMatch(s -> s.dims()[0] == 1)) {
            return 1;
        }
        long perItem = 0;
        for (TensorSpec s : m.inputs()) {
            long n = 1;
            for (int d = 1; d < s.dims().length; d++) {
                if (s.dims()[d] < 0) {
                    return Integer.MAX_VALUE; // an item's size is not fixed: only the request limit bounds it
                }
                n = Math.multiplyExact(n, s.dims()[d]);
            }
            perItem += s.type().byteSize(n);
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, perItem == 0 ? Integer.MAX_VALUE : maxRequestBytes / perItem));
    }

    private static List<Long> dims(TensorSpec s, boolean batching) {
        long[] d = s.dims();
        return Arrays.stream(batching ? Arrays.copyOfRange(d, 1, d.length) : d).boxed().toList();
    }

    private static DataType dataType(TensorSpec s) {
        WireType w = WireType.of(s.type());
        return DataType.valueOf("TYPE_" + w.name());
    }

    private static ModelInstanceGroup.Kind kind(String device) {
        String d = device.toUpperCase(Locale.ROOT);
        if (d.equals("CPU")) {
            return ModelInstanceGroup.Kind.KIND_CPU;
        }
        return d.startsWith("GPU") ? ModelInstanceGroup.Kind.KIND_GPU : ModelInstanceGroup.Kind.KIND_MODEL;
    }
}

package dev.panamaedge.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import dev.panamaedge.server.grpc.inference.GRPCInferenceServiceGrpc;
import dev.panamaedge.server.grpc.inference.ModelInferRequest;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class AliasingMarshallerTest {

    private static ModelInferRequest request() {
        byte[] pixels = new byte[150_528];
        new Random(7).nextBytes(pixels);
        return ModelInferRequest.newBuilder().setModelName("m").setId("r1")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("input").setDatatype("UINT8")
                        .addShape(1).addShape(224).addShape(224).addShape(3))
                .addRawInputContents(ByteString.copyFrom(pixels)).build();
    }

    /** The generated service base: every KServe method, each answering UNIMPLEMENTED. */
    private static GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase service() {
        return new GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase() {
        };
    }

    @SuppressWarnings("unchecked")
    private static MethodDescriptor.Marshaller<ModelInferRequest> modelInferMarshaller() {
        ServerServiceDefinition rebound = AliasingMarshaller.requestsOf(service());
        ServerMethodDefinition<?, ?> method = rebound.getMethod(
                GRPCInferenceServiceGrpc.getModelInferMethod().getFullMethodName());
        return (MethodDescriptor.Marshaller<ModelInferRequest>) method.getMethodDescriptor().getRequestMarshaller();
    }

    @Test
    void everyMethodIsKeptAndRequestsParseByTheAliasingMarshaller() {
        ServerServiceDefinition plain = service().bindService();
        ServerServiceDefinition rebound = AliasingMarshaller.requestsOf(service());
        assertEquals(plain.getMethods().size(), rebound.getMethods().size());
        for (ServerMethodDefinition<?, ?> m : plain.getMethods()) {
            ServerMethodDefinition<?, ?> r = rebound.getMethod(m.getMethodDescriptor().getFullMethodName());
            assertEquals(AliasingMarshaller.class, r.getMethodDescriptor().getRequestMarshaller().getClass());
            assertSame(m.getServerCallHandler().getClass(), r.getServerCallHandler().getClass());
            assertSame(m.getMethodDescriptor().getResponseMarshaller(), r.getMethodDescriptor().getResponseMarshaller());
        }
    }

    @Test
    void parsesWhatTheStandardMarshallerWritesWithoutCopyingTheTensor() {
        ModelInferRequest sent = request();
        MethodDescriptor.Marshaller<ModelInferRequest> marshaller = modelInferMarshaller();
        ModelInferRequest parsed = marshaller.parse(new ByteArrayInputStream(sent.toByteArray()));
        assertEquals(sent, parsed);
        // grpc-java's own marshaller copies bytes fields into LiteralByteString; aliased ones are slices.
        ByteString raw = parsed.getRawInputContents(0);
        assertNotEquals("LiteralByteString", raw.getClass().getSimpleName(), raw.getClass().getName());
        ModelInferRequest standard = GRPCInferenceServiceGrpc.getModelInferMethod().getRequestMarshaller()
                .parse(new ByteArrayInputStream(sent.toByteArray()));
        assertEquals("LiteralByteString", standard.getRawInputContents(0).getClass().getSimpleName());
    }

    @Test
    void bytesThatDoNotParseAreInvalidArgumentNamingTypeAndReason() {
        byte[] wire = request().toByteArray();
        byte[] truncated = Arrays.copyOf(wire, wire.length - 1000);
        var e = assertThrows(StatusRuntimeException.class,
                () -> modelInferMarshaller().parse(new ByteArrayInputStream(truncated)));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("request message is not a valid inference.ModelInferRequest: While parsing a protocol message,"
                + " the input ended unexpectedly in the middle of a field.  This could mean either that the input has"
                + " been truncated or that an embedded message misreported its own length.",
                e.getStatus().getDescription());
    }
}

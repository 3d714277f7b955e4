package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import dev.panamaedge.server.grpc.inference.ModelInferResponse;
import org.junit.jupiter.api.Test;

/** The load client's reply check: an OK status alone does not count as a success. */
final class LoadClientTest {

    private static ModelInferResponse.Builder reply(String model, String datatype, int rawBytes, long... shape) {
        ModelInferResponse.InferOutputTensor.Builder t = ModelInferResponse.InferOutputTensor.newBuilder()
                .setName("scores").setDatatype(datatype);
        for (long d : shape) {
            t.addShape(d);
        }
        return ModelInferResponse.newBuilder().setModelName(model).addOutputs(t)
                .addRawOutputContents(ByteString.copyFrom(new byte[rawBytes]));
    }

    @Test
    void aReplyWithTheDeclaredOutputIsOk() {
        assertEquals("OK", LoadClient.check("m", reply("m", "FP32", 4000, 1, 1000).build()));
        assertEquals("OK", LoadClient.check("m", reply("m", "UINT8", 1001, 1, 1001).build()));
    }

    @Test
    void aReplyForAnotherModelOrWithTheWrongSizeIsBad() {
        assertEquals(LoadClient.BAD_REPLY, LoadClient.check("m", reply("other", "FP32", 4000, 1, 1000).build()));
        assertEquals(LoadClient.BAD_REPLY, LoadClient.check("m", reply("m", "FP32", 3996, 1, 1000).build()));
        assertEquals(LoadClient.BAD_REPLY, LoadClient.check("m", reply("m", "FP32", 0, 1, 0).build()));
        assertEquals(LoadClient.BAD_REPLY, LoadClient.check("m", reply("m", "STRING", 4, 1).build()));
    }

    @Test
    void aReplyWithoutRawOutputsIsBad() {
        ModelInferResponse noRaw = reply("m", "FP32", 4000, 1, 1000).clearRawOutputContents().build();
        assertEquals(LoadClient.BAD_REPLY, LoadClient.check("m", noRaw));
        assertEquals(LoadClient.BAD_REPLY, LoadClient.check("m", ModelInferResponse.newBuilder().setModelName("m")
                .build()));
    }
}

package dev.panamaedge.openvino;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tiny hand-written OpenVINO IR v11 models for native tests: each builds in microseconds and has results
 * that can be worked out by hand.
 */
final class TestModels {
    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Values of {@link #tinyAdd()}'s constant, stored little-endian in its {@code .bin}. */
    static final float[] ADD_BIAS = {1f, 2f, 3f, 4f};

    private TestModels() {
    }

    /** An IR model: xml text plus weights. */
    record Ir(String name, String xml, byte[] weights) {
        /** Writes {@code name.xml} and, when there are weights, {@code name.bin}; returns the xml path. */
        Path writeTo(Path dir) throws IOException {
            Path xmlFile = dir.resolve(name + ".xml");
            Files.writeString(xmlFile, xml);
            if (weights.length > 0) {
                Files.write(dir.resolve(name + ".bin"), weights);
            }
            return xmlFile;
        }

        /** The weights on the heap, as {@link Core#readModel(byte[], MemorySegment)} takes them. */
        MemorySegment weightsSegment() {
            return MemorySegment.ofArray(weights.clone());
        }

        byte[] xmlBytes() {
            return xml.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** {@code output = relu(input)}, input {@code "input"} f32[1,4], output {@code "output"}. */
    static Ir tinyRelu() {
        return new Ir("tiny_relu", """
                <?xml version="1.0"?>
                <net name="tiny_relu" version="11">
                  <layers>
                    <layer id="0" name="input" type="Parameter" version="opset1">
                      <data shape="1,4" element_type="f32"/>
                      <output>
                        <port id="0" precision="FP32" names="input"><dim>1</dim><dim>4</dim></port>
                      </output>
                    </layer>
                    <layer id="1" name="relu" type="ReLU" version="opset1">
                      <input><port id="0" precision="FP32"><dim>1</dim><dim>4</dim></port></input>
                      <output>
                        <port id="1" precision="FP32" names="output"><dim>1</dim><dim>4</dim></port>
                      </output>
                    </layer>
                    <layer id="2" name="output/sink" type="Result" version="opset1">
                      <input><port id="0" precision="FP32"><dim>1</dim><dim>4</dim></port></input>
                    </layer>
                  </layers>
                  <edges>
                    <edge from-layer="0" from-port="0" to-layer="1" to-port="0"/>
                    <edge from-layer="1" from-port="1" to-layer="2" to-port="0"/>
                  </edges>
                </net>
                """, new byte[0]);
    }

    /**
     * {@code output = input + [1, 2, 3, 4]}, input {@code "input"} f32[1,4]; the constant comes from the
     * 16-byte {@code .bin}.
     */
    static Ir tinyAdd() {
        byte[] bin = new byte[ADD_BIAS.length * Float.BYTES];
        MemorySegment.copy(ADD_BIAS, 0, MemorySegment.ofArray(bin), F32_LE, 0, ADD_BIAS.length);
        return new Ir("tiny_add", """
                <?xml version="1.0"?>
                <net name="tiny_add" version="11">
                  <layers>
                    <layer id="0" name="input" type="Parameter" version="opset1">
                      <data shape="1,4" element_type="f32"/>
                      <output>
                        <port id="0" precision="FP32" names="input"><dim>1</dim><dim>4</dim></port>
                      </output>
                    </layer>
                    <layer id="1" name="bias" type="Const" version="opset1">
                      <data element_type="f32" shape="1,4" offset="0" size="16"/>
                      <output>
                        <port id="0" precision="FP32"><dim>1</dim><dim>4</dim></port>
                      </output>
                    </layer>
                    <layer id="2" name="add" type="Add" version="opset1">
                      <data auto_broadcast="numpy"/>
                      <input>
                        <port id="0" precision="FP32"><dim>1</dim><dim>4</dim></port>
                        <port id="1" precision="FP32"><dim>1</dim><dim>4</dim></port>
                      </input>
                      <output>
                        <port id="2" precision="FP32" names="output"><dim>1</dim><dim>4</dim></port>
                      </output>
                    </layer>
                    <layer id="3" name="output/sink" type="Result" version="opset1">
                      <input><port id="0" precision="FP32"><dim>1</dim><dim>4</dim></port></input>
                    </layer>
                  </layers>
                  <edges>
                    <edge from-layer="0" from-port="0" to-layer="2" to-port="0"/>
                    <edge from-layer="1" from-port="0" to-layer="2" to-port="1"/>
                    <edge from-layer="2" from-port="2" to-layer="3" to-port="0"/>
                  </edges>
                </net>
                """, bin);
    }

    /** {@code sum = a + b}, two inputs {@code "a"} and {@code "b"} f32[1,4], output {@code "sum"}. */
    static Ir tinyTwoInputs() {
        return new Ir("tiny_two_inputs", """
                <?xml version="1.0"?>
                <net name="tiny_two_inputs" version="11">
                  <layers>
                    <layer id="0" name="a" type="Parameter" version="opset1">
                      <data shape="1,4" element_type="f32"/>
                      <output><port id="0" precision="FP32" names="a"><dim>1</dim><dim>4</dim></port></output>
                    </layer>
                    <layer id="1" name="b" type="Parameter" version="opset1">
                      <data shape="1,4" element_type="f32"/>
                      <output><port id="0" precision="FP32" names="b"><dim>1</dim><dim>4</dim></port></output>
                    </layer>
                    <layer id="2" name="add" type="Add" version="opset1">
                      <data auto_broadcast="numpy"/>
                      <input>
                        <port id="0" precision="FP32"><dim>1</dim><dim>4</dim></port>
                        <port id="1" precision="FP32"><dim>1</dim><dim>4</dim></port>
                      </input>
                      <output><port id="2" precision="FP32" names="sum"><dim>1</dim><dim>4</dim></port></output>
                    </layer>
                    <layer id="3" name="sum/sink" type="Result" version="opset1">
                      <input><port id="0" precision="FP32"><dim>1</dim><dim>4</dim></port></input>
                    </layer>
                  </layers>
                  <edges>
                    <edge from-layer="0" from-port="0" to-layer="2" to-port="0"/>
                    <edge from-layer="1" from-port="0" to-layer="2" to-port="1"/>
                    <edge from-layer="2" from-port="2" to-layer="3" to-port="0"/>
                  </edges>
                </net>
                """, new byte[0]);
    }

    /**
     * An f32 NCHW image [1,3,2,2] through ReLU: with u8 NHWC preprocessing in front, output[c][h][w]
     * equals the input byte at (h, w, c).
     */
    static Ir tinyImage() {
        return new Ir("tiny_image", """
                <?xml version="1.0"?>
                <net name="tiny_image" version="11">
                  <layers>
                    <layer id="0" name="image" type="Parameter" version="opset1">
                      <data shape="1,3,2,2" element_type="f32"/>
                      <output>
                        <port id="0" precision="FP32" names="image"><dim>1</dim><dim>3</dim><dim>2</dim><dim>2</dim></port>
                      </output>
                    </layer>
                    <layer id="1" name="relu" type="ReLU" version="opset1">
                      <input><port id="0" precision="FP32"><dim>1</dim><dim>3</dim><dim>2</dim><dim>2</dim></port></input>
                      <output>
                        <port id="1" precision="FP32" names="features"><dim>1</dim><dim>3</dim><dim>2</dim><dim>2</dim></port>
                      </output>
                    </layer>
                    <layer id="2" name="features/sink" type="Result" version="opset1">
                      <input><port id="0" precision="FP32"><dim>1</dim><dim>3</dim><dim>2</dim><dim>2</dim></port></input>
                    </layer>
                  </layers>
                  <edges>
                    <edge from-layer="0" from-port="0" to-layer="1" to-port="0"/>
                    <edge from-layer="1" from-port="1" to-layer="2" to-port="0"/>
                  </edges>
                </net>
                """, new byte[0]);
    }

    /** {@code output = relu(input)} with a dynamic batch: input {@code "input"} f32[?,4]. */
    static Ir tinyDynamicBatch() {
        return new Ir("tiny_dynamic_batch", """
                <?xml version="1.0"?>
                <net name="tiny_dynamic_batch" version="11">
                  <layers>
                    <layer id="0" name="input" type="Parameter" version="opset1">
                      <data shape="?,4" element_type="f32"/>
                      <output>
                        <port id="0" precision="FP32" names="input"><dim>-1</dim><dim>4</dim></port>
                      </output>
                    </layer>
                    <layer id="1" name="relu" type="ReLU" version="opset1">
                      <input><port id="0" precision="FP32"><dim>-1</dim><dim>4</dim></port></input>
                      <output>
                        <port id="1" precision="FP32" names="output"><dim>-1</dim><dim>4</dim></port>
                      </output>
                    </layer>
                    <layer id="2" name="output/sink" type="Result" version="opset1">
                      <input><port id="0" precision="FP32"><dim>-1</dim><dim>4</dim></port></input>
                    </layer>
                  </layers>
                  <edges>
                    <edge from-layer="0" from-port="0" to-layer="1" to-port="0"/>
                    <edge from-layer="1" from-port="1" to-layer="2" to-port="0"/>
                  </edges>
                </net>
                """, new byte[0]);
    }

    /**
     * {@code output = input}: a Parameter wired straight to a Result, f32[1,4]. OpenVINO's CPU plugin makes
     * the output tensor the input's own memory, which tests of caller-owned input memory need.
     */
    static Ir tinyIdentity() {
        return new Ir("tiny_identity", """
                <?xml version="1.0"?>
                <net name="tiny_identity" version="11">
                  <layers>
                    <layer id="0" name="input" type="Parameter" version="opset1">
                      <data shape="1,4" element_type="f32"/>
                      <output>
                        <port id="0" precision="FP32" names="input"><dim>1</dim><dim>4</dim></port>
                      </output>
                    </layer>
                    <layer id="1" name="input/sink" type="Result" version="opset1">
                      <input><port id="0" precision="FP32"><dim>1</dim><dim>4</dim></port></input>
                    </layer>
                  </layers>
                  <edges>
                    <edge from-layer="0" from-port="0" to-layer="1" to-port="0"/>
                  </edges>
                </net>
                """, new byte[0]);
    }

    /**
     * {@code pairs = reshape(input, [-1, 2])}: input {@code "input"} f32[?], output {@code "pairs"} f32[?,2].
     * An odd number of elements cannot be paired, so inference fails at run time, inside OpenVINO.
     */
    static Ir tinyPairs() {
        byte[] bin = new byte[2 * Long.BYTES];
        MemorySegment.copy(new long[] {-1, 2}, 0, MemorySegment.ofArray(bin),
                ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, 2);
        return new Ir("tiny_pairs", """
                <?xml version="1.0"?>
                <net name="tiny_pairs" version="11">
                  <layers>
                    <layer id="0" name="input" type="Parameter" version="opset1">
                      <data shape="?" element_type="f32"/>
                      <output><port id="0" precision="FP32" names="input"><dim>-1</dim></port></output>
                    </layer>
                    <layer id="1" name="pairs_shape" type="Const" version="opset1">
                      <data element_type="i64" shape="2" offset="0" size="16"/>
                      <output><port id="0" precision="I64"><dim>2</dim></port></output>
                    </layer>
                    <layer id="2" name="pairs" type="Reshape" version="opset1">
                      <data special_zero="false"/>
                      <input>
                        <port id="0" precision="FP32"><dim>-1</dim></port>
                        <port id="1" precision="I64"><dim>2</dim></port>
                      </input>
                      <output><port id="2" precision="FP32" names="pairs"><dim>-1</dim><dim>2</dim></port></output>
                    </layer>
                    <layer id="3" name="pairs/sink" type="Result" version="opset1">
                      <input><port id="0" precision="FP32"><dim>-1</dim><dim>2</dim></port></input>
                    </layer>
                  </layers>
                  <edges>
                    <edge from-layer="0" from-port="0" to-layer="2" to-port="0"/>
                    <edge from-layer="1" from-port="0" to-layer="2" to-port="1"/>
                    <edge from-layer="2" from-port="2" to-layer="3" to-port="0"/>
                  </edges>
                </net>
                """, bin);
    }
}

package dev.panamaedge.bindings.openvino;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An IR v11 model, input[1,4] f32 → ReLU → output, with an empty weights file (it has no constants). */
final class TinyReluModel {

    static final String XML = """
            <?xml version="1.0"?>
            <net name="tiny_relu" version="11">
                <layers>
                    <layer id="0" name="input" type="Parameter" version="opset1">
                        <data shape="1,4" element_type="f32"/>
                        <output>
                            <port id="0" precision="FP32" names="input">
                                <dim>1</dim>
                                <dim>4</dim>
                            </port>
                        </output>
                    </layer>
                    <layer id="1" name="relu" type="ReLU" version="opset1">
                        <input>
                            <port id="0" precision="FP32">
                                <dim>1</dim>
                                <dim>4</dim>
                            </port>
                        </input>
                        <output>
                            <port id="1" precision="FP32" names="output">
                                <dim>1</dim>
                                <dim>4</dim>
                            </port>
                        </output>
                    </layer>
                    <layer id="2" name="output" type="Result" version="opset1">
                        <input>
                            <port id="0" precision="FP32">
                                <dim>1</dim>
                                <dim>4</dim>
                            </port>
                        </input>
                    </layer>
                </layers>
                <edges>
                    <edge from-layer="0" from-port="0" to-layer="1" to-port="0"/>
                    <edge from-layer="1" from-port="1" to-layer="2" to-port="0"/>
                </edges>
            </net>
            """;

    private TinyReluModel() {
    }

    /** Writes relu.xml and an empty relu.bin into {@code dir}; returns the .xml path. */
    static Path write(Path dir) throws IOException {
        Path xml = dir.resolve("relu.xml");
        Files.writeString(xml, XML);
        Files.write(dir.resolve("relu.bin"), new byte[0]);
        return xml;
    }
}

package dev.panamaedge.models.ir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** A hand-written IR v11 fixture: input [1, 2] + Const bias [1, 2] → Add → Result, with model rt_info. */
final class TinyIr {
    static final String XML = """
            <?xml version="1.0"?>
            <net name="tiny" version="11">
            	<layers>
            		<layer id="0" name="input" type="Parameter" version="opset1">
            			<data shape="1,2" element_type="f32" />
            			<output>
            				<port id="0" precision="FP32" names="input">
            					<dim>1</dim>
            					<dim>2</dim>
            				</port>
            			</output>
            		</layer>
            		<layer id="1" name="bias" type="Const" version="opset1">
            			<data element_type="f32" shape="1, 2" offset="0" size="8" />
            			<output>
            				<port id="0" precision="FP32">
            					<dim>1</dim>
            					<dim>2</dim>
            				</port>
            			</output>
            		</layer>
            		<layer id="2" name="add" type="Add" version="opset1">
            			<data auto_broadcast="numpy" />
            			<input>
            				<port id="0" precision="FP32"><dim>1</dim><dim>2</dim></port>
            				<port id="1" precision="FP32"><dim>1</dim><dim>2</dim></port>
            			</input>
            			<output>
            				<port id="2" precision="FP32" names="sum\\,total,out"><dim>1</dim><dim>2</dim></port>
            			</output>
            			<rt_info>
            				<attribute name="fused_names" version="0" value="add" />
            			</rt_info>
            		</layer>
            		<layer id="3" name="out" type="Result" version="opset1">
            			<input>
            				<port id="0" precision="FP32"><dim>1</dim><dim>2</dim></port>
            			</input>
            		</layer>
            	</layers>
            	<edges>
            		<edge from-layer="0" from-port="0" to-layer="2" to-port="0" />
            		<edge from-layer="1" from-port="0" to-layer="2" to-port="1" />
            		<edge from-layer="2" from-port="2" to-layer="3" to-port="0" />
            	</edges>
            	<rt_info>
            		<Runtime_version value="test" />
            		<conversion_parameters>
            			<framework value="none" />
            		</conversion_parameters>
            		<info name="key with space" value="v &amp; w" />
            	</rt_info>
            </net>
            """;

    private TinyIr() {
    }

    /** The 8-byte weights: bias = [1.5, -2]. */
    static byte[] bin() {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f).array();
    }

    /** Writes {@code model.xml} (and {@code model.bin} unless {@code bin} is null) into {@code dir}. */
    static Path write(Path dir, String xml, byte[] bin) throws IOException {
        Path file = dir.resolve("model.xml");
        Files.writeString(file, xml);
        if (bin != null) {
            Files.write(dir.resolve("model.bin"), bin);
        }
        return file;
    }
}

package dev.panamaedge.models.ir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Checks an IR's {@code .bin} against the constants its xml declares, before anything compiles it.
 *
 * <p>OpenVINO reads constants lazily from the mapped {@code .bin}, and a compiled-model cache skips reading
 * the model at all, so a truncated or foreign {@code .bin} could otherwise load "successfully". The rule:
 * the file is exactly as long as the furthest {@code offset + size} of any {@code Const} layer (sub-graph
 * bodies included), which is how OpenVINO's serializer and this project's {@link IrWriter} write it. One
 * streaming pass over the xml, no tree: a few milliseconds for MobileNetV2.
 */
public final class IrWeights {
    private IrWeights() {
    }

    /**
     * Throws {@link InvalidModelException} (naming the files by name, not path) unless the {@code .bin}
     * beside {@code xml} has exactly the bytes its constants need; a model without constants passes.
     */
    public static void checkSize(Path xml) throws IOException {
        long needed = constantsEnd(xml);
        if (needed == 0) {
            return;
        }
        Path bin = binOf(xml);
        long size;
        try {
            size = Files.size(bin);
        } catch (NoSuchFileException e) {
            throw new InvalidModelException(xml.getFileName() + ": weights file " + bin.getFileName()
                    + " is missing (the constants need " + needed + " bytes)");
        }
        check(xml.getFileName().toString(), bin.getFileName().toString(), needed, size);
    }

    /** The rule itself, also applied by {@link IrReader} to the constants it parsed. */
    static void check(String xmlName, String binName, long needed, long size) {
        if (size < needed) {
            throw new InvalidModelException(binName + " is " + size + " bytes, but the constants in " + xmlName
                    + " need " + needed + " (truncated or wrong .bin?)");
        }
        if (size > needed) {
            throw new InvalidModelException(binName + " is " + size + " bytes, " + (size - needed)
                    + " more than the constants in " + xmlName + " use (a .bin from another model?)");
        }
    }

    /** The {@code .bin} with the xml's base name, as OpenVINO and {@link IrReader} look for it. */
    public static Path binOf(Path xml) {
        String name = xml.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return xml.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".bin");
    }

    /** The furthest byte any {@code Const} layer's {@code <data offset size>} reaches; 0 without constants. */
    static long constantsEnd(Path xml) throws IOException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        long end = 0;
        try (InputStream in = Files.newInputStream(xml)) {
            XMLStreamReader reader = factory.createXMLStreamReader(in);
            try {
                boolean inConst = false;
                while (reader.hasNext()) {
                    if (reader.next() != XMLStreamConstants.START_ELEMENT) {
                        continue;
                    }
                    String name = reader.getLocalName();
                    if (name.equals("layer")) {
                        inConst = "Const".equals(reader.getAttributeValue(null, "type"));
                    } else if (inConst && name.equals("data")) {
                        inConst = false;
                        end = Math.max(end, constantEnd(xml, reader));
                    }
                }
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            throw new InvalidModelException(xml.getFileName() + ": malformed xml: " + e.getMessage(), e);
        }
        return end;
    }

    private static long constantEnd(Path xml, XMLStreamReader data) {
        String offset = data.getAttributeValue(null, "offset");
        String size = data.getAttributeValue(null, "size");
        if (offset == null || size == null) {
            throw new InvalidModelException(xml.getFileName() + " line " + data.getLocation().getLineNumber()
                    + ": Const layer without offset and size");
        }
        try {
            long o = Long.parseLong(offset.trim());
            long s = Long.parseLong(size.trim());
            if (o < 0 || s < 0) {
                throw new NumberFormatException("negative");
            }
            return Math.addExact(o, s);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidModelException(xml.getFileName() + " line " + data.getLocation().getLineNumber()
                    + ": Const offset '" + offset + "' / size '" + size + "' are not byte counts");
        }
    }
}

package dev.panamaedge.models.ir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A minimal element tree read with StAX: names, attributes in document order and line numbers.
 *
 * <p>Why not DOM: Xerces' DOM sorts attributes by name, while {@link Layer#attributes()} promises IR order,
 * and StAX reports the line of every element for error messages. DTDs are refused outright (an IR file
 * never has one) and external entities are off, so a hostile file cannot reach the file system or network.
 */
record XmlElement(String name, Map<String, String> attributes, List<XmlElement> children, String text, int line) {
    XmlElement {
        attributes = Collections.unmodifiableMap(attributes);
        children = Collections.unmodifiableList(children);
    }

    Optional<String> attribute(String key) {
        return Optional.ofNullable(attributes.get(key));
    }

    Optional<XmlElement> child(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).findFirst();
    }

    List<XmlElement> children(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).toList();
    }

    /** Parses {@code file}; any XML error becomes an {@link InvalidModelException} naming file and line. */
    static XmlElement parse(Path file) throws IOException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader reader = factory.createXMLStreamReader(in);
            try {
                return read(file, reader);
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNumber();
            throw new InvalidModelException(file + (line > 0 ? " line " + line : "") + ": malformed xml: "
                    + firstLine(e.getMessage()), e);
        }
    }

    private static XmlElement read(Path file, XMLStreamReader reader) throws XMLStreamException {
        record Open(String name, Map<String, String> attributes, List<XmlElement> children, StringBuilder text,
                    int line) {
        }
        Deque<Open> stack = new ArrayDeque<>();
        XmlElement root = null;
        while (reader.hasNext()) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.DTD -> throw new InvalidModelException(file + " line "
                        + reader.getLocation().getLineNumber() + ": DTDs are not allowed in IR xml");
                case XMLStreamConstants.ENTITY_REFERENCE -> throw new InvalidModelException(file + " line "
                        + reader.getLocation().getLineNumber() + ": entity reference &" + reader.getLocalName()
                        + "; is not allowed in IR xml");
                case XMLStreamConstants.START_ELEMENT -> {
                    Map<String, String> attributes = new LinkedHashMap<>();
                    for (int i = 0; i < reader.getAttributeCount(); i++) {
                        attributes.put(reader.getAttributeLocalName(i), reader.getAttributeValue(i));
                    }
                    stack.push(new Open(reader.getLocalName(), attributes, new ArrayList<>(), new StringBuilder(),
                            reader.getLocation().getLineNumber()));
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    Open open = stack.pop();
                    XmlElement done = new XmlElement(open.name, open.attributes, open.children,
                            open.text.toString().strip(), open.line);
                    if (stack.isEmpty()) {
                        root = done;
                    } else {
                        stack.peek().children.add(done);
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                    if (!stack.isEmpty()) {
                        stack.peek().text.append(reader.getText());
                    }
                }
                default -> {
                    // Whitespace, comments and processing instructions carry nothing IR needs.
                }
            }
        }
        if (root == null) {
            throw new InvalidModelException(file + ": malformed xml: no root element");
        }
        return root;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        String m = message.strip();
        int nl = m.lastIndexOf('\n');
        String last = nl >= 0 ? m.substring(nl + 1).strip() : m;
        // The JDK's StAX prefixes "ParseError at [row,col]:[..]" on its own line and "Message: " here.
        return last.startsWith("Message: ") ? last.substring("Message: ".length()) : last;
    }
}

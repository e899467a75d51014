package dev.mailroom.templating;

import org.xml.sax.ContentHandler;
import org.xml.sax.DTDHandler;
import org.xml.sax.EntityResolver;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.AttributesImpl;

/**
 * Feeds a {@link RenderData} to the XSLT engine as SAX events: no XML text is written or parsed, so a value can
 * never become markup. With {@code escapeHtml}, every value and display name arrives HTML-escaped, so whatever
 * the stylesheet does with a value (value-of, copy-of, built-in rules), it reaches an HTML body as text.
 */
final class DataDocumentReader implements XMLReader {

    private static final AttributesImpl NO_ATTRIBUTES = new AttributesImpl();

    private final RenderData data;
    private final boolean escapeHtml;
    private ContentHandler contentHandler;
    private DTDHandler dtdHandler;
    private EntityResolver entityResolver;
    private ErrorHandler errorHandler;

    DataDocumentReader(RenderData data, boolean escapeHtml) {
        this.data = data;
        this.escapeHtml = escapeHtml;
    }

    @Override
    public void parse(InputSource input) throws SAXException {
        ContentHandler out = contentHandler;
        out.startDocument();
        out.startElement("", "data", "data", NO_ATTRIBUTES);
        for (DataRecord record : data.records()) {
            out.startElement("", record.entity(), record.entity(), NO_ATTRIBUTES);
            for (DataField field : record.fields()) {
                AttributesImpl attributes = new AttributesImpl();
                if (field.displayName() != null) {
                    attributes.addAttribute("", "name", "name", "CDATA", text(field.displayName()));
                }
                out.startElement("", field.attribute(), field.attribute(), attributes);
                char[] value = text(field.value()).toCharArray();
                out.characters(value, 0, value.length);
                out.endElement("", field.attribute(), field.attribute());
            }
            out.endElement("", record.entity(), record.entity());
        }
        out.endElement("", "data", "data");
        out.endDocument();
    }

    private String text(String value) {
        String clean = XmlText.clean(value);
        return escapeHtml ? HtmlText.escape(clean) : clean;
    }

    @Override
    public void parse(String systemId) throws SAXException {
        parse(new InputSource(systemId));
    }

    // The engine sets features and properties (namespaces, a lexical handler) that mean nothing for a document
    // built in memory; accepting them quietly keeps every engine version happy.
    @Override
    public boolean getFeature(String name) {
        return "http://xml.org/sax/features/namespaces".equals(name);
    }

    @Override
    public void setFeature(String name, boolean value) {
    }

    @Override
    public Object getProperty(String name) {
        return null;
    }

    @Override
    public void setProperty(String name, Object value) {
    }

    @Override
    public void setEntityResolver(EntityResolver resolver) {
        this.entityResolver = resolver;
    }

    @Override
    public EntityResolver getEntityResolver() {
        return entityResolver;
    }

    @Override
    public void setDTDHandler(DTDHandler handler) {
        this.dtdHandler = handler;
    }

    @Override
    public DTDHandler getDTDHandler() {
        return dtdHandler;
    }

    @Override
    public void setContentHandler(ContentHandler handler) {
        this.contentHandler = handler;
    }

    @Override
    public ContentHandler getContentHandler() {
        return contentHandler;
    }

    @Override
    public void setErrorHandler(ErrorHandler handler) {
        this.errorHandler = handler;
    }

    @Override
    public ErrorHandler getErrorHandler() {
        return errorHandler;
    }
}

package dev.mailroom.templating;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.ErrorListener;
import javax.xml.transform.Templates;
import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.URIResolver;
import javax.xml.transform.sax.SAXSource;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * Compiles a stylesheet with the JDK's own XSLT engine (XSLTC, never whatever else is on the classpath), locked
 * down: secure processing, no DOCTYPE (so no entities of any kind), no xsl:include/import or document(), no
 * extension functions.
 */
final class XsltCompiler {

    /** Refuses every URI: a template is one self-contained document. */
    static final URIResolver NO_EXTERNAL_DOCUMENTS = (href, base) -> {
        throw new TransformerException("A template cannot load other documents (" + href + ")");
    };

    private XsltCompiler() {
    }

    static Templates compile(String stylesheet, TemplatePart part) {
        if (stylesheet == null || stylesheet.isBlank()) {
            throw new TemplateSyntaxException("The template's " + part.column() + " is empty.");
        }
        CollectingErrorListener errors = new CollectingErrorListener();
        TransformerFactory factory = secureFactory(errors);
        try {
            Templates templates = factory.newTemplates(new SAXSource(secureReader(), new InputSource(
                    new StringReader(stylesheet))));
            if (templates == null) {
                throw new TransformerConfigurationException("the stylesheet did not compile");
            }
            return templates;
        } catch (TransformerConfigurationException e) {
            throw new TemplateSyntaxException("The template's " + part.column() + " is not a valid XSLT stylesheet: "
                    + errors.describe(e), e);
        }
    }

    private static TransformerFactory secureFactory(ErrorListener errors) {
        TransformerFactory factory = TransformerFactory.newDefaultInstance();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://www.oracle.com/xml/jaxp/properties/enableExtensionFunctions", false);
        } catch (TransformerConfigurationException e) {
            throw new IllegalStateException("The JDK's XSLT engine refuses secure processing", e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        factory.setURIResolver(NO_EXTERNAL_DOCUMENTS);
        factory.setErrorListener(errors);
        return factory;
    }

    private static XMLReader secureReader() {
        try {
            SAXParserFactory parsers = SAXParserFactory.newDefaultInstance();
            parsers.setNamespaceAware(true);
            parsers.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            parsers.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            parsers.setFeature("http://xml.org/sax/features/external-general-entities", false);
            parsers.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            parsers.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            XMLReader reader = parsers.newSAXParser().getXMLReader();
            reader.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            return reader;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("The JDK's XML parser refuses secure settings", e);
        }
    }

    /** Keeps the engine's messages (it would print them to stderr) for the exception a caller sees. */
    static final class CollectingErrorListener implements ErrorListener {
        private final List<String> messages = new ArrayList<>();

        @Override
        public void warning(TransformerException exception) {
        }

        @Override
        public void error(TransformerException exception) {
            messages.add(exception.getMessageAndLocation());
        }

        @Override
        public void fatalError(TransformerException exception) throws TransformerException {
            messages.add(exception.getMessageAndLocation());
            throw exception;
        }

        String describe(TransformerException last) {
            if (messages.isEmpty()) {
                return last.getMessageAndLocation();
            }
            return String.join("; ", messages.stream().distinct().toList());
        }
    }
}

package dev.mailroom.templating;

/** Text made safe for an XML document: characters XML 1.0 forbids become U+FFFD. */
final class XmlText {

    private XmlText() {
    }

    static String clean(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!XsltDocuments.isXmlCharacter(text.charAt(i))) {
                return replaceForbidden(text);
            }
        }
        return text;
    }

    private static String replaceForbidden(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(XsltDocuments.isXmlCharacter(c) ? c : '\uFFFD');
        }
        return out.toString();
    }
}

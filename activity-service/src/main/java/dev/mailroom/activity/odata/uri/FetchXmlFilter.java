package dev.mailroom.activity.odata.uri;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.error.DataverseException;
import dev.mailroom.activity.odata.model.ColumnDef;
import dev.mailroom.activity.odata.model.ColumnType;
import dev.mailroom.activity.odata.model.TableDef;

/**
 * Translates a FetchXML query into the OData {@code $filter} it means, so that it takes exactly the path an OData
 * query takes: the same parser, the same filter model, values bound as SQL parameters, the same keyset paging.
 * Only a documented subset is accepted (activity-service/README.md, "FetchXML"); anything else is refused with a
 * 400, never guessed at. The XML is parsed with DTDs, external entities and XInclude off.
 */
public final class FetchXmlFilter {

    /** Nested {@code <filter>} levels (each is one pair of parentheses of the 25 a $filter may nest). */
    static final int MAX_FILTER_DEPTH = 10;
    /** Conditions of one query. */
    static final int MAX_CONDITIONS = 200;
    /** Characters of the FetchXML text. */
    static final int MAX_LENGTH = 32_000;

    private static final Set<String> FETCH_ATTRIBUTES = Set.of("version", "mapping", "distinct", "no-lock",
            "output-format", "returntotalrecordcount");
    private static final Set<String> UI_ATTRIBUTES = Set.of("uiname", "uitype", "uihidden");

    private final TableDef table;
    private int conditions;

    private FetchXmlFilter(TableDef table) {
        this.table = table;
    }

    /**
     * @param fetchXml the query text
     * @param tables the recipients' tables a query may read, by logical name
     * @return the table read and the equivalent {@code $filter} (null when the query reads every row)
     * @throws DataverseException 400 for malformed XML or anything outside the supported subset
     */
    public static Translation translate(String fetchXml, Function<String, TableDef> tables) {
        if (fetchXml.length() > MAX_LENGTH) {
            throw invalid("The FetchXML query is longer than " + MAX_LENGTH + " characters.");
        }
        Element fetch = parse(fetchXml).getDocumentElement();
        if (!fetch.getTagName().equals("fetch")) {
            throw invalid("A FetchXML query starts with <fetch>, not <" + fetch.getTagName() + ">.");
        }
        for (String attribute : attributeNames(fetch)) {
            if (!FETCH_ATTRIBUTES.contains(attribute)) {
                throw unsupported("The <fetch> attribute '" + attribute + "'" + (attribute.equals("top")
                        || attribute.equals("count") || attribute.equals("page")
                        ? " (a bulk email goes to every row the query matches)" : ""));
            }
        }
        List<Element> entities = children(fetch);
        if (entities.size() != 1 || !entities.get(0).getTagName().equals("entity")) {
            throw invalid("<fetch> must hold exactly one <entity> element.");
        }
        Element entity = entities.get(0);
        String name = entity.getAttribute("name").strip();
        TableDef table = name.isEmpty() ? null : tables.apply(name.toLowerCase(Locale.ROOT));
        if (table == null) {
            throw invalid("The FetchXML <entity> must be contact, account or lead, not '" + name + "'.");
        }
        onlyAttributes(entity, Set.of("name"));
        FetchXmlFilter translator = new FetchXmlFilter(table);
        List<String> filters = new ArrayList<>();
        for (Element child : children(entity)) {
            switch (child.getTagName()) {
                case "attribute" -> translator.attribute(child);
                case "all-attributes" -> onlyAttributes(child, Set.of());
                case "order" -> translator.order(child);
                case "filter" -> {
                    String filter = translator.filter(child, 1);
                    if (filter != null) {
                        filters.add(filter);
                    }
                }
                default -> throw unsupported("The element <" + child.getTagName() + "> inside <entity>");
            }
        }
        return new Translation(table, filters.isEmpty() ? null : String.join(" and ", filters));
    }

    /** {@code <attribute name="..."/>}: checked, then ignored: recipients are read with every column. */
    private void attribute(Element attribute) {
        onlyAttributes(attribute, Set.of("name"));
        column(attribute.getAttribute("name"));
    }

    /** {@code <order attribute="..." descending="..."/>}: checked, then ignored: recipients are read in key order. */
    private void order(Element order) {
        onlyAttributes(order, Set.of("attribute", "descending"));
        column(order.getAttribute("attribute"));
        String descending = order.getAttribute("descending");
        if (!descending.isEmpty() && bool(descending) == null) {
            throw invalid("<order descending> must be true or false, not '" + descending + "'.");
        }
    }

    /** A {@code <filter>} as one parenthesised expression, or null when it holds no condition. */
    private String filter(Element filter, int depth) {
        if (depth > MAX_FILTER_DEPTH) {
            throw invalid("The FetchXML filters nest deeper than " + MAX_FILTER_DEPTH + " levels.");
        }
        onlyAttributes(filter, Set.of("type"));
        String type = filter.getAttribute("type").isEmpty() ? "and" : filter.getAttribute("type");
        if (!type.equals("and") && !type.equals("or")) {
            throw invalid("<filter type> must be 'and' or 'or', not '" + type + "'.");
        }
        List<String> parts = new ArrayList<>();
        for (Element child : children(filter)) {
            switch (child.getTagName()) {
                case "condition" -> parts.add(condition(child));
                case "filter" -> {
                    String nested = filter(child, depth + 1);
                    if (nested != null) {
                        parts.add(nested);
                    }
                }
                default -> throw unsupported("The element <" + child.getTagName() + "> inside <filter>");
            }
        }
        if (parts.isEmpty()) {
            return null;
        }
        return parts.size() == 1 ? parts.get(0) : "(" + String.join(" " + type + " ", parts) + ")";
    }

    private String condition(Element condition) {
        if (++conditions > MAX_CONDITIONS) {
            throw invalid("The FetchXML query has more than " + MAX_CONDITIONS + " conditions.");
        }
        for (String attribute : attributeNames(condition)) {
            if (!Set.of("attribute", "operator", "value").contains(attribute) && !UI_ATTRIBUTES.contains(attribute)) {
                throw unsupported("The <condition> attribute '" + attribute + "'");
            }
        }
        Column column = column(condition.getAttribute("attribute"));
        String operator = condition.getAttribute("operator").strip();
        if (operator.isEmpty()) {
            throw invalid("The condition on '" + column.logicalName() + "' has no operator.");
        }
        List<String> values = values(condition);
        return switch (operator) {
            case "eq", "ne", "gt", "ge", "lt", "le" -> column.property() + " " + operator + " "
                    + literal(column, single(operator, column, values));
            case "null" -> none(operator, column, values, column.property() + " eq null");
            case "not-null" -> none(operator, column, values, column.property() + " ne null");
            case "like" -> like(column, single(operator, column, values));
            case "not-like" -> "not (" + like(column, single(operator, column, values)) + ")";
            case "begins-with" -> text(column, operator, "startswith", single(operator, column, values));
            case "ends-with" -> text(column, operator, "endswith", single(operator, column, values));
            case "in" -> column.property() + " in (" + list(operator, column, values) + ")";
            case "not-in" -> "not (" + column.property() + " in (" + list(operator, column, values) + "))";
            default -> throw unsupported("The condition operator '" + operator + "'");
        };
    }

    /** The value attribute, or the {@code <value>} children (for in and not-in). */
    private static List<String> values(Element condition) {
        List<String> values = new ArrayList<>();
        if (condition.hasAttribute("value")) {
            values.add(condition.getAttribute("value"));
        }
        for (Element child : children(condition)) {
            if (!child.getTagName().equals("value")) {
                throw unsupported("The element <" + child.getTagName() + "> inside <condition>");
            }
            onlyAttributes(child, UI_ATTRIBUTES);
            values.add(child.getTextContent());
        }
        return values;
    }

    private static String single(String operator, Column column, List<String> values) {
        if (values.size() != 1) {
            throw invalid("The '" + operator + "' condition on '" + column.logicalName() + "' takes exactly one "
                    + "value, not " + values.size() + ".");
        }
        return values.get(0);
    }

    private static String none(String operator, Column column, List<String> values, String expression) {
        if (!values.isEmpty()) {
            throw invalid("The '" + operator + "' condition on '" + column.logicalName() + "' takes no value.");
        }
        return expression;
    }

    private String list(String operator, Column column, List<String> values) {
        if (values.isEmpty()) {
            throw invalid("The '" + operator + "' condition on '" + column.logicalName() + "' needs at least one "
                    + "<value>.");
        }
        return String.join(",", values.stream().map(value -> literal(column, value)).toList());
    }

    /**
     * FetchXML's like with {@code %} at either end only, which is what the filter model's string functions mean;
     * a wildcard inside the text ({@code %}, {@code _} or {@code [...]}) is refused rather than matched wrongly.
     */
    private String like(Column column, String pattern) {
        requireString(column, "like");
        boolean leading = pattern.startsWith("%");
        boolean trailing = pattern.length() > 1 && pattern.endsWith("%");
        String text = pattern.substring(leading ? 1 : 0, pattern.length() - (trailing ? 1 : 0));
        if (text.isEmpty() || text.contains("%") || text.contains("_") || text.contains("[")) {
            throw unsupported("The like pattern '" + pattern + "' (only text with % at its start, end or both, and "
                    + "without _ or [ ]; use begins-with or ends-with for literal text)");
        }
        String literal = literal(column, text);
        if (leading && trailing) {
            return "contains(" + column.property() + "," + literal + ")";
        }
        if (leading) {
            return "endswith(" + column.property() + "," + literal + ")";
        }
        return trailing ? "startswith(" + column.property() + "," + literal + ")"
                : column.property() + " eq " + literal;
    }

    private String text(Column column, String operator, String function, String value) {
        requireString(column, operator);
        return function + "(" + column.property() + "," + literal(column, value) + ")";
    }

    private static void requireString(Column column, String operator) {
        if (column.type() != ColumnType.STRING) {
            throw invalid("The '" + operator + "' condition needs a text column; '" + column.logicalName()
                    + "' is " + column.type().edmType() + ".");
        }
    }

    /** The value as an OData literal of the column's type, checked the way the $filter path checks it. */
    private static String literal(Column column, String value) {
        String literal = switch (column.type()) {
            case STRING -> "'" + value.replace("'", "''") + "'";
            case GUID -> value.strip().replace("{", "").replace("}", "");
            case BOOLEAN -> {
                Boolean flag = bool(value.strip());
                if (flag == null) {
                    throw invalid("'" + column.logicalName() + "' is a yes/no column: its value is 1, 0, true or "
                            + "false, not '" + value + "'.");
                }
                yield flag.toString();
            }
            default -> value.strip();
        };
        LiteralValues.convert(literal, column.type(), column.logicalName());
        return literal;
    }

    private static Boolean bool(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "1", "true" -> Boolean.TRUE;
            case "0", "false" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** A column of the table, or a lookup by its logical name (read in OData as {@code _name_value}). */
    private Column column(String name) {
        String logicalName = name.strip();
        if (logicalName.isEmpty()) {
            throw invalid("A FetchXML attribute, condition or order names no attribute.");
        }
        var lookup = table.lookup(logicalName);
        if (lookup.isPresent()) {
            return new Column(logicalName, lookup.get().valueProperty(), ColumnType.GUID);
        }
        ColumnDef column = table.column(logicalName).filter(ColumnDef::queryable).orElseThrow(() ->
                DataverseError.QUERY_BUILDER_NO_ATTRIBUTE.withMessage("'" + table.logicalName() + "' entity doesn't "
                        + "contain attribute with Name = '" + logicalName + "' that can be queried."));
        return new Column(logicalName, logicalName, column.type());
    }

    private static Document parse(String xml) {
        try {
            DocumentBuilder builder = secureFactory().newDocumentBuilder();
            builder.setErrorHandler(new RefusingErrorHandler());
            return builder.parse(new InputSource(new StringReader(xml)));
        } catch (SAXException e) {
            throw invalid("The Query is not well-formed FetchXML: " + (e.getMessage() == null ? "unreadable XML"
                    : e.getMessage()));
        } catch (IOException | ParserConfigurationException e) {
            throw new IllegalStateException("Could not read the FetchXML query", e);
        }
    }

    /** No DOCTYPE at all (so no entity expansion), no external DTD or schema, no XInclude. */
    private static DocumentBuilderFactory secureFactory() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setAttribute("http://www.oracle.com/xml/jaxp/properties/maxElementDepth", 64);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setNamespaceAware(false);
        return factory;
    }

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                elements.add(element);
            } else if (node.getNodeType() == Node.TEXT_NODE && !node.getTextContent().isBlank()
                    && !parent.getTagName().equals("value")) {
                throw invalid("Unexpected text '" + node.getTextContent().strip() + "' inside <"
                        + parent.getTagName() + ">.");
            }
        }
        return elements;
    }

    private static List<String> attributeNames(Element element) {
        NamedNodeMap attributes = element.getAttributes();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < attributes.getLength(); i++) {
            names.add(attributes.item(i).getNodeName());
        }
        return names;
    }

    private static void onlyAttributes(Element element, Set<String> allowed) {
        for (String attribute : attributeNames(element)) {
            if (!allowed.contains(attribute)) {
                throw unsupported("The <" + element.getTagName() + "> attribute '" + attribute + "'");
            }
        }
    }

    private static DataverseException invalid(String message) {
        return DataverseError.INVALID_ARGUMENT.withMessage(message);
    }

    private static DataverseException unsupported(String what) {
        return DataverseError.INVALID_ARGUMENT.withMessage(what + " is not supported in FetchXML by this service "
                + "(supported: one <entity>, <attribute>, <all-attributes>, <order>, nested <filter type=\"and|or\"> "
                + "and <condition> with eq, ne, gt, ge, lt, le, like, not-like, begins-with, ends-with, null, "
                + "not-null, in, not-in).");
    }

    /**
     * @param table the table the query reads
     * @param filter the equivalent OData {@code $filter}, or null for every row
     */
    public record Translation(TableDef table, String filter) {
    }

    /** A column as FetchXML names it, as the $filter names it, and its type. */
    private record Column(String logicalName, String property, ColumnType type) {
    }

    /** Turns the parser's warnings and errors into a refusal instead of printing them. */
    private static final class RefusingErrorHandler implements ErrorHandler {

        @Override
        public void warning(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    }
}

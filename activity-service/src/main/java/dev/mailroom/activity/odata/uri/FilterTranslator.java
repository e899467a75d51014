package dev.mailroom.activity.odata.uri;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.olingo.commons.api.edm.EdmEnumType;
import org.apache.olingo.commons.api.edm.EdmType;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourcePrimitiveProperty;
import org.apache.olingo.server.api.uri.queryoption.expression.BinaryOperatorKind;
import org.apache.olingo.server.api.uri.queryoption.expression.Expression;
import org.apache.olingo.server.api.uri.queryoption.expression.ExpressionVisitor;
import org.apache.olingo.server.api.uri.queryoption.expression.Literal;
import org.apache.olingo.server.api.uri.queryoption.expression.Member;
import org.apache.olingo.server.api.uri.queryoption.expression.MethodKind;
import org.apache.olingo.server.api.uri.queryoption.expression.UnaryOperatorKind;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.odata.model.ColumnType;
import dev.mailroom.activity.odata.model.TableDef;
import dev.mailroom.activity.odata.sql.Sql;

/**
 * Translates a parsed {@code $filter} into parameterized SQL. Columns come from the table's declarations, values
 * only travel as parameters typed by the column they meet; strings compare without case, as Dataverse does.
 */
final class FilterTranslator implements ExpressionVisitor<Operand> {

    private final TableDef table;
    private final Map<String, String> aliases;

    FilterTranslator(TableDef table, Map<String, String> aliases) {
        this.table = table;
        this.aliases = aliases;
    }

    Sql translate(Expression expression) {
        try {
            return predicate(expression.accept(this));
        } catch (org.apache.olingo.server.api.uri.queryoption.expression.ExpressionVisitException
                | org.apache.olingo.server.api.ODataApplicationException e) {
            throw DataverseError.QUERY_SYNTAX.withMessage("Invalid $filter: " + e.getMessage());
        }
    }

    @Override
    public Operand visitBinaryOperator(BinaryOperatorKind operator, Operand left, Operand right) {
        return switch (operator) {
            case AND -> new Operand.Predicate(predicate(left).and(predicate(right)));
            case OR -> new Operand.Predicate(predicate(left).or(predicate(right)));
            case EQ, NE, GT, GE, LT, LE -> compare(operator, left, right);
            default -> throw unsupported("The operator '" + operator.name().toLowerCase() + "'");
        };
    }

    @Override
    public Operand visitBinaryOperator(BinaryOperatorKind operator, Operand left, List<Operand> right) {
        Operand.Column column = column(left, "in");
        List<Object> values = new ArrayList<>();
        for (Operand item : right) {
            values.add(LiteralValues.convert(literal(item, "in").text(), column.type(), column.name()));
        }
        String placeholders = String.join(", ", values.stream().map(value -> "?").toList());
        return new Operand.Predicate(new Sql(quoted(column) + " IN (" + placeholders + ")", values));
    }

    private Operand compare(BinaryOperatorKind operator, Operand left, Operand right) {
        boolean columnFirst = left instanceof Operand.Column;
        Operand.Column column = column(columnFirst ? left : right, operator.name().toLowerCase());
        Operand other = columnFirst ? right : left;
        BinaryOperatorKind op = columnFirst ? operator : mirror(operator);
        if (other instanceof Operand.Column second) {
            return new Operand.Predicate(Sql.of(quoted(column) + sqlOperator(op) + quoted(second)));
        }
        Operand.Literal literal = literal(other, operator.name().toLowerCase());
        if (literal.isNull()) {
            return switch (op) {
                case EQ -> new Operand.Predicate(Sql.of(quoted(column) + " IS NULL"));
                case NE -> new Operand.Predicate(Sql.of(quoted(column) + " IS NOT NULL"));
                default -> throw DataverseError.QUERY_SYNTAX.withMessage("null can only be compared with eq or ne.");
            };
        }
        Object value = LiteralValues.convert(literal.text(), column.type(), column.name());
        if (column.type() == ColumnType.STRING && (op == BinaryOperatorKind.EQ || op == BinaryOperatorKind.NE)) {
            return new Operand.Predicate(Sql.of("lower(" + quoted(column) + ")" + sqlOperator(op) + "lower(?)", value));
        }
        String sql = quoted(column) + sqlOperator(op) + "?";
        // ne keeps rows whose column is null, as Dataverse's "does not equal" does.
        return new Operand.Predicate(op == BinaryOperatorKind.NE
                ? Sql.of("(" + sql + " OR " + quoted(column) + " IS NULL)", value) : Sql.of(sql, value));
    }

    @Override
    public Operand visitUnaryOperator(UnaryOperatorKind operator, Operand operand) {
        if (operator == UnaryOperatorKind.NOT) {
            Sql inner = predicate(operand);
            return new Operand.Predicate(new Sql("NOT " + inner.text(), inner.params()));
        }
        if (operator == UnaryOperatorKind.MINUS && operand instanceof Operand.Literal literal) {
            return new Operand.Literal("-" + literal.text());
        }
        throw unsupported("The operator '" + operator + "'");
    }

    @Override
    public Operand visitMethodCall(MethodKind method, List<Operand> parameters) {
        String pattern = switch (method) {
            case CONTAINS -> "%%%s%%";
            case STARTSWITH -> "%s%%";
            case ENDSWITH -> "%%%s";
            default -> throw unsupported("The function '" + method.toString() + "'");
        };
        Operand.Column column = column(parameters.get(0), method.toString());
        if (column.type() != ColumnType.STRING) {
            throw DataverseError.QUERY_SYNTAX.withMessage(method + " needs a string column; '" + column.name()
                    + "' is " + column.type().edmType() + ".");
        }
        String text = (String) LiteralValues.convert(literal(parameters.get(1), method.toString()).text(),
                ColumnType.STRING, column.name());
        String escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return new Operand.Predicate(Sql.of(quoted(column) + " ILIKE ? ESCAPE '\\'", pattern.formatted(escaped)));
    }

    @Override
    public Operand visitLiteral(Literal literal) {
        return new Operand.Literal(literal.getText());
    }

    @Override
    public Operand visitMember(Member member) {
        List<UriResource> parts = member.getResourcePath().getUriResourceParts();
        if (parts.size() != 1 || !(parts.get(0) instanceof UriResourcePrimitiveProperty property)) {
            throw unsupported("Filtering through navigation properties or lambda operators");
        }
        return ColumnResolver.filterable(table, property.getProperty().getName());
    }

    @Override
    public Operand visitAlias(String aliasName) {
        String value = aliases.get(aliasName);
        if (value == null) {
            throw DataverseError.QUERY_SYNTAX.withMessage("The parameter alias '" + aliasName + "' has no value.");
        }
        return new Operand.Literal(value);
    }

    @Override
    public Operand visitLambdaExpression(String function, String variable, Expression expression) {
        throw unsupported("The lambda operator '" + function + "'");
    }

    @Override
    public Operand visitTypeLiteral(EdmType type) {
        throw unsupported("Type literals");
    }

    @Override
    public Operand visitLambdaReference(String variableName) {
        throw unsupported("Lambda variables");
    }

    @Override
    public Operand visitEnum(EdmEnumType type, List<String> enumValues) {
        throw unsupported("Enumeration literals");
    }

    private static Sql predicate(Operand operand) {
        if (operand instanceof Operand.Predicate predicate) {
            return predicate.sql();
        }
        if (operand instanceof Operand.Column column && column.type() == ColumnType.BOOLEAN) {
            return Sql.of(quoted(column) + " = TRUE");
        }
        throw DataverseError.QUERY_SYNTAX.withMessage("$filter must be a condition, such as statecode eq 0.");
    }

    private static Operand.Column column(Operand operand, String operator) {
        if (operand instanceof Operand.Column column) {
            return column;
        }
        throw DataverseError.QUERY_SYNTAX.withMessage("'" + operator + "' needs a column of the table on one side.");
    }

    private static Operand.Literal literal(Operand operand, String operator) {
        if (operand instanceof Operand.Literal literal) {
            return literal;
        }
        throw DataverseError.QUERY_SYNTAX.withMessage("'" + operator + "' needs a literal value.");
    }

    private static String quoted(Operand.Column column) {
        return "\"" + column.name() + "\"";
    }

    private static String sqlOperator(BinaryOperatorKind operator) {
        return switch (operator) {
            case EQ -> " = ";
            case NE -> " <> ";
            case GT -> " > ";
            case GE -> " >= ";
            case LT -> " < ";
            default -> " <= ";
        };
    }

    private static BinaryOperatorKind mirror(BinaryOperatorKind operator) {
        return switch (operator) {
            case GT -> BinaryOperatorKind.LT;
            case GE -> BinaryOperatorKind.LE;
            case LT -> BinaryOperatorKind.GT;
            case LE -> BinaryOperatorKind.GE;
            default -> operator;
        };
    }

    private static RuntimeException unsupported(String what) {
        return DataverseError.NOT_IMPLEMENTED.withMessage(what + " is not supported in $filter by this service.");
    }
}

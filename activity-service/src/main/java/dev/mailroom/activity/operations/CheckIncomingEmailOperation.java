package dev.mailroom.activity.operations;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.lifecycle.IncomingEmails;
import dev.mailroom.activity.odata.model.OperationDef;
import dev.mailroom.activity.odata.model.OperationDef.Parameter;

/**
 * {@code CheckIncomingEmail(MessageId=@m,Subject=@s,From=@f,To=@t,Cc=@c,Bcc=@b)}: would this message be tracked?
 * ReasonCode 0 yes, 1 it was delivered already, 2 it continues no known conversation and names no known record.
 */
@ApplicationScoped
public class CheckIncomingEmailOperation implements OperationHandler {

    private static final OperationDef DEFINITION = new OperationDef("CheckIncomingEmail",
            OperationDef.Kind.FUNCTION, null, IncomingMessageParameters.MESSAGE,
            List.of(new Parameter("ShouldDeliver", "Edm.Boolean", false),
                    new Parameter("ReasonCode", "Edm.Int32", false)));

    private final IncomingEmails incoming;

    public CheckIncomingEmailOperation(IncomingEmails incoming) {
        this.incoming = incoming;
    }

    @Override
    public OperationDef definition() {
        return DEFINITION;
    }

    @Override
    public Map<String, Object> invoke(UUID key, Map<String, Object> parameters) {
        Map<String, Object> values = new HashMap<>();
        parameters.forEach((name, literal) -> values.put(name, stringLiteral(name, (String) literal)));
        for (Parameter parameter : DEFINITION.parameters()) {
            if (!parameter.nullable() && values.get(parameter.name()) == null) {
                throw DataverseError.INVALID_ARGUMENT.withMessage("Required field '" + parameter.name()
                        + "' is missing for RequestName='CheckIncomingEmail'.");
            }
        }
        IncomingEmails.Verdict verdict = incoming.check(IncomingMessageParameters.read(values));
        return Map.of("ShouldDeliver", verdict.shouldDeliver(), "ReasonCode", verdict.reasonCode());
    }

    /** A function's string parameter as written in the URL: {@code 'text'} with {@code ''} for a quote, or null. */
    private static String stringLiteral(String name, String literal) {
        if (literal == null || literal.equals("null")) {
            return null;
        }
        if (literal.length() < 2 || !literal.startsWith("'") || !literal.endsWith("'")) {
            throw DataverseError.QUERY_SYNTAX.withMessage("The parameter '" + name + "' of CheckIncomingEmail must "
                    + "be a string literal in single quotes.");
        }
        return literal.substring(1, literal.length() - 1).replace("''", "'");
    }
}

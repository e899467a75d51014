package dev.mailroom.activity.operations;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mailroom.activity.lifecycle.TrackingTokens;
import dev.mailroom.activity.odata.model.OperationDef;
import dev.mailroom.activity.odata.model.OperationDef.Parameter;

/**
 * {@code GetTrackingTokenEmail}: a new tracking token from the organization's settings, for a client that sends
 * the email itself; null when tracking tokens are switched off.
 */
@ApplicationScoped
public class GetTrackingTokenEmailOperation implements OperationHandler {

    private static final OperationDef DEFINITION = new OperationDef("GetTrackingTokenEmail",
            OperationDef.Kind.ACTION, null, List.of(new Parameter("Subject", "Edm.String", true)),
            List.of(new Parameter("TrackingToken", "Edm.String", true)));

    private final TrackingTokens trackingTokens;

    public GetTrackingTokenEmailOperation(TrackingTokens trackingTokens) {
        this.trackingTokens = trackingTokens;
    }

    @Override
    public OperationDef definition() {
        return DEFINITION;
    }

    @Override
    @Transactional
    public Map<String, Object> invoke(UUID key, Map<String, Object> parameters) {
        return Collections.singletonMap("TrackingToken", trackingTokens.generate().orElse(null));
    }
}

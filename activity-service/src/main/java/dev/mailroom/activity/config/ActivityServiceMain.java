package dev.mailroom.activity.config;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts the service after one setting that only a system property can make: Quarkus's HTTP server refuses a URL
 * that {@code java.net.URI} cannot parse (bad percent-encoding, a raw {@code |}) with a bare 400 before any route
 * runs, unless {@code vertx.disableURIValidation} is set when its classes load. With it set, HttpRefusals makes the
 * same check and answers in Dataverse's error shape. (Tests set the property in the surefire configuration.)
 */
@QuarkusMain
public final class ActivityServiceMain {

    private ActivityServiceMain() {
    }

    public static void main(String... args) {
        System.setProperty("vertx.disableURIValidation", "true");
        Quarkus.run(args);
    }
}

package dev.mailroom.localstack;

import java.util.Map;

/** One embedded server of the local stack: started once, described by its addresses, stopped once. */
interface StackComponent extends AutoCloseable {

    /** Starts the server and blocks until it accepts connections. */
    void start() throws Exception;

    /** The addresses clients need, as {@link StackAddresses} keys. */
    Map<String, String> addresses();

    @Override
    void close() throws Exception;
}

package io.salvo.perf;

import java.io.IOException;

/**
 * The test cannot go on because of an endpoint, not a flaw in the measurement: an address that
 * does not parse or resolve, a port in use, nothing listening, a peer that went away or does not
 * speak the protocol. salvo-perf prints its message on one line and exits with code 2.
 */
final class EndpointException extends IOException {

    EndpointException(String message) {
        super(message);
    }

    EndpointException(String message, Throwable cause) {
        super(message, cause);
    }
}

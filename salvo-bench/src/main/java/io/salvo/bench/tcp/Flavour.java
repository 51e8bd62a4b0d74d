package io.salvo.bench.tcp;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How a side waits for bytes: {@link #SPIN} retries non-blocking reads, {@link #BLOCK} sleeps in the kernel. */
public enum Flavour {
    SPIN,
    BLOCK;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

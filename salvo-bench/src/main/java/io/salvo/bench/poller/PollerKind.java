package io.salvo.bench.poller;

/** The pollers the benchmark can drive. */
enum PollerKind {
    /** {@code io.salvo.loop.Poller} as built. */
    CURRENT("current"),
    /** The Poller before issue 16, {@link LegacyPoller}. */
    LEGACY("legacy"),
    /** No poller: the same work in C ({@link CBaseline}), the kernel's floor. */
    C("c");

    final String label;

    PollerKind(String label) {
        this.label = label;
    }

    static PollerKind byLabel(String label) {
        for (PollerKind k : values()) {
            if (k.label.equals(label)) {
                return k;
            }
        }
        throw new IllegalArgumentException(label);
    }
}

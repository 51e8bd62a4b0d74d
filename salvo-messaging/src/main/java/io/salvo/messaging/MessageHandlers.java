package io.salvo.messaging;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/** Ready-made {@link MessageHandler}s. A plain lambda {@code (from, message) -> ...} is one too. */
public final class MessageHandlers {
    private MessageHandlers() {
    }

    /** Logs each message ({@code toString}) and each close at {@code level}; allocates the log line only when it is enabled. */
    public static <T> MessageHandler<T> logging(System.Logger logger, System.Logger.Level level) {
        Objects.requireNonNull(logger, "logger");
        Objects.requireNonNull(level, "level");
        return new MessageHandler<>() {
            @Override
            public void onMessage(Clt<T> from, T message) {
                if (logger.isLoggable(level)) {
                    logger.log(level, from.name() + " <- " + message);
                }
            }

            @Override
            public void onClose(Clt<T> connection, ConnectionClosedException cause) {
                logger.log(level, connection.name() + " closed: " + cause.getMessage());
            }
        };
    }

    /** Counts messages and closes; thread-safe to read from anywhere. */
    public static <T> Counting<T> counting() {
        return new Counting<>();
    }

    /** Calls each handler in turn for every message and every close; the first to throw stops the chain. */
    @SafeVarargs
    public static <T> MessageHandler<T> chain(MessageHandler<T>... handlers) {
        List<MessageHandler<T>> all = List.of(handlers);
        return new MessageHandler<>() {
            @Override
            public void onMessage(Clt<T> from, T message) throws Exception {
                for (MessageHandler<T> h : all) {
                    h.onMessage(from, message);
                }
            }

            @Override
            public void onClose(Clt<T> connection, ConnectionClosedException cause) {
                for (MessageHandler<T> h : all) {
                    h.onClose(connection, cause);
                }
            }
        };
    }

    /** A handler that counts; {@link #messages()} and {@link #closes()} may be read from any thread. */
    public static final class Counting<T> implements MessageHandler<T> {
        private final LongAdder messages = new LongAdder();
        private final LongAdder closes = new LongAdder();

        private Counting() {
        }

        @Override
        public void onMessage(Clt<T> from, T message) {
            messages.increment();
        }

        @Override
        public void onClose(Clt<T> connection, ConnectionClosedException cause) {
            closes.increment();
        }

        public long messages() {
            return messages.sum();
        }

        public long closes() {
            return closes.sum();
        }
    }
}

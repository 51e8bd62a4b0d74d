package io.salvo.perf;

import io.salvo.perf.stream.StreamIdle;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converter for {@code --idle}: spin or block, in any case. */
final class IdleConverter implements ITypeConverter<StreamIdle> {
    @Override
    public StreamIdle convert(String value) {
        StreamIdle idle = StreamIdle.parse(value);
        if (idle == null) {
            throw new TypeConversionException("expected spin or block, got '" + value + "'");
        }
        return idle;
    }
}

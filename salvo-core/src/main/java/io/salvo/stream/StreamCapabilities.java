package io.salvo.stream;

/**
 * What a stream transport can do.
 *
 * @param kind          {@code native-tcp}, {@code nio-tcp}, {@code native-unix-stream}
 * @param nativeIo      read and write go straight to the kernel through FFM (no JDK channel)
 * @param vectoredIo    scatter/gather reads and writes are one system call ({@code readv}/{@code sendmsg})
 * @param moreFlag      {@code write(..., more)} reaches the kernel as {@code MSG_MORE}
 */
public record StreamCapabilities(String kind, boolean nativeIo, boolean vectoredIo, boolean moreFlag) {
}

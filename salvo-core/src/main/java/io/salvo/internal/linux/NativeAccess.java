package io.salvo.internal.linux;

import java.util.Locale;

/**
 * Decides once whether Salvo may call the kernel directly: the OS must be Linux on x86_64 or
 * aarch64 (the layouts are for 64-bit Linux), this module must have native access, and libc must
 * link. When any is missing, transports fall back to NIO and {@link #unavailableReason()} says why.
 */
public final class NativeAccess {
    private NativeAccess() {
    }

    /** The flag that grants native access, for messages. */
    public static final String FLAG = "--enable-native-access=" + moduleNameForFlag();

    private static final String REASON = probe();

    /** True when the native transports can be used. */
    public static boolean isAvailable() {
        return REASON == null;
    }

    /** Why the native transports cannot be used, or null when they can. */
    public static String unavailableReason() {
        return REASON;
    }

    private static String moduleNameForFlag() {
        Module m = NativeAccess.class.getModule();
        return m.isNamed() ? m.getName() : "ALL-UNNAMED";
    }

    private static String probe() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return "native transports need Linux, this is " + System.getProperty("os.name");
        }
        if (!(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))) {
            return "native transports need a 64-bit x86 or ARM Linux, this is " + arch;
        }
        if (!NativeAccess.class.getModule().isNativeAccessEnabled()) {
            return "native access is not enabled for " + moduleNameForFlag() + "; start the JVM with " + FLAG;
        }
        try {
            LibC.strerror(0);
            return null;
        } catch (Throwable t) {
            return "libc could not be linked: " + t;
        }
    }
}

package io.salvo.modulecheck;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Salvo as a named module: with {@code --enable-native-access=io.salvo.core} the native transport
 * is used; without it, the fallback names exactly that flag. Runs child JVMs with the compiled
 * module (target/classes) on the module path.
 */
class ModulePathTest {

    private static String run(boolean grantNativeAccess) throws IOException, InterruptedException {
        Path module = Path.of("target", "classes").toAbsolutePath();
        Path tests = Path.of("target", "test-classes").toAbsolutePath();
        assertThat(Files.exists(module.resolve("module-info.class"))).isTrue();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", module.toString(), "--add-modules", "io.salvo.core"));
        if (grantNativeAccess) {
            command.add("--enable-native-access=io.salvo.core");
        }
        command.addAll(List.of("-cp", tests.toString(), ModulePathMain.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void withNativeAccessForTheModuleTheNativeTransportIsUsed() throws Exception {
        assertThat(run(true)).contains("module=io.salvo.core kind=native-udp got=7");
    }

    @Test
    void withoutItTheFallbackNamesTheModuleFlag() throws Exception {
        String out = run(false);
        assertThat(out).contains("module=io.salvo.core kind=nio-udp got=7");
        assertThat(out).contains("--enable-native-access=io.salvo.core");
    }
}

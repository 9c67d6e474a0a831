package dev.pixelprep.fuzz;

import java.io.PrintWriter;
import java.lang.reflect.Method;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * Runs one fuzz target ({@code Class#method}, class relative to this package) in this JVM through the JUnit
 * Platform, so that {@code scripts/fuzz.sh} can give each target its own JVM, heap and time without a Maven run per
 * target. Exit status 0 when the target passed (no finding), 1 otherwise. Jazzer reads its settings
 * ({@code JAZZER_FUZZ}, {@code jazzer.max_duration}, …) from the environment and system properties as usual.
 */
public final class RunFuzzTarget {
    private RunFuzzTarget() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !args[0].contains("#")) {
            System.err.println("usage: RunFuzzTarget Class#method");
            System.exit(2);
        }
        String[] parts = args[0].split("#", 2);
        String className = parts[0].contains(".") ? parts[0] : RunFuzzTarget.class.getPackageName() + "." + parts[0];
        Class<?> c = Class.forName(className);
        Method target = null;
        for (Method m : c.getDeclaredMethods()) {
            if (m.getName().equals(parts[1])) {
                target = m;
            }
        }
        if (target == null) {
            System.err.println("no method " + parts[1] + " in " + className);
            System.exit(2);
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectMethod(c, target)).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        summary.printTo(new PrintWriter(System.err, true));
        summary.printFailuresTo(new PrintWriter(System.err, true), 40);
        System.exit(summary.getTotalFailureCount() == 0 && summary.getTestsSucceededCount() > 0 ? 0 : 1);
    }
}

package dev.chatsocket.health;

import jakarta.servlet.ServletContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The named checks that decide whether this application is ready for traffic, one registry per
 * application. Any part of it adds its own (the WebSocket layer adds {@code shutdown}; a
 * shared backend would add its connection), and {@code /health} runs them all.
 */
public final class HealthChecks {
    private static final String ATTRIBUTE = HealthChecks.class.getName();

    /** One check: its name, and what is wrong right now, if anything. */
    private record Check(String name, Supplier<Optional<String>> problem) {
    }

    private final List<Check> checks = new CopyOnWriteArrayList<>();

    /** The application's registry, created by the first part that asks. */
    public static HealthChecks of(ServletContext context) {
        synchronized (context) {
            HealthChecks registry = (HealthChecks) context.getAttribute(ATTRIBUTE);
            if (registry == null) {
                registry = new HealthChecks();
                context.setAttribute(ATTRIBUTE, registry);
            }
            return registry;
        }
    }

    /**
     * Adds a check; {@code problem} answers a short reason such as {@code stopping} when the
     * application should not get traffic, empty when all is well. It must be cheap and must not
     * block: load balancers call {@code /health} often.
     */
    public void add(String name, Supplier<Optional<String>> problem) {
        checks.add(new Check(name, problem));
    }

    /** Runs every check, in the order they were added: name to its problem, if any. */
    public HealthReport run() {
        List<Map.Entry<String, Optional<String>>> results = new ArrayList<>();
        for (Check check : checks) {
            results.add(Map.entry(check.name(), check.problem().get()));
        }
        return new HealthReport(results);
    }
}

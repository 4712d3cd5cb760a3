package dev.chatsocket.history;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The child JVM of {@link H2HistoryStoreTest#everyAckedMessageSurvivesTheProcessBeingHalted}: appends
 * to an H2 store in {@code args[0]} until told how many, prints the id of each ack, and halts the
 * JVM with appends still in flight, without closing anything (as SIGKILL would end it).
 */
public final class HaltedWriter {
    public static void main(String[] args) {
        int messages = Integer.parseInt(args[1]);
        HistoryStore store = HistoryStore.open(new HistorySettings(new HistorySettings.Embedded(Path.of(args[0])), 2, 100_000,
                Retention.KEEP_EVERYTHING, new DedupeWindow(Duration.ofMinutes(10), 10_000)));
        List<CompletableFuture<Appended>> appends = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            appends.add(store.append("lobby", new NewMessage("u1", "Ann", "message " + i, System.currentTimeMillis(), null))
                    .whenComplete((appended, failure) -> {
                        if (appended != null) {
                            System.out.println("acked " + appended.id());
                        }
                    }));
            if (i == messages / 2) {
                appends.get(i).join(); // half of them acked for sure, the rest racing the halt
            }
        }
        System.out.flush();
        Runtime.getRuntime().halt(9);
    }
}

package org.coopcloud.ccci.harness.admission;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The host's fair queue for memory, in a directory beside the app locks ({@code <lock dir>/admission}):
 * a run takes a ticket ({@code queue/<micros>-<run id>}, held under its flock), waits until every
 * ticket before its own is gone, then, first in line, is admitted when its need fits what the host
 * has free, and holds a grant ({@code granted/<run id>.json}: its need and stack) until it ends.
 * First come, first served: only the first in line is ever admitted, so a small run never overtakes
 * a large one that came first. A dead run's ticket or grant is nobody's flock and is reaped by the
 * next look. Nothing here polls a race: order comes from the ticket names, liveness from the kernel.
 */
final class AdmissionQueue {
    /** A run's claim on the host's memory. */
    record Claim(String runId, String recipe, String stack, long needBytes) {
    }

    /** What the host can give a new claim now, given the claims already granted. */
    interface Budget {
        long free(List<Claim> granted) throws IOException, InterruptedException;
    }

    /** Told while a run waits: how many live tickets are ahead, and the free memory when it is first in line (-1 otherwise). */
    interface Waiting {
        void waiting(int ahead, long freeBytes) throws InterruptedException;
    }

    private final Path queue;
    private final Path granted;

    AdmissionQueue(Path directory) throws IOException {
        this.queue = Files.createDirectories(directory.resolve("queue"));
        this.granted = Files.createDirectories(directory.resolve("granted"));
    }

    /**
     * Waits for the run's turn and for its need to fit, then returns its grant (close it when the run
     * ends). When no other run holds a grant, the claim is admitted whatever the budget says: waiting
     * would never end, and the run is told so by {@code admittedAlone}.
     */
    HeldFile admit(Claim claim, Budget budget, Waiting listener, long pollMillis) throws IOException, InterruptedException {
        String ticketName = String.format("%019d-%s", micros(Instant.now()), claim.runId());
        try (HeldFile ticket = HeldFile.create(queue.resolve(ticketName), "")) {
            while (true) {
                int ahead = liveAhead(ticketName);
                long free = -1;
                if (ahead == 0) {
                    List<Claim> claims = grantedClaims();
                    free = budget.free(claims);
                    if (claim.needBytes() <= free || claims.isEmpty()) {
                        // The grant exists before the ticket goes: the next in line always sees one of them.
                        return HeldFile.create(granted.resolve(claim.runId() + ".json"), JSON.std.asString(Map.of(
                                "run_id", claim.runId(), "recipe", claim.recipe(), "stack", claim.stack(), "need_bytes", claim.needBytes())));
                    }
                }
                listener.waiting(ahead, free);
                Thread.sleep(pollMillis);
            }
        }
    }

    /** The live grants (dead runs' are reaped on the way). */
    List<Claim> grantedClaims() throws IOException {
        List<Claim> claims = new ArrayList<>();
        for (Path file : list(granted)) {
            String content;
            try {
                content = Files.readString(file);
            } catch (IOException e) {
                continue; // removed meanwhile
            }
            if (!HeldFile.reapIfDead(file)) {
                continue;
            }
            try {
                Map<String, Object> map = JSON.std.mapFrom(content);
                claims.add(new Claim(String.valueOf(map.get("run_id")), String.valueOf(map.get("recipe")), String.valueOf(map.get("stack")),
                        ((Number) map.get("need_bytes")).longValue()));
            } catch (IOException | RuntimeException e) {
                // A grant that does not parse still holds its memory somewhere: count it at the default need.
                claims.add(new Claim(file.getFileName().toString(), "?", "", AdmissionSettings.DEFAULT_NEED_BYTES));
            }
        }
        return claims;
    }

    private int liveAhead(String mine) throws IOException {
        int ahead = 0;
        for (Path ticket : list(queue)) {
            String name = ticket.getFileName().toString();
            if (name.compareTo(mine) < 0 && HeldFile.reapIfDead(ticket)) {
                ahead++;
            }
        }
        return ahead;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}

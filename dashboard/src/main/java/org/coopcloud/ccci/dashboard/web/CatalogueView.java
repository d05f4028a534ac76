package org.coopcloud.ccci.dashboard.web;

import java.time.Instant;
import java.util.List;
import org.coopcloud.ccci.dashboard.runs.RunCatalog;

/** The catalogue page ({@code /catalogue}): every recipe's main level, trend and last scheduled run, worst first. */
public final class CatalogueView {
    private CatalogueView() {
    }

    /**
     * @param tone      the badge's colour class (l0..l4, infra, aborted, unknown)
     * @param trend     "up", "down", "same" or ""
     * @param scheduled when the last scheduled run started, or "never" when no nightly run reached it
     */
    public record Row(String recipe, String levelText, String tone, String runId, String trend, String trendText,
            String scheduled, String scheduledAgo, String flaky) {
    }

    public record Page(List<Row> rows) {
    }

    public static Page of(RunCatalog catalog, Instant now) {
        return new Page(catalog.catalogue().stream().map(e -> {
            String verdict = e.verdict().orElse("");
            String text = e.level().map(l -> "level " + l).orElse(verdict.equals("infrastructure-error") ? "infra error"
                    : verdict.equals("aborted") ? "aborted" : e.runId().isPresent() ? "no level" : "no main run");
            String tone = e.level().map(l -> "l" + Math.max(0, Math.min(l, 4))).orElse(verdict.equals("infrastructure-error")
                    ? "infra" : verdict.equals("aborted") ? "aborted" : "unknown");
            String trend = e.trend().orElse("");
            String trendText = switch (trend) {
                case "up" -> "↑ from level " + e.previousLevel().orElse(0);
                case "down" -> "↓ from level " + e.previousLevel().orElse(0);
                case "same" -> "= as before";
                default -> "";
            };
            return new Row(e.recipe(), text, tone, e.runId().orElse(""), trend, trendText,
                    e.lastScheduledAt().map(Format::when).orElse("never"),
                    e.lastScheduledAt().map(t -> Format.ago(t, now)).orElse(""),
                    e.flaky().entrySet().stream().map(f -> f.getKey().id() + " (" + f.getValue() + (f.getValue() == 1 ? " commit)" : " commits)"))
                            .collect(java.util.stream.Collectors.joining(", ")));
        }).toList());
    }
}

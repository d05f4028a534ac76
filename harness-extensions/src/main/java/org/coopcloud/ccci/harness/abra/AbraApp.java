package org.coopcloud.ccci.harness.abra;

/** One app as {@code abra app ls --machine} lists it (all values are strings there). */
public record AbraApp(String server, String recipe, String domain, String status, String version, boolean chaos) {
}

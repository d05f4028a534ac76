package org.coopcloud.ccci.engine.config;

import java.util.List;

/** One or more run inputs failed validation; the message names every bad field. */
public final class InvalidInputException extends RuntimeException {
    private final List<String> problems;

    public InvalidInputException(List<String> problems) {
        super("Invalid run input: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}

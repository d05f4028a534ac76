package org.coopcloud.ccci.engine.api;

import java.util.Optional;
import java.util.Set;

/**
 * The validated inputs of one run. Built by the engine from configuration and selectors; every
 * field has passed validation (see {@code RunSpecParser}).
 *
 * @param recipe the recipe's name, {@code [a-z0-9][a-z0-9-]*}
 * @param ref    the commit or git ref under test; empty means the recipe's default branch head
 * @param pr     the pull request number, when the run was triggered from one
 * @param src    the repository the PR comes from, {@code owner/repo}
 * @param stages the rungs to climb; every stage when none were given
 * @param quick  {@code !testme --quick}: skip the slow rungs the harness marks as such
 */
public record RunSpec(String recipe, Optional<String> ref, Optional<Integer> pr, Optional<String> src,
        Set<Stage> stages, boolean quick) {

    public RunSpec {
        stages = Set.copyOf(stages);
    }

}

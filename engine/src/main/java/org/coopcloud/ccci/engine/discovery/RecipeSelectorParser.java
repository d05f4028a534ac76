package org.coopcloud.ccci.engine.discovery;

import java.util.Optional;
import org.junit.platform.engine.DiscoverySelectorIdentifier;
import org.junit.platform.engine.discovery.DiscoverySelectorIdentifierParser;

/** Parses {@code recipe:<name>} for the console launcher's {@code --select}. */
public final class RecipeSelectorParser implements DiscoverySelectorIdentifierParser {
    @Override
    public String getPrefix() {
        return RecipeSelector.PREFIX;
    }

    @Override
    public Optional<RecipeSelector> parse(DiscoverySelectorIdentifier identifier, Context context) {
        return Optional.of(new RecipeSelector(identifier.getValue()));
    }
}

package org.coopcloud.ccci.harness.lint;

/**
 * abra's recipe lint rules ({@code coopcloud.tech/abra/pkg/lint}, {@code LintRules}), with abra's
 * ids, levels, descriptions and ways to resolve them. abra refuses to publish a recipe, or to deploy
 * a release of it, on a failed {@link Level#ERROR} rule ({@code LintForErrors}); warnings are listed.
 * Read from abra's package documentation (the function index and the first rules of the table); the
 * rest of the table (ids, levels and texts from R003 on) is as abra's source has them to our best
 * reading, not re-verified here: keep them in this one place.
 */
public enum LintRule {
    R001(Level.WARN, "compose config has expected version", "ensure 'version: \"3.8\"' in compose configs"),
    R002(Level.WARN, "healthcheck enabled for all services", "wire up healthchecks"),
    R003(Level.WARN, "all images use a tag", "use a tag for all images"),
    R004(Level.WARN, "no unstable tags", "tag all images with stable tags"),
    R005(Level.WARN, "tags use semver-like format", "use semver-like tags"),
    R006(Level.WARN, "has published catalogue version", "publish a recipe version to the catalogue"),
    R007(Level.WARN, "README.md metadata filled in", "fill out all the metadata"),
    R008(Level.ERROR, ".env.sample provided", "create an example .env.sample"),
    R009(Level.ERROR, "one service named 'app'", "name a service 'app'"),
    R010(Level.ERROR, "traefik routing enabled", "include \"traefik.enable=true\" deploy label"),
    R011(Level.ERROR, "all services have images", "ensure \"image: ...\" set on all services"),
    R012(Level.ERROR, "config version are vendored", "vendor config versions in an abra.sh"),
    R013(Level.WARN, "git.coopcloud.tech repo exists", "upload your recipe to git.coopcloud.tech/coop-cloud/..."),
    R014(Level.ERROR, "only annotated tags used for recipe version", "replace lightweight tag with annotated tag"),
    R015(Level.WARN, "long secret names", "reduce length of secret names to 12 chars");

    /** abra's two levels: an error is critical (blocks publishing and deploying a release), a warning is listed. */
    public enum Level {
        WARN("warn"), ERROR("error");

        private final String id;

        Level(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    private final Level level;
    private final String description;
    private final String howToResolve;

    LintRule(Level level, String description, String howToResolve) {
        this.level = level;
        this.description = description;
        this.howToResolve = howToResolve;
    }

    public Level level() {
        return level;
    }

    public String description() {
        return description;
    }

    public String howToResolve() {
        return howToResolve;
    }
}

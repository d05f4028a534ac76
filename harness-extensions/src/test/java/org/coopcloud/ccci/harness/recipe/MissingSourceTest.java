package org.coopcloud.ccci.harness.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What git and abra say when the user named something that does not exist, apart from a host that did not answer. */
class MissingSourceTest {

    @Test
    void aMissingRefRepositoryOrRecipeIsTheUsers() {
        assertThat(MissingSource.says("could not fetch x: git exited 128: fatal: couldn't find remote ref no-such-branch")).isTrue();
        assertThat(MissingSource.says("remote: Not found.\nfatal: repository 'https://git.example/a/b.git/' not found")).isTrue();
        assertThat(MissingSource.says("fatal: '/srv/none.git' does not appear to be a git repository")).isTrue();
        assertThat(MissingSource.says("abra could not fetch the recipe demo-nope: error: recipe 'demo-nope' is not in the catalogue"))
                .isTrue();
    }

    @Test
    void aHostThatDoesNotAnswerStaysAnInfrastructureError() {
        assertThat(MissingSource.says("fatal: unable to access 'https://git.example/a/b.git/': Could not resolve host: git.example"))
                .isFalse();
        assertThat(MissingSource.says("fatal: unable to access 'https://git.example/': Failed to connect to git.example port 443"))
                .isFalse();
        assertThat(MissingSource.says("fatal: unable to access '...': The requested URL returned error: 502; repository not found"))
                .isFalse();
        assertThat(MissingSource.says("git exited 128: fatal: early EOF")).isFalse();
    }
}

package dev.outpost.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The public lists' test corpora under src/test/resources/dev/outpost/lists (see scripts/refresh-lists.sh). */
public final class PublicLists {

    private PublicLists() {
    }

    /** The file's lines, blank and '#' comment lines left out. */
    public static List<String> lines(String name) {
        try (InputStream in = PublicLists.class.getResourceAsStream("/dev/outpost/lists/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

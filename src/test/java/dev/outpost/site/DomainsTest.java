package dev.outpost.site;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DomainsTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", textBlock = """
            example.com,                         example.com
            WWW.Example.COM,                     example.com
            https://www.example.com/blog?x=1,    example.com
            http://example.com:8080,             example.com
            example.com.,                        example.com
            blog.example.co.uk,                  blog.example.co.uk
            münchen.example,                     xn--mnchen-3ya.example
            user@example.com,                    example.com
            '',                                  null
            https://,                            null
            """)
    void normalisesHosts(String raw, String expected) {
        assertThat(Domains.normalise(raw)).isEqualTo(expected);
    }
}

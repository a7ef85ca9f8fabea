package dev.outpost.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StoredTextTest {
    static Stream<Arguments> texts() {
        return Stream.of(
                Arguments.of("NUL, from %00", "/a\0b", "/ab"),
                Arguments.of("CR LF, from %0D%0A", "x\r\ny", "xy"),
                Arguments.of("tab and DEL", "a\tb\u007Fc", "abc"),
                Arguments.of("a C1 control, from %C2%85", "\u0085launch", "launch"),
                Arguments.of("a lone high surrogate", "a\uD83Db", "ab"),
                Arguments.of("a lone low surrogate first", "\uDE00b", "b"),
                Arguments.of("an emoji stays", "hi \uD83D\uDE00", "hi \uD83D\uDE00"),
                Arguments.of("accents and CJK stay", "café 東京", "café 東京"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void removesControlCharactersAndLoneSurrogatesOnly(String why, String raw, String stored) {
        assertThat(StoredText.clean(raw)).isEqualTo(stored);
    }

    @Test
    void cleanTextIsTheSameInstance() {
        String s = "/pricing?plan=pro";
        assertThat(StoredText.clean(s)).isSameAs(s);
    }
}

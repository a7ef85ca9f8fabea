package dev.outpost.access;

import static dev.outpost.access.AccessTesting.form;
import static dev.outpost.access.AccessTesting.preLogin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outpost.support.TestOutpost;
import dev.outpost.support.TestOutpost.Browser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code user reset-password}: the owner's way back in when locked out of their own server. */
class UserCommandsTest {
    @RegisterExtension
    static TestOutpost outpost = new TestOutpost();

    private static String user(int expected, String... args) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = KeyCommands.user(List.of(args), outpost.config(outpost.jdbcUrl()), new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isEqualTo(expected);
        return out;
    }

    @Test
    void resetPasswordSetsTheNewOneAndEndsSessions() throws Exception {
        Browser before = outpost.signedIn();
        assertThat(before.get("/settings").status()).isEqualTo(200);

        assertThat(user(0, "reset-password", "--email", "Owner@Example.com", "--password", "a brand new password"))
                .isEqualTo("password of owner@example.com changed; their sessions are ended\n");
        assertThat(before.get("/settings").status()).as("old session ended").isEqualTo(303);
        assertThat(preLogin(outpost, "/login", form("email", TestOutpost.OWNER_EMAIL, "password", TestOutpost.OWNER_PASSWORD)).status())
                .isEqualTo(401);
        assertThat(preLogin(outpost, "/login", form("email", TestOutpost.OWNER_EMAIL, "password", "a brand new password")).status())
                .isEqualTo(303);
    }

    @Test
    void resetPasswordRefusesShortPasswordsAndUnknownUsers() throws Exception {
        assertThatThrownBy(() -> user(0, "reset-password", "--email", "owner@example.com", "--password", "short"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("password: must be at least 10 characters");
        assertThat(user(1, "reset-password", "--email", "nobody@example.com", "--password", "long enough password"))
                .isEqualTo("no user 'nobody@example.com'\n");
        assertThat(user(2, "reset-password", "--email", "x@example.com")).contains("user reset-password --email EMAIL --password PASSWORD");
        assertThatThrownBy(() -> user(0, "reset-password", "--mail", "x@example.com", "--password", "long enough password"))
                .hasMessage("unknown option --mail");
    }
}

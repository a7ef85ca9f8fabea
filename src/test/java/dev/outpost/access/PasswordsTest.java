package dev.outpost.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordsTest {
    @Test
    void hashesNameTheirAlgorithmAndWorkFactorAndVerify() {
        String h = Passwords.hash("correct horse battery");
        assertThat(h).matches("pbkdf2-sha256\\$600000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(Passwords.verify("correct horse battery", h)).isTrue();
        assertThat(Passwords.verify("correct horse batterY", h)).isFalse();
        assertThat(Passwords.outdated(h)).isFalse();
    }

    @Test
    void eachHashHasItsOwnSalt() {
        assertThat(Passwords.hash("same password")).isNotEqualTo(Passwords.hash("same password"));
    }

    @Test
    void olderWorkFactorsStillVerifyAndAreMarkedOutdated() {
        // pbkdf2-sha256, 1000 iterations, salt "0123456789abcdef", password "old password": made with the same JDK call.
        String old = "pbkdf2-sha256$1000$MDEyMzQ1Njc4OWFiY2RlZg$" + java.util.Base64.getEncoder().withoutPadding().encodeToString(
                pbkdf2("old password", "0123456789abcdef".getBytes(), 1000));
        assertThat(Passwords.verify("old password", old)).isTrue();
        assertThat(Passwords.outdated(old)).isTrue();
    }

    @Test
    void malformedStoredStringsNeverVerify() {
        for (String bad : new String[] {"", "plain", "bcrypt$10$x$y", "pbkdf2-sha256$abc$x$y", "pbkdf2-sha256$1000$!!$??",
                "pbkdf2-sha256$0$MDEy$MDEy"}) {
            assertThat(Passwords.verify("whatever password", bad)).as(bad).isFalse();
        }
        assertThat(Passwords.verify(null, Passwords.hash("x".repeat(10)))).isFalse();
    }

    @Test
    void passwordsNeedTenCharacters() {
        assertThat(Passwords.problem("123456789")).isEqualTo("password: must be at least 10 characters");
        assertThat(Passwords.problem("")).isEqualTo("password: is required");
        assertThat(Passwords.problem("1234567890")).isNull();
        assertThat(Passwords.problem("x".repeat(1001))).isEqualTo("password: must be at most 1000 characters");
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            return javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new javax.crypto.spec.PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

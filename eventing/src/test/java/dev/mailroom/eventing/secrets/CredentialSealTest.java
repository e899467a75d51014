package dev.mailroom.eventing.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class CredentialSealTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString("another key of thirty-two bytes!"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    private final CredentialSeal seal = new CredentialSeal(Optional.of(KEY));

    @Test
    void shouldOpenWhatItSealedWithoutShowingTheSecret() {
        String sealed = seal.seal("p@ssw0rd é");

        assertTrue(CredentialSeal.isSealed(sealed));
        assertFalse(sealed.contains("p@ssw0rd"));
        assertEquals("p@ssw0rd é", seal.open(sealed));
    }

    @Test
    void shouldSealTheSameSecretDifferentlyEachTime() {
        assertNotEquals(seal.seal("secret"), seal.seal("secret"));
    }

    @Test
    void shouldNotSealTwiceAndKeepNull() {
        String sealed = seal.seal("secret");
        assertEquals(sealed, seal.seal(sealed));
        assertNull(seal.seal(null));
        assertNull(seal.open(null));
    }

    @Test
    void shouldRefuseAValueSealedUnderAnotherKeyOrAltered() {
        String sealed = seal.seal("secret");
        CredentialSeal other = new CredentialSeal(Optional.of(OTHER_KEY));
        assertThrows(IllegalArgumentException.class, () -> other.open(sealed));
        // One bit of the ciphertext flipped (in the bytes: a Base64 character may differ only in unused bits).
        byte[] bytes = Base64.getDecoder().decode(sealed.substring(CredentialSeal.PREFIX.length()));
        bytes[bytes.length / 2] ^= 1;
        String altered = CredentialSeal.PREFIX + Base64.getEncoder().encodeToString(bytes);
        assertThrows(IllegalArgumentException.class, () -> seal.open(altered));
        assertThrows(IllegalArgumentException.class, () -> seal.open("clear text"));
    }

    @Test
    void shouldRefuseToWorkWithoutAKeyOrWithAShortOne() {
        CredentialSeal keyless = new CredentialSeal(Optional.empty());
        assertThrows(IllegalStateException.class, () -> keyless.seal("secret"));
        assertThrows(IllegalArgumentException.class,
                () -> new CredentialSeal(Optional.of(Base64.getEncoder().encodeToString(new byte[16]))));
    }
}

package dev.mailroom.eventing.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DeclaredLengthTest {

    @Test
    void shouldReadTheDeclaredLength() {
        assertEquals(0, DeclaredLength.of("0"));
        assertEquals(1_048_576, DeclaredLength.of("1048576"));
        assertEquals(10_737_418_240L, DeclaredLength.of(" 10737418240 "), "beyond an int, padded");
    }

    @Test
    void shouldAnswerUnknownWithoutAReadableLength() {
        assertEquals(DeclaredLength.UNKNOWN, DeclaredLength.of(null), "no header: a chunked body");
        assertEquals(DeclaredLength.UNKNOWN, DeclaredLength.of(""));
        assertEquals(DeclaredLength.UNKNOWN, DeclaredLength.of("12abc"));
        assertEquals(DeclaredLength.UNKNOWN, DeclaredLength.of("99999999999999999999"), "over a long");
    }
}

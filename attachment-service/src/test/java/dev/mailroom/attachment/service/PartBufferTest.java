package dev.mailroom.attachment.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Reading a body part by part into two arrays in turn, and keeping part-sized arrays between uploads. */
class PartBufferTest {

    private static final int PART = 8;

    @Test
    void shouldReadEachPartIntoTheOtherArraySoThePartBeforeStaysIntactWhileItIsSent() throws IOException {
        byte[] body = bytes(20);
        PartBuffer buffer = new PartBuffer(body.length, new PartArrays(PART));
        InputStream in = new ByteArrayInputStream(body);

        assertTrue(buffer.next(in));
        byte[] first = buffer.data();
        assertEquals(PART, buffer.length());
        assertFalse(buffer.ended(), "a full part is followed by more");

        assertTrue(buffer.next(in));
        byte[] second = buffer.data();
        assertNotSame(first, second, "the second part is read into the other array");
        assertArrayEquals(Arrays.copyOfRange(body, 0, PART), Arrays.copyOf(first, PART),
                "the first part, perhaps still on its way to S3, was not overwritten");
        assertArrayEquals(Arrays.copyOfRange(body, PART, 2 * PART), Arrays.copyOf(second, PART));

        assertTrue(buffer.next(in));
        assertSame(first, buffer.data(), "the first array, free again, takes the third part");
        assertEquals(4, buffer.length());
        assertTrue(buffer.ended());
        assertArrayEquals(Arrays.copyOfRange(body, 2 * PART, 20), Arrays.copyOf(buffer.data(), 4));
    }

    @Test
    void shouldHoldABodyOfOnePartInOneArrayOfItsDeclaredLength() throws IOException {
        PartBuffer buffer = new PartBuffer(5, new PartArrays(PART));

        assertTrue(buffer.next(new ByteArrayInputStream(bytes(5))));

        assertTrue(buffer.ended());
        assertEquals(5, buffer.length());
        assertEquals(5, buffer.data().length, "no part-sized array for a small body");
    }

    @Test
    void shouldGiveItsPartSizedArraysToTheNextUpload() throws IOException {
        PartArrays pool = new PartArrays(PART);
        PartBuffer first = new PartBuffer(20, pool);
        InputStream in = new ByteArrayInputStream(bytes(20));
        first.next(in);
        byte[] a = first.data();
        first.next(in);
        byte[] b = first.data();
        first.release();
        assertEquals(2, pool.keptCount());

        PartBuffer next = new PartBuffer(20, pool);
        next.next(new ByteArrayInputStream(bytes(20)));

        assertTrue(next.data() == a || next.data() == b, "the next upload reads into a kept array");
        assertEquals(1, pool.keptCount());
    }

    @Test
    void shouldKeepAtMostTwoArraysAndOnlyPartSizedOnes() {
        PartArrays pool = new PartArrays(PART);

        pool.giveBack(new byte[PART - 1]);
        pool.giveBack(null);
        assertEquals(0, pool.keptCount(), "an array of another size is not kept");
        for (int i = 0; i < 3; i++) {
            pool.giveBack(new byte[PART]);
        }

        assertEquals(PartArrays.KEPT, pool.keptCount());
        assertEquals(PART, pool.take().length);
        assertEquals(PART, pool.take().length);
        assertEquals(null, pool.take(), "none left: the caller allocates its own");
    }

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i + 1);
        }
        return bytes;
    }
}

package org.cellpaintr.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.cellpaintr.engine.io.CsvLine;
import org.junit.jupiter.api.Test;

/** One line split as RFC 4180 says, on hand-written lines. */
class CsvLineTest {

    @Test
    void quotesHoldDelimitersAndDoubledQuotes() {
        assertEquals(List.of("a", "b,c", "say \"hi\"", ""), CsvLine.fields("a,\"b,c\",\"say \"\"hi\"\"\",", ','));
        assertEquals(List.of("x", "y z", "1"), CsvLine.fields("x\ty z\t1", '\t'));
        assertEquals(List.of(""), CsvLine.fields("", ','));
    }

    @Test
    void anUnclosedQuoteIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CsvLine.fields("a,\"b", ','));
    }
}

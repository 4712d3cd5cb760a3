package dev.chatsocket.ws.extension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Negotiation tables for RFC 7692 §7.1: each row is a request header and the response header
 * this server answers with, or {@code -} when it declines every offer (the connection then opens
 * without compression).
 */
class PerMessageDeflateNegotiatorTest {
    /** The defaults: no context takeover either way, 15-bit window. */
    private static final PerMessageDeflateNegotiator NO_CONTEXT = new PerMessageDeflateNegotiator(true, 15);
    /** Context takeover unless the client asks otherwise. */
    private static final PerMessageDeflateNegotiator CONTEXT = new PerMessageDeflateNegotiator(false, 15);
    /** No context takeover and a 10-bit window. */
    private static final PerMessageDeflateNegotiator SMALL_WINDOW = new PerMessageDeflateNegotiator(true, 10);

    private static String answer(PerMessageDeflateNegotiator negotiator, String... headers) {
        Optional<DeflateParameters> accepted = negotiator.negotiate(List.of(headers));
        return accepted.map(DeflateParameters::responseHeader).orElse("-");
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // What browsers send, and the plain offer.
            "permessage-deflate; client_max_window_bits | permessage-deflate; server_no_context_takeover; client_no_context_takeover",
            "permessage-deflate | permessage-deflate; server_no_context_takeover; client_no_context_takeover",
            "PerMessage-Deflate ;  Client_Max_Window_Bits | permessage-deflate; server_no_context_takeover; client_no_context_takeover",
            // Every parameter, with and without values.
            "permessage-deflate; server_no_context_takeover | permessage-deflate; server_no_context_takeover; client_no_context_takeover",
            "permessage-deflate; client_no_context_takeover | permessage-deflate; server_no_context_takeover; client_no_context_takeover",
            "permessage-deflate; server_max_window_bits=15 | permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=15",
            "permessage-deflate; server_max_window_bits=8 | permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=8",
            "permessage-deflate; server_max_window_bits=\"12\" | permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=12",
            "permessage-deflate; client_max_window_bits=8 | permessage-deflate; server_no_context_takeover; client_no_context_takeover",
            "permessage-deflate; client_max_window_bits=15 | permessage-deflate; server_no_context_takeover; client_no_context_takeover",
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9; client_max_window_bits=9 | permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9",
            // Declined: values where none belong, none where one is required, out of range, leading zeros.
            "permessage-deflate; server_no_context_takeover=1 | -",
            "permessage-deflate; client_no_context_takeover=true | -",
            "permessage-deflate; server_max_window_bits | -",
            "permessage-deflate; server_max_window_bits=7 | -",
            "permessage-deflate; server_max_window_bits=16 | -",
            "permessage-deflate; server_max_window_bits=08 | -",
            "permessage-deflate; server_max_window_bits=abc | -",
            "permessage-deflate; client_max_window_bits=7 | -",
            "permessage-deflate; client_max_window_bits=16 | -",
            "permessage-deflate; client_max_window_bits=\"\" | -",
            // Declined: duplicates and unknown parameters.
            "permessage-deflate; server_no_context_takeover; server_no_context_takeover | -",
            "permessage-deflate; client_max_window_bits; client_max_window_bits=10 | -",
            "permessage-deflate; server_max_window_bits=10; server_max_window_bits=10 | -",
            "permessage-deflate; mystery | -",
            "permessage-deflate; x-webkit=1 | -",
            // Malformed offers are declined, and the connection opens without compression.
            "permessage-deflate; | -",
            "permessage-deflate;; client_max_window_bits | -",
            "permessage-deflate; =15 | -",
            "permessage-deflate; server_max_window_bits=\"10 | -",
            "permessage-deflate; client_max_window_bits=1 0 | -",
            "per message deflate | -",
            "x-webkit-deflate-frame | -",
            "'' | -",
            // Several offers: the first acceptable one wins, declined ones before it are skipped.
            "permessage-deflate; mystery, permessage-deflate; client_max_window_bits | permessage-deflate; server_no_context_takeover; client_no_context_takeover",
            "permessage-deflate; server_max_window_bits=20, permessage-deflate; server_max_window_bits=10 | permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10",
            "x-webkit-deflate-frame, permessage-deflate | permessage-deflate; server_no_context_takeover; client_no_context_takeover",
            "foo; bar=\"a,b\", permessage-deflate | permessage-deflate; server_no_context_takeover; client_no_context_takeover",
            "permessage-deflate; server_max_window_bits=9, permessage-deflate | permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9",
    })
    void withNoContextTakeoverByDefault(String request, String response) {
        assertEquals(response, answer(NO_CONTEXT, request.equals("''") ? "" : request));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "permessage-deflate; client_max_window_bits | permessage-deflate",
            "permessage-deflate | permessage-deflate",
            "permessage-deflate; server_no_context_takeover | permessage-deflate; server_no_context_takeover",
            "permessage-deflate; client_no_context_takeover | permessage-deflate; client_no_context_takeover",
            "permessage-deflate; server_max_window_bits=15 | permessage-deflate; server_max_window_bits=15",
            // java.util.zip cannot compress with a window under 15 bits across messages: declined...
            "permessage-deflate; server_max_window_bits=10 | -",
            // ...unless each message is compressed on its own.
            "permessage-deflate; server_no_context_takeover; server_max_window_bits=10 | permessage-deflate; server_no_context_takeover; server_max_window_bits=10",
            "permessage-deflate; server_max_window_bits=10, permessage-deflate | permessage-deflate",
    })
    void withContextTakeoverAllowed(String request, String response) {
        assertEquals(response, answer(CONTEXT, request));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // A server may name server_max_window_bits even when not offered (§7.1.2.1)...
            "permessage-deflate; client_max_window_bits | permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10",
            // ...and answers with the smaller of the two values.
            "permessage-deflate; server_max_window_bits=12 | permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10",
            "permessage-deflate; server_max_window_bits=9 | permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9",
    })
    void withASmallerServerWindow(String request, String response) {
        assertEquals(response, answer(SMALL_WINDOW, request));
    }

    @Test
    void offersFromSeveralHeaderLinesAreOneList() {
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                answer(NO_CONTEXT, "permessage-deflate; bogus", "permessage-deflate"));
    }

    @Test
    void noHeaderMeansNoCompression() {
        assertEquals("-", answer(NO_CONTEXT));
    }
}
